// Insight: charts of the team's coaching, counted on this device from what it holds, so they
// work offline (domain/analytics.js; docs/decisions.md §93–§95; docs/coaching.md "Reading the
// charts"). `/insight`: the people I coach (mode mix, cadence, ratings, targets, stage times)
// and my own coaching by mode; `/insight/coaches`: a mentor's view of each of her coaches —
// numbers and names only, never a note's text. Each chart has its figures in a table under it.

import '../i18n/screens.js';
import { t, formatNumberIn, formatDate } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { teamOrder, modeLabel, formatNumber, formatDay, localDate, RATINGS } from '../domain/coaching.js';
import { myId, isCoach } from '../domain/access.js';
import { teamAnalytics, coachEffectiveness, coachesOf, coachSummary, OUTCOMES, STAGES, RATING_KEYS } from '../domain/analytics.js';
import { barChart, lineChart, sparkline, dataTable, ratingLegend } from '../ui/charts.js';
import { liveSection } from '../ui/live.js';
import { screen, backLink, emptyState } from './parts.js';

const TYPES = ['observation', 'goal', 'challenge', 'checkin'];

export async function render(ctx, { part = null } = {}) {
  return part === 'coaches' ? coachesScreen(ctx) : teamScreen(ctx);
}

// ---------------------------------------------------------------- words and numbers

const num = (value) => (value === null || value === undefined ? '–' : formatNumber(value));
const pct = (share) => (share === null || share === undefined ? '–' : formatNumberIn(share, { style: 'percent', maximumFractionDigits: 0 }));
const days = (value) => (value === null || value === undefined ? '–' : t('insight.days', { count: value }));
const signed = (value) => (value === null || value === undefined ? '–' : `${value > 0 ? '+' : value < 0 ? '−' : '±'}${formatNumber(Math.abs(value))}`);
const day = (iso) => formatDay(iso, localDate());
/** "5 Dec": a table cell on a phone has no room for the weekday. */
const shortDay = (iso) => formatDate(new Date(`${iso}T00:00:00Z`), { day: 'numeric', month: 'short', timeZone: 'UTC' });

function card(testid, title, ...children) {
  return h('section', { class: 'card insight__card', 'data-testid': testid }, h('h2', { class: 'card__title' }, title), ...children);
}

function chartFigure(svg, ...after) {
  return h('figure', { class: 'insight__figure' }, svg, ...after);
}

// ---------------------------------------------------------------- /insight

async function teamScreen(ctx) {
  const { session } = ctx;
  const profile = session.profile;
  if (!isCoach(profile)) {
    return screen(t('insight.title'), emptyState(t('insight.noTeam'), t('insight.noTeamHint')), backLink('/', t('tab.today')));
  }
  const body = h('div', { class: 'insight__grid' });
  const coaches = coachesOf(myId(profile), profile.people || []);
  const root = screen(
    t('insight.title'),
    h('p', { class: 'muted' }, t('insight.lead')),
    coaches.length ? h('div', { class: 'actions' }, h('a', { href: '/insight/coaches', 'data-link': true, class: 'btn btn--secondary' }, t('insight.toCoaches'))) : null,
    body,
    backLink('/team', t('team.title')),
  );
  root.classList.add('insight');
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(TYPES),
    draw: (data) => clear(body).append(...teamCards(profile, data)),
  });
  await refresh();
  return root;
}

function teamCards(profile, data) {
  const today = localDate();
  const learners = teamOrder(profile).map((p) => ({ id: p.id, name: p.name }));
  const a = teamAnalytics({ learners, observations: data.observation, goals: data.goal, challenges: data.challenge, checkins: data.checkin, today });
  const summary = h(
    'p',
    { class: 'insight__summary', 'data-testid': 'insight-summary' },
    [t('insight.learners', { count: a.learners }), t('insight.challengesCount', { count: a.challenges }), t('insight.checkinsCount', { count: a.checkins })].join(' · '),
  );
  return [
    summary,
    modeMixCard(a.modeMix),
    cadenceCard(a.cadence),
    teamRatingsCard(a.ratings),
    peopleRatingsCard(a.ratings),
    targetsCard(a.targets),
    stagesCard(a.stages),
    selfCard(
      coachEffectiveness({ coachId: myId(profile), challenges: data.challenge, checkins: data.checkin, today }),
      coachSummary({ coach: { id: myId(profile), name: profile.user.name }, people: profile.people || [], challenges: data.challenge, checkins: data.checkin, today }),
    ),
  ];
}

function modeMixCard(mix) {
  const title = t('insight.modeMix');
  if (!mix.total) return card('insight-modes', title, emptyState(t('insight.noChallenges'), t('insight.noChallengesHint')));
  const rows = mix.rows.map((r) => ({ label: modeLabel(r.mode), values: [r.count], texts: [t('insight.challengesCount', { count: r.count })] }));
  const desc = mix.rows.map((r) => `${modeLabel(r.mode)}: ${t('insight.challengesCount', { count: r.count })}`).join(', ');
  return card(
    'insight-modes',
    title,
    chartFigure(
      barChart({ title: t('insight.modeMixTitle', { count: mix.total }), desc, rows, series: [{ key: 'count' }], testid: 'chart-modes' }),
      dataTable({ caption: title, head: [t('insight.mode'), t('insight.challenges'), t('insight.active')], rows: mix.rows.map((r) => [modeLabel(r.mode), num(r.count), num(r.active)]), testid: 'table-modes' }),
    ),
  );
}

function cadenceCard(rows) {
  const title = t('insight.cadence');
  const withCheckins = rows.filter((r) => r.checkins);
  if (!withCheckins.length) return card('insight-cadence', title, emptyState(t('insight.noCheckins'), t('insight.noCheckinsCadence')));
  const withGaps = withCheckins.filter((r) => r.gaps);
  const next = (r) => (r.overdue ? t('insight.lateBy', { count: r.maxOverdue }) : r.nextOn ? day(r.nextOn) : '–');
  const desc = withCheckins
    .map((r) => t('insight.cadenceDesc', { name: r.name, count: r.checkins, actual: days(r.medianGap), planned: days(r.medianPlanned), next: next(r) }))
    .join(' ');
  return card(
    'insight-cadence',
    title,
    h('p', { class: 'muted small' }, t('insight.cadenceHint')),
    withGaps.length
      ? chartFigure(
          barChart({
            title: t('insight.cadenceTitle'),
            desc,
            rows: withGaps.map((r) => ({ label: r.name, values: [r.medianGap, r.medianPlanned], texts: [t('insight.actualDays', { count: r.medianGap }), r.medianPlanned === null ? t('insight.noPlan') : t('insight.plannedDays', { count: r.medianPlanned })] })),
            series: [{ key: 'actual' }, { key: 'planned' }],
            testid: 'chart-cadence',
          }),
          h('ul', { class: 'runchart__legend' }, h('li', { class: 'legend' }, h('span', { class: 'legend__swatch chart__swatch--actual', 'aria-hidden': 'true' }), t('insight.actual')), h('li', { class: 'legend' }, h('span', { class: 'legend__swatch chart__swatch--planned', 'aria-hidden': 'true' }), t('insight.planned'))),
        )
      : h('p', { class: 'muted' }, t('insight.oneCheckinOnly')),
    dataTable({
      caption: title,
      head: [t('insight.learner'), t('insight.daysApart'), t('insight.plannedDaysHead'), t('insight.onTime'), t('insight.next')],
      rows: rows.map((r) => [[r.name, h('span', { class: 'chart-table__sub' }, t('insight.checkinsCount', { count: r.checkins }))], num(r.medianGap), num(r.medianPlanned), r.planned ? `${num(r.onTime)}/${num(r.planned)}` : '–', h('span', { class: r.overdue ? 'late' : null }, r.overdue ? next(r) : r.nextOn ? shortDay(r.nextOn) : '–')]),
      testid: 'table-cadence',
    }),
  );
}

/** The three ratings as column names: "Eng." on a phone, "Engagement" read. */
const ratingHeads = () => RATINGS.map((r) => ({ long: r.label, short: t(`insight.short.${r.key}`) }));

const ratingWords = (point) => RATINGS.map((r) => `${r.label.toLowerCase()} ${num(point[r.key])}`).join(', ');

function teamRatingsCard(ratings) {
  const title = t('insight.teamRatings');
  if (!ratings.team.length) return card('insight-team-ratings', title, emptyState(t('insight.noCheckins'), t('insight.noCheckinsRatings')));
  const weeks = ratings.team.filter((w) => w.count);
  const desc = weeks.map((w) => `${t('insight.weekOf', { day: day(w.week) })}: ${ratingWords(w)}`).join('; ');
  return card(
    'insight-team-ratings',
    title,
    chartFigure(
      lineChart({
        title: t('insight.teamRatingsTitle', { count: ratings.team.length }),
        desc,
        labels: ratings.team.map((w) => day(w.week)),
        series: RATING_KEYS.map((key) => ({ key, values: ratings.team.map((w) => w[key]) })),
        testid: 'chart-team-ratings',
      }),
      ratingLegend(RATINGS),
      dataTable({ caption: title, head: [t('insight.week'), ...ratingHeads(), t('insight.checkins')], rows: weeks.map((w) => [shortDay(w.week), ...RATING_KEYS.map((k) => num(w[k])), num(w.count)]), testid: 'table-team-ratings' }),
    ),
  );
}

function peopleRatingsCard(ratings) {
  const title = t('insight.peopleRatings');
  const rated = ratings.people.filter((p) => p.points.length);
  if (!rated.length) return card('insight-people-ratings', title, emptyState(t('insight.noCheckins'), t('insight.noCheckinsRatings')));
  const rows = rated.map((p) => {
    const averages = p.points.map((x) => x.average);
    const label = t('insight.sparkline', { name: p.name, count: p.points.length, first: num(p.first.average), last: num(p.last.average) });
    return [
      h('span', { class: 'insight__person' }, p.name, sparkline(averages, { label })),
      ...RATING_KEYS.map((k) => (p.change ? `${num(p.last[k])} (${signed(p.change[k])})` : num(p.last[k]))),
    ];
  });
  return card(
    'insight-people-ratings',
    title,
    h('p', { class: 'muted small' }, t('insight.peopleRatingsHint')),
    dataTable({ caption: title, head: [t('insight.learner'), ...ratingHeads()], rows, testid: 'table-people-ratings' }),
  );
}

function targetsCard(targets) {
  const title = t('insight.targets');
  if (!targets.total) return card('insight-targets', title, emptyState(t('insight.noChallenges'), t('insight.noChallengesHint')));
  const words = (k) => t(`insight.outcome.${k}`);
  const desc = OUTCOMES.map((k) => `${words(k)}: ${num(targets[k])}`).join(', ');
  return card(
    'insight-targets',
    title,
    h('p', { class: 'insight__figure-line', 'data-testid': 'targets-line' }, targets.judged ? t('insight.metOf', { met: targets.met, judged: targets.judged, share: pct(targets.metShare) }) : t('insight.noneJudged')),
    chartFigure(
      barChart({ title: t('insight.targetsTitle', { count: targets.total }), desc, rows: OUTCOMES.map((k) => ({ label: words(k), values: [targets[k]], texts: [t('insight.challengesCount', { count: targets[k] })], tone: k })), series: [{ key: 'count' }], testid: 'chart-targets' }),
      dataTable({ caption: title, head: [t('insight.outcome'), t('insight.challenges')], rows: OUTCOMES.map((k) => [words(k), num(targets[k])]), testid: 'table-targets' }),
    ),
    h('p', { class: 'muted small' }, t('insight.targetsHint')),
  );
}

function stagesCard(stages) {
  const title = t('insight.stages');
  const words = (k) => t(`insight.stage.${k}`);
  if (!STAGES.some((k) => stages[k].count)) return card('insight-stages', title, emptyState(t('insight.noStages'), t('insight.noStagesHint')));
  const desc = STAGES.map((k) => `${words(k)}: ${stages[k].count ? t('insight.medianOf', { days: days(stages[k].median), count: stages[k].count }) : '–'}`).join('; ');
  return card(
    'insight-stages',
    title,
    chartFigure(
      barChart({ title: t('insight.stagesTitle'), desc, rows: STAGES.map((k) => ({ label: words(k), values: [stages[k].median], texts: [stages[k].count ? days(stages[k].median) : '–'] })), series: [{ key: 'stage' }], testid: 'chart-stages' }),
      dataTable({ caption: title, head: [t('insight.stage'), t('insight.median'), t('insight.counted')], rows: STAGES.map((k) => [words(k), days(stages[k].median), num(stages[k].count)]), testid: 'table-stages' }),
    ),
  );
}

/** Effectiveness by mode, as a table (one coach's). */
function effectivenessTable(result, testid) {
  const rows = [...result.modes.filter((m) => m.count).map((m) => [modeLabel(m.mode), m]), [t('insight.allModes'), result.total]];
  return dataTable({
    caption: t('insight.byMode'),
    head: [t('insight.mode'), t('insight.challenges'), t('insight.metMissed'), t('insight.metShare'), t('insight.ratingMove')],
    rows: rows.map(([label, m]) => [label, num(m.count), `${num(m.met)} / ${num(m.missed)}`, pct(m.metShare), m.moved ? signed(m.ratingMove) : '–']),
    testid,
  });
}

function selfCard(result, summary) {
  const title = t('insight.yourCoaching');
  if (!result.total.count) return card('insight-self', title, emptyState(t('insight.noneAssigned'), t('insight.noneAssignedHint')));
  const judged = result.modes.filter((m) => m.judged);
  const desc = judged.map((m) => t('insight.modeMet', { mode: modeLabel(m.mode), met: m.met, judged: m.judged, share: pct(m.metShare) })).join(' ');
  return card(
    'insight-self',
    title,
    h('p', { class: 'muted small' }, t('insight.yourCoachingHint')),
    coachFacts(summary, { self: true }),
    judged.length
      ? chartFigure(
          // Mid-card, under the facts: its own visible caption says what the percentages are.
          h('figcaption', { class: 'insight__caption', 'aria-hidden': 'true', 'data-testid': 'chart-self-caption' }, t('insight.selfTitle')),
          barChart({ title: t('insight.selfTitle'), desc, rows: judged.map((m) => ({ label: modeLabel(m.mode), values: [m.metShare * 100], texts: [pct(m.metShare)] })), series: [{ key: 'met' }], max: 100, testid: 'chart-self' }),
        )
      : null,
    effectivenessTable(result, 'table-self'),
  );
}

// ---------------------------------------------------------------- /insight/coaches

async function coachesScreen(ctx) {
  const { session } = ctx;
  const profile = session.profile;
  const people = profile.people || [];
  const coaches = coachesOf(myId(profile), people);
  const body = h('div', { class: 'insight__grid' });
  // Back where she came from: Mentor (its link says ?from=mentor) or Team insight.
  const back = new URLSearchParams(location.search).get('from') === 'mentor' ? backLink('/mentor', t('tab.mentor')) : backLink('/insight', t('insight.title'));
  const root = screen(t('insight.coachesTitle'), h('p', { class: 'muted' }, t('insight.coachesLead')), body, back);
  root.classList.add('insight');
  if (!coaches.length) {
    body.append(emptyState(t('insight.noCoaches'), t('insight.noCoachesHint')));
    return root;
  }
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(['challenge', 'checkin']),
    draw: (data) => {
      const today = localDate();
      const summaries = coaches.map((coach) => coachSummary({ coach, people, challenges: data.challenge, checkins: data.checkin, today }));
      clear(body).append(coachesChart(summaries), ...summaries.map(coachCard));
    },
  });
  await refresh();
  return root;
}

function coachesChart(summaries) {
  const title = t('insight.coachesCompare');
  const judged = summaries.filter((s) => s.effectiveness.total.judged);
  const desc = summaries.map((s) => t('insight.coachDesc', { name: s.name, load: s.load, overdue: s.cadence.overdue, stuck: s.stuck.length, share: pct(s.effectiveness.total.metShare) })).join(' ');
  return card(
    'insight-coaches-chart',
    title,
    judged.length
      ? chartFigure(barChart({ title, desc, rows: judged.map((s) => ({ label: s.name, values: [s.effectiveness.total.metShare * 100], texts: [pct(s.effectiveness.total.metShare)] })), series: [{ key: 'met' }], max: 100, testid: 'chart-coaches' }))
      : h('p', { class: 'muted' }, t('insight.noneJudged')),
    dataTable({
      caption: title,
      // Short column names on a phone ("Bloqués", not "Apprenants bloqués"): six columns fit its width.
      head: [t('insight.coach'), t('insight.load'), { long: t('insight.daysApart'), short: t('insight.short.daysApart') }, { long: t('insight.overdue'), short: t('insight.short.overdue') }, { long: t('insight.stuck'), short: t('insight.short.stuck') }, t('insight.metShare')],
      rows: summaries.map((s) => [s.name, num(s.load), num(s.cadence.medianGap), num(s.cadence.overdue), num(s.stuck.length), pct(s.effectiveness.total.metShare)]),
      testid: 'table-coaches',
    }),
  );
}

/** A coach's load, cadence and stuck learners, as her mentor reads them (and she about herself). */
function coachFacts(s, { self = false } = {}) {
  const c = s.cadence;
  const facts = [
    self ? null : [t('insight.learnersLabel'), num(s.learners)],
    [t('insight.load'), t('insight.loadValue', { learners: t('insight.learners', { count: s.load }), active: t('insight.activeChallenges', { count: s.active }) })],
    [t('insight.between'), c.gaps ? t('insight.betweenValue', { actual: days(c.medianGap), planned: days(c.medianPlanned) }) : t('insight.noGapYet')],
    [t('insight.onTime'), c.planned ? `${num(c.onTime)}/${num(c.planned)} (${pct(c.onTimeShare)})` : '–'],
    [t('insight.overdue'), c.overdue ? t('insight.overdueValue', { count: c.overdue, late: t('insight.lateBy', { count: c.maxOverdue }) }) : t('insight.noneOverdue')],
    [t('insight.stuck'), s.stuck.length ? s.stuck.map((p) => p.name).join(', ') : t('insight.noneStuck')],
  ].filter(Boolean);
  return h('dl', { class: 'insight__facts', 'data-testid': 'coach-facts' }, facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
}

function coachCard(s) {
  return card(
    'coach-card',
    s.name,
    coachFacts(s),
    s.effectiveness.total.count ? effectivenessTable(s.effectiveness, 'table-coach-modes') : h('p', { class: 'muted' }, t('insight.coachNoneAssigned', { name: s.name })),
  );
}
