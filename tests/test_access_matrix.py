"""Who sees and changes what: every entity × the people around a learner × every operation.

Lee is the learner. Maya is Lee's coach (manager); Rui is Lee's mentor (manager once removed);
Sam is Lee's peer (same coach); Ada is in another team; Root is an admin outside the chain.
Each record is about Lee and written by its natural author: Maya, or Rui for mentor notes.
"""

import pytest

from .coaching_data import UPDATE_FIELD, create_args, make_record, push_one

ROLES = {
    "self": "lee",
    "coach": "maya",
    "mentor": "rui",
    "peer": "sam",
    "other_team": "ada",
    "admin": "root",
}
ENTITIES = ["observation", "goal", "challenge", "checkin", "mentor_note"]

# Who sees a (shared, for observations) record about Lee.
PULL = {
    "observation": {"self", "coach", "mentor"},
    "goal": {"self", "coach", "mentor"},
    "challenge": {"self", "coach", "mentor"},
    "checkin": {"self", "coach", "mentor"},
    "mentor_note": {"self", "mentor"},  # career notes are kept apart from the coach
}
CREATE = {
    "observation": {"self", "coach", "mentor"},
    "goal": {"self", "coach", "mentor"},  # self: self-development
    "challenge": {"self", "coach", "mentor"},
    "checkin": {"coach", "mentor"},  # the learner answers check-ins, does not record them
    "mentor_note": {"mentor"},
}
# Changing a field the coach owns, and deleting.
UPDATE = {
    "observation": {"coach"},  # the author only
    "goal": {"coach", "mentor"},
    "challenge": {"coach", "mentor"},
    "checkin": {"coach", "mentor"},
    "mentor_note": {"mentor"},
}
DELETE = UPDATE


def _outcome(result, allowed, role, entity, op):
    if role in allowed:
        assert result["status"] == "applied", (role, entity, result)
        return
    assert result["status"] == "rejected", (role, entity, result)
    if op == "create":
        # A check-in on a challenge one may not see: the challenge is "unknown".
        expected = (
            "unknown_challenge" if entity == "checkin" and role not in PULL[entity] else "forbidden"
        )
    else:
        # Never confirm that a record one may not see exists.
        expected = "forbidden" if role in PULL[entity] else "not_found"
    assert result["error"]["code"] == expected, (role, entity, result)


def _base(team, entity, record_id):
    """The version the record's author last saw: what any device would send as its base."""
    return team["rui" if entity == "mentor_note" else "maya"].version_of(record_id)


@pytest.mark.parametrize("entity", ENTITIES)
def test_who_pulls_each_kind_of_record(team, entity):
    record_id = make_record(team, entity)
    for role, name in ROLES.items():
        seen = {c["id"] for c in team[name].pull(cursor="0").json["changes"]}
        assert (record_id in seen) == (role in PULL[entity]), (role, entity)


@pytest.mark.parametrize("entity", ENTITIES)
def test_who_creates_each_kind_of_record_about_the_learner(team, entity):
    for role, name in ROLES.items():
        result = push_one(team[name], f"{entity}.create", create_args(team, entity))
        _outcome(result, CREATE[entity], role, entity, "create")


@pytest.mark.parametrize("entity", ENTITIES)
def test_who_changes_each_kind_of_record(team, entity):
    for role, name in ROLES.items():
        record_id = make_record(team, entity)
        args = {"id": record_id, "baseVersion": _base(team, entity, record_id)} | UPDATE_FIELD[
            entity
        ]
        result = push_one(team[name], f"{entity}.update", args)
        _outcome(result, UPDATE[entity], role, entity, "update")


@pytest.mark.parametrize("entity", ENTITIES)
def test_who_deletes_each_kind_of_record(team, entity):
    for role, name in ROLES.items():
        record_id = make_record(team, entity)
        result = push_one(
            team[name],
            f"{entity}.delete",
            {"id": record_id, "baseVersion": _base(team, entity, record_id)},
        )
        _outcome(result, DELETE[entity], role, entity, "delete")


@pytest.mark.parametrize("entity", ENTITIES)
def test_who_reads_the_history_of_each_kind_of_record(team, entity):
    """Whoever pulls a record reads its history; to anyone else it does not exist."""
    record_id = make_record(team, entity)
    for role, name in ROLES.items():
        response = team[name].get(f"/api/sync/history/{entity}/{record_id}")
        if role in PULL[entity]:
            assert response.status_code == 200, (role, entity)
            assert [r["op"] for r in response.json["revisions"]] == ["create"], (role, entity)
        else:
            assert response.status_code == 404, (role, entity)
            assert response.json["error"]["code"] == "not_found", (role, entity)


# Versions of a note drafted privately, rewritten, then shared: who reads which.
PRIVATE_THEN_SHARED_HISTORY = {
    "coach": ["create", "update", "update"],  # its author: all
    "self": ["update"],
    "mentor": ["update"],
}  # the shared one


def test_who_reads_which_versions_of_a_note_that_was_private_then_shared(team):
    maya, lee = team["maya"], team["lee"]
    note = create_args(team, "observation") | {"note": "PRIVATE DRAFT: move him off the line?"}
    assert push_one(maya, "observation.create", note)["status"] == "applied"
    for change in (
        {"note": "Waits for the team leader to stop the line"},
        {"visibility": "shared"},
    ):
        result = push_one(
            maya,
            "observation.update",
            {"id": note["id"], "baseVersion": maya.version_of(note["id"])} | change,
        )
        assert result["status"] == "applied"
    for role, name in ROLES.items():
        response = team[name].get(f"/api/sync/history/observation/{note['id']}")
        if role not in PRIVATE_THEN_SHARED_HISTORY:
            assert response.status_code == 404, role
            continue
        revisions = response.json["revisions"]
        assert [r["op"] for r in revisions] == PRIVATE_THEN_SHARED_HISTORY[role], role
        assert ("PRIVATE DRAFT" in response.get_data(as_text=True)) == (role == "coach"), role
    assert (
        lee.get(f"/api/sync/history/observation/{note['id']}").json["revisions"][0]["changes"][
            "note"
        ]
        == "Waits for the team leader to stop the line"
    )


# Who may look a colleague up by name for a workshop (§103): everyone signed in, anyone active
# found, and nothing but their name and area.
LOOKUP = {"self", "coach", "mentor", "peer", "other_team", "admin"}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_looks_a_colleague_up_by_name(team, role):
    response = team[ROLES[role]].get("/api/people/lookup?q=lee")
    if role not in LOOKUP:
        assert response.status_code == 403, role
        return
    assert response.status_code == 200, role
    assert response.json["people"] == [{"id": team["lee"].person.id, "name": "Lee", "area": None}]


# Exports (issue 13 point 3, docs/decisions.md §96 and §98). A person's export of notes, goals,
# challenges and check-ins is made on their device from what they pull, so test_who_pulls_each_
# kind_of_record above is its rule too (a private note reaches its author alone). The audit
# log's download is the admins' alone.
AUDIT_EXPORT = {"admin"}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_who_downloads_the_audit_log(team, fmt):
    for role, name in ROLES.items():
        response = team[name].get("/api/audit/export", query_string={"format": fmt})
        if role in AUDIT_EXPORT:
            assert response.status_code == 200, (role, fmt)
            assert response.headers["Content-Disposition"].startswith("attachment;"), role
        else:
            assert response.status_code == 403, (role, fmt)
            assert response.json["error"]["code"] == "forbidden", (role, fmt)


def test_a_private_note_is_in_no_one_elses_pull_so_in_no_one_elses_export(team):
    maya = team["maya"]
    note = create_args(team, "observation") | {
        "note": "Private: talk to HR?",
        "visibility": "private",
    }
    assert push_one(maya, "observation.create", note)["status"] == "applied"
    for role, name in ROLES.items():
        seen = {c["id"] for c in team[name].pull(cursor="0").json["changes"]}
        assert (note["id"] in seen) == (role == "coach"), role


# The principles library (§99-§102): everyone signed in reads it; a coach of the learner
# publishes from a goal closed as learned (Lee's, here); only its author changes or deletes it.
PRINCIPLE_PULL = set(ROLES)
PRINCIPLE_CREATE = {"coach", "mentor"}
PRINCIPLE_CHANGE = {"coach"}


def _published(team):
    from .test_principles import learned_goal, principle_args

    args = principle_args(learned_goal(team["maya"], team["lee"]))
    assert push_one(team["maya"], "principle.create", args)["status"] == "applied"
    return args["id"]


def test_who_reads_publishes_changes_and_deletes_a_principle(team):
    from .test_principles import learned_goal, principle_args

    principle_id = _published(team)
    for role, name in ROLES.items():
        api = team[name]
        seen = {c["id"] for c in api.pull(cursor="0").json["changes"]}
        assert (principle_id in seen) == (role in PRINCIPLE_PULL), role
        history = api.get(f"/api/sync/history/principle/{principle_id}")
        assert history.status_code == 200, role
        assert api.get("/api/principles/counts").status_code == 200, role

        goal_id = learned_goal(team["maya"], team["lee"])
        result = push_one(api, "principle.create", principle_args(goal_id))
        if role in PRINCIPLE_CREATE:
            assert result["status"] == "applied", (role, result)
        else:
            assert result["error"]["code"] == "forbidden", (role, result)

        base = {"id": principle_id, "baseVersion": api.version_of(principle_id)}
        changed = push_one(api, "principle.update", base | {"title": f"Retitled by {role}"})
        if role in PRINCIPLE_CHANGE:
            assert changed["status"] == "applied", role
        else:
            assert changed["error"]["code"] == "forbidden", (role, changed)
    for role, name in ROLES.items():
        target = _published(team)
        api = team[name]
        result = push_one(
            api, "principle.delete", {"id": target, "baseVersion": api.version_of(target)}
        )
        if role in PRINCIPLE_CHANGE:
            assert result["status"] == "applied", role
        else:
            assert result["error"]["code"] == "forbidden", (role, result)
