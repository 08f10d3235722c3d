// People & areas: reporting lines and where people work (site › line › cell).
// Admins manage everyone and add areas: rename, move, grant and revoke admin,
// deactivate, and make recovery links (docs/decisions.md §21-§24); managers rename
// and move people within their own team and ask the admins for recovery links. These change the server directly (not through the outbox): moving a
// person changes who may see what, so it needs the server's answer — offline,
// the screen says so and offers nothing.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
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

const KIND_LABELS = Object.defineProperties({}, Object.fromEntries(['site', 'line', 'cell'].map((kind) => [kind, { enumerable: true, get: () => t(`org.kind.${kind}`) }])));
const PARENT_KIND = { site: null, line: 'site', cell: 'line' };

export async function render(ctx) {
  const { session } = ctx;
  const body = h('div', { class: 'organisation' });
  const root = screen(t('team.organisation'), body, backLink('/account', t('org.account')));

  async function load() {
    clear(body);
    const offline = () => body.append(h('p', { class: 'banner banner--warn', role: 'alert', 'data-testid': 'org-offline' }, t('org.offline')));
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
      body.append(errorBox(err.status === 403 ? t('org.forbidden') : t('account.peopleFailed', { message: errorMessage(err) })));
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
  return h('section', { class: 'org-section' }, h('h2', { class: 'section-title' }, t('org.people')), list.children.length ? list : h('p', { class: 'muted' }, t('org.nobody')));
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
      status.replaceChildren(errorBox(err.status === 0 ? t('org.noConnection') : t('org.notChanged', { message: errorMessage(err) })));
    }
  };
  const controls = personControls(person, { everyone, names, area, people, me });
  // One's own passkeys are managed in Account, not through a link.
  const actions = h('div', { class: 'org-actions' }, person.id === me.id ? null : linkButton(person, me, status), me.isAdmin ? adminButtons(person, change) : null);
  const badges = [
    person.isAdmin ? h('span', { class: 'badge' }, 'admin') : null,
    person.active === false ? h('span', { class: 'badge badge--inactive' }, 'deactivated') : null,
    person.hasPasskey === false ? h('span', { class: 'badge' }, t('org.noPasskey')) : null,
  ];
  return h(
    'article',
    { class: 'card org-person', 'data-testid': 'org-person', dataset: { id: person.id } },
    h('h3', { class: 'card__title' }, person.name, ' ', badges),
    field(t('account.inviteName'), controls.name),
    field(t('account.reportsTo'), controls.manager),
    field(t('wsForm.area'), controls.place),
    h('div', { class: 'row' }, saveButton(person, controls, change)),
    actions,
    status,
  );
}

/** The name, manager and area fields, filled with the person's current values. */
function personControls(person, { everyone, names, area, people, me }) {
  const excluded = below(person.id, people);
  const name = h('input', { type: 'text', class: 'input', value: person.name, maxlength: LIMITS.personName, 'aria-label': t('org.nameLabel', { name: person.name }) });
  const manager = h('select', { class: 'input', 'aria-label': t('org.reportsToLabel', { name: person.name }) });
  if (me.isAdmin) manager.append(h('option', { value: '' }, t('account.noManager')));
  // Not below the person (a loop), and not a move the server refuses me (joinsChainAlone).
  const offered = everyone.filter((x) => !excluded.has(x.id) && !joinsChainAlone(me.id, person, x.id, people));
  for (const p of offered.sort((a, b) => a.name.localeCompare(b.name))) {
    manager.append(h('option', { value: p.id }, p.id === me.id ? `${p.name} (you)` : p.name));
  }
  if (person.managerId && !names.has(person.managerId)) manager.append(h('option', { value: person.managerId }, t('person.outsideTeam')));
  manager.value = person.managerId || '';
  const place = h('select', { class: 'input', 'aria-label': t('org.areaLabel', { name: person.name }) }, h('option', { value: '' }, t('wsForm.noArea')));
  for (const a of area) place.append(h('option', { value: a.id }, a.path));
  place.value = person.areaId || '';
  return { name, manager, place };
}

/** Save, enabled once a field differs from the person's current value; sends only those. */
function saveButton(person, { name, manager, place }, change) {
  const save = h('button', { type: 'button', class: 'btn btn--small btn--primary', disabled: true, 'aria-label': t('org.saveLabel', { name: person.name }) }, t('common.save'));
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
    await change(patch, 'managerId' in patch ? t('org.moved', { name: person.name }) : t('org.saved'));
    save.disabled = false;
  });
  return save;
}

/** An admin's buttons: make or remove admin (asks first), deactivate (asks first) or reactivate. */
function adminButtons(person, change) {
  const toggleAdmin = async () => {
    if (!person.isAdmin) {
      const ok = await confirmDialog({
        title: t('org.makeAdminTitle', { name: person.name }),
        body: t('org.makeAdminBody', { name: person.name }),
        confirmLabel: t('org.makeAdmin'),
      });
      if (!ok) return;
    }
    await change({ isAdmin: !person.isAdmin }, person.isAdmin ? t('org.noLongerAdmin', { name: person.name }) : t('org.nowAdmin', { name: person.name }));
  };
  const toggleActive = async () => {
    if (person.active) {
      const ok = await confirmDialog({
        title: t('org.deactivateTitle', { name: person.name }),
        body: t('org.deactivateBody'),
        confirmLabel: t('org.deactivate'),
        danger: true,
      });
      if (!ok) return;
    }
    await change({ active: !person.active }, person.active ? t('org.deactivated', { name: person.name }) : t('org.reactivated', { name: person.name }));
  };
  return [
    // A deactivated person cannot be made an admin; removing the right stays possible.
    h('button', { type: 'button', class: 'btn btn--small btn--secondary', disabled: !person.isAdmin && person.active === false, onclick: toggleAdmin }, person.isAdmin ? t('org.removeAdmin') : t('org.makeAdmin')),
    h('button', { type: 'button', class: ['btn', 'btn--small', person.active ? 'btn--danger-ghost' : 'btn--secondary'], onclick: toggleActive }, person.active ? t('org.deactivate') : t('org.reactivate')),
  ];
}

/** The warning an admin reads before any recovery link is made. */
function confirmRecovery(name) {
  return confirmDialog({
    title: t('org.recoveryTitle', { name }),
    body: t('org.recoveryBody', { name }),
    confirmLabel: t('org.makeRecovery'),
  });
}

/**
 * A new link (decisions §21): someone who never enrolled gets a plain invite;
 * for someone with a passkey an admin makes a recovery link and a manager
 * asks the admins for one.
 */
function linkButton(person, me, status) {
  const label = !person.hasPasskey ? t('org.newInvite') : me.isAdmin ? t('org.recoveryLink') : t('org.askRecovery');
  const button = h('button', { type: 'button', class: 'btn btn--small btn--secondary', disabled: person.active === false }, label);
  button.addEventListener('click', async () => {
    if (person.hasPasskey && me.isAdmin && !(await confirmRecovery(person.name))) return;
    button.disabled = true;
    try {
      const answer = await api.post(`/api/people/${encodeURIComponent(person.id)}/invite`, {});
      if (answer.requested) {
        status.replaceChildren(h('p', { class: 'banner', 'data-testid': 'recovery-requested' }, t('org.asked', { name: person.name })));
      } else {
        status.replaceChildren(linkBox(person.name, answer.inviteUrl, answer.kind));
      }
    } catch (err) {
      status.replaceChildren(errorBox(err.status === 0 ? t('org.noLinkOffline') : t('org.noLink', { message: errorMessage(err) })));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function linkBox(personName, url, kind) {
  const input = h('input', { type: 'text', class: 'input', readonly: true, value: url, 'data-testid': 'link-url', 'aria-label': t(kind === 'recovery' ? 'org.recoveryLinkFor' : 'org.inviteLinkFor', { name: personName }) });
  const copy = h('button', { type: 'button', class: 'btn btn--secondary' }, t('account.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = t('account.copied');
    } catch {
      input.select();
      copy.textContent = t('account.selectCopy');
    }
  });
  const text =
    kind === 'recovery'
      ? t('org.recoveryText', { name: personName })
      : t('org.inviteText', { name: personName });
  return h('div', { class: 'invite-link' }, h('p', {}, text), h('div', { class: 'copy-row' }, input, copy));
}

/** Admins: managers' requests for recovery links, and the way to the audit log. */
function adminSection(requests) {
  const list = h('ul', { class: 'list', 'data-testid': 'recovery-requests' });
  for (const r of requests) {
    const status = h('div', { 'aria-live': 'polite' });
    const make = h('button', { type: 'button', class: 'btn btn--small btn--primary' }, t('org.makeRecovery'));
    make.addEventListener('click', async () => {
      if (!(await confirmRecovery(r.person.name))) return;
      make.disabled = true;
      try {
        const answer = await api.post(`/api/people/${encodeURIComponent(r.person.id)}/invite`, {});
        status.replaceChildren(linkBox(r.person.name, answer.inviteUrl, answer.kind));
      } catch (err) {
        status.replaceChildren(errorBox(t('org.noLink', { message: errorMessage(err) })));
        make.disabled = false;
      }
    });
    list.append(
      h(
        'li',
        { class: 'list__item', 'data-testid': 'recovery-request' },
        h('div', { class: 'list__text' }, h('span', { class: 'list__title' }, r.person.name), h('span', { class: 'list__meta' }, `${t('org.askedBy', { name: r.requestedBy ? r.requestedBy.name : t('audit.someone') })} · ${formatWhen(r.createdAt)}`)),
        h('div', { class: 'list__actions' }, make),
        status,
      ),
    );
  }
  return h(
    'section',
    { class: 'org-section' },
    h('h2', { class: 'section-title' }, t('org.security')),
    h(
      'div',
      { class: 'card' },
      h('h3', { class: 'card__title' }, t('org.requests')),
      requests.length ? list : h('p', { class: 'muted' }, t('org.noRequests')),
      h('a', { href: '/audit', 'data-link': true, class: 'btn btn--secondary btn--block' }, t('audit.title')),
    ),
  );
}

function areasSection(ctx, areas, me, reload) {
  const tree = sortedAreas(areas);
  const section = h(
    'section',
    { class: 'org-section' },
    h('h2', { class: 'section-title' }, t('org.areas')),
    tree.length
      ? h('ul', { class: 'list', 'data-testid': 'areas' }, tree.map((a) => h('li', { class: ['list__item', `area--${a.kind}`] }, h('span', { class: 'list__title' }, a.path), h('span', { class: 'badge' }, KIND_LABELS[a.kind]))))
      : h('p', { class: 'muted' }, t('org.noAreas')),
  );
  if (!me.isAdmin) return section;
  const name = h('input', { class: 'input', type: 'text', maxlength: LIMITS.areaName, 'aria-label': t('org.areaName') });
  const kind = h('select', { class: 'input', 'aria-label': t('obs.kind') }, Object.entries(KIND_LABELS).map(([k, label]) => h('option', { value: k }, label)));
  const parent = h('select', { class: 'input', 'aria-label': t('org.inside') });
  const fillParents = () => {
    clear(parent);
    const wanted = PARENT_KIND[kind.value];
    if (!wanted) parent.append(h('option', { value: '' }, t('org.top')));
    for (const a of tree.filter((x) => x.kind === wanted)) parent.append(h('option', { value: a.id }, a.path));
    parent.disabled = !wanted;
  };
  kind.addEventListener('change', fillParents);
  fillParents();
  const status = h('div', { 'aria-live': 'polite' });
  const add = h('button', { type: 'button', class: 'btn btn--secondary btn--block' }, t('org.addArea'));
  add.addEventListener('click', async () => {
    if (!name.value.trim()) return name.focus();
    if (PARENT_KIND[kind.value] && !parent.value) {
      status.replaceChildren(errorBox(t('org.parentFirst', { parent: KIND_LABELS[PARENT_KIND[kind.value]].toLowerCase(), kind: KIND_LABELS[kind.value].toLowerCase() })));
      return;
    }
    add.disabled = true;
    try {
      await api.post('/api/areas', { name: name.value.trim(), kind: kind.value, parentId: parent.value || null });
      ctx.toast(t('org.areaAdded'));
      await reload();
    } catch (err) {
      status.replaceChildren(errorBox(err.status === 0 ? t('org.areaOffline') : t('org.notAdded', { message: errorMessage(err) })));
      add.disabled = false;
    }
  });
  section.append(h('div', { class: 'card' }, h('h3', { class: 'card__title' }, t('org.addAnArea')), field(t('account.inviteName'), name), field(t('obs.kind'), kind), field(t('org.inside'), parent), add, status));
  return section;
}
