"""The letter as data: printed lines per page, true fields, and their JSON form."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("surat_biasa", "undangan", "surat_edaran", "nota_dinas", "surat_keputusan")


@dataclass(frozen=True)
class Line:
    """One printed line.

    ``label`` lines print "Label : text" in two aligned columns; ``right`` is text printed
    on the same line, flush right (e.g. the place and date beside "Nomor"). ``indent`` is
    in millimetres from the left margin; ``column`` starts the line at that fraction of the
    text width (the signature block).
    """

    text: str = ""
    style: str = "body"  # kop_gov, kop_agency, kop_address, title, body, bold, name, small
    align: str = "left"  # left, center, right
    indent: float = 0.0
    label: str | None = None
    label_width: float = 25.0  # millimetres from the line start to the colon
    right: str | None = None
    column: float = 0.0
    rule: bool = False  # a double horizontal rule (under the letterhead)
    underline: bool = False

    def plain(self) -> str:
        """The line as a reader (or a perfect OCR) would transcribe it."""
        if self.rule:
            return ""
        text = f"{self.label} : {self.text}" if self.label is not None else self.text
        if self.right:
            text = f"{text} {self.right}" if text else self.right
        return text


@dataclass
class Letter:
    """A generated letter: what is printed, page by page, and what it truly says."""

    id: str
    seed: int
    index: int
    kind: str
    fields: dict[str, Any]
    pages: list[list[Line]]
    font: str = "serif"  # serif or sans
    look: dict[str, Any] = field(default_factory=dict)  # render hints drawn with the letter

    @property
    def page_texts(self) -> list[str]:
        return [page_text(lines) for lines in self.pages]

    def truth(self) -> dict[str, Any]:
        """The ground truth written beside a rendered file."""
        return {
            "id": self.id,
            "seed": self.seed,
            "index": self.index,
            "kind": self.kind,
            "fields": dict(self.fields),
            "pages": self.page_texts,
            "page_count": len(self.pages),
        }

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["page_texts"] = self.page_texts
        return data


def page_text(lines: list[Line]) -> str:
    out: list[str] = []
    for line in lines:
        if line.rule:
            continue
        out.append(line.plain())
    return "\n".join(out).strip("\n") + "\n"
