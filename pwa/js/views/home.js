// Home: the big "Observe" button and the observations, newest first.

import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { liveSection, keyedList } from '../ui/live.js';
import { kindLabel, formatWhen } from '../ui/format.js';

export async function render(ctx) {
  const { session } = ctx;
  const list = h('div', { class: 'obs-list', 'data-testid': 'observations' });
  const screen = h(
    'section',
    { class: 'screen screen--home' },
    observeButton(),
    h('h1', { class: 'section-title' }, t('home.title')),
    session.profile && session.profile.people && session.profile.people.length
      ? h('a', { href: '/triage', 'data-link': true, class: 'btn btn--secondary btn--block' }, t('home.triage'))
      : null,
    h('a', { href: '/workshops', 'data-link': true, class: 'btn btn--secondary btn--block', 'data-testid': 'workshops-link' }, t('home.workshops')),
    h('a', { href: '/principles', 'data-link': true, class: 'btn btn--secondary btn--block', 'data-testid': 'principles-link' }, t('home.principles')),
    list,
  );
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshotAndPending(['observation', 'goal']),
    draw: ({ data, pendingIds }) => {
      const addressed = new Set(data.goal.flatMap((g) => g.observationIds || [])); // linked to a learning goal
      const visible = data.observation.filter((o) => !ctx.hiddenIds.has(o.id)).sort(byNewest);
      if (!visible.length) return clear(list).append(emptyHome());
      cardList(list, visible, { pendingIds, me: session.personId, addressed });
    },
  });
  await refresh();
  return screen;
}

export function observeButton() {
  return h('a', { href: '/observe', 'data-link': true, class: 'btn btn--primary btn--huge', 'data-testid': 'observe' }, h('span', { class: 'btn__plus', 'aria-hidden': 'true' }, '+'), t('home.observe'));
}

function emptyHome() {
  return h(
    'div',
    { class: 'empty' },
    h('p', { class: 'empty__title' }, t('home.empty')),
    h('p', {}, t('home.emptyHint')),
  );
}

/** Newest first (when seen; when written, for a note without a time). */
function byNewest(a, b) {
  const at = a.observedAt || a.createdAt || '';
  const bt = b.observedAt || b.createdAt || '';
  return at < bt ? 1 : at > bt ? -1 : 0;
}

/** Observation cards in `list`, redrawing only the ones that changed (keyed by id). */
export function cardList(list, observations, { pendingIds, me, addressed = new Set() }) {
  return keyedList(list, observations, {
    key: (o) => o.id,
    version: (o) => [o.version, o.updatedAt, pendingIds.has(o.id), addressed.has(o.id), o.flagged].join('|'),
    build: (o) => card(o, pendingIds.has(o.id), me, { addressed: addressed.has(o.id) }),
  });
}

/** One observation as a tappable card (also used by Today and the person view). */
export function card(o, pending, me, { addressed = false } = {}) {
  const badges = h(
    'div',
    { class: 'obs__badges' },
    h('span', { class: ['badge', `badge--${o.kind}`] }, kindLabel(o.kind)),
    addressed ? h('span', { class: 'badge badge--addressed', 'data-testid': 'badge-addressed' }, t('card.addressed')) : null,
    h('span', { class: ['badge', o.visibility === 'shared' ? 'badge--shared' : 'badge--private'] }, o.visibility === 'shared' ? t('card.shared') : t('card.private')),
    pending ? h('span', { class: 'badge badge--pending', 'data-testid': 'badge-pending' }, t('card.waiting')) : null,
    o.flagged ? h('span', { class: 'badge badge--flagged', 'data-testid': 'badge-review', title: t('card.flaggedHint') }, t('card.flagged')) : null,
    o.photos && o.photos.length ? h('span', { class: 'badge badge--photos' }, t('card.photos', { count: o.photos.length })) : null,
  );
  const who = [o.personName, o.authorId && o.authorId !== me && o.authorName ? t('card.by', { name: o.authorName }) : null].filter(Boolean).join(' · ');
  return h(
    'a',
    { href: `/observations/${encodeURIComponent(o.id)}`, 'data-link': true, class: 'obs', 'data-testid': 'observation', dataset: { id: o.id } },
    badges,
    h('p', { class: 'obs__note' }, o.note),
    h('p', { class: 'obs__meta' }, [who, formatWhen(o.observedAt)].filter(Boolean).join(' · ')),
  );
}
