"""Observations: what a coach notices on the gemba, captured in seconds, often offline."""

from typing import Literal, Optional

from pydantic import AwareDatetime, Field, field_validator

from .. import access
from ..errors import Code
from ..models import Observation
from ..sync.registry import Entity, MutationRejected, Schema, register
from .common import (
    UUID,
    UpdateSchema,
    not_null,
    utc_fields,
)

Kind = Literal["misconception", "skill_gap", "strength", "problem", "safety", "idea"]
Visibility = Literal["private", "shared"]


class ObservationCreate(Schema):
    id: str = Field(pattern=UUID)
    note: str = Field(min_length=1, max_length=5000)
    kind: Kind = "misconception"
    person_id: Optional[str] = Field(default=None, pattern=UUID)
    area_id: Optional[str] = Field(default=None, max_length=36)
    observed_at: AwareDatetime
    visibility: Visibility = "private"
    photos: list[str] = Field(default_factory=list, max_length=10)

    _observed_utc = utc_fields("observed_at")
    _photo_hashes = field_validator("photos")(classmethod(lambda cls, v: _hashes(v)))


def _hashes(value):
    for item in value or []:
        if len(item) != 64 or any(c not in "0123456789abcdef" for c in item):
            raise ValueError("photos are lowercase sha256 hex digests")
    return value


class ObservationUpdate(UpdateSchema):
    note: Optional[str] = Field(default=None, min_length=1, max_length=5000)
    kind: Optional[Kind] = None
    person_id: Optional[str] = Field(default=None, pattern=UUID)
    area_id: Optional[str] = Field(default=None, max_length=36)
    observed_at: Optional[AwareDatetime] = None
    visibility: Optional[Visibility] = None
    photos: Optional[list[str]] = Field(default=None, max_length=10)

    _observed_utc = utc_fields("observed_at")
    _photo_hashes = field_validator("photos")(classmethod(lambda cls, v: _hashes(v)))
    _required = not_null("note", "kind", "visibility", "observed_at", "photos")


def _may_create(scope, fields):
    _check_about(scope, fields.get("person_id"))
    _check_photos(scope, fields.get("photos") or [])


def _may_change(scope, record, fields):
    if not access.may_change_observation(scope, record):
        raise MutationRejected(Code.FORBIDDEN, "Only the author can change an observation.")
    if fields and "person_id" in fields:
        _check_about(scope, fields["person_id"])
    if fields and fields.get("photos"):
        # Photos the note already shows stay; each new one must be the author's to list.
        _check_photos(scope, [p for p in fields["photos"] if p not in (record.photos or [])])


def _check_photos(scope, hashes):
    refused = access.photos_not_listable(scope, hashes)
    if refused:
        raise MutationRejected(
            Code.UNKNOWN_PHOTO,
            "A photo on this note is not one you uploaded "
            "or may see, or it has not reached the server. Add it again "
            "from this device.",
            {"photos": refused},
        )


def _check_about(scope, person_id):
    if scope.may_write_about(person_id):
        return  # oneself or someone in one's subtree: known to exist
    # The same answer whether the id exists or not: nobody learns which ids are people.
    raise MutationRejected(
        Code.FORBIDDEN,
        "You can only write observations about yourself and the people who report to you.",
    )


register(
    Entity(
        type="observation",
        model=Observation,
        create_schema=ObservationCreate,
        update_schema=ObservationUpdate,
        relevant=access.observation_relevant,
        visible=access.observation_visible,
        may_create=_may_create,
        may_change=_may_change,
        checks_before_lock=True,
        history_for=access.observation_history,
    )
)
