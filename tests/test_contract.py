"""The PWA and the server agree on the sync contract: mutations, fields, enums, limits, codes.

The server's pydantic schemas are the source of truth. `make contract` writes them into
pwa/js/contract.js (server/contract.py); the first tests fail when that module is stale or
reads differently in Node. The last ones read the client's own ENTITIES (mutators.js) and enums
(coaching.js) with Node and compare them too, so drift fails here, not on a device."""

import json
import subprocess
import typing
from pathlib import Path

import pytest

from server import access, contract
from server.auth import RegisterVerify, Rename
from server.coaching import challenges, goals, observations
from server.errors import Code
from server.sync.registry import ENTITIES

PWA = Path(__file__).resolve().parent.parent / "pwa" / "js"
NOT_FIELDS = {"id", "baseVersion", "resolve"}


def node_json(script):
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


# --- the generated module ---------------------------------------------------------------------


def test_the_checked_in_contract_is_what_the_server_generates_today():
    checked_in = contract.OUTPUT.read_text()
    assert checked_in == contract.render(), (
        "pwa/js/contract.js differs from what the server's schemas generate: run make contract "
        "and commit pwa/js/contract.js"
    )


def test_node_and_the_browser_read_the_contract_exactly_as_the_server_wrote_it():
    exported = node_json(f"""
      import * as c from '{contract.OUTPUT.as_uri()}';
      console.log(JSON.stringify(c));
    """)
    assert exported == json.loads(json.dumps(contract.contract()))


def test_the_contract_lists_every_change_the_server_takes_and_every_code_it_answers():
    data = contract.contract()
    assert data["MUTATIONS"] == sorted(data["MUTATIONS"], key=lambda n: n.partition(".")[0])
    assert set(data["MUTATIONS"]) == {
        f"{t}.{v}" for t in ENTITIES for v in ("create", "update", "delete")
    }
    assert set(data["ENTITIES"]) == set(ENTITIES)
    assert set(data["ERROR_CODES"]) == {code.value for code in Code}


def test_a_passkey_name_may_be_as_long_on_the_device_as_the_server_keeps_it():
    limits = contract.contract()["LIMITS"]
    for schema in (RegisterVerify, Rename):
        assert limits["passkeyNickname"] == _max_length(schema, "nickname")


def test_what_a_learner_may_change_on_their_coach_s_challenge_comes_from_access_rules():
    challenge = contract.contract()["ENTITIES"]["challenge"]
    assert set(challenge["learnerFields"]) == {"status", "reflection", "actual", "helpOffer"}
    assert challenge["learnerOwnFields"] == ["helpOffer"]
    assert contract.contract()["ENTITIES"]["checkin"]["learnerFields"] == ["answer"]


def test_the_contract_reads_the_same_from_one_run_to_the_next():
    assert contract.render() == contract.render()


def _max_length(schema, name):
    return next(
        m.max_length
        for m in schema.model_fields[name].metadata
        if getattr(m, "max_length", None) is not None
    )


# --- the client's own modules -----------------------------------------------------------------


@pytest.fixture(scope="module")
def client_contract():
    return node_json(f"""
      import * as m from '{(PWA / "domain" / "mutators.js").as_uri()}';
      import * as c from '{(PWA / "domain" / "coaching.js").as_uri()}';
      const entities = Object.fromEntries(Object.entries(m.ENTITIES).map(([type, e]) =>
        [type, {{ create: e.createFields, update: e.editable }}]));
      console.log(JSON.stringify({{
        entities,
        kinds: m.KINDS.map(([value]) => value),
        statuses: Object.keys(c.STATUSES),
        learnerStatuses: c.LEARNER_STATUSES,
        goalStatuses: Object.keys(c.GOAL_STATUSES),
        modes: c.MODES.map(([value]) => value),
      }}));
    """)


def wire_fields(schema):
    return {(field.alias or name) for name, field in schema.model_fields.items()} - NOT_FIELDS


def literal(annotation):
    return set(typing.get_args(annotation))


@pytest.mark.parametrize("type_", sorted(ENTITIES))
def test_every_mutation_the_app_sends_carries_exactly_the_fields_the_server_takes(
    type_, client_contract
):
    entity = ENTITIES[type_]
    client = client_contract["entities"].get(type_)
    assert client is not None, f"the PWA cannot create or edit a {type_}"
    assert set(client["create"]) == wire_fields(entity.create_schema), f"{type_}.create"
    assert set(client["update"]) == wire_fields(entity.update_schema), f"{type_}.update"


def test_the_app_offers_exactly_the_kinds_statuses_and_modes_the_server_accepts(client_contract):
    assert set(client_contract["kinds"]) == literal(observations.Kind)
    assert set(client_contract["statuses"]) == literal(challenges.Status)
    assert set(client_contract["modes"]) == literal(challenges.Mode)
    assert set(client_contract["goalStatuses"]) == literal(goals.GoalStatus)
    assert set(client_contract["learnerStatuses"]) <= access.LEARNER_STATUSES
