"""Recovery without takeover: nobody may silently become someone else (issue 7, item 2)."""

from datetime import timedelta

import pytest

from server.models import Credential, Invite, utcnow
from server.people.invites import issue_invite

from .conftest import ORIGIN, Api


@pytest.fixture
def team(enrolled_team):
    """Recovery is about passkeys: here everyone enrolled through the real ceremony."""
    return enrolled_team


def recover(admin, person):
    answer = admin.post(f"/api/people/{person.person.id}/invite", {})
    assert answer.status_code == 200, answer.json
    assert answer.json["kind"] == "recovery" and "/recovery/" in answer.json["inviteUrl"]
    return answer.json["inviteUrl"]


def test_a_manager_cannot_take_over_a_report_by_reinviting_them(team, app):
    maya, lee, root = team["maya"], team["lee"], team["root"]
    answer = maya.post(f"/api/people/{lee.person.id}/invite", {})
    assert "inviteUrl" not in (answer.json or {})
    assert answer.status_code == 202 and answer.json["requested"] is True
    # No live link for Lee exists at all, so there is nothing Maya could have opened.
    with app.app_context():
        assert (
            not Invite.select()
            .where(
                (Invite.person == lee.person.id)
                & Invite.used_at.is_null()
                & (Invite.expires_at > utcnow())
            )
            .exists()
        )
    # The admins see the request; asking twice keeps one request and one audit event.
    maya.post(f"/api/people/{lee.person.id}/invite", {})
    requests = root.get("/api/recovery-requests").json["requests"]
    events = root.get("/api/audit", query_string={"personId": lee.person.id}).json["events"]
    assert [e["action"] for e in events].count("recovery_requested") == 1
    assert [(r["person"]["name"], r["requestedBy"]["name"]) for r in requests] == [("Lee", "Maya")]
    assert maya.get("/api/recovery-requests").status_code == 403
    # Issuing the recovery link answers the request.
    recover(root, lee)
    assert root.get("/api/recovery-requests").json["requests"] == []


def test_a_recovery_ends_every_other_session_and_says_how_the_new_passkey_came(team, app):
    lee, root = team["lee"], team["root"]
    tablet = lee.another_device()
    url = recover(root, lee)
    new_phone = Api(app, lee.person)
    assert new_phone.enrol(url, nickname="New phone").status_code == 200
    # Every other device of Lee's is signed out at its next request.
    assert lee.get("/api/me").status_code == 401
    assert tablet.get("/api/me").status_code == 401
    me = new_phone.get("/api/me").json
    assert (
        me["recovery"]["issuedBy"]["name"] == "Root" and me["recovery"]["nickname"] == "New phone"
    )
    passkeys = {c["nickname"]: c for c in new_phone.get("/api/me/credentials").json["credentials"]}
    assert passkeys["New phone"]["addedVia"] == "recovery"
    assert passkeys["New phone"]["addedBy"]["name"] == "Root"
    assert passkeys["Passkey"]["addedVia"] == "invite"
    # The old passkey still signs in (it may be the person's own spare), and that device is
    # told about the recovery too; from the new phone Lee removes the lost one.
    assert lee.sign_in().status_code == 200
    assert lee.get("/api/me").json["recovery"]["id"] == me["recovery"]["id"]
    lost = passkeys["Passkey"]["id"]
    assert new_phone.delete(f"/api/me/credentials/{lost}").status_code == 200
    assert lee.post("/api/auth/logout", {}).status_code == 200
    assert lee.sign_in().status_code == 400


def test_a_recovery_link_works_once(team, app):
    url = recover(team["root"], team["lee"])
    assert Api(app).enrol(url).status_code == 200
    again = Api(app).post("/api/auth/register/options", {"invite": url.rsplit("/", 1)[1]})
    assert again.status_code == 410


def test_a_plain_invite_cannot_add_a_passkey_to_an_account_in_use(team, app):
    """A link a manager got before this release (or any plain invite) is dead once the
    person has a passkey: only a recovery link opens an account that is in use."""
    with app.app_context():
        url = issue_invite(team["lee"].person, ORIGIN, created_by=team["maya"].person.id)
    token = url.rsplit("/", 1)[1]
    info = Api(app).get(f"/api/invites/{token}")
    assert info.status_code == 410 and "recovery link" in info.json["error"]["message"]
    assert Api(app).post("/api/auth/register/options", {"invite": token}).status_code == 410


def test_the_recovery_notice_is_for_recent_recoveries_only(team, app):
    lee, root = team["lee"], team["root"]
    assert lee.get("/api/me").json["recovery"] is None
    new_phone = Api(app, lee.person)
    new_phone.enrol(recover(root, lee))
    assert new_phone.get("/api/me").json["recovery"] is not None
    app.config["RECOVERY_NOTICE_PERIOD"] = timedelta(seconds=-1)
    assert new_phone.get("/api/me").json["recovery"] is None


def test_cli_recover_prints_a_recovery_link_and_people_lists_ids(team, app):
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["people"])
    assert listed.exit_code == 0, listed.output
    lee_line = next(line for line in listed.output.splitlines() if "Lee" in line)
    assert lee_line.startswith(team["lee"].person.id)
    assert f"reports to Maya ({team['maya'].person.id})" in lee_line
    assert "[admin]" in next(line for line in listed.output.splitlines() if "Root" in line)

    result = runner.invoke(args=["recover", team["lee"].person.id])
    assert result.exit_code == 0, result.output
    url = next(w for w in result.output.split() if w.startswith(ORIGIN))
    assert "/recovery/" in url and "signs them out" in result.output
    new_phone = Api(app, team["lee"].person)
    assert new_phone.enrol(url).status_code == 200
    assert team["lee"].get("/api/me").status_code == 401
    with app.app_context():
        newest = Credential.select().order_by(Credential.id.desc()).first()
        assert newest.added_via == "recovery" and newest.added_by_id is None  # the CLI

    unknown = runner.invoke(args=["recover", "nobody"])
    assert unknown.exit_code != 0 and "people" in unknown.output


def test_cli_recover_for_someone_who_never_enrolled_prints_an_invite(app):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["invite", "Kim"])
    kim_id = made.output.split("(id ")[1].split(")")[0]
    result = runner.invoke(args=["recover", kim_id])
    assert result.exit_code == 0 and "/invite/" in result.output


def test_an_admin_recovery_of_a_deactivated_person_is_refused(team):
    root, lee = team["root"], team["lee"]
    root.patch(f"/api/people/{lee.person.id}", {"active": False})
    answer = root.post(f"/api/people/{lee.person.id}/invite", {})
    assert answer.status_code == 409 and answer.json["error"]["code"] == "person_inactive"
