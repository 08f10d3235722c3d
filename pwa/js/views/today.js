// Today: where the app opens. For someone who coaches, the day's leader
// standard work (computed by ../domain/today-list.js): check-ins due or overdue, stale
// challenges, observations to triage, goals without a challenge — and, as a
// learner of their own coach, what waits for them. For someone without
// reports: their challenges above the usual list of observations.

import { t as tr } from '../i18n/i18n.js'; // `t` is the Today list here
import { h, clear, put } from '../ui/dom.js';
import { liveSection, keyedList } from '../ui/live.js';
import { computeToday, sortForLearner } from '../domain/today-list.js';
import { isActive, localDate, formatDay, relativeDay } from '../domain/coaching.js';
import { isCoach, coachees, myId, isLearnerOnly, wroteIt, viewerOf } from '../domain/access.js';
import { screen, sectionTitle, emptyState, challengeItem, goalItem } from './parts.js';
import * as homeView from './home.js';
import { reminderCount } from './reminder-count.js';

export async function render(ctx) {
  const { session } = ctx;
  if (!isCoach(session.profile)) return learnerHome(ctx);
  const body = h('div', { class: 'today' });
  const count = reminderCount(); // due check-ins and overdue challenges, and the app badge
  const root = screen(tr('today.title'), count.element, homeView.observeButton(), body);
  root.classList.add('screen--home');
  const notes = untriagedBlock();
  let drawn = 0;
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshotAndPending(),
    draw: ({ data, pendingIds }) => {
      count.update(session.profile, data);
      const t = todayList(session.profile, data, ctx.hiddenIds);
      const blocks = coachingBlocks(t, data.challenge, session.profile);
      if (t.untriaged.length) blocks.push({ key: 'today-untriaged', element: notes.show(t.untriaged, pendingIds, session.personId) });
      if (t.empty) blocks.push({ key: 'today-empty', element: emptyState(tr('today.empty'), tr('today.emptyHint')) });
      // The observation cards stay in place (keyed); the few coaching blocks are drawn anew.
      drawn += 1;
      keyedList(body, blocks, { key: (b) => b.key, version: (b) => (b.element === notes.element ? 'kept' : drawn), build: (b) => b.element });
    },
  });
  await refresh();
  return root;
}

function todayList(profile, data, hiddenIds) {
  return computeToday({
    me: myId(profile),
    coachees: coachees(profile),
    reports: (profile.reports || []).map((r) => r.id),
    observations: data.observation.filter((o) => !hiddenIds.has(o.id)),
    goals: data.goal,
    challenges: data.challenge,
    checkins: data.checkin,
    staleAfterDays: (profile.settings && profile.settings.staleAfterDays) || 7,
    today: localDate(),
  });
}

/** Your challenges, stuck learners, check-ins due, challenges past due, stale challenges, goals
 * without a challenge: [{key, element}]. */
function coachingBlocks(t, challenges, profile) {
  const today = localDate();
  const blocks = yourChallenges(t, challenges, profile);
  if (t.stuck.length) {
    const stuckNote = (s) => (s.since ? tr('today.stuckSince', { day: formatDay(s.since, today) }) : tr('today.stuckNow'));
    blocks.push(block(tr('today.stuck'), t.stuck.map((s) => challengeItem(s.challenge, { note: stuckNote(s), late: true, testid: 'today-stuck-item' })), 'today-stuck'));
  }
  const dueItems = [
    ...t.overdue.map((d) => challengeItem(d.challenge, { note: tr('today.overdue', { since: formatDay(d.on, today), count: d.days }), late: true, testid: 'today-checkin' })),
    ...t.due.map((d) => challengeItem(d.challenge, { note: tr('today.dueToday'), testid: 'today-checkin' })),
  ];
  if (dueItems.length) blocks.push(block(tr('today.due'), dueItems, 'today-due'));
  if (t.pastDue.length) {
    const pastNote = (d) => tr('today.pastDueNote', { day: formatDay(d.on, today), count: d.days });
    blocks.push(block(tr('today.pastDue'), t.pastDue.map((d) => challengeItem(d.challenge, { note: pastNote(d), late: true, testid: 'today-past-due-item' })), 'today-past-due'));
  }
  if (t.stale.length) {
    const staleNote = (s) => [tr(s.lastCheckin ? 'today.staleSince' : 'today.staleNever', { count: s.days }), s.next ? tr('today.nextPlanned', { day: formatDay(s.next, today) }) : null].filter(Boolean).join(' · ');
    blocks.push(block(tr('today.stale'), t.stale.map((s) => challengeItem(s.challenge, { note: staleNote(s), testid: 'today-stale' })), 'today-stale'));
  }
  if (t.goalsWithoutChallenge.length) {
    blocks.push(block(tr('today.goalsWithout'), t.goalsWithoutChallenge.map((g) => goalItem(g, { note: tr('today.assignOne') })), 'today-goals'));
  }
  if (t.coaches.count) blocks.push(coachesBlock(t.coaches, today, profile));
  return blocks.map((element) => ({ key: element.dataset.testid, element }));
}

/** A mentor: what her coaches owe their people, apart and collapsed under her own coaching. */
function coachesBlock(c, today, profile) {
  const people = new Map((profile.people || []).map((p) => [p.id, p]));
  // The coach is the learner's manager: "Rui: check-in overdue since …".
  const coach = (record) => {
    const manager = people.get((people.get(record.learnerId) || {}).managerId);
    return manager ? tr('today.coachSays', { name: manager.name }) : '';
  };
  const items = [
    ...c.overdue.map((d) => challengeItem(d.challenge, { note: coach(d.challenge) + tr('today.coaches.overdue', { since: formatDay(d.on, today), count: d.days }), late: true, testid: 'coaches-item' })),
    ...c.due.map((d) => challengeItem(d.challenge, { note: coach(d.challenge) + tr('today.coaches.due'), testid: 'coaches-item' })),
    ...c.stale.map((s) => challengeItem(s.challenge, { note: coach(s.challenge) + tr('today.coaches.stale', { count: s.days }), testid: 'coaches-item' })),
    ...c.goalsWithoutChallenge.map((g) => goalItem(g, { note: coach(g) + tr('today.coaches.noChallenge') })),
  ];
  return h(
    'details',
    { class: 'today__block today__coaches', 'data-testid': 'today-coaches' },
    h('summary', { class: 'section-title' }, tr('today.coaches'), h('span', { class: 'section-title__count', 'data-testid': 'coaches-count' }, ` ${c.count}`)),
    h('p', { class: 'muted small' }, tr('today.coachesHint')),
    h('div', { class: 'items' }, items),
  );
}

/** "To triage": one section kept for the screen's life; its cards are updated in place. */
function untriagedBlock() {
  const list = h('div', { class: 'obs-list', 'data-testid': 'observations' });
  const count = h('span', { class: 'section-title__count' });
  const title = h('h2', { class: 'section-title' }, tr('today.toTriage'), count);
  const element = h(
    'section',
    { class: 'today__block', 'data-testid': 'today-untriaged' },
    h('div', { class: 'section-head' }, title, h('a', { href: '/triage', 'data-link': true, class: 'btn btn--small btn--secondary' }, tr('today.triage'))),
    h('p', { class: 'muted small' }, tr('today.toTriageHint')),
    list,
  );
  const show = (observations, pendingIds, me) => {
    count.textContent = ` ${observations.length}`;
    homeView.cardList(list, observations, { pendingIds, me });
    return element;
  };
  return { element, show };
}

function block(title, items, testid) {
  return h('section', { class: 'today__block', 'data-testid': testid }, sectionTitle(title, items.length), h('div', { class: 'items' }, items));
}

/** The learner's side: what my own coach gave me. */
function yourChallenges(t, challenges, profile) {
  const viewer = viewerOf(profile);
  const mine = sortForLearner(challenges.filter((c) => isLearnerOnly(viewer, c) && isActive(c)));
  if (!mine.length) return [];
  const waiting = new Set(t.toAnswer.map((a) => a.challenge.id));
  const items = mine.map((c) =>
    challengeItem(c, {
      showLearner: false,
      note: c.status === 'assigned' ? tr('today.newAccept') : waiting.has(c.id) ? tr('today.answer') : null,
      testid: 'my-challenge',
    }),
  );
  return [block(tr('today.yours'), items, 'my-challenges')];
}

/** Someone without reports: their challenges, their learning goals, notes from their mentor, then the observations list. */
async function learnerHome(ctx) {
  const { session } = ctx;
  const top = h('div', { class: 'today' });
  const count = reminderCount();
  const home = await homeView.render(ctx);
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(['challenge', 'checkin', 'goal', 'mentor_note']),
    draw: (data) => {
      const me = myId(session.profile);
      const notes = data.mentor_note.filter((n) => n.personId === me);
      count.update(session.profile, data);
      put(clear(top), count.element, learnerChallenges(data, session.profile), learnerGoals(data, session.profile), notes.length ? mentorNotes(notes) : null);
    },
  });
  await refresh();
  home.prepend(top);
  home.append(selfDevelopmentLink(session.profile));
  // Keep Observe first under the thumb, the challenges right below it.
  const observe = home.querySelector('[data-testid="observe"]');
  if (observe) home.prepend(observe);
  return home;
}

function learnerChallenges(data, profile) {
  const me = myId(profile);
  const viewer = viewerOf(profile);
  const mine = sortForLearner(data.challenge.filter((c) => c.learnerId === me));
  if (!mine.length) return [];
  const unanswered = new Set(data.checkin.filter((c) => !c.answer && !wroteIt(viewer, c)).map((c) => c.challengeId));
  const note = (c) => {
    if (c.status === 'assigned' && !wroteIt(viewer, c)) return tr('today.newAccept');
    if (isActive(c) && unanswered.has(c.id)) return tr('today.answer');
    return c.dueOn && isActive(c) ? tr('today.dueWhen', { when: relativeDay(c.dueOn) }) : null;
  };
  return [block(tr('today.yours'), mine.map((c) => challengeItem(c, { showLearner: false, note: note(c), testid: 'my-challenge' })), 'my-challenges')];
}

/** What I am learning: my open learning goals (the action and the reason my coach wrote). */
function learnerGoals(data, profile) {
  const me = myId(profile);
  const open = data.goal.filter((g) => g.learnerId === me && !['achieved', 'dropped'].includes(g.status));
  if (!open.length) return [];
  return [block(tr('today.learning'), open.map((g) => goalItem(g, { showLearner: false })), 'my-goals')];
}

function mentorNotes(notes) {
  return h(
    'details',
    { class: 'card mentor-notes' },
    h('summary', { class: 'card__title' }, tr('today.mentorNotes', { count: notes.length })),
    notes.map((n) => h('p', { class: 'mentor-note' }, h('span', { class: 'muted small' }, `${n.authorName || tr('today.yourMentor')} · ${formatDay(localDate(new Date(n.at)))}`), h('br'), n.note)),
  );
}

/** Anyone may set themselves a learning goal (self-development): they are then their own coach. */
export function selfDevelopmentLink(profile) {
  const me = myId(profile);
  return h('a', { href: `/goals/new?person=${encodeURIComponent(me)}`, 'data-link': true, class: 'btn btn--ghost btn--block' }, tr('today.selfGoal'));
}
