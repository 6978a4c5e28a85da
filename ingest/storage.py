"""Where files live on disk; the one place that decides the layout.

Originals are content-addressed (``originals/ab/abcdef…``, sha256 of the bytes) and written
atomically: a temporary file in the same directory tree, fsync, rename, fsync of the
directory. An original, once written, is never modified. Derived files (searchable PDF,
page images, thumbnails) live under ``derived/<document id>/`` and can always be rebuilt.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from config import Settings
from ingest.errors import EmptyFile, FileTooLarge, StorageError, StorageFull, is_storage_full

CHUNK = 1 << 20


def original_path(settings: Settings, checksum: str) -> Path:
    return settings.originals_dir / checksum[:2] / checksum


def derived_dir(settings: Settings, document_id: int) -> Path:
    return settings.derived_dir / str(document_id)


def searchable_pdf_path(settings: Settings, document_id: int) -> Path:
    return derived_dir(settings, document_id) / "searchable.pdf"


def pdfa_path(settings: Settings, document_id: int) -> Path:
    return derived_dir(settings, document_id) / "archival-pdfa.pdf"


def page_image_path(settings: Settings, document_id: int, number: int) -> Path:
    """Viewer image of page ``number`` (1-based), about 1400 px wide, JPEG."""
    return derived_dir(settings, document_id) / "pages" / f"{number:04d}.jpg"


def thumbnail_path(settings: Settings, document_id: int, number: int) -> Path:
    """Thumbnail of page ``number`` (1-based), about 200 px wide, JPEG."""
    return derived_dir(settings, document_id) / "thumbs" / f"{number:04d}.jpg"


def words_path(settings: Settings, document_id: int, number: int) -> Path:
    """Word boxes of page ``number`` (1-based) as read by OCR, JSON (``ingest.words``)."""
    return derived_dir(settings, document_id) / "words" / f"{number:04d}.json"


@dataclass(frozen=True)
class StoredFile:
    checksum: str
    size: int
    path: Path
    head: bytes  # the first bytes, for type detection


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_original(settings: Settings, stream: BinaryIO) -> StoredFile:
    """Copy ``stream`` into the archive, content-addressed; durable when this returns."""
    staging = settings.originals_dir / ".incoming"
    try:
        staging.mkdir(parents=True, exist_ok=True)
        digest, size, head = hashlib.sha256(), 0, b""
        limit = settings.max_upload_mb * 1024 * 1024
        with tempfile.NamedTemporaryFile(dir=staging, delete=False) as tmp:
            try:
                while chunk := stream.read(CHUNK):
                    if not head:
                        head = chunk[:4096]
                    size += len(chunk)
                    if size > limit:
                        raise FileTooLarge(limit_mb=settings.max_upload_mb)
                    digest.update(chunk)
                    tmp.write(chunk)
                tmp.flush()
                os.fsync(tmp.fileno())
            except BaseException:
                os.unlink(tmp.name)
                raise
        if size == 0:
            os.unlink(tmp.name)
            raise EmptyFile()
        checksum = digest.hexdigest()
        final = original_path(settings, checksum)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            os.unlink(tmp.name)  # no half-stored upload left in staging (e.g. the disk filled up)
            raise
        if final.exists():
            os.unlink(tmp.name)  # same bytes already archived: keep the first copy untouched
        else:
            os.chmod(tmp.name, 0o440)
            os.replace(tmp.name, final)
            _fsync_dir(final.parent)
        return StoredFile(checksum, size, final, head)
    except OSError as exc:
        raise (StorageFull() if is_storage_full(exc) else StorageError()) from exc


LOW_SPACE_BYTES = 32 * 1024 * 1024  # less than this free and OCR's intermediate files no longer fit


def low_on_space(settings: Settings) -> bool:
    """Is the data dir's disk (nearly) full? Tesseract and qpdf do not always say why they
    failed; when one fails on a disk this full, the disk is the likely cause."""
    try:
        return shutil.disk_usage(settings.data_dir).free < LOW_SPACE_BYTES
    except OSError:
        return False


def remove_derived(settings: Settings, document_id: int) -> None:
    shutil.rmtree(derived_dir(settings, document_id), ignore_errors=True)
