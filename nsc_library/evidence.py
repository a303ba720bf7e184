"""The library's evidence scale: its levels, what each one asks for, and who decides.

The scale follows published registries (Ungsinn's levels, the College of Policing Practice Bank,
CrimeSolutions): a practice can be well described without an outcome study, and a practice that
was evaluated and did not work keeps its own level, so that its lessons stay findable.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l


class EvidenceLevel(enum.StrEnum):
    NOT_ASSESSED = "not_assessed"
    DESCRIBED = "described"
    THEORY_BASED = "theory_based"
    PROMISING = "promising"
    EFFECTIVE = "effective"
    DID_NOT_WORK = "did_not_work"


EVIDENCE_LABELS = {
    EvidenceLevel.NOT_ASSESSED: _l("Not yet assessed"),
    EvidenceLevel.DESCRIBED: _l("Level 1: Well described"),
    EvidenceLevel.THEORY_BASED: _l("Level 2: Theory-based"),
    EvidenceLevel.PROMISING: _l("Level 3: Evaluated, positive results"),
    EvidenceLevel.EFFECTIVE: _l("Level 4: Evaluated with a comparison group, positive results"),
    EvidenceLevel.DID_NOT_WORK: _l("Evaluated: did not work"),
}
# Short forms for badges on result cards and in compare tables.
EVIDENCE_BADGES = {
    EvidenceLevel.NOT_ASSESSED: _l("Not assessed"),
    EvidenceLevel.DESCRIBED: _l("Described"),
    EvidenceLevel.THEORY_BASED: _l("Theory-based"),
    EvidenceLevel.PROMISING: _l("Promising"),
    EvidenceLevel.EFFECTIVE: _l("Effective"),
    EvidenceLevel.DID_NOT_WORK: _l("Did not work"),
}
# The levels a practice climbs, in order; "did not work" stands beside them, not above.
LADDER = (
    EvidenceLevel.DESCRIBED,
    EvidenceLevel.THEORY_BASED,
    EvidenceLevel.PROMISING,
    EvidenceLevel.EFFECTIVE,
)


@dataclass(frozen=True)
class Criterion:
    """One requirement of a level; `check` tells from the record alone, else an editor judges."""

    text: str
    check: Callable[[dict[str, Any]], bool] | None = None


def _implementation(record: dict[str, Any]) -> dict[str, Any]:
    return record.get("implementation") or {}


CRITERIA: dict[EvidenceLevel, tuple[Criterion, ...]] = {
    EvidenceLevel.DESCRIBED: (
        Criterion(
            _l("States what the practice aims at and who it is for"),
            lambda r: bool(r.get("description") and r.get("target_groups")),
        ),
        Criterion(
            _l("Describes how to start it: phases or steps"),
            lambda r: bool(_implementation(r).get("phases")),
        ),
        Criterion(
            _l("Names the staff it needs"), lambda r: bool(_implementation(r).get("staffing"))
        ),
        Criterion(
            _l("Names its core components: what must stay when copied"),
            lambda r: bool(_implementation(r).get("core_components")),
        ),
        Criterion(
            _l("Has a contact who can answer questions"),
            lambda r: bool(r.get("contact_email") or r.get("contact_name")),
        ),
    ),
    EvidenceLevel.THEORY_BASED: (
        Criterion(
            _l(
                "Explains why the core components should lead to the aim (a logic model or "
                "programme theory), with references to research"
            )
        ),
        Criterion(
            _l("Its preconditions and legal basis are stated"),
            lambda r: bool(
                _implementation(r).get("preconditions") or _implementation(r).get("legal_basis")
            ),
        ),
        Criterion(
            _l("Materials exist for those who run it (manual, training)"),
            lambda r: bool(_implementation(r).get("materials")),
        ),
    ),
    EvidenceLevel.PROMISING: (
        Criterion(
            _l("An outcome or impact evaluation has been made"),
            lambda r: r.get("evaluation") in ("outcome", "impact"),
        ),
        Criterion(
            _l("The evaluation is summarised and can be read"),
            lambda r: bool(r.get("evaluation_summary")),
        ),
        Criterion(_l("It found positive changes in the outcomes the practice aims at")),
    ),
    EvidenceLevel.EFFECTIVE: (
        Criterion(
            _l("The evaluation compared with a group or area without the practice"),
            lambda r: r.get("evaluation") == "impact",
        ),
        Criterion(_l("The positive effect holds against the comparison, in a published report")),
    ),
    EvidenceLevel.DID_NOT_WORK: (
        Criterion(
            _l("An outcome or impact evaluation has been made"),
            lambda r: r.get("evaluation") in ("outcome", "impact"),
        ),
        Criterion(_l("It found no effect, or harm, on the outcomes the practice aims at")),
        Criterion(
            _l("The lessons are written down under results"), lambda r: bool(r.get("results"))
        ),
    ),
}


@dataclass(frozen=True)
class CriterionResult:
    text: str
    met: bool | None  # None: an editor judges this one


@dataclass(frozen=True)
class LevelAssessment:
    level: EvidenceLevel
    label: str
    criteria: tuple[CriterionResult, ...]

    @property
    def open_criteria(self) -> list[str]:
        """What the record does not show yet (criteria an editor judges are not counted)."""
        return [c.text for c in self.criteria if c.met is False]


def assess(record: dict[str, Any]) -> list[LevelAssessment]:
    """Each level's criteria, with those the record can show marked met or not."""
    return [
        LevelAssessment(
            level,
            EVIDENCE_LABELS[level],
            tuple(CriterionResult(c.text, c.check(record) if c.check else None) for c in crit),
        )
        for level, crit in CRITERIA.items()
    ]


def next_level(current: EvidenceLevel | str | None) -> EvidenceLevel | None:
    """The level above on the ladder, or None at the top or beside it."""
    current = EvidenceLevel(current or EvidenceLevel.NOT_ASSESSED)
    if current == EvidenceLevel.NOT_ASSESSED:
        return LADDER[0]
    if current in LADDER and current != LADDER[-1]:
        return LADDER[LADDER.index(current) + 1]
    return None
