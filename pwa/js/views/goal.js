// A learning goal: action, reason, misconception, the observations it came
// from and the challenges that exercise it. Its coach assigns a challenge,
// edits it, marks it achieved or drops it; the learner reads it.

import { updateRecord } from '../outbox.js';
import { h, clear, confirmDialog } from '../ui.js';
import { mayCoach, coachees, isActive } from '../coaching.js';
import { put, latestOnly, backLink, goalStatusBadge, flaggedBadge, facts, challengeItem, sectionTitle, emptyState } from './parts.js';
import { card as observationCard } from './home.js';

export async function render(ctx, { id }) {
  const { session } = ctx;
  const root = h('section', { class: 'screen' });

  const fill = latestOnly(async (isLatest) => {
    const profile = session.profile;
    const goal = await session.store.getRecord('goal', id);
    const data = goal ? await session.store.snapshot(['observation', 'challenge']) : null;
    if (!isLatest()) return;
    clear(root); // only after the last await: two quick redraws must not both append
    if (!goal) {
      root.append(h('h1', { class: 'screen__title' }, 'Not found'), h('p', {}, 'This learning goal is not on this device any more.'), backLink('/', 'Today'));
      return;
    }
    const coach = mayCoach(profile, goal);
    const challenges = data.challenge.filter((c) => c.goalId === goal.id);
    const linked = data.observation.filter((o) => (goal.observationIds || []).includes(o.id));
    const personHref = coachees(profile).has(goal.learnerId) ? `/people/${encodeURIComponent(goal.learnerId)}` : null;

    const setStatus = async (status, question = null) => {
      if (question && !(await confirmDialog(question))) return;
      await updateRecord(session.store, 'goal', goal.id, { status });
      ctx.toast('Saved on this device');
    };
    const actions = coach
      ? h(
          'div',
          { class: 'actions' },
          goal.status === 'open'
            ? h('a', { href: `/challenges/new?goal=${encodeURIComponent(goal.id)}`, 'data-link': true, class: 'btn btn--primary btn--block' }, 'Assign a challenge')
            : null,
          h('a', { href: `/goals/${encodeURIComponent(goal.id)}/edit`, 'data-link': true, class: 'btn btn--secondary' }, 'Edit'),
          goal.status === 'open'
            ? h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => setStatus('achieved') }, 'Mark achieved')
            : h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => setStatus('open') }, 'Reopen'),
          goal.status === 'open'
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn--danger-ghost',
                  onclick: () => setStatus('dropped', { title: 'Drop this learning goal?', body: 'It stays in the history, marked dropped.', confirmLabel: 'Drop goal', danger: true }),
                },
                'Drop goal',
              )
            : null,
        )
      : null;

    put(
      root,
      h('p', { class: 'eyebrow' }, 'Learning goal', personHref ? ' · ' : null, personHref ? h('a', { href: personHref, 'data-link': true }, goal.learnerName || 'the learner') : goal.learnerName ? ` · ${goal.learnerName}` : null),
      h('h1', { class: 'screen__title', 'data-testid': 'goal-action' }, goal.action),
      h('div', { class: 'item__badges' }, goalStatusBadge(goal.status), flaggedBadge(goal)),
      h('div', { class: 'card' }, facts([['Reason', goal.reason], ['Misconception it replaces', goal.misconception], ['Written by', goal.authorName]])),
      actions,
      sectionTitle('Challenges', challenges.length),
      challenges.length
        ? h('div', { class: 'items' }, challenges.sort((a, b) => Number(isActive(b)) - Number(isActive(a))).map((c) => challengeItem(c, { showLearner: false })))
        : emptyState('No challenge yet', coach ? 'Give them a real problem that exercises exactly this.' : null),
      linked.length ? sectionTitle('From the observations', linked.length) : null,
      linked.length ? h('div', { class: 'obs-list' }, linked.map((o) => observationCard(o, false, session.personId, { addressed: true }))) : null,
      backLink(personHref || '/', personHref ? goal.learnerName || 'Person' : 'Today'),
    );
  });

  ctx.listen(session.sync, 'data', fill);
  await fill();
  return root;
}
