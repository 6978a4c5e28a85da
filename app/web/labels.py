"""Translated labels for stored codes (statuses, sifat, fields, audit actions)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS = {"queued": _l("queued"), "processing": _l("processing"), "done": _l("done"), "failed": _l("failed"),
          "discarded": _l("discarded"), "destroyed": _l("destroyed")}
SIFAT = {"biasa": _l("ordinary"), "terbatas": _l("limited"), "rahasia": _l("secret"), "sangat_rahasia": _l("top secret")}
URGENSI = {"biasa": _l("ordinary"), "penting": _l("important"), "segera": _l("urgent"), "sangat_segera": _l("very urgent")}
FIELDS = {
    "nomor": _l("Number"), "tanggal_surat": _l("Letter date"), "perihal": _l("Subject"), "sender": _l("Sender"),
    "addressee": _l("Addressee"), "lampiran": _l("Attachments"), "signer_name": _l("Signed by"),
    "signer_position": _l("Signer's position"), "sifat": _l("Security"), "urgensi": _l("Urgency"),
    "classification_code": _l("Classification"),
}
ACTIONS = {
    "uploaded": _l("uploaded"), "duplicate_rejected": _l("duplicate upload refused"), "ocr_done": _l("text recognised"),
    "processing_failed": _l("processing failed"), "viewed": _l("viewed"), "downloaded": _l("downloaded"),
    "field_edited": _l("fields corrected"), "registered": _l("registered"), "disposed": _l("disposed"),
    "classified": _l("classified"),
}


def _get(table: dict, key: str | None) -> str:
    return str(table.get(key, key or ""))


def status_label(key): return _get(STATUS, key)
def sifat_label(key): return _get(SIFAT, key)
def urgensi_label(key): return _get(URGENSI, key)
def field_label(key): return _get(FIELDS, key)
def action_label(key): return _get(ACTIONS, key).replace("_", " ")


TEMPLATE_HELPERS = {"status_label": status_label, "sifat_label": sifat_label, "urgensi_label": urgensi_label,
                    "field_label": field_label, "action_label": action_label}
