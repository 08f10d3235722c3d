"""The schema of release 0.1.0, the first one deployed, exactly.

Tables are created only where missing (CREATE TABLE IF NOT EXISTS), so a database that
release 0.1.0 made itself at start-up counts as migrated to here. Fields are frozen copies:
blobs and JSON are BLOB and TEXT columns, and Python-side defaults do not reach the DDL.
"""

from peewee import *


def up(migrator, db):
    class Area(Model):
        id = CharField(primary_key=True, max_length=36)
        name = CharField(max_length=120)
        kind = CharField(max_length=10)
        parent = ForeignKeyField("self", null=True, on_delete="CASCADE")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "area"
            legacy_table_names = False

    db.create_tables([Area])

    class Person(Model):
        id = CharField(primary_key=True, max_length=36)
        name = CharField(max_length=120)
        manager = ForeignKeyField("self", null=True, on_delete="SET NULL")
        is_admin = BooleanField(default=False)
        active = BooleanField(default=True)
        webauthn_user_id = BlobField(unique=True)
        session_epoch = IntegerField(default=0)
        sync_epoch = IntegerField(default=0)
        area = ForeignKeyField(Area, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "person"
            legacy_table_names = False

    db.create_tables([Person])

    class Attachment(Model):
        sha256 = CharField(primary_key=True, max_length=64)
        size = IntegerField()
        content_type = CharField(max_length=20)
        uploaded_by = ForeignKeyField(Person, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "attachment"
            legacy_table_names = False

    db.create_tables([Attachment])

    class Invite(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        token_hash = CharField(unique=True, max_length=64)
        kind = CharField(max_length=10, default="invite")
        created_by = ForeignKeyField(Person, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "invite"
            legacy_table_names = False

    db.create_tables([Invite])

    class AuthChallenge(Model):
        id = CharField(primary_key=True, max_length=43)
        purpose = CharField(max_length=10)
        challenge = BlobField()
        person = ForeignKeyField(Person, null=True, on_delete="CASCADE")
        invite = ForeignKeyField(Invite, null=True, on_delete="CASCADE")
        expires_at = DateTimeField()

        class Meta:
            database = db
            table_name = "auth_challenge"
            legacy_table_names = False

    db.create_tables([AuthChallenge])

    class Challenge(Model):
        id = CharField(primary_key=True, max_length=36)
        version = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        flagged = BooleanField(default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        author = ForeignKeyField(Person, on_delete="CASCADE")
        learner = ForeignKeyField(Person, on_delete="CASCADE")
        goal_id = CharField(index=True, null=True, max_length=36)
        mode = CharField(max_length=10)
        title = CharField(max_length=200)
        problem = TextField()
        target = TextField()
        actual = FloatField(null=True)
        due_on = DateField()
        status = CharField(max_length=12, default="assigned")
        status_history = TextField()
        accepted_at = DateTimeField(null=True)
        details = TextField()
        reflection = TextField(default="")

        class Meta:
            database = db
            table_name = "challenge"
            legacy_table_names = False

    db.create_tables([Challenge])

    class CheckIn(Model):
        id = CharField(primary_key=True, max_length=36)
        version = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        flagged = BooleanField(default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        author = ForeignKeyField(Person, on_delete="CASCADE")
        learner = ForeignKeyField(Person, on_delete="CASCADE")
        challenge_id = CharField(index=True, max_length=36)
        at = DateTimeField()
        engagement = SmallIntegerField()
        approach = SmallIntegerField()
        resilience = SmallIntegerField()
        notes = TextField(default="")
        learned = TextField(null=True)
        next_step = TextField(null=True)
        next_checkin_on = DateField(null=True)
        answer = TextField(null=True)

        class Meta:
            database = db
            table_name = "check_in"
            legacy_table_names = False

    db.create_tables([CheckIn])

    class Credential(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        credential_id = BlobField(unique=True)
        public_key = BlobField()
        sign_count = BigIntegerField(default=0)
        transports = TextField()
        nickname = CharField(max_length=80, default="Passkey")
        created_at = DateTimeField()
        last_used_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "credential"
            legacy_table_names = False

    db.create_tables([Credential])

    class LearningGoal(Model):
        id = CharField(primary_key=True, max_length=36)
        version = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        flagged = BooleanField(default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        author = ForeignKeyField(Person, on_delete="CASCADE")
        learner = ForeignKeyField(Person, on_delete="CASCADE")
        action = TextField()
        reason = TextField()
        misconception = TextField(null=True)
        observation_ids = TextField()
        status = CharField(max_length=10, default="open")

        class Meta:
            database = db
            table_name = "learning_goal"
            legacy_table_names = False

    db.create_tables([LearningGoal])

    class LoginSession(Model):
        id = CharField(primary_key=True, max_length=43)
        person = ForeignKeyField(Person, on_delete="CASCADE")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "login_session"
            legacy_table_names = False

    db.create_tables([LoginSession])

    class MentorNote(Model):
        id = CharField(primary_key=True, max_length=36)
        version = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        flagged = BooleanField(default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        author = ForeignKeyField(Person, on_delete="CASCADE")
        person = ForeignKeyField(Person, on_delete="CASCADE")
        note = TextField()
        at = DateTimeField()

        class Meta:
            database = db
            table_name = "mentor_note"
            legacy_table_names = False

    db.create_tables([MentorNote])

    class Observation(Model):
        id = CharField(primary_key=True, max_length=36)
        version = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        flagged = BooleanField(default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        author = ForeignKeyField(Person, on_delete="CASCADE")
        person = ForeignKeyField(Person, null=True, on_delete="SET NULL")
        area_id = CharField(null=True, max_length=36)
        note = TextField()
        kind = CharField(max_length=20)
        observed_at = DateTimeField()
        visibility = CharField(max_length=10, default="private")
        photos = TextField()
        shared_once = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "observation"
            legacy_table_names = False

    db.create_tables([Observation])

    class SyncClient(Model):
        id = CharField(primary_key=True, max_length=36)
        person = ForeignKeyField(Person, on_delete="CASCADE")
        last_mutation_id = BigIntegerField(default=0)
        created_at = DateTimeField()
        last_seen_at = DateTimeField()

        class Meta:
            database = db
            table_name = "sync_client"
            legacy_table_names = False

    db.create_tables([SyncClient])

    class RejectedMutation(Model):
        client = ForeignKeyField(SyncClient, on_delete="CASCADE")
        mutation_id = BigIntegerField()
        name = CharField(max_length=64)
        args = TextField()
        at = CharField(null=True, max_length=64)
        code = CharField(max_length=40)
        message = TextField()
        details = TextField(null=True)
        received_at = DateTimeField()

        class Meta:
            database = db
            table_name = "rejected_mutation"
            legacy_table_names = False
            indexes = ((("client", "mutation_id"), True),)

    db.create_tables([RejectedMutation])

    class Revision(Model):
        entity = CharField(max_length=20)
        record_id = CharField(max_length=36)
        version = BigIntegerField()
        base_version = BigIntegerField(null=True)
        op = CharField(max_length=10)
        author = ForeignKeyField(Person, on_delete="CASCADE")
        client_id = CharField(null=True, max_length=36)
        mutation_id = BigIntegerField(null=True)
        changes = TextField()
        conflicts = TextField(null=True)
        device_at = CharField(null=True, max_length=64)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "revision"
            legacy_table_names = False
            indexes = ((("entity", "record_id", "version"), False),)

    db.create_tables([Revision])

    class SyncCounter(Model):
        id = IntegerField(primary_key=True)
        value = BigIntegerField(default=0)
        purged_through = BigIntegerField(default=0)

        class Meta:
            database = db
            table_name = "sync_counter"
            legacy_table_names = False

    db.create_tables([SyncCounter])
    SyncCounter.insert(id=1, value=0).on_conflict_ignore().execute()


def down(migrator, db):
    migrator.migrate(migrator.drop_table("sync_counter"))
    migrator.migrate(migrator.drop_table("revision"))
    migrator.migrate(migrator.drop_table("rejected_mutation"))
    migrator.migrate(migrator.drop_table("sync_client"))
    migrator.migrate(migrator.drop_table("observation"))
    migrator.migrate(migrator.drop_table("mentor_note"))
    migrator.migrate(migrator.drop_table("login_session"))
    migrator.migrate(migrator.drop_table("learning_goal"))
    migrator.migrate(migrator.drop_table("credential"))
    migrator.migrate(migrator.drop_table("check_in"))
    migrator.migrate(migrator.drop_table("challenge"))
    migrator.migrate(migrator.drop_table("auth_challenge"))
    migrator.migrate(migrator.drop_table("invite"))
    migrator.migrate(migrator.drop_table("attachment"))
    migrator.migrate(migrator.drop_table("person"))
    migrator.migrate(migrator.drop_table("area"))
