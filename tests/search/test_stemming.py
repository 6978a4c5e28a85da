"""search.stemming (the chosen stemmer, PyStemmer) and the stemmer-choice benchmark's measures."""
from __future__ import annotations

from bench.stemmer_choice import families, quality
from search.stemming import stem_text, stems


def test_derivations_officials_type_share_one_stem():
    for forms, root in [(["pembangunan", "membangun", "dibangun", "bangunan"], "bangun"),
                        (["pelaporan", "melaporkan", "dilaporkan", "laporan"], "lapor"),
                        (["keputusan", "memutuskan", "diputuskan"], "putus")]:
        assert {stems(form)[0] for form in forms} == {root}


def test_short_words_and_numbers_are_kept_as_they_are():
    assert stems("dan") == ("dan",)
    assert stems("2024") == ("2024",)


def test_english_stem_is_added_when_it_differs():
    assert stems("reports") == ("reports", "report")     # Indonesian rules leave it alone
    assert stems("pembangunan") == ("bangun", "pembangunan")


def test_stem_text_stems_every_token():
    assert stem_text("pembangunan jembatan").split()[0] == "bangun"


def test_gold_list_has_enough_pairs_and_debatable_roots_stay_out_of_accuracy():
    fams = families()
    assert sum(len(forms) for root, forms in fams if root) >= 150
    assert (None, ["setuju", "persetujuan", "menyetujui", "disetujui"]) in fams


def test_quality_measures_conflation_and_collisions():
    fams = [("bangun", ["bangun", "membangun"]), ("dana", ["dana"]), ("perdana", ["perdana"])]
    result = quality(lambda w: {"membangun": "bangun", "perdana": "dana"}.get(w, w), fams)
    assert result["root_accuracy"] == 3 / 4
    assert result["conflation_pairs"] == 1.0
    assert result["collisions"] == ["dana/perdana (dana)"]
