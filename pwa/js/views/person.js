// A person's storyboard, on one screen: learning goals, challenges with
// target vs actual, the check-in ratings as a run chart, and the timeline of
// observations (tick the unaddressed ones to write a learning goal).
// Mentor notes never show here: they live in the mentor view only.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { isActive, byAt, checkinLearner, personLabel, formatNumber } from '../domain/coaching.js';
import { liveSection } from '../ui/live.js';
import { screen, backLink, sectionTitle, emptyState, challengeItem, goalItem } from './parts.js';
import { runChart } from './run-chart.js';
import { observationPicker } from './triage.js';

export async function render(ctx, { id }) {
  const { session } = ctx;
  const profile = session.profile;
  const person = (profile.people || []).find((p) => p.id === id);
  if (!person) {
    return screen(t('person.notInTeam'), h('p', {}, t('person.notInTeamHint')), backLink('/team', t('team.title')));
  }
  const body = h('div', { class: 'storyboard' });
  const areas = new Map((profile.areas || []).map((a) => [a.id, a]));
  const sub = [
    person.managerId ? t('person.reportsTo', { name: personLabel(profile, person.managerId) }) : null,
    person.areaId && areas.has(person.areaId) ? areas.get(person.areaId).name : null,
  ].filter(Boolean);
  const root = screen(
    person.name,
    sub.length ? h('p', { class: 'muted' }, sub.join(' · ')) : null,
    h(
      'div',
      { class: 'actions actions--2' },
      h('a', { href: `/goals/new?person=${encodeURIComponent(id)}`, 'data-link': true, class: 'btn btn--secondary' }, t('person.newGoal')),
      h('a', { href: `/challenges/new?person=${encodeURIComponent(id)}`, 'data-link': true, class: 'btn btn--secondary' }, t('person.newChallenge')),
    ),
    body,
    // Export and print this storyboard (issue 13.3; print styles: coaching.css §83).
    h(
      'div',
      { class: 'actions actions--2' },
      h('a', { href: `/export?person=${encodeURIComponent(id)}`, 'data-link': true, class: 'btn btn--secondary', 'data-testid': 'person-export' }, t('export.personLink')),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'person-print', onclick: () => window.print() }, t('export.print')),
    ),
    backLink('/team', t('team.title')),
  );

  const refresh = liveSection(ctx, {
    busy: () => Boolean(body.querySelector('input[type="checkbox"]:checked')), // do not undo ticks being made
    load: () => session.store.snapshot(['observation', 'goal', 'challenge', 'checkin']),
    draw: (data) => clear(body).append(...storyboard(ctx, person, data)),
  });
  await refresh();
  return root;
}

/** Goals, challenges (target vs actual), the run chart of check-ins, the observations. */
function storyboard(ctx, person, data) {
  const { id } = person;
  const goals = data.goal.filter((g) => g.learnerId === id).sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1));
  const challenges = data.challenge.filter((c) => c.learnerId === id).sort((a, b) => Number(isActive(b)) - Number(isActive(a)) || (a.dueOn < b.dueOn ? -1 : 1));
  const byId = new Map(data.challenge.map((c) => [c.id, c]));
  const checkins = data.checkin.filter((c) => checkinLearner(c, byId) === id).sort(byAt);
  const observations = data.observation.filter((o) => o.personId === id).sort((a, b) => (a.observedAt < b.observedAt ? 1 : -1));
  const addressed = new Set(data.goal.flatMap((g) => g.observationIds || []));
  const actual = (c) => (c.actual != null ? t('person.actual', { actual: `${formatNumber(c.actual)}${c.target && c.target.unit ? ` ${c.target.unit}` : ''}`, target: formatNumber(c.target && c.target.value) }) : t('person.noActual'));
  return [
    h(
      'section',
      { class: 'story', 'data-testid': 'person-goals' },
      sectionTitle(t('person.goals'), goals.length),
      goals.length ? h('div', { class: 'items' }, goals.map((g) => goalItem(g, { showLearner: false }))) : emptyState(t('person.noGoal'), t('person.noGoalHint')),
    ),
    h(
      'section',
      { class: 'story', 'data-testid': 'person-challenges' },
      sectionTitle(t('person.challenges'), challenges.length),
      challenges.length ? h('div', { class: 'items' }, challenges.map((c) => challengeItem(c, { showLearner: false, note: actual(c) }))) : emptyState(t('person.noChallenge'), null),
    ),
    h('section', { class: 'story card', 'data-testid': 'person-chart' }, h('h2', { class: 'card__title' }, t('person.checkins')), runChart(checkins, { who: person.name })),
    h(
      'section',
      { class: 'story', 'data-testid': 'person-timeline' },
      sectionTitle(t('home.title'), observations.length),
      observations.length ? observationPicker(ctx, observations, { personId: id, addressed }) : emptyState(t('home.empty'), null),
    ),
  ];
}
