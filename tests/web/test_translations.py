"""Every msgid used in views and templates has an Indonesian translation, and the compiled
catalogs are current (scripts/build_translations.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _builder():
    spec = importlib.util.spec_from_file_location("build_translations", ROOT / "scripts/build_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_msgid_has_an_indonesian_translation():
    builder = _builder()
    catalog, conflicts = builder.merged_catalog()
    translated = {m.id for m in catalog if m.id and m.string}
    used = builder.extract_msgids()
    missing = {msgid: where[0] for msgid, where in used.items() if msgid not in translated}
    assert len(used) > 20
    assert not missing, "add these to the messages.id.po of their blueprint:\n" + "\n".join(f"{w}: {m!r}" for m, w in missing.items())
    assert not conflicts


def test_compiled_catalogs_are_current():
    assert _builder().build(check=True) == 0, "run .venv/bin/python scripts/build_translations.py and commit"


def test_english_catalog_is_identity(app, as_user):
    builder = _builder()
    english = builder.identity_catalog(builder.merged_catalog()[0])
    assert all(m.id == m.string for m in english if m.id)
