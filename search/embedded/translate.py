"""The query tree and the access filter as tantivy queries."""
from __future__ import annotations

import re

import tantivy
from tantivy import Occur, Query

from search import query as q
from search.access import AccessContext
from search.fields import EXACT_BOOST, FIELD_BOOST, FIELD_PLAN, FUZZY_BOOST, NEAR_PHRASE_BOOST, PHRASE_FIRST_BOOST, STEM_BOOST
from search.stemming import stems
from search.text import fuzzy_distance

INT = tantivy.FieldType.Integer
# Unfielded words: ``words``/``stems`` already hold the letter fields (see schema.py).
PLAN = {**FIELD_PLAN, None: (("words",), ("stems",), True)}


class Translator:
    def __init__(self, schema: tantivy.Schema, fuzzy: bool = True, stemming: bool = True):
        self.schema = schema
        self.fuzzy = fuzzy
        self.stemming = stemming

    def __call__(self, node) -> Query:
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node)

    def _matchall(self, node) -> Query:
        return Query.all_query()

    def _term(self, node: q.Term) -> Query:
        exact_fields, stem_fields, fuzzy_ok = PLAN[node.field]
        parts = []
        for i, name in enumerate(exact_fields):
            boost = EXACT_BOOST if i == 0 else EXACT_BOOST * FIELD_BOOST
            parts.append(Query.boost_query(Query.term_query(self.schema, name, node.token), boost))
        if not node.exact_only:
            if self.stemming:
                for name in stem_fields:
                    for stem in stems(node.token):
                        parts.append(Query.boost_query(Query.term_query(self.schema, name, stem), STEM_BOOST))
            distance = fuzzy_distance(node.token)
            if self.fuzzy and fuzzy_ok and distance:
                for name in exact_fields:
                    fuzzy = Query.fuzzy_term_query(self.schema, name, node.token, distance, True, False)
                    parts.append(Query.boost_query(fuzzy, FUZZY_BOOST))
        return _should(parts)

    def _prefix(self, node: q.Prefix) -> Query:
        exact_fields = PLAN[node.field][0]
        parts = [Query.fuzzy_term_query(self.schema, name, node.token, 0, True, True) for name in exact_fields]
        return Query.boost_query(_should(parts), EXACT_BOOST)

    def _phrase(self, node: q.Phrase) -> Query:
        exact_fields = PLAN[node.field][0]
        parts = [Query.phrase_query(self.schema, name, list(node.tokens)) for name in exact_fields]
        return Query.boost_query(_should(parts), EXACT_BOOST)

    def _loosephrase(self, node: q.LoosePhrase) -> Query:
        exact = Query.boost_query(self._phrase(q.Phrase(node.tokens)), PHRASE_FIRST_BOOST)
        near = [Query.boost_query(Query.phrase_query(self.schema, "words", list(words), 1), EXACT_BOOST * NEAR_PHRASE_BOOST)
                for words in node.holes()]
        terms = [self._term(q.Term(t)) for t in node.tokens]
        if node.minimum >= len(terms):      # all words: an intersection, far cheaper than counting matches
            words = Query.boolean_query([(Occur.Must, t) for t in terms])
        else:
            words = Query.boolean_query([(Occur.Should, t) for t in terms], node.minimum)
        return Query.boolean_query([(Occur.Should, p) for p in [exact, *near, words]])

    def _keyword(self, node: q.Keyword) -> Query:
        if node.field == "classification":
            return Query.regex_query(self.schema, "classification", re.escape(node.value) + ".*")
        if node.field == "overdue":
            return Query.term_query(self.schema, "overdue", 1)
        name = "statuses" if node.field == "status" else node.field
        return Query.term_query(self.schema, name, node.value)

    def _range(self, node: q.Range) -> Query:
        return Query.range_query(self.schema, node.field, INT, node.low, node.high)

    def _and(self, node: q.And) -> Query:
        must = [(Occur.Must, self(c)) for c in node.children if not isinstance(c, q.Not)]
        must_not = [(Occur.MustNot, self(c.child)) for c in node.children if isinstance(c, q.Not)]
        if not must:
            must = [(Occur.Must, Query.all_query())]
        return Query.boolean_query(must + must_not)

    def _or(self, node: q.Or) -> Query:
        return Query.boolean_query([(Occur.Should, self(c)) for c in node.children])

    def _not(self, node: q.Not) -> Query:
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, self(node.child))])


def _should(parts: list[Query]) -> Query:
    return parts[0] if len(parts) == 1 else Query.boolean_query([(Occur.Should, p) for p in parts])


def access_filter(schema: tantivy.Schema, ctx: AccessContext) -> Query | None:
    """The rule of search.access (``_allowed``), minus the withheld letters; None = all."""
    allowed = _allowed(schema, ctx)
    if not ctx.withheld_ids:
        return allowed
    withheld = Query.term_set_query(schema, "id", sorted(set(ctx.withheld_ids)))
    return Query.boolean_query([(Occur.Must, allowed or Query.all_query()), (Occur.MustNot, withheld)])


def _allowed(schema: tantivy.Schema, ctx: AccessContext) -> Query | None:
    """The rule of search.access as one union of ``access`` terms (see ``schema.access_keys``);
    None = all."""
    if ctx.reads_everything:
        return None
    levels = ctx.levels()
    if ctx.unit_ids is None:
        keys = [f"l{level}" for level in levels]
    else:
        keys = [f"u{unit}:l{level}" for unit in sorted(set(ctx.unit_ids)) for level in levels]
    keys += [f"r{ctx.user_id}"] if ctx.user_id is not None else []
    keys += [f"p{position}" for position in sorted(set(ctx.position_ids))]
    if not keys:
        return Query.empty_query()
    return _should([Query.term_query(schema, "access", key) for key in keys])


def with_filter(main: Query, flt: Query | None) -> Query:
    """``main`` restricted by ``flt`` without changing scores."""
    if flt is None:
        return main
    return Query.boolean_query([(Occur.Must, main), (Occur.Must, Query.const_score_query(flt, 0.0))])
