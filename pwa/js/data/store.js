// IndexedDB storage.
//
// `gembakit-meta` (one per device) remembers who is signed in and each person's
// name, so a shared device can start offline for the person who used it last.
// `gembakit-u-<personId>` (one per person) holds that person's records, outbox,
// rejected changes and last profile, so nobody's changes mix with another's.
//
// A record in `observations` is {id, version, server, data, hidden}:
//   server = our best knowledge of the server's copy (null if it has none),
//   data   = server with this device's waiting mutations replayed on top (what the UI shows),
//   hidden = a waiting delete (or a server delete) hides it.
// Transactions only ever await IndexedDB requests, never fetch().

import { STORE_FOR_TYPE, entityType, replay, applyMutation } from '../domain/mutators.js';
import { maySettle } from '../domain/access.js';

const META_DB = 'gembakit-meta';
const PERSON_DB_PREFIX = 'gembakit-u-';
const STATE_KEY = 'state';
const DB_VERSION = 4;
const PROFILE_KEY = 'me';

export function req(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openDb(name, version, upgrade) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, version);
    open.onupgradeneeded = (event) => upgrade(open.result, event.oldVersion, open.transaction);
    open.onsuccess = () => {
      const db = open.result;
      // Another tab upgrading the schema: let it, this tab reloads on next start.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    open.onerror = () => reject(open.error);
    open.onblocked = () => reject(new Error('Close other Gembakit tabs and try again.'));
  });
}

/**
 * Run `fn(tx)` in one transaction; resolves with fn's result once the transaction commits
 * (a read-only one as soon as fn has its result: there is nothing to commit).
 */
export function transact(db, stores, mode, fn, { counts = true } = {}) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    let result;
    const counted = mode === 'readwrite' && counts; // a draft is no screen data: it does not count
    if (counted) written(db);
    tx.oncomplete = () => {
      if (counted) written(db, { tellOtherTabs: true });
      resolve(result);
    };
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('Transaction aborted'));
    Promise.resolve()
      .then(() => fn(tx))
      .then(
        (value) => {
          result = value;
          if (mode === 'readonly') resolve(value);
        },
        (err) => {
          try {
            tx.abort();
          } catch {
            /* already finished */
          }
          reject(err);
        },
      );
  });
}

// Every write to a database counts (here, or in another tab: a BroadcastChannel tells), so
// a copy read before it is known to be stale: see PersonStore.snapshotAndPending.
const generations = new WeakMap(); // db -> writes begun or ended
const channels = new Map(); // database name -> BroadcastChannel

const generation = (db) => generations.get(db) || 0;

function written(db, { tellOtherTabs = false } = {}) {
  generations.set(db, generation(db) + 1);
  if (tellOtherTabs && typeof BroadcastChannel === 'function') channelFor(db).postMessage('written');
}

function channelFor(db) {
  if (!channels.has(db.name)) {
    const channel = new BroadcastChannel(`gembakit-db:${db.name}`);
    channel.onmessage = () => written(db);
    channels.set(db.name, channel);
  }
  return channels.get(db.name);
}

// ---------------------------------------------------------------- device meta

let metaDbPromise = null;

function metaDb() {
  if (!metaDbPromise) {
    metaDbPromise = openDb(META_DB, 1, (db, oldVersion) => {
      if (oldVersion < 1) {
        db.createObjectStore('kv', { keyPath: 'key' });
        db.createObjectStore('people', { keyPath: 'id' });
      }
    });
  }
  return metaDbPromise;
}

export async function getDeviceValue(key) {
  const db = await metaDb();
  const row = await transact(db, ['kv'], 'readonly', (tx) => req(tx.objectStore('kv').get(key)));
  return row ? row.value : undefined;
}

export async function setDeviceValue(key, value) {
  const db = await metaDb();
  await transact(db, ['kv'], 'readwrite', (tx) => req(tx.objectStore('kv').put({ key, value })));
}

export async function getCurrentPersonId() {
  return (await getDeviceValue('currentPersonId')) || null;
}

/** Remember `person` as the one using this device (and their name, for offline start). */
export async function setCurrentPerson(person) {
  const db = await metaDb();
  await transact(db, ['kv', 'people'], 'readwrite', async (tx) => {
    tx.objectStore('kv').put({ key: 'currentPersonId', value: person.id });
    const people = tx.objectStore('people');
    const known = (await req(people.get(person.id))) || { id: person.id };
    // The passkey they signed in with: the sign-in screen asks for that one (decisions §88).
    const passkey = person.credentialId ? { credentialId: person.credentialId } : {};
    people.put({ ...known, ...passkey, name: person.name, lastUsedAt: new Date().toISOString() });
  });
}

/** The people who used this device, the last one first: [{id, name, lastUsedAt, credentialId?}]. */
export async function listKnownPeople() {
  const db = await metaDb();
  const people = await transact(db, ['people'], 'readonly', (tx) => req(tx.objectStore('people').getAll()));
  return people.filter((p) => p.name).sort((a, b) => ((a.lastUsedAt || '') < (b.lastUsedAt || '') ? 1 : -1));
}

/** "Forget me on this device": the name leaves the sign-in screen (their stored notes stay). */
export async function forgetKnownPerson(id) {
  const db = await metaDb();
  await transact(db, ['people'], 'readwrite', (tx) => req(tx.objectStore('people').delete(id)));
}

export async function clearCurrentPerson() {
  await setDeviceValue('currentPersonId', null);
}

export async function getKnownPerson(id) {
  const db = await metaDb();
  return transact(db, ['people'], 'readonly', (tx) => req(tx.objectStore('people').get(id)));
}

/** Keep the public keys of a known person's passkeys ([{credentialId, publicKey, alg}]): a
 * locked shared device checks her passkey with them when offline (decisions §109). */
export async function setKnownPasskeys(id, passkeys) {
  const db = await metaDb();
  await transact(db, ['people'], 'readwrite', async (tx) => {
    const people = tx.objectStore('people');
    const known = await req(people.get(id));
    if (known) people.put({ ...known, passkeys });
  });
}

// ---------------------------------------------------------------- per person

const openStores = new Map();

export function openPersonStore(personId) {
  if (!openStores.has(personId)) {
    const promise = openDb(PERSON_DB_PREFIX + personId, DB_VERSION, (db, oldVersion, tx) => {
      if (oldVersion < 1) {
        const meta = db.createObjectStore('meta', { keyPath: 'key' });
        meta.put({
          key: STATE_KEY,
          clientId: crypto.randomUUID(),
          nextMutationId: 1,
          cursor: null,
          lastSyncAt: null,
          lastPushedId: 0,
        });
        db.createObjectStore('observations', { keyPath: 'id' });
        db.createObjectStore('outbox', { keyPath: 'id' });
        // Own key: mutation ids can repeat after a renumbering (see renumberOutbox).
        db.createObjectStore('rejected', { keyPath: 'rejectedId', autoIncrement: true });
        db.createObjectStore('profile', { keyPath: 'key' });
      }
      if (oldVersion < 2) {
        // The coaching loop's records, and photos kept on the device until uploaded.
        for (const name of ['goals', 'challenges', 'checkins', 'mentor_notes']) {
          db.createObjectStore(name, { keyPath: 'id' });
        }
        db.createObjectStore('photos', { keyPath: 'sha256' });
        if (oldVersion >= 1) {
          // Earlier pulls skipped these types: pull everything again (the outbox stays).
          const meta = tx.objectStore('meta');
          const read = meta.get(STATE_KEY);
          read.onsuccess = () => meta.put({ ...read.result, cursor: null });
        }
      }
      if (oldVersion < 3) {
        // Kaizen workshops and their ideas (issue 12): pull everything again (the outbox stays).
        for (const name of ['workshops', 'ideas']) db.createObjectStore(name, { keyPath: 'id' });
        if (oldVersion >= 1) {
          const meta = tx.objectStore('meta');
          const read = meta.get(STATE_KEY);
          read.onsuccess = () => meta.put({ ...read.result, cursor: null });
        }
      }
      if (oldVersion < 4) {
        // The principles library (issue 13.6): pull everything again (the outbox stays).
        db.createObjectStore('principles', { keyPath: 'id' });
        if (oldVersion >= 1) {
          const meta = tx.objectStore('meta');
          const read = meta.get(STATE_KEY);
          read.onsuccess = () => meta.put({ ...read.result, cursor: null });
        }
      }
      // Later versions: `if (oldVersion < 5) { ... }`, resetting the cursor when a new
      // entity type must be pulled from the beginning.
    }).then((db) => {
      if (typeof BroadcastChannel === 'function') channelFor(db); // hear other tabs' writes
      return new PersonStore(personId, db);
    });
    openStores.set(personId, promise);
    promise.catch(() => openStores.delete(personId));
  }
  return openStores.get(personId);
}

function groupByRecord(mutations) {
  const groups = new Map();
  for (const m of mutations) {
    const key = `${entityType(m.name)}:${m.args.id}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m);
  }
  return groups;
}

export class PersonStore {
  constructor(personId, db) {
    this.personId = personId;
    this.db = db;
  }

  // ---- state and profile

  getState() {
    return transact(this.db, ['meta'], 'readonly', (tx) => req(tx.objectStore('meta').get(STATE_KEY)));
  }

  updateState(patch) {
    return transact(this.db, ['meta'], 'readwrite', async (tx) => {
      const meta = tx.objectStore('meta');
      const state = await req(meta.get(STATE_KEY));
      const next = { ...state, ...patch };
      meta.put(next);
      return next;
    });
  }

  async getProfile() {
    const row = await transact(this.db, ['profile'], 'readonly', (tx) => req(tx.objectStore('profile').get(PROFILE_KEY)));
    return row ? row.value : null;
  }

  saveProfile(profile) {
    return transact(this.db, ['profile'], 'readwrite', (tx) =>
      req(tx.objectStore('profile').put({ key: PROFILE_KEY, value: profile })),
    );
  }

  /** A value the server answered that the device keeps for offline use (the library's counts). */
  async getKept(key) {
    const row = await transact(this.db, ['profile'], 'readonly', (tx) => req(tx.objectStore('profile').get(key)));
    return row ? row.value : null;
  }

  keep(key, value) {
    return transact(this.db, ['profile'], 'readwrite', (tx) => req(tx.objectStore('profile').put({ key, value })));
  }

  // ---- drafts: what a form holds, kept as she types (ui/draft.js, decisions §121)

  async getDraft(key) {
    const row = await transact(this.db, ['profile'], 'readonly', (tx) => req(tx.objectStore('profile').get(`draft:${key}`)));
    return row ? row.value : null;
  }

  /** Not screen data: writing a draft keeps the screens' copy (a save stays fast). */
  saveDraft(key, value) {
    return transact(this.db, ['profile'], 'readwrite', (tx) => req(tx.objectStore('profile').put({ key: `draft:${key}`, value })), { counts: false });
  }

  dropDraft(key) {
    return transact(this.db, ['profile'], 'readwrite', (tx) => req(tx.objectStore('profile').delete(`draft:${key}`)), { counts: false });
  }

  /**
   * The next change queued drops the draft `key` in its own transaction (a form being saved:
   * the change and the end of its draft are one write, so a saved note never comes back as a
   * draft, and a draft never goes without its change); null: no longer.
   */
  dropDraftWithNextChange(key) {
    this._draftToDrop = key;
  }

  // ---- reading

  async getObservation(id) {
    const row = await transact(this.db, ['observations'], 'readonly', (tx) => req(tx.objectStore('observations').get(id)));
    return row && !row.hidden && row.data ? { ...row.data, version: row.version } : null;
  }

  /** One record of entity `type` as the UI shows it (null when absent or deleted). */
  async getRecord(type, id) {
    const storeName = STORE_FOR_TYPE[type];
    const row = await transact(this.db, [storeName], 'readonly', (tx) => req(tx.objectStore(storeName).get(id)));
    return row && !row.hidden && row.data ? { ...row.data, version: row.version } : null;
  }

  /**
   * Every visible record of each entity type, read in one transaction so the
   * screens never mix two states: {observation: [...], goal: [...], ...}.
   */
  async snapshot(types = Object.keys(STORE_FOR_TYPE)) {
    return (await this.snapshotAndPending(types)).data;
  }

  /**
   * snapshot() and the ids of records with changes waiting (pendingRecordIds), read in one
   * transaction. The screens redraw from this after every change, so the last answer is
   * kept in memory until the next write to the database: queue() updates it in place with
   * the record it wrote, any other write drops it. A save then redraws Home without
   * reading IndexedDB again (issue 10: capture to saved < 50 ms). Copies are handed out.
   */
  async snapshotAndPending(types = Object.keys(STORE_FOR_TYPE)) {
    const screen = await this._screenData();
    const data = {};
    for (const type of types) data[type] = structuredClone(screen.data[type]);
    return { data, pendingIds: new Set(screen.pendingIds) };
  }

  async _screenData() {
    if (this._screen && this._screen.generation === generation(this.db)) return this._screen;
    const started = generation(this.db);
    const types = Object.keys(STORE_FOR_TYPE);
    const read = await transact(this.db, [...types.map((t) => STORE_FOR_TYPE[t]), 'outbox'], 'readonly', async (tx) => {
      const [waiting, ...lists] = await Promise.all([req(tx.objectStore('outbox').getAll()), ...types.map((type) => req(tx.objectStore(STORE_FOR_TYPE[type]).getAll()))]);
      const data = {};
      types.forEach((type, i) => {
        data[type] = lists[i].filter((r) => !r.hidden && r.data).map((r) => ({ ...r.data, version: r.version }));
      });
      return { data, pendingIds: new Set(waiting.map((m) => m.args.id)), generation: started };
    });
    if (generation(this.db) === started) this._screen = read; // nothing was written meanwhile
    return read;
  }

  /** queue() wrote `row` of `type` and nothing else was written meanwhile: update the kept copy. */
  _keepScreen(before, type, row) {
    const screen = this._screen;
    if (!screen || screen.generation !== before || generation(this.db) !== before + 2) return;
    const list = screen.data[type].filter((r) => r.id !== row.id);
    if (!row.hidden && row.data) list.push({ ...structuredClone(row.data), version: row.version });
    screen.data[type] = list;
    screen.pendingIds.add(row.id);
    screen.generation = generation(this.db);
  }

  /** Flagged records this person may settle (maySettle), newest change first. */
  async listFlagged(personId) {
    const all = await this.snapshot();
    const viewer = { me: personId, coachees: new Set() };
    const flagged = Object.entries(all).flatMap(([type, records]) => records.filter((data) => data.flagged && maySettle(viewer, data)).map((data) => ({ type, data })));
    return flagged.sort((a, b) => String(b.data.updatedAt || '').localeCompare(String(a.data.updatedAt || '')));
  }

  /** How many photos this device keeps (uploaded or not). */
  photoCount() {
    return transact(this.db, ['photos'], 'readonly', (tx) => req(tx.objectStore('photos').count()));
  }

  /** Outbox size, rejected count, photos still to upload (or refused) and last sync time, read together. */
  summary() {
    return transact(this.db, ['outbox', 'rejected', 'meta', 'photos'], 'readonly', async (tx) => {
      const [pending, rejected, state, photos] = await Promise.all([
        req(tx.objectStore('outbox').count()),
        req(tx.objectStore('rejected').count()),
        req(tx.objectStore('meta').get(STATE_KEY)),
        req(tx.objectStore('photos').getAll()),
      ]);
      const photosWaiting = photos.filter((p) => !p.uploaded && !p.failed).length;
      const refused = photos.filter((p) => p.failed);
      const photoFailure = refused.length ? { count: refused.length, message: refused[0].failed.message } : null;
      return { pending, rejected, lastSyncAt: state.lastSyncAt, photosWaiting, photoFailure };
    });
  }

  outboxCount() {
    return transact(this.db, ['outbox'], 'readonly', (tx) => req(tx.objectStore('outbox').count()));
  }

  outboxAll() {
    return transact(this.db, ['outbox'], 'readonly', (tx) => req(tx.objectStore('outbox').getAll()));
  }

  /** The oldest `limit` waiting mutations, in id order. */
  outboxHead(limit) {
    return transact(this.db, ['outbox'], 'readonly', (tx) => req(tx.objectStore('outbox').getAll(null, limit)));
  }

  rejectedAll() {
    return transact(this.db, ['rejected'], 'readonly', (tx) => req(tx.objectStore('rejected').getAll()));
  }

  getRejected(id) {
    return transact(this.db, ['rejected'], 'readonly', (tx) => req(tx.objectStore('rejected').get(id)));
  }

  dismissRejected(id) {
    return transact(this.db, ['rejected'], 'readwrite', (tx) => req(tx.objectStore('rejected').delete(id)));
  }

  // ---- local changes

  /**
   * Record a local change. `build(record)` gets the current record (or null)
   * and returns {name, args} or null for "nothing to do". The record, the
   * outbox entry and nextMutationId are written in ONE transaction, so a
   * crash leaves either all of them or none. `alsoDismissRejected` removes a
   * rejected entry in the same transaction (used by "Save again as new").
   * `photos` (prepared photo records, see photo-store.js) are stored in the same
   * transaction too, so a record never names a photo the device lacks.
   */
  async queue(storeName, recordId, build, { alsoDismissRejected = null, photos = [] } = {}) {
    const stores = ['meta', storeName, 'outbox', 'profile', 'rejected', ...(photos.length ? ['photos'] : [])];
    const before = generation(this.db);
    let row = null;
    const mutation = await transact(this.db, stores, 'readwrite', async (tx) => {
      const records = tx.objectStore(storeName);
      const meta = tx.objectStore('meta');
      // Asked together: one round trip to IndexedDB instead of three (capture speed, issue 10).
      const [stored, state, profileRow] = await Promise.all([req(records.get(recordId)), req(meta.get(STATE_KEY)), req(tx.objectStore('profile').get(PROFILE_KEY))]);
      const record = stored || null;
      const spec = build(record && !record.hidden ? record : null);
      if (!spec) return null;
      if (this._draftToDrop) tx.objectStore('profile').delete(`draft:${this._draftToDrop}`);
      this._draftToDrop = null;
      const mutation = { id: state.nextMutationId, name: spec.name, args: spec.args, at: new Date().toISOString() };
      tx.objectStore('outbox').add(mutation);
      meta.put({ ...state, nextMutationId: state.nextMutationId + 1 });
      const base = record || { id: recordId, version: 0, server: null, data: null };
      const data = applyMutation(base.data, mutation, profileRow && profileRow.value);
      row = { ...base, data, hidden: data === null };
      records.put(row);
      if (alsoDismissRejected != null) tx.objectStore('rejected').delete(alsoDismissRejected);
      for (const photo of photos) {
        // Already here (same bytes picked twice, or kept from a refused change): keep that copy.
        if (!(await req(tx.objectStore('photos').getKey(photo.sha256)))) tx.objectStore('photos').put(photo);
      }
      return mutation;
    });
    if (mutation) this._keepScreen(before, entityType(mutation.name), row);
    return mutation;
  }

  // ---- sync bookkeeping

  /**
   * The server has every mutation up to `lastMutationId`. Rejected ones move
   * to `rejected` with their reason and data; the others are folded into our
   * copy of the server state (the next pull brings the authoritative one).
   * Then each touched record is rebuilt from that copy plus what still waits.
   */
  acknowledge(lastMutationId, results = []) {
    const status = new Map(results.map((r) => [r.id, r]));
    const stores = ['meta', 'outbox', 'rejected', 'profile', ...Object.values(STORE_FOR_TYPE)];
    return transact(this.db, stores, 'readwrite', async (tx) => {
      const outbox = tx.objectStore('outbox');
      const all = await req(outbox.getAll());
      const done = all.filter((m) => m.id <= lastMutationId);
      const waiting = all.filter((m) => m.id > lastMutationId);
      if (!done.length) return 0;
      const profileRow = await req(tx.objectStore('profile').get(PROFILE_KEY));
      const profile = profileRow && profileRow.value;
      const waitingByRecord = groupByRecord(waiting);
      const touched = new Map();
      for (const m of done) {
        const type = entityType(m.name);
        const storeName = STORE_FOR_TYPE[type];
        const result = status.get(m.id);
        const rejected = Boolean(result && result.status === 'rejected');
        if (rejected) {
          tx.objectStore('rejected').add({
            ...m,
            error: result.error || { code: 'rejected', message: null },
            rejectedAt: new Date().toISOString(),
          });
        }
        if (storeName) {
          const key = `${type}:${m.args.id}`;
          if (!touched.has(key)) {
            const stored = await req(tx.objectStore(storeName).get(m.args.id));
            touched.set(key, stored || { id: m.args.id, version: 0, server: null });
          }
          const record = touched.get(key);
          if (!rejected) record.server = applyMutation(record.server ?? null, m, profile);
        }
        outbox.delete(m.id);
      }
      for (const [key, record] of touched) {
        const storeName = STORE_FOR_TYPE[key.split(':')[0]];
        this._rebuild(tx.objectStore(storeName), record, waitingByRecord.get(key) || [], profile);
      }
      const meta = tx.objectStore('meta');
      const state = await req(meta.get(STATE_KEY));
      meta.put({ ...state, lastPushedId: Math.max(state.lastPushedId || 0, lastMutationId) });
      return done.length;
    });
  }

  /**
   * The server expects ids to continue from `expected` but our oldest waiting
   * mutation has a higher id (the server lost some it had acknowledged, e.g.
   * restored from a backup). Renumber what waits so nothing is stuck forever.
   */
  renumberOutbox(expected) {
    return transact(this.db, ['meta', 'outbox'], 'readwrite', async (tx) => {
      const outbox = tx.objectStore('outbox');
      const all = await req(outbox.getAll());
      await req(outbox.clear());
      all.forEach((m, i) => outbox.add({ ...m, id: expected + i }));
      const meta = tx.objectStore('meta');
      const state = await req(meta.get(STATE_KEY));
      meta.put({ ...state, nextMutationId: expected + all.length });
    });
  }

  /** Store one pull page: new server copies, with waiting changes replayed on top. */
  applyPull(changes, cursor, { complete }) {
    const stores = ['meta', 'outbox', 'profile', ...Object.values(STORE_FOR_TYPE)];
    return transact(this.db, stores, 'readwrite', async (tx) => {
      const profileRow = await req(tx.objectStore('profile').get(PROFILE_KEY));
      const profile = profileRow && profileRow.value;
      const waitingByRecord = groupByRecord(await req(tx.objectStore('outbox').getAll()));
      for (const change of changes) {
        const storeName = STORE_FOR_TYPE[change.type];
        if (!storeName) continue; // an entity this version of the app does not show yet
        const records = tx.objectStore(storeName);
        const record = (await req(records.get(change.id))) || { id: change.id };
        record.version = change.version;
        record.server = change.deleted ? null : change.data;
        this._rebuild(records, record, waitingByRecord.get(`${change.type}:${change.id}`) || [], profile);
      }
      const meta = tx.objectStore('meta');
      const state = await req(meta.get(STATE_KEY));
      const next = { ...state, cursor };
      if (complete) next.lastSyncAt = new Date().toISOString();
      meta.put(next);
    });
  }

  /** reset_required: forget server copies and the cursor; keep the outbox and what it shows. */
  resetServerCopies() {
    const stores = ['meta', 'outbox', 'profile', ...Object.values(STORE_FOR_TYPE)];
    return transact(this.db, stores, 'readwrite', async (tx) => {
      const profileRow = await req(tx.objectStore('profile').get(PROFILE_KEY));
      const profile = profileRow && profileRow.value;
      const waitingByRecord = groupByRecord(await req(tx.objectStore('outbox').getAll()));
      for (const [type, storeName] of Object.entries(STORE_FOR_TYPE)) {
        const records = tx.objectStore(storeName);
        for (const record of await req(records.getAll())) {
          this._rebuild(records, { ...record, server: null }, waitingByRecord.get(`${type}:${record.id}`) || [], profile);
        }
      }
      const meta = tx.objectStore('meta');
      const state = await req(meta.get(STATE_KEY));
      meta.put({ ...state, cursor: null });
    });
  }

  _rebuild(records, record, waiting, profile) {
    const data = replay(record.server ?? null, waiting, profile);
    if (record.server == null && data === null && !waiting.length) {
      records.delete(record.id);
      return;
    }
    records.put({ ...record, version: record.version || 0, data, hidden: data === null });
  }
}
