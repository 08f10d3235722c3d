"""Deployment: the real client behind proxies, limits per person, limits shared by workers
through Redis, and a web process that one slow phone cannot stall.

The last two start the Procfile's own commands (release, then web) on a free port, as a
platform would, and always stop every process they started."""

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import redis
import requests

from server import create_app
from server.people.invites import create_person, issue_invite

from .conftest import ORIGIN, Api, make_config

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/0"


def ask_for_sign_in(client, **headers):
    return client.post("/api/auth/login/options", json={}, headers={"Origin": ORIGIN} | headers)


def statuses(answers):
    return [answer.status_code for answer in answers]


# --- the real client behind trusted proxies --------------------------------------------------


def test_behind_one_trusted_proxy_each_client_has_its_own_sign_in_limit(database_url):
    app = create_app(make_config(database_url, AUTH_RATE_LIMIT="2/minute", TRUSTED_PROXY_HOPS=1))
    client = app.test_client()
    # Every request arrives from the load balancer's address; it names the real client.
    lee = [ask_for_sign_in(client, **{"X-Forwarded-For": "203.0.113.7"}) for _ in range(3)]
    assert statuses(lee) == [200, 200, 429]
    # A colleague at another address still signs in, though the load balancer is the same.
    assert ask_for_sign_in(client, **{"X-Forwarded-For": "203.0.113.8"}).status_code == 200
    # Lee cannot escape by writing a fake address in front of the one the proxy appended.
    spoofed = ask_for_sign_in(client, **{"X-Forwarded-For": "198.51.100.1, 203.0.113.7"})
    assert spoofed.status_code == 429


def test_without_a_trusted_proxy_a_client_cannot_spoof_its_way_past_the_limit(database_url):
    app = create_app(make_config(database_url, AUTH_RATE_LIMIT="2/minute"))
    client = app.test_client()
    answers = [
        ask_for_sign_in(client, **{"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(1, 4)
    ]
    assert statuses(answers) == [200, 200, 429]
    assert answers[-1].json["error"]["code"] == "rate_limited"


# --- limits per person -----------------------------------------------------------------------


def enrolled(app, name):
    with app.app_context():
        person = create_person(name)
        url = issue_invite(person, ORIGIN)
    device = Api(app, person)
    assert device.enrol(url).status_code == 200
    return device


def test_one_person_using_up_their_limit_does_not_lock_out_a_colleague_on_the_same_network(
    database_url, tmp_path
):
    app = create_app(
        make_config(
            database_url, AUTH_RATE_LIMIT="5/minute", ATTACHMENTS_DIR=str(tmp_path / "attachments")
        )
    )
    maya, lee = enrolled(app, "Maya"), enrolled(app, "Lee")  # one address, as in one plant
    # Maya, signed in, starts adding a passkey for another device again and again.
    maya_tries = [maya.post("/api/auth/register/options", {}) for _ in range(6)]
    assert statuses(maya_tries) == [200] * 5 + [429]
    # Lee, on the same network, is counted on his own.
    assert lee.post("/api/auth/register/options", {}).status_code == 200


def test_catching_up_after_a_week_offline_is_never_rate_limited(app, enrol):
    lee = enrol("Lee")
    app.config["AUTH_RATE_LIMIT"] = "1/minute"
    for _ in range(40):
        assert lee.pull(cursor="0").status_code == 200
        assert lee.push().status_code == 200


def test_sign_in_still_works_and_is_still_limited_while_redis_is_down(database_url):
    app = create_app(
        make_config(
            database_url, AUTH_RATE_LIMIT="2/minute", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0"
        )
    )
    client = app.test_client()
    answers = [ask_for_sign_in(client) for _ in range(3)]
    assert statuses(answers) == [200, 200, 429]


# --- the Procfile's processes ----------------------------------------------------------------


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_command(kind):
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == kind:
            return shlex.split(command)
    raise AssertionError(f"the Procfile has no {kind} process")


def workers_seen(log):
    return set(re.findall(r"worker=<(\d+)>", log.read_text()))


def wait_until_healthy(base, process, log, workers, seconds=30):
    """Until /healthz has been answered by `workers` different worker processes (the access
    log names each one), so that no worker is still booting when the test starts."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the web process exited:\n{log.read_text()}")
        try:
            healthy = requests.get(f"{base}/healthz", timeout=1).status_code == 200
            if healthy and (workers == 1 or len(workers_seen(log)) >= workers):
                return
            # gunicorn's own access line quotes the request line (the app's log line does not,
            # and may come first).
            assert '"GET /healthz' not in log.read_text() or workers_seen(
                log
            ), "the access log does not name the worker (gunicorn.conf.py access_log_format)"
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError(
        f"{workers} workers did not answer /healthz (its access log must "
        f"name each worker: gunicorn.conf.py):\n{log.read_text()}"
    )


def access_log_lines(log, path, count=1, seconds=5):
    """gunicorn's access-log lines for `path`, once `count` are written (a line is written
    just after its response is sent)."""
    deadline = time.monotonic() + seconds
    while True:
        lines = [
            line
            for line in log.read_text().splitlines()
            if f" {path} HTTP/" in line and "worker=<" in line
        ]
        if len(lines) >= count or time.monotonic() > deadline:
            assert len(lines) == count, lines
            return lines
        time.sleep(0.05)


def stop(process):
    """Stop gunicorn's whole process group (master and workers), even when it resists."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


@contextmanager
def deployed(tmp_path, workers=1, **settings):
    """Run the Procfile's release step, then its web process, on a fresh SQLite database;
    once `workers` processes answer, yield the base URL and the log file."""
    port = free_port()
    base = f"http://localhost:{port}"
    env = (
        os.environ
        | {
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PORT": str(port),
            "ORIGIN": base,
            "GEMBAKIT_ENV": "development",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'gembakit.db'}",
            "SECRET_KEY": "deployment-test-secret",
            "ATTACHMENTS_DIR": str(tmp_path / "attachments"),
        }
        | settings
    )
    release = subprocess.run(
        procfile_command("release"), cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert release.returncode == 0, release.stderr
    log = tmp_path / "web.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            procfile_command("web"),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_healthy(base, process, log, workers)
        yield base, log
    finally:
        stop(process)


@pytest.fixture
def redis_prefix():
    """A key prefix of this run's own in the shared Redis; its keys are deleted afterwards."""
    store = redis.Redis.from_url(REDIS_URL)
    try:
        store.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is not answering at {REDIS_URL}: {exc}")
    prefix = f"gembakit-test-{uuid.uuid4().hex}"
    try:
        yield prefix
    finally:
        keys = list(store.scan_iter(match=f"*{prefix}*"))  # limits adds "LIMITS:LIMITER/"
        if keys:
            store.delete(*keys)
        store.close()


@pytest.mark.deployment
def test_two_workers_sharing_redis_let_through_exactly_the_configured_sign_ins(
    tmp_path, redis_prefix
):
    with deployed(
        tmp_path,
        workers=2,
        WEB_CONCURRENCY="2",
        AUTH_RATE_LIMIT="10/minute",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=redis_prefix,
        TRUSTED_PROXY_HOPS="1",
    ) as (base, log):

        def attempt(_):
            return requests.post(
                f"{base}/api/auth/login/options", json={}, headers={"Origin": base}, timeout=10
            )

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(attempt, range(25)))
        counted = statuses(answers)
        assert counted.count(200) == 10, counted
        assert counted.count(429) == 15, counted
        refused = [a for a in answers if a.status_code == 429]
        assert all(int(a.headers["Retry-After"]) > 0 for a in refused)
        assert all(a.json()["error"]["code"] == "rate_limited" for a in refused)
        # The count lives in Redis under this run's prefix, not in either worker's memory.
        with redis.Redis.from_url(REDIS_URL) as store:
            assert any(store.scan_iter(match=f"*{redis_prefix}*"))
        # ...and both workers took part in counting.
        sign_ins = access_log_lines(log, "/api/auth/login/options", count=25)
        assert len({re.search(r"worker=<(\d+)>", line)[1] for line in sign_ins}) == 2
        assert not any("request_id=-" in line for line in sign_ins)  # traceable in app logs
        # Behind one trusted proxy (TRUSTED_PROXY_HOPS from the environment) the log names
        # the real client.
        requests.get(
            f"{base}/healthz?from=proxy", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=5
        )
        assert access_log_lines(log, "/healthz?from=proxy")[0].startswith("203.0.113.9 ")


def start_trickling_sign_in(base):
    """A phone on a weak signal: it announces a 100 kB body, then sends it a byte at a time
    (the app reads the whole body before answering, as it does for a photo upload)."""
    port = int(base.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(
        (
            f"POST /api/auth/login/options HTTP/1.1\r\nHost: localhost:{port}\r\n"
            f"Origin: {base}\r\nContent-Type: application/json\r\n"
            "Content-Length: 100000\r\n\r\n{"
        ).encode()
    )
    return sock


@pytest.mark.deployment
def test_two_slow_uploads_do_not_delay_the_health_check(tmp_path):
    with deployed(tmp_path) as (base, _log):
        slow = [start_trickling_sign_in(base) for _ in range(2)]
        try:
            timings = []
            for _ in range(4):
                time.sleep(0.5)  # let the workers pick the slow requests up
                for sock in slow:
                    sock.sendall(b" ")
                started = time.monotonic()
                try:
                    answer = requests.get(f"{base}/healthz", timeout=3)
                    took = time.monotonic() - started if answer.status_code == 200 else None
                except requests.Timeout:
                    took = None
                timings.append(took)
        finally:
            for sock in slow:
                sock.close()
        assert all(took is not None and took < 1 for took in timings), timings


def test_a_web_worker_keeps_what_start_up_made_out_of_garbage_collection(monkeypatch):
    """gunicorn.conf.py: once a worker has loaded the app, the objects made so far are frozen
    out of the cycle collector and young objects are collected after 20,000 allocations (a
    full collection of the app's ~100k objects took ~0.1 s, in the middle of pushes); an
    operator can set the threshold."""
    import gc
    import runpy

    threshold, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    try:
        settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        settings["post_worker_init"](None)
        assert gc.get_freeze_count() > frozen_before
        assert gc.get_threshold() == (20000,) + threshold[1:]

        monkeypatch.setenv("GUNICORN_GC_THRESHOLD", "5000")
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))["post_worker_init"](None)
        assert gc.get_threshold()[0] == 5000
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
