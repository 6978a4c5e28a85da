"""Which indexed fields a query word searches, and how matches are weighted (both engines)."""
from __future__ import annotations

# Boosts: an exact word outranks its stem, which outranks an OCR-tolerant (fuzzy) match;
# a word found in the letter fields (perihal, sender, ...) counts a bit more than in the body.
EXACT_BOOST, FIELD_BOOST, STEM_BOOST, FUZZY_BOOST = 3.0, 1.5, 1.0, 0.3
# A loosely read phrase (search.query.LoosePhrase): letters holding it exactly come first.
PHRASE_FIRST_BOOST = 10.0
# ... then letters holding it with one word missing or mangled (the rest in order, slop 1).
NEAR_PHRASE_BOOST = 3.0

# field name in the query tree -> (exact token fields, stem fields, fuzzy allowed)
FIELD_PLAN = {
    None: (("words", "meta"), ("stems", "meta_stems"), True),
    "perihal": (("perihal_tokens",), ("perihal_stems",), True),
    "sender": (("sender_tokens",), (), True),
    "addressee": (("addressee_tokens",), (), True),
    "nomor": (("nomor_tokens",), (), False),
}
