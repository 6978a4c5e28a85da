"""`lontar search` and `lontar reindex` on a real (embedded) index."""
from __future__ import annotations

import json

from click.testing import CliRunner

from app.cli.main import main
from tests.factories import make_document


def run(runtime, *args):
    env = {"LONTAR_DATA_DIR": str(runtime.settings.data_dir), "SEARCH_URL": "", "DATABASE_URL": ""}
    return CliRunner().invoke(main, list(args), env=env)


def test_reindex_then_search_json(runtime):
    with runtime.session_scope() as s:
        doc = make_document(s, ["Pertama.", "Undangan <b>rapat</b> pleno DPRD."], nomor="005/9/DPRD/2024",
                            perihal="Undangan Rapat Pleno")
    result = run(runtime, "reindex", "--batch-size", "10")
    assert result.exit_code == 0, result.output
    assert "Reindexed 1 document" in result.output
    result = run(runtime, "search", "rapat", "pleno", "--json", "--limit", "5")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    hit = payload["hits"][0]
    assert payload["total"] == 1 and hit["id"] == doc.id and hit["page"] == 2 and hit["nomor"] == "005/9/DPRD/2024"
    assert "<mark>rapat</mark>" in hit["snippet"] and "&lt;b&gt;" in hit["snippet"]


def test_bad_query_is_a_clear_message(runtime):
    result = run(runtime, "search", "warna:merah")
    assert result.exit_code == 2 and "Unknown search field 'warna:'" in result.output
    assert "Traceback" not in result.output
