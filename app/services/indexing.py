"""Keeping the search index in step with the metadata database (owned by the search work).

Interface every domain service uses:

    mark_changed(session, document_id, fields=None)
        Call inside the transaction that changed a document. ``fields`` None means
        "the whole document" (text and fields); a set of field names means a partial
        update (e.g. {"disposition"} or {"perihal", "sender"}). The index work runs
        after the commit, never inside the transaction.

    mark_removed(session, document_id)
        The document must leave the index (destroyed or discarded), after the commit.

``install(sessionmaker, backend_getter)`` (called by the Runtime) hooks the session
factory: after a commit, pending changes go to the engine in short transactions of their
own. An unreachable engine marks the documents ``waiting``; ``index_pending`` retries
them. ``reindex`` rebuilds the whole index from the database (the source of truth).
"""
from __future__ import annotations

import json
import logging
import os
import weakref
from dataclasses import replace
from typing import Callable, Iterable, Iterator

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from app.models import Document, DocumentStatus, IndexState, Registration, Sifat
from search import AccessContext, IndexDoc
from search.errors import BackendUnavailable, IndexBehind

log = logging.getLogger(__name__)

CHANGES, REMOVALS = "lontar_index_changes", "lontar_index_removals"
GONE = (DocumentStatus.DESTROYED.value, DocumentStatus.DISCARDED.value)
BEHIND = (IndexState.PENDING.value, IndexState.WAITING.value)
# More letters than this behind the database: the engine is not taking writes (down, full,
# damaged) and listing them all in every query would cost more than it is worth.
MAX_WITHHELD = 5000
_INSTALLED: "weakref.WeakSet[sessionmaker]" = weakref.WeakSet()


def mark_changed(session: Session, document_id: int, fields: set[str] | None = None) -> None:
    pending = session.info.setdefault(CHANGES, {})
    current = pending.get(document_id, set())
    pending[document_id] = None if fields is None or current is None else current | set(fields)


def mark_removed(session: Session, document_id: int) -> None:
    session.info.setdefault(REMOVALS, set()).add(document_id)


# ---- building what the engine indexes --------------------------------------------------------
def build_index_doc(session: Session, document: Document, with_pages: bool = True,
                    registered: bool | None = None) -> IndexDoc:
    """``registered`` False (known from a batch query) skips the disposition lookup: a letter
    never registered has no disposition state."""
    # Imported here, not at the top: both services record their changes through this module.
    from app.services import disposition as disposition_service
    from app.services import retention as retention_service

    disposition = {} if registered is False else disposition_service.state_for_document(session, document.id)
    retention = retention_service.state_for_document(session, document.id)
    tanggal = document.tanggal_surat
    created = document.created_at
    return IndexDoc(
        id=document.id,
        pages=[p.text or "" for p in document.pages] if with_pages else [],
        nomor=document.nomor, nomor_parts=document.nomor_parts, tanggal=tanggal, perihal=document.perihal,
        sender=document.sender, addressee=document.addressee,
        signer=" ".join(x for x in (document.signer_name, document.signer_position) if x) or None,
        classification_code=document.classification_code, sifat=document.sifat,
        sifat_level=Sifat(document.sifat).level, sifat_confirmed=bool(document.sifat_confirmed),
        uploader_id=document.uploaded_by_id, urgensi=document.urgensi, unit_id=document.unit_id,
        disposition_statuses=list(disposition.get("statuses") or []),
        assignee_position_ids=[int(p) for p in disposition.get("assignee_position_ids") or []],
        overdue=bool(disposition.get("overdue")), retention_phase=retention.get("phase"),
        created_at=created, year=(tanggal or created).year if (tanggal or created) else None,
    )


def _partial_fields(doc: IndexDoc) -> dict:
    """Every field except the text: a partial update never re-sends pages."""
    values = dict(doc.__dict__)
    values.pop("pages")
    values.pop("id")
    return values


# ---- applying changes after commit ------------------------------------------------------------
def install(factory: sessionmaker, backend_getter: Callable[[], object], dirty_dir=None) -> None:
    """Apply each session's pending index changes after its commit (once per factory)."""
    if factory in _INSTALLED:
        return
    _INSTALLED.add(factory)

    @event.listens_for(factory, "after_commit")
    def _after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            # A savepoint was released: the outer transaction still holds the write lock
            # and may yet roll back, so the changes wait for the real commit.
            return
        changes = session.info.pop(CHANGES, {})
        removals = session.info.pop(REMOVALS, set())
        if not (changes or removals):
            return
        try:
            _note_dirty(dirty_dir, set(changes) | removals)
            apply_changes(factory, backend_getter(), changes, removals)
        except Exception:  # noqa: BLE001 - the caller's commit succeeded; never fail it afterwards
            log.exception("index: changes of documents %s could not be applied", sorted(set(changes) | removals))
            try:
                _set_state(factory, set(changes) | removals, IndexState.WAITING)
            except Exception:  # noqa: BLE001
                log.exception("index: could not mark documents waiting")

    @event.listens_for(factory, "before_commit")
    def _before_commit(session: Session) -> None:
        # The index copy is behind from this commit on: searches withhold the letter
        # (see ``withholding``) until the engine has the change, with no gap between the
        # commit and the engine write in which the old copy could still be answered.
        ids = set(session.info.get(CHANGES, {})) | session.info.get(REMOVALS, set())
        if ids:
            session.execute(update(Document).where(Document.id.in_(sorted(ids)))
                            .values(index_state=IndexState.PENDING.value))

    @event.listens_for(factory, "after_soft_rollback")
    def _after_rollback(session: Session, _previous) -> None:
        session.info.pop(CHANGES, None)
        session.info.pop(REMOVALS, None)


def apply_changes(factory: sessionmaker, backend, changes: dict, removals: set, retries: int = 2) -> None:
    """Send the changes to the engine; whatever cannot be sent waits for ``index_pending``."""
    done: dict[int, object] = {}
    waiting: set[int] = set()
    for doc_id, action, payload, token in _load(factory, changes, removals):
        try:
            if action == "delete":
                backend.delete(doc_id)
            elif action == "partial" and backend.update_fields(doc_id, payload):
                pass
            elif action in ("partial", "full"):
                backend.index_documents([payload if action == "full" else _reload_full(factory, doc_id)])
            done[doc_id] = token
        except BackendUnavailable:
            waiting.add(doc_id)
        except Exception:  # noqa: BLE001 - the commit succeeded; never fail the caller afterwards
            log.exception("index: document %s could not be indexed", doc_id)
            waiting.add(doc_id)
    if done:
        try:
            backend.make_visible()             # 'indexed' only once searches see the change
        except Exception:  # noqa: BLE001
            log.exception("index: changes of %s written but not yet visible", sorted(done))
            waiting |= set(done)
            done = {}
    stale = _mark_indexed(factory, done)
    _set_state(factory, waiting, IndexState.WAITING)
    if stale and retries:
        # Changed again while this write was on its way: the newer change's own write may
        # have reached the engine first and been overwritten by this older copy. Write the
        # current state once more (still 'pending', hence withheld, until it is in).
        apply_changes(factory, backend, {i: None for i in stale}, set(), retries - 1)


def _load(factory: sessionmaker, changes: dict, removals: set) -> list[tuple[int, str, object, object]]:
    """Read what the engine needs in one short transaction: (id, action, doc or fields,
    token). The token (``updated_at``, moved on by every change, see ``_before_commit``)
    tells afterwards whether the letter changed again meanwhile; None: no row."""
    work = []
    with factory() as session, session.begin():
        ids = set(changes) | set(removals)
        docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(ids)))} if ids else {}
        for doc_id in sorted(ids):
            doc = docs.get(doc_id)
            token = doc.updated_at if doc is not None else None
            if doc is None or doc_id in removals or doc.status in GONE:
                work.append((doc_id, "delete", None, token))
            elif doc.status != DocumentStatus.DONE.value:
                continue                                   # not processed yet: indexed when done
            elif changes.get(doc_id) is None:
                work.append((doc_id, "full", build_index_doc(session, doc), token))
            else:
                work.append((doc_id, "partial", _partial_fields(build_index_doc(session, doc, with_pages=False)), token))
    return work


def _mark_indexed(factory: sessionmaker, done: dict[int, object]) -> set[int]:
    """Mark the written letters indexed, except those changed since they were read (their
    token moved on): returned, to be written again."""
    stale = set()
    rows = {i: t for i, t in done.items() if t is not None}
    if not rows:
        return stale
    with factory() as session, session.begin():
        for doc_id, token in sorted(rows.items()):
            result = session.execute(
                update(Document).where(Document.id == doc_id, Document.updated_at == token)
                .values(index_state=IndexState.INDEXED.value, updated_at=Document.updated_at)
                .execution_options(synchronize_session=False))
            if result.rowcount == 0:
                stale.add(doc_id)
    return stale


def _reload_full(factory: sessionmaker, doc_id: int) -> IndexDoc:
    with factory() as session, session.begin():
        return build_index_doc(session, session.get(Document, doc_id))


def _set_state(factory: sessionmaker, ids: set[int], state: IndexState) -> None:
    """A Core update: no version bump, no new index work, a transaction of its own, and
    ``updated_at`` kept (it is the change token of ``_load``, not moved by index states)."""
    if not ids:
        return
    with factory() as session, session.begin():
        session.execute(update(Document).where(Document.id.in_(sorted(ids)))
                        .values(index_state=state.value, updated_at=Document.updated_at)
                        .execution_options(synchronize_session=False))


# ---- search answers while the index is behind ------------------------------------------------
def withholding(session: Session, ctx: AccessContext) -> AccessContext:
    """``ctx`` leaving out of every search answer the letters whose index copy may be behind.

    Fail closed (issue 15): a change committed to the database but not (yet) applied to the
    engine may narrow who may read a letter (raised sifat, another unit, a cancelled
    disposition, destruction), and the engine would still answer from the old copy: hits,
    snippets, counts, facets, suggestions and similar letters. So every letter in state
    pending or waiting is withheld until its change is in the engine, whatever the change
    was: telling narrowing from widening changes would be a second access rule to keep in
    step. The alternative, writing narrowing changes to the engine before the commit,
    would refuse edits whenever the engine is down.
    """
    ids = list(session.scalars(
        select(Document.id).where(Document.index_state.in_(BEHIND),
                                  Document.status.in_((DocumentStatus.DONE.value,) + GONE))
        .limit(MAX_WITHHELD + 1)))
    if len(ids) > MAX_WITHHELD:
        raise IndexBehind(f"The search index is more than {MAX_WITHHELD} letters behind the archive; "
                          "search answers again once it has caught up.")
    return replace(ctx, withheld_ids=tuple(ids)) if ids else ctx


# ---- retries and full rebuilds ----------------------------------------------------------------
def index_pending(runtime, batch_size: int = 200) -> int:
    """Retry documents left 'pending' or 'waiting' (engine was down). Returns how many."""
    total, after = 0, 0
    while True:
        with runtime.session_scope() as session:
            ids = list(session.scalars(
                select(Document.id).where(Document.id > after,
                                          Document.index_state.in_([IndexState.PENDING.value, IndexState.WAITING.value]),
                                          Document.status.in_((DocumentStatus.DONE.value,) + GONE))
                .order_by(Document.id).limit(batch_size)))
        if not ids:
            return total
        apply_changes(runtime.sessions, runtime.search, {i: None for i in ids}, set())
        total, after = total + len(ids), ids[-1]


def _checkpoint_path(runtime):
    return runtime.settings.index_dir / f"reindex-{runtime.search.name}.json"


def _note_dirty(dirty_dir, ids: set[int]) -> None:
    """While a rebuild runs, remember documents changed meanwhile (applied after the switch)."""
    if dirty_dir is None:
        return
    for marker in ("reindex-embedded.json", "reindex-elastic.json"):
        if os.path.exists(os.path.join(dirty_dir, marker)):
            with open(os.path.join(dirty_dir, "reindex-dirty.ids"), "a") as out:
                out.write("".join(f"{i}\n" for i in sorted(ids)))
            return


def stream_documents(runtime, after_id: int = 0, batch_size: int = 500) -> Iterator[IndexDoc]:
    """Every 'done' document in id order, one short transaction per batch (bounded memory)."""
    while True:
        with runtime.session_scope() as session:
            docs = list(session.scalars(
                select(Document).where(Document.id > after_id, Document.status == DocumentStatus.DONE.value)
                .order_by(Document.id).limit(batch_size).options(selectinload(Document.pages))))
            ids = [d.id for d in docs]
            registered = set(session.scalars(select(Registration.document_id).where(
                Registration.document_id.in_(ids)))) if ids else set()
            batch = [build_index_doc(session, d, registered=d.id in registered) for d in docs]
        if not batch:
            return
        yield from batch
        after_id = batch[-1].id


def reindex(runtime, batch_size: int = 500, restart: bool = False, echo: Callable[[str], None] = lambda s: None) -> int:
    """Rebuild the index from the database into a new version, then switch; resumable."""
    path = _checkpoint_path(runtime)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = json.loads(path.read_text()) if path.exists() and not restart else {}
    if state:
        echo(f"Resuming the rebuild of {state['target']} after document {state['last_id']}.")
    else:
        path.write_text(json.dumps({"target": None, "last_id": 0}))
    counted = [0]

    def progress(target: str, last_id: int) -> None:
        path.write_text(json.dumps({"target": target, "last_id": last_id}))
        echo(f"  indexed up to document {last_id}")

    def counting(docs: Iterable[IndexDoc]) -> Iterator[IndexDoc]:
        for doc in docs:
            counted[0] += 1
            yield doc

    docs = counting(stream_documents(runtime, state.get("last_id") or 0, batch_size))
    runtime.search.rebuild(docs, resume=state.get("target"), progress=progress)
    path.unlink(missing_ok=True)
    _apply_dirty(runtime)
    with runtime.session_scope() as session:
        session.execute(update(Document).where(Document.status == DocumentStatus.DONE.value)
                        .values(index_state=IndexState.INDEXED.value))
    return counted[0]


def _apply_dirty(runtime) -> None:
    dirty = runtime.settings.index_dir / "reindex-dirty.ids"
    if not dirty.exists():
        return
    ids = {int(line) for line in dirty.read_text().split() if line.strip().isdigit()}
    dirty.unlink(missing_ok=True)
    if ids:
        apply_changes(runtime.sessions, runtime.search, {i: None for i in ids}, set())
