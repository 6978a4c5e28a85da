"""How a search is read, cheapest reading first (both engines run the same ladder).

A query typed correctly is answered from the words as typed (and their forms); OCR-misread
variants, the costly part on a large archive, are looked for only when those find few
letters; a phrase held by few letters is read loosely, so that a letter whose OCR damaged
one of its words is still found, after the letters holding it exactly.
"""
from __future__ import annotations

from search.query import And, LoosePhrase, Not, Or, Phrase, Term

FEW_PHRASE_HITS = 10    # fewer letters than this holding an exact phrase: read it loosely too
# The words as typed (and their forms) find this many letters: OCR-misread variants, which
# would rank after them, are not looked for (the costly part of a query on a large archive).
FUZZY_BELOW = 100


def tolerant_search(run, tree, fuzzy: bool):
    """Run a search the forgiving way, cheapest reading first.

    ``run(tree, fuzzy)`` executes one reading and returns (total, payload). Returns
    (tree, fuzzy, payload) of the reading kept. The words as typed (and their forms) are
    kept when they find FUZZY_BELOW letters or more, else OCR-misread variants are added.
    When a phrase is then held by fewer than FEW_PHRASE_HITS letters (and tolerance is on:
    ``fuzzy``, the user's "tolerate OCR errors"), it is read loosely:
    all its words in any order, each tolerant of misreads; if that still finds too few, all
    but one of its words (a word OCR mangled beyond a misread or two).
    """
    original, tolerant = tree, fuzzy and _has_fuzzy_terms(tree)
    total, payload = run(tree, False)
    used = False
    if tolerant and total < FUZZY_BELOW:
        total, payload = run(tree, True)
        used = True
    if fuzzy and total < FEW_PHRASE_HITS and (loose := relax_phrases(tree)) is not None:
        tree, used = loose, fuzzy
        total, payload = run(loose, fuzzy)
        if total < FEW_PHRASE_HITS and (looser := relax_phrases(original, drop_one=True)) != loose:
            tree = looser
            total, payload = run(looser, fuzzy)
    return tree, used, payload


def _has_fuzzy_terms(node) -> bool:
    if isinstance(node, (And, Or)):
        return any(_has_fuzzy_terms(c) for c in node.children)
    if isinstance(node, Not):
        return _has_fuzzy_terms(node.child)
    return isinstance(node, Term) and not node.exact_only and node.field != "nomor"


def relax_phrases(node, drop_one: bool = False):
    """The tree with every body-text phrase read loosely (all its words, or with
    ``drop_one`` all but one of a phrase of 4 or more), or None when it has none."""
    changed = [False]

    def walk(n):
        if isinstance(n, Phrase) and n.field is None:
            changed[0] = True
            size = len(n.tokens)
            return LoosePhrase(n.tokens, size - 1 if drop_one and size >= 4 else size)
        if isinstance(n, (And, Or)):
            return type(n)(tuple(walk(c) for c in n.children))
        return n                          # Not: an excluded phrase stays exact

    relaxed = walk(node)
    return relaxed if changed[0] else None
