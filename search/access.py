"""The access filter value carried into every engine query."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


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
        return cls(user_id=None, clearance=3, unit_ids=None, position_ids=[])

    def allows(self, sifat_level: int, unit_id: int | None, assignee_position_ids: Iterable[int] = ()) -> bool:
        if set(assignee_position_ids) & set(self.position_ids):
            return True
        if sifat_level > self.clearance:
            return False
        return self.unit_ids is None or unit_id in self.unit_ids
