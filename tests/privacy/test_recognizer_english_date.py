"""Month-and-day dates in English forms are DATE; years, fractions, ratios, doses, times are not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from privacy.deid.policy import ColumnPolicy, apply_policies
from privacy.detect.entities import DATE, DATE_OF_BIRTH
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.english_date import EnglishDateRecognizer

DATES = EnglishDateRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("admitted 10/02/2026 with chest pain", "10/02/2026"),
        ("seen 10-02-2026 in clinic", "10-02-2026"),
        ("Discharged 2026-11-20 to home", "2026-11-20"),
        ("on November 12, 2026 without complication", "November 12, 2026"),
        ("follow-up Nov 12 in clinic", "Nov 12"),
        ("Nov. 12th, 2026", "Nov. 12th, 2026"),
        ("biopsy 12 Nov 2026 showed", "12 Nov 2026"),
        ("surgery on the 3rd of March", "3rd of March"),
        ("On 08/21/03, she was taken to the OR", "08/21/03"),
        ("EDC of 30/08/2003 by ultrasound", "30/08/2003"),  # day first
        ("Admitted on 2023-01-22 23:07 with fever", "2023-01-22 23:07"),
        ("Date: 2003-08-28 12:13:52 Name: Sieda Batukayev", "2003-08-28 12:13:52"),
        ("SEEN NOV 12 2026", "NOV 12 2026"),
        ("Feb 29", "Feb 29"),
    ],
)
def test_dates_found(text: str, found: str) -> None:
    (span,) = DATES.find(normalize(text))
    assert span.entity_type == DATE
    assert span.text == found == text[span.start : span.end]


@pytest.mark.parametrize(
    "text",
    [
        "He underwent fundoplication in 2019 and again in March 2021",  # year, month-year
        "2/3 of patients respond; take 1/2 tab; 1-1/2 inch needle",  # fractions
        "Blood pressure 120/80, aorta 185/54",  # pressures
        "Strength 3/5, pain score 7/10",  # scores
        "Closed with 4-0 Vicryl, G-2, P-2-0-0-2, 3-1/2-4 mm from the lid",  # sutures, obstetrics
        "version 1.2.3 released at 10:30; ratio 1:200,000",  # versions, times, ratios
        "Term pregnancy at 40 and 3/7th weeks",
        "You may 5 times a day use it; may 12 be enough",  # the verb, lower-case
        "Nov 31 and 02/30/2026 are no days",  # impossible dates
        "患者于2026-11-12行手术，时间2024-03-15 08:00",  # ISO in Chinese text: not this one's
        "March 2 mg",
        "2023-01-22 23:07 Vessel Ocean Star berthed at Dayaowan terminal",  # a log's timestamp
    ],
)
def test_not_dates(text: str) -> None:
    assert DATES.find(normalize(text)) == []


def test_real_mtsamples_dates_are_exactly_the_ones_left_in(
    shared_file: Callable[[str], Path],
) -> None:
    """The MTSamples slice holds six dates its publisher left (an EDC, surgeries, a dialysis);
    they are found and nothing else among its sutures, fractions and pressures is."""
    from bench.pii_clinical import load_mtsamples

    notes = load_mtsamples(shared_file("medical/mtsamples_slice_72rows.csv"))
    hits = sorted(s.text for t in notes for s in DATES.find(normalize(t)))
    assert hits == [
        "01/12/06",
        "04/07/1988",
        "08/21/03",
        "08/30/2003",
        "12/04/1987",
        "June 22, 2007",
    ]


def test_a_scan_policy_masks_english_dates_and_keeps_the_birth_date_typed() -> None:
    """The default scan policy replaces the dates; the birth date stays DATE_OF_BIRTH."""
    pytest.importorskip("privacy.detect.scanner", reason="detection engine not installed")
    note = (
        "Born March 12, 1932. Admitted on 10/02/2026, surgery on November 12, 2026, "
        "discharged 2026-11-20; BP 120/80, 1/2 tab daily since 2019."
    )
    policy = ColumnPolicy.model_validate({"category": "sensitive", "policy": "scan"})
    out, treatments = apply_policies(pl.LazyFrame({"note": [note]}), {"note": policy}, b"k" * 32)
    assert out.collect()["note"].to_list() == [
        f"Born <{DATE_OF_BIRTH}>. Admitted on <{DATE}>, surgery on <{DATE}>, "
        f"discharged <{DATE}>; BP 120/80, 1/2 tab daily since 2019."
    ]
    assert treatments[0].detail["spans_replaced_by_entity"] == {DATE: 3, DATE_OF_BIRTH: 1}


def test_a_month_that_is_also_a_name_is_typed_as_the_date() -> None:
    from privacy.detect.engine import shared_engine
    from privacy.detect.scanner import Scanner

    text = "Seen in clinic on Jun. 25, 2021 for follow-up."
    (spans,) = Scanner(shared_engine()).scan([text], "en")
    assert [(s.entity_type, text[s.start : s.end]) for s in spans] == [("DATE", "Jun. 25, 2021")]
