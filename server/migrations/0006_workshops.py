"""Kaizen workshops and the ideas captured in them (issue 12, docs/decisions.md §77-§80)."""

from peewee import *


def up(migrator, db):
    class Person(Model):
        id = CharField(primary_key=True, max_length=36)

        class Meta:
            database = db
            table_name = "person"
            legacy_table_names = False

    class Workshop(Model):
        id = CharField(primary_key=True, max_length=36)
        version = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        flagged = BooleanField(default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        author = ForeignKeyField(Person, on_delete="CASCADE")
        title = CharField(max_length=200)
        area_id = CharField(max_length=36, null=True)
        held_on = DateField()
        participants = TextField()
        notes = TextField()
        seen_by = TextField()

        class Meta:
            database = db
            table_name = "workshop"
            legacy_table_names = False

    class Idea(Model):
        id = CharField(primary_key=True, max_length=36)
        version = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        flagged = BooleanField(default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        author = ForeignKeyField(Person, on_delete="CASCADE")
        workshop_id = CharField(max_length=36, index=True)
        participant_id = CharField(max_length=36)
        person = ForeignKeyField(Person, null=True, on_delete="SET NULL")
        kind = CharField(max_length=12)
        note = TextField()
        captured_at = DateTimeField()
        status = CharField(max_length=12)
        challenge_id = CharField(max_length=36, null=True)
        try_on = DateField(null=True)
        result = TextField()

        class Meta:
            database = db
            table_name = "idea"
            legacy_table_names = False

    db.create_tables([Workshop, Idea])
