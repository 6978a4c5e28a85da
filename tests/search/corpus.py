"""A small archive both engines index for the contract tests."""
from __future__ import annotations

from datetime import date

from search import AccessContext, IndexDoc
from search.model import access_facts

UNIT, OTHER_UNIT, ASSIGNED_POSITION = 10, 20, 99

# A staff member of UNIT (clearance Terbatas), one holding a disposition, and the system.
STAFF = AccessContext(user_id=1, clearance=1, unit_ids=[UNIT], position_ids=[50])
ASSIGNEE = AccessContext(user_id=2, clearance=1, unit_ids=[UNIT], position_ids=[ASSIGNED_POSITION])
SYSTEM = AccessContext.system()


def letters() -> list[IndexDoc]:
    docs = [
        IndexDoc(id=1, pages=["Undangan rapat koordinasi pembangunan jalan kabupaten.",
                              "Lampiran: <script>alert('x')</script> rincian anggaran perubahan."],
                 nomor="600/147/PUPR/I/2024", tanggal=date(2024, 1, 22), perihal="Undangan Rapat Koordinasi",
                 sender="Dinas Pekerjaan Umum", addressee="Camat Penajam", classification_code="600.1",
                 unit_id=UNIT, disposition_statuses=["selesai"]),
        IndexDoc(id=2, pages=["Laporan kegiatan membangun gedung sekolah dasar negeri."],
                 nomor="800/12/DISDIK/V/2023", tanggal=date(2023, 5, 1), perihal="Laporan Kegiatan",
                 sender="Dinas Pendidikan", addressee="Bupati Penajam", classification_code="800.1.2",
                 unit_id=UNIT, disposition_statuses=["diproses"], overdue=True),
        IndexDoc(id=3, pages=["Permohonan bantuan anggaran untuk perbaikan jembalan desa Sotek."],
                 nomor="900/3/BPBD/2022", tanggal=date(2022, 3, 3), perihal="Permohonan Bantuan",
                 sender="Kepala Desa Sotek", classification_code="900.1", unit_id=UNIT),
        IndexDoc(id=4, pages=["Pemeriksaan jembatan gantung desa Sotek: perbaikan jembatan dan anggaran."],
                 nomor="900/4/BPBD/2022", tanggal=date(2022, 11, 10), perihal="Pemeriksaan Jembatan",
                 sender="Badan Perencanaan", classification_code="900.2", unit_id=UNIT),
        IndexDoc(id=5, pages=["Penyelidikan tentang penyelewengan dana jembatan desa Sotek."],
                 nomor="700/5/INSP/2024", tanggal=date(2024, 2, 2), perihal="Hasil Penyelidikan",
                 sender="Inspektorat Wilayah", classification_code="700", sifat="rahasia", sifat_level=2,
                 unit_id=UNIT),
        IndexDoc(id=6, pages=["Rapat evaluasi kepegawaian triwulan."], nomor="800/6/BKD/2024",
                 tanggal=date(2024, 3, 3), perihal="Evaluasi Kepegawaian", sender="Badan Kepegawaian Daerah",
                 classification_code="800.2", unit_id=OTHER_UNIT),
        IndexDoc(id=7, pages=["Telaahan istimewa untuk kepala seksi."], nomor="700/7/INSP/2024",
                 tanggal=date(2024, 4, 4), perihal="Telaahan", sender="Inspektorat Wilayah",
                 classification_code="700.1", sifat="rahasia", sifat_level=2, unit_id=OTHER_UNIT,
                 assignee_position_ids=[ASSIGNED_POSITION], disposition_statuses=["belum_dibaca"]),
    ]
    for n in range(12):                      # for sorting and pagination
        docs.append(IndexDoc(id=100 + n, pages=[f"Surat edaran nomor {n} tentang hari libur nasional."],
                             nomor=f"000/{n}/SETDA/2021", tanggal=date(2021, 1 + n, 1 + n),
                             perihal="Surat Edaran Libur", sender="Sekretariat Daerah",
                             classification_code="000.1", unit_id=UNIT))
    return docs


def readable_by(ctx: AccessContext) -> set[int]:
    return {d.id for d in letters() if ctx.allows(access_facts(d))}
