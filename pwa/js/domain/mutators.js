// Mutators: how each mutation changes the local copy of a record.
// Pure functions, used when a change is made, when the server acknowledges it
// (folded into our copy of the server's state) and when a pull brings fresh
// server data that still has changes waiting on top.
//
// Every synced entity is described once in ENTITIES: its local store, the
// fields a create carries and an update may carry and the defaults the server
// fills in (all three from the server's contract), and which person ids get a
// name next to them. The generic create/update/delete mutators below do the
// rest; `extra` adds what is particular to one entity (a challenge's status history).

import { t } from '../i18n/i18n.js';
import { ENTITIES as WIRE, ENUMS, MUTATIONS } from '../contract.js';

/** [kind, label] pairs; the label is read in the chosen language when shown. */
export const KINDS = ENUMS.kinds.map((kind) => Object.defineProperty([kind], 1, { enumerable: true, get: () => t(`kind.${kind}`) }));

/** The defaults the server fills in for a type's fields (from the contract), before the device's own. */
function serverDefaults(type) {
  const fields = WIRE[type].fields;
  return Object.fromEntries(Object.entries(fields).filter(([, spec]) => 'default' in spec).map(([name, spec]) => [name, spec.default]));
}

/**
 * The fields a create carries and an update may carry come from the server (contract.js);
 * what is added here is the device's own: where records are kept, what the device shows
 * before the server's copy arrives, and which person ids get a name beside them.
 */
const LOCAL = {
  observation: { store: 'observations', defaults: {}, names: ['personId'] },
  goal: { store: 'goals', defaults: {}, names: ['learnerId'] },
  challenge: {
    store: 'challenges',
    // helpOffer: the learner's offer to help others with its topic, once done (null: none).
    defaults: { acceptedAt: null, statusHistory: [] },
    names: ['learnerId'],
    extra: challengeStatus,
  },
  checkin: {
    store: 'checkins',
    // learnerId is the challenge's; the server fills it in, the views fall back on the challenge.
    defaults: { learnerId: null, learnerName: null },
    names: [],
  },
  mentor_note: { store: 'mentor_notes', defaults: {}, names: ['personId'] },
  // Kaizen workshops (views/workshop*.js): the server names each participant; an idea's
  // person is its participant entry's, filled in by the server (null for a guest).
  workshop: { store: 'workshops', defaults: {}, names: [] },
  idea: { store: 'ideas', defaults: { personId: null, personName: null }, names: [] },
  // The principles library (views/principles.js): its goalId (where it was published from)
  // stays on the server; the device's copy keeps only what every coach reads.
  principle: { store: 'principles', defaults: {}, names: [] },
};

export const ENTITIES = Object.fromEntries(
  Object.entries(LOCAL).map(([type, local]) => [
    type,
    { ...local, createFields: WIRE[type].create, editable: WIRE[type].update, defaults: { ...serverDefaults(type), ...local.defaults } },
  ]),
);

/** The server's length limit of a text field (contract.js), for the form's maxlength. */
export const maxLength = (type, field) => (WIRE[type] && WIRE[type].fields[field] && WIRE[type].fields[field].maxLength) || undefined;

export const EDITABLE_FIELDS = ENTITIES.observation.editable;

/** Which local store holds records of this entity type (mutation `name` prefix or pulled `type`). */
export const STORE_FOR_TYPE = Object.fromEntries(Object.entries(ENTITIES).map(([type, e]) => [type, e.store]));

export function entityType(mutationName) {
  return mutationName.split('.')[0];
}

function personName(profile, personId) {
  if (!personId || !profile) return null;
  if (profile.user && profile.user.id === personId) return profile.user.name;
  if (profile.manager && profile.manager.id === personId) return profile.manager.name;
  const match = (profile.people || []).find((p) => p.id === personId);
  return match ? match.name : null;
}

/** The `fooName` for a `fooId` field. */
const nameField = (idField) => idField.replace(/Id$/, 'Name');

function me(profile) {
  const user = (profile && profile.user) || {};
  return { id: user.id ?? null, name: user.name ?? null };
}

/**
 * The server records who changed a challenge's status and when; until its copy
 * arrives the device shows the same entry, marked `local`.
 */
function challengeStatus(next, data, args, at, profile, verb) {
  const user = me(profile);
  if (verb === 'create') {
    if (!data) next.statusHistory = [{ status: 'assigned', by: user.id, byName: user.name, at, local: true }];
    return next;
  }
  if ('status' in args && (!data || args.status !== data.status)) {
    next.statusHistory = [...(next.statusHistory || []), { status: args.status, by: user.id, byName: user.name, at, local: true }];
    if (args.status === 'accepted' && !next.acceptedAt) next.acceptedAt = at;
  }
  return next;
}

function create(type) {
  const entity = ENTITIES[type];
  return (data, args, at, profile) => {
    const user = me(profile);
    const fields = {};
    for (const key of entity.createFields) if (key in args) fields[key] = args[key];
    const next = {
      authorId: user.id,
      authorName: user.name,
      createdAt: at,
      flagged: false,
      ...entity.defaults,
      ...(data || {}),
      ...fields,
      id: args.id,
      updatedAt: at,
    };
    for (const idField of entity.names) {
      next[nameField(idField)] = personName(profile, next[idField]) ?? (data && data[nameField(idField)]) ?? null;
    }
    return entity.extra ? entity.extra(next, data, args, at, profile, 'create') : next;
  };
}

function update(type) {
  const entity = ENTITIES[type];
  return (data, args, at, profile) => {
    if (!data) return null; // nothing to patch until the server copy arrives
    const next = { ...data, updatedAt: at };
    for (const key of entity.editable) if (key in args) next[key] = args[key];
    for (const idField of entity.names) if (idField in args) next[nameField(idField)] = personName(profile, args[idField]);
    if (args.resolve) next.flagged = false;
    return entity.extra ? entity.extra(next, data, args, at, profile, 'update') : next;
  };
}

// One mutator for each mutation the server takes (MUTATIONS): `<type>.<verb>`.
const VERBS = { create, update, delete: () => () => null };
const mutators = Object.fromEntries(MUTATIONS.map((name) => [name, VERBS[name.split('.')[1]](entityType(name))]));

/** Apply one mutation to `data` (null = no record). Returns the new data, or null if hidden/deleted. */
export function applyMutation(data, mutation, profile) {
  const mutate = mutators[mutation.name];
  if (!mutate) return data; // unknown mutation: leave the record as it is
  return mutate(data, mutation.args, mutation.at, profile);
}

/** Replay `mutations` (in id order) on top of `base`. */
export function replay(base, mutations, profile) {
  let data = base;
  for (const m of mutations) data = applyMutation(data, m, profile);
  return data;
}
