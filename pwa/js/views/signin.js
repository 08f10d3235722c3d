// Sign-in with a discoverable passkey: no username to type.

import { t } from '../i18n/i18n.js';
import { passkeysSupported, signInWithPasskey, describePasskeyError } from '../data/auth.js';
import { getCurrentPersonId, getKnownPerson, openPersonStore, listKnownPeople } from '../data/store.js';
import { h } from '../ui/dom.js';

export async function render(ctx) {
  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const button = h('button', { type: 'button', class: 'btn btn--primary btn--huge', 'data-testid': 'signin' }, t('signin.button'));
  const notes = await signInNotes(ctx);
  if (!passkeysSupported()) button.disabled = true;

  // The people who used this device, one tap each (decisions §88): their module only when there are some.
  const showError = (message) => {
    error.textContent = message;
    error.classList.remove('is-hidden');
  };
  const known = (await listKnownPeople().catch(() => [])).length ? await import('./people-on-device.js') : null;
  const onDevice = known && passkeysSupported() ? await known.peopleOnDevice(ctx, { onError: showError }) : null;

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
    h('h1', { class: 'screen__title' }, t('app.name')),
    h('p', { class: 'muted' }, t('signin.tagline')),
    ...notes,
    onDevice,
    button,
    error,
    h('p', { class: 'muted small' }, t('signin.newHere')),
  );
}

/** What the sign-in screen says first: a session that ended, changes waiting, offline, no passkeys. */
async function signInNotes(ctx) {
  const notes = [];
  if (ctx.session && ctx.session.sync.state.needsSignIn) {
    notes.push(h('p', {}, t('signin.sessionEnded')));
  } else {
    // A person whose session ended (not signed out) may have changes waiting here.
    const lastId = await getCurrentPersonId().catch(() => null);
    if (lastId) {
      const known = await getKnownPerson(lastId).catch(() => null);
      const store = await openPersonStore(lastId).catch(() => null);
      const waiting = store ? await store.outboxCount() : 0;
      if (known && waiting) {
        notes.push(h('p', { class: 'banner banner--info' }, t('signin.waiting', { name: known.name, count: waiting })));
      }
    }
  }
  if (!navigator.onLine) notes.push(h('p', { class: 'banner banner--warn' }, t('signin.offline')));
  if (!passkeysSupported()) notes.push(h('p', { class: 'error' }, t('signin.noPasskeys')));
  return notes;
}
