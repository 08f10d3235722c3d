"""Reminders by Web Push (issue 13.5, docs/decisions.md §90-§92): the server's VAPID key pair,
each person's reminder setting, each device's subscription, and the reminders already sent."""

from peewee import *


def up(migrator, db):
    class Person(Model):
        id = CharField(primary_key=True, max_length=36)

        class Meta:
            database = db
            table_name = "person"
            legacy_table_names = False

    class PushKey(Model):
        id = IntegerField(primary_key=True)
        private_pem = TextField()
        public_key = CharField(max_length=100)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "push_key"
            legacy_table_names = False

    class ReminderSetting(Model):
        person = ForeignKeyField(Person, primary_key=True, on_delete="CASCADE", backref="+")
        enabled = BooleanField(default=False)
        quiet_from = CharField(max_length=5, null=True)
        quiet_to = CharField(max_length=5, null=True)
        time_zone = CharField(max_length=64, default="UTC")
        language = CharField(max_length=5, default="en")
        updated_at = DateTimeField()

        class Meta:
            database = db
            table_name = "reminder_setting"
            legacy_table_names = False

    class PushSubscription(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE", backref="+")
        endpoint = CharField(max_length=1000, unique=True)
        p256dh = CharField(max_length=100)
        auth = CharField(max_length=40)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "push_subscription"
            legacy_table_names = False

    class ReminderSent(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE", backref="+")
        kind = CharField(max_length=10)
        record_id = CharField(max_length=36)
        on = DateField()
        sent_at = DateTimeField()

        class Meta:
            database = db
            table_name = "reminder_sent"
            legacy_table_names = False
            indexes = ((("person", "on", "kind", "record_id"), True),)

    db.create_tables([PushKey, ReminderSetting, PushSubscription, ReminderSent])
