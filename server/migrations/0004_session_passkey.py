"""Each login session remembers the passkey that signed it in (removing it signs out)."""

from peewee import *


def up(migrator, db):
    class Credential(Model):
        id = AutoField()

        class Meta:
            database = db
            table_name = "credential"
            legacy_table_names = False

    migrator.migrate(
        migrator.add_column(
            "login_session",
            "credential_id",
            ForeignKeyField(Credential, field=Credential.id, null=True, on_delete="CASCADE"),
        )
    )
