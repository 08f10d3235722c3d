// Triage: my observations that no learning goal links yet, grouped by person.
// Tick the ones that point at the same difficulty and "Write learning goal".
// The same picker is used on a person's storyboard.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { kindLabel, formatWhen } from '../ui/format.js';
import { computeToday } from '../domain/today-list.js';
import { personLabel } from '../domain/coaching.js';
import { myId, coachees } from '../domain/access.js';
import { liveSection } from '../ui/live.js';
import { screen, backLink, emptyState } from './parts.js';

export async function render(ctx) {
  const { session } = ctx;
  const body = h('div', { class: 'triage' });
  const root = screen(
    t('today.triage'),
    h('p', { class: 'muted' }, t('triage.hint')),
    body,
    backLink('/', t('today.title')),
  );

  const refresh = liveSection(ctx, {
    busy: () => Boolean(body.querySelector('input[type="checkbox"]:checked')), // do not undo ticks being made
    load: () => session.store.snapshot(['observation', 'goal']),
    draw: (data) => {
      const { untriaged } = computeToday({ me: myId(session.profile), coachees: coachees(session.profile), observations: data.observation, goals: data.goal });
      clear(body);
      if (!untriaged.length) return body.append(emptyState(t('triage.empty'), t('triage.emptyHint')));
      for (const [personId, observations] of byPerson(session.profile, untriaged)) {
        const name = personId ? personLabel(session.profile, personId, observations[0].personName) : t('obs.nobody');
        body.append(h('section', { class: 'card', 'data-testid': 'triage-group' }, h('h2', { class: 'card__title' }, name), observationPicker(ctx, observations, { personId: personId || null })));
      }
    },
  });
  await refresh();
  return root;
}

/** Observations grouped by the person they are about, by name; "no one" last. */
function byPerson(profile, observations) {
  const groups = new Map();
  for (const o of observations) {
    const key = o.personId || '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(o);
  }
  const order = [...groups.keys()].sort((a, b) => (a === '') - (b === '') || personLabel(profile, a).localeCompare(personLabel(profile, b)));
  return order.map((key) => [key, groups.get(key)]);
}

/**
 * Checkboxes for `observations` (about one person, or nobody) and a
 * "Write learning goal" button that opens the goal form with the ticked ones.
 */
export function observationPicker(ctx, observations, { personId = null, addressed = new Set() } = {}) {
  const picked = new Set();
  const button = h('button', { type: 'button', class: 'btn btn--primary btn--block', disabled: true }, t('person.newGoal'));
  const update = () => {
    button.disabled = !picked.size;
    button.textContent = picked.size > 1 ? t('triage.writeSome', { count: picked.size }) : t('person.newGoal');
  };
  const rows = observations.map((o) => {
    const meta = [kindLabel(o.kind), formatWhen(o.observedAt), o.visibility === 'shared' ? null : t('triage.private'), o.authorId && o.authorId !== ctx.session.personId ? t('card.by', { name: o.authorName }) : null].filter(Boolean).join(' · ');
    if (addressed.has(o.id)) {
      return h(
        'div',
        { class: 'pick pick--addressed', 'data-testid': 'timeline-observation' },
        h('span', { class: 'badge badge--addressed' }, t('card.addressed')),
        h('span', { class: 'pick__text' }, h('span', { class: 'pick__note' }, o.note), h('span', { class: 'pick__meta' }, meta)),
      );
    }
    const box = h('input', { type: 'checkbox', class: 'checkbox', value: o.id });
    box.addEventListener('change', () => {
      if (box.checked) picked.add(o.id);
      else picked.delete(o.id);
      update();
    });
    return h(
      'label',
      { class: 'pick', 'data-testid': 'pick-observation' },
      box,
      h(
        'span',
        { class: 'pick__text' },
        h('span', { class: 'pick__note' }, o.note),
        h('span', { class: 'pick__meta' }, meta),
      ),
    );
  });
  button.addEventListener('click', () => {
    const query = new URLSearchParams({ obs: [...picked].join(',') });
    if (personId) query.set('person', personId);
    ctx.navigate(`/goals/new?${query}`);
  });
  const open = observations.some((o) => !addressed.has(o.id));
  return h('div', { class: 'picker' }, rows, open ? button : null);
}
