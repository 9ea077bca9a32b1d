"""Tests for pipeline.fields.approval: approval-timeline lines to step, body and date (made-up lines)."""

import pytest

from pipeline.fields.approval import parse_approval_step


@pytest.mark.parametrize(
    "text, step, body, date",
    [
        ("Obravnava osnutka LDN Svet Mreže Alfa, oktober 2030", "Obravnava osnutka LDN", "Svet Mreže Alfa", "2030-10"),
        ("Pregled predloga Strokovnega sveta Zavoda Beta, januarja 2031", "Pregled predloga",
         "Strokovnega sveta Zavoda Beta", "2031-01"),
        ("Obravnava osnutka LDN 2031 – Klub Gama – on-line, december 2030", "Obravnava osnutka LDN 2031",
         "Klub Gama", "2030-12"),
        ("Sprejetje programa Upravni odbor društva, 15. 2. 2031", "Sprejetje programa", "Upravni odbor društva",
         "2031-02"),
        ("Potrditev LDN na seji Skupščine zveze, 03/2031", "Potrditev LDN na seji", "Skupščine zveze", "2031-03"),
        ("Svet zavoda – sprejem LDN, maj 2031", "sprejem LDN", "Svet zavoda", "2031-05"),
        ("Objava LDN 2031 na spletni strani zavoda, april 2031", "Objava LDN 2031 na spletni strani zavoda",
         None, "2031-04"),
        ("Objava dokumenta na spletni strani", "Objava dokumenta na spletni strani", None, None),
    ],
)
def test_approval_step_body_date(text, step, body, date):
    parsed = parse_approval_step(text)
    assert (parsed.step, parsed.body, parsed.date) == (step, body, date)
    assert parsed.raw == text


def test_approval_empty_line_is_none():
    assert parse_approval_step("   ") is None
