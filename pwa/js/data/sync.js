// The sync loop: push what waits in the outbox, then pull what changed.
//
// One loop at a time per person (Web Locks across tabs, an in-memory flag
// within a tab). Before pushing it checks that the server session belongs to
// the owner of this local database, so one person's changes are never sent
// under another's session. Network errors, 5xx and 429 retry with jittered
// exponential backoff and honour Retry-After; 401 keeps everything and asks
// the person to sign in again. Photos a chunk names are uploaded before the
// chunk is pushed (see photo-store.js).

import { t } from '../i18n/i18n.js';
import { api, ApiError } from './api.js';
import { LIMITS } from '../contract.js';

// The photo store comes with the first note that has a photo, not with every first load.
const photoStore = () => import('./photo-store.js');
const namesPhotos = (mutations) => mutations.some((m) => m.args && Array.isArray(m.args.photos) && m.args.photos.length);

const FIRST_CHUNK = 100; // the server takes at most 500 a request
const PULL_LIMIT = 200;
// A first sync (no cursor yet) fetches the server's largest page: fewer round trips for a
// device that has everything to catch up on (docs/benchmarks.md, first pull).
const FIRST_SYNC_LIMIT = LIMITS.changesPerPull;
const MAX_BACKOFF_MS = 5 * 60 * 1000; // server busy (5xx, 429)
// Unreachable server while the browser claims to be online ("lie-fi", captive
// portals, or a browser that misreports): probe often, it costs one failed GET.
const MAX_UNREACHABLE_BACKOFF_MS = 10 * 1000;

export class SyncEngine extends EventTarget {
  constructor(store, personId) {
    super();
    this.store = store;
    this.personId = personId;
    this.state = {
      pending: 0,
      rejected: 0,
      photosWaiting: 0, // photos on this device not yet uploaded
      photoFailure: null, // {count, message} of photos the server refused
      lastSyncAt: null,
      running: false,
      online: navigator.onLine, // false when the browser is offline or the server is unreachable
      unreachable: false, // the network works but the server does not answer (5xx, no answer): domain/connection.js
      needsSignIn: false,
      wrongUser: false,
      error: null, // a message for the person, or null
      retryAt: null,
    };
    this._again = false;
    this._current = null;
    this._attempt = 0;
    this._timer = null;
    this._stopped = false;
  }

  /** Re-read the counts shown in the header. Only the latest call's answer is used. */
  async refresh() {
    const seq = (this._refreshSeq = (this._refreshSeq || 0) + 1);
    const { pending, rejected, lastSyncAt, photosWaiting, photoFailure } = await this.store.summary();
    if (seq === this._refreshSeq) this._set({ pending, rejected, lastSyncAt, photosWaiting, photoFailure });
  }

  _set(patch) {
    Object.assign(this.state, patch);
    this.dispatchEvent(new CustomEvent('state', { detail: this.state }));
  }

  _dataChanged() {
    this.dispatchEvent(new CustomEvent('data'));
  }

  /** Stop syncing; resolves once a run in progress has finished. */
  stop() {
    this._stopped = true;
    clearTimeout(this._timer);
    return (this._current || Promise.resolve()).catch(() => {});
  }

  setOnline(online) {
    this._set({ online, unreachable: false });
    if (online) this.request('online');
  }

  /** Ask for a sync soon. Calls while one runs are folded into one more run. */
  request(reason = 'manual') {
    if (this._stopped) return Promise.resolve();
    if (reason === 'manual' || reason === 'online' || reason === 'signed-in') {
      // The person (or the network coming back) overrides the backoff.
      this._attempt = 0;
      clearTimeout(this._timer);
      this._set({ retryAt: null });
    } else if (reason !== 'retry' && this._waitingToRetry()) {
      return this._current || Promise.resolve(); // honour Retry-After / backoff: the timer will run it
    }
    if (this._current) {
      this._again = true;
      return this._current;
    }
    this._current = this._withLock(async () => {
      do {
        this._again = false;
        await this._once();
      } while (this._again && !this._stopped && !this._waitingToRetry());
    }).finally(() => {
      this._current = null;
    });
    return this._current;
  }

  _waitingToRetry() {
    return this.state.retryAt != null && Date.now() < this.state.retryAt;
  }

  _withLock(fn) {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request(`gembakit-sync-${this.personId}`, fn);
    }
    return fn(); // single tab fallback: this._current already serialises calls
  }

  async _once() {
    if (!navigator.onLine) {
      this._set({ online: false, unreachable: false });
      await this.refresh();
      return;
    }
    this._set({ running: true });
    try {
      await this._checkOwner();
      await this._push();
      await this._pull();
      if (!this._swept) {
        // Once per session, after a full sync: drop uploaded photos nothing names any more.
        this._swept = true;
        if (await this.store.photoCount()) {
          const { sweepPhotos } = await photoStore();
          await sweepPhotos(this.store).catch((err) => console.warn('Photo clean-up failed', err));
        }
      }
      this._attempt = 0;
      this._set({ error: null, retryAt: null, needsSignIn: false, wrongUser: false, unreachable: false });
    } catch (err) {
      this._handleFailure(err);
    } finally {
      await this.refresh().catch(() => {});
      this._set({ running: false });
    }
  }

  async _checkOwner() {
    const me = await api.get('/api/me');
    this._set({ online: true });
    if (!me || !me.user || me.user.id !== this.personId) {
      throw new SyncStop('wrong_user');
    }
    await this.store.saveProfile(me);
    this.dispatchEvent(new CustomEvent('profile', { detail: me }));
  }

  async _push() {
    let chunk = FIRST_CHUNK;
    let gapRounds = 0;
    const { clientId } = await this.store.getState();
    for (;;) {
      const mutations = await this.store.outboxHead(chunk);
      if (!mutations.length) return;
      // Uploads first: the server must have every photo a pushed mutation names.
      if (namesPhotos(mutations)) await (await photoStore()).uploadPhotosFor(this.store, mutations, () => this.refresh());
      let answer;
      try {
        answer = await api.post('/api/sync/push', { clientId, mutations });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.status === 413) {
          if (chunk === 1) throw new SyncStop('too_large');
          chunk = Math.max(1, Math.floor(chunk / 2));
          continue;
        }
        if (err.status === 409 && err.code === 'mutation_gap') {
          if (++gapRounds > 3) throw err;
          const expected = Number(err.details && err.details.expected);
          if (!Number.isInteger(expected) || expected < 1) throw err;
          if (expected > mutations[0].id) {
            // The server already has everything below `expected`.
            await this.store.acknowledge(expected - 1, []);
          } else {
            await this.store.renumberOutbox(expected);
          }
          this._dataChanged();
          continue;
        }
        throw err;
      }
      gapRounds = 0;
      const removed = await this.store.acknowledge(answer.lastMutationId, answer.results || []);
      this._dataChanged();
      await this.refresh();
      if (!removed) throw new SyncStop('no_progress');
    }
  }

  async _pull() {
    const { clientId } = await this.store.getState();
    let { cursor } = await this.store.getState();
    let resets = 0;
    let catchingUp = !cursor;
    for (;;) {
      const limit = catchingUp ? FIRST_SYNC_LIMIT : PULL_LIMIT;
      const query = new URLSearchParams({ clientId, cursor: cursor || '', limit: String(limit) });
      const page = await api.get(`/api/sync/pull?${query}`);
      // resetRequired; older servers say reset_required (sent both for one release).
      if (page.resetRequired ?? page.reset_required) {
        if (++resets > 2) throw new SyncStop('reset_loop');
        await this.store.resetServerCopies();
        this._dataChanged();
        cursor = null;
        catchingUp = true;
        continue;
      }
      await this.store.applyPull(page.changes || [], page.cursor ?? cursor, { complete: !page.more });
      cursor = page.cursor ?? cursor;
      if ((page.changes || []).length) this._dataChanged();
      if (!page.more) return;
    }
  }

  _handleFailure(err) {
    if (err instanceof SyncStop) {
      this._set({ error: t(`syncError.${err.reason}`), wrongUser: err.reason === 'wrong_user' });
      return;
    }
    if (!(err instanceof ApiError)) {
      console.error(err);
      this._set({ error: t('syncError.failed', { message: err.message }) });
      return;
    }
    if (err.status === 401) {
      this._set({ needsSignIn: true, error: null });
      return;
    }
    const retryable = err.isNetwork || err.status >= 500 || err.status === 429 || err.status === 408;
    if (!retryable) {
      // A 400 or another 4xx means this app sent something the server cannot read:
      // keep everything, say so, and let the next trigger try again.
      this._set({ error: t('syncError.refused', { code: err.code, message: err.message }) });
      return;
    }
    if (err.isNetwork) {
      // The header shows "Offline"; changes keep waiting on the device.
      this._set({ online: false, error: null, unreachable: false }); // no answer at all counts as offline (§86)
      if (!navigator.onLine) return; // the `online` event restarts us
      if (document.visibilityState === 'visible') this._scheduleRetry(null, MAX_UNREACHABLE_BACKOFF_MS);
      return; // hidden: returning to the foreground restarts us
    }
    this._scheduleRetry(err.retryAfter, MAX_BACKOFF_MS);
    // 5xx (a 502–504 from a proxy too): the server is not answering; 429/408: busy.
    this._set({ error: t('syncError.busy', { status: String(err.status) }), unreachable: err.status >= 500 });
  }

  _scheduleRetry(retryAfterSeconds, maxMs) {
    const exp = Math.min(maxMs, 1000 * 2 ** this._attempt);
    this._attempt += 1;
    const jittered = exp / 2 + Math.random() * exp; // 50 %–150 % of the step
    const delay = retryAfterSeconds != null ? Math.max(retryAfterSeconds * 1000, 250) + Math.random() * 500 : jittered;
    clearTimeout(this._timer);
    this._set({ retryAt: Date.now() + delay });
    this._timer = setTimeout(() => this.request('retry'), delay);
  }
}

class SyncStop extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

// ---------------------------------------------------------------- triggers
// When the loop runs besides its own timer: soon after a change is queued, when the network
// comes back, when the app is shown again, and when the browser's Background Sync fires
// (the service worker asks the page, which owns the outbox: app.js answers it).

let outboxWatched = null;

/** Sync soon after a change is queued (the outbox module comes with the first session). */
export function watchOutbox(currentSession) {
  outboxWatched ||= import('./outbox.js').then(({ changes }) => changes.addEventListener('queued', () => onQueued(currentSession())));
  return outboxWatched;
}

function onQueued(session) {
  if (!session) return;
  session.sync.refresh();
  session.sync.dispatchEvent(new CustomEvent('data'));
  if (navigator.onLine) session.sync.request('change');
  registerBackgroundSync();
}

async function registerBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    if (registration && 'sync' in registration) await registration.sync.register('gembakit-sync');
  } catch {
    /* Background Sync is a bonus (Chromium only) */
  }
}

let browserWatched = false;

/** The browser's own signals: online, offline, the app shown again. */
export function watchBrowser(currentSession) {
  if (browserWatched) return;
  browserWatched = true;
  window.addEventListener('online', () => currentSession()?.sync.setOnline(true));
  window.addEventListener('offline', () => currentSession()?.sync.setOnline(false));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') currentSession()?.sync.request('visible');
  });
}
