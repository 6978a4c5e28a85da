"""Every way ingestion can fail, each with a stable code, a clerk-readable message and a
retryable flag.

The code is what the database stores (``Document.error_code``) and what the UI translates;
the English message is stored beside it (``Document.error_message``) for the CLI and logs.
``retryable`` decides, in one place (``workers.tasks``), between a Celery retry with back-off
and a single permanent failure.
"""
from __future__ import annotations

import errno


class IngestError(Exception):
    code = "ingest_error"
    message = "The file could not be processed."
    retryable = False

    def __init__(self, message: str | None = None, **details):
        self.details = details
        super().__init__(message or self.message.format(**details))

    @property
    def text(self) -> str:
        return str(self)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.text, "retryable": self.retryable}


# ---- rejected at intake or triage: the file itself is the problem (permanent) ----

class EmptyFile(IngestError):
    code = "empty_file"
    message = "The file is empty (0 bytes). Scan or export the letter again."


class FileTooLarge(IngestError):
    code = "file_too_large"
    message = "The file is larger than the limit of {limit_mb} MB."


class NotADocument(IngestError):
    code = "not_a_document"
    message = "This is not a scanned letter but {kind}. Only PDF, TIFF, PNG and JPEG files are accepted."


class UnsupportedType(IngestError):
    code = "unsupported_type"
    message = "The file type is not recognised. Only PDF, TIFF, PNG and JPEG files are accepted."


class CorruptPdf(IngestError):
    code = "corrupt_pdf"
    message = "The PDF is damaged or incomplete (it may have been cut off while copying). Export or scan it again."


class EncryptedPdf(IngestError):
    code = "encrypted_pdf"
    message = "The PDF is protected by a password. Remove the password and upload it again."


class CorruptImage(IngestError):
    code = "corrupt_image"
    message = "The image is damaged or incomplete. Scan the letter again."


class ImageTooLarge(IngestError):
    code = "image_too_large"
    message = ("A page is too large ({megapixels} megapixels; the limit is {limit} megapixels). "
               "Scan at a lower resolution (300 dpi is enough).")


class TooManyPages(IngestError):
    code = "too_many_pages"
    message = "The file has {pages} pages; the limit is {limit}. Split it into separate letters."


class NoPages(IngestError):
    code = "no_pages"
    message = "The file contains no pages."


# ---- failures of the machinery (may be transient) ----

class OcrEngineError(IngestError):
    code = "ocr_failed"
    message = "The text recognition engine failed on page {page}. The file will be tried again."
    retryable = True


class StorageError(IngestError):
    code = "storage_failed"
    message = "The file could not be saved to the archive storage. Try again or ask the administrator."
    retryable = True


class StorageFull(IngestError):
    code = "storage_full"
    message = "Storage full: the archive's disk has no space left; free some space and processing resumes by itself."
    retryable = True  # and never final: the document waits for space, however long it takes


class OriginalMissing(IngestError):
    code = "original_missing"
    message = "The stored original of this document is missing from the archive storage."


class InternalError(IngestError):
    code = "internal_error"
    message = "An unexpected error stopped processing. The administrator can see the details in the worker log."


ALL_ERRORS = {cls.code: cls for cls in IngestError.__subclasses__()}

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_FULL_SQLSTATE = "53100"  # PostgreSQL disk_full


_FULL_WORDS = ("No space left on device", "Disk quota exceeded")


def says_storage_full(stderr: bytes | str) -> bool:
    """A tool's error output (Tesseract, qpdf, Ghostscript) blaming a full disk."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    return any(words in text for words in _FULL_WORDS)


def is_storage_full(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what caused it) says a disk or quota is full: an OSError from a
    file write, SQLite's "database or disk is full", PostgreSQL's disk_full."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, StorageFull):
            return True
        if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
            return True
        orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
        for err in (exc, orig):
            if err is None:
                continue
            if getattr(err, "sqlite_errorcode", None) == 13 or "database or disk is full" in str(err):  # SQLITE_FULL
                return True
            if getattr(err, "sqlstate", None) == _FULL_SQLSTATE or getattr(err, "pgcode", None) == _FULL_SQLSTATE:
                return True
        exc = exc.__cause__ or exc.__context__
    return False
