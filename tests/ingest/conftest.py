"""Ingestion fixtures: sample files (session-scoped) and runtimes with small limits."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.migrate import upgrade
from app.runtime import Runtime
from tests.conftest import make_settings
from tests.ingest import samples

LIMITS = {"LONTAR_MAX_PAGES": "200", "LONTAR_MAX_IMAGE_MEGAPIXELS": "60"}
CACHE = Path(os.environ.get("LONTAR_TEST_CACHE", Path.home() / ".cache" / "lontar-tests"))


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("samples")


@pytest.fixture(scope="session")
def good_files(sample_dir) -> dict[str, Path]:
    d = sample_dir
    return {
        "png": samples.write_png(d / "surat.png"),
        "jpeg": samples.write_jpeg(d / "surat.jpg", samples.PAGE_1[:3] + ["Surat dalam format JPEG"]),
        "tiff": samples.write_tiff(d / "surat.tiff"),
        "scanned_pdf": samples.write_scanned_pdf(d / "scan.pdf"),
        "born_digital_pdf": samples.write_born_digital_pdf(d / "digital.pdf"),
        "rotated_png": samples.write_rotated_png(d / "terbalik.png"),
    }


@pytest.fixture(scope="session")
def bad_files(sample_dir, good_files) -> dict[str, Path]:
    d = sample_dir
    empty = d / "kosong.pdf"
    empty.write_bytes(b"")
    return {
        "empty": empty,
        "truncated_pdf": samples.write_truncated_pdf(d / "terpotong.pdf", good_files["scanned_pdf"]),
        "encrypted_pdf": samples.write_encrypted_pdf(d / "sandi.pdf", good_files["born_digital_pdf"]),
        "zip_as_pdf": samples.write_zip_as_pdf(d / "arsip.pdf"),
        "exe_as_pdf": samples.write_exe_as_pdf(d / "program.pdf"),
        "bomb_png": samples.write_bomb_png(d / "bom.png"),
        "too_many_pages_pdf": samples.write_many_pages_pdf(d / "tebal.pdf", 201),
        "too_many_pages_tiff": samples.write_many_pages_tiff(d / "tebal.tiff", 300),
    }


@pytest.fixture(scope="session")
def real_scans() -> dict[str, Path]:
    return samples.fetch_real_scans(CACHE / "ocrmypdf-resources")


def new_runtime(data_dir: Path, **env) -> Runtime:
    settings = make_settings(data_dir, **{**LIMITS, **env})
    upgrade(settings)
    return Runtime(settings)


@pytest.fixture
def ingest_runtime(tmp_path):
    rt = new_runtime(tmp_path / "data")
    yield rt
    rt.close()
