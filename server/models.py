"""All peewee models in one place. Times are naive UTC; ids of synced records are client UUIDs."""

import json
import secrets
import uuid
from datetime import datetime, timezone

from peewee import (
    BigIntegerField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)

from .db import COUNTER_TABLE, database


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso(value):
    return value.isoformat(timespec="milliseconds") + "Z" if value else None


def new_id():
    return str(uuid.uuid4())


# json.dumps() with options builds an encoder per call; a push encodes two values per record.
_to_json = json.JSONEncoder(separators=(",", ":")).encode


class JSONField(TextField):
    def db_value(self, value):
        return None if value is None else _to_json(value)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BytesField(BlobField):
    """psycopg2 hands blobs back as memoryview; py_webauthn wants bytes."""

    def python_value(self, value):
        return None if value is None else bytes(value)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Area(BaseModel):
    """Where work happens: site › line › cell."""

    id = CharField(max_length=36, primary_key=True, default=new_id)
    name = CharField(max_length=120)
    kind = CharField(max_length=10)  # site | line | cell
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)

    def to_dict(self):
        return {"id": self.id, "name": self.name, "kind": self.kind, "parentId": self.parent_id}


class Person(BaseModel):
    id = CharField(max_length=36, primary_key=True, default=new_id)
    name = CharField(max_length=120)
    manager = ForeignKeyField("self", null=True, backref="reports", on_delete="SET NULL")
    is_admin = BooleanField(default=False)
    active = BooleanField(default=True)
    webauthn_user_id = BytesField(unique=True, default=lambda: secrets.token_bytes(32))
    # Changing it signs the person out everywhere (flask-login's id carries it).
    session_epoch = IntegerField(default=0)
    # Changing it makes this person's devices resync from scratch (what they may see changed).
    sync_epoch = IntegerField(default=0)
    area = ForeignKeyField(Area, null=True, backref="people", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)

    # flask-login
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return f"{self.id}:{self.session_epoch}"

    def summary(self):
        return {"id": self.id, "name": self.name}

    def to_dict(self):
        return {
            "id": self.id,
            "name": self.name,
            "isAdmin": self.is_admin,
            "managerId": self.manager_id,
            "areaId": self.area_id,
            "active": self.active,
        }


class Credential(BaseModel):
    person = ForeignKeyField(Person, backref="credentials", on_delete="CASCADE")
    credential_id = BytesField(unique=True)
    public_key = BytesField()
    sign_count = BigIntegerField(default=0)
    transports = JSONField(default=list)
    nickname = CharField(max_length=80, default="Passkey")
    created_at = DateTimeField(default=utcnow)
    last_used_at = DateTimeField(null=True)
    # How the passkey came to be (invite | setup | recovery | device) and who issued the link.
    added_via = CharField(max_length=10, default="invite")
    added_by = ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="+")

    def to_dict(self):
        return {
            "id": self.id,
            "nickname": self.nickname,
            "createdAt": iso(self.created_at),
            "lastUsedAt": iso(self.last_used_at),
            "addedVia": self.added_via,
            "addedBy": self.added_by.summary() if self.added_by_id else None,
        }


class LoginSession(BaseModel):
    """A signed-in browser. Signing out deletes it, so an old copy of the cookie (or a request
    that was in flight during sign-out and re-set it) no longer signs anyone in."""

    id = CharField(max_length=43, primary_key=True)
    person = ForeignKeyField(Person, backref="login_sessions", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)
    # The passkey that signed this browser in: removing the passkey signs the browser out.
    credential = ForeignKeyField(Credential, null=True, backref="+", on_delete="CASCADE")


class Invite(BaseModel):
    person = ForeignKeyField(Person, backref="invites", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    kind = CharField(max_length=10, default="invite")  # setup | invite | recovery
    created_by = ForeignKeyField(Person, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class Ceremony(BaseModel):
    """A passkey ceremony in progress (registering or signing in): its WebAuthn challenge,
    single-use (deleted when verified), expiring, and bound to the browser session that asked
    for it (its id lives only in that signed session cookie). Not a coaching Challenge."""

    id = CharField(max_length=43, primary_key=True)
    purpose = CharField(max_length=10)  # register | login
    challenge = BytesField()  # the WebAuthn standard's word for the random bytes signed
    person = ForeignKeyField(Person, null=True, on_delete="CASCADE")
    invite = ForeignKeyField(Invite, null=True, on_delete="CASCADE")
    expires_at = DateTimeField()

    class Meta:
        table_name = "auth_challenge"  # its name since migration 0001


class SyncCounter(BaseModel):
    """A single row whose value orders every synced write by commit."""

    id = IntegerField(primary_key=True)
    value = BigIntegerField(default=0)
    # Tombstones up to this version were purged: older cursors must resync from scratch.
    purged_through = BigIntegerField(default=0)

    class Meta:
        table_name = COUNTER_TABLE  # db.py locks and bumps it by name


class SyncClient(BaseModel):
    id = CharField(max_length=36, primary_key=True)  # the device install's clientId
    person = ForeignKeyField(Person, backref="clients", on_delete="CASCADE")
    last_mutation_id = BigIntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    last_seen_at = DateTimeField(default=utcnow)


class RejectedMutation(BaseModel):
    """A mutation the server refused, kept whole with its reason: nothing vanishes."""

    client = ForeignKeyField(SyncClient, backref="rejected", on_delete="CASCADE")
    mutation_id = BigIntegerField()
    name = CharField(max_length=64)
    args = JSONField()
    at = CharField(max_length=64, null=True)
    code = CharField(max_length=40)
    message = TextField()
    details = JSONField(null=True)
    received_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("client", "mutation_id"), True),)


class SyncedModel(BaseModel):
    """Base of every record that devices sync: client id, commit-order version, tombstone."""

    id = CharField(max_length=36, primary_key=True)
    version = BigIntegerField(index=True)
    deleted = BooleanField(default=False)
    flagged = BooleanField(default=False)  # a concurrent edit waits for review
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    def derive(self):
        """Fields computed from others, before every write (bulk inserts call it too)."""

    def save(self, *args, **kwargs):
        self.derive()
        return super().save(*args, **kwargs)


class Observation(SyncedModel):
    author = ForeignKeyField(Person, backref="observations", on_delete="CASCADE")
    person = ForeignKeyField(Person, null=True, backref="observations_about", on_delete="SET NULL")
    area_id = CharField(max_length=36, null=True)
    note = TextField()
    kind = CharField(max_length=20)
    observed_at = DateTimeField()
    visibility = CharField(max_length=10, default="private")
    photos = JSONField(default=list)
    # Once shared, its learner and their managers must hear when it goes private or away.
    shared_once = BooleanField(default=False)

    def derive(self):
        self.shared_once = self.shared_once or self.visibility == "shared"


class LearningGoal(SyncedModel):
    """What a learner must learn: the action, the reason behind it, the mental model it replaces."""

    author = ForeignKeyField(Person, on_delete="CASCADE")
    learner = ForeignKeyField(Person, backref="goals", on_delete="CASCADE")
    action = TextField()
    reason = TextField()
    misconception = TextField(null=True)
    observation_ids = JSONField(default=list)
    status = CharField(max_length=10, default="open")  # open | achieved | dropped
    # The principles library entry this goal teaches (docs/decisions.md §99-§102), or None.
    principle_id = CharField(max_length=36, null=True, index=True)


class Challenge(SyncedModel):
    """A real, current work problem with a demanding target, assigned to exercise a goal."""

    author = ForeignKeyField(Person, on_delete="CASCADE")
    learner = ForeignKeyField(Person, backref="challenges", on_delete="CASCADE")
    goal_id = CharField(max_length=36, null=True, index=True)
    mode = CharField(max_length=10)  # standard | problem | kaizen | teamwork
    title = CharField(max_length=200)
    problem = TextField()
    target = JSONField()  # {metric, baseline, value, unit}
    actual = FloatField(null=True)
    due_on = DateField()
    status = CharField(max_length=12, default="assigned")
    status_history = JSONField(default=list)  # [{status, by, byName, at}], written by the server
    accepted_at = DateTimeField(null=True)
    details = JSONField(default=dict)  # the mode's structure
    reflection = TextField(default="")
    # Once done, the learner may offer to help others with its topic, in their own words
    # (None: not offered). Only offered topics are searched (docs/decisions.md §32).
    help_offer = CharField(max_length=120, null=True)


class CheckIn(SyncedModel):
    """A short coaching check-in on a challenge, and the learner's answer to it."""

    author = ForeignKeyField(Person, on_delete="CASCADE")
    learner = ForeignKeyField(Person, on_delete="CASCADE")  # the challenge's, for visibility
    challenge_id = CharField(max_length=36, index=True)
    at = DateTimeField()
    engagement = SmallIntegerField()
    approach = SmallIntegerField()
    resilience = SmallIntegerField()
    notes = TextField(default="")
    learned = TextField(null=True)
    next_step = TextField(null=True)
    next_checkin_on = DateField(null=True)
    answer = TextField(null=True)


class MentorNote(SyncedModel):
    """A career-conversation note by a mentor (manager once removed); not a coaching record."""

    author = ForeignKeyField(Person, on_delete="CASCADE")
    person = ForeignKeyField(Person, on_delete="CASCADE")
    note = TextField()
    at = DateTimeField()


class Revision(BaseModel):
    """Every applied change of a synced record, and values a conflict kept off the record."""

    entity = CharField(max_length=20)
    record_id = CharField(max_length=36)
    version = BigIntegerField()
    base_version = BigIntegerField(null=True)
    op = CharField(max_length=10)  # create | update | delete
    author = ForeignKeyField(Person, on_delete="CASCADE")
    client_id = CharField(max_length=36, null=True)
    mutation_id = BigIntegerField(null=True)
    changes = JSONField(default=dict)
    conflicts = JSONField(null=True)
    device_at = CharField(max_length=64, null=True)  # device clock: recorded, never trusted
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("entity", "record_id", "version"), False),)


MODELS = [
    Area,
    Person,
    Credential,
    LoginSession,
    Invite,
    Ceremony,
    SyncCounter,
    SyncClient,
    RejectedMutation,
    Observation,
    LearningGoal,
    Challenge,
    CheckIn,
    MentorNote,
    Revision,
]


class Attachment(BaseModel):
    """An uploaded photo: its bytes are in the attachment store under their SHA-256."""

    sha256 = CharField(max_length=64, primary_key=True)
    size = IntegerField()
    content_type = CharField(max_length=20)
    uploaded_by = ForeignKeyField(Person, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


MODELS.append(Attachment)


# --- audit log and recovery requests (docs/decisions.md §21-29) ----------------------------


class AuditEvent(BaseModel):
    """A security event, append-only: nothing in the app changes or deletes one. Person ids
    are plain columns (no foreign keys), so no cascade ever rewrites the log."""

    at = DateTimeField(default=utcnow, index=True)
    actor_id = CharField(max_length=36, null=True, index=True)  # None: the CLI or the system
    subject_id = CharField(max_length=36, null=True, index=True)
    action = CharField(max_length=32)
    details = JSONField(null=True)  # ids, names, counts: never coaching content
    ip = CharField(max_length=45, null=True)


class RecoveryRequest(BaseModel):
    """A manager asks the admins for a recovery link for someone who already has a passkey."""

    person = ForeignKeyField(Person, on_delete="CASCADE", backref="+")
    requested_by = ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True)
    resolved_by = ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="+")


MODELS.extend([AuditEvent, RecoveryRequest])


# --- kaizen workshops (issue 12; docs/decisions.md §77-§80) --------------------------------


class Workshop(SyncedModel):
    """A kaizen workshop: its facilitator (author), where and when, and who took part."""

    author = ForeignKeyField(Person, on_delete="CASCADE")
    title = CharField(max_length=200)
    area_id = CharField(max_length=36, null=True)
    held_on = DateField()
    participants = JSONField(default=list)  # [{id, personId | null, name}]; guests: no personId
    notes = TextField(default="")
    # Everyone ever listed with an account: they hear when it goes away (a pull's deleted).
    seen_by = JSONField(default=list)

    def derive(self):
        listed = [p.get("personId") for p in self.participants or [] if p.get("personId")]
        self.seen_by = sorted(set(self.seen_by or []) | set(listed))


class Idea(SyncedModel):
    """An idea or observation captured in a workshop, attributed to one participant."""

    author = ForeignKeyField(Person, on_delete="CASCADE")  # the facilitator
    workshop_id = CharField(max_length=36, index=True)
    participant_id = CharField(max_length=36)  # an entry of the workshop's participants
    person = ForeignKeyField(Person, null=True, on_delete="SET NULL")  # None: a guest's
    kind = CharField(max_length=12)  # idea | observation
    note = TextField()
    captured_at = DateTimeField()
    status = CharField(max_length=12, default="open")  # open | challenge | experiment | dropped
    challenge_id = CharField(max_length=36, null=True)
    try_on = DateField(null=True)
    result = TextField(default="")


MODELS.extend([Workshop, Idea])


# --- reminders: Web Push (issue 13.5; docs/decisions.md §90-§92) ---------------------------


class PushKey(BaseModel):
    """The server's VAPID key pair, one row made by `flask setup` and never replaced (a new
    key would silently orphan every device's subscription)."""

    id = IntegerField(primary_key=True)  # always 1
    private_pem = TextField()
    public_key = CharField(max_length=100)  # base64url, uncompressed P-256 point
    created_at = DateTimeField(default=utcnow)


class ReminderSetting(BaseModel):
    """A person's reminder choice, kept on the server so that the sender honours it."""

    person = ForeignKeyField(Person, primary_key=True, on_delete="CASCADE", backref="+")
    enabled = BooleanField(default=False)
    quiet_from = CharField(max_length=5, null=True)  # "HH:MM" local time, None: no quiet hours
    quiet_to = CharField(max_length=5, null=True)
    time_zone = CharField(max_length=64, default="UTC")  # IANA name, from the device
    language = CharField(max_length=5, default="en")  # the app's language on that device
    updated_at = DateTimeField(default=utcnow)


class PushSubscription(BaseModel):
    """One device's Web Push subscription; an endpoint belongs to one person at a time."""

    person = ForeignKeyField(Person, on_delete="CASCADE", backref="+")
    endpoint = CharField(max_length=1000, unique=True)
    p256dh = CharField(max_length=100)
    auth = CharField(max_length=40)
    created_at = DateTimeField(default=utcnow)


class ReminderSent(BaseModel):
    """A reminder already sent: one per person, kind and item, per local day."""

    person = ForeignKeyField(Person, on_delete="CASCADE", backref="+")
    kind = CharField(max_length=10)  # checkin | overdue
    record_id = CharField(max_length=36)
    on = DateField()
    sent_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("person", "on", "kind", "record_id"), True),)


MODELS.extend([PushKey, ReminderSetting, PushSubscription, ReminderSent])


# --- the principles library (issue 13.6; docs/decisions.md §99-§102) -----------------------


class Principle(SyncedModel):
    """A principle a coach published from a goal closed as learned: the reason, the
    misconception it replaces and a worked case she rewrote without names. It names no
    learner: only its author, and the goal it came from, which never leaves the server."""

    author = ForeignKeyField(Person, on_delete="CASCADE")
    title = CharField(max_length=200)
    principle = TextField()
    misconception = TextField(default="")
    worked_case = TextField()
    # The learned goal it was published from: kept for the name check of later edits, never
    # sent to any device (coaching/principles.py `_hide_source`).
    goal_id = CharField(max_length=36, null=True)


MODELS.append(Principle)
