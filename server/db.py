"""One database for the app, chosen at start-up from DATABASE_URL (SQLite or PostgreSQL).

Writes that must be ordered for sync go through `write_transaction()`: it takes the single
write lock (BEGIN IMMEDIATE on SQLite, a row lock on the counter row on PostgreSQL) so that the
versions handed out by `next_version()` are in commit order. A pull can therefore never skip a
row that commits late.
"""

import functools
import json
import time
from datetime import date, datetime, timezone
from contextlib import contextmanager

import click
from flask import request
from peewee import CharField, DatabaseProxy, PostgresqlDatabase, SqliteDatabase, TextField
from playhouse.db_url import connect as connect_url

from .errors import ApiError, Code

database = DatabaseProxy()
# The single row that orders every synced write (models.SyncCounter). Named here, not
# imported, so this module needs nothing from models (which imports it).
COUNTER_TABLE = "sync_counter"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
}


def open_database(url):
    if url.startswith("sqlite"):
        return connect_url(url, pragmas=SQLITE_PRAGMAS)
    # A new PostgreSQL connection per request costs more than most requests: keep a small
    # pool per process, and drop connections that sat idle for five minutes.
    if url.startswith(("postgres://", "postgresql://")):
        url = url.replace("://", "+pool://", 1)
    return connect_url(url, max_connections=20, stale_timeout=300)


def is_sqlite():
    return isinstance(database.obj, SqliteDatabase)


def is_postgres():
    return isinstance(database.obj, PostgresqlDatabase)


@contextmanager
def write_transaction():
    """A transaction that holds the global write lock until it commits."""
    started = time.perf_counter()
    if is_sqlite():
        with database.atomic(lock_type="IMMEDIATE") as txn:
            _lock_taken(started)
            yield txn
    else:
        with database.atomic() as txn:
            database.execute_sql(f'SELECT 1 FROM "{COUNTER_TABLE}" WHERE "id" = 1 FOR UPDATE')
            _lock_taken(started)
            yield txn


def _lock_taken(started):
    from .telemetry import WRITE_LOCK_WAIT

    WRITE_LOCK_WAIT.observe(time.perf_counter() - started)


def next_version(count=1):
    """Take `count` versions of the commit-order counter and return the last one; call only
    inside write_transaction()."""
    cursor = database.execute_sql(
        f'UPDATE "{COUNTER_TABLE}" SET "value" = "value" + %s '
        'WHERE "id" = 1 RETURNING "value"' % int(count)
    )
    return cursor.fetchone()[0]


def init_app(app):
    """Open the database and make sure its schema is this release's.

    Serving refuses a schema that is behind or differs from the models: the app factory
    raises (so gunicorn workers do not boot) and, for `flask run`, every request answers 503
    saying what to run. Flask CLI commands (the release step `setup`, `db upgrade`) still load
    the app, so they can fix it. Tests and tools set AUTO_MIGRATE to upgrade on start."""
    from . import migrations

    db = open_database(app.config["DATABASE_URL"])
    database.initialize(db)
    if app.config.get("AUTO_MIGRATE"):
        migrations.upgrade(db)
    ready = {"ok": False}

    def schema_ready():
        if not ready["ok"]:
            ready["ok"] = migrations.problems(db) is None
        return ready["ok"]

    app.extensions["schema_ready"] = schema_ready
    if click.get_current_context(silent=True) is None:
        migrations.check(db)  # serving (gunicorn, a test's server): refuse a stale schema
        ready["ok"] = True  # just checked: the first request need not compare it all again

    @app.before_request
    def _connect():
        if not request.path.startswith("/healthz") and not schema_ready():
            raise ApiError(
                503,
                Code.SCHEMA_NOT_READY,
                migrations.problems(db) or "",
                headers={"Retry-After": "30"},
            )
        database.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        if not database.is_closed():
            database.close()


def db_values(model, names):
    """A function turning a list of Python values for the fields `names` into the list the
    driver takes (each field's db_value()). Text goes as it is: a db_value() call per value
    costs more than the insert."""
    fields = [model._meta.fields[name] for name in names]
    as_is = [type(f) in (CharField, TextField) for f in fields]

    def convert(values):
        return [
            value if plain and (value is None or type(value) is str) else f.db_value(value)
            for f, plain, value in zip(fields, as_is, values)
        ]

    return convert


class Writes:
    """Inserts and updates sent together. On PostgreSQL the statements go in one round trip,
    each with its rows as one JSON document that `json_populate_recordset` turns into rows of
    the table's own type, each value read by its column's type: one parameter to quote
    instead of one per value, less for the server to parse than a multi-row VALUES, and one
    wait for the answer (docs/benchmarks.md, "Rows as one JSON parameter" and "Where a
    storm's time goes"; decisions §115). On SQLite each statement runs with executemany.

    A failed statement raises from send(), and on PostgreSQL the ones after it do not run."""

    def __init__(self):
        self.statements = []  # (SQL, PostgreSQL's parameters or SQLite's rows)

    def insert(self, model, names, values):
        """Rows already in the driver's values (db_values()) for the fields `names`."""
        if not values:
            return self
        columns = [model._meta.fields[name].column_name for name in names]
        listed = ", ".join(f'"{c}"' for c in columns)
        table = model._meta.table_name
        if is_sqlite():
            marks = ", ".join("?" for _ in columns)
            sql = f'INSERT INTO "{table}" ({listed}) VALUES ({marks})'
            self.statements.append((sql, values))
        else:
            sql = (
                f'INSERT INTO "{table}" ({listed}) SELECT {listed} '
                f'FROM json_populate_recordset(NULL::"{table}", %s)'
            )
            self.statements.append((sql, [rows_as_json(columns, values)]))
        return self

    def update(self, model, records):
        """Every column of `records` (model instances), as save() would write them."""
        if not records:
            return self
        key = model._meta.primary_key
        fields = [f for f in model._meta.sorted_fields if f is not key]
        values = [[f.db_value(r.__data__.get(f.name)) for f in fields] + [r._pk] for r in records]
        table = model._meta.table_name
        if is_sqlite():
            sql = (
                f'UPDATE "{table}" SET '
                + ", ".join(f'"{f.column_name}" = ?' for f in fields)
                + f' WHERE "{key.column_name}" = ?'
            )
            self.statements.append((sql, values))
            return self
        columns = [f.column_name for f in fields] + [key.column_name]
        sql = (
            f'UPDATE "{table}" SET '
            + ", ".join(f'"{c}" = "new"."{c}"' for c in columns[:-1])
            + f' FROM json_populate_recordset(NULL::"{table}", %s) AS "new" '
            f'WHERE "{table}"."{key.column_name}" = "new"."{key.column_name}"'
        )
        self.statements.append((sql, [rows_as_json(columns, values)]))
        return self

    def send(self):
        if not self.statements:
            return
        cursor = database.cursor()
        if is_sqlite():
            for sql, rows in self.statements:
                cursor.executemany(sql, rows)
        else:
            cursor.execute(
                "; ".join(sql for sql, _ in self.statements),
                [param for _, params in self.statements for param in params],
            )
        self.statements = []


def _json_value(value):
    """A driver value JSON has no type for, as PostgreSQL reads it: times (naive UTC, as the
    app stores them) and dates in ISO 8601."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot go in a row sent as JSON")


_to_json_rows = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_json_value
).encode


def rows_as_json(columns, values):
    return _to_json_rows([dict(zip(columns, row)) for row in values])


class Prepared:
    """A peewee query whose SQL is built once per database kind and shape, then run with new
    values: building a small query's SQL with peewee costs several times what the database
    takes to run it (docs/benchmarks.md, "Queries built once"), and the request path runs a
    few on every request.

    `build(*values)` returns the query; calling the Prepared with values gives the (sql,
    params) that query would have. The SQL is built with stand-ins in place of the values;
    each call puts the real values in their places. A list stands for an IN list: it is
    padded to a power of two by repeating its last item (the same rows match), so that its
    length makes one of a few shapes. Values go to the driver as given, so pass only values a
    field sends unchanged (ids, text, datetimes); a field that converts its value (booleans,
    JSON) would change a stand-in, and the first build says so instead of running wrong SQL.
    None is refused: peewee writes `IS NULL` for it, which a stand-in's `= %s` is not."""

    def __init__(self, build):
        self.build = build
        self.by_shape = {}
        self.model = None

    def __call__(self, *values):
        if any(v is None for v in values):
            raise TypeError("Prepared: None is not a value here (peewee would write IS NULL)")
        values = [_padded(v) if isinstance(v, (list, tuple)) else v for v in values]
        shape = (type(database.obj),) + tuple(
            (len(v), bool(v) and type(v[0]) is str) if isinstance(v, list) else type(v) is str
            for v in values
        )
        compiled = self.by_shape.get(shape)
        if compiled is None:
            compiled = self.by_shape[shape] = self._compile(values)
        sql, slots = compiled
        flat = [x for v in values for x in (v if isinstance(v, list) else (v,))]
        return sql, [flat[slot] if type(slot) is int else slot[0] for slot in slots]

    def execute(self, *values):
        """Run the query with `values`: the cursor."""
        return database.execute_sql(*self(*values))

    def rows(self, *values):
        """The query's rows with `values`, as instances of its model."""
        sql, params = self(*values)
        return self.model.raw(sql, *params)

    def first(self, *values):
        """The query's first row with `values`, as the instance of its model, or None."""
        return next(iter(self.rows(*values)), None)

    def _compile(self, values):
        count = iter(range(1, 1 << 20))

        def stand_in(value):
            n = next(count)
            return f"\x00{n}\x00" if type(value) is str else _STAND_IN_BASE - n

        stand_ins = [
            [stand_in(x) for x in v] if isinstance(v, list) else stand_in(v) for v in values
        ]
        flat = [x for v in stand_ins for x in (v if isinstance(v, list) else (v,))]
        place = {(type(x), x): index for index, x in enumerate(flat)}
        query = self.build(*stand_ins)
        self.model = getattr(query, "model", None)
        sql, params = query.sql()
        # An int is a slot (the value's index); a constant of the query goes as a 1-tuple.
        slots = [place.get((type(p), p), (p,)) for p in params]
        if {s for s in slots if type(s) is int} != set(range(len(flat))):
            raise TypeError(f"Prepared: a field converted a value, or one is unused: {sql}")
        return sql, slots


_STAND_IN_BASE = -(2**62)


def _padded(items):
    items = list(items)
    if items:
        items += items[-1:] * ((1 << (len(items) - 1).bit_length()) - len(items))
    return items


@functools.cache
def _with_ids(model, ids_only):
    columns = (model.id,) if ids_only else ()
    return Prepared(lambda ids: model.select(*columns).where(model.id.in_(ids)))


def _chunks(ids, size=512):
    ids = sorted(set(ids))
    return (ids[start : start + size] for start in range(0, len(ids), size))


def records_with_ids(model, ids):
    """The records of `model` whose ids are among `ids`, in as few queries as chunks of 512
    ids allow, each built once (Prepared)."""
    for chunk in _chunks(ids):
        yield from _with_ids(model, False).rows(chunk)


def ids_present(model, ids):
    """Which of `ids` a record of `model` has (a set), read as records_with_ids reads."""
    return {
        record_id
        for chunk in _chunks(ids)
        for (record_id,) in _with_ids(model, True).execute(chunk).fetchall()
    }
