// The connection as the person should understand it, from the sync loop's state and the
// browser's own signal: one of four states, each with what to do. Pure, tested in
// tests/js/connection.test.js; the header shows it (header.js).
//
// - offline: the browser has no network (navigator.onLine false, or a fetch that never
//   left the device while the browser claims otherwise is counted as unreachable below);
// - unreachable: the network works but the server does not answer (5xx, 502–504 from a
//   proxy, timeouts, a refused connection);
// - signed-out: the server answered 401: the changes wait for the person to sign in;
// - online: none of these.

/** How often the sync loop tries again when the server is unreachable, in words. */
const RETRY_WORDS = 'every few seconds';

const changes = (n) => (n === 1 ? '1 change' : `${n} changes`);

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
      label: 'Signed out',
      detail: pending ? `Signed out — sign in to send ${changes(pending)}. ${pending === 1 ? 'It is' : 'They are'} kept on this device.` : 'Signed out — sign in again to sync.',
    };
  }
  if (!browserOnline) {
    return {
      kind: 'offline',
      label: 'Offline',
      detail: pending ? `Offline — ${changes(pending)} kept on this device, sent when the network is back.` : null,
    };
  }
  if (state.unreachable || state.online === false) {
    // The header is drawn when the state changes, not every second: a clock time, not a countdown.
    const seconds = state.retryAt ? Math.round((state.retryAt - now) / 1000) : null;
    const at = seconds > 60 ? new Date(state.retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : null;
    const retry = at ? `we retry at ${at}` : `we retry ${RETRY_WORDS}`;
    return {
      kind: 'unreachable',
      label: 'Server not answering',
      detail: `Server not answering — the network works, but the server does not. Your changes are kept on this device; ${retry}.`,
    };
  }
  return { kind: 'online', label: 'Online', detail: null };
}

/** What a screen that needs the server says when it could not reach it. */
export function serverNeededMessage(what, browserOnline = true) {
  return browserOnline
    ? `The server is not answering, though the network works: ${what} need the server. Try again in a minute.`
    : `You are offline: ${what} need the server. Connect to the network to see and change them.`;
}
