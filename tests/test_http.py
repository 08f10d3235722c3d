"""Clean 4xx everywhere: each request here once answered 500 (or the wrong 4xx).

Bad input gets a JSON error with a reason and changes nothing; a wrong method on a route that
exists is a 405 that says which methods are allowed.
"""

import io

import pytest

from .conftest import ORIGIN

pytestmark = pytest.mark.storage


def test_a_pull_cursor_with_a_dangling_dot_is_a_400(new_person):
    maya = new_person("Maya")
    for cursor in ("5.", ".5", "1.2.3", "-1", "١٢"):
        response = maya.pull(cursor=cursor)
        assert response.status_code == 400, (cursor, response.status_code)
        assert response.json["error"]["code"] == "validation_error"
    assert maya.pull(cursor="0.5").status_code == 200
    assert maya.pull(cursor="").status_code == 200


def test_json_nested_a_thousand_deep_is_a_400_before_signing_in(app):
    client = app.test_client()
    for depth in (65, 1000, 100_000):
        body = "[" * depth + "]" * depth
        response = client.post(
            "/api/auth/login/options",
            data=body,
            content_type="application/json",
            headers={"Origin": ORIGIN},
        )
        assert response.status_code == 400, depth
        assert response.json["error"]["code"] == "invalid_json"
    nested = '{"a":' * 60 + "{}" + "}" * 60
    response = client.post(
        "/api/auth/login/options",
        data=nested,
        content_type="application/json",
        headers={"Origin": ORIGIN},
    )
    assert response.status_code != 500


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_json_cannot_carry_are_a_400_anywhere(app, number):
    response = app.test_client().post(
        "/api/auth/login/options",
        data=f'{{"x": {number}}}',
        content_type="application/json",
        headers={"Origin": ORIGIN},
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"


def test_a_passkey_id_beyond_64_bits_is_a_404(new_person):
    maya = new_person("Maya")
    for path in (
        "/api/me/credentials/20761369268954774911320064",
        "/api/me/credentials/9223372036854775808",
    ):
        assert maya.delete(path).status_code == 404
        response = maya.patch(path, {"nickname": "Phone"})
        assert response.status_code == 404
        assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path", ["/" + "a" * 300, "/goals/" + "b" * 300, "/x" * 600, "/" + "c" * 300 + ".png"]
)
def test_an_app_path_too_long_for_any_file_is_a_404(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 404


def test_a_chunked_body_over_the_limit_is_a_413(new_person, app):
    maya = new_person("Maya")
    body = b'{"clientId": "' + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10) + b'"}'
    response = maya.client.post(
        "/api/sync/push",
        input_stream=io.BytesIO(body),
        headers={
            "Origin": ORIGIN,
            "Content-Type": "application/json",
            "Transfer-Encoding": "chunked",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_a_chunked_photo_over_its_limit_is_a_413(new_person, app):
    maya = new_person("Maya")
    limit = app.config["ATTACHMENT_MAX_BYTES"]
    body = b"\xff\xd8\xff" + b"x" * limit
    response = maya.client.put(
        "/api/attachments/" + "a" * 64,
        input_stream=io.BytesIO(body),
        headers={"Origin": ORIGIN, "Content-Type": "image/jpeg", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert response.json["error"]["code"] == "attachment_too_large"


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH"])
def test_a_wrong_method_on_an_existing_route_is_a_405_that_says_what_is_allowed(app, method):
    client = app.test_client()
    for headers in ({}, {"Origin": ORIGIN}, {"Origin": ORIGIN, "Content-Type": "text/plain"}):
        response = client.open("/api/sync/push", method=method, headers=headers, data="x")
        assert response.status_code == 405, (method, headers, response.status_code)
        assert set(response.headers["Allow"].split(", ")) >= {"POST"}
        assert response.json["error"]["code"] == "method_not_allowed"


def test_a_get_only_route_answers_405_with_allow(app):
    response = app.test_client().post("/api/openapi.json", headers={"Origin": ORIGIN})
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_the_helper_search_is_not_taken_for_a_person(app):
    response = app.test_client().options("/api/people/helpers")
    assert response.status_code == 200
    assert "PATCH" not in response.headers["Allow"]
    assert "GET" in response.headers["Allow"]


def test_the_csrf_guard_still_refuses_a_cross_site_post_on_a_real_route(app):
    response = app.test_client().post(
        "/api/sync/push", json={}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403


def test_a_nul_in_a_query_string_is_a_400(new_person):
    maya = new_person("Maya")
    response = maya.get("/api/people/helpers", query_string={"q": "torque\x00wrench"})
    assert response.status_code == 400
    response = maya.get("/api/sync/pull", query_string={"clientId": "\x00" * 36})
    assert response.status_code == 400
    repeated = maya.get("/api/people/helpers", query_string=[("q", "torque"), ("q", "\x00")])
    assert repeated.status_code == 400


def test_emptying_a_persons_name_or_admin_flag_is_a_400_not_a_500(new_person):
    maya = new_person("Maya")
    root = new_person("Root", admin=True)
    for change in ({"name": None}, {"isAdmin": None}, {"active": None}):
        response = root.patch(f"/api/people/{maya.person.id}", change)
        assert response.status_code == 400, change
        assert response.json["error"]["code"] == "validation_error"


def test_values_keep_their_json_types(new_person):
    """A boolean is true or false, not "true" or 1; a date is a date, not 0 (1970-01-01)."""
    root = new_person("Root", admin=True)
    for body in ({"name": "Neo", "isAdmin": "true"}, {"name": "Neo", "isAdmin": 1}, {"name": 42}):
        response = root.post("/api/people", body)
        assert response.status_code == 400, body
    assert "Neo" not in {p["name"] for p in root.get("/api/people").json["people"]}


def test_a_sign_out_needs_no_body(enrol):
    maya = enrol("Maya")
    response = maya.client.post("/api/auth/logout", headers={"Origin": ORIGIN})
    assert response.status_code == 200


def test_an_empty_string_is_no_area_or_manager_id(new_person):
    """null empties a person's area or manager; "" is refused (it once broke a foreign key)."""
    maya = new_person("Maya")
    root = new_person("Root", admin=True)
    for change in ({"areaId": ""}, {"managerId": ""}, {"areaId": "", "managerId": None}):
        response = root.patch(f"/api/people/{maya.person.id}", change)
        assert response.status_code == 400, change
    assert (
        root.post("/api/areas", {"name": "Line 2", "kind": "line", "parentId": ""}).status_code
        == 400
    )
    assert root.patch(f"/api/people/{maya.person.id}", {"areaId": None}).status_code == 200
