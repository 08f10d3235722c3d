"""An operator can follow a request through the logs and watch sync in Prometheus."""

import json
import logging
import re

import pytest

from server import create_app

from .conftest import Api, make_config, new_observation


@pytest.fixture
def metered_app(database_url, tmp_path):
    return create_app(
        make_config(
            database_url,
            METRICS_TOKEN="s3cret-token",
            ATTACHMENTS_DIR=str(tmp_path / "attachments"),
        )
    )


def test_a_request_id_is_kept_from_the_caller_or_made_and_always_returned(app):
    client = app.test_client()
    given = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42_x"})
    assert given.headers["X-Request-ID"] == "lb-7f3a.42_x"
    made = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    hostile = client.get("/healthz", headers={"X-Request-ID": 'x" injected=1 ' + "a" * 200})
    assert re.fullmatch(r"[0-9a-f]{32}", hostile.headers["X-Request-ID"])
    assert app.test_client().get("/api/me").headers["X-Request-ID"], "errors carry it too"


def test_every_request_writes_one_json_log_line_with_its_request_id(app, capfd):
    app.test_client().get("/api/me", headers={"X-Request-ID": "trace-me-1"})
    lines = [
        json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")
    ]
    access = [line for line in lines if line.get("requestId") == "trace-me-1"]
    assert len(access) == 1
    assert access[0] | {"durationMs": 0} == access[0] | {
        "level": "INFO",
        "logger": "gembakit.request",
        "method": "GET",
        "path": "/api/me",
        "status": 401,
        "durationMs": 0,
    }
    assert "message" in access[0] and "time" in access[0]


def test_metrics_stay_hidden_without_a_token_and_refuse_a_wrong_one(app, metered_app):
    assert app.test_client().get("/metrics").status_code == 404
    client = metered_app.test_client()
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def _metric(text, name, **labels):
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = (
        rf"^{re.escape(name)}(?:\{{{re.escape(wanted)}\}})? (\S+)$"
        if wanted
        else rf"^{re.escape(name)} (\S+)$"
    )
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_metrics_show_sync_latency_results_lock_waits_and_what_waits_for_review(metered_app):
    client = metered_app.test_client()

    def scrape():
        return client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}).text

    before = scrape()
    with metered_app.app_context():
        from server.people.invites import create_person, issue_invite

        person = create_person("Maya")
        url = issue_invite(person, "http://localhost:5000")
    maya = Api(metered_app, person)
    assert maya.enrol(url).status_code == 200
    pushed = maya.push(
        maya.mutation("observation.create", **new_observation()),
        maya.mutation("observation.create", **new_observation(kind="nonsense")),
    )
    assert [r["status"] for r in pushed.json["results"]] == ["applied", "rejected"]
    assert maya.pull().status_code == 200

    after = scrape()
    assert (
        _metric(after, "gembakit_mutations_total", status="applied")
        == _metric(before, "gembakit_mutations_total", status="applied") + 1
    )
    assert (
        _metric(after, "gembakit_mutations_total", status="rejected")
        == _metric(before, "gembakit_mutations_total", status="rejected") + 1
    )
    assert (
        _metric(after, "gembakit_push_seconds_count", status="200")
        == _metric(before, "gembakit_push_seconds_count", status="200") + 1
    )
    assert _metric(after, "gembakit_pull_seconds_count", status="200") >= 1
    assert _metric(after, "gembakit_write_lock_wait_seconds_count") > _metric(
        before, "gembakit_write_lock_wait_seconds_count"
    )
    assert _metric(after, "gembakit_rejected_mutations") == 1
    assert _metric(after, "gembakit_active_devices") == 1


def test_plain_text_logs_in_development_still_name_the_request(database_url, tmp_path, capfd):
    app = create_app(
        make_config(database_url, LOG_FORMAT="text", ATTACHMENTS_DIR=str(tmp_path / "a"))
    )
    app.test_client().get("/healthz", headers={"X-Request-ID": "plain-1"})
    err = capfd.readouterr().err
    assert "[plain-1] GET /healthz 200" in err
    assert logging.getLogger("gembakit.request").handlers


def test_a_server_error_logs_where_it_broke_and_not_what_the_person_sent(
    new_person, monkeypatch, capfd
):
    """A bug whose message quotes the request (here the new name) answers a plain 500; the
    log names the failure and where it was raised, never what was sent."""
    import server.people as people

    def broken_rename(scope, person, name):
        raise RuntimeError(f"cannot rename {person.name} to {name}")

    monkeypatch.setattr(people, "_rename", broken_rename)
    maya = new_person("Maya")
    answer = maya.patch("/api/me", json={"name": "Maya after the divorce"})
    assert answer.status_code == 500 and answer.json["error"]["code"] == "internal_error"
    logged = capfd.readouterr().err
    assert "RuntimeError" in logged and "broken_rename" in logged, logged
    assert "divorce" not in logged, logged
