// The connection as the person should understand it, from the sync loop's state and the
// browser's own signal: one of four states, each with what to do. Pure, tested in
// tests/js/connection.test.js; the header shows it (header.js).
//
// - offline: the browser has no network (navigator.onLine false), or a request got no
//   answer at all (fetch's TypeError: no route, a refused connection) — the browser cannot
//   tell these apart, and navigator.onLine may claim a network that is not there;
// - unreachable: the network works and something answers, but not the server (5xx,
//   502–504 from a proxy in front of a stopped server);
// - signed-out: the server answered 401: the changes wait for the person to sign in;
// - online: none of these.

import { t, formatDate } from '../i18n/i18n.js';

/**
 * @param {object} state the sync loop's state: {online, unreachable, needsSignIn, pending, retryAt}
 * @param {boolean} browserOnline navigator.onLine
 * @param {number} now Date.now()
 * @returns {{kind: 'online'|'offline'|'unreachable'|'signed-out', label: string, detail: string|null}}
 */
export function connectionState(state, browserOnline = true, now = Date.now()) {
  const pending = state.pending || 0;
  if (state.needsSignIn) {
    return {
      kind: 'signed-out',
      label: t('connection.signedOut'),
      detail: pending ? t('connection.signedOutDetail', { count: pending }) : t('connection.signedOutNothing'),
    };
  }
  if (!browserOnline || (state.online === false && !state.unreachable)) {
    return {
      kind: 'offline',
      label: t('connection.offline'),
      detail: pending ? t('connection.offlineDetail', { count: pending }) : null,
    };
  }
  if (state.unreachable) {
    // The header is drawn when the state changes, not every second: a clock time, not a countdown.
    const seconds = state.retryAt ? Math.round((state.retryAt - now) / 1000) : null;
    const at = seconds > 60 ? formatDate(new Date(state.retryAt), { hour: '2-digit', minute: '2-digit' }) : null;
    const retry = at ? t('connection.retryAt', { time: at }) : t('connection.retrySoon');
    return { kind: 'unreachable', label: t('connection.unreachable'), detail: t('connection.unreachableDetail', { retry }) };
  }
  return { kind: 'online', label: t('connection.online'), detail: null };
}

/** What a screen that needs the server says when it could not reach it. */
export function serverNeededMessage(browserOnline = true) {
  return browserOnline ? t('connection.serverNeeded') : t('connection.offlineNeeded');
}
