// Mutators: how each mutation changes the local copy of a record.
// Pure functions, used when a change is made, when the server acknowledges it
// (folded into our copy of the server's state) and when a pull brings fresh
// server data that still has changes waiting on top.

export const KINDS = [
  ['misconception', 'Misconception'],
  ['skill_gap', 'Skill gap'],
  ['strength', 'Strength'],
  ['problem', 'Problem'],
  ['safety', 'Safety'],
  ['idea', 'Idea'],
];

export const OBSERVATION_FIELDS = ['note', 'kind', 'personId', 'areaId', 'visibility', 'observedAt', 'photos'];
export const EDITABLE_FIELDS = ['note', 'kind', 'personId', 'visibility', 'observedAt'];

/** Which local store holds records of this entity type (mutation `name` prefix or pulled `type`). */
export const STORE_FOR_TYPE = { observation: 'observations' };

export function entityType(mutationName) {
  return mutationName.split('.')[0];
}

function personName(profile, personId) {
  if (!personId) return null;
  const people = (profile && profile.people) || [];
  const match = people.find((p) => p.id === personId);
  return match ? match.name : null;
}

const mutators = {
  'observation.create'(data, args, at, profile) {
    const user = (profile && profile.user) || {};
    const fields = {};
    for (const key of OBSERVATION_FIELDS) if (key in args) fields[key] = args[key];
    return {
      authorId: user.id ?? null,
      authorName: user.name ?? null,
      personId: null,
      areaId: null,
      photos: [],
      createdAt: at,
      flagged: false,
      ...(data || {}),
      ...fields,
      id: args.id,
      personName: personName(profile, args.personId ?? null) ?? (data && data.personName) ?? null,
      updatedAt: at,
    };
  },
  'observation.update'(data, args, at, profile) {
    if (!data) return null; // nothing to patch until the server copy arrives
    const next = { ...data, updatedAt: at };
    for (const key of EDITABLE_FIELDS) if (key in args) next[key] = args[key];
    if ('personId' in args) next.personName = personName(profile, args.personId);
    return next;
  },
  'observation.delete'() {
    return null;
  },
};

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
