"""Challenges: a real work problem with a demanding target, in one of four coaching modes."""

from datetime import date
from typing import Literal, Optional

from pydantic import ConfigDict, Field, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from .. import access
from ..errors import Code, validation_details
from ..models import Challenge, LearningGoal, Person, iso, utcnow
from ..sync.registry import MutationRejected, Schema
from ..sync.wire import record_data
from ..validation import Strict
from .common import UUID, UpdateSchema, check_helper, learner_entity, not_null, visible_record

Mode = Literal["standard", "problem", "kaizen", "teamwork"]
Status = Literal["assigned", "accepted", "in_progress", "stuck", "done", "dropped"]
Text = Field(default="", max_length=5000)
HELP_OFFER_MAX = 120


class Part(Strict):
    # Strict: finite numbers, clean text, bounded integers and dates, like every schema.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class Target(Part):
    metric: str = Field(min_length=1, max_length=120)
    baseline: Optional[float] = None
    value: float
    unit: str = Field(default="", max_length=30)


# --- the structure each mode needs ---------------------------------------------------------


class JobStep(Part):
    step: str = Field(min_length=1, max_length=500)
    key_points: list[str] = Field(default_factory=list, max_length=20)
    reasons: list[str] = Field(default_factory=list, max_length=20)


class Practice(Part):
    at: str = Field(max_length=40)
    kind: Literal["show", "try", "correct", "follow_up"]
    note: str = Text


class StandardDetails(Part):
    """TWI Job Instruction: the job breakdown, and the practice log (show, try, correct)."""

    steps: list[JobStep] = Field(default_factory=list, max_length=40)
    practice_log: list[Practice] = Field(default_factory=list, max_length=500)


class ProblemDetails(Part):
    """Problem-based training: problem, cause (5 whys), countermeasure, check."""

    whys: list[str] = Field(default_factory=list, max_length=10)
    root_cause: str = Text
    countermeasure: str = Text
    check: str = Text


class Experiment(Part):
    at: Optional[str] = Field(default=None, max_length=40)
    expected: str = Text
    actual: str = Text
    learned: str = Text


class KaizenDetails(Part):
    """Kaizen: the current method and repeated experiments (expected, actual, learned)."""

    current_method: str = Text
    experiments: list[Experiment] = Field(default_factory=list, max_length=200)


class TeamworkDetails(Part):
    """Teamwork: the question the learner is stuck on, the helper, the introduction, outcome."""

    question: str = Text
    helper_id: Optional[str] = Field(default=None, pattern=UUID)
    introduction: str = Text
    introduced_on: Optional[date] = None
    outcome: str = Text


DETAILS = {
    "standard": StandardDetails,
    "problem": ProblemDetails,
    "kaizen": KaizenDetails,
    "teamwork": TeamworkDetails,
}


class ChallengeCreate(Schema):
    id: str = Field(pattern=UUID)
    goal_id: Optional[str] = Field(default=None, pattern=UUID)
    learner_id: str = Field(pattern=UUID)
    mode: Mode
    title: str = Field(min_length=1, max_length=200)
    problem: str = Field(min_length=1, max_length=5000)
    target: dict
    due_on: date
    details: dict = Field(default_factory=dict)


class ChallengeUpdate(UpdateSchema):
    goal_id: Optional[str] = Field(default=None, pattern=UUID)
    title: Optional[str] = Field(default=None, min_length=1, max_length=200)
    problem: Optional[str] = Field(default=None, min_length=1, max_length=5000)
    target: Optional[dict] = None
    actual: Optional[float] = None
    due_on: Optional[date] = None
    status: Optional[Status] = None
    details: Optional[dict] = None
    reflection: Optional[str] = Field(default=None, max_length=10000)
    # The learner's offer to help others with this topic; null (or blank) withdraws it.
    help_offer: Optional[str] = Field(default=None, max_length=HELP_OFFER_MAX)

    _required = not_null("title", "problem", "target", "due_on", "status", "details", "reflection")
    _blank_offer = field_validator("help_offer")(classmethod(lambda cls, v: v or None))


def _validate(part, value, field):
    try:
        part.model_validate(value)
    except ValidationError as exc:
        raise MutationRejected(
            Code.VALIDATION_ERROR,
            f"The {field} is incomplete or invalid.",
            [{**d, "loc": f"{field}.{d['loc']}"} for d in validation_details(exc)],
        ) from None


def _check_goal(scope, goal_id, learner_id):
    if goal_id is None:
        return
    goal = visible_record(LearningGoal, scope, goal_id, access.about_learner_visible)
    if goal is None or goal.learner_id != learner_id:
        raise MutationRejected(
            Code.UNKNOWN_GOAL,
            "The learning goal does not exist, is about someone else, or you may not see it.",
        )


def _check_details(mode, details):
    _validate(DETAILS[mode], details, "details")
    check_helper(details.get("helperId"))


def _history_entry(scope, status):
    # The signed-in person is at hand: no lookup under the write lock.
    return {"status": status, "by": scope.id, "byName": scope.person.name, "at": iso(utcnow())}


def _prepare(scope, fields):
    return fields | {"status": "assigned", "status_history": [_history_entry(scope, "assigned")]}


def _check_create(scope, fields):
    _validate(Target, fields["target"], "target")
    _check_goal(scope, fields.get("goal_id"), fields["learner_id"])
    _check_details(fields["mode"], fields["details"])


def _check_change(scope, record, fields):
    if "target" in fields:
        _validate(Target, fields["target"], "target")
    if "goal_id" in fields:
        _check_goal(scope, fields["goal_id"], record.learner_id)
    if "details" in fields:
        _check_details(record.mode, fields["details"])
    if "status" in fields and not access.may_set_status(scope, record, fields["status"]):
        raise MutationRejected(Code.FORBIDDEN, "Only your coach can drop or reassign a challenge.")
    if fields.get("help_offer") and fields.get("status", record.status) != "done":
        raise MutationRejected(
            Code.NOT_DONE, "You can offer to help others with a challenge once it is done."
        )


def _on_change(scope, record, applied):
    """Who changed the status and when is recorded by the server, never by a device."""
    if "status" in applied:
        record.status_history = list(record.status_history or []) + [
            _history_entry(scope, applied["status"])
        ]
        if applied["status"] == "accepted" and record.accepted_at is None:
            record.accepted_at = utcnow()


def _to_data(challenge):
    """A teamwork helper is usually outside the learner's team: send their name along."""
    data = record_data(challenge)
    helper_id = (challenge.details or {}).get("helperId")
    if helper_id:
        data["helperName"] = Person.select(Person.name).where(Person.id == helper_id).scalar()
    return data


learner_entity(
    "challenge",
    Challenge,
    ChallengeCreate,
    ChallengeUpdate,
    "challenges",
    check_create=_check_create,
    check_change=_check_change,
    fill_on_update=_on_change,
    fill_on_create=_prepare,
    to_data=_to_data,
)
