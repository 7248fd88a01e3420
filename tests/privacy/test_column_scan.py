"""Column policy proposals from names, value shapes and the detection engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from privacy.detect.column_scan import about_people, propose_policy
from privacy.detect.scanner import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    """One engine for the module (building it loads spaCy)."""
    return Scanner()


def test_shapes_decide_whatever_the_column_is_called(scanner: Scanner) -> None:
    mmsi = pl.Series(["367752440", "636021061", "440058000", "368070660"] * 5)
    got = propose_policy(scanner, "col_7", mmsi)
    assert got is not None and (got.category, got.policy) == ("identifier", "pseudonym")
    assert got.params == {"domain": "mmsi"}
    assert "100% of sampled values are valid MMSIs" in got.evidence
    ssn = pl.Series(["999-17-5017", "999-50-8136", None, "999-11-2222"])
    got = propose_policy(scanner, "x", ssn)
    assert got is not None and (got.category, got.policy) == ("identifier", "drop")
    imo = propose_policy(scanner, "ref", pl.Series(["IMO9307839", "IMO9203588", "IMO9074729"]))
    assert imo is not None and imo.params == {"domain": "imo"}


def test_engine_hits_on_an_unnamed_column(scanner: Scanner) -> None:
    names = pl.Series(["John Smith", "Mary Johnson", "Robert Brown", "Linda Davis", "James Wilson"])
    got = propose_policy(scanner, "col_b", names)
    assert got is not None and got.policy == "drop" and "PERSON" in got.evidence
    units = pl.Series(["Miles Per Hour", "Knots", "Miles Per Hour"] * 30)
    assert propose_policy(scanner, "wind_units", units) is None


def test_nothing_personal_gives_no_proposal(scanner: Scanner) -> None:
    assert propose_policy(scanner, "sog", pl.Series([1.5, 2.0, 0.0])) is None
    assert propose_policy(scanner, "status", pl.Series(["open", "closed"] * 10)) is None


def test_real_synthea_patients(scanner: Scanner, shared_file: Callable[[str], Path]) -> None:
    frame = pl.read_csv(shared_file("medical/synthea/patients.csv"), infer_schema=False)
    frame = frame.rename({"Id": "patient_id", "FIRST": "first_name", "ADDRESS": "address",
                          "SSN": "ssn", "CITY": "city"})  # fmt: skip
    people = about_people(frame.columns)
    assert people
    got = {c: propose_policy(scanner, c, frame.get_column(c), people) for c in frame.columns}
    for column, category in (("ssn", "identifier"), ("first_name", "identifier"),
                             ("address", "identifier"), ("patient_id", "identifier")):  # fmt: skip
        proposal = got[column]
        assert proposal is not None and proposal.category == category and proposal.policy
        assert proposal.evidence
    assert got["city"] is not None and got["city"].category == "quasi_identifier"


def test_free_text_with_names_inside_sentences_is_scanned(scanner: Scanner) -> None:
    """A note names people inside sentences: no hit covers 60% of a value, yet it is personal."""
    notes = pl.Series(
        [
            "患者李秀英自诉头痛三天，家属赵敏陪同来诊，建议复查血常规。",
            "Patient seen by Dr. Emily Carter today, follow-up in two weeks for blood pressure.",
            "家属王建国电话13812345678，已告知手术风险并签字同意。",
            "血压控制良好，继续口服药物治疗，两周后门诊复查。",
            "No complaints today, wound healing well, dressing changed and reviewed again.",
            "患者诉夜间咳嗽加重，听诊双肺呼吸音粗，予以雾化吸入治疗。",
        ]
        * 4
    )
    got = propose_policy(scanner, "note", notes)
    assert got is not None and got.policy == "scan", got
    assert "free text" in got.evidence and "PERSON" in got.evidence


def test_free_text_without_personal_data_gets_no_policy(scanner: Scanner) -> None:
    diagnoses = pl.Series(
        [
            "血压控制良好，继续口服药物治疗，两周后门诊复查。",
            "No complaints today, wound healing well, dressing changed and reviewed again.",
            "患者诉夜间咳嗽加重，听诊双肺呼吸音粗，予以雾化吸入治疗。",
            "Type 2 diabetes mellitus with good glycaemic control on current metformin dose.",
            "慢性胃炎，建议规律饮食，避免辛辣刺激食物，必要时复诊。",
        ]
        * 4
    )
    assert propose_policy(scanner, "diagnosis_text", diagnoses) is None


def test_short_values_holding_names_are_scanned(scanner: Scanner) -> None:
    """Under 20 characters and no sentence, yet each value holds a person: scan, not keep."""
    operators = pl.Series(
        [
            "王建华、李红梅、欧阳振宇",
            "李红梅、刘洋",
            "阿迪力·吾斯曼、王建华",
            "欧阳振宇、马晓东、刘洋",
            "马晓东、李红梅",
            "刘洋、王建华",
        ]
        * 4  # fmt: skip
    )
    casualties = pl.Series(
        ["刘红梅，男，50岁", "吴建国，男，32岁", "张丽，女，41岁", "赵强，男，27岁"]
        + ["周芳，女，36岁"]
    )
    for column, values in (("在场人员", operators), ("伤者情况", casualties)):
        got = propose_policy(scanner, column, values)
        assert got is not None and got.policy == "scan", (column, got)
        assert "PERSON" in got.evidence and "inside" in got.evidence


def test_short_codes_without_people_stay_unproposed(scanner: Scanner) -> None:
    shifts = pl.Series(["早班", "中班", "夜班"] * 10)
    tags = pl.Series(["TI-203", "FIC-101", "P-102B", "LI-305", "PI-110", "TI-204"] * 5)
    outcomes = pl.Series(["已处理", "待复查", "已上报安监", "转维修班", "已关闭", "观察中"] * 5)
    for column, values in (("班次", shifts), ("tag", tags), ("处置结果", outcomes)):
        assert propose_policy(scanner, column, values) is None, column


def test_a_place_inside_a_plant_tag_is_no_reason_to_scan(scanner: Scanner) -> None:
    """trial10: 常压塔 read as a place made `tag` scanned, releasing <LOCATION>顶压力.PV."""
    tags = ["常压塔顶压力.PV", "FIC-1101.PV", "TI-1203.PV", "LIC-1305.PV", "PIC-1407.PV"]
    assert propose_policy(scanner, "tag", pl.Series(tags * 6)) is None
    # in a table about people a place inside a value may be part of a home address: scanned
    got = propose_policy(scanner, "tag", pl.Series(tags * 6), about_people=True)
    assert got is not None and got.policy == "scan" and "LOCATION" in got.evidence


def test_record_numbers_staff_ages_and_chinese_demographics_by_column_name(
    scanner: Scanner,
) -> None:
    mrn = propose_policy(scanner, "MRN".lower(), pl.Series([236119, 170493, 236119] * 7))
    assert mrn is not None and (mrn.category, mrn.policy) == ("identifier", "pseudonym")
    assert about_people(["mrn", "visit_date"]) and about_people(["病历号", "就诊日期"])
    assert not about_people(["mmsi", "imo", "base_date_time"])
    # trial12: a HIS export's patient keys (P1001...) were released in clear
    keys = pl.Series([f"P{1001 + i}" for i in range(20)])
    for name in ("患者编号", "患者ID".lower(), "登记号", "病人编号", "就诊号", "健康档案号"):
        got = propose_policy(scanner, name, keys)
        assert got is not None and (got.policy, got.params) == ("pseudonym", {"domain": "patient"})
        assert about_people([name, "就诊日期"]), name
    assert propose_policy(scanner, "设备登记号", keys) is None
    for name in ("attending", "接诊医生", "责任护士"):
        got = propose_policy(scanner, name, pl.Series(["Dr. Smith", "RN Moore", "王建华"] * 7))
        assert got is not None and got.policy == "pseudonym", name
    for name in ("age", "年龄"):
        got = propose_policy(scanner, name, pl.Series([34, 91, 58, 77, 95] * 5))
        assert got is not None and got.params == {"params": {"kind": "age", "band": 5}}, name
    for name in ("性别", "民族"):
        got = propose_policy(scanner, name, pl.Series(["男", "女", "汉族"] * 7))
        assert got is not None and got.category == "quasi_identifier", name


def test_document_middle_names_and_dates_that_are_no_birthdays_by_column_name(
    scanner: Scanner,
) -> None:
    """Synthea's DRIVERS (licence numbers) and MIDDLE are dropped; 发生日期 (when an incident
    happened) is no birth date, 出生年月 and 生日 are."""
    licences = pl.Series(["S99994942", "S99912345", None] * 7)
    for name in ("drivers", "drivers_license", "licence_no", "驾驶证号"):
        got = propose_policy(scanner, name, licences)
        assert got is not None and (got.category, got.policy) == ("identifier", "drop"), name
    middle = propose_policy(scanner, "middle", pl.Series(["Ann", "Lee", "Marie"] * 7))
    assert middle is not None and middle.policy == "drop"
    days = pl.Series(["2026-03-05", "2026-03-07", "2026-03-09"] * 7)
    for name in ("发生日期", "事件发生日期", "产生日期"):
        got = propose_policy(scanner, name, days)
        assert got is None or got.params.get("params", {}).get("kind") != "birth_date", name
    for name in ("出生年月", "生日", "患者生日"):
        got = propose_policy(scanner, name, days)
        assert got is not None and got.params["params"]["kind"] == "birth_date", name
