"""Messages for people, translatable without Flask.

Domain code writes messages in English. A constant message is marked with ``N_`` so the
catalog builder (scripts/build_translations.py) extracts it; a message with values is
``msg(N_("... %(name)s ..."), name=value)``. Both are plain ``str`` to everyone else
(``str(exc)`` stays an English sentence for the CLI and logs); the web layer reads
``template`` and ``params`` back and renders the message in the reader's language
(``app.web.domain_messages.localize``).
"""
from __future__ import annotations

from typing import Any, Iterable


def N_(text: str) -> str:
    """Mark ``text`` for extraction; returns it unchanged (translated later, where shown)."""
    return text


class Msg(str):
    """An English message that remembers its template and values for translation."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any]):
        self = super().__new__(cls, template % params if params else template)
        self.template, self.params = template, params
        return self

    def __getnewargs__(self):  # pickling (e.g. an exception crossing a process boundary)
        return self.template, self.params


class MsgList(str):
    """Several messages joined by ``sep``; each part is translated on its own."""

    sep: str
    parts: tuple

    def __new__(cls, sep: str, parts: Iterable[Any]):
        parts = tuple(parts)
        self = super().__new__(cls, sep.join(str(p) for p in parts))
        self.sep, self.parts = sep, parts
        return self

    def __getnewargs__(self):
        return self.sep, self.parts


def msg(template: str, **params: Any) -> Msg:
    """``msg(N_("position %(id)s does not exist"), id=5)``: English now, translatable later."""
    return Msg(template, params)


def as_msg(text: str) -> Msg | MsgList:
    """``text`` as a message to translate when it is shown inside another message (a value
    in ``params`` is only translated when it is a message itself)."""
    return text if isinstance(text, (Msg, MsgList)) else Msg(text, {})


def join(sep: str, parts: Iterable[Any]) -> MsgList:
    return MsgList(sep, parts)


class Translatable:
    """Mixin for domain exceptions whose first argument is the message for people."""

    @property
    def template(self) -> str:
        first = self.args[0] if self.args else ""
        return first.template if isinstance(first, Msg) else str(first)

    @property
    def params(self) -> dict[str, Any]:
        first = self.args[0] if self.args else ""
        return dict(first.params) if isinstance(first, Msg) else {}
