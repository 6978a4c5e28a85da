"""Domain messages (refusals, validation errors) in the reader's language.

Domain services raise English messages built with ``app.services.i18n`` (``N_`` and
``msg``): the template is the msgid, the values are filled in after translation. Every
view and API error path that shows a domain error goes through ``localize``.
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext

from app.services.i18n import Msg, MsgList


def localize(value: Any) -> str:
    """``value`` (an exception, a ``Msg``, a list of messages or plain text) translated.

    Plain text is looked up as a msgid (constant messages marked with ``N_``); text that
    is not in the catalog comes back unchanged, so unknown messages stay readable English.
    """
    if isinstance(value, BaseException):
        value = _message_of(value)
    if isinstance(value, Msg):
        return _render(value)
    if isinstance(value, MsgList):
        return value.sep.join(localize(part) for part in value.parts)
    text = str(value) if value is not None else ""
    return gettext(text) if text else text


def localize_errors(errors: dict) -> dict:
    """A field -> message mapping (form validation) translated."""
    return {name: localize(message) for name, message in errors.items()}


def _message_of(exc: BaseException) -> Any:
    message = getattr(exc, "message", None)
    if isinstance(message, (Msg, MsgList)):
        return message
    if exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


def _param(value: Any) -> Any:
    # Only values that are messages themselves are translated: names, numbers, codes and
    # what people typed are shown as they are.
    return localize(value) if isinstance(value, (Msg, MsgList)) else value


def _render(message: Msg) -> str:
    params = {name: _param(value) for name, value in message.params.items()}
    translated = gettext(message.template) if message.template else ""
    try:
        return translated % params if params else translated
    except (KeyError, ValueError, TypeError):  # a broken translation must not hide the message
        return str(message)


# --- messages from packages that keep only English text (ingest, search) ------------------

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def has_placeholders(template: str) -> bool:
    return bool(_PLACEHOLDER.search(template))


def template_values(template: str, text: str) -> dict[str, str] | None:
    """The values of ``template``'s ``%(name)s`` placeholders as they appear in the English
    ``text``; None when ``text`` is not that message."""
    pattern, end = [], 0
    for match in _PLACEHOLDER.finditer(template):
        pattern += [re.escape(template[end:match.start()]), f"(?P<{match.group(1)}>.+?)"]
        end = match.end()
    found = re.fullmatch("".join(pattern) + re.escape(template[end:]), text.strip(), re.S)
    return found.groupdict() if found else None


def translate_known(text: str, templates: tuple[str, ...]) -> str:
    """``text`` in the reader's language when it is one of ``templates`` (English msgids),
    else unchanged."""
    for template in templates:
        values = template_values(template, text)
        if values is not None:
            try:
                return gettext(template) % values if values else gettext(template)
            except (KeyError, ValueError, TypeError):
                return text
    return text
