"""The access rule: who may read which letter. Defined once here; every reader derives from it.

A user reads a letter when
  1. the letter's *access level* is within the user's clearance and, for a unit-bound user,
     the letter belongs to one of the user's units; or
  2. the user is the letter's *provisional reader*; or
  3. a disposition of the letter is addressed to one of the user's positions.

The access level is the sifat level once the sifat is confirmed, and the highest level
(``TOP_LEVEL``) until then: a letter waiting for OCR, one whose sifat was read with low
confidence or flagged for review, and one whose processing failed fail *closed*. While
unconfirmed, its uploader is its provisional reader (he already holds the paper).

``LetterFacts.of`` computes what the rule reads about a letter, the same values the index
document carries (``access_level``, ``reader_id``, ``unit_id``, ``assignees``);
``AccessContext`` says what one user brings. The forms of the rule are
``AccessContext.allows`` (Python), ``app.services.access.readable_clause`` (SQL) and the
engines' ``access_filter`` (tantivy, Elasticsearch); each renders the three branches above from
``AccessContext.levels()`` / ``unit_ids`` / ``user_id`` / ``position_ids`` and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

TOP_LEVEL = 3   # sangat_rahasia: the level of a letter whose sifat is not yet confirmed
NO_READER = 0   # ``reader_id`` in the index when the letter has no provisional reader


@dataclass(frozen=True)
class LetterFacts:
    """What the access rule reads about one letter."""

    access_level: int
    unit_id: int | None
    reader_id: int | None = None
    assignee_position_ids: tuple[int, ...] = ()

    @classmethod
    def of(cls, sifat_level: int, sifat_confirmed: bool, unit_id: int | None, uploader_id: int | None,
           assignee_position_ids: Iterable[int] = ()) -> "LetterFacts":
        return cls(access_level=sifat_level if sifat_confirmed else TOP_LEVEL, unit_id=unit_id,
                   reader_id=None if sifat_confirmed else uploader_id,
                   assignee_position_ids=tuple(sorted(set(assignee_position_ids))))


@dataclass(frozen=True)
class AccessContext:
    """What one user may read.

    ``unit_ids`` None means every unit. ``system()`` is for internal jobs (reindex,
    benchmarks) and is never built from a web request.

    ``withheld_ids``: letters left out of every answer whatever the rest says, because
    their index copy may be behind the database (a change not yet applied could narrow
    who may read them; see ``app.services.indexing.withholding``).
    """

    user_id: int | None
    clearance: int
    unit_ids: list[int] | None = None
    position_ids: list[int] = field(default_factory=list)
    withheld_ids: tuple[int, ...] = ()

    @classmethod
    def system(cls) -> "AccessContext":
        return cls(user_id=None, clearance=TOP_LEVEL, unit_ids=None, position_ids=[])

    def levels(self) -> range:
        """Access levels of branch 1 (empty when the clearance is below every level)."""
        return range(0, max(-1, min(self.clearance, TOP_LEVEL)) + 1)

    @property
    def reads_everything(self) -> bool:
        """Branch 1 alone admits every letter: no filter is needed at all."""
        return self.clearance >= TOP_LEVEL and self.unit_ids is None

    def allows(self, facts: LetterFacts) -> bool:
        if set(facts.assignee_position_ids) & set(self.position_ids):
            return True
        if self.user_id is not None and facts.reader_id == self.user_id:
            return True
        if facts.access_level not in self.levels():
            return False
        return self.unit_ids is None or facts.unit_id in self.unit_ids
