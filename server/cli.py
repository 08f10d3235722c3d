"""Command line: `flask --app server invite "NAME" [--admin] [--manager PERSON_ID]`, `setup`."""

from datetime import timedelta

import click
from flask import current_app

from .errors import ApiError
from .models import utcnow
from .people.invites import create_person, issue_invite, setup_link


def init_app(app):
    @app.cli.command("invite")
    @click.argument("name")
    @click.option("--admin", is_flag=True, help="Make the person an admin.")
    @click.option("--manager", "manager_id", default=None, help="Id of the person's manager.")
    def invite(name, admin, manager_id):
        """Create a person and print their one-time invite link."""
        try:
            person = create_person(name, is_admin=admin, manager_id=manager_id)
        except ApiError as exc:
            raise click.ClickException(exc.message) from None
        url = issue_invite(person, current_app.config["ORIGIN"])
        click.echo(f"Created {person.name} (id {person.id}).")
        click.echo(f"One-time invite link: {url}")

    @app.cli.command("purge-tombstones")
    @click.option(
        "--days", default=90, show_default=True, help="Purge deletions older than this many days."
    )
    def purge(days):
        """Delete old tombstones; devices that missed them resync from scratch."""
        from . import audit
        from .sync.engine import purge_tombstones

        count = purge_tombstones(utcnow() - timedelta(days=days))
        audit.record(
            "tombstones_purged", details={"count": count, "olderThanDays": days}, actor=None
        )
        click.echo(f"Purged {count} tombstones older than {days} days.")

    @app.cli.command("send-reminders")
    def send_reminders_command():
        """Send due reminders by Web Push (a scheduler runs it, e.g. every 15 minutes): each
        item once per person and local day, never in quiet hours (docs/operations.md)."""
        from .push import send_reminders

        try:
            counts = send_reminders()
        except RuntimeError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(
            "Reminded {people} people ({notifications} notifications); {quiet} in quiet "
            "hours; {removed} expired subscriptions removed; {failed} failed.".format(**counts)
        )

    @app.cli.command("recover")
    @click.argument("person_id")
    def recover(person_id):
        """Print a recovery link for someone who lost their passkeys (audited)."""
        from .models import Person
        from .people.invites import recovery_link

        person = Person.get_or_none(Person.id == person_id)
        if person is None:
            raise click.ClickException(
                "No person has this id. `flask --app server people` lists them."
            )
        if not person.active:
            raise click.ClickException(
                f"{person.name} is deactivated: reactivate them in the People screen first."
            )
        url, kind = recovery_link(person, current_app.config["ORIGIN"], details={"via": "cli"})
        if kind == "recovery":
            click.echo(
                f"Recovery link for {person.name} (one-time; using it signs them out "
                "on every other device, and they are told):"
            )
        else:
            click.echo(f"{person.name} never created a passkey; one-time invite link:")
        click.echo(url)

    @app.cli.command("people")
    def people():
        """List everyone: id, name, manager (ids for `invite --manager` and `recover`)."""
        from .models import Person

        everyone = list(Person.select().order_by(Person.name))
        names = {p.id: p.name for p in everyone}
        for person in everyone:
            marks = [
                m
                for m, on in (("admin", person.is_admin), ("deactivated", not person.active))
                if on
            ]
            manager = (
                f"reports to {names.get(person.manager_id, '?')} ({person.manager_id})"
                if person.manager_id
                else "no manager"
            )
            click.echo(
                f"{person.id}  {person.name}"
                + (f" [{', '.join(marks)}]" if marks else "")
                + f"  - {manager}"
            )
        if not everyone:
            click.echo("Nobody yet. `flask --app server setup` prints the first admin's link.")

    @app.cli.command("setup")
    def setup():
        """The release step: apply pending migrations, then print the first admin's one-time
        setup link until an admin has a passkey."""
        _upgrade()
        _push_key()
        url = setup_link(current_app.config["ORIGIN"])
        if url is None:
            click.echo(
                "Gembakit is set up: an admin has a passkey. "
                "Invite people with `flask --app server invite NAME`."
            )
        else:
            click.echo("")
            click.echo("  First run: open this link to create the first admin's passkey:")
            click.echo(f"  {url}")
            click.echo("")

    @app.cli.group("db")
    def db_group():
        """The database schema: `db status`, `db upgrade`."""

    @db_group.command("status")
    def db_status():
        """List migrations, applied or pending, and any difference from the models."""
        from . import migrations
        from .db import database

        for name, applied in migrations.status(database.obj):
            click.echo(
                f"{'applied ' + applied.isoformat(timespec='seconds') if applied else 'PENDING':<28} {name}"
            )
        problem = migrations.problems(database.obj)
        click.echo(problem or "The schema is up to date.")
        if problem:
            raise SystemExit(1)

    @db_group.command("upgrade")
    def db_upgrade():
        """Apply pending migrations (under a lock: safe while other instances start)."""
        _upgrade()

    # --- backup, restore, transfer (server/backup.py; docs/operations.md) ---------------
    @app.cli.command("backup")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option(
        "--portable",
        is_flag=True,
        help="Dump every table as JSON lines (restores into SQLite or PostgreSQL).",
    )
    def backup_command(file, portable):
        """Write a consistent backup of the database and its photos to FILE, while the app
        keeps serving."""
        from . import backup
        from .attachments import store

        manifest = _ops(
            backup.backup,
            current_app.config["DATABASE_URL"],
            store(),
            file,
            portable=portable,
            release=_release(),
        )
        database = manifest["database"]
        if database.get("note"):
            click.echo(database["note"])
        rows = sum(database["tables"].values())
        click.echo(
            f"Backed up {rows} rows ({database['dump']}, commit counter "
            f"{database['counter']['value']}) and {manifest['attachments']['count']} "
            f"photos to {file}."
        )
        if manifest["attachments"]["missing"]:
            click.echo(
                f"Warning: {len(manifest['attachments']['missing'])} photos named in the "
                "database are missing from the photo store.",
                err=True,
            )

    @app.cli.command("restore")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--force", is_flag=True, help="Replace a database that already holds data.")
    def restore_command(file, force):
        """Replace the database (DATABASE_URL) with a backup, then apply pending migrations.
        Stop the app first. Devices resync on their next sync, keeping their waiting changes."""
        from . import backup
        from .attachments import store

        summary = _ops(
            backup.restore, current_app.config["DATABASE_URL"], store(), file, force=force
        )
        made = summary["manifest"]["createdAt"]
        click.echo(
            f"Restored the backup of {made}: {sum(summary['tables'].values())} rows, "
            f"{summary['photos']} photos"
            + (f"; applied {', '.join(summary['migrations'])}" if summary["migrations"] else "")
            + "."
        )
        click.echo(
            f"Every device will resync on its next pull, keeping its waiting changes "
            f"(commit counter now {summary['counter']}). Start the app again."
        )

    @app.cli.command("transfer")
    @click.option(
        "--to",
        "target",
        required=True,
        metavar="postgresql://…",
        help="An empty database to move to.",
    )
    def transfer_command(target):
        """Copy everything to another (empty) database, e.g. SQLite to PostgreSQL, so that
        devices carry on without a resync. Stop the app first."""
        from . import backup

        copied = _ops(backup.transfer, current_app.config["DATABASE_URL"], target)
        for table, count in copied.items():
            click.echo(f"{count:>9}  {table}")
        click.echo(
            f"Copied {sum(copied.values())} rows. Now set DATABASE_URL to the new "
            "database and start the app; devices carry on where they were."
        )


def _push_key():
    """Web Push's VAPID key pair: made once, kept in the database, never replaced (§90)."""
    from .push import ensure_key

    _, made = ensure_key()
    click.echo(
        "Made the Web Push (VAPID) key pair; it is kept in the database."
        if made
        else "The Web Push (VAPID) key pair is in place."
    )


def _upgrade():
    from . import migrations
    from .db import database

    applied = migrations.upgrade(database.obj)
    click.echo(
        f"Applied {len(applied)} migration(s): {', '.join(applied)}."
        if applied
        else "No migration pending."
    )
    problem = migrations.problems(database.obj)
    if problem:
        raise click.ClickException(problem)


def _ops(action, *args, **kwargs):
    """Run a backup/restore/transfer step; an operator's mistake is a message, not a trace."""
    from .backup import BackupError

    try:
        return action(*args, **kwargs)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None


def _release():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gembakit")
    except PackageNotFoundError:
        return None
