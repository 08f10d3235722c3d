"""Schema migrations: numbered files in this folder, applied in order and recorded in the
`schema_migration` table (peewee's own runner, playhouse.migrations).

Every model change ships a file `NNNN_what.py` with `up(migrator, db)`; new tables are frozen
copies declared inside it, so a migration never changes when the models do. `upgrade()` runs
what is pending under a lock, so two release steps (or two workers) never race; `problems()`
says why the app must not serve a database (migrations pending, or tables that differ from
the models), and the app factory refuses to start on one.
"""

import fcntl
from contextlib import contextmanager, nullcontext
from pathlib import Path

from peewee import PostgresqlDatabase, SqliteDatabase
from playhouse.migrations import Runner
from playhouse.schema_diff import diff_models

HERE = Path(__file__).resolve().parent
HISTORY_TABLE = "schema_migration"
# An arbitrary, fixed key for pg_advisory_lock: every Gembakit release takes the same one.
PG_LOCK_KEY = 0x67656D62  # "gemb"

UPGRADE_HINT = (
    "Run `flask --app server setup` (the release step), or `flask --app server "
    "db upgrade`, then start the app again."
)


class SchemaNotReady(RuntimeError):
    """The database's schema is behind or differs from this release's models."""


def _runner(db):
    return Runner(db, directory=str(HERE), table_name=HISTORY_TABLE)


def status(db):
    """[(name, applied datetime or None)] for every migration, in order."""
    return [(m.name, m.applied) for m in _runner(db).status() if m.path is not None]


def pending(db):
    return [name for name, applied in status(db) if applied is None]


@contextmanager
def _lock(db):
    """One upgrade at a time: an advisory lock on PostgreSQL, a lock file beside SQLite."""
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_lock(%s)", (PG_LOCK_KEY,))
        try:
            yield
        finally:
            db.execute_sql("SELECT pg_advisory_unlock(%s)", (PG_LOCK_KEY,))
    elif isinstance(db, SqliteDatabase) and db.database not in ("", ":memory:"):
        with open(f"{db.database}.migrate-lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    else:
        yield


def upgrade(db):
    """Apply pending migrations; returns their names. Safe to run from many processes."""
    with _connected(db), _lock(db):
        return _runner(db).up()


def drift(db):
    """How the tables differ from the models (an empty string when they match)."""
    from ..models import MODELS

    return str(diff_models(db, MODELS))


def _connected(db):
    """A connection for the call, leaving an already open one (a request's) open."""
    return db.connection_context() if db.is_closed() else nullcontext()


def problems(db):
    """Why this release must not serve the database, or None when it may."""
    with _connected(db):
        waiting = pending(db)
        if waiting:
            return (
                f"The database schema is behind this release: {len(waiting)} migration(s) "
                f"pending ({', '.join(waiting)}). {UPGRADE_HINT}"
            )
        difference = drift(db)
        if difference:
            return (
                "The database schema differs from this release's models:\n"
                f"{difference}\nA model changed without a migration, or the database was "
                "altered by hand."
            )
    return None


def check(db):
    message = problems(db)
    if message:
        raise SchemaNotReady(message)
