"""Multi-line blocks of a letter: letterhead (sender), addressee, signature, tembusan."""
from __future__ import annotations

import re

from ingest.fields_text import digits, edit_distance, fuzzy_equal, mostly_upper, squash, titlecase

# Words of regional-government nomenclature (PP 18/2016): OCR slips in the letterhead are
# corrected to the nearest of these.
AGENCY_WORDS = """PEMERINTAH KABUPATEN KOTA PROVINSI DINAS BADAN SEKRETARIAT DAERAH INSPEKTORAT KECAMATAN
KELURAHAN PEKERJAAN UMUM PENATAAN RUANG PENDIDIKAN KESEHATAN KOMUNIKASI INFORMATIKA KEPEGAWAIAN
PENGEMBANGAN SUMBER DAYA MANUSIA PERENCANAAN PEMBANGUNAN PENGELOLAAN KEUANGAN ASET PERPUSTAKAAN
KEARSIPAN SOSIAL LINGKUNGAN HIDUP KEPENDUDUKAN PENCATATAN SIPIL PERHUBUNGAN PENANGGULANGAN BENCANA
PERTANIAN KETAHANAN PANGAN PENANAMAN MODAL PELAYANAN TERPADU SATU PINTU PEMUDA OLAHRAGA KEPALA
SEKRETARIS INSPEKTUR BUPATI WALI GUBERNUR CAMAT DIREKTUR RUMAH SAKIT UMUM PERDAGANGAN PERINDUSTRIAN
KOPERASI USAHA MIKRO PARIWISATA KEBUDAYAAN PERUMAHAN KAWASAN PERMUKIMAN TENAGA KERJA TRANSMIGRASI
PEMBERDAYAAN MASYARAKAT DESA PERLINDUNGAN ANAK PEREMPUAN KELUARGA BERENCANA PENGENDALIAN PENDUDUK
KELAUTAN PERIKANAN PETERNAKAN PERKEBUNAN KEHUTANAN POLISI PAMONG PRAJA KESATUAN BANGSA POLITIK
PENDAPATAN PERTANAHAN ENERGI MINERAL""".split()
ADDRESS_START = re.compile(r"^(jalan|jl\b|jln|laman|telepon|telp|pos-el|email|website|kode pos|alamat)", re.I)
HEADS = ("BUPATI", "WALI KOTA", "WALIKOTA", "GUBERNUR")


def fix_agency_word(word: str) -> str:
    upper = word.upper()
    if upper in AGENCY_WORDS or len(upper) < 4 or not upper.isalpha():
        return word
    for known in AGENCY_WORDS:
        if abs(len(known) - len(upper)) <= 1 and edit_distance(upper, known, 1) <= 1:
            return known if word.isupper() else known.capitalize()
    return word


def fix_agency_words(text: str) -> str:
    """Correct letterhead words; rejoin words OCR split ("PENANGG ULAN GAN" -> "PENANGGULANGAN")."""
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            joined = "".join(words[i:i + size])
            if i + size <= len(words) and joined.upper() not in AGENCY_WORDS and words[i].upper() not in AGENCY_WORDS:
                fixed = fix_agency_word(joined)
                if fixed.upper() in AGENCY_WORDS:
                    out.append(fixed)
                    i += size
                    break
            elif i + size <= len(words) and joined.upper() in AGENCY_WORDS and words[i].upper() not in AGENCY_WORDS:
                out.append(joined)
                i += size
                break
        else:
            out.append(fix_agency_word(words[i]))
            i += 1
    return " ".join(out)


def letterhead(lines: list[str]) -> tuple[str | None, float]:
    """The sender from the letterhead: "PEMERINTAH KABUPATEN X / DINAS Y" -> "Dinas Y Kabupaten X"."""
    head: list[str] = []
    for line in lines[:12]:
        text = squash(line)
        if not text or not any(c.isalpha() for c in text):
            continue
        if ADDRESS_START.match(text) or re.match(r"^(nomor|no\b|yth|nota|surat|keputusan)", text, re.I):
            break
        if not mostly_upper(text) or re.search(r"\d{4}", text):
            break
        words = re.sub(r"[^A-Za-z '-]", "", text).split()
        head.append(" ".join(w for w in words if len(w) > 2 or w in ("DI", "KE")))
    if not head:
        return None, 0.0
    words = fix_agency_words(" ".join(head)).split()
    text = " ".join(words)
    if text.startswith(HEADS):
        return titlecase(text), 0.85
    if words and words[0] == "PEMERINTAH":
        gov, agency = _split_government(words[1:])
        if agency:
            return titlecase(f"{agency} {gov}"), 0.85
        return titlecase(gov), 0.6
    return titlecase(text), 0.5


def _split_government(words: list[str]) -> tuple[str, str]:
    """["KABUPATEN", "PENAJAM", ..., "DINAS", ...] -> ("KABUPATEN PENAJAM ...", "DINAS ...")."""
    starts = {"DINAS", "BADAN", "SEKRETARIAT", "INSPEKTORAT", "KECAMATAN", "RUMAH", "SATUAN", "KANTOR"}
    for i, word in enumerate(words):
        if i and word in starts:
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words), ""


YTH = re.compile(r"^[\W_]*(?:kepada\s+)?y[t1l][hn]\s*[.,]?\s*[:;]?\s*(.*)$", re.I)


def addressee(lines: list[str]) -> tuple[str | None, float]:
    for i, line in enumerate(lines):
        match = YTH.match(line)
        if not match:
            continue
        rest = squash(match.group(1))
        if rest:
            return rest.rstrip(",;"), 0.9
        items = []
        for follower in lines[i + 1:i + 8]:
            text = squash(follower)
            item = re.match(r"^\d+\s*[.)]\s*(.+)$", text)
            if item:
                items.append(item.group(1).rstrip(";,."))
            elif text and (items or fuzzy_equal(text, "di")):
                break
        if items:
            return "; ".join(items), 0.85
    return None, 0.0


NIP = re.compile(r"\bN[I1l|]P\s*[.:,]?\s*[:.]?\s*([0-9OoIlSB| ]{18,26})")
PANGKAT = re.compile(r"\b(pembina|penata|pengatur|juru)\b|\([IV1l!|]+/[a-e]\)", re.I)


def signature(lines: list[str]) -> dict:
    """Signer position, name and NIP from the page that carries the signature."""
    result = {"position": None, "name": None, "nip": None, "confidence": 0.0}
    nip_at = None
    for i in range(len(lines) - 1, -1, -1):
        match = NIP.search(lines[i])
        if match:
            number = digits(match.group(1).replace(" ", ""))
            result["nip"] = number[:18] if len(number) >= 18 else None
            nip_at = i
            break
    position_at = _position_line(lines, nip_at)
    if position_at is None:
        if nip_at is not None:  # the stamp hid the position: the name still sits above the NIP
            result["name"] = _name(lines[max(0, nip_at - 4):nip_at])
            result["confidence"] = 0.5
        return result
    result["position"] = _position(lines, position_at)
    end = nip_at if nip_at is not None else min(len(lines), position_at + 9)
    for i in range(position_at + 1, end):
        if TEMBUSAN.match(lines[i]):
            end = i
            break
    result["name"] = _name(lines[position_at + 1:end])
    result["confidence"] = 0.85 if result["name"] and result["position"] else 0.5
    result["name_confidence"] = name_confidence(result["name"]) if result["name"] else 0.0
    return result


WELL_FORMED_NAME = re.compile(r"^(?:(?:Ir|Dr|Drs|Dra|H|Hj|dr|Prof)\. )*[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)+(?:, (.+))?$")


def name_confidence(name: str) -> float:
    """High when the name reads like one: known titles, capitals, degrees from the list."""
    match = WELL_FORMED_NAME.match(name)
    if not match:
        return 0.55
    degrees = match.group(1)
    if degrees and any(d.strip() not in DEGREES for d in degrees.split(",")):
        return 0.6
    return 0.88


POSITION_WORDS = ("kepala", "sekretaris", "inspektur", "bupati", "wali", "gubernur", "camat", "direktur",
                  "plt", "plh", "asisten", "lurah")


def _position_line(lines: list[str], nip_at: int | None) -> int | None:
    """The signer's position ends with a comma, a few lines above the name and NIP."""
    stop = nip_at if nip_at is not None else len(lines)
    start = max(0, stop - 12) if nip_at is not None else 0
    found = None
    for i in range(start, stop):
        text = lines[i].strip().lstrip(":;.-_—~|“\"' ")
        if text.endswith(",") and len(text) > 5 and (mostly_upper(text) or text[:1].isupper()):
            if not re.search(r"\d", text) and not text.lower().startswith(("demikian", "sehubungan")):
                found = i
    if found is None and nip_at is not None:  # the comma was lost: the last line of a known position
        for i in range(start, stop):
            text = lines[i].strip()
            if text.lower().startswith(POSITION_WORDS) and mostly_upper(text):
                found = i
                while found + 1 < stop and mostly_upper(lines[found + 1]) and not PANGKAT.search(lines[found + 1]) \
                        and len(lines[found + 1].split()) <= 4 and not lines[found + 1].strip().endswith("."):
                    found += 1
                    break
    return found


def _position(lines: list[str], at: int) -> str:
    parts = [lines[at].strip().lstrip(":;.-_—~|“\"' ").rstrip(",")]
    for i in range(at - 1, max(-1, at - 4), -1):
        text = lines[i].strip()
        if not text and i == at - 1 and i > 0 and lines[i - 1].strip().lower().startswith(POSITION_WORDS):
            continue  # OCR put a blank line inside the position
        if not text or text.lower().startswith(("a.n", "an.", "a.n.")) or text.endswith((".", ",", ":")):
            break
        if not mostly_upper(text) and not text[:1].isupper():
            break
        if re.match(r"^(ditetapkan|pada tanggal)", text, re.I):
            break
        parts.insert(0, text)
    text = fix_agency_words(squash(" ".join(parts)).strip(" _-~“”\"'‘’:;,.|"))
    plt = re.match(r"^(p[l1i|]t|p[l1i|]h)\s*\.?\s*", text, re.I)
    prefix = ""
    if plt:
        prefix, text = ("Plh. " if plt.group(1)[-1].lower() == "h" else "Plt. "), text[plt.end():]
    text = " ".join(w.lstrip("_-—~|") for w in text.split() if w.strip("_-—~|"))
    if not text.upper().startswith(HEADS):  # a decree's title line names the region too
        text = re.sub(r"\s+(KABUPATEN|KOTA|Kabupaten|Kota)\s+[A-Za-z ]+$", "", text)
    return prefix + titlecase(text)


def _name(candidates: list[str]) -> str | None:
    """The name-like line nearest above the pangkat and NIP (stamp text and scribbles come earlier)."""
    best = None
    for line in reversed(candidates):
        text = squash(line).strip("“”\"'‘’|_-~:;")
        if not text or PANGKAT.search(text):
            continue
        letters = [c for c in text if c.isalpha()]
        if len(letters) < 5 or len(text.split()) < 2:
            continue
        if mostly_upper(text.split(",")[0]):
            best = text
            break
    if best:
        best = re.sub(r"^[^A-Za-z]+", "", best)
        best = re.sub(r"\s+,", ",", best)
        best = re.sub(r",(?=\S)", ", ", best)
        best = _fix_titles(best)
    return best


DEGREES = ["S.E.", "S.T.", "M.T.", "M.Si.", "S.Sos.", "M.A.P.", "S.H.", "M.H.", "S.Pd.", "M.Pd.", "S.Kom.",
           "S.K.M.", "M.Kes.", "S.STP.", "S.IP.", "M.M.", "S.Si.", "S.Ag.", "S.Ked.", "Ak.", "S.AP.", "M.Eng.",
           "S.Hut.", "S.P.", "M.P.", "S.Psi.", "S.Kep.", "Ns.", "S.Farm.", "Apt.", "M.Kom.", "S.I.Kom.", "Ph.D."]
DEGREE_KEYS = {re.sub(r"[^a-z]", "", d.lower()): d for d in DEGREES}


def _fix_degrees(degrees: str) -> str:
    """", s. E, M.Si." -> ", S.E., M.Si.": degrees are a closed list, spelled one way."""
    out = []
    for piece in degrees.split(","):
        key = re.sub(r"[^a-z]", "", piece.lower())
        out.append(DEGREE_KEYS.get(key, piece.strip()))
    return ", ".join(p for p in out if p)


TITLES = {"h": "H.", "hj": "Hj.", "ir": "Ir.", "drs": "Drs.", "dra": "Dra."}


def _fix_titles(name: str) -> str:
    """Academic and religious titles before the name: "H-AHMAD", "DrS." -> "H. AHMAD", "Drs."."""
    tokens = name.split()
    for i, token in enumerate(tokens[2:], 2):  # "SUBAGIO s. E, M.Si.": the comma before the degrees lost
        if "," in " ".join(tokens[:i]):
            break
        if re.match(r"^[SsMm]\.", token):
            name = " ".join(tokens[:i]) + ", " + " ".join(tokens[i:])
            break
    head, comma, degrees = name.partition(",")
    degrees = " " + _fix_degrees(degrees) if comma else ""
    words = re.split(r"(?<=[.\-:;])(?=[A-Z])|\s+", head)
    out = []
    for n, word in enumerate(w for w in words if w):
        bare = word.strip(".-:;,").lower()
        if bare in TITLES and n < 3 and word.strip(".-:;,") != word.strip(".-:;,").upper() or bare in ("h", "hj"):
            out.append(TITLES[bare])
        elif bare == "dr" and n < 3:
            out.append(word.strip(".-:;,") + ".")
        else:
            out.append(word)
    return " ".join(out) + comma + degrees


TEMBUSAN = re.compile(r"^\s*t[eo]mbu[s5]an\b\s*(?:y[t1]h\s*\.?)?\s*[:;.]?\s*(.*)$", re.I)


def tembusan(lines: list[str]) -> tuple[list[str], float]:
    for i, line in enumerate(lines):
        match = TEMBUSAN.match(line)
        if not match:
            continue
        items: list[str] = []
        pending = match.group(1).strip()
        if pending:
            items.append(pending)
        for follower in lines[i + 1:]:
            text = squash(follower)
            if not text:
                continue
            numbered = re.match(r"^[\W_]*\d{1,2}\s*[.,)]\s*(.*)$", text)
            if numbered:
                items.append(numbered.group(1))
            elif items and not items[-1].endswith("."):
                items[-1] += " " + text
            elif not items:
                items.append(text)
            else:
                break
        return [_clean_item(item) for item in _split_items(items) if _clean_item(item)], 0.85
    return [], 0.9


def _clean_item(item: str) -> str:
    item = re.sub(r"^\W*y?[t1l]h\s*\.?\s*:?", "", squash(item), flags=re.I)
    item = item.rstrip(";.,:|_-~ ")
    return item if sum(c.isalpha() for c in item) >= 3 else ""


def _split_items(items: list[str]) -> list[str]:
    """"A; _ 2. Yth. B" came out as one line: two items."""
    out = []
    for item in items:
        out += re.split(r"[;:]\s*[_\-~|.,]*\s*\d{1,2}\s*[.,)]\s+", item)
    return out
