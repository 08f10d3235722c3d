"""The PWA and the server agree on the sync contract: mutation fields and the enums.

The server's pydantic schemas are the source of truth; the client's ENTITIES (mutators.js)
and enums (coaching.js) are read by Node and compared, so drift fails here, not on a device."""
import json
import subprocess
import typing
from pathlib import Path

import pytest

from server import coaching  # noqa: F401  (registers the entities)
from server.coaching import challenges, goals, observations
from server.sync.registry import ENTITIES

PWA = Path(__file__).resolve().parent.parent / "pwa" / "js"
NOT_FIELDS = {"id", "baseVersion", "resolve"}


@pytest.fixture(scope="module")
def client_contract():
    script = f"""
      import * as m from '{(PWA / "mutators.js").as_uri()}';
      import * as c from '{(PWA / "coaching.js").as_uri()}';
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
    """
    out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def wire_fields(schema):
    return {(field.alias or name) for name, field in schema.model_fields.items()} - NOT_FIELDS


def literal(annotation):
    return set(typing.get_args(annotation))


@pytest.mark.parametrize("type_", sorted(ENTITIES))
def test_every_mutation_the_app_sends_carries_exactly_the_fields_the_server_takes(
        type_, client_contract):
    entity = ENTITIES[type_]
    client = client_contract["entities"].get(type_)
    assert client is not None, f"the PWA cannot create or edit a {type_}"
    assert set(client["create"]) == wire_fields(entity.create_schema), f"{type_}.create"
    assert set(client["update"]) == wire_fields(entity.update_schema), f"{type_}.update"


def test_the_app_offers_exactly_the_kinds_statuses_and_modes_the_server_accepts(
        client_contract):
    assert set(client_contract["kinds"]) == literal(observations.Kind)
    assert set(client_contract["statuses"]) == literal(challenges.Status)
    assert set(client_contract["modes"]) == literal(challenges.Mode)
    assert set(client_contract["goalStatuses"]) == literal(goals.GoalStatus)
    assert set(client_contract["learnerStatuses"]) <= challenges.LEARNER_STATUSES
