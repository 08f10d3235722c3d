// The header: the app bar, the sync bar and the banners (new version, session ended, sync
// error, recovery, refused photos, conflicts, refused changes), redrawn when the session's
// state changes and on every route.

import { t } from './i18n/i18n.js';
import { currentSession } from './session.js';
import { signInAgain } from './router.js';
import { h, clear } from './ui/dom.js';
import { formatWhen, pendingText } from './ui/format.js';
import { renderTabbar } from './ui/tabbar.js';
import { recoveryBanner } from './ui/recovery-notice.js';
import { connectionState } from './domain/connection.js';
import { toast } from './ui/toast.js';

let updateReady = false;
let switching = false; // Switch person tapped: what waits is being sent before signing out

/** A new service worker took over: offer to reload. */
export function showUpdateReady() {
  updateReady = true;
  renderHeader();
}

export function renderHeader() {
  const header = clear(document.getElementById('header'));
  const banners = clear(document.getElementById('banners'));
  const session = currentSession();
  renderTabbar(session);
  if (updateReady) banners.append(updateBanner());
  document.body.classList.toggle('signed-in', Boolean(session));
  if (!session) return;
  header.append(...[appBar(session), sharedDeviceBar(session), syncBar(session)].filter(Boolean)); // append(null) would write "null"
  banners.append(...sessionBanners(session));
}

function updateBanner() {
  return banner('info', 'status', t('header.updateReady'), h('button', { type: 'button', class: 'banner__action', onclick: () => location.reload() }, t('header.reload')));
}

function appBar(session) {
  return h(
    'div',
    { class: 'appbar' },
    h('a', { href: '/', 'data-link': true, class: 'appbar__brand' }, t('app.name')),
    connectionPill(session.sync.state),
    // Observe from any screen: this +, a person's chip, Save (issue 12.1).
    // Search what this device holds, from any screen (issue 13.4; the screen loads when tapped).
    location.pathname === '/search' ? null : h('a', { href: '/search', 'data-link': true, class: 'appbar__search', 'aria-label': t('header.search'), 'data-testid': 'header-search' }, magnifier()),
    location.pathname === '/observe' ? null : h('a', { href: '/observe', 'data-link': true, class: 'appbar__observe', 'aria-label': t('header.observe'), 'data-testid': 'header-observe' }, h('span', { 'aria-hidden': 'true' }, '+')),
    accountLink(session.profile),
  );
}

/** On a device marked shared (session-lock.js sets the body's class, §89, §105): whose
 * session this is, and Switch person one tap away (its visible words are its name). */
function sharedDeviceBar(session) {
  if (!document.body.classList.contains('is-shared-device')) return null;
  const name = (session.profile && session.profile.user && session.profile.user.name) || '';
  // Sending what waits can take seconds on a slow network: the button says so and takes no
  // second tap, rather than look as if nothing happened.
  const switchPerson = () => {
    if (switching) return;
    switching = true;
    renderHeader();
    import('./session-lock.js')
      .then((lock) => lock.switchPerson())
      .finally(() => {
        switching = false;
        renderHeader();
      });
  };
  return h(
    'div',
    { class: 'devicebar', 'data-testid': 'device-bar' },
    h('span', { class: 'devicebar__who' }, t('header.sharedAs', { name })),
    h('button', { type: 'button', class: 'btn btn--small btn--secondary devicebar__switch', 'data-testid': 'header-switch-person', disabled: switching, onclick: switchPerson }, switching ? t('header.switching') : t('header.switchPerson')),
  );
}

/** Offline, server not answering or signed out: the pill in the app bar (hidden when all is well). */
function connectionPill(state) {
  const c = connectionState(state, navigator.onLine);
  const testid = c.kind === 'offline' ? 'offline' : 'connection';
  return h('span', { class: ['offline-pill', `offline-pill--${c.kind}`, c.kind === 'online' ? 'is-hidden' : null], 'data-testid': testid, dataset: { kind: c.kind }, role: 'status' }, c.label);
}

function syncBar(session) {
  const s = session.sync.state;
  const photos = t('header.photosWaiting', { count: s.photosWaiting });
  return h(
    'div',
    { class: 'syncbar' },
    h(
      'div',
      { class: 'syncbar__text' },
      h('span', { class: ['syncbar__pending', s.pending ? 'has-pending' : null], 'data-testid': 'pending', 'aria-live': 'polite' }, pendingText(s.pending)),
      h('span', { class: 'syncbar__last', 'data-testid': 'last-sync' }, s.running ? t('header.syncing') : s.lastSyncAt ? t('header.lastSync', { when: formatWhen(s.lastSyncAt, { inline: true }) }) : t('header.notSynced')),
      s.photosWaiting ? h('span', { class: 'syncbar__photos', 'data-testid': 'photos-waiting' }, photos) : null,
    ),
    // Offline a tap can send nothing: it says so and what happens to what waits, rather than
    // do nothing visible.
    h('button', { type: 'button', class: 'btn btn--small btn--secondary', disabled: s.running, onclick: () => (navigator.onLine ? session.sync.request('manual') : toast(t('header.syncOffline'))) }, t('header.syncNow')),
  );
}

function sessionBanners(session) {
  const s = session.sync.state;
  const path = location.pathname;
  const c = connectionState(s, navigator.onLine);
  return [
    s.needsSignIn ? sessionEndedBanner(s.pending) : null,
    // Server not answering: say so, and that nothing is lost (a 5xx's own line says the rest).
    c.kind === 'unreachable' && !s.error ? h('div', { class: 'banner banner--warn', role: 'status', 'data-testid': 'connection-detail' }, c.detail) : null,
    s.error ? h('div', { class: 'banner banner--warn', role: 'alert', 'data-testid': 'sync-error' }, c.kind === 'unreachable' ? `${c.detail} ${s.error.split('. ')[0]}.` : s.error) : null,
    recoveryBanner(session, renderHeader),
    s.photoFailure ? photoFailureBanner(s.photoFailure) : null,
    session.flagged && !path.startsWith('/review') ? conflictsBanner(session.flagged) : null,
    s.rejected && path !== '/rejected' ? rejectedBanner(s.rejected) : null,
  ].filter(Boolean);
}

function sessionEndedBanner(pending) {
  const text = pending ? t('header.signedOutKept', { count: pending }) : t('header.signedOutNothing');
  return banner('warn', 'alert', text, h('button', { type: 'button', class: 'banner__action', onclick: () => signInAgain() }, t('header.signIn')));
}

function photoFailureBanner({ count: n, message }) {
  const text = t('header.photoFailure', { count: n, message });
  return h('div', { class: 'banner banner--danger', role: 'alert', 'data-testid': 'photo-failure' }, text);
}

function conflictsBanner(n) {
  const text = t('header.conflicts', { count: n });
  const el = banner('warn', 'status', text, h('a', { href: '/review', 'data-link': true, class: 'banner__action' }, t('header.review')));
  el.dataset.testid = 'review-banner';
  return el;
}

function rejectedBanner(n) {
  const text = t('header.rejected', { count: n });
  return banner('danger', 'alert', text, h('a', { href: '/rejected', 'data-link': true, class: 'banner__action' }, t('header.seeWhy')));
}

function banner(tone, role, text, action) {
  return h('div', { class: `banner banner--${tone}`, role }, h('span', {}, text), action);
}

function magnifier() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'appbar__icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM15.3 15.3L20 20');
  svg.append(path);
  return svg;
}

/** The avatar: its initials are its visible name, so its accessible name holds them too
 * ("Account: CC"; axe label-content-name-mismatch, §83); the full name is its tooltip. */
function accountLink(profile) {
  const letters = initials(profile);
  const name = (profile && profile.user && profile.user.name) || '';
  return h('a', { href: '/account', 'data-link': true, class: 'appbar__account', 'aria-label': t('header.account', { initials: letters }), title: name || null }, letters);
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
