"""The classification scheme (klasifikasi arsip) and the retention schedule (JRA) as data.

Codes are hierarchical: ``800.1.2`` sits under ``800.1`` under ``800``. Rules hang on
nodes and are versioned: a change adds a new version and marks the old one not
current, recording who and why. Recomputing the documents a change affects is done
by ``app.services.retention``; this module only keeps the data.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ClassificationNode, RetentionRule, User
from app.models.retention import FinalDisposition, RetentionTrigger
from app.services import audit
from app.services.i18n import N_, Translatable, msg

CODE_RE = re.compile(r"^\d{3}(?:\.\d{1,3})*$")
LEADING_CODE_RE = re.compile(r"^\s*(\d{3}(?:\.\d{1,3})*)(?=$|[/\s\-])")
MAX_YEARS = 100


class RetentionError(Translatable, Exception):
    """A refusal of the retention domain; the message is shown to the records manager."""

    code = "retention_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(RetentionError):
    code = "invalid_input"


class NotFound(RetentionError):
    code = "not_found"


class NotAllowed(RetentionError):
    code = "forbidden"


class Blocked(RetentionError):
    """An action the law or the schedule forbids for this record."""

    code = "blocked"


class OutOfOrder(RetentionError):
    """A disposal step attempted before the step it depends on."""

    code = "out_of_order"


# --- codes -------------------------------------------------------------------------

def normalize_code(raw: str | None) -> str:
    code = (raw or "").strip()
    if not CODE_RE.match(code):
        raise InvalidInput(msg(N_("'%(raw)s' is not a classification code (expected e.g. 000, 000.5 or 800.1.2)"), raw=raw))
    return code


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def lineage(code: str) -> list[str]:
    """The code and its ancestors, most specific first: 800.1.2, 800.1, 800."""
    chain = [code]
    while (parent := parent_of(chain[-1])) is not None:
        chain.append(parent)
    return chain


def leading_code(nomor: str | None) -> str | None:
    """The classification code at the start of a letter number (600/147/PUPR/I/2024 -> 600)."""
    match = LEADING_CODE_RE.match(nomor or "")
    return match.group(1) if match else None


# --- scheme ------------------------------------------------------------------------

def get_node(session: Session, code: str) -> ClassificationNode | None:
    return session.execute(select(ClassificationNode).where(ClassificationNode.code == code)).scalar_one_or_none()


def nearest_node(session: Session, code: str) -> ClassificationNode | None:
    """The node itself or the closest ancestor present in the scheme."""
    codes = lineage(code)
    nodes = {n.code: n for n in session.execute(select(ClassificationNode).where(ClassificationNode.code.in_(codes))).scalars()}
    return next((nodes[c] for c in codes if c in nodes), None)


def save_node(session: Session, actor: User | None, code: str, name: str, reason: str | None = None) -> ClassificationNode:
    """Add a node or rename one (audited as SCHEME_CHANGED)."""
    code = normalize_code(code)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(msg(N_("classification %(code)s needs a name"), code=code))
    if len(name) > 300:
        raise InvalidInput(msg(N_("the name of classification %(code)s is longer than 300 characters"), code=code))
    node = get_node(session, code)
    if node is not None and node.name == name:
        return node
    old_name = node.name if node else None
    if node is None:
        node = ClassificationNode(code=code, name=name, parent_code=parent_of(code))
        session.add(node)
    else:
        node.name = name
    session.flush()
    audit.record(session, audit.Action.SCHEME_CHANGED, actor=actor, object_type="classification", object_id=node.id,
                 code=code, old_name=old_name, new_name=name, reason=reason)
    return node


def scheme(session: Session) -> list[ClassificationNode]:
    return list(session.execute(select(ClassificationNode).order_by(ClassificationNode.code)).scalars())


# --- rules -------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleInput:
    """One validated JRA row."""

    code: str
    active_years: int
    inactive_years: int
    final_disposition: str
    trigger: str = RetentionTrigger.LETTER_DATE.value
    series: str = ""

    @classmethod
    def parse(cls, raw: dict, where: str = "") -> "RuleInput":
        prefix = msg(N_("%(where)s: "), where=where) if where else ""
        code = normalize_code(str(raw.get("code") or raw.get("classification_code") or ""))
        years = {}
        for key in ("active_years", "inactive_years"):
            value = raw.get(key)
            try:
                years[key] = int(str(value).strip())
            except (TypeError, ValueError):
                raise InvalidInput(msg(N_("%(prefix)s%(key)s of %(code)s must be a whole number of years, got %(value)r"),
                                       prefix=prefix, key=key, code=code, value=value)) from None
            if not 0 <= years[key] <= MAX_YEARS:
                raise InvalidInput(msg(N_("%(prefix)s%(key)s of %(code)s must be between 0 and %(max)s"), prefix=prefix, key=key,
                                       code=code, max=MAX_YEARS))
        final = str(raw.get("final_disposition") or "").strip().lower().replace(" ", "_")
        if final not in {f.value for f in FinalDisposition}:
            raise InvalidInput(msg(N_("%(prefix)sfinal disposition of %(code)s must be musnah, permanen or dinilai_kembali, got %(value)r"),
                                   prefix=prefix, code=code, value=final))
        trigger = str(raw.get("trigger") or RetentionTrigger.LETTER_DATE.value).strip().lower()
        if trigger not in {t.value for t in RetentionTrigger}:
            raise InvalidInput(msg(N_("%(prefix)strigger of %(code)s must be letter_date, budget_year_end or while_in_force, got %(value)r"),
                                   prefix=prefix, code=code, value=trigger))
        series = str(raw.get("series") or "").strip()[:300]
        return cls(code, years["active_years"], years["inactive_years"], final, trigger, series)


def current_rule(session: Session, code: str) -> RetentionRule | None:
    return session.execute(
        select(RetentionRule).where(RetentionRule.classification_code == code, RetentionRule.current.is_(True))
    ).scalar_one_or_none()


def rule_for(session: Session, code: str | None) -> RetentionRule | None:
    """The current rule of the most specific code that has one (800.1.2 -> 800.1 -> 800)."""
    if not code or not CODE_RE.match(code):
        return None
    codes = lineage(code)
    rules = {r.classification_code: r for r in session.execute(
        select(RetentionRule).where(RetentionRule.classification_code.in_(codes), RetentionRule.current.is_(True))
    ).scalars()}
    return next((rules[c] for c in codes if c in rules), None)


def rule_history(session: Session, code: str) -> list[RetentionRule]:
    return list(session.execute(
        select(RetentionRule).where(RetentionRule.classification_code == code).order_by(RetentionRule.version.desc())
    ).scalars())


def current_rules(session: Session) -> list[RetentionRule]:
    return list(session.execute(
        select(RetentionRule).where(RetentionRule.current.is_(True)).order_by(RetentionRule.classification_code)
    ).scalars())


def _same(rule: RetentionRule, new: RuleInput) -> bool:
    return (rule.active_years, rule.inactive_years, rule.final_disposition, rule.trigger, rule.series) == (
        new.active_years, new.inactive_years, new.final_disposition, new.trigger, new.series)


def store_rule(session: Session, actor: User | None, new: RuleInput, reason: str | None) -> RetentionRule | None:
    """Add a version of the rule for ``new.code``; None when nothing changed.

    A change of an existing rule needs a reason. The node must exist in the scheme
    (or have an ancestor there): rules on codes nobody can file under are mistakes.
    """
    if nearest_node(session, new.code) is None:
        raise InvalidInput(msg(N_("classification %(code)s is not in the scheme; add it (or its parent) first"), code=new.code))
    old = current_rule(session, new.code)
    if old is not None and _same(old, new):
        return None
    reason = (reason or "").strip()
    if old is not None and not reason:
        raise InvalidInput(msg(N_("changing the rule of %(code)s needs a reason"), code=new.code))
    if old is not None:
        old.current = False
        session.flush()
    rule = RetentionRule(
        classification_code=new.code, series=new.series, active_years=new.active_years,
        inactive_years=new.inactive_years, final_disposition=new.final_disposition, trigger=new.trigger,
        version=(old.version + 1) if old else 1, current=True, changed_by_id=actor.id if actor else None,
        change_reason=reason or None,
    )
    session.add(rule)
    session.flush()
    audit.record(session, audit.Action.RULE_CHANGED, actor=actor, object_type="retention_rule", object_id=rule.id,
                 code=new.code, version=rule.version, reason=reason or None,
                 old=_rule_dict(old) if old else None, new=_rule_dict(rule))
    return rule


def _rule_dict(rule: RetentionRule) -> dict:
    return {"active_years": rule.active_years, "inactive_years": rule.inactive_years,
            "final_disposition": rule.final_disposition, "trigger": rule.trigger, "series": rule.series}


# --- files -------------------------------------------------------------------------

@dataclass(frozen=True)
class Schedule:
    """A parsed scheme/JRA file: nodes (code, name) and rules."""

    nodes: list[tuple[str, str]]
    rules: list[RuleInput]


def parse_schedule(text: str, filename: str) -> Schedule:
    """Read YAML ({nodes: [{code, name}], rules: [{code, active_years, ...}]}) or CSV.

    CSV columns: code, name, and optionally active_years, inactive_years,
    final_disposition, trigger, series; a row with years carries a rule.
    """
    suffix = Path(filename).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _parse_yaml(text)
    if suffix == ".csv":
        return _parse_csv(text)
    raise InvalidInput(msg(N_("%(file)s: unknown file type; use .yaml, .yml or .csv"), file=filename))


def _parse_yaml(text: str) -> Schedule:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise InvalidInput(msg(N_("the YAML file cannot be read: %(error)s"), error=exc)) from None
    if not isinstance(data, dict):
        raise InvalidInput(N_("the YAML file must hold a mapping with 'nodes' and/or 'rules'"))
    nodes = []
    for i, item in enumerate(data.get("nodes") or [], start=1):
        if not isinstance(item, dict):
            raise InvalidInput(msg(N_("nodes item %(n)s must be a mapping with code and name"), n=i))
        nodes.append((normalize_code(str(item.get("code", ""))), str(item.get("name") or "").strip()))
    rules = []
    for i, item in enumerate(data.get("rules") or [], start=1):
        if not isinstance(item, dict):
            raise InvalidInput(msg(N_("rules item %(n)s must be a mapping"), n=i))
        rules.append(RuleInput.parse(item, msg(N_("rules item %(n)s"), n=i)))
    return Schedule(nodes, rules)


def _parse_csv(text: str) -> Schedule:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or "code" not in [f.strip() for f in reader.fieldnames]:
        raise InvalidInput(N_("the CSV file needs a header row with at least a 'code' column"))
    nodes, rules = [], []
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        code = normalize_code(row.get("code"))
        if row.get("name"):
            nodes.append((code, row["name"]))
        if row.get("active_years") or row.get("final_disposition"):
            rules.append(RuleInput.parse(row, msg(N_("line %(line)s"), line=line)))
    return Schedule(nodes, rules)
