"""The principles library (issue 13.6, docs/decisions.md §99-§102): published principles, and
the link from a learning goal to the principle it teaches."""

from peewee import *


def up(migrator, db):
    class Person(Model):
        id = CharField(primary_key=True, max_length=36)

        class Meta:
            database = db
            table_name = "person"
            legacy_table_names = False

    class Principle(Model):
        id = CharField(primary_key=True, max_length=36)
        version = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        flagged = BooleanField(default=False)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        author = ForeignKeyField(Person, on_delete="CASCADE")
        title = CharField(max_length=200)
        principle = TextField()
        misconception = TextField()
        worked_case = TextField()
        goal_id = CharField(max_length=36, null=True)

        class Meta:
            database = db
            table_name = "principle"
            legacy_table_names = False

    db.create_tables([Principle])
    principle_id = CharField(max_length=36, null=True)
    migrator.migrate(
        migrator.add_column("learning_goal", "principle_id", principle_id),
        migrator.add_index("learning_goal", ("principle_id",), False),
    )
