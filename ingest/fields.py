"""Reading the letter: its fields from the OCR text of its pages.

Pure functions, no I/O. ``extract_fields(pages)`` returns, for every Document column below,
a ``FieldValue`` (value, confidence 0..1, review flag). OCR slips are expected: "Nomer",
"No.", missing colons, O/0, l/1/I and S/5 confusions, values broken over lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ingest import fields_blocks as blocks
from ingest.fields_dates import letter_date
from ingest.fields_nomor import nomor_confidence, parse_nomor, repair_nomor
from ingest.fields_text import (digits, fuzzy_equal, mostly_upper, SMALL_WORDS, drop_debris, squash,
                                titlecase)

REVIEW_BELOW = 0.7
KEYS = ("nomor", "nomor_parts", "tanggal_surat", "perihal", "sifat", "urgensi", "lampiran", "sender",
        "addressee", "signer_name", "signer_position", "signer_nip", "tembusan", "classification_code")
LABELS = {"nomor": ("nomor", "nomer", "no"), "sifat": ("sifat",), "lampiran": ("lampiran",),
          "hal": ("hal", "perihal"), "urgensi": ("urgensi", "kecepatan"), "tanggal": ("tanggal",),
          "yth": ("yth",), "dari": ("dari",)}
SIFAT_WORDS = [("sangat_rahasia", "sangat rahasia"), ("rahasia", "rahasia"), ("terbatas", "terbatas"),
               ("biasa", "biasa")]
URGENSI_WORDS = [("sangat_segera", "sangat segera"), ("segera", "segera"), ("penting", "penting"),
                 ("sangat_segera", "kilat")]
NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                "delapan": 8, "sembilan": 9, "sepuluh": 10}


@dataclass(frozen=True)
class FieldValue:
    value: Any
    confidence: float
    review: bool

    def as_meta(self) -> dict:
        """The ``field_meta`` entry of a Document for this field."""
        extracted = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {"confidence": round(self.confidence, 2), "review": self.review, "extracted": extracted}


def field(value: Any, confidence: float, review: bool | None = None) -> FieldValue:
    confidence = max(0.0, min(1.0, confidence if value not in (None, "", []) or confidence > 0.85 else 0.0))
    return FieldValue(value, round(confidence, 2), confidence < REVIEW_BELOW if review is None else review)


@dataclass
class Label:
    name: str
    value: str
    line: int
    separator: bool  # a colon (or its OCR look-alike) followed the label


LABEL_LINE = re.compile(r"^[\W_]*([A-Za-z0-9|]{2,10})\s*(\.?)\s*([:;.,=-]|\s)\s*(.*)$")
NEEDS_COLON = {"tanggal", "dari"}  # words that also begin ordinary sentences


def find_labels(lines: list[str]) -> list[Label]:
    """Every "Label : value" line whose label is one of the letter's field labels."""
    found = []
    for i, line in enumerate(lines):
        match = LABEL_LINE.match(line)
        if not match:
            continue
        word, dot, sep, rest = match.groups()
        if not (word[0].isupper() or word[0].isdigit()):  # body lines start "perihal ...", "hal tersebut"
            continue
        if re.fullmatch(r"[YV][a-z1][hn]", word) and sep in ":;,.":  # "Yeh, :" in a nota dinas
            found.append(Label("yth", clean_value(rest), i, True))
            continue
        for name, spellings in LABELS.items():
            if any(fuzzy_equal(word, s) if len(s) > 3 else word.lower() == s for s in spellings):
                if name == "nomor" and word.lower() == "no" and not dot:
                    continue
                if name in NEEDS_COLON and sep not in ":;":
                    continue
                found.append(Label(name, clean_value(rest), i, sep.strip() in (":", ";") or bool(dot)))
                break
    return found


def clean_value(text: str) -> str:
    """A value without the OCR debris of the colon column and the page edge."""
    return squash(text).strip(" :;|-_'‘’\"~.,“”—–»«•").strip()


def first(labels: list[Label], name: str) -> Label | None:
    return next((label for label in labels if label.name == name), None)


def extract_nomor(lines: list[str], labels: list[Label]) -> FieldValue:
    for label in labels:
        if label.name == "nomor" and "/" in label.value:
            value, repaired = repair_nomor(label.value)
            if value.count("/") >= 1:
                return _nomor_field(value, repaired, 0 if label.separator else 0.1)
    for line in lines[:40]:  # SE and SK print "NOMOR 000.8/15/ORG" under the title
        match = re.match(r"^[\W_]*N[O0o]M[O0o]R\s+(\S.*)$", line)
        if match and "/" in match.group(1):
            return _nomor_field(*repair_nomor(match.group(1)), 0)
    return field(None, 0.0)


def _nomor_field(value: str, repaired: bool, penalty: float) -> FieldValue:
    """A repaired number is a guess about what was printed: someone confirms it."""
    confidence = nomor_confidence(value) - penalty
    return field(value, confidence, True if repaired else None)


def extract_tanggal(pages: list[list[str]], labels: list[Label], year_hint: str | None = None) -> FieldValue:
    label = first(labels, "tanggal")
    return field(*letter_date(pages, label.value if label else None, year_hint))


STOP_PERIHAL = re.compile(r"^\s*(kepada|y[t1]h|di\b|dengan|menimbang|berdasarkan|menindaklanjuti|dalam rangka|"
                          r"sehubungan|bersama ini)", re.I)


PLACE_AND_DATE = re.compile(r"^[A-Z][A-Za-z'.-]+(?:\s[A-Z][A-Za-z'.-]+){0,2}\s*,\s*[0-9OoIl|]{1,2}\s")  # "Penajam, 17 Juni"


def extract_perihal(lines: list[str], labels: list[Label]) -> FieldValue:
    label = first(labels, "hal")
    if label and label.value:
        parts = [label.value] + _continuation(lines, label.line + 1)
        value = squash(" ".join(parts)).rstrip(".,;")
        value = fix_roman(drop_debris(re.sub(r"^(?:\S\s*[:;]\s+)", "", value)))
        return field(value, 0.92 if label.separator else 0.8)
    return _subject_after_tentang(lines)


def _continuation(lines: list[str], start: int) -> list[str]:
    """Lines that carry on a broken value: short, title-cased, maybe after one blank line."""
    parts: list[str] = []
    blanks = 0
    for line in lines[start:start + 5]:
        text = clean_value(line)
        if not text:
            blanks += 1
            if blanks > 1 or parts:
                break
            continue
        if STOP_PERIHAL.match(text) or PLACE_AND_DATE.match(text) or _is_label(text) or len(text) > 52:
            break
        # A second line in sentence case ("per kecamatan tahun 2024") carries on the value only
        # when it follows at once: the body is always set off by a blank line or an addressee.
        if not _title_like(text) and (blanks or parts or not text[0].islower()):
            break
        parts.append(text)
    return parts


def fix_roman(text: str) -> str:
    """"Triwulan Tl" -> "Triwulan III": Roman numerals read as I/l/T/1 look-alikes."""
    def repair(match: re.Match) -> str:
        word = match.group(0)
        return "I" * len(word) if word not in ("I",) and len(word) <= 4 else word
    return re.sub(r"(?<=\s)[IlT1|!]{2,4}(?=\s|$)", repair, text)


def _title_like(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z0-9]+", text)]
    capital = [w for w in words if w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS]
    return bool(words) and len(capital) >= 0.75 * len(words)


def _is_label(text: str) -> bool:
    return bool(find_labels([text]))


def _subject_after_tentang(lines: list[str]) -> FieldValue:
    for i, line in enumerate(lines[:45]):
        if fuzzy_equal(clean_value(line), "tentang"):
            parts: list[str] = []
            for follower in lines[i + 1:i + 8]:
                text = clean_value(re.sub(r"\s*[:|]\s*", " ", follower))
                if not text and not (parts and parts[-1] == ""):
                    parts.append("")  # one blank line may sit between title lines
                    continue
                if not text or not (mostly_upper(text) or text.isdigit()) or text.startswith("DENGAN RAHMAT"):
                    break
                parts.append(text)
            parts = [p for p in parts if p]
            if parts:
                return field(fix_roman(titlecase(" ".join(parts)).rstrip(".")), 0.85)
    return field(None, 0.0)


def _words_in(value: str, vocabulary: list[tuple[str, str]]) -> str | None:
    words = re.findall(r"[A-Za-z0-9|]+", value.lower())
    for key, phrase in vocabulary:
        target = phrase.split()
        for i in range(len(words) - len(target) + 1):
            if all(fuzzy_equal(w, t) for w, t in zip(words[i:i + len(target)], target)):
                return key
    return None


def extract_sifat_urgensi(labels: list[Label]) -> tuple[FieldValue, FieldValue]:
    sifat_label, urgensi_label = first(labels, "sifat"), first(labels, "urgensi")
    sifat = urgensi = None
    if sifat_label:  # many letters print urgency under "Sifat": read both from it
        sifat = _words_in(sifat_label.value, SIFAT_WORDS)
        urgensi = _words_in(sifat_label.value, URGENSI_WORDS)
    if urgensi_label:
        urgensi = _words_in(urgensi_label.value, URGENSI_WORDS) or urgensi
    has_block = first(labels, "nomor") is not None and first(labels, "hal") is not None
    if sifat_label and (sifat or urgensi):
        sifat_field = field(sifat or "biasa", 0.93 if sifat else 0.85)
    elif has_block:  # a field block without a readable Sifat: do not assume it is harmless
        sifat_field = field("biasa", 0.4, review=True)
    else:
        sifat_field = field("biasa", 0.8)
    urgensi_known = bool(urgensi) or bool(sifat_label and sifat)
    return sifat_field, field(urgensi or "biasa", 0.9 if urgensi_known else 0.75)


def extract_lampiran(labels: list[Label]) -> FieldValue:
    label = first(labels, "lampiran")
    if not label:
        return field(None, 0.8, review=False)
    value = clean_value(label.value)
    if not value or not re.search(r"[0-9(]", value[:4]) or value.lower() in ("nihil", "tidak ada"):
        return field(None, 0.9, review=False)
    match = re.match(r"^([0-9OoIlSB|]{1,2})\s*\((\w+)\)\s*(.*)$", value)
    if match:
        count, word, rest = match.groups()
        number = NUMBER_WORDS.get(word.lower())
        count = str(number) if number else digits(count)
        return field(f"{count} ({word.lower()}) {rest}".strip(), 0.9)
    return field(value, 0.7)


def split_lines(page: str) -> list[str]:
    return [line.rstrip() for line in page.replace("\r", "").split("\n")]


def extract_fields(pages: list[str]) -> dict[str, FieldValue]:
    """All letter fields from the OCR text of the pages (first page first)."""
    page_lines = [split_lines(page) for page in pages if page and page.strip()] or [[]]
    head = page_lines[0]
    labels = find_labels(head)
    nomor = extract_nomor(head, labels)
    parts = parse_nomor(nomor.value)
    sifat, urgensi = extract_sifat_urgensi(labels)
    sender, sender_conf = blocks.letterhead(head)
    addressee = _addressee(head, labels)
    signer = _signer(page_lines)
    tembusan, tembusan_conf = _tembusan(page_lines)
    code = parts["classification_code"]
    return {
        "nomor": nomor,
        "nomor_parts": field(parts if nomor.value else None, nomor.confidence, nomor.review),
        "tanggal_surat": _agree_year(extract_tanggal(page_lines, labels, parts["year"]), parts),
        "perihal": extract_perihal(head, labels),
        "sifat": sifat,
        "urgensi": urgensi,
        "lampiran": extract_lampiran(labels),
        "sender": field(sender, sender_conf),
        "addressee": addressee,
        "signer_name": field(signer["name"], min(signer["confidence"], signer.get("name_confidence", 0.0))),
        "signer_position": field(signer["position"], signer["confidence"]),
        "signer_nip": field(signer["nip"], 0.9 if signer["nip"] else 0.6, review=False),
        "tembusan": field(tembusan, tembusan_conf, review=False),
        "classification_code": field(code, nomor.confidence if code else 0.6, review=nomor.review),
    }


def _agree_year(tanggal: FieldValue, parts: dict) -> FieldValue:
    """A year misread in the date ("2022" for "2024") when the number says otherwise by one digit."""
    day, year = tanggal.value, parts.get("year")
    if not day or not year or str(day.year) == year:
        return tanggal
    if sum(a != b for a, b in zip(str(day.year), year)) == 1:
        try:
            return field(day.replace(year=int(year)), 0.65)
        except ValueError:
            return tanggal
    return field(day, min(tanggal.confidence, 0.6))


def document_values(result: dict[str, FieldValue]) -> tuple[dict[str, Any], dict[str, dict]]:
    """Split an ``extract_fields`` result into Document column values and its ``field_meta``."""
    values = {key: result[key].value for key in KEYS}
    values["sifat"] = values["sifat"] or "biasa"
    values["urgensi"] = values["urgensi"] or "biasa"
    return values, {key: result[key].as_meta() for key in KEYS}


def _addressee(lines: list[str], labels: list[Label]) -> FieldValue:
    label = first(labels, "yth")
    if label and label.value:
        return field(drop_debris(squash(label.value.replace(":", " "))), 0.9)
    value, confidence = blocks.addressee(lines)
    value = drop_debris(squash(value.replace(":", " "))) if value else value
    return field(value, confidence, review=False if value is None else None)


def _signer(page_lines: list[list[str]]) -> dict:
    for lines in reversed(page_lines):
        signer = blocks.signature(lines)
        if signer["position"] or signer["nip"]:
            return signer
    return {"position": None, "name": None, "nip": None, "confidence": 0.0}


def _tembusan(page_lines: list[list[str]]) -> tuple[list[str], float]:
    for lines in reversed(page_lines):
        items, confidence = blocks.tembusan(lines)
        if items:
            return items, confidence
    return [], 0.8


__all__ = ["FieldValue", "KEYS", "document_values", "extract_fields", "parse_nomor"]
