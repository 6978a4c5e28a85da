"""Held-out template families: deterministic, printed as their truth says, unlike the tuned family."""
from __future__ import annotations

import re

import pytest

from corpus import page_images
from corpus.families import FAMILIES, HELD_OUT, TUNED, generate_family_letter


@pytest.mark.parametrize("family", HELD_OUT)
def test_a_family_letter_is_the_same_for_the_same_seed_and_prints_its_truth(family):
    letter = generate_family_letter(family, 21, 3)
    again = generate_family_letter(family, 21, 3)
    assert letter.page_texts == again.page_texts and letter.fields == again.fields
    text = " ".join(" ".join(letter.page_texts).split())
    assert letter.fields["nomor"] in text and letter.fields["perihal"].split()[0] in text
    assert letter.fields["signer_name"] in text
    image = page_images(letter)[0]
    assert image.width > 1000 and image.getextrema() != (255, 255)


SHAPES = {"pengadilan": r"\d+/KPA\.W\d+-A\d+/", "kementerian": r"B-\d+/Kk\.\d+\.\d+/",
          "universitas": r"\d+/UN\d+\.\d\.[A-E]/", "ormas": r"\d{3}/(PW|PC|PD|DPD)-"}


def test_held_out_families_are_not_the_tuned_one():
    assert set(HELD_OUT).isdisjoint(TUNED) and set(FAMILIES) == set(HELD_OUT) | set(TUNED)
    for family, shape in SHAPES.items():
        assert all(re.match(shape, generate_family_letter(family, 21, i).fields["nomor"]) for i in range(5))
        assert not any(re.match(shape, generate_family_letter("pemda", 21, i).fields["nomor"]) for i in range(20))
