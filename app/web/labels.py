"""Translated labels for stored codes (statuses, sifat, fields, audit actions, ingest errors)."""
from __future__ import annotations

from flask import current_app
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from app.services import localtime
from app.services.i18n import N_
from app.web.domain_messages import has_placeholders, template_values

STATUS = {"queued": _l("queued"), "processing": _l("processing"), "done": _l("done"), "failed": _l("failed"),
          "discarded": _l("discarded"), "destroyed": _l("destroyed")}
SIFAT = {"biasa": _l("ordinary"), "terbatas": _l("limited"), "rahasia": _l("secret"), "sangat_rahasia": _l("top secret")}
URGENSI = {"biasa": _l("ordinary"), "penting": _l("important"), "segera": _l("urgent"), "sangat_segera": _l("very urgent")}
DISPOSITION_STATUS = {"belum_dibaca": _l("unread"), "dibaca": _l("read"), "diproses": _l("in progress"),
                      "selesai": _l("completed"), "dibatalkan": _l("cancelled")}
PHASE = {"aktif": _l("active"), "inaktif": _l("inactive"), "usul_musnah": _l("proposed for disposal"),
         "dimusnahkan": _l("destroyed"), "diserahkan": _l("transferred"), "dinilai_kembali": _l("to re-appraise")}
FINAL_DISPOSITION = {"musnah": _l("destroy"), "permanen": _l("permanent"), "dinilai_kembali": _l("re-appraise")}
TRIGGER = {"letter_date": _l("letter date"), "budget_year_end": _l("end of the budget year"),
           "while_in_force": _l("while in force")}
FIELDS = {
    "nomor": _l("Number"), "nomor_parts": _l("Parts of the number"), "tanggal_surat": _l("Letter date"), "perihal": _l("Subject"), "sender": _l("Sender"),
    "addressee": _l("Addressee"), "lampiran": _l("Attachments"), "signer_name": _l("Signed by"),
    "signer_position": _l("Signer's position"), "sifat": _l("Security"), "urgensi": _l("Urgency"),
    "classification_code": _l("Classification"),
}
ACTIONS = {
    "uploaded": _l("uploaded"), "duplicate_rejected": _l("duplicate upload refused"), "ocr_done": _l("text recognised"),
    "processing_failed": _l("processing failed"), "viewed": _l("viewed"), "downloaded": _l("downloaded"),
    "field_edited": _l("fields corrected"), "field_confirmed": _l("field confirmed"),
    "registered": _l("registered"), "disposed": _l("disposed"),
    "classified": _l("classified"), "upload_rejected": _l("upload refused"),
    "registration_cancelled": _l("registration cancelled"), "registration_handled": _l("handled without disposition"), "disposition_read": _l("disposition read"),
    "disposition_started": _l("disposition in progress"), "disposition_completed": _l("disposition completed"),
    "disposition_cancelled": _l("disposition cancelled"), "hold_set": _l("legal hold placed"),
    "hold_released": _l("legal hold released"), "vital_set": _l("vital-record flag changed"),
    "retention_event_set": _l("retention event date set"), "moved_inactive": _l("moved to inactive"),
    "transferred": _l("transferred to the archive institution"), "proposed": _l("proposed for disposal"),
    "proposal_sent_back": _l("disposal approval withdrawn"), "audit_rekeyed": _l("audit trail keyed"),
    "proposal_item_removed": _l("removed from the disposal proposal"), "proposal_reviewed": _l("disposal proposal reviewed"),
    "approved": _l("disposal approved"), "destroyed": _l("destroyed"), "discarded": _l("upload discarded"),
    "rule_changed": _l("retention rule changed"), "scheme_changed": _l("classification scheme changed"),
    "user_changed": _l("users or organisation changed"),
    "unit_changed": _l("unit changed"), "note_added": _l("note added"), "note_deleted": _l("note deleted"),
}


# Ingest error codes (ingest/errors.py) -> the English message as a msgid, with the
# details (%(name)s) read back from the stored English message. tests/web/test_i18n_messages.py
# checks these against ingest.errors, so a reworded message there shows up here.
INGEST_ERRORS = {
    "ingest_error": N_("The file could not be processed."),
    "empty_file": N_("The file is empty (0 bytes). Scan or export the letter again."),
    "file_too_large": N_("The file is larger than the limit of %(limit_mb)s MB."),
    "not_a_document": N_("This is not a scanned letter but %(kind)s. Only PDF, TIFF, PNG and JPEG files are accepted."),
    "unsupported_type": N_("The file type is not recognised. Only PDF, TIFF, PNG and JPEG files are accepted."),
    "corrupt_pdf": N_("The PDF is damaged or incomplete (it may have been cut off while copying). Export or scan it again."),
    "encrypted_pdf": N_("The PDF is protected by a password. Remove the password and upload it again."),
    "corrupt_image": N_("The image is damaged or incomplete. Scan the letter again."),
    "image_too_large": N_("A page is too large (%(megapixels)s megapixels; the limit is %(limit)s megapixels). "
                          "Scan at a lower resolution (300 dpi is enough)."),
    "too_many_pages": N_("The file has %(pages)s pages; the limit is %(limit)s. Split it into separate letters."),
    "no_pages": N_("The file contains no pages."),
    "ocr_failed": N_("The text recognition engine failed on page %(page)s. The file will be tried again."),
    "storage_failed": N_("The file could not be saved to the archive storage. Try again or ask the administrator."),
    "storage_full": N_("Storage full: the archive's disk has no space left; free some space and processing resumes by itself."),
    "original_missing": N_("The stored original of this document is missing from the archive storage."),
    "internal_error": N_("An unexpected error stopped processing. The administrator can see the details in the worker log."),
}
# What a rejected non-document file turned out to be (ingest.formats.NOT_DOCUMENTS).
INGEST_KINDS = frozenset({
    N_("a ZIP archive (or an Office file)"), N_("an empty ZIP archive"), N_("a Windows program"), N_("a program"),
    N_("a RAR archive"), N_("a 7-Zip archive"), N_("a compressed (gzip) file"), N_("a script"), N_("a GIF image"),
    N_("an RTF text file"), N_("an old Office file"),
})
def ingest_error_message(code: str | None, stored: str | None) -> str:
    """A document's processing error in the reader's language; the stored English text for unknown codes."""
    template = INGEST_ERRORS.get(code or "")
    if template is None:
        return stored or ""
    if not has_placeholders(template):
        return gettext(template)  # also for a custom detail message: the clerk gets the plain reason
    details = template_values(template, stored or "")
    if details is None:
        return stored or gettext(INGEST_ERRORS["ingest_error"])
    details = {k: gettext(v) if v in INGEST_KINDS else v for k, v in details.items()}
    return gettext(template) % details


def _get(table: dict, key: str | None) -> str:
    return str(table.get(key, key or ""))


def status_label(key): return _get(STATUS, key)
def sifat_label(key): return _get(SIFAT, key)
def urgensi_label(key): return _get(URGENSI, key)
def field_label(key): return _get(FIELDS, key)
def action_label(key): return _get(ACTIONS, key).replace("_", " ")
def disposition_status_label(key): return _get(DISPOSITION_STATUS, key)


def facet_value_label(facet: str, value) -> str:
    """A search facet's value as people read it (stored codes translated, years and names as they are)."""
    if facet == "sifat":
        return sifat_label(value)
    if facet == "status":
        return disposition_status_label(value) if value in DISPOSITION_STATUS else str(_OVERDUE if value == "terlambat" else value)
    return str(value)


_OVERDUE = _l("overdue")


def local_time(value, style: str = "datetime") -> str:
    """A stored (UTC) time in the office's zone: "3 Desember 2026 14:33 WIB", or compact for tables."""
    if value is None:
        return "–"
    tz = current_app.extensions["lontar"].settings.timezone
    locale = str(get_locale() or "id")
    if style == "date":
        return localtime.format_date(value, tz, locale)
    if style == "compact":
        return localtime.format_compact(value, tz)
    return localtime.format_datetime(value, tz, locale)


TEMPLATE_HELPERS = {"local_time": local_time, "status_label": status_label, "sifat_label": sifat_label, "urgensi_label": urgensi_label,
                    "field_label": field_label, "action_label": action_label,
                    "facet_value_label": facet_value_label,
                    "ingest_error_message": ingest_error_message}
