"""All peewee models in one place. Times are naive UTC; ids of synced records are client UUIDs."""
import json
import secrets
import uuid
from datetime import datetime, timezone

from peewee import (
    BigIntegerField, BlobField, BooleanField, CharField, DateTimeField, ForeignKeyField,
    IntegerField, Model, TextField,
)

from .db import database


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso(value):
    return value.isoformat(timespec="milliseconds") + "Z" if value else None


def new_id():
    return str(uuid.uuid4())


class JSONField(TextField):
    def db_value(self, value):
        return None if value is None else json.dumps(value, separators=(",", ":"))

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


class Person(BaseModel):
    id = CharField(max_length=36, primary_key=True, default=new_id)
    name = CharField(max_length=120)
    manager = ForeignKeyField("self", null=True, backref="reports", on_delete="SET NULL")
    is_admin = BooleanField(default=False)
    active = BooleanField(default=True)
    webauthn_user_id = BytesField(unique=True, default=lambda: secrets.token_bytes(32))
    # Changing it signs the person out everywhere (flask-login's id carries it).
    session_epoch = IntegerField(default=0)
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
        return {"id": self.id, "name": self.name, "isAdmin": self.is_admin,
                "managerId": self.manager_id}


class Credential(BaseModel):
    person = ForeignKeyField(Person, backref="credentials", on_delete="CASCADE")
    credential_id = BytesField(unique=True)
    public_key = BytesField()
    sign_count = BigIntegerField(default=0)
    transports = JSONField(default=list)
    nickname = CharField(max_length=80, default="Passkey")
    created_at = DateTimeField(default=utcnow)
    last_used_at = DateTimeField(null=True)

    def to_dict(self):
        return {"id": self.id, "nickname": self.nickname, "createdAt": iso(self.created_at),
                "lastUsedAt": iso(self.last_used_at)}


class Invite(BaseModel):
    person = ForeignKeyField(Person, backref="invites", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    kind = CharField(max_length=10, default="invite")  # setup | invite
    created_by = ForeignKeyField(Person, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)


class AuthChallenge(BaseModel):
    """A WebAuthn challenge: single-use (deleted when verified), expiring, and bound to the
    browser session that asked for it (its id lives only in that signed session cookie)."""
    id = CharField(max_length=43, primary_key=True)
    purpose = CharField(max_length=10)  # register | login
    challenge = BytesField()
    person = ForeignKeyField(Person, null=True, on_delete="CASCADE")
    invite = ForeignKeyField(Invite, null=True, on_delete="CASCADE")
    expires_at = DateTimeField()


class SyncCounter(BaseModel):
    """A single row whose value orders every synced write by commit."""
    id = IntegerField(primary_key=True)
    value = BigIntegerField(default=0)


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


class Observation(SyncedModel):
    author = ForeignKeyField(Person, backref="observations", on_delete="CASCADE")
    person = ForeignKeyField(Person, null=True, backref="observations_about",
                             on_delete="SET NULL")
    area_id = CharField(max_length=36, null=True)
    note = TextField()
    kind = CharField(max_length=20)
    observed_at = DateTimeField()
    visibility = CharField(max_length=10, default="private")
    photos = JSONField(default=list)
    # Once shared, its learner and their managers must hear when it goes private or away.
    shared_once = BooleanField(default=False)

    def save(self, *args, **kwargs):
        self.shared_once = self.shared_once or self.visibility == "shared"
        return super().save(*args, **kwargs)


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


MODELS = [Person, Credential, Invite, AuthChallenge, SyncCounter, SyncClient,
          RejectedMutation, Observation, Revision]


def create_tables():
    with database.atomic():
        database.create_tables(MODELS, safe=True)
        SyncCounter.insert(id=1, value=0).on_conflict_ignore().execute()
