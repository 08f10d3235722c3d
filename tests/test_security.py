"""Guards every request passes: origin and JSON checks, headers, JSON errors, health."""

from server.models import Observation

from .conftest import ORIGIN, new_observation


def test_a_cross_site_post_is_refused_and_changes_nothing(app, new_person):
    maya = new_person("Maya")
    body = {
        "clientId": maya.client_id,
        "mutations": [maya.mutation("observation.create", **new_observation())],
    }
    for headers in ({"Origin": "https://evil.example"}, {}):
        response = maya.client.post("/api/sync/push", json=body, headers=headers)
        assert response.status_code == 403
        assert response.json["error"]["code"] == "bad_origin"
    with app.app_context():
        assert Observation.select().count() == 0


def test_a_form_post_is_refused_with_415(app, new_person):
    maya = new_person("Maya")
    response = maya.client.post("/api/auth/logout", data={"a": "b"}, headers={"Origin": ORIGIN})
    assert response.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"
    assert maya.get("/api/me").status_code == 200  # still signed in


def test_every_response_carries_a_strict_content_security_policy(app):
    response = app.test_client().get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_api_answers_are_never_cached(app, new_person):
    maya = new_person("Maya")
    assert maya.get("/api/me").headers["Cache-Control"] == "no-store"


def test_unknown_api_route_is_a_json_404_not_the_app_shell(app):
    response = app.test_client().get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    wrong_method = app.test_client().get("/api/sync/push")
    assert wrong_method.status_code == 405 and wrong_method.json["error"]


def test_health_answers_when_the_database_does(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_openapi_describes_the_contract(app):
    doc = app.test_client().get("/api/openapi.json").json
    assert doc["openapi"].startswith("3.")
    for path in (
        "/api/auth/register/options",
        "/api/auth/login/verify",
        "/api/sync/push",
        "/api/sync/pull",
        "/api/me/credentials/{id}",
        "/api/people",
        "/api/attachments/{sha256}",
        "/api/sync/history/{type}/{id}",
    ):
        assert path in doc["paths"], path
    push = doc["components"]["schemas"]["PushRequest"]
    assert set(push["required"]) == {"clientId", "mutations"}
    assert "ObservationCreate" in doc["components"]["schemas"]


def test_app_routes_serve_the_shell_and_missing_assets_are_404(app):
    client = app.test_client()
    for path in ("/", "/invite/abc", "/setup/abc", "/observations/new"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"<!doctype html>" in response.data.lower()[:200]
    assert client.get("/js/nope.js").status_code == 404
    assert client.get("/../server/config.py").status_code == 404
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw.headers["Cache-Control"] == "no-cache"
    assert client.get("/manifest.webmanifest").mimetype == "application/manifest+json"


def test_passkey_attempts_are_rate_limited_with_a_json_429(database_url):
    from server import create_app

    from .conftest import make_config

    app = create_app(make_config(database_url, AUTH_RATE_LIMIT="3/minute"))
    client = app.test_client()
    answers = [
        client.post("/api/auth/login/options", json={}, headers={"Origin": ORIGIN})
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json["error"]["code"] == "rate_limited"
    assert int(answers[-1].headers["Retry-After"]) > 0
