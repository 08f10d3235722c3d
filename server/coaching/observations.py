"""Observations: what a coach notices on the gemba, captured in seconds, often offline."""
from datetime import datetime, timezone
from typing import Literal, Optional

from peewee import JOIN
from pydantic import AwareDatetime, Field, field_validator

from .. import access
from ..models import Observation, Person, iso
from ..sync.registry import Entity, MutationRejected, Schema, register

Kind = Literal["misconception", "skill_gap", "strength", "problem", "safety", "idea"]
Visibility = Literal["private", "shared"]
UUID = r"^[0-9a-fA-F-]{36}$"


def _utc(value):
    return value.astimezone(timezone.utc).replace(tzinfo=None)


class ObservationCreate(Schema):
    id: str = Field(pattern=UUID)
    note: str = Field(min_length=1, max_length=5000)
    kind: Kind = "misconception"
    person_id: Optional[str] = Field(default=None, pattern=UUID)
    area_id: Optional[str] = Field(default=None, max_length=36)
    observed_at: AwareDatetime
    visibility: Visibility = "private"
    photos: list[str] = Field(default_factory=list, max_length=10)

    @field_validator("observed_at")
    @classmethod
    def _observed_utc(cls, value):
        return _utc(value)

    @field_validator("photos")
    @classmethod
    def _hashes(cls, value):
        for item in value:
            if len(item) != 64 or any(c not in "0123456789abcdef" for c in item):
                raise ValueError("photos are lowercase sha256 hex digests")
        return value



class ObservationUpdate(Schema):
    id: str = Field(pattern=UUID)
    base_version: int = Field(ge=0)
    note: Optional[str] = Field(default=None, min_length=1, max_length=5000)
    kind: Optional[Kind] = None
    person_id: Optional[str] = Field(default=None, pattern=UUID)
    area_id: Optional[str] = Field(default=None, max_length=36)
    observed_at: Optional[AwareDatetime] = None
    visibility: Optional[Visibility] = None

    @field_validator("observed_at")
    @classmethod
    def _observed_utc(cls, value):
        return None if value is None else _utc(value)

    @field_validator("note", "kind", "visibility", "observed_at", mode="after")
    @classmethod
    def _not_null(cls, value, info):
        if value is None:
            raise ValueError(f"{info.field_name} cannot be emptied")
        return value


def _may_create(scope, fields):
    _check_person(scope, fields.get("person_id"))


def _may_change(scope, record, fields):
    if not access.may_change_observation(scope, record):
        raise MutationRejected("forbidden", "Only the author can change an observation.")
    if "person_id" in fields:
        _check_person(scope, fields["person_id"])


def _check_person(scope, person_id):
    if person_id is not None and Person.get_or_none(Person.id == person_id) is None:
        raise MutationRejected("unknown_person", "The person this observation is about "
                               "does not exist.")
    if not scope.may_write_about(person_id):
        raise MutationRejected("forbidden", "You can only write observations about yourself "
                               "and the people who report to you.")


def _build(scope, fields):
    return Observation(author=scope.id, **fields)


def _select():
    """Observations with their author's and subject's names in one query."""
    author, subject = Person.alias(), Person.alias()
    return (Observation.select(Observation, author, subject)
            .join(author, on=(Observation.author == author.id), attr="author")
            .switch(Observation)
            .join(subject, JOIN.LEFT_OUTER, on=(Observation.person == subject.id), attr="person"))


def _to_data(obs):
    return {
        "id": obs.id,
        "authorId": obs.author_id,
        "authorName": obs.author.name,
        "personId": obs.person_id,
        "personName": obs.person.name if obs.person is not None else None,
        "areaId": obs.area_id,
        "note": obs.note,
        "kind": obs.kind,
        "observedAt": iso(obs.observed_at),
        "visibility": obs.visibility,
        "photos": obs.photos or [],
        "createdAt": iso(obs.created_at),
        "updatedAt": iso(obs.updated_at),
        "flagged": obs.flagged,
    }


register(Entity(
    type="observation",
    model=Observation,
    select=_select,
    create_schema=ObservationCreate,
    update_schema=ObservationUpdate,
    build=_build,
    to_data=_to_data,
    relevant=access.observation_relevant,
    visible=access.observation_visible,
    may_create=_may_create,
    may_change=_may_change,
    fields={"note": "note", "kind": "kind", "personId": "person_id", "areaId": "area_id",
            "observedAt": "observed_at", "visibility": "visibility", "photos": "photos"},
))
