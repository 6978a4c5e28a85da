"""Suggestions as you type: what the search engine offers for a prefix, turned into
completions of the whole search box. No Flask here.

The engine returns senders that start with the whole typed text and words that complete
its last word; both come only from letters the user may read (the access filter is inside
the engine query, see ``search``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from app.services.params import ParamError, whole_number
from app.web.domain_messages import localize
from search.text import fold

MAX_PREFIX = 200
DEFAULT_LIMIT = 8
MAX_LIMIT = 20
_LAST_WORD = re.compile(r"[^\W_]+$", re.UNICODE)


class SuggestError(ValueError):
    """Bad suggestion parameters; the message says what to change."""


@dataclass(frozen=True)
class Suggestion:
    text: str        # what the engine suggested: a word or a sender
    completion: str  # the whole search box with that suggestion applied

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "completion": self.completion}


def parse_suggest_args(args) -> tuple[str, int]:
    unknown = sorted(set(args) - {"q", "limit"})
    if unknown:
        raise SuggestError(_("Unknown parameter %(name)r; known: %(known)s.", name=unknown[0], known="q, limit"))
    prefix = args.get("q") or ""
    if len(prefix) > MAX_PREFIX:
        raise SuggestError(_("'q' is too long for suggestions (at most %(n)s characters).", n=MAX_PREFIX))
    try:
        return prefix, whole_number(args.get("limit"), "limit", 1, MAX_LIMIT, DEFAULT_LIMIT)
    except ParamError as exc:
        raise SuggestError(localize(exc)) from None


def completions(prefix: str, suggested: list[str]) -> list[Suggestion]:
    """Each suggestion as a full search box value: a sender replaces the typed text, a
    word replaces the last (partial) word."""
    typed = prefix.rstrip()
    match = _LAST_WORD.search(typed)
    head = typed[: match.start()] if match else typed + " "
    out, seen = [], set()
    for text in suggested:
        if " " in text.strip() and fold(text).startswith(fold(typed.strip())):
            completion = text                      # a sender matching everything typed
        else:
            completion = head + text
        if completion not in seen:
            seen.add(completion)
            out.append(Suggestion(text=text, completion=completion))
    return out
