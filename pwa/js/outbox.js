// The outbox: every local change becomes a mutation {id, name, args, at}
// written together with the record it changes (see PersonStore.queue).
// Nothing here talks to the network; sync.js sends what waits.

import { EDITABLE_FIELDS } from './mutators.js';

export const changes = new EventTarget(); // 'queued' after each local change

function announce(mutation) {
  if (mutation) changes.dispatchEvent(new CustomEvent('queued', { detail: mutation }));
  return mutation;
}

function sameValue(a, b) {
  return (a ?? null) === (b ?? null);
}

/** Capture a new observation. Returns the queued mutation. */
export async function createObservation(store, fields, { fromRejectedId = null } = {}) {
  const id = crypto.randomUUID();
  const args = {
    id,
    note: fields.note,
    kind: fields.kind || 'misconception',
    visibility: fields.visibility || 'private',
    observedAt: fields.observedAt || new Date().toISOString(),
    photos: fields.photos || [],
  };
  if (fields.personId) args.personId = fields.personId;
  if (fields.areaId) args.areaId = fields.areaId;
  const mutation = await store.queue('observations', id, () => ({ name: 'observation.create', args }), {
    alsoDismissRejected: fromRejectedId,
  });
  return announce(mutation);
}

/**
 * Edit an observation: only the fields that differ from what the device shows
 * are sent, with the server version this device last saw (0 if never synced).
 * Returns null when nothing changed.
 */
export async function updateObservation(store, id, fields) {
  const mutation = await store.queue('observations', id, (record) => {
    if (!record || !record.data) throw new Error('This observation no longer exists on this device.');
    const args = { id, baseVersion: record.version || 0 };
    let changed = false;
    for (const key of EDITABLE_FIELDS) {
      if (key in fields && !sameValue(fields[key], record.data[key])) {
        args[key] = fields[key] ?? null;
        changed = true;
      }
    }
    return changed ? { name: 'observation.update', args } : null;
  });
  return announce(mutation);
}

export async function deleteObservation(store, id) {
  const mutation = await store.queue('observations', id, (record) => {
    if (!record) return null; // already gone
    return { name: 'observation.delete', args: { id, baseVersion: record.version || 0 } };
  });
  return announce(mutation);
}

/** The fields of a rejected change, as a starting point for saving them again as a new observation. */
export function fieldsOfRejected(rejected, current) {
  const base = current ? { ...current } : {};
  const fields = { ...base };
  for (const key of [...EDITABLE_FIELDS, 'areaId']) if (key in rejected.args) fields[key] = rejected.args[key];
  return fields;
}
