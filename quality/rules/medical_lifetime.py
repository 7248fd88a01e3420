"""Clinical events happen inside a life: birth <= start <= stop <= death, per patient."""

import polars as pl

from quality.rules.base import RowRule, register


def _day(column: str) -> pl.Expr:
    """The column as a calendar day (datetimes compared by their UTC date)."""
    return pl.col(column).cast(pl.Date)


def _shown(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A date or UTC timestamp as ISO text for the quarantine detail."""
    if isinstance(frame.schema[column], pl.Datetime):
        return pl.col(column).dt.to_string("%Y-%m-%dT%H:%M:%SZ")
    return pl.col(column).cast(pl.String)


@register
class WithinLifetime(RowRule):
    """Rows of an event table that end before they start, start before birth or end after death.

    Params: `start` (required) and `stop` event columns, `patient` column (patient_id), and the
    patients `table`, `key`, `birth` and `death` columns (patients, patient_id, birth_date,
    death_date). Days are compared, so an encounter on the day of death is inside the life.
    Rows whose patient is unknown are left to the `references` rule.
    """

    name = "within_lifetime"
    scope = "row"  # each row is judged alone (against a parent table at most)

    def needed_columns(self) -> tuple[str, ...]:
        """Event start (and stop) plus the patient column."""
        stop = self.params.get("stop")
        return (
            self.params["start"],
            *([stop] if stop else []),
            self.params.get("patient", "patient_id"),
        )

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Join each event to its patient's birth and death and test the order of the four."""
        start, stop = self.params["start"], self.params.get("stop")
        patient = self.params.get("patient", "patient_id")
        table = self.params.get("table", "patients")
        key = self.params.get("key", "patient_id")
        birth = self.params.get("birth", "birth_date")
        death = self.params.get("death", "death_date")
        if table not in self.related:
            raise KeyError(f"within_lifetime: table {table!r} is not available to this dataset")
        lives = self.related_frame(
            f"{table}.{key}",
            self.related[table]
            .select(
                pl.col(key).alias(patient),
                _day(birth).alias("_birth"),
                _day(death).alias("_death"),
            )
            .unique(patient),
        )
        events = frame.join(lives, on=patient, how="left")
        begin = _day(start)
        end = _day(stop) if stop else begin
        before = begin < pl.col("_birth")
        after = pl.coalesce(end, begin) > pl.col("_death")
        detail = (
            pl.when(before)
            .then(pl.format(f"{start} {{}} is before birth {{}}", begin, "_birth"))
            .otherwise(pl.format("event ends {} after death {}", pl.coalesce(end, begin), "_death"))
        )
        reversed_ = pl.lit(False)
        if stop:
            reversed_ = pl.col(stop) < pl.col(start)
            shown = [_shown(frame, c) for c in (stop, start)]
            message = pl.format(f"{stop} {{}} is before {start} {{}}", *shown)
            detail = pl.when(reversed_).then(message).otherwise(detail)
        bad = events.filter(
            reversed_.fill_null(False) | before.fill_null(False) | after.fill_null(False)
        )
        return bad.select("_row", detail.alias("detail"))
