"""Field-extraction accuracy on rendered letters read by real Tesseract.

Renders letters from the corpus with scan artefacts, OCRs every page with the ``tesseract``
CLI (OMP_THREAD_LIMIT=1, one process per core), runs ``ingest.fields.extract_fields`` and
prints exact-match accuracy per field against the ground truth. OCR text is cached on disk,
so a rerun after changing the extractor costs seconds.

    .venv/bin/python bench/field_accuracy.py --count 40 --seed 11                      # the tuned family
    .venv/bin/python bench/field_accuracy.py --count 25 --seed 21 --families held-out  # never tuned on
    .venv/bin/python bench/field_accuracy.py --count 250 --seed 11 --show-errors nomor
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from corpus import page_images  # noqa: E402
from corpus.families import FAMILIES, HELD_OUT, TUNED, generate_family_letter  # noqa: E402

CACHE_VERSION = "v6"  # bump when the corpus rendering changes
FIELDS = ["nomor", "classification_code", "tanggal_surat", "perihal", "sifat", "urgensi", "lampiran",
          "sender", "addressee", "signer_name", "signer_position", "signer_nip", "tembusan"]
COMMON_WORDS = re.compile(r"\b(dan|yang|dengan|untuk|kepada|nomor|tahun|dalam|pada|kabupaten)\b", re.I)


def tesseract(image_path: Path, languages: str, psm: int = 3) -> tuple[str, str]:
    """Text and TSV of one page from one call, as the pipeline reads them."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    base = image_path.with_suffix("")
    subprocess.run(["tesseract", str(image_path), str(base), "-l", languages, "--psm", str(psm), "txt", "tsv"],
                   capture_output=True, text=True, env=env, check=True)
    return base.with_suffix(".txt").read_text(encoding="utf-8"), base.with_suffix(".tsv").read_text(encoding="utf-8")


def orientation(image_path: Path) -> int:
    """Degrees to rotate the page counter-clockwise so the text stands upright (Tesseract OSD)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    result = subprocess.run(["tesseract", str(image_path), "stdout", "--psm", "0"],
                            capture_output=True, text=True, env=env)
    match = re.search(r"Rotate: (\d+)", result.stdout)
    return int(match.group(1)) if match else 0


def skew_angle(image) -> float:
    """The rotation that makes text lines horizontal (projection profile: sharpest row sums).

    The ingest pipeline deskews with OCRmyPDF (--deskew); Tesseract's layout analysis fails on
    pages skewed by 2-3 degrees, so the benchmark does the same before reading.
    """
    from PIL import ImageOps

    small = ImageOps.invert(image.convert("L").resize((image.width // 4, image.height // 4)))
    small = small.point(lambda v: 255 if v > 90 else 0)
    def sharpness(angle: float) -> float:
        rows = small.rotate(angle, resample=Image.Resampling.NEAREST).resize((1, small.height), Image.Resampling.BOX)
        values = list(rows.tobytes())
        mean = sum(values) / len(values)
        return sum((v - mean) ** 2 for v in values)

    coarse = max((step * 0.25 for step in range(-16, 17)), key=sharpness)
    return max((coarse + step * 0.05 for step in range(-5, 6)), key=sharpness)


def ocr_page(image, languages: str, dpi: int) -> tuple[str, str]:
    """OCR as the pipeline would: deskew, read; if the text looks wrong, fix orientation and re-read.
    Returns the text and the TSV (word boxes) headed by the image size."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        text, rows = _read(image, path, languages, dpi)
        if len(COMMON_WORDS.findall(text)) >= 5:
            return text, rows
        image.save(path, dpi=(dpi, dpi))
        rotate = orientation(path)
        return _read(image.rotate(-rotate, expand=True), path, languages, dpi) if rotate else (text, rows)


def _read(image, path: Path, languages: str, dpi: int) -> tuple[str, str]:
    angle = skew_angle(image)
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image.save(path, dpi=(dpi, dpi))
    text, tsv = tesseract(path, languages)
    return text, f"{image.width} {image.height}\n{tsv}"  # the size first: boxes are read against it


def ocr_letter(args: tuple[str, int, int, Path, str]) -> tuple[int, float]:
    family, seed, index, cache, languages = args
    letter = generate_family_letter(family, seed, index)
    started = time.monotonic()
    if all((cache / f"{letter.id}-p{n + 1}.tsv").exists() for n in range(len(letter.pages))):
        return index, 0.0
    for number, image in enumerate(page_images(letter)):
        target = cache / f"{letter.id}-p{number + 1}.txt"
        if not target.with_suffix(".tsv").exists():
            text, tsv = ocr_page(image, languages, letter.look["dpi"])
            for suffix, content in ((".txt", text), (".tsv", tsv)):  # .tsv last: it marks the page done
                target.with_suffix(".tmp").write_text(content, encoding="utf-8")
                target.with_suffix(".tmp").rename(target.with_suffix(suffix))
    return index, time.monotonic() - started


def cached_pages(cache: Path, letter, source: str = "rows") -> list[str]:
    """The pages as the extractor is given them: ``rows`` (rebuilt from boxes, as the pipeline does) or
    ``text`` (Tesseract's own text, for comparison)."""
    from ingest.words import parse_tsv, rebuild_lines

    pages = []
    for n in range(len(letter.pages)):
        if source == "text":
            pages.append((cache / f"{letter.id}-p{n + 1}.txt").read_text(encoding="utf-8"))
            continue
        size, tsv = (cache / f"{letter.id}-p{n + 1}.tsv").read_text(encoding="utf-8").split("\n", 1)
        width, height = (int(v) for v in size.split())
        pages.append("\n".join(rebuild_lines(parse_tsv(tsv, width, height))))
    return pages


def normalise(field: str, value):
    if value is None or value == "" or value == []:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [" ".join(str(v).split()) for v in value]
    return value


def score(family: str, seed: int, indexes: list[int], cache: Path, source: str = "rows") -> tuple[dict, dict, dict, list]:
    """Per field: letters right, wrong ones flagged for review, letters whose truth has the field."""
    from ingest.fields import extract_fields

    right, flagged_wrong, total = ({f: 0 for f in FIELDS} for _ in range(3))
    errors = []
    for index in indexes:
        letter = generate_family_letter(family, seed, index)
        extracted = extract_fields(cached_pages(cache, letter, source))
        for field in FIELDS:
            if field not in letter.fields:
                continue  # this family's truth does not state it (e.g. a court's "sender")
            total[field] += 1
            truth = normalise(field, letter.fields.get(field))
            got = extracted[field]
            value = normalise(field, got.value)
            if value == truth:
                right[field] += 1
            else:
                flagged_wrong[field] += int(got.review)
                errors.append((field, letter.id, truth, value, got.confidence))
    return right, flagged_wrong, total, errors


def _families(text: str) -> list[str]:
    if text == "held-out":
        return list(HELD_OUT)
    if text == "all":
        return list(FAMILIES)
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = sorted(set(names) - set(FAMILIES))
    if unknown:
        raise SystemExit(f"unknown families: {', '.join(unknown)} (known: {', '.join(FAMILIES)})")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=40, help="letters per family")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--families", default="pemda",
                        help=f"comma list of {', '.join(FAMILIES)}; 'held-out' ({', '.join(HELD_OUT)}: never "
                             f"tuned on) or 'all'. Tuned on: {', '.join(TUNED)}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--languages", default="ind+eng")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "bench" / "field_accuracy")
    parser.add_argument("--show-errors", nargs="*", default=None, metavar="FIELD",
                        help="print the mismatches (of these fields; all if none named)")
    parser.add_argument("--ocr-only", action="store_true", help="fill the OCR cache and stop")
    parser.add_argument("--source", choices=["rows", "text", "both"], default="rows",
                        help="extract from lines rebuilt from word boxes (the pipeline), Tesseract's text, or both")
    options = parser.parse_args(argv)
    families = _families(options.families)
    cache = options.cache / f"{CACHE_VERSION}-seed{options.seed}-{options.languages}"
    cache.mkdir(parents=True, exist_ok=True)
    indexes = list(range(options.start, options.start + options.count))
    jobs = [(family, options.seed, i, cache, options.languages) for family in families for i in indexes]
    started = time.monotonic()
    with ProcessPoolExecutor(max_workers=options.jobs) as pool:
        for done, _result in enumerate(pool.map(ocr_letter, jobs), 1):
            if done % 10 == 0:
                print(f"  OCR {done}/{len(jobs)} letters ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    if options.ocr_only:
        return 0
    for source in (["rows", "text"] if options.source == "both" else [options.source]):
        combined = [{f: 0 for f in FIELDS} for _ in range(3)]
        for family in families:
            right, flagged, total, errors = score(family, options.seed, indexes, cache, source)
            print(f"\nFamily {family} ({'tuned on' if family in TUNED else 'held out'}), extracted from: {source}")
            print_table(right, flagged, total, options)
            _show_errors(errors, options)
            for part, numbers in zip(combined, (right, flagged, total)):
                for field in FIELDS:
                    part[field] += numbers[field]
        if len(families) > 1:
            print(f"\nAll of {', '.join(families)}, extracted from: {source}")
            print_table(*combined, options)
    return 0


def _show_errors(errors: list, options) -> None:
    if options.show_errors is None:
        return
    for field, letter_id, truth, value, confidence in errors:
        if not options.show_errors or field in options.show_errors:
            print(f"{field:16} {letter_id}: want {truth!r}\n{'':16} {'':{len(letter_id)}}   got  {value!r} ({confidence:.2f})")


def print_table(right: dict, flagged: dict, total: dict, options) -> None:
    print(f"Field accuracy: seed {options.seed}, Tesseract {options.languages}, exact match")
    print(f"| {'field':20} | correct | accuracy | wrong but flagged for review |")
    print(f"|{'-' * 22}|---------|----------|------------------------------|")
    for field in FIELDS:
        if not total[field]:
            continue
        wrong = total[field] - right[field]
        flag_text = f"{flagged[field]}/{wrong}" if wrong else "-"
        print(f"| {field:20} | {right[field]:3}/{total[field]:<3} | {100 * right[field] / total[field]:7.1f}% | {flag_text:28} |")


if __name__ == "__main__":
    raise SystemExit(main())
