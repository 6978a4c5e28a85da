"""Turning a letter's facts into printed lines, kind by kind, and into pages."""
from __future__ import annotations

import random
import textwrap

from corpus import compose
from corpus.model import Line

BODY_WIDTH = 76        # characters per full-width body line at 11 pt
VALUE_WIDTH = 58       # characters in the value column of a label block
SIGN_WIDTH = 36        # characters in the signature column
SIGN_COLUMN = 0.52     # the signature block starts at this fraction of the text width
PAGE_UNITS = 52.0      # body-line heights per page
STYLE_UNITS = {"kop_gov": 1.5, "kop_agency": 1.9, "kop_address": 0.9, "title": 1.3, "rule": 0.7}
DISPLAY = {"biasa": "Biasa", "terbatas": "Terbatas", "rahasia": "Rahasia", "sangat_rahasia": "Sangat Rahasia",
           "penting": "Penting", "segera": "Segera", "sangat_segera": "Sangat Segera"}


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def units(line: Line) -> float:
    return STYLE_UNITS["rule"] if line.rule else STYLE_UNITS.get(line.style, 1.0)


def paragraph(text: str, indent: float = 0.0, first_indent: float = 0.0, width: int = BODY_WIDTH) -> list[Line]:
    pad = " " * int(first_indent / 2)
    lines = wrap(pad + text, width)
    return [Line(t.strip(), indent=indent + (first_indent if i == 0 else 0.0)) for i, t in enumerate(lines)]


def label_line(label: str, value: str, indent: float = 0.0, width: int = VALUE_WIDTH,
               label_width: float = 25.0, right: str | None = None) -> list[Line]:
    parts = wrap(value, width)
    first = Line(parts[0], label=label, indent=indent, label_width=label_width, right=right)
    value_x = indent + label_width + 3.0
    return [first] + [Line(p, indent=value_x) for p in parts[1:]]


def numbered(items: list[str], indent: float = 0.0, width: int = BODY_WIDTH, marker: str = "{n}.") -> list[Line]:
    out: list[Line] = []
    for n, item in enumerate(items, 1):
        tag = marker.format(n=n, a="abcdefghij"[n - 1])
        parts = wrap(item, width - 4)
        out.append(Line(f"{tag} {parts[0]}", indent=indent))
        out.extend(Line(p, indent=indent + 6.0) for p in parts[1:])
    return out


def kop(ctx: dict) -> list[Line]:
    if ctx["from_head"]:
        return [Line(f"{ctx['head']} {ctx['region']}".upper(), style="kop_agency", align="center"),
                Line(rule=True)]
    domain = ctx["region"].lower().replace(" ", "") + ("kab" if ctx["region_kind"] == "Kabupaten" else "kota")
    lines = [Line(f"PEMERINTAH {ctx['region_kind']} {ctx['region']}".upper(), style="kop_gov", align="center")]
    lines += [Line(t, style="kop_agency", align="center") for t in wrap(ctx["agency"].upper(), 34)]
    lines += [
        Line(f"{ctx['street']}, {ctx['capital']}, Telepon {ctx['phone']}", style="kop_address", align="center"),
        Line(f"Laman: https://{ctx['slug']}.{domain}.go.id, Pos-el: {ctx['slug']}@{domain}.go.id, "
             f"Kode Pos {ctx['postcode']}", style="kop_address", align="center"),
        Line(rule=True),
    ]
    return lines


def format_nip(nip: str, spaced: bool) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if spaced else nip


def signature(rng: random.Random, ctx: dict, decree_place: bool = False) -> list[Line]:
    signer = ctx["signer"]
    col = SIGN_COLUMN
    lines: list[Line] = []
    if decree_place:
        lines += [Line(f"Ditetapkan di {ctx['capital']}", column=col),
                  Line(f"pada tanggal {compose.format_date(ctx['date'])}", column=col), Line()]
    upper = rng.random() < 0.7
    case = (lambda s: s.upper()) if upper else (lambda s: s)
    if signer["on_behalf"]:
        lines.append(Line(f"a.n. {case(signer['on_behalf'])}", column=col))
    position = signer["position"]
    prefix = ""
    if position.startswith("Plt. "):
        prefix, position = "Plt. ", position[5:]
    parts = wrap(prefix + case(position), SIGN_WIDTH)
    parts[-1] += ","
    lines += [Line(p, column=col) for p in parts]
    lines += [Line(), Line(), Line(), Line()]  # room for the signature and the stamp
    lines.append(Line(signer["name"], style="name", column=col, underline=True))
    if signer["nip"]:
        if rng.random() < 0.8:
            lines.append(Line(signer["pangkat"], column=col))
        lines.append(Line(f"NIP. {format_nip(signer['nip'], rng.random() < 0.6)}", column=col))
    return lines


def tembusan(rng: random.Random, items: list[str]) -> list[Line]:
    if not items:
        return []
    head = Line(rng.choice(["Tembusan:", "Tembusan :", "Tembusan Yth.:"]))
    with_yth = not head.text.startswith("Tembusan Yth")
    texts = []
    for n, item in enumerate(items):
        prefix = "Yth. " if with_yth and item != "Arsip" else ""
        end = "." if n == len(items) - 1 else ";"
        texts.append(f"{prefix}{item}{end}")
    if len(texts) == 1:
        return [Line(), head, Line(texts[0])]
    return [Line(), head] + numbered(texts, width=BODY_WIDTH - 4)


def sifat_lines(rng: random.Random, ctx: dict, indent: float = 0.0) -> list[Line]:
    sifat, urgensi, mode = DISPLAY[ctx["sifat"]], DISPLAY[ctx["urgensi"]], ctx["sifat_mode"]
    if mode == "urgency_as_sifat":
        return label_line("Sifat", urgensi, indent)
    if mode == "combined":
        return label_line("Sifat", f"{urgensi}/{sifat}" if rng.random() < 0.5 else f"{sifat}, {urgensi}", indent)
    lines = label_line("Sifat", sifat, indent)
    if mode == "separate":
        lines += label_line(rng.choice(["Urgensi", "Kecepatan"]), urgensi, indent)
    return lines


def build_pages(rng: random.Random, ctx: dict, single_page: bool = False) -> list[list[Line]]:
    from corpus.kinds import BUILDERS

    builder = BUILDERS[ctx["kind"]]
    head, body, tail = builder(rng, ctx)
    if ctx["multi_page"]:
        extra = compose.body_paragraphs(rng, ctx, rng.randrange(9, 16))[1:-1]
        more = [chunk for text in extra for chunk in ([Line()], paragraph(text, first_indent=10.0))]
        body = body[:-2] + more + body[-2:]  # before the closing paragraph
    chunks = [head] + [c for c in body] + [tail]
    pages = paginate(chunks)
    while single_page and len(pages) > 1 and len(body) > 2:
        body = body[:-2]
        pages = paginate([head] + body + [tail])
    return pages


def paginate(chunks: list[list[Line]]) -> list[list[Line]]:
    """Fill pages with chunks; a chunk that does not fit starts a new page, "- n -" on top."""
    pages: list[list[Line]] = [[]]
    used = 0.0
    for chunk in chunks:
        size = sum(units(line) for line in chunk)
        if used + size > PAGE_UNITS and pages[-1]:
            number = len(pages) + 1
            pages.append([Line(f"- {number} -", align="center"), Line()])
            used = 2.0
            chunk = chunk[1:] if chunk and not chunk[0].text and not chunk[0].rule else chunk
        pages[-1].extend(chunk)
        used += size
    return pages
