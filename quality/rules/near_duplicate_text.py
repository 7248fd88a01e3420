"""A note copied or lightly edited from an earlier record adds no information, only weight."""

from typing import Any

import polars as pl

from quality.near_duplicates import DedupConfig, find_duplicates
from quality.rules.base import RowRule, register


@register
class NearDuplicateText(RowRule):
    """Rows whose text repeats an earlier row's, exactly or at character n-gram Jaccard >= t.

    Params: `column` (required), `threshold` (0.8), `ngram` (3: suits Chinese; 5 for long
    English prose), `num_perm` (128), `min_chars` (20: short stock phrases such as "无" or
    "normal" are not duplicates worth removing).
    """

    name = "near_duplicate_text"

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        if not isinstance(params.get("column"), str):
            raise ValueError("near_duplicate_text needs params.column naming a text column")
        self.column: str = params["column"]
        self.config = DedupConfig(
            threshold=float(params.get("threshold", 0.8)),
            ngram=int(params.get("ngram", 3)),
            num_perm=int(params.get("num_perm", 128)),
            min_chars=int(params.get("min_chars", 20)),
        )

    def needed_columns(self) -> tuple[str, ...]:
        """The text column, and where each record came from (to name the earlier copy)."""
        return (self.column, "source_file", "source_line")

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Each later copy names the earlier record it repeats and how similar it is."""
        ordered = frame.sort("_row")
        rows = ordered["_row"].to_list()
        where = [f"{f}:{n}" for f, n in ordered.select("source_file", "source_line").iter_rows()]
        matches = find_duplicates(ordered[self.column].cast(pl.String).to_list(), self.config)
        return pl.DataFrame(
            {
                "_row": [rows[m.index] for m in matches],
                "detail": [
                    f"{self.column} copies the record at {where[m.of]}"
                    if m.kind == "exact"
                    else f"{self.column} nearly copies the record at {where[m.of]} "
                    f"(Jaccard ~{m.similarity:.2f})"
                    for m in matches
                ],
            },
            schema={"_row": frame.schema["_row"], "detail": pl.String},
        )
