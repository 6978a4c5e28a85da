"""Building blocks for tests: an organisation, users, documents with text.

Documents made here skip OCR (their pages carry given text); tests of the OCR path use
real files through ``ingest``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.models import Document, DocumentStatus, Page, Position, Unit, User
from app.services.users import create_user

PASSWORD = "rahasia-uji-123"


@dataclass
class Org:
    """A small office: Dinas with two bidang, a seksi below one of them."""

    dinas: Unit
    bidang_a: Unit
    bidang_b: Unit
    seksi_a1: Unit
    kepala_dinas: Position
    kabid_a: Position
    kabid_b: Position
    kasi_a1: Position
    staf_a1: Position
    users: dict[str, User]


def make_org(session: Session) -> Org:
    dinas = Unit(code="DISDIK", name="Dinas Pendidikan")
    session.add(dinas)
    session.flush()
    bidang_a = Unit(code="DISDIK-A", name="Bidang Pendidikan Dasar", parent_id=dinas.id)
    bidang_b = Unit(code="DISDIK-B", name="Bidang Sekretariat", parent_id=dinas.id)
    session.add_all([bidang_a, bidang_b])
    session.flush()
    seksi = Unit(code="DISDIK-A1", name="Seksi Kurikulum", parent_id=bidang_a.id)
    session.add(seksi)
    session.flush()
    kadis = Position(name="Kepala Dinas", unit_id=dinas.id)
    session.add(kadis)
    session.flush()
    kabid_a = Position(name="Kepala Bidang Pendidikan Dasar", unit_id=bidang_a.id, parent_id=kadis.id)
    kabid_b = Position(name="Sekretaris", unit_id=bidang_b.id, parent_id=kadis.id)
    session.add_all([kabid_a, kabid_b])
    session.flush()
    kasi = Position(name="Kepala Seksi Kurikulum", unit_id=seksi.id, parent_id=kabid_a.id)
    session.add(kasi)
    session.flush()
    staf = Position(name="Staf Seksi Kurikulum", unit_id=seksi.id, parent_id=kasi.id)
    session.add(staf)
    session.flush()
    users = {
        "admin": create_user(session, "admin", PASSWORD, "admin"),
        "arsiparis": create_user(session, "arsiparis", PASSWORD, "arsiparis", position_id=kabid_b.id),
        "kadis": create_user(session, "kadis", PASSWORD, "pejabat", position_id=kadis.id),
        "kabid_a": create_user(session, "kabid_a", PASSWORD, "pejabat", position_id=kabid_a.id),
        "kabid_b": create_user(session, "kabid_b", PASSWORD, "pejabat", position_id=kabid_b.id),
        "kasi": create_user(session, "kasi", PASSWORD, "pejabat", position_id=kasi.id),
        "staf": create_user(session, "staf", PASSWORD, "staf", position_id=staf.id),
        "records": create_user(session, "records", PASSWORD, "pengelola_arsip", position_id=kabid_b.id),
    }
    return Org(dinas, bidang_a, bidang_b, seksi, kadis, kabid_a, kabid_b, kasi, staf, users)


def make_document(
    session: Session,
    pages: list[str],
    *,
    nomor: str | None = None,
    perihal: str | None = None,
    sender: str | None = None,
    tanggal_surat: date | None = None,
    sifat: str = "biasa",
    unit_id: int | None = None,
    classification_code: str | None = None,
    sifat_confirmed: bool = True,
    **fields,
) -> Document:
    """A processed document whose pages carry the given text (no OCR); its sifat confirmed
    unless ``sifat_confirmed=False`` (a reading a person has not checked yet)."""
    checksum = hashlib.sha256(("\f".join(pages) + repr(sorted(fields.items())) + str(nomor)
                               + ("" if sifat_confirmed else "?")).encode()).hexdigest()
    doc = Document(
        checksum=checksum,
        original_filename=f"{checksum[:8]}.pdf",
        mime_type="application/pdf",
        status=DocumentStatus.DONE.value,
        page_count=len(pages),
        pages_done=len(pages),
        nomor=nomor,
        perihal=perihal,
        sender=sender,
        tanggal_surat=tanggal_surat,
        sifat=sifat,
        unit_id=unit_id,
        classification_code=classification_code,
        sifat_confirmed=sifat_confirmed,
        field_meta={},
        **fields,
    )
    doc.pages = [Page(number=i + 1, text=text) for i, text in enumerate(pages)]
    session.add(doc)
    session.flush()
    return doc
