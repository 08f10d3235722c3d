"""Who may see and change what — decided here and nowhere else.

Rules (DESIGN.md §4):
- A record about a learner is visible to the learner, its author, and the learner's managers
  up the chain. A private observation is visible to its author alone until it is shared.
- Admins manage people and invites; they read coaching content only where they are in the chain.
- Only the author edits or deletes an observation.
- An observation may be about oneself or about someone in one's reporting subtree.
"""
from .models import Observation, Person


def subtree_ids(person):
    """Ids of everyone who reports to `person`, directly or indirectly (not `person`)."""
    found, frontier = [], [person.id]
    while frontier:
        frontier = [p.id for p in Person.select(Person.id).where(Person.manager.in_(frontier))
                    if p.id not in found and p.id != person.id]
        found.extend(frontier)
    return found


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
    about = (Observation.person == scope.id)
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
        shared_about = shared_about | ((Observation.visibility == "shared")
                                       & Observation.person.in_(scope.subtree))
    return (Observation.author == scope.id) | shared_about


def may_change_observation(scope, obs):
    return obs.author_id == scope.id


# --- people ----------------------------------------------------------------------------

def may_manage_person(scope, person_id):
    """Admins manage everyone; managers manage their subtree."""
    return scope.person.is_admin or scope.manages(person_id)


def may_invite(scope):
    return scope.person.is_admin or bool(scope.subtree)
