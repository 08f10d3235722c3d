// The signed-in person on this device: their store, their sync engine and their profile.
// Starting a session opens the person's IndexedDB and starts the sync loop; ending it
// signs out of the server (or remembers to, when offline) but keeps every note on the device.

import { api } from './data/api.js';
import { openPersonStore, setCurrentPerson, clearCurrentPerson, getDeviceValue, setDeviceValue } from './data/store.js';
import { loadRecoverySeen } from './ui/recovery-notice.js';
import { toast } from './ui/toast.js';

// What only a signed-in person needs comes with the first session, not with the sign-in
// screen; passkeys and delete-with-undo only when they are used (first load, issue 10).
export const syncModule = () => import('./data/sync.js');
const passkeys = () => import('./data/auth.js');
let undoDelete = null; // the module, once a delete was made

let current = null; // {personId, store, sync, profile, offlineStart, flagged}

/** Observations whose delete waits for the undo window: the lists leave them out. */
export const hiddenIds = new Set();

/** Hide the observation at once (the next screen leaves it out), then offer Undo. */
export async function deleteWithUndo(observationId) {
  hiddenIds.add(observationId);
  const session = current;
  undoDelete ||= await import('./undo-delete.js');
  undoDelete.deleteWithUndo(session, observationId);
}

const flushPendingDeletes = () => undoDelete && undoDelete.flushPendingDeletes();

/** 'change' when what the header shows may have changed (sync state, conflicts, profile);
 * 'end' when a person's session ends (signed out, or another person starts one). */
export const sessionEvents = new EventTarget();
const changed = () => sessionEvents.dispatchEvent(new Event('change'));

export const currentSession = () => current;

export async function startSession(user, me = null, { offlineStart = false } = {}) {
  if (current && current.personId === user.id) {
    if (me) current.profile = me;
    current.offlineStart = offlineStart;
    current.sync.request('signed-in');
    changed();
    return current;
  }
  stopSession();
  await setCurrentPerson(user);
  await setDeviceValue('pendingLogout', false); // a new sign-in replaced any older session
  const store = await openPersonStore(user.id);
  if (me) await store.saveProfile(me);
  const profile = me || (await store.getProfile()) || { user, manager: null, reports: [], people: [] };
  const { SyncEngine, watchOutbox, watchBrowser } = await syncModule();
  await watchOutbox(currentSession);
  watchBrowser(currentSession);
  const sync = new SyncEngine(store, user.id);
  const session = { personId: user.id, store, sync, profile, offlineStart };
  current = session;
  await loadRecoverySeen(session);
  listenToSync(session);
  await sync.refresh();
  if (!me && !offlineStart) await fetchProfile(session);
  sync.request('start');
  askForPersistentStorage();
  return session;
}

function listenToSync(session) {
  const { sync } = session;
  sync.addEventListener('state', () => {
    if (current === session) changed();
  });
  sync.addEventListener('data', () => countFlagged(session));
  countFlagged(session);
  sync.addEventListener('profile', (event) => {
    session.profile = event.detail;
    setCurrentPerson(event.detail.user).catch(() => {});
  });
}

/** Fresh sign-in: fetch the profile (people to observe) before the first screen needs it. */
async function fetchProfile(session) {
  try {
    const fresh = await api.get('/api/me');
    if (fresh.user.id === session.personId) {
      session.profile = fresh;
      await session.store.saveProfile(fresh);
    }
  } catch {
    /* the sync loop retries */
  }
}

/** Recount the records waiting for review (for the banner), soon after data changes. */
function countFlagged(session) {
  clearTimeout(session.flagTimer);
  session.flagTimer = setTimeout(async () => {
    const flagged = await session.store.listFlagged(session.personId).catch(() => null);
    if (current !== session || !flagged || flagged.length === session.flagged) return;
    session.flagged = flagged.length;
    changed();
  }, 150);
}

function stopSession() {
  flushPendingDeletes();
  if (current) current.sync.stop();
  const ended = current;
  current = null;
  // What a screen keeps in memory about the person (the search index) goes with the session.
  if (ended) sessionEvents.dispatchEvent(new Event('end'));
}

/** Sign in again after the session expired, keeping everything on the device. True when signed in. */
export async function reauthenticate() {
  try {
    const { signInWithPasskey } = await passkeys();
    await startSession(await signInWithPasskey());
    return true;
  } catch (err) {
    const { describePasskeyError } = await passkeys();
    toast(describePasskeyError(err), { timeout: 6000 });
    return false;
  }
}

/** Sign out here and on the server; the person's notes stay on the device. */
export async function signOut() {
  const session = current;
  if (!session) return;
  flushPendingDeletes();
  // Let a sync in flight finish first: its answer must not arrive after the logout.
  await session.sync.stop();
  // This device stops showing my reminders (a shared device: the next person's are not mine).
  await import('./data/push.js').then((push) => push.forgetThisDevice()).catch(() => {});
  await endServerSession();
  await clearCurrentPerson();
  stopSession();
}

/**
 * End the server session. Offline, remember to do it at the next start, so a
 * shared device never reopens as the person who signed out. Any answer from
 * the server (even 401: already ended) counts as done.
 */
export async function endServerSession() {
  try {
    const { signOutOfServer } = await passkeys();
    await signOutOfServer();
  } catch (err) {
    if (err.status === 0) {
      await setDeviceValue('pendingLogout', true);
      return false;
    }
  }
  await setDeviceValue('pendingLogout', false);
  return true;
}

async function askForPersistentStorage() {
  if (!navigator.storage || !navigator.storage.persist) return;
  if (await getDeviceValue('persistAsked')) return;
  await setDeviceValue('persistAsked', true);
  try {
    await navigator.storage.persist();
  } catch {
    /* shown as "not guaranteed" on the account screen */
  }
}
