// Mutators: how each mutation changes the local copy of a record.
// Pure functions, used when a change is made, when the server acknowledges it
// (folded into our copy of the server's state) and when a pull brings fresh
// server data that still has changes waiting on top.
//
// Every synced entity is described once in ENTITIES: its local store, the
// fields a create carries, the fields an update may carry, the defaults the
// server fills in, and which person ids get a name next to them. The generic
// create/update/delete mutators below do the rest; `extra` adds what is
// particular to one entity (a challenge's status history).

export const KINDS = [
  ['misconception', 'Misconception'],
  ['skill_gap', 'Skill gap'],
  ['strength', 'Strength'],
  ['problem', 'Problem'],
  ['safety', 'Safety'],
  ['idea', 'Idea'],
];

export const OBSERVATION_FIELDS = ['note', 'kind', 'personId', 'areaId', 'visibility', 'observedAt', 'photos'];
export const EDITABLE_FIELDS = ['note', 'kind', 'personId', 'areaId', 'visibility', 'observedAt', 'photos'];

export const ENTITIES = {
  observation: {
    store: 'observations',
    createFields: OBSERVATION_FIELDS,
    editable: EDITABLE_FIELDS,
    defaults: { personId: null, areaId: null, photos: [] },
    names: ['personId'],
  },
  goal: {
    store: 'goals',
    createFields: ['learnerId', 'action', 'reason', 'misconception', 'observationIds', 'status'],
    editable: ['action', 'reason', 'misconception', 'observationIds', 'status'],
    defaults: { misconception: null, observationIds: [], status: 'open' },
    names: ['learnerId'],
  },
  challenge: {
    store: 'challenges',
    createFields: ['goalId', 'learnerId', 'mode', 'title', 'problem', 'target', 'dueOn', 'details'],
    // helpOffer: the learner's offer to help others with its topic, once done (null: none).
    editable: ['goalId', 'title', 'problem', 'target', 'actual', 'dueOn', 'status', 'details', 'reflection', 'helpOffer'],
    defaults: { goalId: null, actual: null, details: {}, reflection: '', acceptedAt: null, status: 'assigned', statusHistory: [], helpOffer: null },
    names: ['learnerId'],
    extra: challengeStatus,
  },
  checkin: {
    store: 'checkins',
    createFields: ['challengeId', 'at', 'engagement', 'approach', 'resilience', 'notes', 'learned', 'nextStep', 'nextCheckinOn'],
    editable: ['at', 'engagement', 'approach', 'resilience', 'notes', 'learned', 'nextStep', 'nextCheckinOn', 'answer'],
    // learnerId is the challenge's; the server fills it in, the views fall back on the challenge.
    defaults: { learnerId: null, learnerName: null, notes: '', learned: null, nextStep: null, nextCheckinOn: null, answer: null },
    names: [],
  },
  mentor_note: {
    store: 'mentor_notes',
    createFields: ['personId', 'note', 'at'],
    editable: ['note', 'at'],
    defaults: {},
    names: ['personId'],
  },
};

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

const mutators = {};
for (const type of Object.keys(ENTITIES)) {
  mutators[`${type}.create`] = create(type);
  mutators[`${type}.update`] = update(type);
  mutators[`${type}.delete`] = () => null;
}

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
