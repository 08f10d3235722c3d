// A learning goal: action, reason, misconception, the observations it came
// from and the challenges that exercise it. Its coach assigns a challenge,
// edits it, marks it achieved or drops it, and links more of their own
// untriaged observations about the same learner; the learner reads it.

import { updateRecord } from '../data/outbox.js';
import { h, clear, put } from '../ui/dom.js';
import { confirmDialog } from '../ui/dialog.js';
import { kindLabel, formatWhen } from '../ui/format.js';
import { isActive } from '../domain/coaching.js';
import { mayCoach, coachees, viewerOf, wroteIt } from '../domain/access.js';
import { liveSection } from '../ui/live.js';
import { backLink, goalStatusBadge, flaggedBadge, facts, challengeItem, sectionTitle, emptyState } from './parts.js';
import { card as observationCard } from './home.js';
import { historyPath } from '../domain/conflicts.js';
import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';

export async function render(ctx, { id }) {
  const { session } = ctx;
  const root = h('section', { class: 'screen' });
  const refresh = liveSection(ctx, {
    busy: () => Boolean(root.querySelector('input[type="checkbox"]:checked')), // do not undo ticks being made
    load: async () => {
      const goal = await session.store.getRecord('goal', id);
      return { goal, data: goal ? await session.store.snapshot(['observation', 'challenge', 'goal', 'principle']) : null };
    },
    draw: ({ goal, data }) => {
      clear(root); // only after the last await: two quick redraws must not both append
      if (!goal) return root.append(h('h1', { class: 'screen__title' }, t('edit.notFound')), h('p', {}, t('goal.gone')), backLink('/', t('today.title')));
      put(root, goalScreen(ctx, goal, data, () => refresh({ force: true })));
    },
  });
  await refresh();
  return root;
}

function goalScreen(ctx, goal, data, redraw) {
  const { session } = ctx;
  const profile = session.profile;
  const coach = mayCoach(viewerOf(profile), goal);
  const challenges = data.challenge.filter((c) => c.goalId === goal.id);
  const linked = data.observation.filter((o) => (goal.observationIds || []).includes(o.id));
  const linkedAnywhere = new Set(data.goal.flatMap((g) => g.observationIds || []));
  const more = coach
    ? data.observation
        .filter((o) => o.personId === goal.learnerId && wroteIt(viewerOf(profile), o) && !linkedAnywhere.has(o.id))
        .sort((a, b) => ((a.observedAt || '') < (b.observedAt || '') ? 1 : -1))
    : [];
  const link = async (ids) => {
    const mutation = await updateRecord(session.store, 'goal', goal.id, { observationIds: [...(goal.observationIds || []), ...ids] });
    await redraw();
    ctx.toast(mutation ? t('goal.linked') : t('edit.unchanged'));
  };
  const personHref = coachees(profile).has(goal.learnerId) ? `/people/${encodeURIComponent(goal.learnerId)}` : null;
  return [
    h('p', { class: 'eyebrow' }, t('parts.goal'), personHref ? ' · ' : null, personHref ? h('a', { href: personHref, 'data-link': true }, goal.learnerName || t('goal.theLearner')) : goal.learnerName ? ` · ${goal.learnerName}` : null),
    h('h1', { class: 'screen__title', 'data-testid': 'goal-action' }, goal.action),
    h('div', { class: 'item__badges' }, goalStatusBadge(goal.status), flaggedBadge(goal)),
    h('div', { class: 'card' }, facts([[t('goal.reason'), goal.reason], [t('goal.misconception'), goal.misconception], [t('goal.writtenBy'), goal.authorName]])),
    principleLink(data.principle.find((p) => p.id === goal.principleId)),
    coach ? goalActions(ctx, goal) : null,
    coach && goal.status === 'achieved' && !goal.principleId && (profile.people || []).length ? publishCard(goal) : null,
    sectionTitle(t('person.challenges'), challenges.length),
    challenges.length
      ? h('div', { class: 'items' }, challenges.sort((a, b) => Number(isActive(b)) - Number(isActive(a))).map((c) => challengeItem(c, { showLearner: false })))
      : emptyState(t('person.noChallenge'), coach ? t('goal.noChallengeHint') : null),
    linked.length ? sectionTitle(t('goal.fromObservations'), linked.length) : null,
    linked.length ? h('div', { class: 'obs-list' }, linked.map((o) => observationCard(o, false, session.personId, { addressed: true }))) : null,
    more.length ? morePicker(more, goal, link) : null,
    h('a', { href: historyPath('goal', goal.id), 'data-link': true, class: 'btn btn--small btn--ghost', 'data-testid': 'history-link' }, t('history.link')),
    backLink(personHref || '/', personHref ? goal.learnerName || t('obs.person') : t('today.title')),
  ];
}

/** The principle from the library this goal teaches (its learner sees it too). */
function principleLink(principle) {
  if (!principle) return null;
  return h(
    'p',
    { class: 'muted goal-principle', 'data-testid': 'goal-principle' },
    `${t('goal.principle')} `,
    h('a', { href: `/principles/${encodeURIComponent(principle.id)}`, 'data-link': true }, principle.title),
  );
}

/** A goal closed as learned: its coach may publish its principle to the library (§100). */
function publishCard(goal) {
  return h(
    'section',
    { class: 'card', 'data-testid': 'publish-card' },
    h('h2', { class: 'card__title' }, t('goal.publishTitle')),
    h('p', { class: 'muted small' }, t('goal.publishHint')),
    h('a', { href: `/principles/new?goal=${encodeURIComponent(goal.id)}`, 'data-link': true, class: 'btn btn--secondary btn--block', 'data-testid': 'publish-principle-link' }, t('goal.publish')),
  );
}

/** The coach's actions: assign a challenge, edit, mark achieved (or reopen), drop. */
function goalActions(ctx, goal) {
  const setStatus = async (status, question = null) => {
    if (question && !(await confirmDialog(question))) return;
    await updateRecord(ctx.session.store, 'goal', goal.id, { status });
    ctx.toast(t('common.savedOnDevice'));
  };
  const open = goal.status === 'open';
  const drop = { title: t('goal.dropTitle'), body: t('goal.dropBody'), confirmLabel: t('goal.drop'), danger: true };
  return h(
    'div',
    { class: 'actions' },
    open ? h('a', { href: `/challenges/new?goal=${encodeURIComponent(goal.id)}`, 'data-link': true, class: 'btn btn--primary btn--block' }, t('goal.assign')) : null,
    h('a', { href: `/goals/${encodeURIComponent(goal.id)}/edit`, 'data-link': true, class: 'btn btn--secondary' }, t('mentor.edit')),
    open
      ? h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => setStatus('achieved') }, t('goal.achieved'))
      : h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => setStatus('open') }, t('wsScreen.reopen')),
    open ? h('button', { type: 'button', class: 'btn btn--danger-ghost', onclick: () => setStatus('dropped', drop) }, t('goal.drop')) : null,
  );
}

/** My untriaged observations about the goal's learner: tick them and link them to this goal. */
function morePicker(observations, goal, link) {
  const picked = new Set();
  const button = h('button', { type: 'button', class: 'btn btn--primary btn--block', disabled: true, 'data-testid': 'link-observations' }, t('goal.link'));
  const rows = observations.map((o) => {
    const box = h('input', { type: 'checkbox', class: 'checkbox', value: o.id });
    box.addEventListener('change', () => {
      if (box.checked) picked.add(o.id);
      else picked.delete(o.id);
      button.disabled = !picked.size;
      button.textContent = picked.size > 1 ? t('goal.linkSome', { count: picked.size }) : t('goal.link');
    });
    return h(
      'label',
      { class: 'pick', 'data-testid': 'pick-observation' },
      box,
      h('span', { class: 'pick__text' }, h('span', { class: 'pick__note' }, o.note), h('span', { class: 'pick__meta' }, [kindLabel(o.kind), formatWhen(o.observedAt)].join(' · '))),
    );
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    await link([...picked]);
  });
  return h(
    'section',
    { class: 'card', 'data-testid': 'more-observations' },
    h('h2', { class: 'card__title' }, goal.learnerName ? t('goal.moreAbout', { name: goal.learnerName }) : t('goal.more')),
    h('p', { class: 'muted small' }, t('goal.moreHint')),
    h('div', { class: 'picker' }, rows, button),
  );
}
