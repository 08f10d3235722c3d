"""Who may see and change what — decided here and nowhere else.

Rules (DESIGN.md §4, docs/decisions.md):
- A record about a learner is visible to the learner, its author, and the learner's managers
  up the chain. A private observation is visible to its author alone until it is shared.
- Admins manage people and invites; they read coaching content only where they are in the chain.
- Only the author edits or deletes an observation.
- An observation may be about oneself or about someone in one's reporting subtree.
- Goals, challenges and check-ins are created and changed by the learner's coaches (anyone up
  the chain), or by the learner for their own self-development. On a coach's record the
  learner may change only the fields named in LEARNER_FIELDS, set only LEARNER_STATUSES, and
  answer check-ins rather than record them.
- Mentor notes (career conversations) are seen by their author and the person only, and are
  written by a manager at least once removed; only their author changes them.
- A teamwork helper may be anyone active; the helper search shows only offers to help.
- Anyone signed in may look a colleague up by name to list them in a workshop: the lookup
  answers active people's names and areas, nothing else (§103).
- People: admins manage everyone, managers their subtree; only admins grant admin rights,
  deactivate, leave someone without a manager, manage areas and read the whole audit log.
- Passkeys: an invite enrols a person who has none; only a recovery link adds one to an account
  in use; a signed-in person adds passkeys to their own account only.

The modules that enforce these (coaching/*, people/*, auth/*) call the functions here and
compare no person ids or roles themselves (tests/test_access_rules_live_in_access.py).
"""

from peewee import fn

from .db import Prepared
from .models import Challenge, Idea, Observation, Person, Workshop


def _subtree_query(person_id):
    # One recursive query whatever the depth; UNION (not UNION ALL) ends a cycle of managers.
    reports = (
        Person.select(Person.id).where(Person.manager == person_id).cte("reports", recursive=True)
    )
    below = Person.alias()
    reports = reports.union(
        below.select(below.id).join(reports, on=(below.manager == reports.c.id))
    )
    return reports.select_from(reports.c.id)


_SUBTREE = Prepared(_subtree_query)


def subtree_ids(person):
    """Ids of everyone who reports to `person`, directly or indirectly (not `person`)."""
    cursor = _SUBTREE.execute(person.id)
    return [person_id for (person_id,) in cursor.fetchall() if person_id != person.id]


def chain_ids(person):
    """Ids of `person`'s managers, nearest first."""
    ids, current, seen = [], person.manager_id, {person.id}
    while current and current not in seen:
        ids.append(current)
        seen.add(current)
        current = Person.select(Person.manager).where(Person.id == current).scalar()
    return ids


class Scope:
    """What one signed-in person may reach; computed once per request."""

    def __init__(self, person):
        self.person = person
        self.id = person.id
        self.subtree = subtree_ids(person)

    def manages(self, person_id):
        return person_id in self.subtree

    def may_write_about(self, person_id):
        return person_id is None or person_id == self.id or self.manages(person_id)

    def people(self):
        """The people this person may write about: their whole reporting subtree."""
        if not self.subtree:
            return []
        return list(Person.select().where(Person.id.in_(self.subtree)).order_by(Person.name))


# --- observations ----------------------------------------------------------------------


def observation_relevant(scope):
    """Rows whose changes concern this person: visible ones and ones that may have been
    visible before (so a pull can carry them as deleted when they stop being visible)."""
    about = Observation.person == scope.id
    if scope.subtree:
        about = about | Observation.person.in_(scope.subtree)
    return (Observation.author == scope.id) | (Observation.shared_once & about)


def observation_visible(scope, obs):
    if obs.author_id == scope.id:
        return True
    if obs.visibility != "shared" or obs.person_id is None:
        return False
    return obs.person_id == scope.id or scope.manages(obs.person_id)


def observation_visible_query(scope):
    shared_about = (Observation.visibility == "shared") & (Observation.person == scope.id)
    if scope.subtree:
        shared_about = shared_about | (
            (Observation.visibility == "shared") & Observation.person.in_(scope.subtree)
        )
    return (Observation.author == scope.id) | shared_about


def may_change_observation(scope, obs):
    return obs.author_id == scope.id


def observation_state_visible(scope, author_id, state):
    """Whether this person could see an observation whose fields (wire names) were `state`."""
    if author_id == scope.id:
        return True
    about = state.get("personId")
    return (
        state.get("visibility") == "shared"
        and about is not None
        and (about == scope.id or scope.manages(about))
    )


def observation_history(scope, record, revisions):
    """The revisions of a note this person may read (docs/decisions.md §30).

    Its author reads them all. Anyone else reads only the revisions after which the note was
    shared with them, replaying each revision's changes to know. The first such revision
    after a private stretch shows the whole note as it then read (`snapshot`), so no diff
    points back at private text; values a conflict kept off the note (written on the
    author's devices, maybe while they thought it private) stay with the author."""
    if record.author_id == scope.id:
        return revisions
    shown, state, seen_previous = [], {"visibility": "private"}, False
    for revision in revisions:
        changes = {k: v for k, v in (revision["changes"] or {}).items() if k != "flagged"}
        state.update(changes)
        seen = observation_state_visible(scope, record.author_id, state)
        if seen and not seen_previous:
            shown.append(
                revision
                | {"changes": dict(state), "conflicts": None, "baseVersion": None, "snapshot": True}
            )
        elif seen and changes:
            shown.append(revision | {"conflicts": None, "changes": changes})
        seen_previous = seen
    return shown


# --- records about a learner: goals, challenges, check-ins ------------------------------


def about_learner_visible_query(model, scope):
    condition = (model.author == scope.id) | (model.learner == scope.id)
    if scope.subtree:
        condition = condition | model.learner.in_(scope.subtree)
    return condition


def about_learner_visible(scope, record):
    return (
        record.author_id == scope.id
        or record.learner_id == scope.id
        or scope.manages(record.learner_id)
    )


def goal_data_for(scope, data):
    """A goal lists to each reader only the observations that reader may see: its learner
    never learns the ids of private notes behind it (docs/decisions.md §33). `data` may be a
    whole record or one revision's changes."""
    ids = data.get("observationIds")
    if not ids:
        return data
    hidden = set(observations_hidden_from(scope, ids))
    return data | {"observationIds": [i for i in ids if i not in hidden]}


def goal_data_for_many(scope, datas):
    """goal_data_for of many goals (a pull page) with one query for all their observations."""
    hidden = set(
        observations_hidden_from(
            scope, list(dict.fromkeys(i for d in datas for i in d.get("observationIds") or []))
        )
    )
    return [
        d | {"observationIds": [i for i in d["observationIds"] if i not in hidden]}
        if d.get("observationIds")
        else d
        for d in datas
    ]


def observations_hidden_from(scope, ids):
    """The ids among `ids` of observations this person may not see (kept off their view of
    a goal, and kept on the goal when they change its links)."""
    if not ids:
        return []
    seen = {
        row.id
        for row in Observation.select(Observation.id).where(
            Observation.id.in_(list(ids)) & observation_visible_query(scope)
        )
    }
    return [i for i in ids if i not in seen]


def may_coach(scope, learner_id):
    """Coaches of a learner: anyone up their chain; and the learner, for self-development."""
    return learner_id == scope.id or scope.manages(learner_id)


def is_learner_only(scope, record):
    """This person is the learner of a record someone else (their coach) wrote about them."""
    return record.learner_id == scope.id and record.author_id != scope.id


# The statuses a learner may give a challenge their coach assigned: dropping or reassigning it
# is the coach's call.
LEARNER_STATUSES = {"accepted", "in_progress", "stuck", "done"}


def may_set_status(scope, challenge, status):
    return status in LEARNER_STATUSES or not is_learner_only(scope, challenge)


def may_record_checkin(scope, challenge):
    """Check-ins are recorded by the learner's coaches (or by the learner on their own
    challenge); on a coach's challenge the learner answers them."""
    return not is_learner_only(scope, challenge)


# What a learner may change on a record their coach wrote about them.
LEARNER_FIELDS = {
    "challenge": {"status", "reflection", "actual", "help_offer"},
    "checkin": {"answer"},
    "goal": set(),
}


# What the learner's coaches may change, where it is not every field: a check-in's answer is
# the learner's own.
COACH_FIELDS = {
    "checkin": {
        "at",
        "engagement",
        "approach",
        "resilience",
        "notes",
        "learned",
        "next_step",
        "next_checkin_on",
    },
}


def changeable_fields(scope, entity_type, record):
    """None: every field; otherwise the set of fields this person may change."""
    if scope.manages(record.learner_id):
        return COACH_FIELDS.get(entity_type)
    if record.learner_id == scope.id:
        return LEARNER_FIELDS[entity_type] if is_learner_only(scope, record) else None
    return set()


# What only the learner sets, even on their coach's record: an offer to help others is theirs
# to give (docs/decisions.md §32).
LEARNER_OWN_FIELDS = {"challenge": {"help_offer"}, "checkin": set(), "goal": set()}


def learner_own_fields(scope, entity_type, record):
    """Fields this person may not set on the record because only its learner may."""
    return set() if record.learner_id == scope.id else LEARNER_OWN_FIELDS[entity_type]


def refused_fields(scope, entity_type, record, fields):
    """The fields among `fields` (model names) this person may not change on the record."""
    allowed = changeable_fields(scope, entity_type, record)
    refused = set(fields) - allowed if allowed is not None else set()
    return sorted(refused | (set(fields) & learner_own_fields(scope, entity_type, record)))


def may_delete_about_learner(scope, record):
    return scope.manages(record.learner_id) or (
        record.learner_id == scope.id and record.author_id == scope.id
    )


# --- mentor notes -------------------------------------------------------------------------


def mentor_note_visible_query(model, scope):
    return (model.author == scope.id) | (model.person == scope.id)


def mentor_note_visible(scope, note):
    return scope.id in (note.author_id, note.person_id)


def is_mentor_of(scope, person_id):
    """A mentor is a manager once removed (or higher) of the person."""
    person = Person.get_or_none(Person.id == person_id)
    return person is not None and scope.id in chain_ids(person)[1:]


def may_change_mentor_note(scope, note):
    return note.author_id == scope.id


# --- teamwork helpers (docs/decisions.md §32, §34) ----------------------------------------------


def may_be_asked_for_help(person_id):
    """A teamwork helper may be anyone active in Gembakit, in any team."""
    return Person.select().where((Person.id == person_id) & Person.active).exists()


def help_offers_visible(scope):
    """The challenges whose offer to help the helper search may show this person: done, live,
    offered by an active learner other than themselves (join Person on the learner). Only the
    offer is shown: never a challenge's title, problem or text."""
    return (
        (Challenge.status == "done")
        & (Challenge.deleted == False)
        & Challenge.help_offer.is_null(False)
        & Person.active
        & (Challenge.learner != scope.id)
    )


# --- looking a person up by name, for a workshop's participants (docs/decisions.md §103) -----


def may_look_up_people(scope):
    """Anyone may run a workshop (§77), and anyone active may be listed in one: so every
    active person signed in may find a colleague by name."""
    return bool(scope.person.active)


def people_found_by_lookup(scope):
    """Whom the name lookup may answer: active people, anywhere in the organisation. It
    shows their name and area only: never their manager, coach, challenges or notes."""
    return Person.active


# --- people ----------------------------------------------------------------------------


def may_manage_person(scope, person_id):
    """Admins manage everyone; managers manage their subtree."""
    return scope.person.is_admin or scope.manages(person_id)


def may_invite(scope):
    return scope.person.is_admin or bool(scope.subtree)


def may_list_people(scope):
    return may_invite(scope)


def people_listed(scope):
    """The people this person's People screen lists: everyone for an admin, else their
    subtree."""
    if scope.person.is_admin:
        return Person.select()
    return Person.select().where(Person.id.in_(scope.subtree))


def manager_for_new_person(scope, manager_id):
    """Whom a person this one adds reports to: as asked for an admin; a manager's new person
    joins her own team unless she names someone in it."""
    return manager_id if scope.person.is_admin else (manager_id or scope.id)


def may_place_under(scope, manager_id):
    """Whether this person may put someone under `manager_id` (a new person, or a move):
    admins anywhere; managers under themselves or someone in their team. Checked before the
    id is looked up, so a manager learns nothing about ids outside her team."""
    if scope.person.is_admin:
        return True
    return manager_id is not None and (manager_id == scope.id or scope.manages(manager_id))


def may_change_person(scope, person_id, fields):
    """Whether this person reaches `person_id` for a change of `fields` (model names):
    a rename as may_rename says, anything else as may_manage_person."""
    if set(fields) <= {"name"}:
        return may_rename(scope, person_id)
    return may_manage_person(scope, person_id)


# Fields of a person only an admin changes.
ADMIN_ONLY_PERSON_FIELDS = {"is_admin", "active"}


def may_change_person_fields(scope, fields):
    return may_administer(scope) or not (ADMIN_ONLY_PERSON_FIELDS & set(fields))


def may_take_name(scope, person_id, name):
    """Nobody takes an active colleague's name for themselves; an admin or a manager may name
    two people alike."""
    if person_id != scope.id:
        return True
    return (
        not Person.select()
        .where((fn.LOWER(Person.name) == name.lower()) & (Person.id != person_id) & Person.active)
        .exists()
    )


# --- people administration: links, reporting lines, admins (docs/decisions.md §21-§29) -----


def link_for(scope, person, has_passkey):
    """What asking for a new link for `person` gives this person:
    "invite" (they never enrolled: a plain one-time invite), "recovery" (an admin: a link that
    adds a passkey and ends their other sessions) or "request" (a manager: a request the
    admins see). Nobody but an admin may hand out a way into an account that is in use."""
    if not has_passkey:
        return "invite"
    return "recovery" if scope.person.is_admin else "request"


def joins_chain_alone(scope, person, new_manager_id):
    """True when giving `person` the manager `new_manager_id` would put the one making the
    change into that person's reporting chain (so they would read that person's records,
    and their reports') without being there before. Another admin must make such a move."""
    if new_manager_id is None:
        return False
    before = set(chain_ids(person))
    if scope.id in before:
        return False
    new_manager = Person.get_or_none(Person.id == new_manager_id)
    if new_manager is None:
        return False
    return new_manager.id == scope.id or scope.id in chain_ids(new_manager)


def may_administer(scope):
    """Admin rights, activation, reporting lines anywhere and the audit log: admins only."""
    return scope.person.is_admin


def may_leave_without_manager(scope):
    return may_administer(scope)


def may_manage_areas(scope):
    return may_administer(scope)


def makes_reporting_cycle(person, manager):
    """Someone cannot report to themselves or to one of their own reports."""
    return manager.id == person.id or person.id in chain_ids(manager)


# --- passkeys ------------------------------------------------------------------------------


def link_may_add_passkey(kind, has_passkey):
    """A plain invite (or the setup link) enrols a person who has no passkey yet; only a
    recovery link (from an admin, audited, ending other sessions) adds one to an account in
    use."""
    return kind == "recovery" or not has_passkey


def may_add_own_passkey(signed_in, person):
    """Without a link, a passkey is added only by the person themselves, signed in."""
    return signed_in is not None and signed_in.id == person.id


def is_last_active_admin(person):
    """Revoking or deactivating this person would leave nobody able to administer."""
    if not (person.is_admin and person.active):
        return False
    others = Person.select().where(Person.is_admin & Person.active & (Person.id != person.id))
    return not others.exists()


def may_rename(scope, person_id):
    """Everyone renames themselves; admins rename anyone; managers rename their subtree."""
    return person_id == scope.id or may_manage_person(scope, person_id)


def may_read_audit_log(scope):
    """The whole log is for admins; everyone reads the events about themselves (in Account)."""
    return scope.person.is_admin


def may_export_audit_log(scope):
    """Downloading the log (CSV or JSON, decisions §98) is reading all of it: admins only. A
    person's own events are in Account, not in a file."""
    return may_read_audit_log(scope)


# --- attachments ---------------------------------------------------------------------------
# A photo travels from its uploader's notes to the notes of those who may see them, and no
# further (docs/decisions.md §31). Knowing a photo's hash gives nothing: a note may list it only
# if its author uploaded it or may see a live note of the uploader's that shows it, and a
# reader sees it only through a note they may see that lists it by that same rule.


def _uploader_of(sha256):
    from .models import Attachment

    return Attachment.select(Attachment.uploaded_by).where(Attachment.sha256 == sha256).scalar()


def _notes_listing(sha256, condition):
    """Live notes matching `condition` whose photos list `sha256`."""
    from peewee import OP, Expression, Value

    # A text match narrows the rows (photos is a JSON list); the list membership decides.
    names_it = Expression(Observation.photos, OP.ILIKE, Value(f"%{sha256}%", converter=False))
    rows = Observation.select(Observation.author, Observation.photos).where(
        condition & (Observation.deleted == False) & names_it
    )
    return [row for row in rows if sha256 in (row.photos or [])]


def _may_list_photo(scope, sha256, uploader_id):
    """The uploader, or someone who may see a live note of the uploader's showing it."""
    if uploader_id is None:
        return False
    if uploader_id == scope.id:
        return True
    by_uploader = observation_visible_query(scope) & (Observation.author == uploader_id)
    return bool(_notes_listing(sha256, by_uploader))


def photos_not_listable(scope, hashes):
    """The photos among `hashes` this person may not put on a note of theirs: someone
    else's, or never uploaded (the same answer for both, so nobody learns which exist)."""
    return [sha256 for sha256 in hashes if not _may_list_photo(scope, sha256, _uploader_of(sha256))]


def attachment_visible(scope, sha256):
    """A photo is seen by whoever uploaded it, and by whoever may see a live note that lists
    it legitimately: one whose author may list it (checked now, so a note that named someone
    else's photo before this rule, or copied it from a note since deleted, shows nothing)."""
    uploader_id = _uploader_of(sha256)
    if uploader_id is None:
        return False
    if uploader_id == scope.id:
        return True
    authors = {row.author_id for row in _notes_listing(sha256, observation_visible_query(scope))}
    return any(_may_list_photo(_scope_of(author_id), sha256, uploader_id) for author_id in authors)


def _scope_of(person_id):
    return Scope(Person.get_by_id(person_id))


# --- kaizen workshops (docs/decisions.md §77-§80) -------------------------------------------
# A workshop is a room: its facilitator sees and changes everything in it. Each participant
# with an account sees the workshop (title, area, date, who took part) and the ideas
# attributed to them, nobody else's. An idea is not coaching content about its person until
# it becomes a challenge, which then follows the challenge's rules (their managers see it).


def _listed(participants):
    return {p.get("personId") for p in participants or [] if p.get("personId")}


def workshop_relevant(scope):
    """Workshops this person runs or was ever listed in (a pull carries one they were
    taken off as deleted). `seen_by` is a JSON list of ids: a UUID matches only itself."""
    from peewee import OP, Expression, Value

    listed = Expression(Workshop.seen_by, OP.ILIKE, Value(f'%"{scope.id}"%', converter=False))
    return (Workshop.author == scope.id) | listed


def workshop_visible(scope, workshop):
    return workshop.author_id == scope.id or scope.id in _listed(workshop.participants)


def runs_workshop(scope, workshop):
    """The facilitator alone changes a workshop and captures, changes or deletes its ideas."""
    return workshop is not None and not workshop.deleted and workshop.author_id == scope.id


def may_change_workshop(scope, workshop):
    return workshop.author_id == scope.id


def may_take_part(person_id):
    """Anyone active in Gembakit, in any team, may be listed as a participant; an unknown id
    and a deactivated person get the same answer."""
    return may_be_asked_for_help(person_id)


def idea_visible_query(scope):
    return (Idea.author == scope.id) | (Idea.person == scope.id)


def idea_visible(scope, idea):
    """The facilitator who captured it, and the person it is attributed to."""
    return scope.id in (idea.author_id, idea.person_id)


def may_change_idea(scope, idea):
    return idea.author_id == scope.id


def may_make_challenge_of(scope, idea):
    """An idea becomes a kaizen challenge for its person when the facilitator may coach them
    (anyone up their chain, or the person's own idea): challenge.create decides the same."""
    return idea.person_id is not None and may_coach(scope, idea.person_id)


# --- reminders (docs/decisions.md §91) --------------------------------------------------------
# A reminder names only challenges the person already sees, by their title: the coach who wrote
# a challenge is reminded of its due check-ins; its learner and that coach of it being overdue.
# Managers further up the chain are not reminded of their coaches' work (their Today shows it).

ACTIVE_STATUSES = ("assigned", "accepted", "in_progress", "stuck")


def reminded_checkins_query(person_id):
    """Active challenges whose due check-ins remind `person_id`: the ones they wrote."""
    return (
        (Challenge.author == person_id)
        & (Challenge.deleted == False)
        & Challenge.status.in_(ACTIVE_STATUSES)
    )


def reminded_overdue_query(person_id):
    """Active challenges whose overdue date reminds `person_id`: theirs, or written by them."""
    return (
        ((Challenge.author == person_id) | (Challenge.learner == person_id))
        & (Challenge.deleted == False)
        & Challenge.status.in_(ACTIVE_STATUSES)
    )


def may_read_reminder(scope, challenge):
    """What a reminder names must be readable by its person (checked again on each send)."""
    return about_learner_visible(scope, challenge)


# --- the principles library (docs/decisions.md §99-§102) ---------------------------------------
# A principle names no learner: everyone signed in reads the library (a learner reads the
# principle their goal teaches); coaches publish from a goal of a learner they coach, closed as
# learned; only the author changes or deletes what she published. How challenges ended is
# shown only in aggregate, and only once enough learners were taught it that no one of them
# can be told apart.

# The outcomes of a principle's challenges are shown once it was taught to this many learners.
PRINCIPLE_OUTCOMES_FROM = 3


def principle_relevant(scope):
    from .models import Principle

    return Principle.id.is_null(False)


def principle_visible(scope, principle):
    return True


def may_publish_principles(scope):
    """Someone who coaches at least one person publishes to the library."""
    return bool(scope.subtree)


def may_publish_from(scope, goal):
    """A goal's principle is published by a coach of its learner (or by a coach from her own
    self-development goal), never by the learner of someone else's goal."""
    return (
        goal is not None and may_coach(scope, goal.learner_id) and not is_learner_only(scope, goal)
    )


def may_change_principle(scope, principle):
    return principle.author_id == scope.id


def principle_outcomes_visible(learners_taught):
    return learners_taught >= PRINCIPLE_OUTCOMES_FROM
