// The outbox: every local change becomes a mutation {id, name, args, at}
// written together with the record it changes, in one IndexedDB transaction
// (see PersonStore.queue). Nothing here talks to the network; sync.js sends
// what waits. One generic create/update/delete serves every entity described
// in domain/mutators.js; the named helpers below only fill in defaults.

import { ENTITIES, EDITABLE_FIELDS } from '../domain/mutators.js';

export const changes = new EventTarget(); // 'queued' after each local change

function announce(mutation) {
  if (mutation) changes.dispatchEvent(new CustomEvent('queued', { detail: mutation }));
  return mutation;
}

/** Deep equality for field values (strings, numbers, lists, plain objects); null == undefined. */
export function sameValue(a, b) {
  a = a ?? null;
  b = b ?? null;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => sameValue(a[k], b[k]));
}

function entity(type) {
  const found = ENTITIES[type];
  if (!found) throw new Error(`Unknown record type: ${type}`);
  return found;
}

/** Create a record of `type` with `args` (a new id is added). Returns the queued mutation. */
export async function createRecord(store, type, args, { fromRejectedId = null, photos = [] } = {}) {
  const id = args.id || crypto.randomUUID();
  const full = { ...args, id };
  const mutation = await store.queue(entity(type).store, id, () => ({ name: `${type}.create`, args: full }), {
    alsoDismissRejected: fromRejectedId,
    photos,
  });
  return announce(mutation);
}

/**
 * Change a record: only the fields that differ from what the device shows are
 * sent, with the server version this device last saw (0 if never synced).
 * `resolve: true` also clears a conflict flag. `photos` (prepared photo
 * records, see photo-store.js) are stored in the same transaction.
 * Returns null when nothing changed.
 */
export async function updateRecord(store, type, id, fields, { resolve = false, photos = [] } = {}) {
  const { store: storeName, editable } = entity(type);
  const mutation = await store.queue(storeName, id, (record) => {
    if (!record || !record.data) throw new Error('This record no longer exists on this device.');
    const args = { id, baseVersion: record.version || 0 };
    let changed = false;
    for (const key of editable) {
      if (key in fields && !sameValue(fields[key], record.data[key])) {
        args[key] = fields[key] ?? null;
        changed = true;
      }
    }
    if (resolve && record.data.flagged) {
      args.resolve = true;
      changed = true;
    }
    return changed ? { name: `${type}.update`, args } : null;
  }, { photos });
  return announce(mutation);
}

export async function deleteRecord(store, type, id) {
  const mutation = await store.queue(entity(type).store, id, (record) => {
    if (!record) return null; // already gone
    return { name: `${type}.delete`, args: { id, baseVersion: record.version || 0 } };
  });
  return announce(mutation);
}

// ---------------------------------------------------------------- observations

/**
 * Capture a new observation. `photoRecords` (from photos.preparePhoto) are
 * stored with it in one transaction; `fields.photos` lists their hashes.
 */
export function createObservation(store, fields, { fromRejectedId = null, photoRecords = [] } = {}) {
  const args = {
    note: fields.note,
    kind: fields.kind || 'misconception',
    visibility: fields.visibility || 'private',
    observedAt: fields.observedAt || new Date().toISOString(),
    photos: fields.photos || [],
  };
  if (fields.personId) args.personId = fields.personId;
  if (fields.areaId) args.areaId = fields.areaId;
  return createRecord(store, 'observation', args, { fromRejectedId, photos: photoRecords });
}

export function updateObservation(store, id, fields, options) {
  return updateRecord(store, 'observation', id, fields, options);
}

export function deleteObservation(store, id) {
  return deleteRecord(store, 'observation', id);
}

/** The fields of a rejected change, as a starting point for saving them again as a new observation. */
export function fieldsOfRejected(rejected, current) {
  const base = current ? { ...current } : {};
  const fields = { ...base };
  for (const key of EDITABLE_FIELDS) if (key in rejected.args) fields[key] = rejected.args[key];
  return fields;
}

// ---------------------------------------------------------------- the coaching loop

/** A learning goal about `learnerId`, from the observations that showed the need. */
export function createGoal(store, { learnerId, action, reason, misconception = null, observationIds = [], principleId = null }) {
  const args = { learnerId, action, reason, observationIds };
  if (misconception) args.misconception = misconception;
  if (principleId) args.principleId = principleId; // from the principles library
  return createRecord(store, 'goal', args);
}

/** The empty structure of each challenge mode, as the server expects it. */
export function emptyDetails(mode) {
  switch (mode) {
    case 'standard':
      return { steps: [], practiceLog: [] };
    case 'problem':
      return { whys: [], rootCause: '', countermeasure: '', check: '' };
    case 'kaizen':
      return { currentMethod: '', experiments: [] };
    case 'teamwork':
      return { question: '', helperId: null, introduction: '', introducedOn: null, outcome: '' };
    default:
      return {};
  }
}

export function createChallenge(store, { goalId = null, learnerId, mode, title, problem, target, dueOn, details = null }) {
  const args = { learnerId, mode, title, problem, target, dueOn, details: details || emptyDetails(mode) };
  if (goalId) args.goalId = goalId;
  return createRecord(store, 'challenge', args);
}

export function createCheckin(store, fields) {
  const args = {
    challengeId: fields.challengeId,
    at: fields.at || new Date().toISOString(),
    engagement: fields.engagement,
    approach: fields.approach,
    resilience: fields.resilience,
    notes: fields.notes || '',
  };
  for (const key of ['learned', 'nextStep', 'nextCheckinOn']) if (fields[key]) args[key] = fields[key];
  return createRecord(store, 'checkin', args);
}

export function createMentorNote(store, { personId, note, at = null }) {
  return createRecord(store, 'mentor_note', { personId, note, at: at || new Date().toISOString() });
}
