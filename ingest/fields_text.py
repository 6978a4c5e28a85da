"""Text helpers for field extraction: OCR character repair, fuzzy words, dates, title case."""
from __future__ import annotations

import re
from datetime import date

MONTHS = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
          "oktober", "november", "desember"]
MONTH_ALIASES = {"pebruari": 2, "nopember": 11, "agust": 8, "okt": 10, "des": 12, "jan": 1, "feb": 2,
                 "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "sep": 9, "sept": 9, "nov": 11}
WEEKDAYS = {"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad"}
SMALL_WORDS = {"dan", "di", "ke", "dari", "untuk", "yang", "atas", "pada", "serta", "dalam", "tentang",
               "atau", "bagi", "oleh", "se", "s.d."}
ACRONYMS = {"ASN", "PNS", "RKPD", "APBD", "OPD", "UMKM", "BPJS", "TPP", "SPPD", "SOP", "DPRD", "RSUD",
            "PPPK", "SPIP", "SAKIP", "SPBE", "TIK", "LKPJ", "PBB", "KTP", "UPTD", "II", "III", "IV", "TK",
            "SD", "SMP", "SMA", "PAUD", "CPNS", "DAK", "DAU", "PKK", "JRA", "BUMD", "RT", "RW", "OPD"}

TO_DIGIT = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "I": "1", "i": "1", "|": "1",
                          "!": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "b": "6",
                          "g": "9", "q": "9", "T": "7"})
TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "|": "I"})
DIGITISH = set("0123456789OoQDlIi|!SsBZzGbgqT")


def digits(text: str) -> str:
    """Read OCR'd characters as the digits they stand for (O->0, l->1, S->5, ...)."""
    return text.translate(TO_DIGIT)


def looks_numeric(token: str) -> bool:
    """A token meant as a number: at least one real digit and only digit look-alikes besides."""
    return bool(token) and any(c.isdigit() for c in token) and all(c in DIGITISH for c in token)


def squash(text: str) -> str:
    return " ".join(text.split())


def drop_debris(text: str) -> str:
    """Remove lone symbols OCR makes of specks ("Desa ©;", "2024 °") and a trailing stray digit."""
    words = [w for w in text.split() if not (len(w.rstrip(";,")) == 1 and not w[0].isalnum() and w[0] not in "&-/")]
    text = " ".join(words)
    text = re.sub(r"(\w)\s+([;,])", r"\1\2", text)
    return re.sub(r"(?:\s+[^\sA-Za-z])+$", "", text)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def fuzzy_equal(word: str, target: str) -> bool:
    """OCR-tolerant word equality: one error in short words, two in long ones."""
    word = word.lower().translate(str.maketrans("0158|", "oisbl"))
    if "rn" in word and "rn" not in target:
        word = word.replace("rn", "m")
    allowed = 0 if len(target) <= 3 else 1 if len(target) <= 9 else 2
    return edit_distance(word, target, allowed) <= allowed


def month_number(word: str) -> int | None:
    clean = re.sub(r"[^a-z]", "", word.lower().translate(str.maketrans("0158|", "oisbl")))
    if not clean:
        return None
    if clean in MONTHS:
        return MONTHS.index(clean) + 1
    if clean in MONTH_ALIASES:
        return MONTH_ALIASES[clean]
    if len(clean) >= 3:
        for number, name in enumerate(MONTHS, 1):
            if edit_distance(clean, name, 2) <= (1 if len(name) <= 5 else 2):
                return number
    return None


DATE_TOKENS = re.compile(r"([0-9OoIlSB|]{1,2})\s*[.,]?\s+([A-Za-z0-9|]{3,10})\s*[.,]?\s+([0-9OoIlSB|]{3,4})\b")


def parse_date(day: str, month: str, year: str, year_hint: str | None = None) -> date | None:
    """A date from OCR'd day, month name and year; a year cut to 3 digits is completed from the hint."""
    number = month_number(month)
    if number is None:
        return None
    year = digits(year)
    if len(year) == 3:
        if not (year_hint and year_hint.startswith(year)):
            return None
        year = year_hint
    try:
        d, y = int(digits(day)), int(year)
        if not 1900 <= y <= 2100:
            return None
        return date(y, number, d)
    except ValueError:
        return None


def titlecase(text: str) -> str:
    """Upper-case print to the usual proper case: small words lower, acronyms kept."""
    words = []
    for n, word in enumerate(text.split()):
        bare = word.strip(",.;:()")
        if bare.upper() in ACRONYMS and bare.isupper():
            words.append(word)
        elif n and word.lower() in SMALL_WORDS:
            words.append(word.lower())
        elif re.fullmatch(r"[IVX]+/[a-dA-D]", bare):
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)
