// Account: who is signed in, sign out, passkeys, storage, and (for admins
// and managers) inviting people.

import { api } from '../data/api.js';
import { registerPasskey, describePasskeyError } from '../data/auth.js';
import { h, clear } from '../ui/dom.js';
import { field, errorBox, form, firstProblem } from '../ui/form.js';
import { confirmDialog } from '../ui/dialog.js';
import { formatWhen } from '../ui/format.js';
import { defaultNickname } from './enrol.js';
import { eventItem } from './audit.js';
import { errorMessage } from '../domain/error-messages.js';
import { LIMITS } from '../contract.js';
import { sharedDeviceSection } from './people-on-device.js';
import { languageSection } from '../i18n/language-picker.js';
import { remindersSection } from './reminders.js';

export async function render(ctx) {
  const { session } = ctx;
  const profile = session.profile || {};
  const user = profile.user || {};
  const canInvite = Boolean(user.isAdmin || (profile.reports && profile.reports.length));

  const screen = h(
    'section',
    { class: 'screen' },
    h('h1', { class: 'screen__title', 'data-testid': 'account-name' }, user.name || 'Your account'),
    h(
      'p',
      { class: 'muted' },
      [user.isAdmin ? 'Administrator' : null, profile.manager ? `Coach: ${profile.manager.name}` : null].filter(Boolean).join(' · ') || ' ',
    ),
    nameSection(ctx, user),
    passkeySection(ctx),
    securitySection(),
    canInvite
      ? card(
          'People & areas',
          h('p', { class: 'muted' }, 'Reporting lines and where people work (site › line › cell).'),
          h('a', { href: '/organisation', 'data-link': true, class: 'btn btn--secondary btn--block' }, 'Manage people & areas'),
        )
      : null,
    canInvite ? inviteSection(ctx, user) : null,
    remindersSection(),
    languageSection(ctx),
    storageSection(),
    sharedDeviceSection(),
    signOutSection(ctx),
  );
  return screen;
}

const withFocus = (problem, control) => problem && { message: problem.message, focus: control };

function card(title, ...children) {
  return h('section', { class: 'card' }, h('h2', { class: 'card__title' }, title), ...children);
}

// ---------------------------------------------------------------- name and id

function nameSection(ctx, user) {
  const input = h('input', { type: 'text', class: 'input', value: user.name || '', maxlength: LIMITS.personName, required: true, autocomplete: 'name' });
  const status = h('div', { 'aria-live': 'polite' });
  const rename = async () => {
    const answer = await api.patch('/api/me', { name: input.value.trim() });
    ctx.session.profile.user = answer.user;
    ctx.session.sync.request('manual');
    ctx.toast('Name saved');
    await ctx.navigate('/account', { replace: true });
  };
  const nameForm = form({
    fields: field('Your name', input, 'As your colleagues see it.'),
    submitLabel: 'Change name',
    submitClass: 'btn btn--secondary',
    validate: () => withFocus(firstProblem([{ name: 'name', required: 'Write your name.' }], { name: input.value }), input),
    onSubmit: rename,
    failure: (err) => (err.status === 0 ? 'Connect to the network to change your name.' : `Not saved: ${errorMessage(err)}`),
  });
  return card(
    'You',
    nameForm,
    status,
    h('p', { class: 'muted small', 'data-testid': 'person-id' }, 'Your id (for an admin or the command line): ', h('code', { class: 'person-id' }, user.id || '')),
  );
}

// ---------------------------------------------------------------- security events

function securitySection() {
  const list = h('ul', { class: 'list', 'data-testid': 'my-audit' });
  const status = h('div');
  (async () => {
    try {
      const { events } = await api.get('/api/me/audit?limit=20');
      for (const event of events) list.append(eventItem(event));
      if (!events.length) status.append(h('p', { class: 'muted' }, 'Nothing yet.'));
    } catch (err) {
      status.append(h('p', { class: 'muted' }, err.status === 0 ? 'Connect to the network to see your security events.' : `Could not load them: ${errorMessage(err)}`));
    }
  })();
  return card('Security events about you', h('p', { class: 'muted small' }, 'Links issued for you, passkeys added and removed, and changes to your account, newest first.'), list, status);
}

/** "with a recovery link from Root" — how a passkey came to be (decisions §22). */
function addedHow(c) {
  const by = c.addedBy ? c.addedBy.name : null;
  switch (c.addedVia) {
    case 'recovery':
      return by ? `with a recovery link from ${by}` : 'with a recovery link from the command line';
    case 'setup':
      return 'with the first-run setup link';
    case 'device':
      return 'on a signed-in device';
    default:
      return by ? `with an invite link from ${by}` : 'with an invite link';
  }
}

// ---------------------------------------------------------------- sign out

function signOutSection(ctx) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--secondary btn--block',
      'data-testid': 'signout',
      onclick: async () => {
        const { pending, photosWaiting } = ctx.session.sync.state;
        if (pending || photosWaiting) {
          const photos = photosWaiting ? ` (with ${photosWaiting === 1 ? '1 photo' : `${photosWaiting} photos`})` : '';
          const ok = await confirmDialog({
            title: `${pending} ${pending === 1 ? 'change has' : 'changes have'} not been synced${photos}`,
            body:
              'They have not reached the server yet. They stay on this device and are sent the next time you sign in here. ' +
              'If you sign out and this device is wiped or lost before then, they are gone. Sign out anyway?',
            confirmLabel: 'Sign out anyway',
            cancelLabel: 'Stay signed in',
            danger: true,
          });
          if (!ok) return;
        }
        await ctx.signOut();
      },
    },
    'Sign out',
  );
  return card('This device', h('p', { class: 'muted' }, 'Signing out keeps your notes on this device for your next sign-in.'), button);
}

// ---------------------------------------------------------------- passkeys

function passkeySection(ctx) {
  const list = h('ul', { class: 'list', 'data-testid': 'passkeys' });
  const status = h('div');
  const addName = h('input', { type: 'text', class: 'input', maxlength: LIMITS.passkeyNickname, placeholder: defaultNickname() });
  const add = h('button', { type: 'button', class: 'btn btn--secondary btn--block' }, 'Add a passkey on this device');

  async function load() {
    clear(status);
    try {
      const { credentials } = await api.get('/api/me/credentials');
      clear(list);
      for (const c of credentials) list.append(passkeyRow(c, credentials.length, { load, status }));
    } catch (err) {
      clear(list);
      status.append(errorBox(err.status === 0 ? 'Connect to the network to see and manage your passkeys.' : `Could not load your passkeys: ${errorMessage(err)}`));
    }
  }

  add.addEventListener('click', async () => {
    add.disabled = true;
    clear(status);
    try {
      await registerPasskey({ nickname: addName.value || defaultNickname() });
      addName.value = '';
      await load();
      ctx.toast('Passkey added');
    } catch (err) {
      status.append(errorBox(describePasskeyError(err)));
    } finally {
      add.disabled = false;
    }
  });

  load();
  return card('Passkeys', list, status, field('New passkey name (optional)', addName), add);
}

/** One passkey: its name and dates, Rename, and Remove (never the last one). */
function passkeyRow(c, count, { load, status }) {
  const name = h('span', { class: 'list__title' }, c.nickname || 'Unnamed passkey', c.thisDevice ? h('span', { class: 'badge' }, 'this device') : null);
  const meta = h('span', { class: 'list__meta' }, `Added ${formatWhen(c.createdAt)} ${addedHow(c)}${c.lastUsedAt ? ` · last used ${formatWhen(c.lastUsedAt)}` : ''}`);
  const item = h('li', { class: 'list__item' }, h('div', { class: 'list__text' }, name, meta));
  const rename = h('button', { type: 'button', class: 'btn btn--small btn--ghost', onclick: () => renamePasskey(item, c, load) }, 'Rename');
  const remove = h('button', { type: 'button', class: 'btn btn--small btn--danger-ghost', disabled: count <= 1, title: count <= 1 ? 'You need at least one passkey' : null, onclick: () => removePasskey(c, load, status) }, 'Remove');
  item.append(h('div', { class: 'list__actions' }, rename, remove));
  return item;
}

function renamePasskey(item, c, load) {
  const input = h('input', { type: 'text', class: 'input', value: c.nickname || '', maxlength: LIMITS.passkeyNickname, 'aria-label': 'Passkey name' });
  const save = h('button', { type: 'submit', class: 'btn btn--small btn--primary' }, 'Save');
  const submit = async (event) => {
    event.preventDefault();
    try {
      await api.patch(`/api/me/credentials/${encodeURIComponent(c.id)}`, { nickname: input.value.trim() });
      await load();
    } catch (err) {
      form.append(errorBox(`Could not rename: ${errorMessage(err)}`));
    }
  };
  const form = h('form', { class: 'inline-form', onsubmit: submit }, input, save);
  item.replaceChildren(form);
  input.focus();
}

async function removePasskey(c, load, status) {
  const ok = await confirmDialog({
    title: `Remove “${c.nickname || 'Unnamed passkey'}”?`,
    body: c.thisDevice
      ? 'This is the passkey of the device in your hand: you will be signed out here, and this device will no longer be able to sign in as you.'
      : 'The device holding this passkey is signed out at once and can no longer sign in as you.',
    confirmLabel: 'Remove',
    danger: true,
  });
  if (!ok) return;
  try {
    await api.delete(`/api/me/credentials/${encodeURIComponent(c.id)}`);
    await load();
  } catch (err) {
    status.append(errorBox(err.code === 'last_credential' ? errorMessage(err) : `Could not remove: ${errorMessage(err)}`));
  }
}

// ---------------------------------------------------------------- storage

function storageSection() {
  const text = h('p', { 'data-testid': 'storage' }, 'Checking…');
  (async () => {
    if (!navigator.storage || !navigator.storage.persisted) {
      text.textContent = 'This browser does not say whether it keeps data. Sync often.';
      return;
    }
    const persisted = await navigator.storage.persisted();
    text.textContent = persisted
      ? 'Kept: this browser will not clear Gembakit’s data to save space.'
      : 'Not guaranteed: the browser may clear data that is not synced when space runs low. Installing the app to the home screen helps.';
  })();
  return card('Storage on this device', text);
}

// ---------------------------------------------------------------- invite

function inviteSection(ctx, user) {
  const name = h('input', { type: 'text', class: 'input', maxlength: LIMITS.personName, required: true, autocomplete: 'off', 'data-testid': 'invite-name' });
  const admin = h('input', { type: 'checkbox', class: 'checkbox' });
  const manager = h('select', { class: 'input', 'data-testid': 'invite-manager' });
  const result = h('div', { 'aria-live': 'polite' });
  const people = h('ul', { class: 'list' });
  const waitingTitle = h('h3', { class: 'card__subtitle is-hidden' }, 'Waiting for their passkey');
  const showLink = (personName, url) => result.replaceChildren(inviteLink(personName, url));

  async function loadPeople() {
    try {
      const all = (await api.get('/api/people')).people || [];
      fillManagers(manager, user, all);
      const waiting = all.filter((p) => !p.hasPasskey && p.id !== user.id);
      waitingTitle.classList.toggle('is-hidden', !waiting.length);
      clear(people).append(...waiting.map((p) => waitingPerson(p, () => reissue(p))));
    } catch (err) {
      clear(manager).append(h('option', { value: String(user.id) }, `${user.name} (you)`));
      result.replaceChildren(errorBox(err.status === 0 ? 'Connect to the network to invite people.' : `Could not load people: ${errorMessage(err)}`));
    }
  }

  async function reissue(person) {
    try {
      const { inviteUrl } = await api.post(`/api/people/${encodeURIComponent(person.id)}/invite`, {});
      showLink(person.name, inviteUrl);
    } catch (err) {
      result.replaceChildren(errorBox(`Could not make a new link: ${errorMessage(err)}`));
    }
  }

  const invite = async () => {
    const body = { name: name.value.trim(), ...(user.isAdmin ? { isAdmin: admin.checked } : {}), ...(manager.value ? { managerId: manager.value } : {}) };
    const answer = await api.post('/api/people', body);
    showLink(answer.person.name, answer.inviteUrl);
    name.value = '';
    admin.checked = false;
    loadPeople();
  };
  const inviteForm = form({
    fields: [field('Name', name), user.isAdmin ? h('label', { class: 'check' }, admin, h('span', {}, 'Administrator (can manage people)')) : null, field('Reports to', manager)],
    submitLabel: 'Create invite link',
    validate: () => withFocus(firstProblem([{ name: 'name', required: 'Enter the person’s name.' }], { name: name.value }), name),
    onSubmit: invite,
    failure: (err) => (err.status === 0 ? 'Connect to the network to invite people.' : `Could not invite: ${errorMessage(err)}`),
  });
  loadPeople();
  return card('Invite a person', inviteForm, result, waitingTitle, people);
}

/** Who the new person may report to: me, and (for an admin) anyone, or no one. */
function fillManagers(manager, user, all) {
  const options = user.isAdmin ? all : all.filter((p) => p.id !== user.id);
  clear(manager);
  if (user.isAdmin) manager.append(h('option', { value: '' }, 'No manager (top of the tree)'));
  manager.append(h('option', { value: String(user.id) }, `${user.name} (you)`));
  for (const p of options.filter((p) => p.id !== user.id).sort((a, b) => a.name.localeCompare(b.name))) {
    manager.append(h('option', { value: String(p.id) }, p.name));
  }
  manager.value = String(user.id);
}

function waitingPerson(p, reissue) {
  return h(
    'li',
    { class: 'list__item' },
    h('div', { class: 'list__text' }, h('span', { class: 'list__title' }, p.name), h('span', { class: 'list__meta' }, 'No passkey yet')),
    h('button', { type: 'button', class: 'btn btn--small btn--ghost', onclick: reissue }, 'New link'),
  );
}

/** A one-time invite link to send, with Copy (or select it, where the clipboard is closed). */
function inviteLink(personName, url) {
  const input = h('input', { type: 'text', class: 'input', readonly: true, value: url, 'data-testid': 'invite-url', 'aria-label': 'Invite link' });
  const copy = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'copy-invite' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = 'Copied';
    } catch {
      input.select(); // the person can copy it by hand
      copy.textContent = 'Select & copy';
    }
  });
  return h(
    'div',
    { class: 'invite-link' },
    h('p', {}, `Send this one-time link to ${personName}. They open it on their phone to create a passkey.`),
    h('div', { class: 'copy-row' }, input, copy),
  );
}
