"""The query tree and the access filter as Elasticsearch query DSL."""
from __future__ import annotations

from search import query as q
from search.access import AccessContext
from search.fields import EXACT_BOOST, FIELD_BOOST, FIELD_PLAN, FUZZY_BOOST, NEAR_PHRASE_BOOST, PHRASE_FIRST_BOOST, STEM_BOOST
from search.stemming import stems
from search.text import fuzzy_distance

MATCH_ALL = {"match_all": {}}


class Translator:
    def __init__(self, fuzzy: bool = True, stemming: bool = True):
        self.fuzzy = fuzzy
        self.stemming = stemming

    def __call__(self, node) -> dict:
        return getattr(self, "_" + type(node).__name__.lower())(node)

    def _matchall(self, node) -> dict:
        return MATCH_ALL

    def _term(self, node: q.Term) -> dict:
        exact_fields, stem_fields, fuzzy_ok = FIELD_PLAN[node.field]
        parts = []
        for i, name in enumerate(exact_fields):
            boost = EXACT_BOOST if i == 0 else EXACT_BOOST * FIELD_BOOST
            parts.append({"term": {name: {"value": node.token, "boost": boost}}})
        if not node.exact_only:
            if self.stemming:
                for name in stem_fields:
                    for stem in stems(node.token):
                        parts.append({"term": {name: {"value": stem, "boost": STEM_BOOST}}})
            distance = fuzzy_distance(node.token)
            if self.fuzzy and fuzzy_ok and distance:
                for name in exact_fields:
                    parts.append({"fuzzy": {name: {"value": node.token, "fuzziness": distance, "prefix_length": 0,
                                                   "max_expansions": 50, "transpositions": True,
                                                   "boost": FUZZY_BOOST}}})
        return _should(parts)

    def _prefix(self, node: q.Prefix) -> dict:
        exact_fields = FIELD_PLAN[node.field][0]
        return _should([{"prefix": {name: {"value": node.token, "boost": EXACT_BOOST}}} for name in exact_fields])

    def _phrase(self, node: q.Phrase) -> dict:
        exact_fields = FIELD_PLAN[node.field][0]
        text = " ".join(node.tokens)
        return _should([{"match_phrase": {name: {"query": text, "boost": EXACT_BOOST}}} for name in exact_fields])

    def _loosephrase(self, node: q.LoosePhrase) -> dict:
        text = " ".join(node.tokens)
        exact = _should([{"match_phrase": {name: {"query": text, "boost": EXACT_BOOST * PHRASE_FIRST_BOOST}}}
                         for name in FIELD_PLAN[None][0]])
        terms = [self._term(q.Term(t)) for t in node.tokens]
        words = {"bool": {"must": terms}} if node.minimum >= len(terms) else \
            {"bool": {"should": terms, "minimum_should_match": node.minimum}}
        near = [{"match_phrase": {"words": {"query": " ".join(w), "slop": 1, "boost": EXACT_BOOST * NEAR_PHRASE_BOOST}}}
                for w in node.holes()]
        return {"bool": {"should": [exact, *near, words], "minimum_should_match": 1}}

    def _keyword(self, node: q.Keyword) -> dict:
        if node.field == "classification":
            return {"prefix": {"classification": {"value": node.value}}}
        if node.field == "overdue":
            return {"term": {"overdue": 1}}
        name = "statuses" if node.field == "status" else node.field
        return {"term": {name: node.value}}

    def _range(self, node: q.Range) -> dict:
        bounds = {}
        if node.low is not None:
            bounds["gte"] = node.low
        if node.high is not None:
            bounds["lte"] = node.high
        return {"range": {node.field: bounds}}

    def _and(self, node: q.And) -> dict:
        must = [self(c) for c in node.children if not isinstance(c, q.Not)] or [MATCH_ALL]
        must_not = [self(c.child) for c in node.children if isinstance(c, q.Not)]
        return {"bool": {"must": must, "must_not": must_not}}

    def _or(self, node: q.Or) -> dict:
        return {"bool": {"should": [self(c) for c in node.children], "minimum_should_match": 1}}

    def _not(self, node: q.Not) -> dict:
        return {"bool": {"must": [MATCH_ALL], "must_not": [self(node.child)]}}


def _should(parts: list[dict]) -> dict:
    return parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}


def access_filter(ctx: AccessContext) -> dict | None:
    """The rule of search.access (``_allowed``), minus the withheld letters; None = all."""
    allowed = _allowed(ctx)
    if not ctx.withheld_ids:
        return allowed
    withheld = {"ids": {"values": [str(i) for i in sorted(set(ctx.withheld_ids))]}}
    return {"bool": {"filter": [allowed] if allowed else [], "must_not": [withheld]}}


def _allowed(ctx: AccessContext) -> dict | None:
    """The rule of search.access over the indexed ``access_level``, ``unit_id``, ``reader_id``
    and ``assignees``; None = all."""
    if ctx.reads_everything:
        return None
    branches = []
    if ctx.levels():
        by_level = [{"range": {"access_level": {"lte": ctx.levels()[-1]}}}]
        if ctx.unit_ids is not None:
            by_level.append({"terms": {"unit_id": list(ctx.unit_ids)}})
        branches.append({"bool": {"filter": by_level}})
    if ctx.user_id is not None:
        branches.append({"term": {"reader_id": ctx.user_id}})
    if ctx.position_ids:
        branches.append({"terms": {"assignees": list(ctx.position_ids)}})
    return {"bool": {"should": branches, "minimum_should_match": 1}}


def with_filter(main: dict, flt: dict | None) -> dict:
    return main if flt is None else {"bool": {"must": [main], "filter": [flt]}}
