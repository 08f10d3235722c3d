"""The audit log, recovery requests, and how each passkey was added (issue 7)."""

from peewee import *


def up(migrator, db):
    class Person(Model):
        id = CharField(primary_key=True, max_length=36)

        class Meta:
            database = db
            table_name = "person"
            legacy_table_names = False

    class AuditEvent(Model):
        at = DateTimeField(index=True)
        actor_id = CharField(index=True, null=True, max_length=36)
        subject_id = CharField(index=True, null=True, max_length=36)
        action = CharField(max_length=32)
        details = TextField(null=True)
        ip = CharField(null=True, max_length=45)

        class Meta:
            database = db
            table_name = "audit_event"
            legacy_table_names = False

    class RecoveryRequest(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        requested_by = ForeignKeyField(Person, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        resolved_at = DateTimeField(null=True)
        resolved_by = ForeignKeyField(Person, null=True, on_delete="SET NULL")

        class Meta:
            database = db
            table_name = "recovery_request"
            legacy_table_names = False

    db.create_tables([AuditEvent, RecoveryRequest])
    migrator.migrate(
        migrator.add_column("credential", "added_via", CharField(max_length=10, default="invite")),
        migrator.add_column(
            "credential",
            "added_by_id",
            ForeignKeyField(Person, field=Person.id, null=True, on_delete="SET NULL"),
        ),
    )
