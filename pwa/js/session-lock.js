// A shared device (docs/decisions.md §89): marked shared in Account, it locks after a while
// without a touch or a key (5 minutes unless set otherwise in Account). Locked, the screen
// shows no one's data, only who it is locked for; the passkey unlocks it. The session goes
// on underneath: the sync loop keeps sending the person's outbox, nothing is lost or held.
// The screen under the lock is kept out of the page, whole (what was being typed included),
// and put back by the unlock. A reload keeps the lock (it is stored on the device), not the
// screen under it. Offline, her passkey still unlocks it, checked on the device with the
// public keys of her passkeys kept here (§109). Loaded only on a shared device.

import { currentSession, signOut } from './session.js';
import { getDeviceValue, setDeviceValue, getKnownPerson, setKnownPasskeys } from './data/store.js';
import { lockScreen, navigate, route, routerEvents } from './router.js';
import { h } from './ui/dom.js';
import { renderHeader } from './header.js';
import { t } from './i18n/i18n.js';
import './i18n/screens.js';

export const DEFAULT_IDLE_MINUTES = 5;
export const IDLE_CHOICES = [1, 2, 5, 10, 15, 30, 60];
// A person's touch, key or wheel. Not 'scroll': the page scrolls on its own when a sync redraws
// a screen, and that must not keep an unattended tablet open (a person's scroll starts with one of these).
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'];

let watching = false;
let timer = null;
let lastActivity = Date.now();
let minutes = DEFAULT_IDLE_MINUTES;
let held = null; // the screen under the lock: its nodes, out of the page while locked
const keysKept = new Set(); // lock screens to tell when her passkeys' keys are (re)stored

/** Is this device marked shared (Account)? */
export async function isShared() {
  return Boolean(await getDeviceValue('sharedDevice').catch(() => false));
}

export async function idleMinutes() {
  const value = Number(await getDeviceValue('idleLockMinutes').catch(() => null));
  return value > 0 ? value : DEFAULT_IDLE_MINUTES;
}

let applying = Promise.resolve(); // settings stored one after the other, in the order chosen

/** Mark the device shared or not, and how long without use before it locks. The new time
 * counts at once (a tap on "Lock after 1" must not wait for the store), and the settings are
 * stored in the order they were chosen, so a quick tick-then-choose never ends on the old time. */
export function setShared(shared, lockAfter = null) {
  if (lockAfter) {
    minutes = Number(lockAfter);
    arm();
  }
  const run = applying.then(async () => {
    await setDeviceValue('sharedDevice', Boolean(shared));
    if (lockAfter) await setDeviceValue('idleLockMinutes', Number(lockAfter));
    if (shared) await startIdleLock();
    else stopIdleLock();
  });
  applying = run.catch(() => {});
  return run;
}

/** Watch for use; lock when idle. Locked already (a reload while locked): lock before the first screen. */
export async function startIdleLock() {
  minutes = await idleMinutes();
  markShared(true);
  const session = currentSession();
  const lockedFor = await getDeviceValue('lockedFor').catch(() => null);
  if (session && lockedFor === session.personId) showLock();
  rememberPasskeys();
  lastActivity = Date.now();
  if (!watching) {
    watching = true;
    for (const type of ACTIVITY) document.addEventListener(type, touched, { capture: true, passive: true });
    document.addEventListener('visibilitychange', checkOnReturn);
  }
  arm();
}

export function stopIdleLock() {
  markShared(false);
  watching = false;
  clearTimeout(timer);
  for (const type of ACTIVITY) document.removeEventListener(type, touched, { capture: true });
  document.removeEventListener('visibilitychange', checkOnReturn);
}

/** Keep on the device the public keys of the signed-in person's passkeys (public data, from
 * the server's list of her passkeys): offline, the lock screen checks her passkey with them
 * (§109). Online only; a failure keeps what the device had. */
export async function rememberPasskeys() {
  const session = currentSession();
  if (!session || !navigator.onLine) return;
  try {
    const [{ api }, { checkablePasskeys }] = await Promise.all([import('./data/api.js'), import('./data/offline-unlock.js')]);
    const { credentials } = await api.get('/api/me/credentials');
    await setKnownPasskeys(session.personId, checkablePasskeys(credentials));
    for (const tell of keysKept) tell();
  } catch {
    /* offline or signed out on the server: the keys kept stay */
  }
}

/** The header offers Switch person on a shared device only (header.js reads the class). */
function markShared(shared) {
  if (document.body.classList.contains('is-shared-device') === shared) return;
  document.body.classList.toggle('is-shared-device', shared);
  renderHeader();
}

function touched() {
  lastActivity = Date.now();
  arm();
}

function arm() {
  clearTimeout(timer);
  if (watching) timer = setTimeout(lockIfIdle, Math.max(0, lastActivity + minutes * 60_000 - Date.now()));
}

// A tablet put to sleep stops timers: on waking, the time since the last touch decides.
function checkOnReturn() {
  if (document.visibilityState === 'visible') lockIfIdle();
}

function lockIfIdle() {
  if (Date.now() - lastActivity >= minutes * 60_000 - 50) lock();
  else arm();
}

/** Lock the screen now for the signed-in person (nothing happens when no one is signed in). */
export async function lock() {
  const session = currentSession();
  if (!session || document.body.classList.contains('is-locked')) return;
  await setDeviceValue('lockedFor', session.personId);
  const main = document.getElementById('main');
  const screen = { nodes: [...main.childNodes] };
  showLock();
  main.replaceChildren(await renderLock());
  held = screen; // after showLock(): a route while locked (back button) forgets it
  window.scrollTo(0, 0);
  rememberPasskeys(); // online still: her passkeys as they are now, for an unlock offline
}

function showLock() {
  document.body.classList.add('is-locked');
  lockScreen({ view: async () => ({ render: renderLock }), public: true });
  routerEvents.addEventListener('route', forgetHeld);
}

// Another screen was routed to while locked: the one under the lock was left (its live
// redraws ended), so the unlock draws the current route instead.
function forgetHeld() {
  held = null;
}

/** Unlocked: back to the screen under the lock as it was, or the current route drawn anew. */
async function unlocked() {
  await setDeviceValue('lockedFor', null);
  document.body.classList.remove('is-locked');
  lockScreen(null);
  routerEvents.removeEventListener('route', forgetHeld);
  const screen = held;
  held = null;
  touched();
  return screen;
}

/** The lock screen: whose session, unlock with their passkey, or switch person. */
async function renderLock() {
  const session = currentSession();
  const known = session ? await getKnownPerson(session.personId).catch(() => null) : null;
  const name = (session && session.profile && session.profile.user && session.profile.user.name) || (known && known.name);
  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const unlock = h('button', { type: 'button', class: 'btn btn--primary btn--huge', 'data-testid': 'unlock' }, t('lock.unlock'));
  unlock.addEventListener('click', async () => {
    error.classList.add('is-hidden');
    unlock.disabled = true;
    const { signInWithPasskey, describePasskeyError } = await import('./data/auth.js');
    try {
      // Online, a sign-in with the server (§89); no network or no server: her passkey,
      // checked on the device (§109). That only lifts the lock of her session: no sign-in.
      let user = null;
      if (navigator.onLine) {
        try {
          user = await signInWithPasskey({ credentialId: known && known.credentialId });
        } catch (err) {
          if (!session || !noServer(err)) throw err;
        }
      }
      if (!user) {
        await unlockOnDevice(session, name);
        const screen = await unlocked();
        if (screen) document.getElementById('main').replaceChildren(...screen.nodes);
        else await route();
        return;
      }
      const { startSession } = await import('./session.js');
      await startSession(user); // the same person: their session goes on; another: theirs starts
      const screen = await unlocked();
      if (!session || user.id !== session.personId) await navigate('/', { replace: true });
      else if (screen) document.getElementById('main').replaceChildren(...screen.nodes);
      else await route();
      rememberPasskeys();
    } catch (err) {
      error.textContent = err.offlineUnlock ? err.message : describePasskeyError(err);
      error.classList.remove('is-hidden');
      unlock.disabled = false;
    }
  });
  const other = h('button', { type: 'button', class: 'btn btn--secondary btn--block', 'data-testid': 'lock-switch' }, t('lock.switch'));
  other.addEventListener('click', () => {
    // Sending what waits first can take seconds: it says so, and takes no second tap.
    other.disabled = true;
    other.textContent = t('header.switching');
    const reset = () => {
      other.disabled = false;
      other.textContent = t('lock.switch');
    };
    switchPerson().then((switched) => switched || reset(), reset);
  });
  // Offline nothing syncs, and unlocking takes her passkey checked here (§109), or the
  // network when the device holds no key of hers yet; say so before the tap, and again as the
  // network comes and goes.
  let canOffline = Boolean(known && known.passkeys && known.passkeys.length);
  const kept = h('p', { class: 'muted small', 'data-testid': 'lock-kept' });
  const keysArrived = async () => {
    const now = session ? await getKnownPerson(session.personId).catch(() => null) : null;
    canOffline = Boolean(now && now.passkeys && now.passkeys.length);
    sayKept();
  };
  const sayKept = () => {
    if (!kept.isConnected && kept.dataset.shown) return stopSaying();
    kept.dataset.shown = '1';
    kept.textContent = navigator.onLine ? t('lock.kept') : t(canOffline ? 'lock.offline' : 'lock.offlineNeedsNetwork');
  };
  const stopSaying = () => {
    keysKept.delete(keysArrived);
    removeEventListener('online', sayKept);
    removeEventListener('offline', sayKept);
  };
  addEventListener('online', sayKept);
  addEventListener('offline', sayKept);
  keysKept.add(keysArrived);
  sayKept();
  return h(
    'section',
    { class: 'screen screen--center lock-screen', 'data-testid': 'lock-screen' },
    h('img', { src: '/icons/icon-192.png', alt: '', class: 'logo', width: 96, height: 96 }),
    h('h1', { class: 'screen__title' }, t('lock.title')),
    h('p', {}, t('lock.lockedFor', { name: name || t('lock.someone') })),
    unlock,
    error,
    other,
    kept,
  );
}

// No answer from the server (no network, or it is down): the device checks the passkey itself.
function noServer(err) {
  return Boolean(err) && (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504);
}

/** Her passkey, asked and checked on this device; throws (with a sentence) when it is not hers. */
async function unlockOnDevice(session, name) {
  const known = session ? await getKnownPerson(session.personId).catch(() => null) : null;
  const passkeys = (known && known.passkeys) || [];
  const refuse = (key) => Object.assign(new Error(t(key, { name: name || t('lock.someone') })), { offlineUnlock: true });
  if (!passkeys.length) throw refuse('lock.offlineNeedsNetwork');
  const { unlockOffline } = await import('./data/offline-unlock.js');
  let good = false;
  try {
    good = await unlockOffline(passkeys);
  } catch (err) {
    // Cancelled, timed out, or no passkey of hers in this authenticator (WebAuthn does not say which).
    if (err && err.name === 'NotAllowedError') throw refuse('lock.offlineRefused');
    throw err;
  }
  if (!good) throw refuse('lock.offlineRefused');
}

/**
 * Switch person: this person's session ends here (their outbox stays queued in their own
 * store, sent at their next sign-in), and the sign-in screen offers the people of this device.
 * Online, what waits is sent first; offline, she is asked first. True once switched.
 */
export async function switchPerson() {
  const session = currentSession();
  if (!navigator.onLine) {
    // Signing in needs the server (only unlocking her own session works offline, §109): said
    // before the tap that would leave the device with nobody able to sign in until it is back.
    const { confirmDialog } = await import('./ui/dialog.js');
    const go = await confirmDialog({ title: t('lock.switchOfflineTitle'), body: t('lock.switchOfflineBody'), confirmLabel: t('lock.switchAnyway'), cancelLabel: t('lock.stay') });
    if (!go) return false;
  }
  if (session && navigator.onLine && session.sync.state.pending) {
    await Promise.race([session.sync.request('manual'), new Promise((resolve) => setTimeout(resolve, 5000))]).catch(() => {});
  }
  await signOut();
  await unlocked();
  await navigate('/signin');
  return true;
}
