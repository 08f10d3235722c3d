"""Kaizen workshops: a facilitator captures each participant's ideas on a shared tablet, offline,
and turns them into kaizen challenges or experiments afterwards (docs/decisions.md §77-§80).

Maya facilitates. Lee and Sam report to her; Rui is her manager (Lee's mentor); Ada is in
another team; Root is an admin. Guests have no account: they are names in the workshop."""

import uuid

import pytest

from server.models import Person
from server.sync import engine

from .coaching_data import challenge_args, push_one

GUESTS = ["Jo from the supplier", "Kim (maintenance)"]


def new_id():
    return str(uuid.uuid4())


def participant(api=None, name=None):
    """An entry of a workshop's participant list: someone in Gembakit, or a guest by name."""
    if api is not None:
        return {"id": new_id(), "personId": api.person.id, "name": api.person.name}
    return {"id": new_id(), "name": name}


def workshop_args(*participants, **fields):
    return {
        "id": new_id(),
        "title": "Kaizen: changeover on press 4",
        "areaId": None,
        "heldOn": "2026-11-27",
        "participants": list(participants),
    } | fields


def idea_args(workshop, entry, note="Pre-stage the dies on a cart", kind="idea"):
    return {
        "id": new_id(),
        "workshopId": workshop["id"],
        "participantId": entry["id"],
        "kind": kind,
        "note": note,
        "capturedAt": "2026-11-27T10:15:00+01:00",
    }


def changes_of(api, type_):
    return {
        c["id"]: c
        for c in api.pull(cursor="0").json["changes"]
        if c["type"] == type_ and not c["deleted"]
    }


@pytest.fixture(params=["batched", "one at a time"])
def path(request, monkeypatch):
    """The engine's two paths (tests/test_sync_batching.py): groups decided in bulk, or every
    mutation alone; a workshop's outbox lands the same way on both."""
    if request.param == "one at a time":
        monkeypatch.setattr(engine, "_groups", lambda mutations, parsed: [[m] for m in mutations])
    return request.param


@pytest.fixture
def room(team):
    """Maya's workshop with Lee, Sam and a guest, and one idea from each, on the server."""
    maya = team["maya"]
    lee, sam, jo = participant(team["lee"]), participant(team["sam"]), participant(name="Jo")
    workshop = workshop_args(lee, sam, jo)
    ideas = {
        "lee": idea_args(workshop, lee, "Mark the die positions on the bolster"),
        "sam": idea_args(workshop, sam, "One-touch clamps", kind="observation"),
        "guest": idea_args(workshop, jo, "We could deliver the dies pre-heated"),
    }
    results = maya.push(
        maya.mutation("workshop.create", **workshop),
        *[maya.mutation("idea.create", **i) for i in ideas.values()],
    ).json
    assert [r["status"] for r in results["results"]] == ["applied"] * 4, results
    return {"workshop": workshop, "ideas": ideas, "entries": {"lee": lee, "sam": sam, "jo": jo}}


def test_a_facilitator_captures_six_participants_ideas_offline_and_they_land_exactly_once(
    team, path
):
    maya = team["maya"]
    people = [participant(team[n]) for n in ("lee", "sam", "ada", "rui")]
    entries = people + [participant(name=g) for g in GUESTS]
    workshop = workshop_args(*entries)
    # Offline on the tablet: the workshop and two ideas from each of the six participants wait
    # in the outbox; at the end of the workshop the tablet reconnects and sends them.
    outbox = [maya.mutation("workshop.create", **workshop)] + [
        maya.mutation("idea.create", **idea_args(workshop, entry, f"Idea {n} of {entry['name']}"))
        for entry in entries
        for n in (1, 2)
    ]
    first = maya.push(*outbox)
    assert first.status_code == 200
    assert [r["status"] for r in first.json["results"]] == ["applied"] * 13
    # The answer was lost on the shop floor's Wi-Fi: the tablet sends the same outbox again.
    again = maya.push(*outbox)
    assert [r["status"] for r in again.json["results"]] == ["duplicate"] * 13
    assert again.json["lastMutationId"] == 13

    ideas = changes_of(maya, "idea")
    assert len(ideas) == 12
    by_participant = {}
    for change in ideas.values():
        by_participant.setdefault(change["data"]["participantId"], []).append(change["data"])
    assert sorted(len(v) for v in by_participant.values()) == [2] * 6
    for entry in people:  # attributed to the person behind each entry
        assert {d["personId"] for d in by_participant[entry["id"]]} == {entry["personId"]}
    workshop_seen = changes_of(maya, "workshop")[workshop["id"]]["data"]
    assert [p["name"] for p in workshop_seen["participants"]] == [
        "Lee",
        "Sam",
        "Ada",
        "Rui",
    ] + GUESTS
    assert "seenBy" not in workshop_seen  # the server's bookkeeping stays on the server


def test_someone_who_joins_mid_workshop_offline_gets_their_idea_in_the_same_push(team, room, path):
    """The workshop's new participant list and their first idea wait in one outbox: the idea
    is decided after the list it reads, however the push is grouped."""
    maya, ada = team["maya"], team["ada"]
    workshop = room["workshop"]
    joined = participant(ada)
    idea = idea_args(workshop, joined, "Use the quick-change pins from line 3")
    results = maya.push(
        maya.mutation(
            "workshop.update",
            id=workshop["id"],
            baseVersion=maya.version_of(workshop["id"]),
            participants=workshop["participants"] + [joined],
        ),
        maya.mutation("idea.create", **idea),
    ).json["results"]
    assert [r["status"] for r in results] == ["applied", "applied"], results
    assert changes_of(ada, "idea")[idea["id"]]["data"]["personId"] == ada.person.id
    assert [
        p["name"] for p in changes_of(ada, "workshop")[workshop["id"]]["data"]["participants"]
    ] == ["Lee", "Sam", "Jo", "Ada"]


def test_a_participant_sees_the_ideas_attributed_to_them_and_not_the_others(team, room):
    ideas, workshop = room["ideas"], room["workshop"]
    lee_sees = changes_of(team["lee"], "idea")
    assert set(lee_sees) == {ideas["lee"]["id"]}
    assert lee_sees[ideas["lee"]["id"]]["data"]["note"] == "Mark the die positions on the bolster"
    assert set(changes_of(team["sam"], "idea")) == {ideas["sam"]["id"]}
    # Both see the workshop they took part in, with who was in the room.
    for name in ("lee", "sam"):
        seen = changes_of(team[name], "workshop")
        assert [p["name"] for p in seen[workshop["id"]]["data"]["participants"]] == [
            "Lee",
            "Sam",
            "Jo",
        ]
    # Lee's mentor, someone from another team and the admin see neither.
    for name in ("rui", "ada", "root"):
        assert changes_of(team[name], "idea") == {} and changes_of(team[name], "workshop") == {}
    assert team["lee"].get(f"/api/sync/history/idea/{ideas['sam']['id']}").status_code == 404


def test_a_guest_has_no_account_and_is_named_only_in_the_workshop(app, team, room):
    with app.app_context():
        assert not Person.select().where(Person.name == "Jo").exists()
    guest_idea = changes_of(team["maya"], "idea")[room["ideas"]["guest"]["id"]]["data"]
    assert guest_idea["personId"] is None and guest_idea["personName"] is None
    assert guest_idea["participantId"] == room["entries"]["jo"]["id"]
    # The facilitator renames the guest: the idea follows the entry, no copy of the name.
    maya, workshop = team["maya"], room["workshop"]
    renamed = [
        e | {"name": "Jo Martin (supplier)"} if e["name"] == "Jo" else e
        for e in workshop["participants"]
    ]
    assert (
        push_one(
            maya,
            "workshop.update",
            {
                "id": workshop["id"],
                "baseVersion": maya.version_of(workshop["id"]),
                "participants": renamed,
            },
        )["status"]
        == "applied"
    )
    names = [
        p["name"] for p in changes_of(maya, "workshop")[workshop["id"]]["data"]["participants"]
    ]
    assert names == ["Lee", "Sam", "Jo Martin (supplier)"]
    # A guest's idea cannot become anyone's challenge: there is no learner.
    challenge = challenge_args(team["lee"], mode="kaizen")
    results = maya.push(
        maya.mutation("challenge.create", **challenge),
        maya.mutation(
            "idea.update",
            id=guest_idea["id"],
            baseVersion=maya.version_of(guest_idea["id"]),
            status="challenge",
            challengeId=challenge["id"],
        ),
    ).json["results"]
    assert results[1]["status"] == "rejected"
    assert results[1]["error"]["code"] == "unknown_challenge"


def test_turning_an_idea_into_a_kaizen_challenge_makes_a_challenge_for_that_learner(team, room):
    maya, lee, rui = team["maya"], team["lee"], team["rui"]
    idea = room["ideas"]["lee"]
    challenge = challenge_args(
        lee,
        mode="kaizen",
        title="Mark the die positions",
        problem=idea["note"],
        details={"currentMethod": "Dies aligned by eye"},
    )
    results = maya.push(
        maya.mutation("challenge.create", **challenge),
        maya.mutation(
            "idea.update",
            id=idea["id"],
            baseVersion=maya.version_of(idea["id"]),
            status="challenge",
            challengeId=challenge["id"],
        ),
    ).json["results"]
    assert [r["status"] for r in results] == ["applied", "applied"], results
    made = changes_of(lee, "challenge")[challenge["id"]]["data"]
    assert (made["learnerId"], made["mode"], made["status"]) == (
        lee.person.id,
        "kaizen",
        "assigned",
    )
    assert changes_of(lee, "idea")[idea["id"]]["data"]["status"] == "challenge"
    # The challenge follows the challenge's rules: Lee's mentor sees it, not the idea.
    assert challenge["id"] in changes_of(rui, "challenge")
    assert idea["id"] not in changes_of(rui, "idea")


def test_an_idea_cannot_point_at_a_challenge_for_someone_else(team, room):
    maya = team["maya"]
    idea = room["ideas"]["lee"]
    for_sam = challenge_args(team["sam"], mode="kaizen")
    assert push_one(maya, "challenge.create", for_sam)["status"] == "applied"
    before = changes_of(maya, "idea")[idea["id"]]
    result = push_one(
        maya,
        "idea.update",
        {
            "id": idea["id"],
            "baseVersion": before["version"],
            "status": "challenge",
            "challengeId": for_sam["id"],
        },
    )
    assert result["status"] == "rejected" and result["error"]["code"] == "unknown_challenge"
    assert changes_of(maya, "idea")[idea["id"]] == before


def test_an_idea_marked_to_try_is_an_experiment_with_a_date_and_a_result(team, room):
    maya, sam = team["maya"], team["sam"]
    idea = room["ideas"]["sam"]
    no_date = push_one(
        maya,
        "idea.update",
        {"id": idea["id"], "baseVersion": maya.version_of(idea["id"]), "status": "experiment"},
    )
    assert no_date["status"] == "rejected" and no_date["error"]["code"] == "validation_error"
    assert "tryOn" in no_date["error"]["message"]
    for change in (
        {"status": "experiment", "tryOn": "2026-12-04"},
        {"result": "Clamping went from 6 to 2 minutes"},
    ):
        assert (
            push_one(
                maya,
                "idea.update",
                {"id": idea["id"], "baseVersion": maya.version_of(idea["id"])} | change,
            )["status"]
            == "applied"
        )
    seen = changes_of(sam, "idea")[idea["id"]]["data"]
    assert (seen["status"], seen["tryOn"], seen["result"]) == (
        "experiment",
        "2026-12-04",
        "Clamping went from 6 to 2 minutes",
    )


def test_a_participant_taken_off_the_list_hears_the_workshop_go_and_keeps_their_ideas(team, room):
    maya, lee, workshop = team["maya"], team["lee"], room["workshop"]
    lee.pull_all()
    without_lee = [e for e in workshop["participants"] if e.get("personId") != lee.person.id]
    assert (
        push_one(
            maya,
            "workshop.update",
            {
                "id": workshop["id"],
                "baseVersion": maya.version_of(workshop["id"]),
                "participants": without_lee,
            },
        )["status"]
        == "applied"
    )
    after = {c["id"]: c for c in lee.pull_all()}
    assert after[workshop["id"]]["deleted"] is True
    assert room["ideas"]["lee"]["id"] in changes_of(lee, "idea")


def test_bad_workshop_input_is_refused_and_changes_nothing(team, room):
    maya, lee = team["maya"], team["lee"]
    twice = participant(lee)
    cases = [
        ("workshop.create", workshop_args(twice, twice), "validation_error"),
        ("workshop.create", workshop_args(participant(name="")), "validation_error"),
        (
            "workshop.create",
            workshop_args({"id": new_id(), "personId": new_id(), "name": "Nobody"}),
            "unknown_participant",
        ),
        ("workshop.create", workshop_args(heldOn="27/11/2026"), "validation_error"),
        (
            "idea.create",
            idea_args(room["workshop"], participant(name="Not in the list")),
            "unknown_participant",
        ),
        ("idea.create", idea_args(workshop_args(), room["entries"]["lee"]), "unknown_workshop"),
        (
            "idea.create",
            idea_args(room["workshop"], room["entries"]["lee"]) | {"kind": "rant"},
            "validation_error",
        ),
    ]
    before = {t: changes_of(maya, t) for t in ("workshop", "idea")}
    for name, args, code in cases:
        result = push_one(maya, name, args)
        assert result["status"] == "rejected", (name, args)
        assert result["error"]["code"] == code, (name, args, result)
    # An entry keeps its person: ideas are attributed through it.
    swapped = [
        e | {"personId": team["ada"].person.id} if e.get("personId") == lee.person.id else e
        for e in room["workshop"]["participants"]
    ]
    result = push_one(
        maya,
        "workshop.update",
        {
            "id": room["workshop"]["id"],
            "baseVersion": maya.version_of(room["workshop"]["id"]),
            "participants": swapped,
        },
    )
    assert result["error"]["code"] == "unknown_participant"
    assert {t: changes_of(maya, t) for t in ("workshop", "idea")} == before
    # Only the facilitator captures in her workshop, even a participant on his own phone.
    result = push_one(lee, "idea.create", idea_args(room["workshop"], room["entries"]["lee"]))
    assert result["error"]["code"] == "unknown_workshop"


def test_the_api_document_describes_workshops_and_ideas(app):
    schemas = app.test_client().get("/api/openapi.json").json["components"]["schemas"]
    assert {"WorkshopCreate", "WorkshopUpdate", "IdeaCreate", "IdeaUpdate"} <= set(schemas)
    participants = schemas["WorkshopCreate"]["properties"]["participants"]
    assert participants["maxItems"] == 60


# --- the access matrix (tests/test_access_matrix.py's roles), for workshops and ideas --------
# Maya runs a workshop with Lee and Sam; the idea is Lee's.

ROLES = {
    "self": "lee",
    "coach": "maya",
    "mentor": "rui",
    "peer": "sam",
    "other_team": "ada",
    "admin": "root",
}
PULL = {
    "workshop": {"coach", "self", "peer"},  # the facilitator and the participants
    "idea": {"coach", "self"},
}  # the facilitator and the idea's person
CREATE = {"workshop": set(ROLES), "idea": {"coach"}}  # anyone runs a workshop of their own
UPDATE = {"workshop": {"coach"}, "idea": {"coach"}}
UPDATE_FIELD = {"workshop": {"title": "Reworded"}, "idea": {"note": "Reworded"}}


def _record(team, room_factory, entity):
    made = room_factory(team)
    return made["workshop"]["id"] if entity == "workshop" else made["ideas"]["lee"]["id"]


def _make_room(team):
    maya = team["maya"]
    lee, sam = participant(team["lee"]), participant(team["sam"])
    workshop = workshop_args(lee, sam)
    idea = idea_args(workshop, lee)
    results = maya.push(
        maya.mutation("workshop.create", **workshop), maya.mutation("idea.create", **idea)
    ).json["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    return {"workshop": workshop, "ideas": {"lee": idea}, "entries": {"lee": lee}}


def _expect(result, allowed, role, entity):
    if role in allowed:
        assert result["status"] == "applied", (role, entity, result)
        return
    assert result["status"] == "rejected", (role, entity, result)
    expected = "forbidden" if role in PULL[entity] else "not_found"
    assert result["error"]["code"] == expected, (role, entity, result)


@pytest.mark.parametrize("entity", ["workshop", "idea"])
def test_who_pulls_and_reads_the_history_of_workshops_and_ideas(team, entity):
    record_id = _record(team, _make_room, entity)
    for role, name in ROLES.items():
        seen = {c["id"] for c in team[name].pull(cursor="0").json["changes"]}
        assert (record_id in seen) == (role in PULL[entity]), (role, entity)
        history = team[name].get(f"/api/sync/history/{entity}/{record_id}")
        assert history.status_code == (200 if role in PULL[entity] else 404), (role, entity)


def test_who_creates_workshops_and_ideas(team):
    made = _make_room(team)
    for role, name in ROLES.items():
        api = team[name]
        result = push_one(api, "workshop.create", workshop_args(participant(team["lee"])))
        assert (result["status"] == "applied") == (role in CREATE["workshop"]), (role, result)
        result = push_one(api, "idea.create", idea_args(made["workshop"], made["entries"]["lee"]))
        if role in CREATE["idea"]:
            assert result["status"] == "applied", (role, result)
        else:
            assert result["error"]["code"] == "unknown_workshop", (role, result)


@pytest.mark.parametrize("entity", ["workshop", "idea"])
def test_who_changes_and_deletes_workshops_and_ideas(team, entity):
    for op in ("update", "delete"):
        for role, name in ROLES.items():
            record_id = _record(team, _make_room, entity)
            args = {"id": record_id, "baseVersion": team["maya"].version_of(record_id)}
            if op == "update":
                args |= UPDATE_FIELD[entity]
            result = push_one(team[name], f"{entity}.{op}", args)
            _expect(result, UPDATE[entity], role, entity)
