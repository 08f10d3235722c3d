"""Backup, restore, and moving a plant from SQLite to PostgreSQL (docs/operations.md).

A backup is one tar file:

    manifest.json                  what is inside (format below), written last
    database/sqlite.db             SQLite: a snapshot by the online backup API
    database/postgres.dump         PostgreSQL: `pg_dump --format=custom`
    database/tables/<table>.jsonl  or, without a usable pg_dump (or with --portable), every
                                   table as JSON lines, read in one REPEATABLE READ transaction
    attachments/<sha256>           the bytes of every photo the database names

Every part is read from one consistent snapshot while the app keeps serving: SQLite's backup
API copies a committed state; pg_dump and the manifest's figures share an exported snapshot.
Photos are content-addressed and written before their row, so the snapshot's `attachment`
rows name files that exist, and later uploads do not matter.

Restoring puts the server's history back to the backup's moment. Devices that synced after it
hold cursors and mutation ids from a history the server no longer has, so the restore moves
the commit counter, and the resync horizon, past every version that history can have reached
(docs/decisions.md §50): every device's next pull answers `reset_required`, and the device
pulls everything again keeping its outbox; a device whose next mutation id is beyond the
restored `lastMutationId` gets 409 `mutation_gap` and renumbers what waits in its outbox.
"""

import base64
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from contextlib import closing
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from peewee import PostgresqlDatabase, SqliteDatabase, sort_models
from playhouse.db_url import connect as connect_url

from . import migrations
from .db import SQLITE_PRAGMAS

FORMAT = "gembakit-backup"
FORMAT_VERSION = 1
HISTORY_TABLE = migrations.HISTORY_TABLE
# Tables that a fresh, migrated database already fills: they do not make it "non-empty".
BOOKKEEPING = {HISTORY_TABLE, "sync_counter"}
BATCH = 1000
DUMPS = {"sqlite-snapshot", "pg_dump-custom", "portable-jsonl"}
# libpq understands these URL parameters; peewee's own (max_connections, …) must not reach it.
LIBPQ_PARAMS = {
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "connect_timeout",
    "application_name",
    "options",
    "target_session_attrs",
    "passfile",
    "service",
}


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


# --- databases ----------------------------------------------------------------------------


def kind_of(db):
    return "sqlite" if isinstance(db, SqliteDatabase) else "postgresql"


def connect(url):
    """A plain (unpooled) peewee database for a URL, as the app would open it."""
    if url.startswith("sqlite"):
        return connect_url(url, pragmas=SQLITE_PRAGMAS)
    return connect_url(url)


def libpq(url):
    """(URL, environment) for pg_dump/pg_restore: peewee's URL parameters dropped, and the
    password passed in PGPASSWORD rather than on a command line others can list."""
    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    query = [(k, v) for k, v in parse_qsl(parts.query) if k in LIBPQ_PARAMS]
    env = dict(os.environ)
    netloc = parts.netloc
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        netloc = netloc.replace(f":{parts.password}@", "@", 1)
    return parts._replace(netloc=netloc, query=urlencode(query)).geturl(), env


def rows_of(db, sql, params=()):
    return list(db.execute_sql(sql, params).fetchall())


def tables(db):
    """The database's tables, those of the models first in dependency order, then others."""
    from .models import MODELS

    present = set(db.get_tables())
    ordered = [m._meta.table_name for m in sort_models(MODELS) if m._meta.table_name in present]
    return ordered + sorted(present - set(ordered))


def columns(db, table):
    return [(c.name, c.data_type.lower()) for c in db.get_columns(table)]


def counts(db, names):
    return {t: rows_of(db, f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in names}


def data_counts(db):
    """Rows per table holding data, leaving out what a fresh database starts with."""
    return {
        t: n for t, n in counts(db, [t for t in tables(db) if t not in BOOKKEEPING]).items() if n
    }


def describe(db):
    """The manifest's figures for a database: migrations, counter, rows, photos."""
    names = tables(db)
    applied = (
        [r[0] for r in rows_of(db, f'SELECT name FROM "{HISTORY_TABLE}" ORDER BY name')]
        if HISTORY_TABLE in names
        else []
    )
    counter = (
        rows_of(db, "SELECT value, purged_through FROM sync_counter WHERE id = 1")
        if "sync_counter" in names
        else []
    )
    photos = (
        [r[0] for r in rows_of(db, "SELECT sha256 FROM attachment ORDER BY sha256")]
        if "attachment" in names
        else []
    )
    return {
        "migrations": applied,
        "counter": {
            "value": counter[0][0] if counter else 0,
            "purgedThrough": counter[0][1] if counter else 0,
        },
        "tables": counts(db, [t for t in names if t != HISTORY_TABLE]),
        "tableOrder": [t for t in names if t != HISTORY_TABLE],
    }, photos


# --- backup -------------------------------------------------------------------------------


def backup(url, store, path, portable=False, release=None):
    """Write a backup of the database at `url` and the photos it names to `path`.
    Returns the manifest."""
    db = connect(url)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        manifest = _write(db, url, store, partial, portable, release)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        db.close()
    os.replace(partial, path)  # a backup file is whole or absent
    return manifest


def _write(db, url, store, partial, portable, release):
    with (
        tempfile.TemporaryDirectory(dir=partial.parent, prefix=".backup-") as work,
        tarfile.open(partial, "w") as archive,
    ):
        work = Path(work)
        if kind_of(db) == "sqlite" and not portable:
            database, photos = _sqlite_snapshot(db, work, archive)
        else:
            database, photos = _dump(db, url, work, archive, portable)
        stored, missing = _add_photos(store, photos, archive)
        manifest = {
            "format": FORMAT,
            "formatVersion": FORMAT_VERSION,
            "createdAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "release": release,
            "database": database,
            "attachments": {"count": stored, "missing": missing},
        }
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    return manifest


def _sqlite_snapshot(db, work, archive):
    snapshot = work / "sqlite.db"
    live = Path(db.database).resolve()
    if not live.is_file():
        raise BackupError(f"There is no database at {live} (DATABASE_URL).")
    with (
        closing(sqlite3.connect(live.as_uri() + "?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(snapshot)) as target,
    ):
        source.backup(target)  # a committed state, even while the app writes
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    snap = SqliteDatabase(str(snapshot))
    with snap.connection_context():
        figures, photos = describe(snap)
    snap.close()
    archive.add(snapshot, "database/sqlite.db")
    return {
        "kind": "sqlite",
        "dump": "sqlite-snapshot",
        "member": "database/sqlite.db",
        **figures,
    }, photos


def _dump(source, url, work, archive, portable):
    """PostgreSQL: pg_dump when it is here and works with this server, else (and with
    --portable, on either kind) every table as JSON lines; the dump and the manifest's
    figures come from one snapshot."""
    with source.connection_context(), source.atomic():
        if isinstance(source, PostgresqlDatabase):
            source.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        figures, photos = describe(source)
        note = None
        if not portable:
            dumped, note = _pg_dump(source, url, work / "postgres.dump")
            if dumped:
                archive.add(work / "postgres.dump", "database/postgres.dump")
                return {
                    "kind": "postgresql",
                    "dump": "pg_dump-custom",
                    "member": "database/postgres.dump",
                    **figures,
                }, photos
        for table in figures["tableOrder"]:
            _add_bytes(
                archive,
                f"database/tables/{table}.jsonl.gz",
                gzip.compress(_table_lines(source, table), compresslevel=6),
            )
    return {
        "kind": kind_of(source),
        "dump": "portable-jsonl",
        "member": "database/tables/",
        "note": note,
        **figures,
    }, photos


def _pg_dump(source, url, target):
    """(True, None) when pg_dump wrote the dump, else (False, why)."""
    program = shutil.which("pg_dump")
    if program is None:
        return False, "pg_dump is not installed: the portable dump was written instead."
    snapshot = rows_of(source, "SELECT pg_export_snapshot()")[0][0]
    dsn, env = libpq(url)
    run = subprocess.run(
        [
            program,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={target}",
            f"--dbname={dsn}",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    if run.returncode != 0:  # e.g. a pg_dump older than the server
        return (
            False,
            f"pg_dump failed ({run.stderr.strip()[:300]}): the portable dump was "
            "written instead.",
        )
    return True, None


def _table_lines(db, table):
    names = [name for name, _ in columns(db, table)]
    out = io.BytesIO()
    out.write(json.dumps({"columns": names}).encode() + b"\n")
    cursor = db.execute_sql(f'SELECT {", ".join(_quoted(names))} FROM "{table}"')
    while batch := cursor.fetchmany(BATCH):
        for row in batch:
            out.write(json.dumps([_encode(v) for v in row], allow_nan=False).encode() + b"\n")
    return out.getvalue()


def _encode(value):
    """A database value as JSON: bytes, times and dates are tagged so they come back."""
    if isinstance(value, (bytes, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    return value


def _decode(value):
    if isinstance(value, dict):
        ((tag, text),) = value.items()
        return {
            "$bytes": lambda: base64.b64decode(text),
            "$datetime": lambda: datetime.fromisoformat(text),
            "$date": lambda: date.fromisoformat(text),
            "$decimal": lambda: Decimal(text),
        }[tag]()
    return value


def _add_photos(store, photos, archive):
    stored, missing = 0, []
    for sha256 in photos:
        handle = store.open(sha256)
        if handle is None:
            missing.append(sha256)
            continue
        with handle:
            _add_bytes(archive, f"attachments/{sha256}", handle.read())
        stored += 1
    return stored, missing


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


# --- restore ------------------------------------------------------------------------------


def read_manifest(path):
    try:
        with tarfile.open(path) as archive:
            manifest = json.load(archive.extractfile("manifest.json"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a Gembakit backup ({exc}).") from None
    database = manifest.get("database") if isinstance(manifest, dict) else None
    if (
        not isinstance(database, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("formatVersion", 0) > FORMAT_VERSION
        or database.get("dump") not in DUMPS
        or not {"kind", "counter", "migrations", "tableOrder"} <= set(database)
    ):
        raise BackupError(
            f"{path} is not a backup this release can read (format "
            f"{manifest.get('format')} {manifest.get('formatVersion')})."
        )
    return manifest


def restore(url, store, path, force=False):
    """Replace the contents of the database at `url` with the backup at `path`, bring its
    schema up to this release, and make every device resync. Returns a summary.
    Stop the app first: requests served meanwhile would mix two histories."""
    manifest = read_manifest(path)
    db = connect(url)
    if kind_of(db) == "sqlite":
        Path(db.database).resolve().parent.mkdir(parents=True, exist_ok=True)
    dump = manifest["database"]["dump"]
    target = kind_of(db)
    if (
        dump == "sqlite-snapshot"
        and target != "sqlite"
        or dump == "pg_dump-custom"
        and target != "postgresql"
    ):
        source = manifest["database"]["kind"]
        raise BackupError(
            f"This backup holds a {source} database ({dump}) and DATABASE_URL is {target}. "
            f"Restore it into {source}, then move with `flask --app server transfer`; or take "
            "a backup with --portable, which restores into either."
        )
    with db.connection_context():
        present = data_counts(db)
        if present and not force:
            raise BackupError(
                "The database already holds data (" + _summary(present) + "). Restoring "
                "replaces all of it: take a backup of it first, then run restore again with "
                "--force."
            )
        old_counter = _counter_value(db)
    with (
        tempfile.TemporaryDirectory(prefix=".restore-", dir=_work_dir(db)) as work,
        tarfile.open(path) as archive,
    ):
        # Photos first: adding them harms nothing, and a damaged one stops the restore
        # before the database is touched. Each database part is checked before it replaces
        # anything, too.
        photos = _restore_photos(store, archive)
        if dump == "sqlite-snapshot":
            _restore_sqlite(db, archive, Path(work))
        elif dump == "pg_dump-custom":
            _restore_pg_dump(db, url, archive, Path(work))
        else:
            _restore_portable(db, archive, manifest["database"])
    applied = migrations.upgrade(db)
    with db.connection_context():
        horizon = _start_new_history(db, max(old_counter, manifest["database"]["counter"]["value"]))
        restored = data_counts(db)
    db.close()
    return {
        "manifest": manifest,
        "photos": photos,
        "migrations": applied,
        "counter": horizon,
        "tables": restored,
    }


def _summary(found):
    return ", ".join(f"{n} in {t}" for t, n in sorted(found.items(), key=lambda x: -x[1])[:4]) + (
        ", …" if len(found) > 4 else ""
    )


def _counter_value(db):
    if "sync_counter" not in db.get_tables():
        return 0
    found = rows_of(db, "SELECT value FROM sync_counter WHERE id = 1")
    return found[0][0] if found else 0


def _work_dir(db):
    """Beside a SQLite file (same disk as what it replaces), else the system's temp folder."""
    if kind_of(db) == "sqlite" and db.database not in ("", ":memory:"):
        return str(Path(db.database).resolve().parent)
    return None


def _restore_sqlite(db, archive, work):
    archive.extract("database/sqlite.db", work, filter="data")
    if not db.is_closed():
        db.close()
    with (
        closing(sqlite3.connect(work / "database" / "sqlite.db")) as source,
        closing(sqlite3.connect(db.database, timeout=30)) as target,
    ):
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("The database in this backup is damaged (SQLite quick_check).")
        source.backup(target)  # replaces every page; WAL readers see the old or the new
        target.execute("PRAGMA journal_mode=WAL")


def _drop_all_tables(db):
    names = db.get_tables()
    if not names:
        return
    if kind_of(db) == "postgresql":
        db.execute_sql("DROP TABLE " + ", ".join(_quoted(names)) + " CASCADE")
    else:
        db.execute_sql("PRAGMA foreign_keys = OFF")
        for name in names:
            db.execute_sql(f'DROP TABLE "{name}"')
        db.execute_sql("PRAGMA foreign_keys = ON")


def _restore_pg_dump(db, url, archive, work):
    program = shutil.which("pg_restore")
    if program is None:
        raise BackupError(
            "This backup was written by pg_dump and pg_restore is not installed "
            "here: install the PostgreSQL client tools."
        )
    archive.extract("database/postgres.dump", work, filter="data")
    dump = str(work / "database" / "postgres.dump")
    if subprocess.run([program, "--list", dump], capture_output=True).returncode != 0:
        raise BackupError("The database in this backup is damaged (pg_restore --list failed).")
    with db.connection_context():
        _drop_all_tables(db)
    dsn, env = libpq(url)
    run = subprocess.run(
        [
            program,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={dsn}",
            dump,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    if run.returncode != 0:
        raise BackupError(f"pg_restore failed: {run.stderr.strip()[:500]}")


def _restore_portable(db, archive, database):
    """Build the backup's schema (its migrations, no further), load its rows, in one go."""
    tables = {table: _read_table(archive, table) for table in database["tableOrder"]}
    with db.connection_context():
        _drop_all_tables(db)
    # A database from before migrations existed has release 0.1.0's schema: the first one.
    level = (database["migrations"] or [migrations.status(db)[0][0]])[-1]
    # The runner's own "up to" (playhouse.migrations.Runner.up(target)), under the lock.
    with db.connection_context(), migrations._lock(db):
        migrations._runner(db).up(target=level)
    with db.connection_context(), db.atomic():
        if kind_of(db) == "sqlite":
            db.execute_sql("PRAGMA defer_foreign_keys = ON")
        db.execute_sql("DELETE FROM sync_counter")  # the backup's row replaces the fresh one
        for table, (names, rows) in tables.items():
            insert_rows(db, table, names, rows)
        reset_sequences(db, database["tableOrder"])


def _read_table(archive, table):
    """(column names, decoded rows) of one table of a portable dump; damage is refused."""
    try:
        lines = gzip.decompress(
            archive.extractfile(f"database/tables/{table}.jsonl.gz").read()
        ).splitlines()
        names = json.loads(lines[0])["columns"]
        rows = [[_decode(v) for v in json.loads(line)] for line in lines[1:]]
    except (KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        raise BackupError(f"Table {table} in this backup is damaged ({exc}).") from None
    if any(len(row) != len(names) for row in rows):
        raise BackupError(f"Table {table} in this backup is damaged (a row of the wrong size).")
    return names, rows


def _restore_photos(store, archive):
    count = 0
    for member in archive.getmembers():
        if not member.name.startswith("attachments/") or not member.isfile():
            continue
        sha256 = member.name.rpartition("/")[2]
        data = archive.extractfile(member).read()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BackupError(f"The photo {sha256} in the backup is damaged.")
        if not store.has(sha256):
            store.put(sha256, data)
        count += 1
    return count


def _start_new_history(db, highest_known):
    """Move the commit counter and the resync horizon past every version the lost history
    can have handed out, so every cursor a device holds asks it to start over.

    That history is gone, so its highest version is not known: it is below the counter of
    the database being replaced (when there was one) and, since versions count writes and a
    plant makes far fewer than one a millisecond, below a restore's time in milliseconds
    since 1970 (which also stays above a previous restore's jump). Values stay well inside
    JavaScript's exact integers (2^53) for centuries."""
    horizon = max(highest_known, int(time.time() * 1000)) + 1
    db.execute_sql(
        "UPDATE sync_counter SET value = %s, purged_through = %s WHERE id = 1".replace(
            "%s", db.param
        ),
        (horizon, horizon),
    )
    return horizon


# --- copying rows between databases -------------------------------------------------------


def _quoted(names):
    return [f'"{n}"' for n in names]


def _coerce(value, data_type, target):
    """A value read from one database, as the other stores its column type."""
    if value is None:
        return None
    if isinstance(value, memoryview):
        value = bytes(value)
    if target == "postgresql":
        if data_type == "boolean":
            return bool(value)
        if isinstance(value, bytes):
            import psycopg2

            return psycopg2.Binary(value)
        return value
    if isinstance(value, datetime):  # SQLite keeps peewee's text form
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def insert_rows(db, table, names, rows):
    """Insert rows (sequences in the order of `names`) into `table`, converting values to
    the column types `db` has; a self-referencing table gets parents before children."""
    types = dict(columns(db, table))
    missing = [n for n in names if n not in types]
    if missing:
        raise BackupError(f"Table {table} here has no column {', '.join(missing)}.")
    target = kind_of(db)
    rows = _parents_first(db, table, names, rows)
    sql = f'INSERT INTO "{table}" ({", ".join(_quoted(names))}) VALUES '
    count = 0
    for start in range(0, len(rows), BATCH):
        batch = [
            tuple(_coerce(v, types[n], target) for n, v in zip(names, row))
            for row in rows[start : start + BATCH]
        ]
        if target == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(db.cursor(), sql + "%s", batch, page_size=len(batch))
        else:
            db.cursor().executemany(sql + "(" + ", ".join("?" for _ in names) + ")", batch)
        count += len(batch)
    return count


def _parents_first(db, table, names, rows):
    """Rows ordered so a row referring to another of the same table comes after it (a
    person after their manager): PostgreSQL checks each batch's foreign keys at its end."""
    rows = list(rows)
    self_refs = [
        (names.index(fk.column), names.index(fk.dest_column))
        for fk in db.get_foreign_keys(table)
        if fk.dest_table == table and fk.column in names and fk.dest_column in names
    ]
    if not self_refs:
        return rows
    placed, ordered, waiting = set(), [], rows
    while waiting:
        ready = [
            r
            for r in waiting
            if all(r[c] is None or r[c] in placed or r[c] == r[k] for c, k in self_refs)
        ]
        if not ready:  # a cycle, or a dangling reference: let the database judge them
            ordered.extend(waiting)
            break
        for row in ready:
            placed.update(row[k] for _, k in self_refs)
        ordered.extend(ready)
        ready_ids = {id(r) for r in ready}
        waiting = [r for r in waiting if id(r) not in ready_ids]
    return ordered


def reset_sequences(db, names):
    """PostgreSQL: serial ids continue after the copied rows, not from 1."""
    if kind_of(db) != "postgresql":
        return
    for table in names:
        serials = rows_of(
            db,
            "SELECT column_name, pg_get_serial_sequence(%s, column_name) "
            "FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = %s",
            (f'"{table}"', table),
        )
        for column, sequence in serials:
            if sequence:
                db.execute_sql(
                    f'SELECT setval(%s, COALESCE(MAX("{column}"), 0) + 1, false) '
                    f'FROM "{table}"',
                    (sequence,),
                )


# --- transfer -----------------------------------------------------------------------------


def transfer(source_url, target_url):
    """Copy every table of the models from `source` (the app's database, this release's
    schema) into the empty database at `target_url`, after migrating it, in one transaction
    on the target: ids, versions, the counter and every device's lastMutationId stay as they
    are, so devices carry on without a resync. Returns {table: rows copied}."""
    from .models import MODELS

    source = connect(source_url)
    with source.connection_context():
        problem = migrations.problems(source)
    if problem:
        raise BackupError(f"The database to copy from is not this release's schema: {problem}")
    target = connect(target_url)
    if kind_of(target) == kind_of(source) and _same_database(source, target):
        raise BackupError("The target is the database the app is configured with.")
    migrations.upgrade(target)
    with target.connection_context():
        present = data_counts(target)
    if present:
        raise BackupError(
            "The target database is not empty (" + _summary(present) + "). "
            "Transfer only into an empty database, so nothing there is mixed "
            "with this plant's records."
        )
    copied = {}
    order = [m._meta.table_name for m in sort_models(MODELS)]
    # A read transaction on the source: one consistent state even if a write slips in.
    with source.connection_context(), source.atomic(), target.connection_context(), target.atomic():
        if kind_of(target) == "sqlite":
            target.execute_sql("PRAGMA defer_foreign_keys = ON")
        target.execute_sql("DELETE FROM sync_counter")  # the source's row replaces it
        for table in order:
            names = [name for name, _ in columns(source, table)]
            rows = rows_of(source, f'SELECT {", ".join(_quoted(names))} FROM "{table}"')
            copied[table] = insert_rows(target, table, names, rows)
        reset_sequences(target, order)
    with target.connection_context():
        landed = counts(target, order)
    target.close()
    source.close()
    if landed != copied:
        raise BackupError(f"The target's row counts differ from what was copied: {landed}.")
    return copied


def _same_database(a, b):
    if kind_of(a) == "sqlite":
        return Path(a.database).resolve() == Path(b.database).resolve()
    return (a.database, a.connect_params.get("host"), a.connect_params.get("port")) == (
        b.database,
        b.connect_params.get("host"),
        b.connect_params.get("port"),
    )
