// Home: the big "Observe" button and the observations, newest first.

import { h, clear } from '../ui/dom.js';
import { kindLabel, formatWhen } from '../ui/format.js';

export async function render(ctx) {
  const { session } = ctx;
  const list = h('div', { class: 'obs-list', 'data-testid': 'observations' });
  const screen = h(
    'section',
    { class: 'screen screen--home' },
    h('a', { href: '/observe', 'data-link': true, class: 'btn btn--primary btn--huge', 'data-testid': 'observe' }, h('span', { class: 'btn__plus', 'aria-hidden': 'true' }, '+'), 'Observe'),
    h('h1', { class: 'section-title' }, 'Observations'),
    session.profile && session.profile.people && session.profile.people.length
      ? h('a', { href: '/triage', 'data-link': true, class: 'btn btn--secondary btn--block' }, 'Triage into learning goals')
      : null,
    list,
  );

  async function fill() {
    const [observations, pendingIds, { goal: goals }] = await Promise.all([
      session.store.listObservations(),
      session.store.pendingRecordIds(),
      session.store.snapshot(['goal']),
    ]);
    const addressed = new Set(goals.flatMap((g) => g.observationIds || [])); // linked to a learning goal
    const visible = observations.filter((o) => !ctx.hiddenIds.has(o.id));
    clear(list);
    if (!visible.length) {
      list.append(
        h(
          'div',
          { class: 'empty' },
          h('p', { class: 'empty__title' }, 'No observations yet'),
          h('p', {}, 'On your next walk, tap “Observe” to note what you see. It is saved on this phone at once, even without a network.'),
        ),
      );
      return;
    }
    for (const o of visible) list.append(card(o, pendingIds.has(o.id), session.personId, { addressed: addressed.has(o.id) }));
  }

  ctx.listen(session.sync, 'data', fill);
  await fill();
  return screen;
}

/** One observation as a tappable card (also used by Today and the person view). */
export function card(o, pending, me, { addressed = false } = {}) {
  const badges = h(
    'div',
    { class: 'obs__badges' },
    h('span', { class: ['badge', `badge--${o.kind}`] }, kindLabel(o.kind)),
    addressed ? h('span', { class: 'badge badge--addressed', 'data-testid': 'badge-addressed' }, 'Addressed') : null,
    h('span', { class: ['badge', o.visibility === 'shared' ? 'badge--shared' : 'badge--private'] }, o.visibility === 'shared' ? 'Shared' : 'Private'),
    pending ? h('span', { class: 'badge badge--pending', 'data-testid': 'badge-pending' }, 'waiting to sync') : null,
    o.flagged ? h('span', { class: 'badge badge--flagged', 'data-testid': 'badge-review', title: 'Changed on two devices at once: review it' }, 'Needs review') : null,
    o.photos && o.photos.length ? h('span', { class: 'badge badge--photos' }, o.photos.length === 1 ? '1 photo' : `${o.photos.length} photos`) : null,
  );
  const who = [o.personName, o.authorId && o.authorId !== me && o.authorName ? `by ${o.authorName}` : null].filter(Boolean).join(' · ');
  return h(
    'a',
    { href: `/observations/${encodeURIComponent(o.id)}`, 'data-link': true, class: 'obs', 'data-testid': 'observation', dataset: { id: o.id } },
    badges,
    h('p', { class: 'obs__note' }, o.note),
    h('p', { class: 'obs__meta' }, [who, formatWhen(o.observedAt)].filter(Boolean).join(' · ')),
  );
}
