"""Referential integrity: a row pointing at a record of another table that does not exist."""

import polars as pl

from quality.rules.base import RowRule, register


@register
class References(RowRule):
    """Rows whose `column` value is missing from `table`.`key` (e.g. an encounter's patient)."""

    name = "references"
    scope = "row"  # each row is judged alone (against a parent table at most)

    def needed_columns(self) -> tuple[str, ...]:
        """The referencing column named in the params."""
        return (self.params["column"],)

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag non-null references with no match in the referenced table."""
        column, table = self.params["column"], self.params["table"]
        key = self.params.get("key", "id")
        if table not in self.related:
            raise KeyError(f"references: table {table!r} is not available to this dataset")
        keys = self.related_frame(
            f"{table}.{key}", self.related[table].select(pl.col(key).alias(column)).unique()
        )
        orphans = frame.filter(pl.col(column).is_not_null()).join(keys, on=column, how="anti")
        return orphans.select(
            "_row", pl.format(f"{column} {{}} has no row in {table}.{key}", column).alias("detail")
        )
