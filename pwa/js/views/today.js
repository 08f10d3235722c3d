// Today: where the app opens. For someone who coaches, the day's leader
// standard work (computed by ../domain/today-list.js): check-ins due or overdue, stale
// challenges, observations to triage, goals without a challenge — and, as a
// learner of their own coach, what waits for them. For someone without
// reports: their challenges above the usual list of observations.

import { h, clear } from '../ui/dom.js';
import { computeToday } from '../domain/today-list.js';
import { isActive, localDate, formatDay, relativeDay } from '../domain/coaching.js';
import { isCoach, coachees, myId, isLearnerOnly, wroteIt, viewerOf } from '../domain/access.js';
import { latestOnly } from '../ui/live.js';
import { screen, sectionTitle, emptyState, challengeItem, goalItem } from './parts.js';
import * as homeView from './home.js';

export async function render(ctx) {
  const { session } = ctx;
  if (!isCoach(session.profile)) return learnerHome(ctx);

  const body = h('div', { class: 'today' });
  const root = screen(
    'Today',
    h('a', { href: '/observe', 'data-link': true, class: 'btn btn--primary btn--huge', 'data-testid': 'observe' }, h('span', { class: 'btn__plus', 'aria-hidden': 'true' }, '+'), 'Observe'),
    body,
  );
  root.classList.add('screen--home');

  const fill = latestOnly(async (isLatest) => {
    const [data, pendingIds] = await Promise.all([session.store.snapshot(), session.store.pendingRecordIds()]);
    if (!isLatest()) return;
    const profile = session.profile;
    const today = localDate();
    const t = computeToday({
      me: myId(profile),
      coachees: coachees(profile),
      observations: data.observation.filter((o) => !ctx.hiddenIds.has(o.id)),
      goals: data.goal,
      challenges: data.challenge,
      checkins: data.checkin,
      staleAfterDays: (profile.settings && profile.settings.staleAfterDays) || 7,
      today,
    });
    clear(body);
    body.append(...yourChallenges(t, data.challenge, profile));

    const dueItems = [
      ...t.overdue.map((d) => challengeItem(d.challenge, { note: `Check-in overdue since ${formatDay(d.on, today)} (${d.days} ${d.days === 1 ? 'day' : 'days'})`, late: true, testid: 'today-checkin' })),
      ...t.due.map((d) => challengeItem(d.challenge, { note: 'Check-in due today', testid: 'today-checkin' })),
    ];
    if (dueItems.length) body.append(block('Check-ins due', dueItems, 'today-due'));
    if (t.stale.length) {
      body.append(
        block(
          'Stale challenges',
          t.stale.map((s) =>
            challengeItem(s.challenge, {
              note: `${s.lastCheckin ? 'No check-in' : 'Assigned, no check-in yet'} for ${s.days} days${s.next ? ` · next planned ${formatDay(s.next, today)}` : ''}`,
              testid: 'today-stale',
            }),
          ),
          'today-stale',
        ),
      );
    }
    if (t.goalsWithoutChallenge.length) {
      body.append(block('Goals without a challenge', t.goalsWithoutChallenge.map((g) => goalItem(g, { note: 'No active challenge: assign one' })), 'today-goals'));
    }
    if (t.untriaged.length) {
      const cards = t.untriaged.map((o) => homeView.card(o, pendingIds.has(o.id), session.personId));
      body.append(
        h(
          'section',
          { class: 'today__block', 'data-testid': 'today-untriaged' },
          h(
            'div',
            { class: 'section-head' },
            sectionTitle('To triage', t.untriaged.length),
            h('a', { href: '/triage', 'data-link': true, class: 'btn btn--small btn--secondary' }, 'Triage'),
          ),
          h('p', { class: 'muted small' }, 'Observations not yet turned into a learning goal.'),
          h('div', { class: 'obs-list', 'data-testid': 'observations' }, cards),
        ),
      );
    }
    if (t.empty) {
      body.append(emptyState('Nothing due today', 'No check-ins due, nothing stale, nothing to triage. Walk the gemba: tap “Observe” when you see something.'));
    }
  });

  ctx.listen(session.sync, 'data', fill);
  await fill();
  return root;
}

function block(title, items, testid) {
  return h('section', { class: 'today__block', 'data-testid': testid }, sectionTitle(title, items.length), h('div', { class: 'items' }, items));
}

/** The learner's side: what my own coach gave me. */
function yourChallenges(t, challenges, profile) {
  const viewer = viewerOf(profile);
  const mine = challenges.filter((c) => isLearnerOnly(viewer, c) && isActive(c));
  if (!mine.length) return [];
  const waiting = new Set(t.toAnswer.map((a) => a.challenge.id));
  const items = mine.map((c) =>
    challengeItem(c, {
      showLearner: false,
      note: c.status === 'assigned' ? 'New: open it and accept it' : waiting.has(c.id) ? 'Your coach checked in: answer' : null,
      testid: 'my-challenge',
    }),
  );
  return [block('Your challenges', items, 'my-challenges')];
}

/** Someone without reports: their challenges, notes from their mentor, then the observations list. */
async function learnerHome(ctx) {
  const { session } = ctx;
  const top = h('div', { class: 'today' });
  const home = await homeView.render(ctx);

  const fill = latestOnly(async (isLatest) => {
    const data = await session.store.snapshot(['challenge', 'checkin', 'mentor_note']);
    if (!isLatest()) return;
    const profile = session.profile;
    const me = myId(profile);
    const viewer = viewerOf(profile);
    const mine = data.challenge.filter((c) => c.learnerId === me).sort((a, b) => Number(isActive(b)) - Number(isActive(a)) || (a.dueOn < b.dueOn ? -1 : 1));
    const unanswered = new Set(data.checkin.filter((c) => !c.answer && !wroteIt(viewer, c)).map((c) => c.challengeId));
    clear(top);
    if (mine.length) {
      top.append(
        block(
          'Your challenges',
          mine.map((c) =>
            challengeItem(c, {
              showLearner: false,
              note:
                c.status === 'assigned' && !wroteIt(viewer, c)
                  ? 'New: open it and accept it'
                  : isActive(c) && unanswered.has(c.id)
                    ? 'Your coach checked in: answer'
                    : c.dueOn && isActive(c)
                      ? `Due ${relativeDay(c.dueOn)}`
                      : null,
              testid: 'my-challenge',
            }),
          ),
          'my-challenges',
        ),
      );
    }
    const notes = data.mentor_note.filter((n) => n.personId === me);
    if (notes.length) {
      top.append(
        h(
          'details',
          { class: 'card mentor-notes' },
          h('summary', { class: 'card__title' }, `Notes from your mentor (${notes.length})`),
          notes.map((n) => h('p', { class: 'mentor-note' }, h('span', { class: 'muted small' }, `${n.authorName || 'Your mentor'} · ${formatDay(localDate(new Date(n.at)))}`), h('br'), n.note)),
        ),
      );
    }
  });

  ctx.listen(session.sync, 'data', fill);
  await fill();
  home.prepend(top);
  home.append(selfDevelopmentLink(session.profile));
  // Keep Observe first under the thumb, the challenges right below it.
  const observe = home.querySelector('[data-testid="observe"]');
  if (observe) home.prepend(observe);
  return home;
}

/** Anyone may set themselves a learning goal (self-development): they are then their own coach. */
export function selfDevelopmentLink(profile) {
  const me = myId(profile);
  return h('a', { href: `/goals/new?person=${encodeURIComponent(me)}`, 'data-link': true, class: 'btn btn--ghost btn--block' }, 'Set yourself a learning goal');
}
