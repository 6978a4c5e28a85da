"""One rendered, scanned letter read by real Tesseract: the fields come back."""
from __future__ import annotations

import os
import subprocess
from datetime import date

import pytest

import corpus
from ingest.fields import extract_fields


@pytest.mark.ocr
def test_fields_from_a_real_scan(tmp_path):
    letter = next(corpus.generate_letter(21, i, single_page=True) for i in range(50)
                  if corpus.generate_letter(21, i, single_page=True).kind == "surat_biasa")
    look = dict(letter.look, skew=[0.8], rotations=[0])  # the pipeline deskews and rotates first
    letter.look = look
    image = corpus.page_images(letter, dpi=200)[0]
    path = tmp_path / "page.png"
    image.save(path, dpi=(200, 200))
    text = subprocess.run(["tesseract", str(path), "stdout", "-l", "ind+eng"], capture_output=True, text=True,
                          check=True, env=dict(os.environ, OMP_THREAD_LIMIT="1")).stdout
    got = extract_fields([text])
    truth = letter.fields
    assert got["nomor"].value == truth["nomor"]
    assert got["tanggal_surat"].value == date.fromisoformat(truth["tanggal_surat"])
    assert got["perihal"].value == truth["perihal"]
    assert got["sifat"].value == truth["sifat"]
    assert got["signer_nip"].value == truth["signer_nip"]
