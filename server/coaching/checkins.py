"""Check-ins: short, frequent support while the learner struggles with the challenge."""

from datetime import date
from typing import Optional

from pydantic import AwareDatetime, Field

from .. import access
from ..errors import Code
from ..models import Challenge, CheckIn
from ..sync.registry import MutationRejected, Schema
from .common import UUID, UpdateSchema, learner_entity, not_null, utc_fields, visible_record

Rating = Field(ge=1, le=4)


class CheckInCreate(Schema):
    id: str = Field(pattern=UUID)
    challenge_id: str = Field(pattern=UUID)
    at: AwareDatetime
    engagement: int = Rating
    approach: int = Rating
    resilience: int = Rating
    notes: str = Field(default="", max_length=5000)
    learned: Optional[str] = Field(default=None, max_length=5000)
    next_step: Optional[str] = Field(default=None, max_length=2000)
    next_checkin_on: Optional[date] = None

    _at_utc = utc_fields("at")


class CheckInUpdate(UpdateSchema):
    at: Optional[AwareDatetime] = None
    engagement: Optional[int] = Field(default=None, ge=1, le=4)
    approach: Optional[int] = Field(default=None, ge=1, le=4)
    resilience: Optional[int] = Field(default=None, ge=1, le=4)
    notes: Optional[str] = Field(default=None, max_length=5000)
    learned: Optional[str] = Field(default=None, max_length=5000)
    next_step: Optional[str] = Field(default=None, max_length=2000)
    next_checkin_on: Optional[date] = None
    answer: Optional[str] = Field(default=None, max_length=5000)

    _at_utc = utc_fields("at")
    _required = not_null("at", "engagement", "approach", "resilience", "notes")


def _challenge(scope, challenge_id):
    challenge = visible_record(Challenge, scope, challenge_id, access.about_learner_visible)
    if challenge is None:
        raise MutationRejected(
            Code.UNKNOWN_CHALLENGE, "The challenge does not exist or you may not see it."
        )
    return challenge


def _prepare(scope, fields):
    """A check-in is about the challenge's learner."""
    return fields | {"learner_id": _challenge(scope, fields["challenge_id"]).learner_id}


def _check_create(scope, fields):
    challenge = _challenge(scope, fields["challenge_id"])
    if not access.may_record_checkin(scope, challenge):
        raise MutationRejected(
            Code.FORBIDDEN, "Check-ins are recorded by your coach; you can answer them."
        )


learner_entity(
    "checkin",
    CheckIn,
    CheckInCreate,
    CheckInUpdate,
    "check-ins",
    check_create=_check_create,
    fill_on_create=_prepare,
    # Its checks read the person's scope and its challenge, through record_by_id.
    checks_before_lock=True,
)
