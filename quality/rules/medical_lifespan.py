"""A patient cannot die before being born."""

import polars as pl

from quality.rules.base import RowRule, register


@register
class LifespanOrdered(RowRule):
    """Patients whose death date is before their birth date (params `birth`, `death`)."""

    name = "lifespan_ordered"
    scope = "row"  # each row is judged alone (against a parent table at most)

    def needed_columns(self) -> tuple[str, ...]:
        """Birth and death columns."""
        return (self.params.get("birth", "birth_date"), self.params.get("death", "death_date"))

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag rows where both dates are known and death precedes birth."""
        birth, death = self.needed_columns()
        bad = frame.filter(pl.col(death) < pl.col(birth))
        return bad.select(
            "_row", pl.format(f"{death} {{}} is before {birth} {{}}", death, birth).alias("detail")
        )
