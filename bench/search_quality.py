"""Known-item search quality on rendered letters read by real Tesseract.

The letters are the corpus engineer's field-accuracy set (bench/field_accuracy.py): rendered
with scan artefacts, OCR'd, the text cached under var/bench/field_accuracy/<version>-seed<N>-<langs>/.
They are indexed as Lontar would index them (OCR text per page, fields from
``ingest.fields.extract_fields``) next to the benchmark's text archive, which acts as the
haystack. Queries are typed from the TRUE text of each letter:

- phrase: a quoted 5-word window of one printed body line, the one fewest haystack letters
  hold verbatim, as an official remembers a phrase (the generator's letters share much
  template text: "phrase held by no other letter" is the subset where such a window exists);
- phrase with an OCR-damaged word: a window no other letter holds, with a word Tesseract
  misread (the exact phrase is then nowhere in the index: only the loose reading finds it);
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
WORD = re.compile(r"^[a-z]{2,}$")
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


def body_windows(true_pages: list[str]) -> list[tuple[str, ...]]:
    """Windows of WINDOW words within one printed body line (not a "Label : value" line:
    a person remembers sentences, and OCR may read label columns in another order)."""
    out = []
    for line in (line for page in true_pages for line in page.splitlines()):
        if ":" in line:
            continue
        words = tokens(line)
        out.extend(tuple(words[i:i + WINDOW]) for i in range(len(words) - WINDOW + 1)
                   if all(WORD.match(w) for w in words[i:i + WINDOW]))
    return out


def phrase_frequency(records, wanted: set[tuple[str, ...]], limit: int = 10_000) -> Counter:
    """Letters of the haystack (its first ``limit``) holding each wanted window verbatim."""
    df: Counter = Counter()
    for n, record in enumerate(records):
        if n >= limit:
            break
        words = tokens(" ".join(record["pages"]))
        df.update({w for i in range(len(words) - WINDOW + 1) if (w := tuple(words[i:i + WINDOW])) in wanted})
    return df


def distinctive_window(true_pages: list[str], df: Counter, damaged_in: set[str] | None = None) -> tuple[str, int] | None:
    """(quoted window, letters of the haystack holding it) for the window fewest other
    letters hold verbatim; with ``damaged_in`` (the OCR'd tokens) only windows holding a word
    OCR misread: their exact phrase is not in the index, only the loose reading finds them."""
    windows = body_windows(true_pages)
    if damaged_in is not None:
        windows = [w for w in windows if any(word not in damaged_in for word in w)]
    if not windows:
        return None
    best = min(windows, key=lambda w: df.get(w, 0))
    return '"' + " ".join(best) + '"', df.get(best, 0)


def known_items(letters, docs: list[IndexDoc], haystack, limit: int = 10_000,
                stats: dict | None = None) -> list[tuple[str, str, int]]:
    """The OCR'd letters' known items; ``stats`` receives how many haystack letters hold the
    chosen phrase windows verbatim (a target sharing its phrase with 10+ letters can only
    reach the top 10 by chance: the ceiling of phrase recall on this corpus)."""
    wanted = {w for letter, _ in letters for w in body_windows(letter.page_texts)}
    df = phrase_frequency(haystack, wanted, limit)
    items, shared = [], []
    for (letter, pages), doc in zip(letters, docs):
        f = letter.fields
        found = distinctive_window(letter.page_texts, df)
        if found:
            shared.append(found[1])
            items.append(("phrase", found[0], doc.id))
            if found[1] == 0:
                items.append(("phrase held by no other letter", found[0], doc.id))
        damaged = distinctive_window(letter.page_texts, df, set(tokens(" ".join(pages))))
        if damaged and damaged[1] == 0:
            items.append(("phrase with an OCR-damaged word", damaged[0], doc.id))
        city = tokens(f.get("sender") or "")[-1:] or [""]
        items.append(("subject", f"{f['perihal']} dari:{city[0]} tanggal:{f['tanggal_surat']}", doc.id))
        items.append(("nomor", f'nomor:"{f["nomor"]}"', doc.id))
    if stats is not None and shared:
        shared.sort()
        stats.update(windows=len(shared), median_letters_sharing=shared[len(shared) // 2],
                     held_by_fewer_than_10_others=round(sum(n < 10 for n in shared) / len(shared), 3))
    return items


def archive_items(path, records, limit: int = 150, haystack: int = 10_000) -> list[tuple[str, str, int]]:
    """Known items among the haystack's own letters with injected OCR errors (ids n + 1)."""
    noisy = []
    for n, record in enumerate(records(path)):
        if n >= 10_000 or len(noisy) >= limit:
            break
        if record.get("noisy"):
            noisy.append((n + 1, record))
    wanted = {w for _, r in noisy for w in body_windows(r["clean_pages"])}
    df = phrase_frequency(records(path), wanted, haystack)
    items = []
    for target, record in noisy:
        seen = set(tokens(" ".join(record["pages"])))
        own = Counter(set(body_windows(record["pages"])))        # the target's (noisy) text is in df too
        others = df - own
        found = distinctive_window(record["clean_pages"], others)
        if found:
            items.append(("phrase", found[0], target))
            if found[1] == 0:
                items.append(("phrase held by no other letter", found[0], target))
        damaged = distinctive_window(record["clean_pages"], others, seen)
        if damaged and damaged[1] == 0:
            items.append(("phrase with an OCR-damaged word", damaged[0], target))
        f = record["fields"]
        city = tokens(f.get("sender") or "")[-1:] or [""]
        items.append(("subject", f"{f['perihal']} dari:{city[0]} tanggal:{f['tanggal_surat']}", target))
        items.append(("nomor", f'nomor:"{f["nomor"]}"', target))
    return items


KINDS = ("phrase", "phrase held by no other letter", "phrase with an OCR-damaged word", "subject", "nomor")


def quality(backend, items, fuzzy: bool, stemming: bool) -> dict:
    out = {}
    for kind in KINDS + ("all",):
        ranks = []
        for k, text, target in items:
            if kind not in (k, "all") or (kind == "all" and k not in ("phrase", "subject", "nomor")):
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
