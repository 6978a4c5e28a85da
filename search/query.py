"""The search box language, parsed in Python into a small tree both engines translate.

Syntax (documented for users in ``SYNTAX_HELP``)::

    rapat koordinasi            both words (each tolerates OCR misreads and word forms;
                                misread forms are looked for when the words as typed
                                find fewer than 100 letters: exact matches come first)
    "rapat koordinasi"          the exact phrase;  "rapat" the exact word only
                                (when fewer than 10 letters hold the exact phrase, letters
                                holding it with one word mangled, or all its words allowing
                                OCR misreads, follow the exact ones; then, if still fewer
                                than 10, letters holding all but one word of a phrase of 4+)
    rapat OR sidang             either;  rapat AND sidang  both (the default)
    -undangan  NOT undangan     exclude
    pembangu*                   prefix
    (rapat OR sidang) -batal    grouping
    nomor:600/147  perihal:anggaran  dari:"dinas pendidikan"  kepada:camat
    klasifikasi:800  sifat:rahasia  status:selesai  status:terlambat
    tahun:2024  tahun:2020..2023  tanggal:2024-01..2024-03  tanggal:2024-01-15

Bad input gets a sensible reading (an unclosed quote runs to the end, a stray operator
or parenthesis is ignored, engine special characters are plain punctuation) or a
``QueryError`` with a message saying what to change (unknown field, bad date, too long).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from search.errors import QueryError
from search.text import MAX_TOKEN_CHARS, TOKEN_RE, fold, tokens

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 64
# Brackets and negations inside each other: deeper than any real question, and each level
# costs several Python frames here and in every walk of the tree (300 '(' hit RecursionError).
MAX_DEPTH = 20
TEXT_FIELDS = {"nomor": "nomor", "perihal": "perihal", "dari": "sender", "kepada": "addressee"}
OTHER_FIELDS = ("klasifikasi", "sifat", "status", "tahun", "tanggal")
FIELDS = tuple(TEXT_FIELDS) + OTHER_FIELDS
SIFAT_VALUES = ("biasa", "terbatas", "rahasia", "sangat_rahasia")
OVERDUE_WORDS = ("terlambat", "overdue", "lewat_batas")
SYNTAX_HELP = __doc__.split("::", 1)[1].split("Bad input", 1)[0]


# ---- the tree ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One word: exact, stems and (when allowed) fuzzy matches; ``field`` None = body + fields."""
    token: str
    field: str | None = None
    exact_only: bool = False


@dataclass(frozen=True)
class Prefix:
    token: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class LoosePhrase:
    """A phrase read loosely (the fallback of a rare phrase): the exact phrase ranks first,
    then the phrase with one word missing or mangled (``holes``), then letters holding at
    least ``minimum`` of its words in any order, each tolerant of OCR misreads."""
    tokens: tuple[str, ...]
    minimum: int

    def holes(self) -> list[tuple[str, ...]]:
        """The phrase without each of its words in turn (for phrases of 3 words or more)."""
        if len(self.tokens) < 3:
            return []
        return [self.tokens[:i] + self.tokens[i + 1:] for i in range(len(self.tokens))]


@dataclass(frozen=True)
class Keyword:
    field: str          # sifat | status | classification (prefix) | overdue
    value: str


@dataclass(frozen=True)
class Range:
    field: str          # tanggal (yyyymmdd ints) | year
    low: int | None
    high: int | None


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class MatchAll:
    pass


# ---- lexing -----------------------------------------------------------------------------
_OPS = {"AND", "OR", "NOT", "&&", "||"}
_FIELD_RE = re.compile(r"^([A-Za-z_]+):(.*)$", re.S)


def _lex(text: str) -> list[tuple[str, str]]:
    """Tokens: ('(' | ')' | 'op' | 'neg' | 'word' | 'quoted' | 'field', value)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append((ch, ch))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end          # unclosed quote: the phrase runs to the end
            out.append(("quoted", text[i + 1:end]))
            i = end + 1
        elif ch in "-!" and i + 1 < n and not text[i + 1].isspace() and (i == 0 or text[i - 1].isspace() or text[i - 1] == "("):
            out.append(("neg", ch))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
            if word.endswith(":") and j < n and text[j] == '"':   # field:"quoted value"
                end = text.find('"', j + 1)
                end = n if end < 0 else end
                out.append(("field", word + '"' + text[j + 1:end]))
                i = end + 1
                continue
            upper = word.upper() if word in _OPS or word.upper() in ("AND", "OR", "NOT") and word.isupper() else ""
            out.append(("op", upper.replace("&&", "AND").replace("||", "OR")) if upper else ("word", word))
            i = j
    return out


# ---- parsing ----------------------------------------------------------------------------
class _Parser:
    def __init__(self, lexemes: list[tuple[str, str]]):
        self.items = lexemes
        self.pos = 0
        self.clauses = 0
        self.depth = 0
        self.ignored: list[str] = []      # brackets and operators that acted on nothing
        self.long_words: list[str] = []   # words too long to be indexed

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"The query nests brackets or negations too deeply; use at most {MAX_DEPTH} levels.")

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def parse(self):
        node = self.and_expr()
        while self.peek() is not None:        # a stray ')' : skip it and go on
            self.pos += 1
            self.ignored.append(")")
            node = _and(node, self.and_expr())
        return node or MatchAll()

    # OR binds tighter than AND (as in web search): 'rapat OR sidang -batal' is
    # (rapat OR sidang) AND NOT batal.
    def and_expr(self):
        parts = []
        while (item := self.peek()) is not None and item[0] != ")":
            if item[0] == "op" and item[1] in ("AND", "OR"):
                self.pos += 1                 # stray or doubled operator: ignore
                self.ignored.append(item[1])
                continue
            node = self.or_expr()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def or_expr(self):
        parts = [self.unary()]
        while self.peek() == ("op", "OR"):
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt[0] == ")" or nxt[0] == "op" and nxt[1] != "NOT":
                self.ignored.append("OR")
                break
            parts.append(self.unary())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def unary(self):
        item = self.peek()
        if item in (("op", "NOT"),) or (item and item[0] == "neg"):
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt[0] in (")", "op"):
                self.ignored.append(item[1])
                return None                  # a stray '-' or NOT: ignore it
            self.deeper()
            child = self.unary()
            self.depth -= 1
            return Not(child) if child is not None else None
        return self.primary()

    def primary(self):
        kind, value = self.items[self.pos]
        self.pos += 1
        if kind == "(":
            self.deeper()
            node = self.and_expr()
            self.depth -= 1
            closed = bool(self.peek() and self.peek()[0] == ")")
            if closed:
                self.pos += 1
            if node is None:
                self.ignored.append("()" if closed else "(")
            return node                      # a missing ')' closes at the end
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError(f"The query has too many terms; use at most {MAX_CLAUSES}.")
        long_words = [w for w in TOKEN_RE.findall(fold(value)) if len(w) > MAX_TOKEN_CHARS]
        self.long_words += long_words
        node = self.leaf(kind, value)
        if node is None and not long_words:
            self.ignored.append(value)       # '*', '?', punctuation alone: nothing to look for
        return node

    def leaf(self, kind: str, value: str):
        if kind == "quoted":
            return _phrase(tokens(value), None)
        if kind == "field":
            name, raw = value.split(":", 1)
            return _field(name, raw[1:], quoted=True)
        match = _FIELD_RE.match(value)
        if match and match.group(2) and not match.group(1).isdigit():
            return _field(match.group(1), match.group(2), quoted=False)
        return _word(value, None)


def _and(a, b):
    parts = [p for p in (a, b) if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def _phrase(toks: list[str], field: str | None):
    if not toks:
        return None
    if len(toks) == 1:
        return Term(toks[0], field, exact_only=True)
    return Phrase(tuple(toks), field)


def _word(raw: str, field: str | None):
    """A bare word: one token -> Term; 'e-office' -> phrase; trailing * -> prefix."""
    is_prefix = raw.endswith("*")
    toks = tokens(raw)
    if not toks:
        return None
    if is_prefix and len(toks[-1]) >= 2:
        last = Prefix(toks[-1], field)
        if len(toks) == 1:
            return last
        return And((Phrase(tuple(toks[:-1]), field) if len(toks) > 2 else Term(toks[0], field, True), last))
    if len(toks) == 1:
        return Term(toks[0], field)
    return Phrase(tuple(toks), field)


def _field(name: str, raw: str, quoted: bool):
    key = name.lower()
    if key not in FIELDS:
        raise QueryError(f"Unknown search field '{name}:'. Known fields: {', '.join(f + ':' for f in FIELDS)}.")
    if key in TEXT_FIELDS:
        field = TEXT_FIELDS[key]
        if field == "nomor":                 # letter numbers: exact tokens, in order
            toks = tokens(raw)
            if raw.endswith("*") and toks:
                return And(tuple([Phrase(tuple(toks[:-1]), "nomor")] if len(toks) > 1 else []) + (Prefix(toks[-1], "nomor"),)) \
                    if len(toks) > 1 else Prefix(toks[0], "nomor")
            return _phrase(toks, "nomor")
        return _phrase(tokens(raw), field) if quoted else _word(raw, field)
    if key == "klasifikasi":
        code = raw.strip().rstrip("*")
        if not re.fullmatch(r"[0-9][0-9.]*", code):
            raise QueryError(f"klasifikasi: expects a classification code such as 800 or 000.5.2, not '{raw}'.")
        return Keyword("classification", code)
    if key == "sifat":
        value = re.sub(r"[\s-]+", "_", raw.strip().lower())
        if value not in SIFAT_VALUES:
            raise QueryError(f"sifat: expects one of {', '.join(SIFAT_VALUES)}, not '{raw}'.")
        return Keyword("sifat", value)
    if key == "status":
        value = re.sub(r"[\s-]+", "_", raw.strip().lower())
        if value in OVERDUE_WORDS:
            return Keyword("overdue", "true")
        return Keyword("status", value)
    if key == "tahun":
        return _year_range(raw)
    return _date_range(raw)


def _year_range(raw: str) -> Range:
    low, sep, high = raw.partition("..")
    try:
        lo = int(low) if low else None
        hi = int(high) if sep and high else (lo if not sep else None)
    except ValueError:
        raise QueryError(f"tahun: expects a year such as 2024 or a range 2020..2023, not '{raw}'.") from None
    if lo is None and hi is None:
        raise QueryError("tahun: needs a year, e.g. tahun:2024.")
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"tahun:{raw} runs backwards (from a later year to an earlier one); write tahun:{high}..{low}.")
    return Range("year", lo, hi)


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _date_bounds(text: str) -> tuple[int, int]:
    """First and last day (yyyymmdd) covered by 2024, 2024-03 or 2024-03-15."""
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if day:
        first = last = date(year, int(month), int(day))
    elif month:
        first = date(year, int(month), 1)
        last = (date(year + (first.month == 12), first.month % 12 + 1, 1)) - timedelta(days=1)
    else:
        first, last = date(year, 1, 1), date(year, 12, 31)
    as_int = lambda d: d.year * 10000 + d.month * 100 + d.day  # noqa: E731
    return as_int(first), as_int(last)


def _date_range(raw: str) -> Range:
    low, sep, high = raw.partition("..")
    try:
        lo = _date_bounds(low)[0] if low else None
        hi = _date_bounds(high)[1] if sep and high else (None if sep else _date_bounds(low)[1])
    except ValueError:
        raise QueryError(
            f"tanggal: expects dates like 2024-01-31, 2024-01 or 2024, or a range such as 2024-01..2024-03, not '{raw}'."
        ) from None
    if lo is None and hi is None:
        raise QueryError("tanggal: needs a date, e.g. tanggal:2024-01..2024-03.")
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"tanggal:{raw} runs backwards (from a later date to an earlier one); write tanggal:{high}..{low}.")
    return Range("tanggal", lo, hi)


def parse(text: str):
    """The tree for a search box text (MatchAll for an empty box)."""
    return parse_noting(text)[0]


def parse_noting(text: str):
    """(tree, notes): the notes say, in English sentences, what of ``text`` was ignored.

    A text that is not blank but holds nothing to search for (``(((``, a lone ``AND``,
    only over-long words) is a QueryError: answering with every letter would pretend
    the search was understood."""
    if text is None or not text.strip():
        return MatchAll(), []
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long ({len(text)} characters); the limit is {MAX_QUERY_CHARS}.")
    parser = _Parser(_lex(text))
    node = parser.parse()
    long_words = ", ".join(f"'{w[:20]}…'" for w in dict.fromkeys(parser.long_words))
    ignored = " ".join(parser.ignored)
    if isinstance(node, MatchAll):
        shown = ", ".join(x for x in (f"'{ignored}'" if ignored else "", long_words) if x) or f"'{text.strip()[:40]}'"
        raise QueryError(f"Nothing is left to search for in this query (ignored: {shown}); type at least one word.")
    notes = []
    if long_words:
        notes.append(f"Ignored {long_words}: words longer than {MAX_TOKEN_CHARS} characters are not searchable.")
    if ignored:
        notes.append(f"Ignored '{ignored}': brackets, operators or signs with no word to act on.")
    return _only_negative_fix(node), notes


def _only_negative_fix(node):
    """'-rapat' alone means everything except rapat."""
    if isinstance(node, Not):
        return And((MatchAll(), node))
    if isinstance(node, And) and all(isinstance(c, Not) for c in node.children):
        return And((MatchAll(),) + node.children)
    return node


def positive_text_terms(node, out: dict | None = None) -> dict:
    """Words to highlight in page text: {'terms': set, 'exact': set, 'prefixes': set, 'phrases': list}."""
    out = out if out is not None else {"terms": set(), "exact": set(), "prefixes": set(), "phrases": []}
    if isinstance(node, (And, Or)):
        for child in node.children:
            positive_text_terms(child, out)
    elif isinstance(node, Term) and node.field is None:
        (out["exact"] if node.exact_only else out["terms"]).add(node.token)
    elif isinstance(node, Prefix) and node.field is None:
        out["prefixes"].add(node.token)
    elif isinstance(node, Phrase) and node.field is None:
        out["phrases"].append(node.tokens)
    elif isinstance(node, LoosePhrase):
        out["terms"].update(node.tokens)
    return out
