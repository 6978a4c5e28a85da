"""Which Indonesian stemmer Lontar indexes with: Snowball (PyStemmer) or Sastrawi (issue 4).

Quality is measured on a gold list of word families typical of government letters, written
from Indonesian morphology (KBBI roots). Each family is ``root: form form ...``; a root of
``?`` means the family is real but its KBBI root is debatable (setuju/tuju, sesuai/suai,
pegawai/gawai, keluar/luar): such families count for conflation and collisions, not for
root accuracy. Forms are single tokens because Lontar's tokenizer splits on hyphens
(``bersama-sama`` is indexed as ``bersama`` + ``sama``), so reduplication never reaches the
stemmer. Compounds written as one token (ditindaklanjuti) have the joined root. The last
families are decoys: real words that either engine's wrong stems produced in a first run
(masalah -> masa, memohon -> pohon, berikan -> ikan, kerusakan -> rusa, ...), so a wrong strip
that lands on a real word counts as the collision it is in a search.

Measures:
- root accuracy: share of (form, root) pairs whose stem is exactly the root;
- conflation: share of word pairs within one family that get the same stem (what a search
  for one form needs to find the others), and share of families fully conflated;
- over-stemming: pairs of distinct families that share a stem (a search for one finds the
  other: perdana -> dana), listed;
- speed: every indexable token (> 3 letters, not a number, as ``search.stemming.stems``
  filters) of N generated text-only letters; cold = each distinct word stemmed once by a
  fresh stemmer, cached = the whole token stream through a per-word cache as Lontar runs it;
  results page = the distinct tokens of 10 letters stemmed by a fresh stemmer, what snippet
  matching (``search.highlight.Matcher``) pays at query time for page words not yet cached.

    .venv/bin/python -m bench.stemmer_choice --letters 2000
"""
from __future__ import annotations

import argparse
import time
from itertools import combinations
from typing import Callable

from corpus.archive import archive_records
from search.text import tokens

FAMILIES = """
bangun: bangun membangun pembangunan dibangun bangunan
lapor: lapor laporan pelaporan melaporkan dilaporkan
laksana: pelaksanaan melaksanakan dilaksanakan terlaksana pelaksana pelaksanaannya laksanakanlah
layan: layanan pelayanan melayani dilayani
tulis: tulis menulis penulisan tertulis ditulis tulisan tulisannya
tentu: tentu ketentuan menentukan ditentukan tertentu penentuan
tetap: tetap menetapkan penetapan ditetapkan ketetapan
tugas: tugas bertugas penugasan ditugaskan menugaskan petugas
terima: terima penerimaan diterima menerima
sampai: sampai menyampaikan disampaikan penyampaian sampaikan
serah: serah penyerahan menyerahkan diserahkan
sedia: sedia penyediaan menyediakan tersedia persediaan ketersediaan
selenggara: penyelenggaraan menyelenggarakan diselenggarakan terselenggara
simpan: simpan penyimpanan menyimpan disimpan simpanan
siap: siap persiapan menyiapkan disiapkan kesiapan
satu: satu kesatuan persatuan bersatu menyatukan
sebut: sebut tersebut disebutkan menyebutkan sebutan
nyata: nyata kenyataan menyatakan dinyatakan pernyataan
guna: guna penggunaan menggunakan digunakan pengguna kegunaan
kelola: kelola pengelolaan mengelola dikelola pengelola
kirim: kirim pengiriman mengirimkan dikirim kiriman terkirim
kembang: kembang pengembangan mengembangkan perkembangan berkembang
kenal: kenal mengenal dikenal pengenalan perkenalan
kena: kena mengenai dikenakan pengenaan
hitung: hitung perhitungan menghitung dihitung terhitung
hadir: hadir kehadiran menghadiri dihadiri
hubung: hubungan berhubungan menghubungi dihubungi sehubungan
harap: harap harapan mengharapkan diharapkan berharap
atur: atur peraturan mengatur diatur pengaturan teratur
awas: awas pengawasan mengawasi diawasi pengawas
angkat: angkat pengangkatan mengangkat diangkat
ukur: ukur pengukuran mengukur diukur ukuran
ubah: ubah perubahan mengubah diubah berubah
urus: urus pengurus pengurusan mengurus diurus kepengurusan
undang: undang undangan mengundang diundang
usul: usul usulan mengusulkan diusulkan pengusulan
ikut: ikut mengikuti diikuti
izin: izin perizinan mengizinkan diizinkan
ingat: ingat peringatan memperingati diingatkan mengingat
ada: pengadaan diadakan mengadakan keadaan berada
tindak: tindak tindakan menindak penindakan ditindak
tanya: tanya pertanyaan bertanya menanyakan ditanyakan
tanggap: tanggapan menanggapi ditanggapi
temu: temu pertemuan bertemu menemui ditemukan penemuan
tertib: tertib ketertiban menertibkan penertiban
tutup: tutup penutupan menutup ditutup tertutup
tambah: tambah tambahan penambahan menambahkan ditambah bertambah
timbang: pertimbangan menimbang mempertimbangkan dipertimbangkan
dasar: dasar berdasarkan mendasari dasarnya
data: data pendataan mendata
didik: didik pendidikan mendidik pendidik terdidik
daftar: daftar pendaftaran mendaftar terdaftar didaftarkan
dengar: dengar pendengaran mendengar didengar terdengar
jawab: jawab jawaban menjawab dijawab
jabat: jabat jabatan pejabat menjabat
jaga: jaga penjagaan menjaga dijaga
jalan: jalan perjalanan menjalankan dijalankan berjalan
cari: cari pencarian mencari dicari
catat: catat catatan pencatatan mencatat dicatat tercatat
cetak: cetak pencetakan mencetak dicetak cetakan
bina: bina pembinaan membina dibina pembina
bayar: bayar pembayaran membayar dibayarkan
bantu: bantu bantuan membantu dibantu pembantu bantuannya
buka: buka pembukaan membuka dibuka terbuka keterbukaan
beri: beri memberikan diberikan pemberian berikan
biaya: biaya pembiayaan membiayai dibiayai
pakai: pakai pemakaian memakai dipakai pakaian
panggil: panggil pemanggilan memanggil dipanggil panggilan
periksa: periksa pemeriksaan memeriksa diperiksa pemeriksa
pimpin: pimpin pimpinan pemimpin memimpin dipimpin kepemimpinan
pinjam: pinjam peminjaman meminjam dipinjam pinjaman
putus: putus keputusan memutuskan diputuskan
perlu: perlu keperluan diperlukan memerlukan perlunya
perintah: perintah pemerintah pemerintahan memerintahkan diperintahkan
musnah: musnah pemusnahan memusnahkan dimusnahkan
mohon: mohon permohonan memohon pemohon dimohon
minta: minta permintaan meminta diminta
rencana: rencana perencanaan merencanakan direncanakan
rusak: rusak kerusakan merusak perusakan
wakil: wakil perwakilan mewakili diwakili wakilnya
lampir: lampiran melampirkan dilampirkan terlampir
lengkap: lengkap kelengkapan melengkapi dilengkapi perlengkapan
lanjut: lanjut lanjutan melanjutkan dilanjutkan selanjutnya kelanjutan
lindung: lindung perlindungan melindungi dilindungi pelindung
nilai: nilai penilaian menilai dinilai
baik: baik perbaikan memperbaiki diperbaiki sebaiknya
baru: baru pembaruan memperbarui diperbarui terbaru
hati: perhatian memperhatikan diperhatikan perhatikanlah
henti: henti pemberhentian diberhentikan berhenti menghentikan
pindah: pindah perpindahan pemindahan dipindahkan berpindah
naik: naik kenaikan menaikkan dinaikkan
pangkat: pangkat kepangkatan berpangkat
kurang: kurang kekurangan mengurangi pengurangan dikurangi
masuk: masuk pemasukan memasukkan dimasukkan masukan
aman: aman keamanan mengamankan pengamanan diamankan
sehat: sehat kesehatan menyehatkan
uang: uang keuangan
anggar: anggaran penganggaran dianggarkan
dana: dana pendanaan didanai
perdana: perdana
ajar: ajaran pelajaran belajar mengajar pengajar pelajar
kerja: kerja pekerjaan bekerja mengerjakan dikerjakan pekerja
usaha: usaha perusahaan pengusaha berusaha diusahakan
rumah: rumah perumahan
tani: tani pertanian petani
tanah: tanah pertanahan
masalah: masalah permasalahan bermasalah
janji: janji perjanjian berjanji dijanjikan
tanggal: tanggal bertanggal tertanggal
terang: terang penerangan menerangkan keterangan diterangkan
bersih: bersih kebersihan membersihkan dibersihkan
berita: berita pemberitaan diberitakan
peran: peran berperan peranan
pesan: pesan pesanan memesan dipesan
arsip: arsip kearsipan pengarsipan diarsipkan
surat: surat persuratan menyurati
camat: camat kecamatan
lurah: lurah kelurahan
diskusi: diskusi mendiskusikan didiskusikan
koordinasi: koordinasi berkoordinasi mengoordinasikan dikoordinasikan
sosialisasi: sosialisasi menyosialisasikan disosialisasikan
tuju: tujuan menuju ditujukan bertujuan
dinas: dinas
kepala: kepala
beritahu: pemberitahuan memberitahukan diberitahukan beritahukan
tandatangan: ditandatangani menandatangani penandatanganan
tindaklanjut: ditindaklanjuti menindaklanjuti
?setuju: setuju persetujuan menyetujui disetujui
?sesuai: sesuai menyesuaikan penyesuaian disesuaikan
?pegawai: pegawai kepegawaian
?keluar: keluar pengeluaran mengeluarkan dikeluarkan
masa: masa
ikan: ikan
pohon: pohon
pala: pala
rusa: rusa
nila: nila
"""

Stem = Callable[[str], str]


def families() -> list[tuple[str | None, list[str]]]:
    """(root or None when debatable, forms) per family of the gold list."""
    out = []
    for line in FAMILIES.strip().splitlines():
        label, forms = line.split(":")
        root = None if label.startswith("?") else label
        out.append((root, forms.split()))
    return out


def engines() -> dict[str, Callable[[], Stem]]:
    """Engine name -> factory of a fresh, uncached single-word stemmer."""
    def none() -> Stem:
        return lambda word: word

    def pystemmer() -> Stem:
        import Stemmer
        return Stemmer.Stemmer("indonesian").stemWord

    def sastrawi(shipped: bool = False) -> Stem:
        from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
        from Sastrawi.Stemmer.Stemmer import Stemmer as Sastrawi
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
        dictionary = ArrayDictionary(StemmerFactory().get_words())
        if not shipped:   # 1.0.1 looks roots up in a 30k-word list; a set gives the same stems
            dictionary.words = frozenset(dictionary.words)
        return Sastrawi(dictionary).stem_word

    return {"none": none, "pystemmer-indonesian": pystemmer, "sastrawi (set dictionary)": sastrawi,
            SHIPPED: lambda: sastrawi(shipped=True)}


SHIPPED = "sastrawi 1.0.1 as shipped"
SHIPPED_SAMPLE = 200   # its list lookups take ms per word: time a sample of the distinct words


def quality(stem: Stem, fams: list[tuple[str | None, list[str]]]) -> dict:
    stemmed = [(root, {form: stem(form) for form in forms}) for root, forms in fams]
    pairs = [(form, root, s) for root, m in stemmed if root for form, s in m.items()]
    within = [a == b for _, m in stemmed for a, b in combinations(m.values(), 2)]
    stem_sets = [set(m.values()) for _, m in stemmed]
    collisions = []
    for (i, a), (j, b) in combinations(enumerate(stem_sets), 2):
        shared = a & b
        if shared:
            collisions.append(f"{label(fams[i])}/{label(fams[j])} ({', '.join(sorted(shared))})")
    return {
        "pairs": len(pairs),
        "root_accuracy": sum(s == root for _, root, s in pairs) / len(pairs),
        "conflation_pairs": sum(within) / len(within),
        "families_conflated": sum(len(s) == 1 for s in stem_sets) / len(fams),
        "collisions": collisions,
        "wrong": [f"{form}->{s} (root {root})" for form, root, s in pairs if s != root],
    }


def label(family: tuple[str | None, list[str]]) -> str:
    return family[0] or family[1][0]


def corpus_tokens(letters: int, seed: int) -> list[str]:
    """Every token Lontar would stem in the letters' pages (stems() skips short words, numbers)."""
    out: list[str] = []
    for record in archive_records(letters, seed):
        for page in record["pages"]:
            out.extend(t for t in tokens(page) if len(t) > 3 and not t.isdigit())
    return out


def speed(factory: Callable[[], Stem], stream: list[str], page: list[str],
          sample: int | None = None) -> dict:
    """Stemming rates; ``page`` is the distinct tokens of a 10-letter results page."""
    stem = factory()
    started = time.perf_counter()
    for word in page:
        stem(word)
    page_ms = 1000 * (time.perf_counter() - started)
    distinct = list(dict.fromkeys(stream))
    stem = factory()
    started = time.perf_counter()
    for word in distinct[:sample]:
        stem(word)
    cold_rate = len(distinct[:sample]) / (time.perf_counter() - started)
    if sample:            # cached stream estimated: one cold stem per distinct word
        seconds = len(distinct) / cold_rate
        return {"cold_words_per_s": cold_rate, "cached_tokens_per_s": len(stream) / seconds,
                "cached_seconds": seconds, "page_ms": page_ms}
    stem, cache = factory(), {}
    started = time.perf_counter()
    for word in stream:
        if word not in cache:
            cache[word] = stem(word)
    cached = time.perf_counter() - started
    return {"cold_words_per_s": cold_rate, "cached_tokens_per_s": len(stream) / cached,
            "cached_seconds": cached, "page_ms": page_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--details", action="store_true", help="list wrong roots and collisions")
    args = parser.parse_args()
    fams = families()
    stream = corpus_tokens(args.letters, args.seed)
    page = list(dict.fromkeys(corpus_tokens(10, args.seed)))
    print(f"gold: {len(fams)} families, {sum(len(f) for _, f in fams)} forms; corpus: {args.letters} "
          f"letters, {len(stream)} stemmed tokens, {len(set(stream))} distinct")
    print("\n| engine | root accuracy (pairs) | conflation: word pairs / families | colliding family pairs "
          "| cold distinct words/s | cached tokens/s | ms per 1,000 letters (cached) "
          "| cold 10-letter results page, ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    details = []
    for name, factory in engines().items():
        shipped = name == SHIPPED
        q = quality(factory(), fams) if not shipped else details[-1][1]   # same stems, only slower
        s = speed(factory, stream, page, SHIPPED_SAMPLE if shipped else None)
        print(f"| {name} | {q['root_accuracy']:.3f} ({q['pairs']}) | {q['conflation_pairs']:.3f} / "
              f"{q['families_conflated']:.3f} | {len(q['collisions'])} | {s['cold_words_per_s']:,.0f} | "
              f"{s['cached_tokens_per_s']:,.0f} | {1000 * s['cached_seconds'] * 1000 / args.letters:,.1f} | "
              f"{s['page_ms']:,.1f} |")
        if not shipped:
            details.append((name, q))
    if args.details:
        for name, q in details[1:]:
            print(f"\n{name}: collisions: {'; '.join(q['collisions']) or '-'}")
            print(f"{name}: wrong roots ({len(q['wrong'])}): {', '.join(q['wrong'])}")


if __name__ == "__main__":
    main()
