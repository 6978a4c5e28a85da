"""SearchBackend on tantivy: versioned index directories, one writer across processes."""
from __future__ import annotations

import json
import logging
import os
import time
from typing import Iterable

import tantivy
from tantivy import Occur, Order, Query

from search.access import AccessContext
from search.embedded.schema import SUGGEST_SEP, build_schema, to_tantivy
from search.embedded.faults import engine_errors, guarded, looks_damaged
from search.embedded.similar import similar_query
from search.embedded.store import IndexStore
from search.embedded.translate import Translator, access_filter, with_filter
from search.errors import BackendUnavailable, IndexDamaged
from search.model import FACETS_FAILED, Hit, IndexDoc, SearchRequest, SearchResults
from search.protocol import Progress
from search.query import parse_noting
from search.reading import tolerant_search
from search.results import FACET_AGGS, doc_from_json, make_hit, matcher_for, merge_fields
from search.text import fold, normalise, tokens

log = logging.getLogger(__name__)
HEAP_BYTES = 64_000_000
REBUILD_COMMIT_EVERY = 5000


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, index_dir, heap_bytes: int = HEAP_BYTES):
        from search import SCHEMA_VERSION

        self.store = IndexStore(index_dir, SCHEMA_VERSION)
        self.schema = build_schema()
        self.heap_bytes = heap_bytes
        self._index: tantivy.Index | None = None
        self._name: str | None = None
        self._stamp = None
        self._meta_mtime = None

    # ---- opening ----------------------------------------------------------------------
    @guarded()
    def ensure_index(self) -> None:
        with self.store.writer_lock():
            if self.store.current_name() is None:
                name = self.store.new_name()
                self._create(name)
                self.store.switch(name)

    def _create(self, name: str) -> tantivy.Index:
        path = self.store.path(name)
        path.mkdir(parents=True, exist_ok=True)
        return tantivy.Index(self.schema, path=str(path))

    def _current(self) -> tantivy.Index:
        stamp = self.store.pointer_stamp()
        if stamp is None:
            self.ensure_index()
            stamp = self.store.pointer_stamp()
        if stamp != self._stamp or self._index is None:
            name = self.store.current_name()
            if not self.store.is_current_version(name):
                raise BackendUnavailable(
                    f"The search index {name} was built by an older version of Lontar; run `lontar reindex`.")
            self._index = tantivy.Index(self.schema, path=str(self.store.path(name)))
            self._name, self._stamp, self._meta_mtime = name, stamp, None
        return self._index

    def _searcher(self) -> tantivy.Searcher:
        """A searcher on the live index, reloaded when a writer (maybe another process) committed.

        A rebuild may switch the pointer and delete the old directory between two of these
        steps: then reopen from the pointer and try again.
        """
        for attempt in range(3):
            try:
                index = self._current()
                try:
                    mtime = os.stat(self.store.path(self._name) / "meta.json").st_mtime_ns
                except FileNotFoundError:
                    mtime = None
                if mtime != self._meta_mtime:
                    index.reload()
                    self._meta_mtime = mtime
                return index.searcher()
            except ValueError as exc:
                self._index = None
                if looks_damaged(exc):
                    raise IndexDamaged(f"The search index is damaged ({str(exc)[:200]}); rebuild it with `lontar reindex`.") from None
                if attempt == 2:
                    raise BackendUnavailable(f"The search index could not be opened ({exc}).") from None
        raise AssertionError("unreachable")

    # ---- writing ----------------------------------------------------------------------
    def _write(self, apply) -> None:
        """Run ``apply(writer, searcher)`` under the cross-process lock, then commit."""
        self._current()                    # creates the index first if needed (takes the lock itself)
        with self.store.writer_lock():
            index = self._current()
            writer = _open_writer(index, self.heap_bytes)
            try:
                index.reload()
                apply(writer, index.searcher())
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
        self._meta_mtime = None

    @guarded()
    def index_documents(self, docs: Iterable[IndexDoc]) -> int:
        docs = list(docs)

        def apply(writer, _searcher):
            for doc in docs:
                writer.delete_documents_by_term("id", doc.id)
                writer.add_document(to_tantivy(doc))

        if docs:
            self._write(apply)
        return len(docs)

    @guarded()
    def update_fields(self, doc_id: int, fields: dict) -> bool:
        found = []

        def apply(writer, searcher):
            stored = _stored_by_id(self.schema, searcher, doc_id)
            if stored is None:
                return
            doc = doc_from_json(merge_fields(stored, fields))
            writer.delete_documents_by_term("id", doc_id)
            writer.add_document(to_tantivy(doc))
            found.append(doc_id)

        self._write(apply)
        return bool(found)

    @guarded()
    def delete(self, doc_id: int) -> None:
        self._write(lambda writer, _s: writer.delete_documents_by_term("id", doc_id))

    def make_visible(self) -> None:
        """Nothing to wait for: a commit is seen by the next search (it reloads on a new meta.json)."""

    @guarded()
    def rebuild(self, docs: Iterable[IndexDoc], resume: str | None = None, progress: Progress | None = None) -> str:
        """New versioned directory (or ``resume`` it), batched commits, then switch ``current``."""
        name = resume if resume and self.store.path(resume).is_dir() else self.store.new_name()
        index = self._create(name)
        writer = _open_writer(index, self.heap_bytes)
        last_id, pending = None, 0
        try:
            for doc in docs:
                if resume:
                    writer.delete_documents_by_term("id", doc.id)
                writer.add_document(to_tantivy(doc))
                last_id, pending = doc.id, pending + 1
                if pending >= REBUILD_COMMIT_EVERY:
                    writer.commit()
                    pending = 0
                    if progress:
                        progress(name, last_id)
            writer.commit()
            if progress and last_id is not None:
                progress(name, last_id)
        finally:
            writer.wait_merging_threads()
        with self.store.writer_lock():
            self.store.switch(name)
        return name

    # ---- reading ----------------------------------------------------------------------
    @guarded(reading_query=True)
    def search(self, req: SearchRequest, ctx: AccessContext) -> SearchResults:
        req = req.validated()
        tree, notes = parse_noting(req.query)
        flt = access_filter(self.schema, ctx)
        searcher = self._searcher()
        def run(reading, fuzzy: bool):
            query, result = self._run(searcher, reading, req, flt, fuzzy)
            return result.count or 0, (query, result)

        tree, fuzzy, (query, result) = tolerant_search(run, tree, req.fuzzy)
        facets = self._facets_or_notice(searcher, query, notes) if req.facets else {}
        matcher = matcher_for(tree, fuzzy, req.stemming) if req.highlight else None
        hits = [make_hit(score if req.sort == "relevance" else 0.0, _stored(searcher, addr), matcher)
                for score, addr in result.hits]
        return SearchResults(total=result.count or 0, hits=hits, facets=facets, page=req.page, per_page=req.per_page,
                             notices=notes)

    def _run(self, searcher: tantivy.Searcher, tree, req: SearchRequest, flt: Query | None, fuzzy: bool):
        query = with_filter(Translator(self.schema, fuzzy, req.stemming)(tree), flt)
        if req.sort == "relevance":
            return query, searcher.search(query, req.per_page, count=True, offset=req.offset)
        order = Order.Desc if req.sort == "date" else Order.Asc
        return query, searcher.search(query, req.per_page, count=True, offset=req.offset,
                                      order_by_field="tanggal", order=order)

    def _facets_or_notice(self, searcher: tantivy.Searcher, query: Query, notes: list[str]) -> dict:
        """The facet counts; when only they fail, the hits are still answered, with a notice."""
        try:
            with engine_errors():
                return _facets(searcher.aggregate(query, FACET_AGGS))
        except IndexDamaged as exc:
            log.error("facets could not be counted: %s", exc)
            notes.append(FACETS_FAILED)
            return {}

    @guarded()
    def suggest(self, prefix: str, ctx: AccessContext, limit: int = 8) -> list[str]:
        words = tokens(prefix or "")
        if not words:
            return []
        searcher = self._searcher()
        flt = access_filter(self.schema, ctx) or Query.all_query()
        senders = searcher.terms_with_prefix("sender_suggest", fold(prefix.strip()), filter_query=flt, limit=limit)
        out = [term.split(SUGGEST_SEP, 1)[-1] for term, count in senders if count > 0]
        for term, count in searcher.terms_with_prefix("words", words[-1], filter_query=flt, limit=limit):
            if count > 0 and term not in out:
                out.append(term)
        return out[:limit]

    @guarded()
    def similar(self, doc_id: int, ctx: AccessContext, limit: int = 5) -> list[Hit]:
        searcher = self._searcher()
        flt = access_filter(self.schema, ctx)
        source = _stored_by_id(self.schema, searcher, doc_id, flt)
        if source is None:                  # absent, or not readable by ctx: reveal nothing
            return []
        text = " ".join(normalise(p) for p in source.get("pages") or []) + " " + normalise(source.get("perihal"))
        mlt = similar_query(self.schema, searcher, text)
        if mlt is None:
            return []
        query = with_filter(Query.boolean_query([
            (Occur.Must, mlt), (Occur.MustNot, Query.term_query(self.schema, "id", doc_id))]), flt)
        return [make_hit(score, _stored(searcher, addr), None) for score, addr in searcher.search(query, limit).hits]

    def ping(self) -> bool:
        try:
            self.store.root.mkdir(parents=True, exist_ok=True)
            return os.access(self.store.root, os.W_OK)
        except OSError:
            return False

    def close(self) -> None:
        self._index = None
        self._stamp = None


def _open_writer(index: tantivy.Index, heap: int, attempts: int = 50):
    """Tantivy's own lock can still be held briefly by a writer being dropped: retry."""
    for attempt in range(attempts):
        try:
            return index.writer(heap_size=heap, num_threads=1)
        except ValueError as exc:
            if attempt == attempts - 1:
                raise BackendUnavailable(f"The search index is busy ({exc}).") from None
            time.sleep(0.1)


def _stored(searcher: tantivy.Searcher, address) -> dict:
    return json.loads(searcher.doc(address).get_first("stored"))


def _stored_by_id(schema, searcher, doc_id: int, flt: Query | None = None) -> dict | None:
    query = with_filter(Query.term_query(schema, "id", doc_id), flt)
    hits = searcher.search(query, 1).hits
    return _stored(searcher, hits[0][1]) if hits else None


def _facets(raw: dict) -> dict[str, list[tuple[str, int]]]:
    out = {}
    for name, agg in raw.items():
        buckets = [(str(b["key"]), int(b["doc_count"])) for b in agg.get("buckets", [])]
        out[name] = [(k, c) for k, c in buckets if c > 0 and k not in ("", "0")]
    return out
