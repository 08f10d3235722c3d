// Sign-in with a discoverable passkey: no username to type.

import { passkeysSupported, signInWithPasskey, describePasskeyError } from '../data/auth.js';
import { getCurrentPersonId, getKnownPerson, openPersonStore } from '../data/store.js';
import { h } from '../ui/dom.js';

export async function render(ctx) {
  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const button = h('button', { type: 'button', class: 'btn btn--primary btn--huge', 'data-testid': 'signin' }, 'Sign in with passkey');
  const notes = [];

  if (ctx.session && ctx.session.sync.state.needsSignIn) {
    notes.push(h('p', {}, 'Your session has ended. Sign in again; your notes on this device are kept.'));
  } else {
    // A person whose session ended (not signed out) may have changes waiting here.
    const lastId = await getCurrentPersonId().catch(() => null);
    if (lastId) {
      const known = await getKnownPerson(lastId).catch(() => null);
      const store = await openPersonStore(lastId).catch(() => null);
      const waiting = store ? await store.outboxCount() : 0;
      if (known && waiting) {
        notes.push(h('p', { class: 'banner banner--info' }, `${known.name}: ${waiting} ${waiting === 1 ? 'change waits' : 'changes wait'} on this device. Sign in to send ${waiting === 1 ? 'it' : 'them'}.`));
      }
    }
  }
  if (!navigator.onLine) {
    notes.push(h('p', { class: 'banner banner--warn' }, 'You are offline. Signing in needs a connection: connect to Wi-Fi or mobile data, then try again.'));
  }
  if (!passkeysSupported()) {
    button.disabled = true;
    notes.push(h('p', { class: 'error' }, 'This browser cannot use passkeys. Open Gembakit in an up-to-date browser.'));
  }

  button.addEventListener('click', async () => {
    error.classList.add('is-hidden');
    button.disabled = true;
    try {
      const user = await signInWithPasskey();
      await ctx.startSession(user);
      await ctx.navigate('/', { replace: true });
    } catch (err) {
      error.textContent = describePasskeyError(err);
      error.classList.remove('is-hidden');
      button.disabled = false;
    }
  });

  return h(
    'section',
    { class: 'screen screen--center' },
    h('img', { src: '/icons/icon-192.png', alt: '', class: 'logo', width: 96, height: 96 }),
    h('h1', { class: 'screen__title' }, 'Gembakit'),
    h('p', { class: 'muted' }, 'Your coaching notebook for the gemba.'),
    ...notes,
    button,
    error,
    h('p', { class: 'muted small' }, 'New here? Open the invite link your manager or admin sent you.'),
  );
}
