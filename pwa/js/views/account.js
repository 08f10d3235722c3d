// Account: who is signed in, sign out, passkeys, storage, and (for admins
// and managers) inviting people.

import { t } from '../i18n/i18n.js';
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
    h('h1', { class: 'screen__title', 'data-testid': 'account-name' }, user.name || t('account.title')),
    h(
      'p',
      { class: 'muted' },
      [user.isAdmin ? t('account.admin') : null, profile.manager ? t('account.coach', { name: profile.manager.name }) : null].filter(Boolean).join(' · ') || ' ',
    ),
    nameSection(ctx, user),
    passkeySection(ctx),
    securitySection(),
    canInvite
      ? card(
          t('team.organisation'),
          h('p', { class: 'muted' }, t('account.orgHint')),
          h('a', { href: '/organisation', 'data-link': true, class: 'btn btn--secondary btn--block' }, t('account.orgManage')),
        )
      : null,
    canInvite ? inviteSection(ctx, user) : null,
    remindersSection(),
    // Export (issue 13.3): what this device holds for me, as files, offline.
    card(t('export.title'), h('p', { class: 'muted' }, t('export.accountHint')), h('a', { href: '/export', 'data-link': true, class: 'btn btn--secondary btn--block', 'data-testid': 'account-export' }, t('export.open'))),
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
    ctx.toast(t('account.nameSaved'));
    await ctx.navigate('/account', { replace: true });
  };
  const nameForm = form({
    fields: field(t('account.name'), input, t('account.nameHint')),
    submitLabel: t('account.changeName'),
    submitClass: 'btn btn--secondary',
    validate: () => withFocus(firstProblem([{ name: 'name', required: t('account.nameRequired') }], { name: input.value }), input),
    onSubmit: rename,
    failure: (err) => (err.status === 0 ? t('account.nameOffline') : t('account.notSaved', { message: errorMessage(err) })),
  });
  return card(
    t('account.you'),
    nameForm,
    status,
    h('p', { class: 'muted small', 'data-testid': 'person-id' }, t('account.id'), h('code', { class: 'person-id' }, user.id || '')),
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
      if (!events.length) status.append(h('p', { class: 'muted' }, t('account.nothingYet')));
    } catch (err) {
      status.append(h('p', { class: 'muted' }, err.status === 0 ? t('account.eventsOffline') : t('account.eventsFailed', { message: errorMessage(err) })));
    }
  })();
  return card(t('account.events'), h('p', { class: 'muted small' }, t('account.eventsHint')), list, status);
}

/** "with a recovery link from Root" — how a passkey came to be (decisions §22). */
function addedHow(c) {
  const by = c.addedBy ? c.addedBy.name : null;
  switch (c.addedVia) {
    case 'recovery':
      return by ? t('account.viaRecoveryBy', { by }) : t('account.viaRecoveryCli');
    case 'setup':
      return t('account.viaSetup');
    case 'device':
      return t('account.viaDevice');
    default:
      return by ? t('account.viaInviteBy', { by }) : t('account.viaInvite');
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
          const photos = photosWaiting ? t('account.unsyncedPhotos', { count: photosWaiting }) : '';
          const ok = await confirmDialog({
            title: t('account.unsynced', { count: pending, photos }),
            body:
              t('account.unsyncedBody'),
            confirmLabel: t('account.signOutAnyway'),
            cancelLabel: t('account.staySignedIn'),
            danger: true,
          });
          if (!ok) return;
        }
        await ctx.signOut();
      },
    },
    t('account.signOut'),
  );
  return card(t('account.thisDevice'), h('p', { class: 'muted' }, t('account.signOutHint')), button);
}

// ---------------------------------------------------------------- passkeys

function passkeySection(ctx) {
  const list = h('ul', { class: 'list', 'data-testid': 'passkeys' });
  const status = h('div');
  const addName = h('input', { type: 'text', class: 'input', maxlength: LIMITS.passkeyNickname, placeholder: defaultNickname() });
  const add = h('button', { type: 'button', class: 'btn btn--secondary btn--block' }, t('account.addPasskey'));

  async function load() {
    clear(status);
    try {
      const { credentials } = await api.get('/api/me/credentials');
      clear(list);
      for (const c of credentials) list.append(passkeyRow(c, credentials.length, { load, status }));
    } catch (err) {
      clear(list);
      status.append(errorBox(err.status === 0 ? t('account.passkeysOffline') : t('account.passkeysFailed', { message: errorMessage(err) })));
    }
  }

  add.addEventListener('click', async () => {
    add.disabled = true;
    clear(status);
    try {
      await registerPasskey({ nickname: addName.value || defaultNickname() });
      addName.value = '';
      await load();
      ctx.toast(t('account.passkeyAdded'));
    } catch (err) {
      status.append(errorBox(describePasskeyError(err)));
    } finally {
      add.disabled = false;
    }
  });

  load();
  return card(t('account.passkeys'), list, status, field(t('account.newPasskeyName'), addName), add);
}

/** One passkey: its name and dates, Rename, and Remove (never the last one). */
function passkeyRow(c, count, { load, status }) {
  const name = h('span', { class: 'list__title' }, c.nickname || t('account.unnamed'), c.thisDevice ? h('span', { class: 'badge' }, t('account.thisDeviceBadge')) : null);
  const meta = h('span', { class: 'list__meta' }, [t('account.added', { when: formatWhen(c.createdAt, { inline: true }), how: addedHow(c) }), c.lastUsedAt ? t('account.lastUsed', { when: formatWhen(c.lastUsedAt, { inline: true }) }) : null].filter(Boolean).join(' · '));
  const item = h('li', { class: 'list__item' }, h('div', { class: 'list__text' }, name, meta));
  const rename = h('button', { type: 'button', class: 'btn btn--small btn--ghost', onclick: () => renamePasskey(item, c, load) }, t('account.rename'));
  const remove = h('button', { type: 'button', class: 'btn btn--small btn--danger-ghost', disabled: count <= 1, title: count <= 1 ? t('account.needOne') : null, onclick: () => removePasskey(c, load, status) }, t('account.remove'));
  item.append(h('div', { class: 'list__actions' }, rename, remove));
  return item;
}

function renamePasskey(item, c, load) {
  const input = h('input', { type: 'text', class: 'input', value: c.nickname || '', maxlength: LIMITS.passkeyNickname, 'aria-label': t('account.passkeyName') });
  const save = h('button', { type: 'submit', class: 'btn btn--small btn--primary' }, t('common.save'));
  const submit = async (event) => {
    event.preventDefault();
    try {
      await api.patch(`/api/me/credentials/${encodeURIComponent(c.id)}`, { nickname: input.value.trim() });
      await load();
    } catch (err) {
      form.append(errorBox(t('account.renameFailed', { message: errorMessage(err) })));
    }
  };
  const form = h('form', { class: 'inline-form', onsubmit: submit }, input, save);
  item.replaceChildren(form);
  input.focus();
}

async function removePasskey(c, load, status) {
  const ok = await confirmDialog({
    title: t('account.removeTitle', { name: c.nickname || t('account.unnamed') }),
    body: c.thisDevice
      ? t('account.removeThis')
      : t('account.removeOther'),
    confirmLabel: t('account.remove'),
    danger: true,
  });
  if (!ok) return;
  try {
    await api.delete(`/api/me/credentials/${encodeURIComponent(c.id)}`);
    await load();
  } catch (err) {
    status.append(errorBox(err.code === 'last_credential' ? errorMessage(err) : t('account.removeFailed', { message: errorMessage(err) })));
  }
}

// ---------------------------------------------------------------- storage

function storageSection() {
  const text = h('p', { 'data-testid': 'storage' }, t('account.checking'));
  (async () => {
    if (!navigator.storage || !navigator.storage.persisted) {
      text.textContent = t('account.storageUnknown');
      return;
    }
    const persisted = await navigator.storage.persisted();
    text.textContent = persisted
      ? t('account.storageKept')
      : t('account.storageNotKept');
  })();
  return card(t('account.storage'), text);
}

// ---------------------------------------------------------------- invite

function inviteSection(ctx, user) {
  const name = h('input', { type: 'text', class: 'input', maxlength: LIMITS.personName, required: true, autocomplete: 'off', 'data-testid': 'invite-name' });
  const admin = h('input', { type: 'checkbox', class: 'checkbox' });
  const manager = h('select', { class: 'input', 'data-testid': 'invite-manager' });
  const result = h('div', { 'aria-live': 'polite' });
  const people = h('ul', { class: 'list' });
  const waitingTitle = h('h3', { class: 'card__subtitle is-hidden' }, t('account.waitingPasskey'));
  const showLink = (personName, url) => result.replaceChildren(inviteLink(personName, url));

  async function loadPeople() {
    try {
      const all = (await api.get('/api/people')).people || [];
      fillManagers(manager, user, all);
      const waiting = all.filter((p) => !p.hasPasskey && p.id !== user.id);
      waitingTitle.classList.toggle('is-hidden', !waiting.length);
      clear(people).append(...waiting.map((p) => waitingPerson(p, () => reissue(p))));
    } catch (err) {
      clear(manager).append(h('option', { value: String(user.id) }, t('account.you.option', { name: user.name })));
      result.replaceChildren(errorBox(err.status === 0 ? t('account.inviteOffline') : t('account.peopleFailed', { message: errorMessage(err) })));
    }
  }

  async function reissue(person) {
    try {
      const { inviteUrl } = await api.post(`/api/people/${encodeURIComponent(person.id)}/invite`, {});
      showLink(person.name, inviteUrl);
    } catch (err) {
      result.replaceChildren(errorBox(t('account.linkFailed', { message: errorMessage(err) })));
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
    fields: [field(t('account.inviteName'), name), user.isAdmin ? h('label', { class: 'check' }, admin, h('span', {}, t('account.inviteAdmin'))) : null, field(t('account.reportsTo'), manager)],
    submitLabel: t('account.createInvite'),
    validate: () => withFocus(firstProblem([{ name: 'name', required: t('account.inviteNameRequired') }], { name: name.value }), name),
    onSubmit: invite,
    failure: (err) => (err.status === 0 ? t('account.inviteOffline') : t('account.inviteFailed', { message: errorMessage(err) })),
  });
  loadPeople();
  return card(t('account.invite'), inviteForm, result, waitingTitle, people);
}

/** Who the new person may report to: me, and (for an admin) anyone, or no one. */
function fillManagers(manager, user, all) {
  const options = user.isAdmin ? all : all.filter((p) => p.id !== user.id);
  clear(manager);
  if (user.isAdmin) manager.append(h('option', { value: '' }, t('account.noManager')));
  manager.append(h('option', { value: String(user.id) }, t('account.you.option', { name: user.name })));
  for (const p of options.filter((p) => p.id !== user.id).sort((a, b) => a.name.localeCompare(b.name))) {
    manager.append(h('option', { value: String(p.id) }, p.name));
  }
  manager.value = String(user.id);
}

function waitingPerson(p, reissue) {
  return h(
    'li',
    { class: 'list__item' },
    h('div', { class: 'list__text' }, h('span', { class: 'list__title' }, p.name), h('span', { class: 'list__meta' }, t('account.noPasskey'))),
    h('button', { type: 'button', class: 'btn btn--small btn--ghost', onclick: reissue }, t('account.newLink')),
  );
}

/** A one-time invite link to send, with Copy (or select it, where the clipboard is closed). */
function inviteLink(personName, url) {
  const input = h('input', { type: 'text', class: 'input', readonly: true, value: url, 'data-testid': 'invite-url', 'aria-label': t('account.inviteLink') });
  const copy = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'copy-invite' }, t('account.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = t('account.copied');
    } catch {
      input.select(); // the person can copy it by hand
      copy.textContent = t('account.selectCopy');
    }
  });
  return h(
    'div',
    { class: 'invite-link' },
    h('p', {}, t('account.sendLink', { name: personName })),
    h('div', { class: 'copy-row' }, input, copy),
  );
}
