// Gembakit service worker: keeps the app shell so the app opens offline.
// The server stamps VERSION with a fingerprint of every shell file, so any change
// installs a new worker: it precaches the new shell, takes over, and the page
// offers "A new version is ready — Reload". Bump the hand-written part only to
// force an update when nothing in the shell changed.
// It never touches /api/: data goes through the app's own outbox and sync.

const VERSION = 'v4';
// The server stamps the shell fingerprint that names this version's asset URLs
// (/js/app.js?v=<fingerprint>): the page just loaded those, so precaching them under
// the same URLs takes them from the HTTP cache instead of downloading them again.
const FINGERPRINT = '';
const CACHE_PREFIX = 'gembakit-shell-';
const CACHE_NAME = `${CACHE_PREFIX}${VERSION}`;
const NAVIGATION_TIMEOUT_MS = 3000;

// Every file under pwa/ (tests/browser/test_shell_precache.py checks this list).
const SHELL = [
  '/index.html',
  '/manifest.webmanifest',
  '/manifest.fr.webmanifest',
  '/css/app.css',
  '/css/coaching.css',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-512.png',
  '/js/app.js',
  '/js/contract.js',
  '/js/data/api.js',
  '/js/data/auth.js',
  '/js/data/outbox.js',
  '/js/data/offline-unlock.js',
  '/js/data/photo-store.js',
  '/js/data/push.js',
  '/js/data/store.js',
  '/js/data/sync.js',
  '/js/domain/access.js',
  '/js/domain/analytics.js',
  '/js/domain/coaching.js',
  '/js/domain/conflicts.js',
  '/js/domain/connection.js',
  '/js/domain/error-messages.js',
  '/js/domain/export.js',
  '/js/domain/history-words.js',
  '/js/domain/mutators.js',
  '/js/domain/numbers.js',
  '/js/domain/principles.js',
  '/js/domain/reminders.js',
  '/js/domain/search.js',
  '/js/domain/today-list.js',
  '/js/header.js',
  '/js/i18n/en-screens.js',
  '/js/i18n/en.js',
  '/js/i18n/fr-screens.js',
  '/js/i18n/fr.js',
  '/js/i18n/i18n.js',
  '/js/i18n/language-picker.js',
  '/js/i18n/screens.js',
  '/js/router.js',
  '/js/session-lock.js',
  '/js/session.js',
  '/js/ui/charts.js',
  '/js/ui/svg.js',
  '/js/ui/dialog.js',
  '/js/ui/dom.js',
  '/js/ui/form.js',
  '/js/ui/draft.js',
  '/js/ui/format.js',
  '/js/ui/live.js',
  '/js/ui/recovery-notice.js',
  '/js/ui/split-view.js',
  '/js/ui/tabbar.js',
  '/js/ui/toast.js',
  '/js/undo-delete.js',
  '/js/views/account.js',
  '/js/views/audit.js',
  '/js/views/capture.js',
  '/js/views/challenge-form.js',
  '/js/views/challenge.js',
  '/js/views/checkin.js',
  '/js/views/edit.js',
  '/js/views/enrol.js',
  '/js/views/export.js',
  '/js/views/goal-form.js',
  '/js/views/goal.js',
  '/js/views/history.js',
  '/js/views/home.js',
  '/js/views/insight.js',
  '/js/views/mentor.js',
  '/js/views/mode-editors.js',
  '/js/views/observation-form.js',
  '/js/views/organisation.js',
  '/js/views/parts.js',
  '/js/views/people-on-device.js',
  '/js/views/person.js',
  '/js/views/photo-picker.js',
  '/js/views/principle-form.js',
  '/js/views/principles.js',
  '/js/views/rejected.js',
  '/js/views/reminder-count.js',
  '/js/views/reminders.js',
  '/js/views/review-record.js',
  '/js/views/review.js',
  '/js/views/run-chart.js',
  '/js/views/search.js',
  '/js/views/signin.js',
  '/js/views/team.js',
  '/js/views/today.js',
  '/js/views/triage.js',
  '/js/views/workshop-form.js',
  '/js/views/workshop-parts.js',
  '/js/views/workshop-summary.js',
  '/js/views/workshop.js',
  '/js/views/workshops.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE_NAME);
      await cache.addAll(SHELL.map(precacheRequest));
      await self.skipWaiting();
    })(),
  );
});

/** A fingerprinted URL never changes content, so the HTTP cache may answer it; any other
 * URL skips the HTTP cache (cache: 'reload'), so a new version never precaches stale files.
 * Lookups ignore the query string, so the app's ?v= URLs find these entries. */
function precacheRequest(url) {
  if (FINGERPRINT && /\.(js|css|png)$/.test(url)) return new Request(`${url}?v=${FINGERPRINT}`);
  return new Request(url, { cache: 'reload' });
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE_NAME).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname === '/healthz') return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstShell(request));
    return;
  }
  event.respondWith(cacheFirst(request));
});

/** Network first (fresh index.html when online), cached shell after a short wait or when offline. */
async function networkFirstShell(request) {
  const cache = await caches.open(CACHE_NAME);
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.ok) return response;
    const cached = await cache.match('/index.html');
    return cached || response;
  } catch {
    const cached = await cache.match('/index.html');
    if (cached) return cached;
    return new Response('Gembakit is offline and not installed on this device yet.', {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') cache.put(request, response.clone());
  return response;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

// Background Sync (Chromium): ask an open page to run its sync loop, which owns
// the outbox logic, and keep the event alive until it answers. With no page
// open there is nothing to do: the app syncs when it next starts.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'gembakit-sync') return;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window' });
      await Promise.all(
        windows.map(
          (client) =>
            new Promise((resolve) => {
              const channel = new MessageChannel();
              const timer = setTimeout(resolve, 60000);
              channel.port1.onmessage = () => {
                clearTimeout(timer);
                resolve();
              };
              client.postMessage({ type: 'background-sync' }, [channel.port2]);
            }),
        ),
      );
    })(),
  );
});

// Reminders by Web Push (docs/decisions.md §91): show the server's words (challenge titles
// and counts only), set the app badge to the count where the Badging API exists, and open
// the screen the reminder is about when it is tapped: an open window of the app navigates
// there, else a new one opens.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const shown = self.registration.showNotification(data.title || 'Gembakit', {
    body: data.body || '',
    tag: data.tag || 'gembakit-reminders',
    data: { url: typeof data.url === 'string' ? data.url : '/' },
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
  });
  const badge = typeof data.count === 'number' && self.navigator.setAppBadge ? self.navigator.setAppBadge(data.count).catch(() => {}) : null;
  event.waitUntil(Promise.all([shown, badge]));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  // Only a screen of this app: a URL that resolves elsewhere ('//host', '/\\host') opens Today.
  let url = new URL('/', self.location.origin).href;
  try {
    const asked = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
    if (asked.origin === self.location.origin) url = asked.href;
  } catch {
    // not a URL: Today
  }
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        return open.navigate ? open.navigate(url) : null;
      }
      return self.clients.openWindow(url);
    })(),
  );
});
