// Who may do what with a record on this device: the client's one home for access rules
// (the server decides for good in server/access.py; these only choose what to offer).
// `viewer` is {me, coachees}: my person id and the ids of everyone I coach (my subtree).

import { ENTITIES } from '../contract.js';

export function myId(profile) {
  return (profile && profile.user && profile.user.id) || null;
}

/** Ids of everyone I coach: my whole reporting subtree. */
export function coachees(profile) {
  return new Set(((profile && profile.people) || []).map((p) => p.id));
}

export function isCoach(profile) {
  return Boolean(profile && profile.people && profile.people.length);
}

export const viewerOf = (profile) => ({ me: myId(profile), coachees: coachees(profile) });

/** I wrote it (a record not yet stamped with an author is one I just made). */
export const wroteIt = (viewer, record) => !record.authorId || record.authorId === viewer.me;

/** May I change every field of this goal, challenge or check-in? (A coach up the chain, or my own self-development.) */
export function mayCoach(viewer, record) {
  return viewer.coachees.has(record.learnerId) || (record.learnerId === viewer.me && wroteIt(viewer, record));
}

/** Am I the learner of a record my coach wrote (so only the learner's fields are mine)? */
export function isLearnerOnly(viewer, record) {
  return record.learnerId === viewer.me && !wroteIt(viewer, record);
}

/** A flagged record is settled by whoever wrote it (a learner cannot change a coach's note). */
export const maySettle = wroteIt;

/** The fields of `type` a learner may change on a record their coach wrote (the server's list). */
export const learnerFields = (type) => (ENTITIES[type] && ENTITIES[type].learnerFields) || [];

/** Ids of the managers above `personId`, nearest first, in a list of {id, managerId}. */
function chainAbove(personId, people) {
  const byId = new Map(people.map((p) => [p.id, p]));
  const chain = [];
  let current = byId.get(personId);
  while (current && current.managerId && !chain.includes(current.managerId)) {
    chain.push(current.managerId);
    current = byId.get(current.managerId);
  }
  return chain;
}

/**
 * Would putting `person` under `managerId` place me in their reporting chain without my being
 * there before? The server refuses that move (403 own_chain, server/access.py
 * joins_chain_alone): another admin must make it, so the People screen does not offer it.
 */
export function joinsChainAlone(meId, person, managerId, people) {
  if (!managerId || chainAbove(person.id, people).includes(meId)) return false;
  return managerId === meId || chainAbove(managerId, people).includes(meId);
}
