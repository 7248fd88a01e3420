"""Bohai's recognizers: importing this package registers every one of them (one module each)."""

from __future__ import annotations

from privacy.recognizers import (  # noqa: F401  (imported to register)
    cn_bank_card,
    cn_landline,
    cn_mobile,
    cn_passport,
    cn_resident_id,
    cn_travel_permit,
    cn_uscc,
    cn_vehicle_plate,
    date_of_birth,
    email,
    en_address,
    en_name_list,
    en_person,
    intl_passport,
    intl_phone,
    intl_presidio,
    ip_address,
    medical_record,
    us_ssn,
    zh_address,
    zh_person,
)
from privacy.recognizers.base import BohaiRecognizer, register, registered

__all__ = ["BohaiRecognizer", "register", "registered"]
