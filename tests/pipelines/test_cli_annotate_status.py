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


def test_the_pull_line_counts_adjudications_apart_and_records_without_gold() -> None:
    # trial10: "21 annotations by 2 annotator(s) on 10 records" counted the admin's two
    # adjudications as annotations and did not say that one record had no gold label yet
    from types import SimpleNamespace

    import polars as pl

    from annotation.agreement import AgreementReport
    from pipelines.commands.annotate import pull_summary

    labels = pl.DataFrame(
        {
            "record_key": ["a", "a", "b", "b", "c", "b"],
            "annotator": ["li", "wang", "li", "wang", "li", "adjudicator"],
        }
    )
    report = AgreementReport(
        method="span_f1",
        overall=0.889,
        per_label={},
        observed=None,
        annotators=2,
        tasks_compared=2,
        threshold=0.7,
        tasks=pl.DataFrame({"record_key": ["a", "b"], "flagged": [False, False]}),
        gold=pl.DataFrame({"record_key": ["a", "b"]}),
    )
    line = pull_summary(
        SimpleNamespace(report=report, labels=labels), SimpleNamespace(agreement_threshold=0.7)
    )
    assert line.startswith("5 annotations by 2 annotator(s) and 1 adjudication(s) on 3 records")
    assert "2 with a gold label; span_f1 0.889 (threshold 0.7); 0 flagged" in line
