"""Kaizen workshops: a facilitator runs one on a shared tablet and captures each participant's
ideas and observations, attributed to them, offline; afterwards she turns each idea into a
kaizen challenge for its person, an experiment to try by a date, or drops it.

Who sees what is decided in access.py (docs/decisions.md §77-§80): the facilitator sees her
workshop whole; a participant with an account sees the workshop and the ideas attributed to
them; a guest is a name in the workshop's participant list and nothing more."""

from datetime import date
from typing import Literal, Optional

from pydantic import AwareDatetime, ConfigDict, Field, field_serializer, field_validator
from pydantic.alias_generators import to_camel

from .. import access
from ..errors import Code
from ..models import Challenge, Idea, Person, Workshop
from ..sync.registry import Entity, MutationRejected, Schema, record_by_id, register
from ..sync.wire import record_data
from ..validation import Strict
from .common import UUID, UpdateSchema, not_null, utc_fields, visible_record

IdeaKind = Literal["idea", "observation"]
# open: captured; challenge: a kaizen challenge for its person (challengeId); experiment: to
# try by tryOn, with its result; dropped: kept, not pursued.
IdeaStatus = Literal["open", "challenge", "experiment", "dropped"]
PARTICIPANTS_MAX = 60
NAME_MAX = 120


class Participant(Strict):
    """One person in the room: someone in Gembakit (personId; the server writes their name)
    or a guest, known by the name the facilitator types."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )
    id: str = Field(pattern=UUID)  # the entry's own id: ideas name it
    person_id: Optional[str] = Field(default=None, pattern=UUID)
    name: str = Field(min_length=1, max_length=NAME_MAX)


def _unique(participants):
    if participants is None:
        return None
    ids = [p.id for p in participants]
    people = [p.person_id for p in participants if p.person_id]
    if len(set(ids)) != len(ids) or len(set(people)) != len(people):
        raise ValueError("each participant is listed once")
    return participants


def _wire_participants(participants):
    return None if participants is None else [p.model_dump(by_alias=True) for p in participants]


class WorkshopCreate(Schema):
    id: str = Field(pattern=UUID)
    title: str = Field(min_length=1, max_length=200)
    area_id: Optional[str] = Field(default=None, max_length=36)
    held_on: date
    participants: list[Participant] = Field(default_factory=list, max_length=PARTICIPANTS_MAX)
    notes: str = Field(default="", max_length=5000)

    _unique = field_validator("participants")(classmethod(lambda cls, v: _unique(v)))
    _stored = field_serializer("participants")(lambda self, v: _wire_participants(v))


class WorkshopUpdate(UpdateSchema):
    title: Optional[str] = Field(default=None, min_length=1, max_length=200)
    area_id: Optional[str] = Field(default=None, max_length=36)
    held_on: Optional[date] = None
    participants: Optional[list[Participant]] = Field(default=None, max_length=PARTICIPANTS_MAX)
    notes: Optional[str] = Field(default=None, max_length=5000)

    _unique = field_validator("participants")(classmethod(lambda cls, v: _unique(v)))
    _stored = field_serializer("participants")(lambda self, v: _wire_participants(v))
    _required = not_null("title", "held_on", "participants", "notes")


class IdeaCreate(Schema):
    id: str = Field(pattern=UUID)
    workshop_id: str = Field(pattern=UUID)
    participant_id: str = Field(pattern=UUID)
    kind: IdeaKind = "idea"
    note: str = Field(min_length=1, max_length=5000)
    captured_at: AwareDatetime

    _captured_utc = utc_fields("captured_at")


class IdeaUpdate(UpdateSchema):
    # Attribution is fixed: an idea captured for the wrong person is deleted and captured again.
    kind: Optional[IdeaKind] = None
    note: Optional[str] = Field(default=None, min_length=1, max_length=5000)
    status: Optional[IdeaStatus] = None
    challenge_id: Optional[str] = Field(default=None, pattern=UUID)
    try_on: Optional[date] = None
    result: Optional[str] = Field(default=None, max_length=5000)

    _required = not_null("kind", "note", "status", "result")


# --- workshops ---------------------------------------------------------------------------


def _named(participants):
    """Participants with their current names from Gembakit; guests keep the typed name."""
    ids = [p["personId"] for p in participants if p.get("personId")]
    names = (
        {p.id: p.name for p in Person.select(Person.id, Person.name).where(Person.id.in_(ids))}
        if ids
        else {}
    )
    return [
        p | ({"name": names[p["personId"]]} if p.get("personId") in names else {})
        for p in participants
    ]


def _check_participants(participants, before=()):
    """Newly listed people must be active in Gembakit (the same answer for an unknown id);
    an entry keeps its person, since ideas are attributed through it."""
    earlier = {p["id"]: p.get("personId") for p in before}
    for entry in participants:
        person_id = entry.get("personId")
        if entry["id"] in earlier and earlier[entry["id"]] != person_id:
            raise MutationRejected(
                Code.UNKNOWN_PARTICIPANT,
                "A participant stays the same person: remove them and add the other person.",
                {"participant": entry["id"]},
            )
        if person_id and person_id not in earlier.values() and not access.may_take_part(person_id):
            raise MutationRejected(
                Code.UNKNOWN_PARTICIPANT,
                "One of the participants is not "
                "someone in Gembakit who can take part now. Pick them again "
                "or add them as a guest.",
                {"participant": entry["id"]},
            )


def _fill_workshop(scope, fields):
    return fields | {"participants": _named(fields["participants"])}


def _may_create_workshop(scope, fields):
    _check_participants(fields["participants"])


def _may_change_workshop(scope, record, fields):
    if not access.may_change_workshop(scope, record):
        raise MutationRejected(Code.FORBIDDEN, "Only the facilitator can change a workshop.")
    if fields and fields.get("participants") is not None:
        _check_participants(fields["participants"], record.participants or [])


def _fill_workshop_update(scope, record, applied):
    if "participants" in applied:
        applied["participants"] = record.participants = _named(applied["participants"])


def _workshop_data(record):
    data = record_data(record)
    data.pop("seenBy", None)  # the server's own bookkeeping (access.workshop_relevant)
    return data


register(
    Entity(
        type="workshop",
        model=Workshop,
        create_schema=WorkshopCreate,
        update_schema=WorkshopUpdate,
        relevant=access.workshop_relevant,
        visible=access.workshop_visible,
        may_create=_may_create_workshop,
        may_change=_may_change_workshop,
        to_data=_workshop_data,
        fill_on_create=_fill_workshop,
        fill_on_update=_fill_workshop_update,
        # Its participants are what an idea's checks read: an update is seen by references.
        updates_keep_references=False,
    )
)


# --- ideas -------------------------------------------------------------------------------


def _participant(workshop, participant_id):
    if workshop is None:
        return None
    return next((p for p in workshop.participants or [] if p["id"] == participant_id), None)


def _fill_idea(scope, fields):
    """Attribution: the person of the participant entry (None for a guest), so who sees the
    idea is a column (access.idea_visible_query)."""
    workshop = record_by_id(Workshop, fields["workshop_id"])
    entry = _participant(workshop, fields["participant_id"]) or {}
    return fields | {"person_id": entry.get("personId")}


def _may_create_idea(scope, fields):
    workshop = record_by_id(Workshop, fields["workshop_id"])
    if not access.runs_workshop(scope, workshop):
        # The same answer whether it exists or not: nobody probes for workshop ids.
        raise MutationRejected(
            Code.UNKNOWN_WORKSHOP,
            "This workshop does not exist, or only its facilitator may add ideas to it.",
        )
    if _participant(workshop, fields["participant_id"]) is None:
        raise MutationRejected(
            Code.UNKNOWN_PARTICIPANT,
            "This participant is not in the "
            "workshop's list (any more). Add them to the workshop first.",
        )


def _may_change_idea(scope, record, fields):
    if not access.may_change_idea(scope, record):
        raise MutationRejected(
            Code.FORBIDDEN, "Only the workshop's facilitator can change or delete its ideas."
        )
    if not fields:
        return
    status = fields.get("status", record.status)
    challenge_id = fields.get("challenge_id", record.challenge_id)
    if fields.get("challenge_id"):
        _check_challenge(scope, record, fields["challenge_id"])
    if status == "challenge" and not challenge_id:
        raise MutationRejected(
            Code.VALIDATION_ERROR,
            "An idea turned into a challenge names the challenge (challengeId).",
        )
    if status == "experiment" and not fields.get("try_on", record.try_on):
        raise MutationRejected(
            Code.VALIDATION_ERROR, "An experiment has a date to try it by (tryOn)."
        )


def _check_challenge(scope, idea, challenge_id):
    challenge = visible_record(Challenge, scope, challenge_id, access.about_learner_visible)
    if challenge is None or idea.person_id is None or challenge.learner_id != idea.person_id:
        raise MutationRejected(
            Code.UNKNOWN_CHALLENGE,
            "The challenge does not exist, you may "
            "not see it, or it is not for the person who had the idea.",
        )


register(
    Entity(
        type="idea",
        model=Idea,
        create_schema=IdeaCreate,
        update_schema=IdeaUpdate,
        relevant=access.idea_visible_query,
        visible=access.idea_visible,
        may_create=_may_create_idea,
        may_change=_may_change_idea,
        fill_on_create=_fill_idea,
        updates_keep_references=True,
    )
)
