"""Who may see and change what is decided once, in server/access.py.

The modules that enforce the rules (coaching records, people, passkeys) ask access.py; they do
not compare the signed-in person's id with a record's, nor read roles or reporting lines
themselves. So a rule changes in one place, and a reader finds every rule there. The modules'
source is read, not run: a check on a path no test takes counts too."""

import ast
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parent.parent / "server"
ENFORCERS = sorted([*SERVER.glob("coaching/*.py"), *SERVER.glob("people/*.py")])
ACTOR = {"scope", "current_user"}  # the signed-in person, as the modules name them
ACCESS_INTERNALS = {"subtree", "manages"}  # the reporting lines a Scope carries


def _root(node):
    """The name an attribute chain or call starts from: `scope` for scope.person.is_admin,
    `current_scope` for current_scope().person."""
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_actor(node):
    return _root(node) in ACTOR | {"current_scope"}


def _decisions(tree):
    """(line, what) for each access decision taken outside access.py."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for operand in operands:
                for part in ast.walk(operand):
                    if isinstance(part, ast.Attribute) and part.attr == "id" and _is_actor(part):
                        yield node.lineno, f"compares {ast.unparse(part)}"
                    if isinstance(part, ast.Attribute) and part.attr == "author_id":
                        yield node.lineno, f"compares {ast.unparse(part)} (authorship)"
        if isinstance(node, ast.Attribute) and _is_actor(node):
            if node.attr == "is_admin":
                yield node.lineno, f"reads {ast.unparse(node)}"
            if node.attr in ACCESS_INTERNALS:
                yield node.lineno, f"reads {ast.unparse(node)}"


@pytest.mark.parametrize("path", ENFORCERS, ids=lambda p: str(p.relative_to(SERVER)))
def test_coaching_and_people_ask_access_py_instead_of_deciding_themselves(path):
    found = sorted(set(_decisions(ast.parse(path.read_text()))))
    assert not found, (
        f"{path.relative_to(SERVER.parent)} decides access itself "
        "(move the rule into server/access.py and call it):\n"
        + "\n".join(f"  line {line}: {what}" for line, what in found)
    )


def test_each_rule_has_one_definition_in_access_py():
    tree = ast.parse((SERVER / "access.py").read_text())
    names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def test_the_detector_sees_a_rule_written_outside_access_py():
    written_twice = ast.parse(
        "def _may_change(scope, record, fields):\n"
        "    if record.author_id != scope.id or not scope.person.is_admin:\n"
        "        raise MutationRejected(Code.FORBIDDEN, 'no')\n"
        "    return scope.manages(record.learner_id)\n"
    )
    assert {what for _, what in _decisions(written_twice)} == {
        "compares scope.id",
        "compares record.author_id (authorship)",
        "reads scope.person.is_admin",
        "reads scope.manages",
    }
