"""Pieces every coaching entity shares: wire format of records, names, learner permissions."""

from datetime import timezone
from typing import Optional

from pydantic import Field, field_validator
from pydantic.alias_generators import to_camel

from .. import access
from ..errors import Code
from ..sync.registry import Entity, MutationRejected, Schema, record_by_id, register
from ..sync.wire import record_data

UUID = r"^[0-9a-fA-F-]{36}$"


def utc(value):
    if value is None:
        return None
    try:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00 is before year 1 in UTC
        raise ValueError("times must be between 1900 and 2200 (UTC)") from None


def utc_fields(*names):
    """A pydantic validator turning aware datetimes into naive UTC (how we store them)."""
    return field_validator(*names)(classmethod(lambda cls, value: utc(value)))


class UpdateSchema(Schema):
    id: str = Field(pattern=UUID)
    base_version: int = Field(ge=0)
    resolve: Optional[bool] = None  # true: the person reviewed a flagged conflict


def not_null(*names):
    """Fields that may be left out of an update, but not emptied."""

    def check(cls, value, info):
        if value is None:
            raise ValueError(f"{info.field_name} cannot be emptied")
        return value

    return field_validator(*names)(classmethod(check))


def check_helper(person_id):
    """A teamwork helper may be anyone active in Gembakit, in any team (docs/decisions.md §34).
    An unknown id and a deactivated person get the same answer. Elsewhere a person id one may
    not write about is `forbidden` whether or not it exists, so nobody probes for ids."""
    if person_id is not None and not access.may_be_asked_for_help(person_id):
        raise MutationRejected(
            Code.UNKNOWN_HELPER,
            "The helper is not someone in Gembakit who can be asked now. Pick the helper again.",
        )


def learner_entity(
    type_,
    model,
    create_schema,
    update_schema,
    label,
    fill_on_update=None,
    check_create=None,
    check_change=None,
    fill_on_create=None,
    to_data=record_data,
    redact=None,
    redact_many=None,
    checks_before_lock=False,
):
    """Register a record about a learner (goal, challenge, check-in) with the sync engine.
    Who may see it never changes (its learner is fixed), so each reader sees all of its
    revisions; `redact` trims what a reader may not see of it (docs/decisions.md §30)."""

    def may_create(scope, fields):
        if not access.may_coach(scope, fields["learner_id"]):
            raise MutationRejected(
                Code.FORBIDDEN,
                f"You can only create {label} for yourself or for the people who report to you.",
            )
        if check_create:
            check_create(scope, fields)

    def may_change(scope, record, fields):
        if fields is None:
            if not access.may_delete_about_learner(scope, record):
                raise MutationRejected(
                    Code.FORBIDDEN, f"Only the learner's coach can delete {label}."
                )
            return
        refused = access.refused_fields(scope, type_, record, fields)
        if refused:
            raise MutationRejected(
                Code.FORBIDDEN,
                f"You may not change {', '.join(to_camel(f) for f in refused)} here.",
                {"fields": [to_camel(f) for f in refused]},
            )
        if check_change:
            check_change(scope, record, fields)

    return register(
        Entity(
            type=type_,
            model=model,
            create_schema=create_schema,
            update_schema=update_schema,
            relevant=lambda scope: access.about_learner_visible_query(model, scope),
            visible=access.about_learner_visible,
            may_create=may_create,
            may_change=may_change,
            fill_on_update=fill_on_update,
            fill_on_create=fill_on_create,
            to_data=to_data,
            redact=redact,
            redact_many=redact_many,
            updates_keep_references=True,
            checks_before_lock=checks_before_lock,
        )
    )


def visible_record(model, scope, record_id, visible):
    record = record_by_id(model, record_id)  # one query for a whole group of mutations
    if record is None or record.deleted or not visible(scope, record):
        return None
    return record
