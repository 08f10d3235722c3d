// People & areas: reporting lines and where people work (site › line › cell).
// Admins manage everyone and add areas; managers move people within their own
// team. These change the server directly (not through the outbox): moving a
// person changes who may see what, so it needs the server's answer — offline,
// the screen says so and offers nothing.

import { api } from '../api.js';
import { h, clear, errorBox, field } from '../ui.js';
import { screen, backLink } from './parts.js';

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
    let people;
    let areas;
    try {
      [{ people }, { areas }] = await Promise.all([api.get('/api/people'), api.get('/api/areas')]);
    } catch (err) {
      if (err.status === 0) return offline();
      body.append(errorBox(err.status === 403 ? 'Only admins and managers manage people.' : `Could not load people: ${err.message}`));
      return;
    }
    const me = session.profile.user;
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
    const excluded = below(person.id, people);
    const manager = h('select', { class: 'input', 'aria-label': `${person.name} reports to` });
    if (me.isAdmin) manager.append(h('option', { value: '' }, 'No manager (top of the tree)'));
    for (const p of everyone.filter((x) => !excluded.has(x.id)).sort((a, b) => a.name.localeCompare(b.name))) {
      manager.append(h('option', { value: p.id }, p.id === me.id ? `${p.name} (you)` : p.name));
    }
    if (person.managerId && !names.has(person.managerId)) manager.append(h('option', { value: person.managerId }, 'Someone outside your team'));
    manager.value = person.managerId || '';
    const place = h('select', { class: 'input', 'aria-label': `${person.name}’s area` }, h('option', { value: '' }, 'No area'));
    for (const a of area) place.append(h('option', { value: a.id }, a.path));
    place.value = person.areaId || '';
    const status = h('p', { class: 'small', 'aria-live': 'polite' });
    const save = h('button', { type: 'button', class: 'btn btn--small btn--primary', disabled: true, 'aria-label': `Save ${person.name}` }, 'Save');
    const changed = () => {
      const patch = {};
      if ((manager.value || null) !== (person.managerId || null)) patch.managerId = manager.value || null;
      if ((place.value || null) !== (person.areaId || null)) patch.areaId = place.value || null;
      return patch;
    };
    for (const select of [manager, place]) select.addEventListener('change', () => (save.disabled = !Object.keys(changed()).length));
    save.addEventListener('click', async () => {
      const patch = changed();
      save.disabled = true;
      try {
        await api.patch(`/api/people/${encodeURIComponent(person.id)}`, patch);
        const moved = 'managerId' in patch;
        ctx.toast(moved ? `${person.name} moved. Both teams’ devices resync at their next sync.` : 'Saved');
        ctx.session.sync.request('manual'); // my own profile and what I may see changed too
        await reload();
      } catch (err) {
        status.replaceChildren(errorBox(err.status === 0 ? 'No connection: nothing was changed. Try again when online.' : `Not changed: ${err.message}`));
        save.disabled = false;
      }
    });
    list.append(
      h(
        'article',
        { class: 'card org-person', 'data-testid': 'org-person', dataset: { id: person.id } },
        h('h3', { class: 'card__title' }, person.name, person.isAdmin ? h('span', { class: 'badge' }, ' admin') : null),
        field('Reports to', manager),
        field('Area', place),
        h('div', { class: 'row' }, save),
        status,
      ),
    );
  }
  return h('section', { class: 'org-section' }, h('h2', { class: 'section-title' }, 'People'), list.children.length ? list : h('p', { class: 'muted' }, 'Nobody to manage yet.'));
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
  const name = h('input', { class: 'input', type: 'text', maxlength: 120, 'aria-label': 'Area name' });
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
      status.replaceChildren(errorBox(err.status === 0 ? 'No connection: the area was not added.' : `Not added: ${err.message}`));
      add.disabled = false;
    }
  });
  section.append(h('div', { class: 'card' }, h('h3', { class: 'card__title' }, 'Add an area'), field('Name', name), field('Kind', kind), field('Inside', parent), add, status));
  return section;
}
