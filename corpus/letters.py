"""Drawing a letter's facts at random, deterministically by (seed, index)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from corpus import compose, data
from corpus.layout import build_pages
from corpus.model import KINDS, Letter

KIND_WEIGHTS = {"surat_biasa": 40, "undangan": 25, "surat_edaran": 12, "nota_dinas": 13,
                "surat_keputusan": 10}
SIFAT_WEIGHTS = {"biasa": 60, "terbatas": 15, "rahasia": 15, "sangat_rahasia": 10}
URGENSI_WEIGHTS = {"biasa": 55, "penting": 20, "segera": 15, "sangat_segera": 10}
LAMPIRAN = ["1 (satu) berkas", "2 (dua) lembar", "1 (satu) eksemplar", "3 (tiga) berkas",
            "1 (satu) lembar", "5 (lima) lembar"]


def letter_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"lontar-corpus:{seed}:{index}")


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def head_title(region_kind: str) -> str:
    return "Bupati" if region_kind == "Kabupaten" else "Wali Kota"


def draw_nomor(rng: random.Random, unit: str, day: date) -> tuple[str, dict]:
    code = rng.choice(data.CLASSIFICATION_CODES)
    number = str(rng.randrange(1, 2500))
    if rng.random() < 0.15:
        number = number.zfill(3)
    if rng.random() < 0.2:
        unit = f"{unit}{rng.choice(['-', '.'])}{rng.choice(['SEKR', 'BM', 'MUT', 'PK', 'UM', 'KEU', 'P2'])}"
    roman, year = data.ROMAN[day.month - 1], str(day.year)
    shape = rng.choices(range(4), weights=[45, 20, 20, 15])[0]
    if shape == 0:
        raw, parts = f"{code}/{number}/{unit}/{roman}/{year}", {"month_roman": roman, "year": year}
    elif shape == 1:
        raw, parts = f"{code}/{number}/{unit}/{year}", {"month_roman": None, "year": year}
    elif shape == 2:
        raw, parts = f"{code}/{number}/{unit}", {"month_roman": None, "year": None}
    else:
        raw, parts = f"{code}/{unit}/{number}/{year}", {"month_roman": None, "year": year}
    parts.update({"classification_code": code, "number": number, "unit": unit})
    return raw, parts


def draw_signer(rng: random.Random, ctx: dict) -> dict:
    if ctx["from_head"]:
        position = f"{ctx['head']} {ctx['region']}"
        return {"position": position, "on_behalf": None, "name": compose.person_name(rng),
                "nip": None, "pangkat": None}
    on_behalf = None
    agency = ctx["agency"]
    if agency == "Sekretariat Daerah":
        position = "Sekretaris Daerah"
        if rng.random() < 0.6:
            on_behalf = f"{ctx['head']} {ctx['region']}"
    elif agency.startswith("Inspektorat"):
        position = "Inspektur Daerah"
    else:
        position = f"Kepala {agency}"
        if rng.random() < 0.15:
            position = f"Plt. {position}"
    birth = date(rng.randrange(1965, 1990), rng.randrange(1, 13), rng.randrange(1, 29))
    start = (birth.year + rng.randrange(22, 30), rng.randrange(1, 13))
    nip = f"{birth:%Y%m%d}{start[0]}{start[1]:02d}{rng.choice('12')}{rng.randrange(1, 1000):03d}"
    return {"position": position, "on_behalf": on_behalf, "name": compose.person_name(rng),
            "nip": nip, "pangkat": rng.choice(data.PANGKAT)}


def draw_context(rng: random.Random, kind: str) -> dict:
    region_kind, region, capital, zone = rng.choice(data.REGIONS)
    agency, unit, slug = rng.choice(data.AGENCIES)
    head = head_title(region_kind)
    from_head = kind in ("surat_biasa", "surat_edaran", "surat_keputusan") and rng.random() < 0.12
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 7 * 365))
    ctx = {
        "kind": kind, "region_kind": region_kind, "region": region, "capital": capital,
        "zone": zone, "agency": agency, "unit": unit, "slug": slug, "head": head,
        "region_full": f"{region_kind} {region}", "from_head": from_head, "date": day,
        "street": rng.choice(data.STREETS), "phone": f"(0{rng.randrange(211, 779)}) {rng.randrange(21000, 79999)}",
        "postcode": str(rng.randrange(10000, 99999)),
    }
    if from_head:
        ctx["unit"] = rng.choice(["SETDA", "BAG.UM", "Bag.Org", "HK", "PEM"])
    ctx["sender"] = f"{head} {region}" if from_head else f"{agency} {region_kind} {region}"
    ctx["perihal"] = draw_subject(rng, kind, day)
    ctx["reference"] = compose.reference(rng, day, region)
    ctx["signer"] = draw_signer(rng, ctx)
    return ctx


def draw_subject(rng: random.Random, kind: str, day: date) -> str:
    obj = rng.choice(data.SUBJECT_OBJECTS)
    if kind == "surat_keputusan":
        return f"{rng.choice(data.DECREE_SUBJECTS)} {obj} Tahun {day.year}"
    if kind == "undangan":
        prefix = rng.choice(["Undangan Rapat Koordinasi", "Undangan Bimbingan Teknis", "Undangan",
                             "Undangan Rapat Evaluasi", "Undangan Sosialisasi"])
    elif kind == "surat_edaran":
        prefix = rng.choice(["Pelaksanaan", "Percepatan", "Penerapan", "Peningkatan", "Tertib"])
    else:
        prefix = rng.choice(data.SUBJECT_PREFIXES)
    subject = f"{prefix} {obj}"
    if rng.random() < 0.35:
        subject += f" Tahun {day.year}"
    return subject


def draw_marks(rng: random.Random, kind: str, ctx: dict) -> dict:
    """Sifat, urgensi and how they are printed; lampiran; addressee; tembusan."""
    has_block = kind in ("surat_biasa", "undangan", "nota_dinas")
    sifat = _weighted(rng, SIFAT_WEIGHTS) if has_block else "biasa"
    urgensi = _weighted(rng, URGENSI_WEIGHTS) if has_block else "biasa"
    if sifat == "biasa" and urgensi != "biasa" and rng.random() < 0.6:
        mode = "urgency_as_sifat"
    elif urgensi != "biasa" and rng.random() < 0.15:
        mode = "combined"
    else:
        mode = "separate" if urgensi != "biasa" else "sifat_only"
    lampiran = rng.choice(LAMPIRAN) if has_block and rng.random() < 0.55 else None
    if kind == "surat_keputusan":
        addressees = []
    elif kind == "surat_edaran":
        addressees = rng.sample([r for r in data.ADDRESSEE_ROLES if r.startswith("Para")], rng.randrange(1, 3))
    else:
        role = rng.choice(data.ADDRESSEE_ROLES)
        if not role.startswith("Para") and rng.random() < 0.4:
            role += f" {ctx['region_full']}"
        addressees = [role]
    tembusan = []
    if kind != "surat_keputusan" and rng.random() < 0.7:
        roles = rng.sample(data.TEMBUSAN_ROLES[:-1], rng.randrange(1, 4))
        tembusan = [r.format(head=ctx["head"], region=ctx["region"]) for r in roles]
        if rng.random() < 0.5:
            tembusan.append("Arsip")
    return {"sifat": sifat, "urgensi": urgensi, "sifat_mode": mode, "lampiran": lampiran,
            "addressees": addressees, "tembusan": tembusan}


def generate_letter(seed: int, index: int, single_page: bool = False) -> Letter:
    """The letter number ``index`` of the corpus ``seed``: same inputs, same letter."""
    rng = letter_rng(seed, index)
    kind = _weighted(rng, KIND_WEIGHTS)
    ctx = draw_context(rng, kind)
    ctx.update(draw_marks(rng, kind, ctx))
    ctx["nomor"], ctx["nomor_parts"] = draw_nomor(rng, ctx["unit"], ctx["date"])
    ctx["multi_page"] = not single_page and rng.random() < 0.2
    ctx["font"] = rng.choice(["serif", "serif", "sans"])
    pages = build_pages(rng, ctx, single_page=single_page)
    letter_id = f"s{seed}-{index:06d}"
    return Letter(id=letter_id, seed=seed, index=index, kind=kind, fields=true_fields(ctx),
                  pages=pages, font=ctx["font"], look=draw_look(rng, len(pages)))


def true_fields(ctx: dict) -> dict:
    signer = ctx["signer"]
    return {
        "nomor": ctx["nomor"],
        "nomor_parts": ctx["nomor_parts"],
        "classification_code": ctx["nomor_parts"]["classification_code"],
        "tanggal_surat": ctx["date"].isoformat(),
        "perihal": ctx["perihal"],
        "sifat": ctx["sifat"],
        "urgensi": ctx["urgensi"],
        "lampiran": ctx["lampiran"],
        "sender": ctx["sender"],
        "addressee": "; ".join(ctx["addressees"]) or None,
        "signer_name": signer["name"],
        "signer_position": signer["position"],
        "signer_nip": signer["nip"],
        "tembusan": list(ctx["tembusan"]),
        "kind": ctx["kind"],
    }


def draw_look(rng: random.Random, page_count: int) -> dict:
    """Scan artefacts drawn with the letter so that a re-render is identical."""
    rotations = [rng.choices([0, 90, 180, 270], weights=[88, 5, 5, 2])[0] for _ in range(page_count)]
    return {
        "dpi": rng.choice([200, 240, 300]),
        "skew": [round(rng.uniform(-3, 3), 2) for _ in range(page_count)],
        "rotations": rotations,
        "blur": round(rng.uniform(0, 1.1), 2),
        "noise": round(rng.uniform(4, 18), 1),
        "jpeg_quality": rng.randrange(35, 85),
        "lighting": round(rng.uniform(0, 0.25), 2),
        "light_angle": rng.randrange(0, 360),
        "stamp": rng.random() < 0.7,
        "signature": rng.random() < 0.9,
        "seed": rng.randrange(1 << 30),
    }


__all__ = ["generate_letter", "KINDS"]
