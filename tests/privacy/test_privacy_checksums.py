"""Check-character validators against published examples and hand-checked values."""

from __future__ import annotations

from datetime import date

from privacy.detect.checksums import (
    luhn_check_digit,
    luhn_ok,
    plausible_birth_date,
    resident_id_check_char,
    resident_id_checksum_ok,
    resident_id_shape_ok,
    uscc_check_char,
    uscc_checksum_ok,
    uscc_shape_ok,
)


def test_resident_id_mod11_2() -> None:
    # The example printed in GB 11643-1999.
    assert resident_id_checksum_ok("11010519491231002X")
    assert resident_id_checksum_ok("11010519491231002x")
    assert not resident_id_checksum_ok("110105194912310021")
    assert resident_id_check_char("21020219900307231") == "1"


def test_resident_id_shape_needs_real_region_and_date() -> None:
    assert resident_id_shape_ok("110105194912310021")  # wrong check, right shape
    assert not resident_id_shape_ok("990105194912310021")  # no province 99
    assert not resident_id_shape_ok("110105194913310021")  # month 13
    assert resident_id_shape_ok("110105491231002")  # 15-digit legacy, born 1949-12-31
    assert not plausible_birth_date("18991231")
    assert not plausible_birth_date("20300101", today=date(2025, 1, 1))


def test_luhn() -> None:
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    payload = "622202123456789012"
    assert luhn_ok(payload + luhn_check_digit(payload))


def test_uscc_gb32100() -> None:
    assert uscc_checksum_ok("91350100M000100Y43")
    assert not uscc_checksum_ok("91350100M000100Y44")
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert uscc_shape_ok("91350100M000100Y44")
    assert not uscc_shape_ok("20240315001234567X")  # authority 2 with category 0, region 24
    assert not uscc_checksum_ok("91350100M000100I43")  # I is not in the alphabet
