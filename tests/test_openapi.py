"""The OpenAPI document describes the whole API: every route, the limits the server enforces,
and what it answers (from the same pydantic models: server/openapi.py, server/responses.py).
"""

import subprocess
import sys

import pytest

from server.openapi import SKIPPED_ENDPOINTS, document, documented_rules, _openapi_path

pytestmark = pytest.mark.storage


@pytest.fixture
def doc(app):
    return app.test_client().get("/api/openapi.json").json


def test_every_route_of_the_app_is_in_the_document(app, doc):
    missing = [
        f"{method} {rule}"
        for method, rule in documented_rules(app)
        if method.lower() not in doc["paths"].get(_openapi_path(rule), {})
    ]
    assert not missing, "describe these routes in server/openapi.py OPERATIONS: " + ", ".join(
        missing
    )
    skipped = {rule.endpoint for rule in app.url_map.iter_rules()} & SKIPPED_ENDPOINTS
    assert skipped == {"pwa.index", "pwa.static_or_app_route"}  # only the app shell


def test_every_operation_declares_its_answer_and_its_errors(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            success = [s for s in responses if s.startswith("2")]
            assert success, f"{method} {path}: no success answer"
            if path != "/metrics":
                assert responses["4XX"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, f"{method} {path}"
            for status in success:
                content = responses[status].get("content", {})
                json_schema = content.get("application/json", {}).get("schema")
                if path not in ("/api/openapi.json",) and json_schema is not None:
                    assert json_schema != {}, f"{method} {path}: empty answer schema"


def test_the_push_may_answer_503_when_the_database_is_unavailable(doc):
    assert "503" in doc["paths"]["/api/sync/push"]["post"]["responses"]


def _param(operation, name):
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_enforced_limits_are_declared(doc):
    schemas, paths = doc["components"]["schemas"], doc["paths"]
    upload = paths["/api/attachments/{sha256}"]["put"]
    assert _param(upload, "sha256")["schema"]["pattern"] == "^[0-9a-f]{64}$"
    pull = paths["/api/sync/pull"]["get"]
    assert _param(pull, "clientId")["required"] is True
    assert _param(pull, "clientId")["schema"]["pattern"] == "^[0-9a-fA-F-]{36}$"
    assert _param(pull, "cursor")["schema"]["pattern"]
    assert _param(pull, "limit")["schema"]["minimum"] == 1
    helpers = paths["/api/people/helpers"]["get"]
    assert _param(helpers, "q")["required"] is True and _param(helpers, "q")["schema"]["pattern"]
    assert schemas["PushRequest"]["properties"]["clientId"]["pattern"] == "^[0-9a-fA-F-]{36}$"
    assert schemas["PushRequest"]["properties"]["mutations"]["maxItems"] == 500
    mutation = schemas["Mutation"]["properties"]["id"]
    assert mutation["minimum"] == 1 and mutation["maximum"] == 2**63 - 1
    assert paths["/api/sync/push"]["post"]["requestBody"]["required"] is True
    credential = _param(paths["/api/me/credentials/{id}"]["delete"], "id")["schema"]
    assert credential["type"] == "integer" and credential["maximum"] == 2**63 - 1
    person = _param(paths["/api/people/{id}"]["patch"], "id")["schema"]
    assert person["pattern"] == "^[0-9a-fA-F-]{36}$"


def test_answers_are_described_by_the_models_that_shape_them(doc):
    schemas, paths = doc["components"]["schemas"], doc["paths"]

    def answer(path, method="get", status="200"):
        ref = paths[path][method]["responses"][status]["content"]["application/json"]["schema"]
        return schemas[ref["$ref"].rsplit("/", 1)[1]]

    assert set(answer("/api/me")["required"]) >= {"user"}
    assert "people" in answer("/api/people")["properties"]
    assert "credentials" in answer("/api/me/credentials")["properties"]
    push = answer("/api/sync/push", "post")
    assert set(push["required"]) == {"lastMutationId", "results"}
    pull = answer("/api/sync/pull")
    assert set(pull["required"]) >= {"changes", "cursor", "more", "lastMutationId"}
    assert "revisions" in answer("/api/sync/history/{type}/{id}")["properties"]
    assert set(schemas["Error"]["required"]) == {"error"}


def test_the_document_is_the_same_for_the_app_and_for_tools(app):
    with app.app_context():
        assert (
            document(app)["paths"].keys()
            == app.test_client().get("/api/openapi.json").json["paths"].keys()
        )


@pytest.mark.parametrize(
    "module", ["server.openapi", "server.pwa", "server.coaching", "server.people"]
)
def test_each_module_that_describes_routes_imports_on_its_own(module):
    """A route described at import time once made `import server.openapi` fail on a cycle
    (openapi -> coaching -> principles -> openapi), hidden when another module came first."""
    found = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60
    )
    assert found.returncode == 0, found.stderr[-2000:]
