"""Every error code the server answers with is in one catalog (server/errors.py `Code`), with
the HTTP status it is answered with: the PWA words its messages from these codes
(pwa/js/contract.js ERROR_CODES), so a code made up in a module would reach a person as
gibberish. The server's source is read, not run: a code on a path no test takes counts too."""

import ast
from pathlib import Path

import pytest

from server.errors import HTTP_CODES, Code

SERVER = Path(__file__).resolve().parent.parent / "server"
# Calls that answer with a code, and the position of the code among their arguments.
CODE_ARGUMENT = {"ApiError": 1, "error_response": 1, "MutationRejected": 0, "_reject": 2}


def _calls():
    """(where, call name, status node or None, code node) for every call that sets a code."""
    for path in sorted(SERVER.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            position = CODE_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            where = f"{path.relative_to(SERVER.parent)}:{node.lineno}"
            status = node.args[0] if position == 1 else None
            yield where, name, status, node.args[position]


def _code_of(node):
    """The Code member a node names (Code.FORBIDDEN), or None when it is computed."""
    if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "Code":
        return Code[node.attr]  # KeyError: Code has no such member
    return None


def test_every_error_the_server_raises_names_its_code_from_the_catalog():
    loose = [
        f"{where}: {ast.unparse(code)}"
        for where, _, _, code in _calls()
        if isinstance(code, ast.Constant)
    ]
    assert not loose, "codes written as loose strings; use server.errors.Code:\n" + "\n".join(loose)
    unknown = []
    for where, _, _, code in _calls():
        try:
            _code_of(code)
        except KeyError:
            unknown.append(f"{where}: {ast.unparse(code)}")
    assert not unknown, "codes missing from server.errors.Code:\n" + "\n".join(unknown)


def test_a_code_is_always_answered_with_the_status_the_catalog_gives_it():
    wrong = []
    for where, _, status, code in _calls():
        member = _code_of(code)
        if member is None or not isinstance(status, ast.Constant):
            continue
        if member.status != status.value:
            wrong.append(
                f"{where}: {member} answered with {status.value}, catalog says {member.status}"
            )
    assert not wrong, "\n".join(wrong)


def test_rejected_changes_use_codes_the_catalog_keeps_for_rejections_or_shares_with_http():
    for where, name, _, code in _calls():
        member = _code_of(code)
        if name == "MutationRejected" and member is not None:
            assert member.status in (None, 400, 403, 404), f"{where}: {member}"


def test_the_catalog_holds_no_code_the_server_never_answers_with():
    source = "\n".join(path.read_text() for path in SERVER.rglob("*.py"))
    used = {
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "Code"
    }
    used |= {code.name for code in HTTP_CODES.values()}
    assert {code.name for code in Code} - used == set()


def test_every_code_has_a_message_a_person_can_read():
    for code in Code:
        assert code.value == code.name.lower()
        assert code.message and code.message[0].isupper() and code.message.endswith("."), code


@pytest.mark.parametrize(
    "method, path, headers, body",
    [
        ("get", "/api/no-such-thing", {}, None),
        ("delete", "/api/me", {"Origin": "http://localhost:5000"}, None),
        ("post", "/api/auth/login/options", {"Origin": "http://elsewhere.example"}, {}),
        ("post", "/api/auth/login/verify", {"Origin": "http://localhost:5000"}, {"credential": {}}),
        ("get", "/api/me", {}, None),
    ],
)
def test_what_the_api_answers_is_a_catalog_code_with_its_status(app, method, path, headers, body):
    client = app.test_client()
    response = getattr(client, method)(path, headers=headers, json=body)
    code = Code(response.json["error"]["code"])
    assert code.status == response.status_code, (code, response.status_code)
