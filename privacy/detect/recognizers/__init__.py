"""Bohai's recognizers, grouped the Presidio way (generic/, country_specific/<country>/, nlp/):
importing this package registers every one of them (one module each)."""

from __future__ import annotations

from privacy.detect.recognizers.base import BohaiRecognizer, register, registered
from privacy.detect.recognizers.country_specific.china import (  # noqa: F401  (registers)
    cn_bank_card,
    cn_landline,
    cn_mobile,
    cn_passport,
    cn_qq,
    cn_resident_id,
    cn_travel_permit,
    cn_uscc,
    cn_vehicle_plate,
    cn_wechat_id,
)
from privacy.detect.recognizers.country_specific.us import us_ssn  # noqa: F401
from privacy.detect.recognizers.generic import (  # noqa: F401  (registers)
    age_over_89,
    date_of_birth,
    email,
    english_date,
    ip_address,
    medical_record,
    passport,
    phone,
    postal_code,
    presidio_checksummed,
    social_handle,
    treatment_date,
)
from privacy.detect.recognizers.nlp import (  # noqa: F401  (registers)
    en_address,
    en_name_list,
    en_person,
    zh_address,
    zh_person,
)

__all__ = ["BohaiRecognizer", "register", "registered"]
