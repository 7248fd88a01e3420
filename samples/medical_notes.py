"""Chinese and English clinical notes (JSON Lines) with planted personal data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from privacy.corpora.identifiers import EN_LAST, PiiFactory
from samples.medical_codes import Row
from samples.medical_population import SEED

DEMO_NOTES = 48
ZH_CASES = (
    ("反复胸闷气短3天", "冠状动脉粥样硬化性心脏病，不稳定型心绞痛",
     "予阿司匹林100mg qd、阿托伐他汀20mg qn，择期冠脉造影"),
    ("咳嗽咳痰伴发热2天", "社区获得性肺炎", "予头孢曲松2g静滴qd，复查血常规及胸片"),
    ("多饮多尿伴体重下降1月", "2型糖尿病", "予二甲双胍0.5g tid，糖尿病饮食教育，监测血糖"),
    ("右下腹疼痛6小时", "急性阑尾炎", "急诊行腹腔镜阑尾切除术，术后抗感染治疗"),
    ("头晕头痛1周", "原发性高血压2级", "予氨氯地平5mg qd，低盐饮食，家庭自测血压"),
)  # fmt: skip
EN_CASES = (
    ("chest pain radiating to the left arm", "NSTEMI",
     "aspirin 300 mg loading dose, cardiology consult"),
    ("productive cough and fever for 3 days", "community-acquired pneumonia",
     "ceftriaxone 1 g IV daily, repeat chest X-ray in 48 h"),
    ("polyuria and fatigue", "type 2 diabetes mellitus",
     "metformin 500 mg twice daily, diet counselling"),
    ("sudden onset headache", "hypertensive urgency",
     "amlodipine 5 mg daily, recheck BP in 1 week"),
)  # fmt: skip
ZH_TYPES = ("入院记录", "出院小结", "门诊病历")
EN_TYPES = ("admission", "discharge", "progress")
# Lines of the notes sample that are deliberately unusable (reason codes of the connector).
PLANTED_NOTES = ("malformed_json", "missing_required_field", "blank_line")


@dataclass(slots=True)
class NoteRecord:
    """One generated note and the personal data planted in its text."""

    record: Row
    planted: list[str]


def _zh_note(f: PiiFactory, index: int) -> NoteRecord:
    """A Chinese note with a patient, relative, doctor, ID, MRN, phones and address."""
    r = f.rng
    born = f.birth_date()
    name, relative, doctor = f.zh_name(), f.zh_name(), f.zh_name()
    address, _area, region, _plate = f.zh_address()
    rid, mrn, mobile, mobile2 = f.resident_id(born, region), f.mrn(), f.mobile(), f.mobile()
    complaint, diagnosis, plan = r.choice(ZH_CASES)
    seen = date(2024, 1, 1) + timedelta(days=r.randrange(0, 180))
    text = (
        f"患者{name}，{r.choice('男女')}，{seen.year - born.year}岁，身份证号{rid}，住院号{mrn}。"
        f"主诉：{complaint}。查体：体温{r.uniform(36.2, 38.9):.1f}℃，"
        f"脉搏{r.randrange(62, 118)}次/分，"
        f"血压{r.randrange(105, 165)}/{r.randrange(62, 98)}mmHg。诊断：{diagnosis}。处理：{plan}。"
        f"联系电话：{mobile}。家属：{relative}，电话：{mobile2}。现住址：{address}。主治医师：{doctor}。"
    )
    record = {"note_id": f"N{index:05d}", "patient_id": mrn, "note_date": seen.isoformat(),
              "language": "zh", "note_type": r.choice(ZH_TYPES), "text": text}  # fmt: skip
    return NoteRecord(record, [name, relative, doctor, rid, mrn, mobile, mobile2, address])


def _en_note(f: PiiFactory, index: int) -> NoteRecord:
    """An English note with a name, DOB, MRN, Chinese ID and mobile."""
    r = f.rng
    born = f.birth_date()
    name, doctor = f.en_name(), r.choice(EN_LAST)
    mrn, mobile, rid = f.mrn(), f.mobile(), f.resident_id(born, "210202")
    complaint, diagnosis, plan = r.choice(EN_CASES)
    seen = date(2024, 1, 1) + timedelta(days=r.randrange(0, 180))
    text = (
        f"Patient {name}, DOB: {born:%Y-%m-%d}, MRN: {mrn}, presented with "
        f"{complaint}. T {r.uniform(36.2, 38.9):.1f} C, HR {r.randrange(62, 118)}, "
        f"BP {r.randrange(105, 165)}/{r.randrange(62, 98)} mmHg. Assessment: {diagnosis}. "
        f"Plan: {plan}. Chinese ID card {rid}. Contact mobile {mobile}. Seen by Dr. {doctor}."
    )
    record = {"note_id": f"N{index:05d}", "patient_id": mrn, "note_date": seen.isoformat(),
              "lang": "en", "type": r.choice(EN_TYPES), "text": text}  # fmt: skip
    return NoteRecord(record, [name, f"{born:%Y-%m-%d}", mrn, rid, mobile, doctor])


def clinical_notes(n: int = DEMO_NOTES, seed: int = SEED) -> list[NoteRecord]:
    """`n` notes, two Chinese for each English one, with their planted personal data."""
    f = PiiFactory(seed, messy=0.0)
    return [(_en_note if i % 3 == 2 else _zh_note)(f, i) for i in range(n)]


def note_lines(n: int = DEMO_NOTES, seed: int = SEED) -> tuple[list[str], list[NoteRecord]]:
    """JSON Lines of the notes, with the PLANTED_NOTES lines placed among them."""
    notes = clinical_notes(n, seed)
    lines = [json.dumps(note.record, ensure_ascii=False) for note in notes]
    lines.insert(3, '{"note_id": "N-BROKEN", "text": "未闭合的记录')
    lines.insert(7, json.dumps({"note_id": "N-EMPTY", "language": "zh", "text": "  "}))
    lines.insert(11, "")
    return lines, notes
