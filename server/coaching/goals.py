"""Learning goals: the action to learn, the reason (principle) behind it, the misconception."""

from typing import Literal, Optional

from pydantic import Field

from .. import access
from ..errors import Code
from ..models import LearningGoal, Observation, Principle
from ..sync.registry import MutationRejected, Schema
from .common import UUID, UpdateSchema, learner_entity, not_null, visible_record

GoalStatus = Literal["open", "achieved", "dropped"]
ObservationIds = list[str]


class GoalCreate(Schema):
    id: str = Field(pattern=UUID)
    learner_id: str = Field(pattern=UUID)
    action: str = Field(min_length=1, max_length=2000)
    reason: str = Field(min_length=1, max_length=4000)
    misconception: Optional[str] = Field(default=None, max_length=2000)
    observation_ids: ObservationIds = Field(default_factory=list, max_length=50)
    status: GoalStatus = "open"
    principle_id: Optional[str] = Field(default=None, pattern=UUID)  # from the library


class GoalUpdate(UpdateSchema):
    action: Optional[str] = Field(default=None, min_length=1, max_length=2000)
    reason: Optional[str] = Field(default=None, min_length=1, max_length=4000)
    misconception: Optional[str] = Field(default=None, max_length=2000)
    observation_ids: Optional[ObservationIds] = Field(default=None, max_length=50)
    status: Optional[GoalStatus] = None
    principle_id: Optional[str] = Field(default=None, pattern=UUID)  # None: unlinked

    _required = not_null("action", "reason", "observation_ids", "status")


def _check_observations(scope, learner_id, ids):
    for observation_id in ids:
        obs = visible_record(Observation, scope, observation_id, access.observation_visible)
        if obs is None:
            raise MutationRejected(
                Code.UNKNOWN_OBSERVATION,
                "A linked observation does not exist or you may not see it.",
                {"id": observation_id},
            )
        if obs.person_id not in (None, learner_id):
            raise MutationRejected(
                Code.OBSERVATION_ABOUT_SOMEONE_ELSE,
                "A linked observation is about another person.",
                {"id": observation_id},
            )


def _check_principle(scope, principle_id):
    """A goal links a principle that is in the library (a live one); None unlinks it."""
    if principle_id is None:
        return
    principle = visible_record(Principle, scope, principle_id, access.principle_visible)
    if principle is None:
        raise MutationRejected(
            Code.UNKNOWN_PRINCIPLE,
            "This principle is not in the library (any more). Pick another or none.",
            {"id": principle_id},
        )


def _check_create(scope, fields):
    _check_observations(scope, fields["learner_id"], fields["observation_ids"])
    _check_principle(scope, fields.get("principle_id"))


def _check_change(scope, record, fields):
    if "observation_ids" in fields:
        _check_observations(scope, record.learner_id, fields["observation_ids"])
    if fields.get("principle_id"):
        _check_principle(scope, fields["principle_id"])


def _keep_hidden_links(scope, record, applied):
    """Someone who relinks a goal's observations (a mentor, say) sees only those they may
    see: the links they could not see stay on the goal."""
    if "observation_ids" not in applied:
        return
    before = (
        LearningGoal.select(LearningGoal.observation_ids)
        .where(LearningGoal.id == record.id)
        .get()
        .observation_ids
        or []
    )
    hidden = [
        i for i in access.observations_hidden_from(scope, before) if i not in record.observation_ids
    ]
    record.observation_ids = list(record.observation_ids) + hidden


learner_entity(
    "goal",
    LearningGoal,
    GoalCreate,
    GoalUpdate,
    "learning goals",
    check_create=_check_create,
    check_change=_check_change,
    fill_on_update=_keep_hidden_links,
    redact=access.goal_data_for,
    redact_many=access.goal_data_for_many,
)
