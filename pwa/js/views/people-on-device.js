// The people who used this device (docs/decisions.md §88): on the sign-in screen, one tap on
// a name asks for that person's passkey; "Forget me on this device" takes the name off.
// The names live on this device only (IndexedDB gembakit-meta), never on the server. In
// Account: Switch person, and marking the device shared with its idle lock (session-lock.js).

import { listKnownPeople, forgetKnownPerson, openPersonStore } from '../data/store.js';
import { signInWithPasskey, describePasskeyError } from '../data/auth.js';
import { h, clear } from '../ui/dom.js';
import { t } from '../i18n/i18n.js';
import '../i18n/screens.js';

/** The sign-in screen's list, or null when nobody used this device yet. */
export async function peopleOnDevice(ctx, { onError }) {
  const people = await listKnownPeople().catch(() => []);
  if (!people.length) return null;
  const list = h('ul', { class: 'device-people', 'data-testid': 'device-people' });
  const section = h('section', { class: 'device-people__section', 'aria-labelledby': 'device-people-title' }, h('h2', { class: 'device-people__title', id: 'device-people-title' }, t('device.who')), list);
  for (const person of people) list.append(await personRow(ctx, person, { onError, section }));
  return section;
}

async function personRow(ctx, person, { onError, section }) {
  const store = await openPersonStore(person.id).catch(() => null);
  const waiting = store ? await store.outboxCount().catch(() => 0) : 0;
  const button = h(
    'button',
    { type: 'button', class: 'btn btn--secondary device-person', 'data-testid': 'device-person' },
    h('span', { class: 'device-person__initials', 'aria-hidden': 'true' }, initials(person.name)),
    // Named by what it shows (a screen reader hears "Sign in as …", the name, what waits).
    h('span', { class: 'visually-hidden' }, `${t('device.signInAs')} `),
    h('span', { class: 'device-person__name' }, person.name),
    waiting ? ' ' : null,
    waiting ? h('span', { class: 'device-person__waiting' }, t('device.waiting', { count: waiting })) : null,
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
  const forget = h('button', { type: 'button', class: 'btn btn--ghost btn--small device-person__forget', 'data-testid': 'forget-person', 'aria-label': t('device.forgetLabel', { name: person.name }) }, t('device.forget'));
  const row = h('li', { class: 'device-people__row' }, button, forget);
  forget.addEventListener('click', async () => {
    // Nothing captured on a device is lost: unsent changes must go out before the name goes.
    const left = store ? await store.outboxCount().catch(() => 0) : 0;
    if (left) return onError(t('device.keepWaiting', { name: person.name, count: left }));
    await forgetKnownPerson(person.id);
    row.remove();
    ctx.toast(t('device.forgotten', { name: person.name }));
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
  const card = h('section', { class: 'card', 'data-testid': 'shared-device' }, h('h2', { class: 'card__title' }, t('device.title')));
  fill(card);
  return card;
}

async function fill(card) {
  const lock = await import('../session-lock.js');
  const shared = await lock.isShared();
  const minutes = await lock.idleMinutes();
  const box = h('input', { type: 'checkbox', id: 'shared-device', checked: shared, 'data-testid': 'shared-toggle' });
  const select = h('select', { class: 'input', id: 'idle-minutes', 'data-testid': 'idle-minutes', disabled: !shared }, lock.IDLE_CHOICES.map((n) => h('option', { value: String(n), selected: n === minutes }, t('device.minutes', { count: n }))));
  const lockNow = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'lock-now', disabled: !shared, onclick: () => lock.lock() }, t('device.lockNow'));
  const save = async () => {
    select.disabled = !box.checked;
    lockNow.disabled = !box.checked;
    await lock.setShared(box.checked, Number(select.value));
  };
  box.addEventListener('change', save);
  select.addEventListener('change', save);
  const switchButton = h('button', { type: 'button', class: 'btn btn--secondary btn--block', 'data-testid': 'switch-person', onclick: () => lock.switchPerson() }, t('lock.switch'));
  clear(card).append(
    h('h2', { class: 'card__title' }, t('device.title')),
    h('p', { class: 'muted' }, t('device.hint')),
    switchButton,
    h('p', { class: 'muted small' }, t('device.switchHint')),
    h('label', { class: 'check', for: 'shared-device' }, box, h('span', {}, t('device.shared'))),
    h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'idle-minutes' }, t('device.lockAfter')), select, h('p', { class: 'field__hint' }, t('device.lockedHint'))),
    lockNow,
  );
}
