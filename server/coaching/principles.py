"""The principles library: when a goal is closed as learned, its coach publishes the principle
behind it (the reason), the misconception it replaces and a worked case she rewrote without
names; coaches link new goals to it, and the library counts how often it was taught and how
those challenges ended (docs/decisions.md §99-§102).

Nothing on a principle points at a learner: its author is the coach; the goal it came from
stays on the server (for the name check of later edits) and reaches no device. A principle
whose text names the learner of that goal is refused (`names_a_person`)."""

import re
import unicodedata
from typing import Optional

from flask import Blueprint, jsonify
from peewee import fn
from pydantic import Field
from pydantic.alias_generators import to_camel

from .. import access
from ..auth.sessions import current_scope, login_required
from ..errors import Code
from ..models import Challenge, LearningGoal, Person, Principle, utcnow
from ..responses import Answer
from ..sync.registry import Entity, MutationRejected, Schema, register
from .common import UUID, UpdateSchema, not_null, visible_record

TITLE_MAX = 200
TEXT_MAX = 4000
# Parts of a name shorter than this are not looked for alone ("Li" is in too many words).
NAME_PART_MIN = 3
TEXT_FIELDS = ("title", "principle", "misconception", "worked_case")


class PrincipleCreate(Schema):
    id: str = Field(pattern=UUID)
    goal_id: str = Field(pattern=UUID)  # the learned goal it is published from
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    principle: str = Field(min_length=1, max_length=TEXT_MAX)
    misconception: str = Field(default="", max_length=TEXT_MAX)
    worked_case: str = Field(min_length=1, max_length=TEXT_MAX)


class PrincipleUpdate(UpdateSchema):
    title: Optional[str] = Field(default=None, min_length=1, max_length=TITLE_MAX)
    principle: Optional[str] = Field(default=None, min_length=1, max_length=TEXT_MAX)
    misconception: Optional[str] = Field(default=None, max_length=TEXT_MAX)
    worked_case: Optional[str] = Field(default=None, min_length=1, max_length=TEXT_MAX)

    _required = not_null("title", "principle", "misconception", "worked_case")


# --- never a learner's name -------------------------------------------------------------------


def fold(text, keep_case=False):
    """Without accents, and lowercase unless `keep_case`: "Zoé" and "zoe" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain if keep_case else plain.casefold()


def name_parts(name):
    """The whole name and each of its words long enough to stand for the person."""
    words = [w for w in re.split(r"[^\w']+", name or "") if len(w) >= NAME_PART_MIN]
    return list(dict.fromkeys([name.strip(), *words])) if name and name.strip() else []


def _names(text, part, whole):
    """Whether `text` holds `part` as a word: the whole name in any case; one of its words
    only as a name is written, with a capital ("Line" names Line Dubois; "stop the line" does
    not), so everyday words that are also names stay usable."""
    pattern = re.compile(rf"(?<!\w){re.escape(fold(part))}(?!\w)", re.IGNORECASE)
    return any(whole or m.group()[0].isupper() for m in pattern.finditer(fold(text, True)))


def naming(fields, name):
    """(field, name part) of the first text field that names the person, or None."""
    parts = name_parts(name)
    for field in TEXT_FIELDS:
        text = fields.get(field)
        for index, part in enumerate(parts):
            if text and _names(text, part, whole=index == 0):
                return field, part
    return None


def _refuse_names(fields, goal):
    learner = Person.get_or_none(Person.id == goal.learner_id) if goal else None
    found = naming(fields, learner.name if learner else "")
    if found:
        field, part = found
        raise MutationRejected(
            Code.NAMES_A_PERSON,
            f'The {to_camel(field)} names the learner ("{part}"). Rewrite it without their '
            "name: the library is read by every coach.",
            {"field": to_camel(field), "name": part},
        )


# --- publishing and editing ---------------------------------------------------------------------


def _may_create(scope, fields):
    if not access.may_publish_principles(scope):
        raise MutationRejected(Code.FORBIDDEN, "Only coaches publish principles to the library.")
    goal = visible_record(LearningGoal, scope, fields["goal_id"], access.about_learner_visible)
    if goal is None or not access.may_publish_from(scope, goal):
        raise MutationRejected(
            Code.UNKNOWN_GOAL,
            "The goal does not exist, you may not see it, or you are not its learner's coach.",
        )
    if goal.status != "achieved":
        raise MutationRejected(
            Code.GOAL_NOT_LEARNED,
            "Close the goal as learned (achieved) before publishing its principle.",
        )
    _refuse_names(fields, goal)


def _may_change(scope, record, fields):
    if not access.may_change_principle(scope, record):
        raise MutationRejected(
            Code.FORBIDDEN, "Only the coach who published a principle changes or deletes it."
        )
    if fields:
        goal = LearningGoal.get_or_none(LearningGoal.id == record.goal_id)
        _refuse_names(fields, goal)


def _hide_source(scope, data):
    """The goal a principle came from is the server's: it would lead to its learner."""
    return {k: v for k, v in data.items() if k != "goalId"}


register(
    Entity(
        type="principle",
        model=Principle,
        create_schema=PrincipleCreate,
        update_schema=PrincipleUpdate,
        relevant=access.principle_relevant,
        visible=access.principle_visible,
        may_create=_may_create,
        may_change=_may_change,
        redact=_hide_source,
        updates_keep_references=True,  # a goal's link reads only whether it is live
    )
)


# --- how often each was taught, and how those challenges ended ---------------------------------

ACTIVE = ("assigned", "accepted", "in_progress", "stuck")


def outcome(status, target, actual, due_on=None, today=None):
    """How a challenge ended, as Insight judges targets (§93): reached when done and its
    actual reaches the target from the baseline's side; missed when done short of it, dropped,
    or still active past its due date; not_measured when done without an actual or a
    baseline; open otherwise."""
    if status in ACTIVE:
        late = due_on is not None and today is not None and due_on < today
        return "missed" if late else "open"
    if status != "done":
        return "missed"
    baseline = (target or {}).get("baseline")
    value = (target or {}).get("value")
    if actual is None or baseline is None or value is None or baseline == value:
        return "not_measured"
    return "reached" if (baseline - actual) / (baseline - value) >= 1 else "missed"


OUTCOMES = ("reached", "missed", "open", "not_measured")


def counts():
    """[{id, taught, outcomes}] for every principle in the library: how many live goals teach
    it and, once enough learners were taught it, how their challenges ended. Aggregates only:
    never a goal, a challenge or a person."""
    live = Principle.select(Principle.id).where(Principle.deleted == False)
    found = {p.id: {"id": p.id, "taught": 0, "learners": 0, "outcomes": {}} for p in live}
    if not found:
        return []
    taught = (
        LearningGoal.select(
            LearningGoal.principle_id,
            fn.COUNT(LearningGoal.id).alias("goals"),
            fn.COUNT(fn.DISTINCT(LearningGoal.learner)).alias("learners"),
        )
        .where(LearningGoal.principle_id.is_null(False) & (LearningGoal.deleted == False))
        .group_by(LearningGoal.principle_id)
        .objects()
    )
    for row in taught:
        if row.principle_id in found:
            found[row.principle_id] |= {"taught": row.goals, "learners": row.learners}
    challenges = (
        Challenge.select(
            LearningGoal.principle_id,
            Challenge.status,
            Challenge.target,
            Challenge.actual,
            Challenge.due_on,
        )
        .join(LearningGoal, on=(Challenge.goal_id == LearningGoal.id))
        .where(
            LearningGoal.principle_id.is_null(False)
            & (LearningGoal.deleted == False)
            & (Challenge.deleted == False)
        )
        .objects()
    )
    today = utcnow().date()
    for row in challenges:
        entry = found.get(row.principle_id)
        if entry is not None:
            result = outcome(row.status, row.target, row.actual, row.due_on, today)
            entry["outcomes"][result] = entry["outcomes"].get(result, 0) + 1
    return [
        {
            "id": entry["id"],
            "taught": entry["taught"],
            "outcomes": {to_camel(key): entry["outcomes"].get(key, 0) for key in OUTCOMES}
            if access.principle_outcomes_visible(entry["learners"])
            else None,
        }
        for entry in found.values()
    ]


bp = Blueprint("principles", __name__, url_prefix="/api/principles")


class Outcomes(Answer):
    reached: int
    missed: int
    open: int
    notMeasured: int


class PrincipleCount(Answer):
    id: str
    taught: int
    outcomes: Optional[Outcomes] = None


class PrincipleCounts(Answer):
    principles: list[PrincipleCount]
    outcomesFrom: int


@bp.get("/counts")
@login_required
def get_counts():
    current_scope()  # signed in: every person reads the library
    return jsonify({"principles": counts(), "outcomesFrom": access.PRINCIPLE_OUTCOMES_FROM})


@bp.record_once
def _describe(state):
    """The route in /api/openapi.json, described when the app registers the blueprint: at
    import time it would import server.openapi, which imports this package (a cycle)."""
    from ..openapi import Op, describe

    describe(
        "GET",
        "/api/principles/counts",
        Op(
            "How often each principle in the library was taught, and (once taught to enough "
            "learners) how those challenges ended: aggregates only",
            answer=PrincipleCounts,
        ),
    )
