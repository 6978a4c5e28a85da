"""Synthetic Indonesian government letters with ground truth, deterministic by seed.

Used by the demo, the tests and the benchmarks::

    letter = corpus.generate_letter(seed=7, index=0)
    path = corpus.render_letter(letter, "out/", fmt="pdf")   # writes out/<id>.pdf + out/<id>.json
    corpus.write_text_archive("archive.jsonl", count=100_000, seed=7)
"""
from corpus.archive import archive_records, ocr_noise, read_text_archive, write_text_archive
from corpus.letters import generate_letter
from corpus.model import KINDS, Letter, Line
from corpus.render import FORMATS, page_images, render_letter

__all__ = ["FORMATS", "KINDS", "Letter", "Line", "archive_records", "generate_letter", "ocr_noise",
           "page_images", "read_text_archive", "render_letter", "write_text_archive"]
