// Gembakit's entry point: open the session this device had (online or not), draw the first
// screen, then register the service worker. The session, the router, the header and the
// sync triggers are their own modules; this one only wires them together.

import { loadLanguage, t } from './i18n/i18n.js';
import { api } from './data/api.js';
import { getCurrentPersonId, getKnownPerson, getDeviceValue } from './data/store.js';
import { currentSession, sessionEvents, startSession, endServerSession, syncModule } from './session.js';
import { route, routerEvents, followLinks, signinView } from './router.js';
import { renderHeader, showUpdateReady } from './header.js';

async function boot() {
  const words = loadLanguage(); // only the chosen language's catalog
  sessionEvents.addEventListener('change', renderHeader);
  routerEvents.addEventListener('route', renderHeader);
  followLinks();
  const isEnrolLink = /^\/(invite|setup|recovery)\//.test(location.pathname);
  const currentId = await getCurrentPersonId().catch(() => null);
  // While the server is asked who this is, fetch what the likely first screen needs.
  const likely = currentId || isEnrolLink ? [syncModule(), import('./data/outbox.js')] : [signinView()];
  likely.forEach((loading) => loading.catch(() => {}));
  const logoutDone = (await getDeviceValue('pendingLogout').catch(() => false)) ? await endServerSession() : true;
  await words; // before the header draws the session
  translatePage();
  if (!isEnrolLink) await reopenSession(currentId, logoutDone);
  await watchSharedDevice();
  await route();
  document.body.classList.add('ready');
  // After the first screen is painted: the worker's precache of the whole shell must not
  // compete with the first load for the network.
  requestAnimationFrame(() => setTimeout(registerServiceWorker, 0));
}

/** A device marked shared locks when idle (session-lock.js, loaded on such a device only; §89). */
async function watchSharedDevice() {
  if (!(await getDeviceValue('sharedDevice').catch(() => false))) return;
  const { startIdleLock } = await import('./session-lock.js');
  await startIdleLock();
}

/** Signed in on the server: that session. Offline: the last person's notes from this device. */
async function reopenSession(currentId, logoutDone) {
  try {
    if (!logoutDone) throw new Error('offline'); // never reopen the session of someone who signed out
    // 200 either way (signed out is no error for the console); signed in, it holds GET /api/me.
    const state = await api.get('/api/session');
    if (!state.signedIn) throw Object.assign(new Error('signed out'), { status: 401 });
    await startSession(state.me.user, state.me);
  } catch (err) {
    // No network (0) or a server that does not answer (5xx): this device's session, as offline.
    const unreachable = err.status === 0 || err.status >= 500;
    if ((unreachable || !logoutDone) && currentId) {
      const known = await getKnownPerson(currentId);
      await startSession({ id: currentId, name: (known && known.name) || '' }, null, { offlineStart: true });
    }
    // 401: show the sign-in screen; the person's data and outbox stay stored.
  }
}

/** index.html's own words (the skip link, the splash) in the chosen language. */
function translatePage() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  let hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install takes control silently; a later change means new code.
    if (hadController) showUpdateReady();
    hadController = true;
  });
  // Background Sync: the worker asks the page, which owns the outbox, to run the sync loop.
  navigator.serviceWorker.addEventListener('message', async (event) => {
    if (!event.data || event.data.type !== 'background-sync') return;
    const reply = event.ports && event.ports[0];
    const session = currentSession();
    await (session ? session.sync.request('background') : Promise.resolve()).catch(() => {});
    if (reply) reply.postMessage({ done: true });
  });
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => console.warn('Service worker not registered', err));
}

boot();
