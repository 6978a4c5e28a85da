#!/usr/bin/env python3
"""Merge every ``app/**/messages.id.po`` into the compiled Indonesian catalog.

msgids are English, so the English catalog is the identity (built too, so that both
languages are explicit). Usage:

    .venv/bin/python scripts/build_translations.py          # write the catalogs
    .venv/bin/python scripts/build_translations.py --check  # exit 1 if they are stale
    .venv/bin/python scripts/build_translations.py --missing  # .po stubs of untranslated msgids

Also importable: ``extract_msgids()`` lists every msgid used in app/ (views and
templates), ``merged_catalog()`` the merged translations; the catalog test uses both.
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
OUT = APP / "translations"
FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)  # deterministic headers
# N_ marks domain messages (app/services/i18n.py) that the web layer translates where shown.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2), "N_": None}
METHOD_MAP = [
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]


def source_files() -> list[Path]:
    return sorted(p for p in APP.rglob("messages.id.po") if OUT not in p.parents)


def _new_catalog(locale: str) -> Catalog:
    return Catalog(locale=locale, project="Lontar", version="1", creation_date=FIXED_DATE,
                   revision_date=FIXED_DATE, charset="utf-8")


def merged_catalog() -> tuple[Catalog, list[str]]:
    """The merged Indonesian catalog and a list of conflicts (same msgid, different msgstr)."""
    catalog, conflicts = _new_catalog("id"), []
    for path in source_files():
        with path.open("rb") as fh:
            part = read_po(fh, locale="id")
        for message in part:
            if not message.id:
                continue
            existing = catalog.get(message.id, message.context)
            if existing is not None and existing.string and message.string and existing.string != message.string:
                conflicts.append(f"{path.relative_to(ROOT)}: {message.id!r} is {message.string!r}, elsewhere {existing.string!r}")
                continue
            if existing is None or not existing.string:
                catalog.add(message.id, message.string, context=message.context,
                            locations=[(str(path.relative_to(ROOT)), 0)])
    return catalog, conflicts


def identity_catalog(ids: Catalog) -> Catalog:
    english = _new_catalog("en")
    for message in ids:
        if message.id:
            english.add(message.id, message.id, context=message.context)
    return english


def extract_msgids() -> dict[str, list[str]]:
    """Every msgid used in app/ -> where it is used."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(APP), METHOD_MAP, options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords=KEYWORDS,
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append(f"app/{filename}:{lineno}")
    return found


def _mo_pairs(path: Path) -> dict:
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return {m.id: m.string for m in read_mo(fh) if m.id}


def _pairs(catalog: Catalog) -> dict:
    return {m.id: m.string for m in catalog if m.id}


def build(check: bool = False) -> int:
    catalog, conflicts = merged_catalog()
    for line in conflicts:
        print("conflict:", line, file=sys.stderr)
    outputs = {"id": catalog, "en": identity_catalog(catalog)}
    stale = [lang for lang, cat in outputs.items() if _mo_pairs(OUT / lang / "LC_MESSAGES" / "messages.mo") != _pairs(cat)]
    if check:
        if stale:
            print(f"stale catalogs: {', '.join(stale)}; run scripts/build_translations.py", file=sys.stderr)
        return 1 if stale else 0
    for lang, cat in outputs.items():
        folder = OUT / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "messages.po").open("wb") as fh:
            write_po(fh, cat, width=100, sort_output=True)
        with (folder / "messages.mo").open("wb") as fh:
            write_mo(fh, cat)
    print(f"{len(_pairs(catalog))} messages from {len(source_files())} files")
    return 0


def print_missing() -> int:
    """Print .po stubs for msgids without an Indonesian translation, with where they are used."""
    catalog, _conflicts = merged_catalog()
    known = {m.id for m in catalog if m.id and m.string}
    missing = {k: v for k, v in extract_msgids().items() if k not in known}
    for msgid, where in sorted(missing.items(), key=lambda kv: kv[1][0]):
        escaped = msgid.replace("\\", "\\\\").replace('"', '\\"')
        print(f"#: {where[0]}\nmsgid \"{escaped}\"\nmsgstr \"\"\n")
    return 1 if missing else 0


if __name__ == "__main__":
    if "--missing" in sys.argv[1:]:
        sys.exit(print_missing())
    sys.exit(build(check="--check" in sys.argv[1:]))
