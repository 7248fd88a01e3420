"""`bohai annotate status` keeps its figures whole on a narrow terminal."""

from __future__ import annotations

from rich.console import Console

from pipelines.commands.annotate import status_table


def test_the_agreement_figure_is_never_cut_at_80_columns() -> None:
    # trial10: at 80 columns the row read "span_f1 0…" and "wang.fan…": every column was no_wrap
    console = Console(width=80, record=True)
    row = ("medical/clinical_notes_dalian", "14", "adjudicator 2, li.wei 14, wang.fang 13")
    console.print(status_table([(*row, "span_f1 0.93", "0")]))
    shown = console.export_text()
    assert "span_f1 0.93" in shown and "…" not in shown
    assert "wang.fang" in shown and "li.wei 14" in shown
