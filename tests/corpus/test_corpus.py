"""The sample corpus: deterministic by seed, truthful, in every format."""
from __future__ import annotations

import json
import re

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

import corpus
from app.cli.main import main as lontar
from corpus.digital import render_digital

LOW_DPI = 100  # enough to check the files; the benchmark renders at 200-300 dpi


def test_same_seed_same_letters_other_seed_other_letters():
    first = [corpus.generate_letter(5, i).to_dict() for i in range(20)]
    again = [corpus.generate_letter(5, i).to_dict() for i in range(20)]
    other = [corpus.generate_letter(6, i).to_dict() for i in range(20)]
    assert first == again
    assert all(a["page_texts"] != b["page_texts"] for a, b in zip(first, other))
    assert len({letter["page_texts"][0] for letter in first}) == 20  # distinguishable by content


def test_corpus_covers_kinds_and_page_counts():
    letters = [corpus.generate_letter(1, i) for i in range(150)]
    assert {letter.kind for letter in letters} == set(corpus.KINDS)
    assert {len(letter.pages) for letter in letters} >= {1, 2, 3}
    assert {letter.fields["sifat"] for letter in letters} == {"biasa", "terbatas", "rahasia", "sangat_rahasia"}
    assert {letter.fields["urgensi"] for letter in letters} == {"biasa", "penting", "segera", "sangat_segera"}


def test_truth_is_printed_on_the_pages():
    for index in range(60):
        letter = corpus.generate_letter(2, index)
        fields, text = letter.fields, "\n".join(letter.page_texts)
        assert fields["nomor"] in text
        assert fields["nomor"].startswith(fields["classification_code"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", fields["tanggal_surat"])
        if fields["signer_nip"]:
            assert re.fullmatch(r"\d{18}", fields["signer_nip"])
            spaced = f"{fields['signer_nip'][:8]} {fields['signer_nip'][8:14]}"
            assert fields["signer_nip"] in text or spaced in text
        assert fields["signer_name"] in text
        for item in fields["tembusan"]:
            assert item in text
        if letter.kind in ("surat_keputusan",):
            assert "Hal :" not in text and "Perihal :" not in text


def test_single_page_option():
    assert all(len(corpus.generate_letter(3, i, single_page=True).pages) == 1 for i in range(40))


@pytest.fixture(scope="module")
def letters():
    multi = next(corpus.generate_letter(4, i) for i in range(100) if len(corpus.generate_letter(4, i).pages) > 1)
    return {"multi": multi, "single": corpus.generate_letter(4, 0, single_page=True)}


def test_pdf_is_image_only_with_every_page_and_truth_beside(tmp_path, letters):
    letter = letters["multi"]
    path = corpus.render_letter(letter, tmp_path, fmt="pdf", dpi=LOW_DPI)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == len(letter.pages)
    assert not PdfReader(path).pages[0].extract_text().strip()
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert truth["fields"] == letter.fields and truth["pages"] == letter.page_texts
    assert truth["render"]["format"] == "pdf"


def test_tiff_png_jpeg_open_with_pillow(tmp_path, letters):
    tiff = corpus.render_letter(letters["multi"], tmp_path, fmt="tiff", dpi=LOW_DPI)
    with Image.open(tiff) as image:
        assert image.n_frames == len(letters["multi"].pages)
        assert image.format == "TIFF"
    for fmt, pillow_name in (("png", "PNG"), ("jpeg", "JPEG")):
        path = corpus.render_letter(letters["single"], tmp_path, fmt=fmt, dpi=LOW_DPI)
        with Image.open(path) as image:
            assert image.format == pillow_name
            assert image.size == (827, 1169)  # A4 at 100 dpi
        assert path.with_suffix(".json").exists()


def test_rendering_is_deterministic(tmp_path, letters):
    one = corpus.render_letter(letters["single"], tmp_path / "a", fmt="png", dpi=LOW_DPI).read_bytes()
    two = corpus.render_letter(letters["single"], tmp_path / "b", fmt="png", dpi=LOW_DPI).read_bytes()
    assert one == two


def test_single_image_formats_refuse_multi_page_letters(tmp_path, letters):
    with pytest.raises(ValueError, match="pages"):
        corpus.render_letter(letters["multi"], tmp_path, fmt="png")
    with pytest.raises(ValueError, match="unknown format"):
        corpus.render_letter(letters["single"], tmp_path, fmt="gif")


def test_born_digital_pdf_has_the_text(tmp_path, letters):
    letter = letters["multi"]
    path = render_digital(letter, tmp_path)
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert letter.fields["nomor"] in text
    assert len(PdfReader(path).pages) == len(letter.pages)


def test_text_archive_counts_noise_and_clean_truth(tmp_path):
    path = corpus.write_text_archive(tmp_path / "a.jsonl", count=300, seed=9)
    records = list(corpus.read_text_archive(path))
    assert len(records) == 300 and len({r["id"] for r in records}) == 300
    noisy = [r for r in records if r["noisy"]]
    assert 20 < len(noisy) < 100
    for record in noisy:
        assert record["clean_pages"] != record["pages"]
        assert record["clean_pages"] == corpus.generate_letter(9, record["index"]).page_texts
    again = corpus.write_text_archive(tmp_path / "b.jsonl", count=300, seed=9)
    assert again.read_bytes() == path.read_bytes()


def test_cli_generates_files_and_archives(tmp_path):
    runner = CliRunner()
    out = tmp_path / "scans"
    result = runner.invoke(lontar, ["corpus", "generate", str(out), "--count", "4", "--seed", "3",
                                    "--format", "mixed", "--dpi", str(LOW_DPI)])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.json"))) == 4
    assert len([p for p in out.iterdir() if p.suffix != ".json"]) == 4
    archive = tmp_path / "archive.jsonl"
    result = runner.invoke(lontar, ["corpus", "generate", str(archive), "--count", "50", "--text-only"])
    assert result.exit_code == 0, result.output
    assert len(archive.read_text(encoding="utf-8").splitlines()) == 50
    bad = runner.invoke(lontar, ["corpus", "generate", str(tmp_path), "--format", "gif"])
    assert bad.exit_code == 2 and "gif" in bad.output
