"""Layouts per kind of letter: each returns (head lines, body chunks, tail lines)."""
from __future__ import annotations

import random

from corpus import compose, data
from corpus.layout import (DISPLAY, BODY_WIDTH, Line, kop, label_line, numbered, paragraph,
                           sifat_lines, signature, tembusan, wrap)

Chunks = list[list[Line]]


def _addressee_block(rng: random.Random, ctx: dict) -> list[Line]:
    addressees = ctx["addressees"]
    place = rng.choice(["Tempat", ctx["capital"]])
    if len(addressees) > 1:
        lines = [Line("Yth.")] + numbered(addressees, indent=4.0)
    elif rng.random() < 0.3:
        lines = [Line("Kepada"), Line(f"Yth. {addressees[0]}")]
    else:
        lines = [Line(f"Yth. {addressees[0]}")]
    return lines + [Line("di"), Line(place, indent=8.0)]


def _body(rng: random.Random, ctx: dict, count: int, indent: float = 0.0) -> Chunks:
    chunks: Chunks = []
    for text in compose.body_paragraphs(rng, ctx, count):
        chunks += [[Line()], paragraph(text, indent=indent, first_indent=10.0 if rng.random() < 0.7 else 0.0,
                                       width=BODY_WIDTH - int(indent / 2.2))]
    return chunks


def _field_block(rng: random.Random, ctx: dict) -> list[Line]:
    date_text = f"{ctx['capital']}, {compose.format_date(ctx['date'])}"
    beside = rng.random() < 0.4
    lines: list[Line] = [] if beside else [Line(date_text, align="right"), Line()]
    lines += label_line("Nomor", ctx["nomor"], right=date_text if beside else None)
    lines += sifat_lines(rng, ctx)
    lines += label_line("Lampiran", ctx["lampiran"] or "-")
    lines += label_line(rng.choice(["Hal", "Hal", "Perihal"]), ctx["perihal"], width=48)
    return lines


def surat_biasa(rng: random.Random, ctx: dict) -> tuple[list[Line], Chunks, list[Line]]:
    head = kop(ctx) + _field_block(rng, ctx) + [Line()] + _addressee_block(rng, ctx)
    body = _body(rng, ctx, rng.randrange(3, 6))
    tail = [Line()] + signature(rng, ctx) + tembusan(rng, ctx["tembusan"])
    return head, body, tail


def undangan(rng: random.Random, ctx: dict) -> tuple[list[Line], Chunks, list[Line]]:
    head = kop(ctx) + _field_block(rng, ctx) + [Line()] + _addressee_block(rng, ctx)
    paragraphs = compose.body_paragraphs(rng, ctx, 3)
    event = ctx["date"].toordinal() + rng.randrange(3, 20)
    from datetime import date
    day = date.fromordinal(event)
    hour = rng.choice(["08.00", "08.30", "09.00", "10.00", "13.30", "14.00"])
    details = (label_line("Hari/Tanggal", f"{data.WEEKDAYS[day.weekday()]}, {compose.format_date(day)}",
                          indent=10.0, label_width=28.0)
               + label_line("Pukul", f"{hour} {ctx['zone']} s.d. selesai", indent=10.0, label_width=28.0)
               + label_line("Tempat", rng.choice(data.VENUES), indent=10.0, label_width=28.0)
               + label_line("Acara", ctx["perihal"].replace("Undangan ", ""), indent=10.0, label_width=28.0,
                            width=44))
    invite = ("Sehubungan dengan hal tersebut, dengan hormat kami mengundang Bapak/Ibu "
              "untuk hadir pada kegiatan yang akan dilaksanakan pada:")
    body = [[Line()], paragraph(paragraphs[0], first_indent=10.0), [Line()], paragraph(invite),
            [Line()] + details, [Line()], paragraph(paragraphs[1], first_indent=10.0),
            [Line()], paragraph(paragraphs[2], first_indent=10.0)]
    tail = [Line()] + signature(rng, ctx) + tembusan(rng, ctx["tembusan"])
    return head, body, tail


def nota_dinas(rng: random.Random, ctx: dict) -> tuple[list[Line], Chunks, list[Line]]:
    date_text = compose.format_date(ctx["date"])
    head = kop(ctx) + [Line("NOTA DINAS", style="title", align="center"), Line()]
    head += label_line("Yth.", ctx["addressees"][0])
    head += label_line("Dari", ctx["signer"]["position"])
    head += label_line("Tanggal", date_text)
    head += label_line("Nomor", ctx["nomor"])
    head += sifat_lines(rng, ctx)
    head += label_line("Lampiran", ctx["lampiran"] or "-")
    head += label_line("Hal", ctx["perihal"], width=48)
    head += [Line(rule=True)]
    body = _body(rng, ctx, rng.randrange(3, 5))
    tail = [Line()] + signature(rng, ctx) + tembusan(rng, ctx["tembusan"])
    return head, body, tail


def _title(heading: str, ctx: dict) -> list[Line]:
    lines = [Line(t, style="title", align="center") for t in wrap(heading, 48)]
    lines.append(Line(f"NOMOR {ctx['nomor']}", align="center"))
    lines.append(Line("TENTANG", align="center"))
    lines += [Line(t, align="center") for t in wrap(ctx["perihal"].upper(), 52)]
    return lines


def surat_edaran(rng: random.Random, ctx: dict) -> tuple[list[Line], Chunks, list[Line]]:
    heading = "SURAT EDARAN"
    if ctx["from_head"]:
        heading += f" {ctx['head']} {ctx['region']}".upper()
    head = kop(ctx) + _addressee_block(rng, ctx) + [Line()] + _title(heading, ctx)
    paragraphs = compose.body_paragraphs(rng, ctx, rng.randrange(4, 7))
    points = numbered(paragraphs[1:-1], indent=0.0)
    body = [[Line()], paragraph(paragraphs[0], first_indent=10.0), [Line()]] + [[p] for p in points]
    body += [[Line()], paragraph(paragraphs[-1], first_indent=10.0)]
    tail = [Line()] + signature(rng, ctx, decree_place=True) + tembusan(rng, ctx["tembusan"])
    return head, body, tail


def surat_keputusan(rng: random.Random, ctx: dict) -> tuple[list[Line], Chunks, list[Line]]:
    signer = ctx["signer"]["position"].replace("Plt. ", "")
    issuer = signer if ctx["from_head"] else f"{signer} {ctx['region_full']}"
    head = kop(ctx) + _title(f"KEPUTUSAN {issuer.upper()}", ctx)
    head += [Line(), Line("DENGAN RAHMAT TUHAN YANG MAHA ESA", align="center"),
             Line()] + [Line(t, align="center") for t in wrap(f"{issuer.upper()},", 52)]
    menimbang, mengingat, diktum = compose.decree_considerations(rng, ctx)
    body: Chunks = [[Line()]]
    body.append(_labelled_list("Menimbang", menimbang, "{a}."))
    body.append([Line()])
    body.append(_labelled_list("Mengingat", mengingat, "{n}."))
    body += [[Line()], [Line("MEMUTUSKAN:", align="center")], [Line()]]
    body.append(label_line("Menetapkan", f"KEPUTUSAN {issuer.upper()} TENTANG {ctx['perihal'].upper()}.",
                           label_width=30.0, width=52))
    for word, text in zip(["KESATU", "KEDUA", "KETIGA", "KEEMPAT"], diktum):
        body.append(label_line(word, text, label_width=30.0, width=52))
    tail = [Line()] + signature(rng, ctx, decree_place=True)
    return head, body, tail


def _labelled_list(label: str, items: list[str], marker: str) -> list[Line]:
    lines: list[Line] = []
    for n, item in enumerate(items, 1):
        tag = marker.format(n=n, a="abcdefghij"[n - 1])
        parts = wrap(f"{tag} {item}", 52)
        if n == 1:
            lines += label_line(label, parts[0], label_width=30.0, width=60)
        else:
            lines.append(Line(parts[0], indent=33.0))
        lines += [Line(p, indent=38.0) for p in parts[1:]]
    return lines


BUILDERS = {"surat_biasa": surat_biasa, "undangan": undangan, "nota_dinas": nota_dinas,
            "surat_edaran": surat_edaran, "surat_keputusan": surat_keputusan}
__all__ = ["BUILDERS", "DISPLAY"]
