"""Number repair never damages a correct reading, and flags the readings it changed.

Formats from the letters offices really send: regency (``600/147/PUPR/I/2024``), decrees
(``000.8.3.3/15/OR``), courts (``W21-A15``, ``HK2.6``), ministries (``B-123/Kw.17.1/...``),
universities (``UN14.4.A``), community organisations (``PW-NU``), unit-number compounds
(``1642-DISHUB``, ``807-DPKP``).
"""
from __future__ import annotations

import pytest

from ingest.fields import extract_fields
from ingest.fields_nomor import repair_nomor

CORRECT_NUMBERS = [
    "600/147/PUPR/I/2024", "000.8.3.3/15/OR", "045/123/DISDIK/VII/2025", "800/BKPSDM-MUT/215/2024",
    "B-12/Bag.Org/2024", "1234/KPA.W21-A15/HK2.6/IX/2024", "027/27/PAN.PA.W21-A15/HK2.6/X/2024",
    "500.11.1/1642-DISHUB/2021", "600/807-DPKP/2023", "B-123/Kw.17.1/KP.07.6/01/2024",
    "1234/UN14.4.A/PP/2024", "B/123/UN1.P/TU.00.01/2024", "045/PW-NU/A.II/I/2024",
    "12/SK/DPD-KNPI/V/2024", "188.4/123/KPTS/2024", "W-21/HK.01/2024", "421.2/SD-05/2024",
    "800.1.2/0123/BKPSDM/III/2024", "005/77/DISDIK/2024", "100.3.4/2591/SETDA-PEM/XI/2023",
]


@pytest.mark.parametrize("number", CORRECT_NUMBERS)
def test_a_correct_number_comes_out_unchanged_and_unflagged(number):
    assert repair_nomor(number) == (number, False)
    result = extract_fields([f"DINAS X\n\nNomor : {number}\nSifat : Biasa\nHal : Uji\n"])
    assert result["nomor"].value == number


@pytest.mark.parametrize("read,printed", [
    ("6OO/l47/PUPR/l/2O24", "600/147/PUPR/I/2024"),
    ("045/123/D1SDIK/VII/2025", "045/123/DISDIK/VII/2025"),
    ("500.11.1/I642-DI5HUB/2021", "500.11.1/1642-DISHUB/2021"),
])
def test_a_slip_is_repaired_and_flagged_for_review(read, printed):
    assert repair_nomor(read) == (printed, True)
    result = extract_fields([f"DINAS X\n\nNomor : {read}\nSifat : Biasa\nHal : Uji\n"])
    assert result["nomor"].value == printed and result["nomor"].review is True


def test_spacing_alone_is_not_a_repair():
    assert repair_nomor("600 / 147 / PUPR / I / 2024") == ("600/147/PUPR/I/2024", False)
