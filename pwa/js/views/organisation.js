// People & areas: reporting lines and where people work (site › line › cell).
// Admins manage everyone and add areas: rename, move, grant and revoke admin,
// deactivate, and make recovery links (docs/decisions.md §21-§24); managers rename
// and move people within their own team and ask the admins for recovery links. These change the server directly (not through the outbox): moving a
// person changes who may see what, so it needs the server's answer — offline,
// the screen says so and offers nothing.

import { api } from '../data/api.js';
import { h, clear } from '../ui/dom.js';
import { errorBox, field } from '../ui/form.js';
import { confirmDialog } from '../ui/dialog.js';
import { formatWhen } from '../ui/format.js';
import { screen, backLink } from './parts.js';
import { errorMessage } from '../domain/error-messages.js';
import { LIMITS } from '../contract.js';
import { serverNeededMessage } from '../domain/connection.js';
import { joinsChainAlone } from '../domain/access.js';

const KIND_LABELS = { site: 'Site', line: 'Line', cell: 'Cell' };
const PARENT_KIND = { site: null, line: 'site', cell: 'line' };

export async function render(ctx) {
  const { session } = ctx;
  const body = h('div', { class: 'organisation' });
  const root = screen('People & areas', body, backLink('/account', 'Account'));

  async function load() {
    clear(body);
    const offline = () => body.append(h('p', { class: 'banner banner--warn', role: 'alert', 'data-testid': 'org-offline' }, 'People and areas are changed on the server: connect to the network to see and change them.'));
    if (!navigator.onLine) return offline();
    // The network works but the server does not answer: never ask to connect (issue 12.6).
    const unreachable = () => body.append(h('p', { class: 'banner banner--warn', role: 'alert', 'data-testid': 'org-unreachable' }, serverNeededMessage(true)));
    let people;
    let areas;
    try {
      [{ people }, { areas }] = await Promise.all([api.get('/api/people'), api.get('/api/areas')]);
    } catch (err) {
      if (err.status === 0) return offline();
      if (err.status >= 500) return unreachable();
      body.append(errorBox(err.status === 403 ? 'Only admins and managers manage people.' : `Could not load people: ${errorMessage(err)}`));
      return;
    }
    const me = session.profile.user;
    if (me.isAdmin) {
      const { requests } = await api.get('/api/recovery-requests').catch(() => ({ requests: [] }));
      body.append(adminSection(requests));
    }
    body.append(peopleSection(ctx, people, areas, me, load));
    body.append(areasSection(ctx, areas, me, load));
  }

  ctx.listen(window, 'online', load);
  ctx.listen(window, 'offline', load);
  await load();
  return root;
}

/** "Lyon plant › Press line › Press 4" */
function areaPath(area, byId) {
  const names = [];
  for (let a = area, guard = 0; a && guard < 5; a = byId.get(a.parentId), guard += 1) names.unshift(a.name);
  return names.join(' › ');
}

function sortedAreas(areas) {
  const byId = new Map(areas.map((a) => [a.id, a]));
  return areas.map((a) => ({ ...a, path: areaPath(a, byId) })).sort((a, b) => a.path.localeCompare(b.path));
}

/** Ids of `personId` and everyone below them (they cannot be that person's manager). */
function below(personId, people) {
  const found = new Set([personId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of people) {
      if (p.managerId && found.has(p.managerId) && !found.has(p.id)) {
        found.add(p.id);
        grew = true;
      }
    }
  }
  return found;
}

function peopleSection(ctx, people, areas, me, reload) {
  const everyone = me.isAdmin ? people : [{ ...me, managerId: null }, ...people.filter((p) => p.id !== me.id)];
  const names = new Map(everyone.map((p) => [p.id, p.name]));
  const area = sortedAreas(areas);
  const list = h('div', { class: 'org-list' });
  for (const person of people.filter((p) => p.id !== me.id || me.isAdmin).sort((a, b) => a.name.localeCompare(b.name))) {
    list.append(personCard(ctx, person, { everyone, names, area, people, me, reload }));
  }
  return h('section', { class: 'org-section' }, h('h2', { class: 'section-title' }, 'People'), list.children.length ? list : h('p', { class: 'muted' }, 'Nobody to manage yet.'));
}

/** One person: name, manager, area (saved together), then links, admin rights, activation. */
function personCard(ctx, person, { everyone, names, area, people, me, reload }) {
  const status = h('div', { class: 'small', 'aria-live': 'polite' });
  const change = async (patch, done) => {
    try {
      await api.patch(`/api/people/${encodeURIComponent(person.id)}`, patch);
      ctx.toast(done);
      ctx.session.sync.request('manual'); // my own profile and what I may see changed too
      await reload();
    } catch (err) {
      status.replaceChildren(errorBox(err.status === 0 ? 'No connection: nothing was changed. Try again when online.' : `Not changed: ${errorMessage(err)}`));
    }
  };
  const controls = personControls(person, { everyone, names, area, people, me });
  // One's own passkeys are managed in Account, not through a link.
  const actions = h('div', { class: 'org-actions' }, person.id === me.id ? null : linkButton(person, me, status), me.isAdmin ? adminButtons(person, change) : null);
  const badges = [
    person.isAdmin ? h('span', { class: 'badge' }, 'admin') : null,
    person.active === false ? h('span', { class: 'badge badge--inactive' }, 'deactivated') : null,
    person.hasPasskey === false ? h('span', { class: 'badge' }, 'no passkey yet') : null,
  ];
  return h(
    'article',
    { class: 'card org-person', 'data-testid': 'org-person', dataset: { id: person.id } },
    h('h3', { class: 'card__title' }, person.name, ' ', badges),
    field('Name', controls.name),
    field('Reports to', controls.manager),
    field('Area', controls.place),
    h('div', { class: 'row' }, saveButton(person, controls, change)),
    actions,
    status,
  );
}

/** The name, manager and area fields, filled with the person's current values. */
function personControls(person, { everyone, names, area, people, me }) {
  const excluded = below(person.id, people);
  const name = h('input', { type: 'text', class: 'input', value: person.name, maxlength: LIMITS.personName, 'aria-label': `${person.name}’s name` });
  const manager = h('select', { class: 'input', 'aria-label': `${person.name} reports to` });
  if (me.isAdmin) manager.append(h('option', { value: '' }, 'No manager (top of the tree)'));
  // Not below the person (a loop), and not a move the server refuses me (joinsChainAlone).
  const offered = everyone.filter((x) => !excluded.has(x.id) && !joinsChainAlone(me.id, person, x.id, people));
  for (const p of offered.sort((a, b) => a.name.localeCompare(b.name))) {
    manager.append(h('option', { value: p.id }, p.id === me.id ? `${p.name} (you)` : p.name));
  }
  if (person.managerId && !names.has(person.managerId)) manager.append(h('option', { value: person.managerId }, 'Someone outside your team'));
  manager.value = person.managerId || '';
  const place = h('select', { class: 'input', 'aria-label': `${person.name}’s area` }, h('option', { value: '' }, 'No area'));
  for (const a of area) place.append(h('option', { value: a.id }, a.path));
  place.value = person.areaId || '';
  return { name, manager, place };
}

/** Save, enabled once a field differs from the person's current value; sends only those. */
function saveButton(person, { name, manager, place }, change) {
  const save = h('button', { type: 'button', class: 'btn btn--small btn--primary', disabled: true, 'aria-label': `Save ${person.name}` }, 'Save');
  const changed = () => {
    const patch = {};
    if (name.value.trim() && name.value.trim() !== person.name) patch.name = name.value.trim();
    if ((manager.value || null) !== (person.managerId || null)) patch.managerId = manager.value || null;
    if ((place.value || null) !== (person.areaId || null)) patch.areaId = place.value || null;
    return patch;
  };
  for (const control of [manager, place]) control.addEventListener('change', () => (save.disabled = !Object.keys(changed()).length));
  name.addEventListener('input', () => (save.disabled = !Object.keys(changed()).length));
  save.addEventListener('click', async () => {
    const patch = changed();
    save.disabled = true;
    await change(patch, 'managerId' in patch ? `${person.name} moved. Both teams’ devices resync at their next sync.` : 'Saved');
    save.disabled = false;
  });
  return save;
}

/** An admin's buttons: make or remove admin (asks first), deactivate (asks first) or reactivate. */
function adminButtons(person, change) {
  const toggleAdmin = async () => {
    if (!person.isAdmin) {
      const ok = await confirmDialog({
        title: `Make ${person.name} an admin?`,
        body: `${person.name} will manage people and areas, issue recovery links and read the audit log. Admins do not read coaching notes outside their own reporting lines.`,
        confirmLabel: 'Make admin',
      });
      if (!ok) return;
    }
    await change({ isAdmin: !person.isAdmin }, person.isAdmin ? `${person.name} is no longer an admin.` : `${person.name} is now an admin.`);
  };
  const toggleActive = async () => {
    if (person.active) {
      const ok = await confirmDialog({
        title: `Deactivate ${person.name}?`,
        body: 'They are signed out on every device and cannot sign in. Everything they wrote, and everything about them, is kept. You can reactivate them later.',
        confirmLabel: 'Deactivate',
        danger: true,
      });
      if (!ok) return;
    }
    await change({ active: !person.active }, person.active ? `${person.name} is deactivated and signed out everywhere.` : `${person.name} can sign in again.`);
  };
  return [
    // A deactivated person cannot be made an admin; removing the right stays possible.
    h('button', { type: 'button', class: 'btn btn--small btn--secondary', disabled: !person.isAdmin && person.active === false, onclick: toggleAdmin }, person.isAdmin ? 'Remove admin' : 'Make admin'),
    h('button', { type: 'button', class: ['btn', 'btn--small', person.active ? 'btn--danger-ghost' : 'btn--secondary'], onclick: toggleActive }, person.active ? 'Deactivate' : 'Reactivate'),
  ];
}

/** The warning an admin reads before any recovery link is made. */
function confirmRecovery(name) {
  return confirmDialog({
    title: `Recovery link for ${name}?`,
    body: `Only for someone who lost their passkeys. Whoever opens it adds a passkey to ${name}’s account: send it to them alone. Using it signs them out on every other device, tells them on each, and is recorded in the audit log.`,
    confirmLabel: 'Make recovery link',
  });
}

/**
 * A new link (decisions §21): someone who never enrolled gets a plain invite;
 * for someone with a passkey an admin makes a recovery link and a manager
 * asks the admins for one.
 */
function linkButton(person, me, status) {
  const label = !person.hasPasskey ? 'New invite link' : me.isAdmin ? 'Recovery link' : 'Ask an admin for a recovery link';
  const button = h('button', { type: 'button', class: 'btn btn--small btn--secondary', disabled: person.active === false }, label);
  button.addEventListener('click', async () => {
    if (person.hasPasskey && me.isAdmin && !(await confirmRecovery(person.name))) return;
    button.disabled = true;
    try {
      const answer = await api.post(`/api/people/${encodeURIComponent(person.id)}/invite`, {});
      if (answer.requested) {
        status.replaceChildren(h('p', { class: 'banner', 'data-testid': 'recovery-requested' }, `Asked the admins for a recovery link for ${person.name}. They send it to ${person.name} directly.`));
      } else {
        status.replaceChildren(linkBox(person.name, answer.inviteUrl, answer.kind));
      }
    } catch (err) {
      status.replaceChildren(errorBox(err.status === 0 ? 'No connection: no link was made.' : `No link: ${errorMessage(err)}`));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function linkBox(personName, url, kind) {
  const input = h('input', { type: 'text', class: 'input', readonly: true, value: url, 'data-testid': 'link-url', 'aria-label': `${kind === 'recovery' ? 'Recovery' : 'Invite'} link for ${personName}` });
  const copy = h('button', { type: 'button', class: 'btn btn--secondary' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = 'Copied';
    } catch {
      input.select();
      copy.textContent = 'Select & copy';
    }
  });
  const text =
    kind === 'recovery'
      ? `One-time recovery link for ${personName}: send it to them alone. Opening it adds a passkey and signs them out on their other devices.`
      : `One-time invite link for ${personName}. They open it on their phone to create a passkey.`;
  return h('div', { class: 'invite-link' }, h('p', {}, text), h('div', { class: 'copy-row' }, input, copy));
}

/** Admins: managers' requests for recovery links, and the way to the audit log. */
function adminSection(requests) {
  const list = h('ul', { class: 'list', 'data-testid': 'recovery-requests' });
  for (const r of requests) {
    const status = h('div', { 'aria-live': 'polite' });
    const make = h('button', { type: 'button', class: 'btn btn--small btn--primary' }, 'Make recovery link');
    make.addEventListener('click', async () => {
      if (!(await confirmRecovery(r.person.name))) return;
      make.disabled = true;
      try {
        const answer = await api.post(`/api/people/${encodeURIComponent(r.person.id)}/invite`, {});
        status.replaceChildren(linkBox(r.person.name, answer.inviteUrl, answer.kind));
      } catch (err) {
        status.replaceChildren(errorBox(`No link: ${errorMessage(err)}`));
        make.disabled = false;
      }
    });
    list.append(
      h(
        'li',
        { class: 'list__item', 'data-testid': 'recovery-request' },
        h('div', { class: 'list__text' }, h('span', { class: 'list__title' }, r.person.name), h('span', { class: 'list__meta' }, `Asked by ${r.requestedBy ? r.requestedBy.name : 'someone'} · ${formatWhen(r.createdAt)}`)),
        h('div', { class: 'list__actions' }, make),
        status,
      ),
    );
  }
  return h(
    'section',
    { class: 'org-section' },
    h('h2', { class: 'section-title' }, 'Security'),
    h(
      'div',
      { class: 'card' },
      h('h3', { class: 'card__title' }, 'Recovery requests'),
      requests.length ? list : h('p', { class: 'muted' }, 'No manager is waiting for a recovery link.'),
      h('a', { href: '/audit', 'data-link': true, class: 'btn btn--secondary btn--block' }, 'Audit log'),
    ),
  );
}

function areasSection(ctx, areas, me, reload) {
  const tree = sortedAreas(areas);
  const section = h(
    'section',
    { class: 'org-section' },
    h('h2', { class: 'section-title' }, 'Areas'),
    tree.length
      ? h('ul', { class: 'list', 'data-testid': 'areas' }, tree.map((a) => h('li', { class: ['list__item', `area--${a.kind}`] }, h('span', { class: 'list__title' }, a.path), h('span', { class: 'badge' }, KIND_LABELS[a.kind]))))
      : h('p', { class: 'muted' }, 'No areas yet.'),
  );
  if (!me.isAdmin) return section;
  const name = h('input', { class: 'input', type: 'text', maxlength: LIMITS.areaName, 'aria-label': 'Area name' });
  const kind = h('select', { class: 'input', 'aria-label': 'Kind' }, Object.entries(KIND_LABELS).map(([k, label]) => h('option', { value: k }, label)));
  const parent = h('select', { class: 'input', 'aria-label': 'Inside' });
  const fillParents = () => {
    clear(parent);
    const wanted = PARENT_KIND[kind.value];
    if (!wanted) parent.append(h('option', { value: '' }, 'At the top (a site belongs nowhere)'));
    for (const a of tree.filter((x) => x.kind === wanted)) parent.append(h('option', { value: a.id }, a.path));
    parent.disabled = !wanted;
  };
  kind.addEventListener('change', fillParents);
  fillParents();
  const status = h('div', { 'aria-live': 'polite' });
  const add = h('button', { type: 'button', class: 'btn btn--secondary btn--block' }, 'Add area');
  add.addEventListener('click', async () => {
    if (!name.value.trim()) return name.focus();
    if (PARENT_KIND[kind.value] && !parent.value) {
      status.replaceChildren(errorBox(`Add a ${PARENT_KIND[kind.value]} first: a ${kind.value} belongs in one.`));
      return;
    }
    add.disabled = true;
    try {
      await api.post('/api/areas', { name: name.value.trim(), kind: kind.value, parentId: parent.value || null });
      ctx.toast('Area added');
      await reload();
    } catch (err) {
      status.replaceChildren(errorBox(err.status === 0 ? 'No connection: the area was not added.' : `Not added: ${errorMessage(err)}`));
      add.disabled = false;
    }
  });
  section.append(h('div', { class: 'card' }, h('h3', { class: 'card__title' }, 'Add an area'), field('Name', name), field('Kind', kind), field('Inside', parent), add, status));
  return section;
}
