"""E-mail (offline TLD check) and IPv4 / IPv6 addresses."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.email import BohaiEmailRecognizer
from privacy.detect.recognizers.generic.ip_address import IpAddressRecognizer

EMAIL = BohaiEmailRecognizer()
IP = IpAddressRecognizer()


def test_email_known_and_intranet_domains() -> None:
    (known,) = EMAIL.find(normalize("邮箱zhang.san@163.com。"))
    assert known.text == "zhang.san@163.com"
    (intranet,) = EMAIL.find(normalize("mail ops@plant.local"))
    assert intranet.score < known.score


def test_full_width_email() -> None:
    text = "邮箱：ｌｉ＠ｑｑ．ｃｏｍ"
    (span,) = EMAIL.find(normalize(text))
    assert text[span.start : span.end] == "ｌｉ＠ｑｑ．ｃｏｍ"


@pytest.mark.parametrize("ip", ["10.1.2.3", "192.168.0.254", "2001:db8::8a2e:370:7334", "fe80::1"])
def test_ip_addresses(ip: str) -> None:
    (span,) = IP.find(normalize(f"登录IP：{ip}。"))
    assert span.text == ip


@pytest.mark.parametrize(
    "text", ["时间 08:30:00", "版本 1.2.3", "压力 256.1.2.3", "12:05 到 13:30"]
)
def test_ip_negatives(text: str) -> None:
    assert IP.find(normalize(text)) == []
