"""Body text: realistic Indonesian sentences from templates and word lists."""
from __future__ import annotations

import random
from datetime import date, timedelta

from corpus import data


def format_date(day: date) -> str:
    return f"{day.day} {data.MONTHS[day.month - 1]} {day.year}"


def rupiah(rng: random.Random) -> str:
    value = rng.randrange(15, 9_500) * 1000 * rng.choice([1, 10, 100])
    return f"{value:,}".replace(",", ".")


def _fill(template: str, rng: random.Random, ctx: dict) -> str:
    village, village2 = rng.sample(data.VILLAGES, 2)
    month, month2 = sorted(rng.sample(range(12), 2))
    deadline = ctx["date"] + timedelta(days=rng.randrange(5, 30))
    values = {
        "amount": rupiah(rng), "year": ctx["date"].year, "village": village, "village2": village2,
        "count": rng.randrange(3, 480), "n_kec": rng.randrange(2, 12),
        "regulation": rng.choice(data.REGULATIONS), "contact": person_name(rng, titles=False),
        "phone": "".join(str(rng.randrange(10)) for _ in range(rng.randrange(9, 11))),
        "month": data.MONTHS[month], "month2": data.MONTHS[month2], "deadline": format_date(deadline),
    }
    return template.format(**values)


def person_name(rng: random.Random, titles: bool = True) -> str:
    name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
    if not titles:
        return name
    before = rng.choice(data.TITLES_BEFORE)
    after = rng.choice(data.TITLES_AFTER)
    name = f"{before}{name.upper()}"
    return f"{name}, {after}" if after else name


def lower_subject(subject: str) -> str:
    """A subject inside a sentence: lower case except acronyms."""
    return " ".join(w if w in data.ACRONYMS else w.lower() for w in subject.split())


def opening(rng: random.Random, ctx: dict) -> str:
    subject = lower_subject(ctx["perihal"])
    choice = rng.randrange(4)
    if choice == 0:
        return (f"Dalam rangka {rng.choice(data.PURPOSES)}, bersama ini kami sampaikan bahwa "
                f"akan dilaksanakan kegiatan {subject} di lingkungan Pemerintah {ctx['region_full']}.")
    if choice == 1:
        ref = ctx["reference"]
        return (f"Menindaklanjuti surat {ref['from']} Nomor {ref['nomor']} tanggal {ref['date']} "
                f"perihal {ref['hal']}, dengan hormat kami sampaikan hal-hal sebagai berikut.")
    if choice == 2:
        return (f"Berdasarkan {rng.choice(data.REGULATIONS)}, perlu dilakukan langkah-langkah "
                f"{subject} secara terpadu.")
    return (f"Sehubungan dengan {subject} dan untuk {rng.choice(data.PURPOSES)}, "
            f"kami mohon bantuan Saudara untuk {_fill(rng.choice(data.ACTIONS), rng, ctx)}.")


def body_paragraphs(rng: random.Random, ctx: dict, count: int) -> list[str]:
    """``count`` paragraphs: an opening, details and requests, a closing."""
    paragraphs = [opening(rng, ctx)]
    for _ in range(max(0, count - 2)):
        sentences = [_fill(t, rng, ctx) for t in rng.sample(data.DETAILS, rng.randrange(1, 4))]
        if rng.random() < 0.6:
            sentences.append(f"Sehubungan dengan hal tersebut, kami mohon Saudara "
                             f"{_fill(rng.choice(data.ACTIONS), rng, ctx)}.")
        paragraphs.append(" ".join(sentences))
    paragraphs.append(rng.choice(data.CLOSINGS))
    return paragraphs


def reference(rng: random.Random, ctx_date: date, region: str) -> dict:
    """A letter this one answers: another number and date inside the body."""
    code = rng.choice(data.CLASSIFICATION_CODES)
    unit = rng.choice(data.AGENCIES)[1]
    ref_date = ctx_date - timedelta(days=rng.randrange(3, 60))
    return {
        "from": rng.choice(["Gubernur", "Sekretaris Daerah Provinsi", "Kepala Dinas Provinsi",
                            f"Bupati {region}", "Menteri Dalam Negeri"]),
        "nomor": f"{code}/{rng.randrange(1, 999)}/{unit}/{ref_date.year}",
        "date": format_date(ref_date),
        "hal": rng.choice(data.SUBJECT_OBJECTS),
    }


def decree_considerations(rng: random.Random, ctx: dict) -> tuple[list[str], list[str], list[str]]:
    """Menimbang, Mengingat and the diktum of a surat keputusan."""
    subject = lower_subject(ctx["perihal"])
    menimbang = [
        f"bahwa dalam rangka {rng.choice(data.PURPOSES)}, perlu dilakukan {subject};",
        f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
        f"Keputusan tentang {ctx['perihal']};",
    ]
    mengingat = rng.sample(data.REGULATIONS, 3)
    diktum = [
        f"Menetapkan {subject} dengan susunan keanggotaan sebagaimana tercantum dalam Lampiran "
        f"yang merupakan bagian tidak terpisahkan dari Keputusan ini.",
        f"Tugas sebagaimana dimaksud dalam Diktum KESATU dilaksanakan paling lambat bulan "
        f"{rng.choice(data.MONTHS)} {ctx['date'].year}.",
        f"Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada APBD "
        f"Tahun Anggaran {ctx['date'].year}.",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
    ]
    return menimbang, mengingat, diktum
