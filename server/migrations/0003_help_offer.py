"""A learner's offer to help others with the topic of a challenge they finished (issue 7):
nullable, so nobody is offered by default."""

from peewee import CharField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("challenge", "help_offer", CharField(max_length=120, null=True))
    )
