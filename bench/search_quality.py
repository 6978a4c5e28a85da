"""Known-item search quality on rendered letters read by real Tesseract.

The letters are the corpus engineer's field-accuracy set (bench/field_accuracy.py): rendered
with scan artefacts, OCR'd, the text cached under var/bench/field_accuracy/<version>-seed<N>-<langs>/.
They are indexed as Lontar would index them (OCR text per page, fields from
``ingest.fields.extract_fields``) next to the benchmark's text archive, which acts as the
haystack. Queries are typed from the TRUE text of each letter:

- phrase: a quoted 5-word window of the body, the rarest one by document frequency
  (preferring windows in which OCR damaged a word), as an official remembers a phrase;
- subject: the perihal, the sender's last word as ``dari:`` and the letter date;
- nomor: ``nomor:"<the letter number>"``.

Without a cache (nothing OCR'd on this machine), the archive's own letters with injected
OCR errors are used instead (``source`` says which).
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from search import AccessContext, IndexDoc, SearchRequest
from search.text import tokens

OCR_ID_BASE = 10_000_000
WINDOW = 5
WORD = re.compile(r"^[a-z]{3,}$")
CONFIGS = {
    "tolerant + stemming": {"fuzzy": True, "stemming": True},
    "stemming, no tolerance": {"fuzzy": False, "stemming": True},
    "exact words only": {"fuzzy": False, "stemming": False},
}
SIFAT_LEVEL = {"biasa": 0, "terbatas": 1, "rahasia": 2, "sangat_rahasia": 3}


def ocr_letters(cache_root: Path) -> list[tuple[object, list[str]]]:
    """(generated letter, OCR'd page texts) for every letter whose pages are all cached."""
    from corpus import generate_letter

    out = []
    for folder in sorted(cache_root.glob("v4-seed*-*")):
        seed = int(re.search(r"seed(\d+)", folder.name).group(1))
        indexes = sorted({int(p.name.split("-")[1]) for p in folder.glob("s*-p1.txt")})
        for index in indexes:
            letter = generate_letter(seed, index)
            files = [folder / f"{letter.id}-p{n + 1}.txt" for n in range(len(letter.pages))]
            if all(f.exists() for f in files):
                out.append((letter, [f.read_text(encoding="utf-8") for f in files]))
    return out


def ocr_index_docs(letters) -> list[IndexDoc]:
    """The OCR'd letters as Lontar indexes them: OCR text, fields extracted from it."""
    from ingest.fields import extract_fields

    docs = []
    for n, (letter, pages) in enumerate(letters):
        got = {k: v.value for k, v in extract_fields(pages).items()}
        tanggal = got.get("tanggal_surat") if isinstance(got.get("tanggal_surat"), date) else None
        sifat = got.get("sifat") or "biasa"
        docs.append(IndexDoc(
            id=OCR_ID_BASE + n, pages=pages, nomor=got.get("nomor"), nomor_parts=got.get("nomor_parts"),
            tanggal=tanggal, perihal=got.get("perihal"), sender=got.get("sender"), addressee=got.get("addressee"),
            signer=got.get("signer_name"), classification_code=got.get("classification_code"),
            sifat=sifat if sifat in SIFAT_LEVEL else "biasa", sifat_level=SIFAT_LEVEL.get(sifat, 0),
            unit_id=1, year=tanggal.year if tanggal else None))
    return docs


def document_frequency(records, limit: int = 10_000) -> Counter:
    """Letters holding each word, over the first ``limit`` letters of the haystack."""
    df: Counter = Counter()
    for n, record in enumerate(records):
        if n >= limit:
            break
        df.update(set(tokens(" ".join(record["pages"]))))
    return df


def rare_window(true_text: str, ocr_text: str, df: Counter) -> str | None:
    """The body window of WINDOW words with the rarest words (damaged by OCR if possible)."""
    words = tokens(true_text)
    seen = set(tokens(ocr_text))
    best, best_key = None, None
    for i in range(len(words) - WINDOW + 1):
        window = words[i:i + WINDOW]
        if not all(WORD.match(w) for w in window):
            continue
        damaged = any(w not in seen for w in window)
        key = (not damaged, sorted(df.get(w, 0) for w in window)[:2])
        if best_key is None or key < best_key:
            best, best_key = window, key
    return '"' + " ".join(best) + '"' if best else None


def known_items(letters, docs: list[IndexDoc], df: Counter) -> list[tuple[str, str, int]]:
    items = []
    for (letter, pages), doc in zip(letters, docs):
        f = letter.fields
        phrase = rare_window(" ".join(letter.page_texts), " ".join(pages), df)
        if phrase:
            items.append(("phrase", phrase, doc.id))
        city = tokens(f.get("sender") or "")[-1:] or [""]
        items.append(("subject", f"{f['perihal']} dari:{city[0]} tanggal:{f['tanggal_surat']}", doc.id))
        items.append(("nomor", f'nomor:"{f["nomor"]}"', doc.id))
    return items


def quality(backend, items, fuzzy: bool, stemming: bool) -> dict:
    out = {}
    for kind in ("phrase", "subject", "nomor", "all"):
        ranks = []
        for k, text, target in items:
            if kind not in (k, "all"):
                continue
            request = SearchRequest(text, per_page=10, facets=False, highlight=False, fuzzy=fuzzy, stemming=stemming)
            ids = [h.doc_id for h in backend.search(request, AccessContext.system()).hits]
            ranks.append(ids.index(target) + 1 if target in ids else None)
        n = len(ranks) or 1
        out[kind] = {"n": len(ranks), "recall@1": round(sum(r == 1 for r in ranks) / n, 3),
                     "recall@10": round(sum(r is not None for r in ranks) / n, 3),
                     "mrr": round(sum(1 / r for r in ranks if r) / n, 3)}
    return out


def misses(backend, items, limit: int = 5) -> list[str]:
    """A few failed known items, for the report (what went wrong)."""
    out = []
    for kind, text, target in items:
        ids = [h.doc_id for h in backend.search(SearchRequest(text, facets=False, highlight=False),
                                                AccessContext.system()).hits]
        if target not in ids:
            out.append(f"{kind}: {text}")
            if len(out) >= limit:
                break
    return out
