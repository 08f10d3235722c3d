// Team: one card per person I coach (direct reports first), with their active
// challenges, days since the last check-in and the trend of the last two
// check-ins; above them my coaching load against the configured cap.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { teamOrder, isActive, byAt, checkinLearner, trend, TREND_ARROWS, TREND_WORDS, coachLoad, personLabel, localDate, daysBetween } from '../domain/coaching.js';
import { myId, isCoach } from '../domain/access.js';
import { liveSection } from '../ui/live.js';
import { screen, emptyState, sectionTitle } from './parts.js';
import { selfDevelopmentLink } from './today.js';

export async function render(ctx) {
  const { session } = ctx;
  if (!isCoach(session.profile)) return learnerTeam(session.profile);
  const body = h('div', { class: 'team' });
  const root = screen(t('team.title'), body);
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(['challenge', 'checkin']),
    draw: (data) => {
      const profile = session.profile;
      const people = teamOrder(profile);
      clear(body).append(loadCard(profile, data.challenge));
      if (!people.length) return body.append(emptyState(t('team.empty'), t('team.emptyHint')));
      const byId = new Map(data.challenge.map((c) => [c.id, c]));
      const list = h('div', { class: 'team-list' }, people.map((person) => teamCard(profile, person, data, byId)));
      body.append(sectionTitle(t('team.coached'), people.length), list);
    },
  });
  const profile = session.profile;
  const links = h(
    'div',
    { class: 'actions' },
    h('a', { href: '/insight', 'data-link': true, class: 'btn btn--secondary', 'data-testid': 'team-insight' }, t('team.insight')),
    profile.mentees && profile.mentees.length ? h('a', { href: '/mentor', 'data-link': true, class: 'btn btn--secondary' }, t('team.mentorView')) : null,
    h('a', { href: '/organisation', 'data-link': true, class: 'btn btn--secondary' }, t('team.organisation')),
    h('a', { href: '/workshops', 'data-link': true, class: 'btn btn--secondary' }, t('home.workshops')),
    h('a', { href: '/export', 'data-link': true, class: 'btn btn--secondary', 'data-testid': 'team-export' }, t('export.teamLink')),
    selfDevelopmentLink(profile),
  );
  root.append(links);
  await refresh();
  return root;
}

/** Someone who coaches nobody (a learner who typed /team): no coach wording, the way home. */
function learnerTeam(profile) {
  return screen(
    t('team.title'),
    h('p', { class: 'lead', 'data-testid': 'team-learner' }, t('team.learnerHint')),
    h('div', { class: 'actions' }, h('a', { href: '/', 'data-link': true, class: 'btn btn--primary btn--block' }, t('team.toHome')), selfDevelopmentLink(profile)),
  );
}

/** My coaching load against the cap. */
function loadCard(profile, challenges) {
  const cap = (profile.settings && profile.settings.coachLoadCap) || 6;
  const load = coachLoad(profile, challenges).size;
  const over = load > cap;
  return h(
    'section',
    { class: ['card', 'load', over ? 'load--over' : null], 'data-testid': 'coach-load', role: over ? 'alert' : null },
    h('p', { class: 'load__figure' }, h('strong', {}, String(load)), t('team.load', { count: load, cap })),
    over
      ? h('p', { class: 'load__warning' }, t('team.overCap', { over: load - cap }))
      : h('p', { class: 'muted small' }, t('team.loadHint')),
  );
}

/** One person I coach: active challenges, days since the last check-in, the trend. */
function teamCard(profile, person, data, byId) {
  const active = data.challenge.filter((c) => c.learnerId === person.id && isActive(c));
  const checkins = data.checkin.filter((c) => checkinLearner(c, byId) === person.id).sort(byAt);
  const last = checkins[checkins.length - 1];
  const days = last ? daysBetween(localDate(new Date(last.at)), localDate()) : null;
  const direction = trend(checkins);
  return h(
    'a',
    { href: `/people/${encodeURIComponent(person.id)}`, 'data-link': true, class: 'item team-card', 'data-testid': 'team-card', dataset: { id: person.id } },
    h(
      'span',
      { class: 'team-card__head' },
      h('span', { class: 'team-card__name' }, person.name),
      direction ? h('span', { class: ['trend', `trend--${direction}`], 'data-testid': 'trend', role: 'img', 'aria-label': t('team.trend', { trend: TREND_WORDS[direction] }) }, TREND_ARROWS[direction]) : null,
    ),
    person.managerId !== myId(profile) ? h('span', { class: 'team-card__via' }, t('team.via', { name: personLabel(profile, person.managerId) })) : null,
    h(
      'span',
      { class: 'team-card__stats' },
      h('span', { 'data-testid': 'active-count' }, t('team.active', { count: active.length })),
      h('span', { 'data-testid': 'since-checkin' }, last ? (days === 0 ? t('team.checkedToday') : t('team.lastCheckin', { count: days })) : t('team.noCheckin')),
    ),
  );
}
