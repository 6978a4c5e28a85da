"""The password rule: long enough, not a well-known password, not the username.

The list of common passwords is Django's (see app/data/common-passwords.SOURCE.md),
read once per process on first use.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from app.services.i18n import N_, Translatable, msg

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
MIN_DISTINCT_CHARACTERS = 5
# Runs along the keyboard or the alphabet, doubled so that wrapping runs (…90123) are found too.
SEQUENCES = tuple(run * 2 for run in ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz"))
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"


class PasswordError(Translatable, ValueError):
    """A password the rule refuses; the message says why, for people."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def check_password(password: str, username: str = "") -> None:
    """Raise PasswordError if ``password`` may not be used (by ``username``)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(msg(N_("the password must be at least %(n)s characters long"), n=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordError(msg(N_("the password must be at most %(n)s characters long"), n=MAX_PASSWORD_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords():
        raise PasswordError(N_("this password is on the list of commonly used passwords; choose another"))
    if any(lowered in run or lowered[::-1] in run for run in SEQUENCES):
        raise PasswordError(N_("the password is a simple sequence (like 123456 or qwerty); choose another"))
    if username and username.lower() in lowered:
        raise PasswordError(N_("the password must not contain the username"))
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        raise PasswordError(msg(N_("the password must use at least %(n)s different characters"),
                                n=MIN_DISTINCT_CHARACTERS))
