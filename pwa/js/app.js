// Gembakit's entry point: session, router, header and sync triggers.

import { api } from './data/api.js';
import { signInWithPasskey, signOutOfServer, describePasskeyError } from './data/auth.js';
import {
  openPersonStore,
  getCurrentPersonId,
  setCurrentPerson,
  clearCurrentPerson,
  getKnownPerson,
  getDeviceValue,
  setDeviceValue,
} from './data/store.js';
import { h, clear } from './ui/dom.js';
import { toast, dismissToast } from './ui/toast.js';
import { formatWhen, pendingText } from './ui/format.js';
import { renderTabbar } from './ui/tabbar.js';
import { loadRecoverySeen, recoveryBanner } from './ui/recovery-notice.js';
// What only a signed-in person needs (the sync engine, the outbox, conflict review) comes
// with the first session, not with the sign-in screen.
const syncModule = () => import('./data/sync.js');
const outboxModule = () => import('./data/outbox.js');
const reviewModule = () => import('./domain/conflicts.js');
// Each view is a loader: its module is fetched the first time its route is shown, so the
// first load carries only the shell and one screen (decisions §56).
const homeView = () => import('./views/home.js');
const captureView = () => import('./views/capture.js');
const editView = () => import('./views/edit.js');
const accountView = () => import('./views/account.js');
const rejectedView = () => import('./views/rejected.js');
const signinView = () => import('./views/signin.js');
const enrolView = () => import('./views/enrol.js');
const conflictsView = () => import('./views/review.js');
const resolveView = () => import('./views/review-record.js');
const historyView = () => import('./views/history.js');
const todayView = () => import('./views/today.js');
const triageView = () => import('./views/triage.js');
const goalView = () => import('./views/goal.js');
const goalFormView = () => import('./views/goal-form.js');
const challengeView = () => import('./views/challenge.js');
const challengeFormView = () => import('./views/challenge-form.js');
const checkinView = () => import('./views/checkin.js');
const teamView = () => import('./views/team.js');
const personView = () => import('./views/person.js');
const mentorView = () => import('./views/mentor.js');
const organisationView = () => import('./views/organisation.js');
const auditView = () => import('./views/audit.js');

const UNDO_DELETE_MS = 5000;

function typeAndId(m) {
  return { type: decodeURIComponent(m[1]), id: decodeURIComponent(m[2]) };
}

const routes = [
  { pattern: /^\/(invite|setup|recovery)\/([^/]+)$/, view: enrolView, params: (m) => ({ kind: m[1], token: decodeURIComponent(m[2]) }), public: true },
  { pattern: /^\/signin$/, view: signinView, public: true },
  { pattern: /^\/$/, view: todayView }, // Today for coaches; a learner's challenges and notes otherwise
  { pattern: /^\/observations$/, view: homeView },
  { pattern: /^\/triage$/, view: triageView },
  { pattern: /^\/goals\/new$/, view: goalFormView },
  { pattern: /^\/goals\/([^/]+)\/edit$/, view: goalFormView, params: (m) => ({ id: decodeURIComponent(m[1]) }) },
  { pattern: /^\/goals\/([^/]+)$/, view: goalView, params: (m) => ({ id: decodeURIComponent(m[1]) }) },
  { pattern: /^\/challenges\/new$/, view: challengeFormView },
  { pattern: /^\/challenges\/([^/]+)\/edit$/, view: challengeFormView, params: (m) => ({ id: decodeURIComponent(m[1]) }) },
  { pattern: /^\/challenges\/([^/]+)\/checkin$/, view: checkinView, params: (m) => ({ id: decodeURIComponent(m[1]) }) },
  { pattern: /^\/challenges\/([^/]+)\/checkins\/([^/]+)$/, view: checkinView, params: (m) => ({ id: decodeURIComponent(m[1]), checkinId: decodeURIComponent(m[2]) }) },
  { pattern: /^\/challenges\/([^/]+)$/, view: challengeView, params: (m) => ({ id: decodeURIComponent(m[1]) }) },
  { pattern: /^\/team$/, view: teamView },
  { pattern: /^\/people\/([^/]+)$/, view: personView, params: (m) => ({ id: decodeURIComponent(m[1]) }) },
  { pattern: /^\/mentor$/, view: mentorView },
  { pattern: /^\/mentor\/([^/]+)$/, view: mentorView, params: (m) => ({ id: decodeURIComponent(m[1]) }) },
  { pattern: /^\/organisation$/, view: organisationView },
  { pattern: /^\/audit$/, view: auditView },
  { pattern: /^\/observe$/, view: captureView },
  { pattern: /^\/observations\/([^/]+)$/, view: editView, params: (m) => ({ id: decodeURIComponent(m[1]) }) },
  { pattern: /^\/account$/, view: accountView },
  { pattern: /^\/rejected$/, view: rejectedView },
  { pattern: /^\/review$/, view: conflictsView },
  { pattern: /^\/review\/([^/]+)\/([^/]+)$/, view: resolveView, params: typeAndId },
  { pattern: /^\/history\/([^/]+)\/([^/]+)$/, view: historyView, params: typeAndId },
];

const app = {
  session: null, // {personId, store, sync, profile, offlineStart}
  hiddenIds: new Set(), // observations whose delete waits for the undo window
  cleanups: [],
  updateReady: false,
  renderToken: 0,
};

// ---------------------------------------------------------------- context for views

const ctx = {
  get session() {
    return app.session;
  },
  get hiddenIds() {
    return app.hiddenIds;
  },
  navigate,
  toast,
  /** Run `fn` when the current view goes away. */
  onLeave(fn) {
    app.cleanups.push(fn);
  },
  /** addEventListener that is removed when the view goes away. */
  listen(target, type, fn) {
    target.addEventListener(type, fn);
    app.cleanups.push(() => target.removeEventListener(type, fn));
  },
  startSession,
  signOut,
  deleteWithUndo,
  reauthenticate,
};

// ---------------------------------------------------------------- router

function navigate(path, { replace = false } = {}) {
  if (path !== location.pathname + location.search) {
    history[replace ? 'replaceState' : 'pushState'](null, '', path);
  }
  return route();
}

async function route() {
  const token = ++app.renderToken;
  for (const fn of app.cleanups.splice(0)) {
    try {
      fn();
    } catch (err) {
      console.error(err);
    }
  }
  dismissToast({ all: false }); // a message about the last screen must not cover this one
  const path = location.pathname;
  let match = null;
  let entry = routes.find((r) => (match = path.match(r.pattern)));
  if (!entry) {
    history.replaceState(null, '', '/');
    return route();
  }
  if (!entry.public && !app.session) {
    history.replaceState(null, '', '/signin');
    entry = routes.find((r) => r.view === signinView);
    match = null;
  } else if (entry.view === signinView && app.session && !app.session.sync.state.needsSignIn) {
    history.replaceState(null, '', '/');
    entry = routes.find((r) => r.view === todayView);
    match = null;
  }
  const params = entry.params && match ? entry.params(match) : {};
  renderHeader();
  const main = document.getElementById('main');
  let content;
  try {
    const view = await entry.view(); // the module, fetched on the route's first showing
    content = await view.render(ctx, params);
  } catch (err) {
    console.error(err);
    content = h('section', { class: 'screen' }, h('p', { class: 'error', role: 'alert' }, `This screen failed to open: ${err.message}`));
  }
  if (token !== app.renderToken) return; // a newer navigation won
  clear(main).append(content);
  const focus = main.querySelector('[autofocus]');
  if (focus) focus.focus();
  else window.scrollTo(0, 0);
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});

window.addEventListener('popstate', () => route());

// ---------------------------------------------------------------- header

function renderHeader() {
  const header = document.getElementById('header');
  const banners = document.getElementById('banners');
  clear(header);
  clear(banners);
  renderTabbar(app.session);
  if (app.updateReady) {
    banners.append(
      h(
        'div',
        { class: 'banner banner--info', role: 'status' },
        h('span', {}, 'A new version is ready — '),
        h('button', { type: 'button', class: 'banner__action', onclick: () => location.reload() }, 'Reload'),
      ),
    );
  }
  const session = app.session;
  document.body.classList.toggle('signed-in', Boolean(session));
  if (!session) return;
  const s = session.sync.state;
  header.append(
    h(
      'div',
      { class: 'appbar' },
      h('a', { href: '/', 'data-link': true, class: 'appbar__brand' }, 'Gembakit'),
      h('span', { class: ['offline-pill', s.online ? 'is-hidden' : null], 'data-testid': 'offline', role: 'status' }, 'Offline'),
      h('a', { href: '/account', 'data-link': true, class: 'appbar__account', 'aria-label': 'Account' }, initials(session.profile)),
    ),
    h(
      'div',
      { class: 'syncbar' },
      h(
        'div',
        { class: 'syncbar__text' },
        h('span', { class: ['syncbar__pending', s.pending ? 'has-pending' : null], 'data-testid': 'pending', 'aria-live': 'polite' }, pendingText(s.pending)),
        h(
          'span',
          { class: 'syncbar__last', 'data-testid': 'last-sync' },
          s.running ? 'Syncing…' : s.lastSyncAt ? `Last sync ${formatWhen(s.lastSyncAt)}` : 'Not synced yet',
        ),
        s.photosWaiting
          ? h('span', { class: 'syncbar__photos', 'data-testid': 'photos-waiting' }, s.photosWaiting === 1 ? '1 photo waiting to upload' : `${s.photosWaiting} photos waiting to upload`)
          : null,
      ),
      h(
        'button',
        { type: 'button', class: 'btn btn--small btn--secondary', disabled: s.running, onclick: () => session.sync.request('manual') },
        'Sync now',
      ),
    ),
  );
  if (s.needsSignIn) {
    banners.append(
      h(
        'div',
        { class: 'banner banner--warn', role: 'alert' },
        h('span', {}, `Your session has ended. Sign in again to send your changes${s.pending ? ` (${s.pending} kept on this device)` : ''}.`),
        h('button', { type: 'button', class: 'banner__action', onclick: () => reauthenticate() }, 'Sign in'),
      ),
    );
  }
  if (s.error) banners.append(h('div', { class: 'banner banner--warn', role: 'alert' }, s.error));
  const recovered = recoveryBanner(session, renderHeader);
  if (recovered) banners.append(recovered);
  if (s.photoFailure) {
    const n = s.photoFailure.count;
    banners.append(
      h(
        'div',
        { class: 'banner banner--danger', role: 'alert', 'data-testid': 'photo-failure' },
        `${n === 1 ? '1 photo was' : `${n} photos were`} refused by the server: ${s.photoFailure.message} ${n === 1 ? 'It stays' : 'They stay'} on this device; the note was sent without ${n === 1 ? 'it' : 'them'}.`,
      ),
    );
  }
  if (session.flagged && !location.pathname.startsWith('/review')) {
    banners.append(
      h(
        'div',
        { class: 'banner banner--warn', role: 'status', 'data-testid': 'review-banner' },
        h('span', {}, session.flagged === 1 ? 'Changed on two devices: 1 conflict to review.' : `Changed on two devices: ${session.flagged} conflicts to review.`),
        h('a', { href: '/review', 'data-link': true, class: 'banner__action' }, 'Review'),
      ),
    );
  }
  if (s.rejected && location.pathname !== '/rejected') {
    banners.append(
      h(
        'div',
        { class: 'banner banner--danger', role: 'alert' },
        h('span', {}, s.rejected === 1 ? '1 change was refused by the server.' : `${s.rejected} changes were refused by the server.`),
        h('a', { href: '/rejected', 'data-link': true, class: 'banner__action' }, 'See why'),
      ),
    );
  }
}

function initials(profile) {
  const name = (profile && profile.user && profile.user.name) || '?';
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join('');
}

// ---------------------------------------------------------------- session

async function startSession(user, me = null, { offlineStart = false } = {}) {
  if (app.session && app.session.personId === user.id) {
    if (me) app.session.profile = me;
    app.session.offlineStart = offlineStart;
    app.session.sync.request('signed-in');
    renderHeader();
    return app.session;
  }
  stopSession();
  await setCurrentPerson(user);
  await setDeviceValue('pendingLogout', false); // a new sign-in replaced any older session
  const store = await openPersonStore(user.id);
  if (me) await store.saveProfile(me);
  const profile = me || (await store.getProfile()) || { user, manager: null, reports: [], people: [] };
  const [{ SyncEngine }] = await Promise.all([syncModule(), watchOutbox()]);
  const sync = new SyncEngine(store, user.id);
  const session = { personId: user.id, store, sync, profile, offlineStart };
  app.session = session;
  await loadRecoverySeen(session);
  sync.addEventListener('state', () => {
    if (app.session === session) renderHeader();
  });
  sync.addEventListener('data', () => countFlagged(session));
  countFlagged(session);
  sync.addEventListener('profile', (event) => {
    session.profile = event.detail;
    setCurrentPerson(event.detail.user).catch(() => {});
  });
  await sync.refresh();
  if (!me && !offlineStart) {
    // Fresh sign-in: fetch the profile (people to observe) before the first screen needs it.
    try {
      const fresh = await api.get('/api/me');
      if (fresh.user.id === user.id) {
        session.profile = fresh;
        await store.saveProfile(fresh);
      }
    } catch {
      /* the sync loop retries */
    }
  }
  sync.request('start');
  askForPersistentStorage();
  return session;
}

/** Recount the records waiting for review (for the banner), soon after data changes. */
function countFlagged(session) {
  clearTimeout(session.flagTimer);
  session.flagTimer = setTimeout(async () => {
    const { listFlagged } = await reviewModule();
    const flagged = await listFlagged(session.store, session.personId).catch(() => null);
    if (app.session !== session || !flagged || flagged.length === session.flagged) return;
    session.flagged = flagged.length;
    renderHeader();
  }, 150);
}

function stopSession() {
  flushPendingDeletes();
  if (app.session) app.session.sync.stop();
  app.session = null;
}

/** Sign in again after the session expired, keeping everything on the device. */
async function reauthenticate() {
  try {
    const user = await signInWithPasskey();
    await startSession(user);
    if (location.pathname === '/signin') navigate('/', { replace: true });
    else renderHeader();
  } catch (err) {
    toast(describePasskeyError(err), { timeout: 6000 });
  }
}

async function signOut() {
  const session = app.session;
  if (!session) return;
  flushPendingDeletes();
  // Let a sync in flight finish first: its answer must not arrive after the logout.
  await session.sync.stop();
  await endServerSession();
  await clearCurrentPerson();
  stopSession();
  await navigate('/signin');
  toast('Signed out. Your notes stay on this device for your next sign-in.');
}

/**
 * End the server session. Offline, remember to do it at the next start, so a
 * shared device never reopens as the person who signed out. Any answer from
 * the server (even 401: already ended) counts as done.
 */
async function endServerSession() {
  try {
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

// ---------------------------------------------------------------- delete with undo
// A delete is NOT queued at once: the observation is hidden and a toast offers
// "Undo" for a few seconds; only when that window closes is observation.delete
// queued. This keeps the outbox append-only (no compensating mutations). If
// the app is hidden or closed during the window the delete is queued at once
// (pagehide/visibilitychange); if even that is lost, the note simply survives.

const pendingDeletes = new Map(); // id -> commit()

function deleteWithUndo(id) {
  const session = app.session;
  app.hiddenIds.add(id);
  let committed = false;
  const commit = async () => {
    if (committed) return;
    committed = true;
    pendingDeletes.delete(id);
    try {
      const { deleteObservation } = await outboxModule();
      await deleteObservation(session.store, id);
    } finally {
      app.hiddenIds.delete(id);
    }
  };
  pendingDeletes.set(id, commit);
  toast('Observation deleted', { action: 'Undo', timeout: UNDO_DELETE_MS }).then((undo) => {
    if (committed) return;
    if (undo) {
      committed = true;
      pendingDeletes.delete(id);
      app.hiddenIds.delete(id);
      session.sync.dispatchEvent(new CustomEvent('data'));
    } else {
      commit();
    }
  });
}

function flushPendingDeletes() {
  if (pendingDeletes.size) dismissToast(); // resolves the toast as "not undone" → commit
  for (const commit of [...pendingDeletes.values()]) commit();
}

window.addEventListener('pagehide', flushPendingDeletes);

// ---------------------------------------------------------------- sync triggers

let outboxWatched = null;

/** Sync soon after a change is queued (the outbox comes with the first session). */
function watchOutbox() {
  outboxWatched ||= outboxModule().then(({ changes }) => changes.addEventListener('queued', onQueued));
  return outboxWatched;
}

function onQueued() {
  const session = app.session;
  if (!session) return;
  session.sync.refresh();
  session.sync.dispatchEvent(new CustomEvent('data'));
  if (navigator.onLine) session.sync.request('change');
  registerBackgroundSync();
}

window.addEventListener('online', () => app.session && app.session.sync.setOnline(true));
window.addEventListener('offline', () => app.session && app.session.sync.setOnline(false));
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') {
    if (app.session) app.session.sync.request('visible');
  } else {
    flushPendingDeletes();
  }
});

async function registerBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    if (registration && 'sync' in registration) await registration.sync.register('gembakit-sync');
  } catch {
    /* Background Sync is a bonus (Chromium only) */
  }
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

// ---------------------------------------------------------------- service worker

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  let hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install takes control silently; a later change means new code.
    if (hadController) {
      app.updateReady = true;
      renderHeader();
    }
    hadController = true;
  });
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'background-sync') {
      const reply = event.ports && event.ports[0];
      const done = app.session ? app.session.sync.request('background') : Promise.resolve();
      done.finally(() => reply && reply.postMessage({ done: true }));
    }
  });
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => console.warn('Service worker not registered', err));
}

// ---------------------------------------------------------------- start

async function boot() {
  const isEnrolLink = /^\/(invite|setup|recovery)\//.test(location.pathname);
  const currentId = await getCurrentPersonId().catch(() => null);
  // While the server is asked who this is, fetch what the likely first screen needs.
  const likely = currentId || isEnrolLink ? [syncModule(), outboxModule(), reviewModule()] : [signinView()];
  likely.forEach((loading) => loading.catch(() => {}));
  const logoutDone = (await getDeviceValue('pendingLogout').catch(() => false)) ? await endServerSession() : true;
  if (!isEnrolLink) {
    try {
      if (!logoutDone) throw new Error('offline'); // never reopen the session of someone who signed out
      // 200 either way (signed out is no error for the console); signed in, it holds GET /api/me.
      const state = await api.get('/api/session');
      if (!state.signedIn) throw Object.assign(new Error('signed out'), { status: 401 });
      await startSession(state.me.user, state.me);
    } catch (err) {
      if ((err.status === 0 || !logoutDone) && currentId) {
        // Offline start: open the last person's notes from this device.
        const known = await getKnownPerson(currentId);
        await startSession({ id: currentId, name: (known && known.name) || '' }, null, { offlineStart: true });
      }
      // 401: show the sign-in screen; the person's data and outbox stay stored.
    }
  }
  await route();
  document.body.classList.add('ready');
  // After the first screen is painted: the worker's precache of the whole shell must not
  // compete with the first load for the network.
  requestAnimationFrame(() => setTimeout(registerServiceWorker, 0));
}

boot();
