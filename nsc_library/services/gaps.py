"""The evidence-gap map: published practices counted per cell of two vocabularies, split by
evaluation and evidence level, so that editors see where the library knows little."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from nsc_library.evidence import EVIDENCE_BADGES, EvidenceLevel
from nsc_library.extensions import db
from nsc_library.models import Approach, Practice, TargetGroup, Theme
from nsc_library.models.practice import practice_approach, practice_target_group, practice_theme
from nsc_library.practice_rules import (
    EVALUATION_LABELS,
    PREVENTION_LEVEL_LABELS,
    Evaluation,
    Status,
)
from nsc_library.quoting import quoted

# The two tables: rows × columns, each a dimension of the search filters.
VIEWS = {
    "theme-approach": ("theme", "approach"),
    "group-level": ("target_group", "prevention_level"),
}
DEFAULT_VIEW = "theme-approach"
NOT_STATED = "not_stated"
UNEVALUATED = {Evaluation.NONE.value, NOT_STATED}
EVALUATION_KEYS = [*(e.value for e in Evaluation), NOT_STATED]
EVIDENCE_KEYS = [level.value for level in EvidenceLevel]
EVALUATION_NAMES = {**{k.value: v for k, v in EVALUATION_LABELS.items()}, NOT_STATED: "Not stated"}
EVIDENCE_NAMES = {k.value: v for k, v in EVIDENCE_BADGES.items()}
EMPTY, UNEVALUATED_ONLY, EVALUATED = "empty", "unevaluated", "evaluated"


class UnknownView(ValueError):
    """A view the map does not have; the message lists the ones it has."""


@dataclass(frozen=True)
class Term:
    slug: str
    label: str


@dataclass
class Cell:
    evaluation: Counter = field(default_factory=Counter)
    evidence_level: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.evaluation.values())

    @property
    def evaluated(self) -> int:
        return sum(n for key, n in self.evaluation.items() if key not in UNEVALUATED)

    @property
    def state(self) -> str:
        if not self.total:
            return EMPTY
        return EVALUATED if self.evaluated else UNEVALUATED_ONLY


@dataclass
class GapMap:
    view: str
    row_dimension: str
    column_dimension: str
    rows: list[Term]
    columns: list[Term]
    cells: dict[tuple[str, str], Cell]

    def cell(self, row: str, column: str) -> Cell:
        return self.cells.get((row, column)) or Cell()


def check_view(view: str | None) -> str:
    view = view or DEFAULT_VIEW
    if view not in VIEWS:
        raise UnknownView(f"view must be one of {', '.join(VIEWS)}; got {quoted(view[:40])}")
    return view


def gap_map(view: str | None = None) -> GapMap:
    """Counts for every cell of the view's table (UnknownView for a view it lacks)."""
    view = check_view(view)
    if view == "theme-approach":
        rows, columns = vocabulary(Theme), vocabulary(Approach)
        found = theme_approach_counts()
    else:
        rows = vocabulary(TargetGroup)
        columns = [Term(level.value, label) for level, label in PREVENTION_LEVEL_LABELS.items()]
        found = group_level_counts()
    row_dim, column_dim = VIEWS[view]
    return GapMap(view, row_dim, column_dim, rows, columns, found)


def vocabulary(model) -> list[Term]:
    return [Term(t.slug, t.label) for t in db.session.scalars(select(model).order_by(model.label))]


def theme_approach_counts() -> dict[tuple[str, str], Cell]:
    columns = (Theme.slug, Approach.slug, Practice.evaluation, Practice.evidence_level)
    query = (
        select(*columns, func.count())
        .join(practice_theme, practice_theme.c.theme_id == Theme.id)
        .join(Practice, Practice.id == practice_theme.c.practice_id)
        .join(practice_approach, practice_approach.c.practice_id == Practice.id)
        .join(Approach, Approach.id == practice_approach.c.approach_id)
        .where(Practice.status == Status.PUBLISHED)
        .group_by(*columns)
    )
    return tally(db.session.execute(query))


def group_level_counts() -> dict[tuple[str, str], Cell]:
    columns = (
        TargetGroup.slug,
        Practice.prevention_level,
        Practice.evaluation,
        Practice.evidence_level,
    )
    query = (
        select(*columns, func.count())
        .join(practice_target_group, practice_target_group.c.target_group_id == TargetGroup.id)
        .join(Practice, Practice.id == practice_target_group.c.practice_id)
        .where(Practice.status == Status.PUBLISHED, Practice.prevention_level.is_not(None))
        .group_by(*columns)
    )
    return tally(db.session.execute(query))


def tally(rows) -> dict[tuple[str, str], Cell]:
    """Cells from (row, column, evaluation, evidence level, count) rows grouped in the database:
    a few hundred rows even for 10,000 practices, where one row per pair would be 50,000."""
    cells: dict[tuple[str, str], Cell] = {}
    for row, column, evaluation, level, count in rows:
        cell = cells.setdefault((row, str(column)), Cell())
        cell.evaluation[evaluation.value if evaluation else NOT_STATED] += count
        cell.evidence_level[(level or EvidenceLevel.NOT_ASSESSED).value] += count
    return cells
