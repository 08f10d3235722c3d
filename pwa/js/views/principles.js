// The principles library (docs/decisions.md §99-§102): every principle coaches published from
// goals closed as learned, searched on the device (offline, any case, any accents), with how
// often each was taught and how those challenges ended (the server's aggregate counts, kept
// on the device for offline reading). `/principles/<id>` shows one; its author edits it.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { request } from '../data/api.js';
import { deleteRecord } from '../data/outbox.js';
import { h, clear } from '../ui/dom.js';
import { searchBox } from '../ui/form.js';
import { confirmDialog } from '../ui/dialog.js';
import { liveSection } from '../ui/live.js';
import { searchPrinciples, countsOf } from '../domain/principles.js';
import { myId } from '../domain/access.js';
import { historyPath } from '../domain/conflicts.js';
import { screen, backLink, emptyState, facts } from './parts.js';

const COUNTS_KEY = 'principleCounts';

/** The last counts the server gave, and fresher ones when it answers (then kept). */
async function loadCounts(store, onFresh) {
  const kept = await store.getKept(COUNTS_KEY);
  request('GET', '/api/principles/counts')
    .then(async (fresh) => {
      await store.keep(COUNTS_KEY, fresh);
      onFresh(fresh);
    })
    .catch(() => {}); // offline: the kept counts stand
  return kept;
}

/** "Taught 2 times · 1 reached the target, 0 missed, 1 open", as much as the counts allow. */
export function countsText(count, outcomesFrom) {
  if (!count) return t('principles.notCounted');
  const taught = t('principles.taught', { count: count.taught });
  if (!count.outcomes) return count.taught ? `${taught} · ${t('principles.outcomesLater', { count: outcomesFrom })}` : taught;
  const { notMeasured = 0 } = count.outcomes;
  return `${taught} · ${t('principles.outcomes', count.outcomes)}${notMeasured ? `, ${t('principles.notMeasured', { count: notMeasured })}` : ''}`;
}

export async function render(ctx, { id = null } = {}) {
  return id ? principleScreen(ctx, id) : libraryScreen(ctx);
}

function libraryScreen(ctx) {
  const { session } = ctx;
  const search = h('input', { class: 'input', type: 'search', name: 'q', autocomplete: 'off', 'data-testid': 'principle-search' });
  const list = h('div', { class: 'list', 'data-testid': 'principles', 'aria-live': 'polite' });
  const label = h('label', { class: 'field__label', for: 'principle-q' }, t('principles.search'));
  search.id = 'principle-q';
  const root = screen(
    t('principles.title'),
    h('p', { class: 'lead' }, t('principles.intro')),
    h('div', { class: 'field' }, label, searchBox(search)),
    list,
    backLink('/observations', t('principles.back')),
  );
  let latest = { principles: [], counts: null };
  const draw = () => {
    clear(list);
    const found = searchPrinciples(latest.principles, search.value);
    if (!latest.principles.length) return list.append(emptyState(t('principles.emptyTitle'), t('principles.emptyText')));
    if (!found.length) return list.append(emptyState(t('principles.noMatch'), null));
    const from = (latest.counts && latest.counts.outcomesFrom) || 3;
    list.append(...found.map((p) => item(p, countsText(countsOf(latest.counts, p.id), from))));
  };
  search.addEventListener('input', draw);
  const refresh = liveSection(ctx, {
    load: async () => {
      const [{ principle }, counts] = await Promise.all([session.store.snapshot(['principle']), loadCounts(session.store, (fresh) => { latest.counts = fresh; draw(); })]);
      return { principles: principle, counts: latest.counts || counts };
    },
    draw: (data) => {
      latest = data;
      draw();
    },
  });
  return refresh().then(() => root);
}

function item(principle, counted) {
  return h(
    'a',
    { href: `/principles/${encodeURIComponent(principle.id)}`, 'data-link': true, class: 'item', 'data-testid': 'principle-item', dataset: { id: principle.id } },
    h('span', { class: 'item__title' }, principle.title),
    h('span', { class: 'item__meta' }, principle.principle),
    h('span', { class: 'item__meta', 'data-testid': 'principle-counts' }, counted),
  );
}

async function principleScreen(ctx, id) {
  const { session } = ctx;
  const root = h('section', { class: 'screen' });
  let counts = null;
  const refresh = liveSection(ctx, {
    load: async () => {
      const principle = await session.store.getRecord('principle', id);
      counts = counts || (await loadCounts(session.store, (fresh) => { counts = fresh; refresh(); }));
      return principle;
    },
    draw: (principle) => {
      clear(root);
      if (!principle) return root.append(h('h1', { class: 'screen__title' }, t('edit.notFound')), h('p', {}, t('principles.gone')), backLink('/principles', t('principles.title')));
      const mine = principle.authorId === myId(session.profile);
      root.append(
        h('p', { class: 'eyebrow' }, t('principles.one')),
        h('h1', { class: 'screen__title', 'data-testid': 'principle-title' }, principle.title),
        h('p', { class: 'muted', 'data-testid': 'principle-counts' }, countsText(countsOf(counts, id), (counts && counts.outcomesFrom) || 3)),
        h(
          'div',
          { class: 'card' },
          facts([
            [t('principleField.principle'), principle.principle],
            [t('principleField.misconception'), principle.misconception || null],
            [t('principleField.workedCase'), principle.workedCase],
            [t('principles.by'), principle.authorName],
          ]),
        ),
        mine ? authorActions(ctx, principle) : null,
        h('a', { href: historyPath('principle', principle.id), 'data-link': true, class: 'btn btn--small btn--ghost', 'data-testid': 'history-link' }, t('history.link')),
        backLink('/principles', t('principles.title')),
      );
    },
  });
  await refresh();
  return root;
}

function authorActions(ctx, principle) {
  const remove = async () => {
    const ok = await confirmDialog({ title: t('principles.deleteTitle'), body: t('principles.deleteBody'), confirmLabel: t('principles.delete'), danger: true });
    if (!ok) return;
    await deleteRecord(ctx.session.store, 'principle', principle.id);
    await ctx.navigate('/principles');
    ctx.toast(t('principles.deleted'));
  };
  return h(
    'div',
    { class: 'actions' },
    h('a', { href: `/principles/${encodeURIComponent(principle.id)}/edit`, 'data-link': true, class: 'btn btn--secondary' }, t('mentor.edit')),
    h('button', { type: 'button', class: 'btn btn--danger-ghost', onclick: remove }, t('principles.delete')),
  );
}
