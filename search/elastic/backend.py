"""SearchBackend on Elasticsearch: versioned indices behind an alias, switched atomically.

Index names are ``<prefix>-v<SCHEMA_VERSION>-<timestamp>``; searches and live updates go
through the alias ``<prefix>``. The client is created on first use, never at import.
"""
from __future__ import annotations

import re
import time
from typing import Iterable

from elasticsearch import ApiError, ConflictError, Elasticsearch, NotFoundError, TransportError, helpers

from search.access import AccessContext
from search.elastic.mapping import SUGGEST_SEP, field_values, index_body, to_source
from search.elastic.translate import Translator, access_filter, with_filter
from search.errors import BackendUnavailable, IndexDamaged, QueryError
from search.model import Hit, IndexDoc, SearchRequest, SearchResults, flat_fields
from search.protocol import Progress
from search.query import parse_noting
from search.reading import tolerant_search
from search.results import FACET_AGGS, doc_from_json, make_hit, matcher_for, merge_fields
from search.text import fold, normalise, tokens

BULK_CHUNK = 500
_LUCENE_REGEX_SPECIAL = re.compile(r'([.?+*|{}\[\]()"\\#@&<>~])')


class ElasticBackend:
    name = "elastic"

    def __init__(self, url: str, prefix: str = "lontar", shards: int = 1, replicas: int = 0, refresh: bool = False):
        from search import SCHEMA_VERSION

        self.url = url
        self.alias = prefix
        self.schema_version = SCHEMA_VERSION
        self.shards, self.replicas = shards, replicas
        # refresh=True makes every write visible before returning (tests, interactive edits).
        self.refresh = "wait_for" if refresh else False
        self._client: Elasticsearch | None = None

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            self._client = Elasticsearch(self.url, request_timeout=30, max_retries=2, retry_on_timeout=True)
        return self._client

    # ---- lifecycle ----------------------------------------------------------------------
    def _new_index_name(self) -> str:
        return f"{self.alias}-v{self.schema_version}-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}{time.time_ns() % 1000:03d}"

    def ensure_index(self) -> None:
        with _unavailable(self.alias):
            if self.client.indices.exists_alias(name=self.alias):
                return
            name = self._new_index_name()
            self.client.indices.create(index=name, **index_body(self.shards, self.replicas))
            try:
                self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])
            except ApiError:
                self.client.indices.delete(index=name, ignore_unavailable=True)
                raise

    def current_index(self) -> str | None:
        with _unavailable(self.alias):
            try:
                return next(iter(self.client.indices.get_alias(name=self.alias)))
            except NotFoundError:
                return None

    def rebuild(self, docs: Iterable[IndexDoc], resume: str | None = None, progress: Progress | None = None) -> str:
        """Bulk into a new index (or continue ``resume``), then move the alias in one step."""
        with _unavailable(self.alias):
            name = resume if resume and self.client.indices.exists(index=resume) else None
            if name is None:
                name = self._new_index_name()
                self.client.indices.create(index=name, **index_body(self.shards, self.replicas, building=True))
            batch: list[IndexDoc] = []
            for doc in docs:
                batch.append(doc)
                if len(batch) >= BULK_CHUNK:
                    self._bulk(name, batch, progress)
                    batch = []
            if batch:
                self._bulk(name, batch, progress)
            self.client.indices.put_settings(index=name, settings={
                "index": {"refresh_interval": "1s", "number_of_replicas": self.replicas}})
            self.client.indices.refresh(index=name)
            self._switch_alias(name)
            return name

    def _bulk(self, index: str, docs: list[IndexDoc], progress: Progress | None) -> None:
        actions = ({"_index": index, "_id": str(d.id), "_source": to_source(d)} for d in docs)
        helpers.bulk(self.client, actions, chunk_size=BULK_CHUNK, refresh=False)
        if progress:
            progress(index, docs[-1].id)

    def _switch_alias(self, name: str) -> None:
        try:
            old = list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            old = []
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old if o != name]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)      # atomic: no moment without an index
        for o in old:
            if o != name:
                self.client.indices.delete(index=o, ignore_unavailable=True)

    # ---- writing -------------------------------------------------------------------------
    def index_documents(self, docs: Iterable[IndexDoc]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        with _unavailable(self.alias):
            actions = ({"_index": self.alias, "_id": str(d.id), "_source": to_source(d)} for d in docs)
            # require_alias: with the alias gone, Elasticsearch would otherwise auto-create a
            # plain index under its name (dynamic mapping, no access keys) and write there.
            helpers.bulk(self.client, actions, chunk_size=BULK_CHUNK, refresh=self.refresh, require_alias=True)
        return len(docs)

    def update_fields(self, doc_id: int, fields: dict) -> bool:
        """Partial update: the stored letter fields change, the page text is not sent."""
        for _attempt in range(5):
            with _unavailable(self.alias):
                try:
                    current = self.client.get(index=self.alias, id=str(doc_id), source_includes=["doc"],
                                              source_excludes=["doc.pages"])
                except NotFoundError:
                    return False
                stored = merge_fields(current["_source"]["doc"], fields)
                changed = {k: v for k, v in stored.items() if k in fields}
                partial = field_values(flat_fields(doc_from_json(stored)))
                partial["doc"] = changed
                try:
                    self.client.update(index=self.alias, id=str(doc_id), doc=partial, refresh=self.refresh,
                                       if_seq_no=current["_seq_no"], if_primary_term=current["_primary_term"])
                    return True
                except ConflictError:
                    continue            # another writer got there first: read again
        raise BackendUnavailable(f"Document {doc_id} kept changing while being updated; retry later.")

    def delete(self, doc_id: int) -> None:
        with _unavailable(self.alias):
            try:
                self.client.delete(index=self.alias, id=str(doc_id), refresh=self.refresh)
            except NotFoundError:
                pass

    def make_visible(self) -> None:
        """One refresh for a batch of changes, instead of ``wait_for`` on each write (a bulk
        classification of 100 letters would wait up to a second per letter)."""
        if self.refresh:
            return                             # every write already waited for its refresh
        with _unavailable(self.alias):
            self.client.indices.refresh(index=self.alias)

    # ---- reading -------------------------------------------------------------------------
    def _search(self, **body) -> dict:
        with _unavailable(self.alias):
            try:
                return self.client.search(index=self.alias, **body).body
            except ApiError as exc:
                if _index_fault(exc.error):
                    raise IndexDamaged(_damaged(self.alias, exc.error)) from None
                if getattr(exc, "status_code", 500) == 400:
                    raise QueryError("This search could not be run; try fewer or simpler words.") from None
                raise

    def search(self, req: SearchRequest, ctx: AccessContext) -> SearchResults:
        req = req.validated()
        tree, notes = parse_noting(req.query)
        def run(reading, fuzzy: bool):
            raw = self._run(reading, req, ctx, fuzzy)
            return raw["hits"]["total"]["value"], raw

        tree, fuzzy, raw = tolerant_search(run, tree, req.fuzzy)
        matcher = matcher_for(tree, fuzzy, req.stemming) if req.highlight else None
        hits = [make_hit(h.get("_score") or 0.0, h["_source"]["doc"], matcher) for h in raw["hits"]["hits"]]
        facets = {name: [(str(b["key"]), b["doc_count"]) for b in agg["buckets"] if str(b["key"]) not in ("", "0")]
                  for name, agg in raw.get("aggregations", {}).items()}
        return SearchResults(total=raw["hits"]["total"]["value"], hits=hits, facets=facets,
                             page=req.page, per_page=req.per_page, notices=notes)

    def _run(self, tree, req: SearchRequest, ctx: AccessContext, fuzzy: bool) -> dict:
        query = with_filter(Translator(fuzzy, req.stemming)(tree), access_filter(ctx))
        body = {"query": query, "from_": req.offset, "size": req.per_page, "track_total_hits": True,
                "source_includes": ["doc"]}
        if req.sort != "relevance":
            body["sort"] = [{"tanggal": {"order": "desc" if req.sort == "date" else "asc"}}, {"id": "asc"}]
        if req.facets:
            body["aggs"] = FACET_AGGS
        return self._search(**body)

    def suggest(self, prefix: str, ctx: AccessContext, limit: int = 8) -> list[str]:
        words = tokens(prefix or "")
        if not words:
            return []
        word, sender = words[-1], fold(prefix.strip())
        aggs = {
            "senders": {"filter": {"prefix": {"sender_suggest": sender}},
                        "aggs": {"t": {"terms": {"field": "sender_suggest", "size": limit,
                                                 "include": _lucene_regex_escape(sender) + ".*"}}}},
            "words": {"filter": {"prefix": {"vocab": word}},
                      "aggs": {"t": {"terms": {"field": "vocab", "size": limit, "include": word + ".*"}}}},
        }
        raw = self._search(query=access_filter(ctx) or {"match_all": {}}, size=0, aggs=aggs)
        out = [b["key"].split(SUGGEST_SEP, 1)[-1] for b in raw["aggregations"]["senders"]["t"]["buckets"]]
        for bucket in raw["aggregations"]["words"]["t"]["buckets"]:
            if bucket["key"] not in out:
                out.append(bucket["key"])
        return out[:limit]

    def similar(self, doc_id: int, ctx: AccessContext, limit: int = 5) -> list[Hit]:
        flt = access_filter(ctx)
        found = self._search(query=with_filter({"ids": {"values": [str(doc_id)]}}, flt), size=1,
                             source_includes=["doc"])["hits"]["hits"]
        if not found:                      # absent, or not readable by ctx: reveal nothing
            return []
        source = found[0]["_source"]["doc"]
        text = " ".join(normalise(p) for p in source.get("pages") or []) + " " + normalise(source.get("perihal"))
        mlt = {"more_like_this": {"fields": ["words"], "like": text, "min_term_freq": 1, "min_doc_freq": 1,
                                  "max_query_terms": 25}}
        query = with_filter({"bool": {"must": [mlt], "must_not": [{"ids": {"values": [str(doc_id)]}}]}}, flt)
        raw = self._search(query=query, size=limit, source_includes=["doc"])
        return [make_hit(h["_score"], h["_source"]["doc"], None) for h in raw["hits"]["hits"]]

    def ping(self) -> bool:
        # This distribution answers GET / with 405, so ask for cluster health instead of ping().
        try:
            self.client.cluster.health(timeout="2s")
            return True
        except (TransportError, ApiError):
            return False

    def delete_all(self) -> None:
        """Remove every index of this prefix (tests and `lontar reindex --drop`)."""
        with _unavailable(self.alias):
            self.client.indices.delete(index=f"{self.alias}-v*", ignore_unavailable=True, allow_no_indices=True)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def _lucene_regex_escape(text: str) -> str:
    return _LUCENE_REGEX_SPECIAL.sub(r"\\\1", text)


# The faults of the index itself (not of a query, not of the network): `lontar reindex`
# builds a new index and points the alias at it.
_INDEX_FAULTS = ("index_closed_exception", "index_not_found_exception", "alias")


def _index_fault(error) -> bool:
    return any(word in str(error or "") for word in _INDEX_FAULTS)


def _damaged(alias: str, error) -> str:
    return f"The search index {alias} is closed or missing ({error}); rebuild it with `lontar reindex`."


class _unavailable:
    """Connection failures become BackendUnavailable (callers mark documents 'waiting');
    a closed or missing index becomes IndexDamaged."""

    def __init__(self, alias: str = ""):
        self.alias = alias

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            return False
        if issubclass(exc_type, TransportError):
            raise BackendUnavailable(f"The search server cannot be reached ({exc_type.__name__}).") from exc
        if issubclass(exc_type, ApiError) and _index_fault(exc.error):
            raise IndexDamaged(_damaged(self.alias, exc.error)) from None
        if issubclass(exc_type, helpers.BulkIndexError) and any(_index_fault(e) for e in exc.errors):
            raise IndexDamaged(_damaged(self.alias, "bulk")) from None
        return False
