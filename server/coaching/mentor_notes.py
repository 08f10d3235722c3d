"""Mentor notes: career conversations with the manager once removed, apart from coaching."""

from typing import Optional

from pydantic import AwareDatetime, Field

from .. import access
from ..errors import Code
from ..models import MentorNote
from ..sync.registry import Entity, MutationRejected, Schema, register
from .common import UUID, UpdateSchema, not_null
from .common import utc_fields


class MentorNoteCreate(Schema):
    id: str = Field(pattern=UUID)
    person_id: str = Field(pattern=UUID)
    note: str = Field(min_length=1, max_length=5000)
    at: AwareDatetime

    _at_utc = utc_fields("at")


class MentorNoteUpdate(UpdateSchema):
    note: Optional[str] = Field(default=None, min_length=1, max_length=5000)
    at: Optional[AwareDatetime] = None

    _at_utc = utc_fields("at")
    _required = not_null("note", "at")


def _may_create(scope, fields):
    # An unknown id is answered like someone out of reach: nobody probes for ids.
    if not access.is_mentor_of(scope, fields["person_id"]):
        raise MutationRejected(
            Code.FORBIDDEN, "Mentor notes are written by a person's manager once removed."
        )


def _may_change(scope, record, fields):
    if not access.may_change_mentor_note(scope, record):
        raise MutationRejected(Code.FORBIDDEN, "Only the mentor who wrote it can change it.")


register(
    Entity(
        type="mentor_note",
        model=MentorNote,
        create_schema=MentorNoteCreate,
        update_schema=MentorNoteUpdate,
        relevant=lambda scope: access.mentor_note_visible_query(MentorNote, scope),
        visible=access.mentor_note_visible,
        may_create=_may_create,
        may_change=_may_change,
        checks_before_lock=True,
    )
)
