// The people who used this device (docs/decisions.md §88): on the sign-in screen, one tap on
// a name asks for that person's passkey; "Forget me on this device" takes the name off.
// The names live on this device only (IndexedDB gembakit-meta), never on the server. In
// Account: Switch person, and marking the device shared with its idle lock (session-lock.js).

import { listKnownPeople, forgetKnownPerson, openPersonStore } from '../data/store.js';
import { signInWithPasskey, describePasskeyError } from '../data/auth.js';
import { h, clear } from '../ui/dom.js';

const TEXT = {
  who: 'Who is signing in?',
  signInAs: (name) => `Sign in as ${name}`,
  forget: 'Forget me on this device',
  forgetLabel: (name) => `Forget ${name} on this device`,
  forgotten: (name) => `${name} is no longer offered on this device.`,
  keepWaiting: (name, n) => `${name} has ${n === 1 ? '1 change' : `${n} changes`} waiting on this device: sign in to send ${n === 1 ? 'it' : 'them'} first, then forget.`,
  waiting: (n) => (n === 1 ? '1 change waiting' : `${n} changes waiting`),
  someoneElse: 'Someone else: use the button below.',
  deviceTitle: 'Shared device',
  deviceHint: 'Several people use this device (a team tablet): each signs in with their own passkey; their notes and unsent changes stay apart.',
  shared: 'This device is shared: lock it when nobody uses it',
  lockAfter: 'Lock after',
  minutes: (n) => (n === 1 ? '1 minute' : `${n} minutes`),
  lockedHint: 'Locked, the screen shows no one’s notes; the passkey unlocks it. Changes keep syncing.',
  switch: 'Switch person',
  switchHint: 'Your unsent changes stay queued on this device, apart from anyone else’s, and go out at your next sign-in here.',
  lockNow: 'Lock now',
};

/** The sign-in screen's list, or null when nobody used this device yet. */
export async function peopleOnDevice(ctx, { onError }) {
  const people = await listKnownPeople().catch(() => []);
  if (!people.length) return null;
  const list = h('ul', { class: 'device-people', 'data-testid': 'device-people' });
  const section = h('section', { class: 'device-people__section', 'aria-labelledby': 'device-people-title' }, h('h2', { class: 'device-people__title', id: 'device-people-title' }, TEXT.who), list);
  for (const person of people) list.append(await personRow(ctx, person, { onError, section }));
  return section;
}

async function personRow(ctx, person, { onError, section }) {
  const store = await openPersonStore(person.id).catch(() => null);
  const waiting = store ? await store.outboxCount().catch(() => 0) : 0;
  const button = h(
    'button',
    { type: 'button', class: 'btn btn--secondary device-person', 'data-testid': 'device-person', 'aria-label': TEXT.signInAs(person.name) },
    h('span', { class: 'device-person__initials', 'aria-hidden': 'true' }, initials(person.name)),
    h('span', { class: 'device-person__name' }, person.name),
    waiting ? h('span', { class: 'device-person__waiting' }, TEXT.waiting(waiting)) : null,
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const user = await signInWithPasskey({ credentialId: person.credentialId || null });
      await ctx.startSession(user);
      await ctx.navigate('/', { replace: true });
    } catch (err) {
      onError(describePasskeyError(err));
      button.disabled = false;
    }
  });
  const forget = h('button', { type: 'button', class: 'btn btn--ghost btn--small device-person__forget', 'data-testid': 'forget-person', 'aria-label': TEXT.forgetLabel(person.name) }, TEXT.forget);
  const row = h('li', { class: 'device-people__row' }, button, forget);
  forget.addEventListener('click', async () => {
    // Nothing captured on a device is lost: unsent changes must go out before the name goes.
    const left = store ? await store.outboxCount().catch(() => 0) : 0;
    if (left) return onError(TEXT.keepWaiting(person.name, left));
    await forgetKnownPerson(person.id);
    row.remove();
    ctx.toast(TEXT.forgotten(person.name));
    if (!section.querySelector('li')) section.remove();
  });
  return row;
}

function initials(name) {
  return String(name || '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join('');
}

/** Account's "Shared device" card: Switch person, mark the device shared, lock after N minutes. */
export function sharedDeviceSection() {
  const card = h('section', { class: 'card', 'data-testid': 'shared-device' }, h('h2', { class: 'card__title' }, TEXT.deviceTitle));
  fill(card);
  return card;
}

async function fill(card) {
  const lock = await import('../session-lock.js');
  const shared = await lock.isShared();
  const minutes = await lock.idleMinutes();
  const box = h('input', { type: 'checkbox', id: 'shared-device', checked: shared, 'data-testid': 'shared-toggle' });
  const select = h('select', { class: 'input', id: 'idle-minutes', 'data-testid': 'idle-minutes', disabled: !shared }, lock.IDLE_CHOICES.map((n) => h('option', { value: String(n), selected: n === minutes }, TEXT.minutes(n))));
  const lockNow = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'lock-now', disabled: !shared, onclick: () => lock.lock() }, TEXT.lockNow);
  const save = async () => {
    select.disabled = !box.checked;
    lockNow.disabled = !box.checked;
    await lock.setShared(box.checked, Number(select.value));
  };
  box.addEventListener('change', save);
  select.addEventListener('change', save);
  const switchButton = h('button', { type: 'button', class: 'btn btn--secondary btn--block', 'data-testid': 'switch-person', onclick: () => lock.switchPerson() }, TEXT.switch);
  clear(card).append(
    h('h2', { class: 'card__title' }, TEXT.deviceTitle),
    h('p', { class: 'muted' }, TEXT.deviceHint),
    switchButton,
    h('p', { class: 'muted small' }, TEXT.switchHint),
    h('label', { class: 'check', for: 'shared-device' }, box, h('span', {}, TEXT.shared)),
    h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'idle-minutes' }, TEXT.lockAfter), select, h('p', { class: 'field__hint' }, TEXT.lockedHint)),
    lockNow,
  );
}
