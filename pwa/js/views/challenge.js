// A challenge: status and its history (who, when), target vs actual, the
// mode's structure, the learner's reflection and the check-ins.
//
// What each person is offered follows docs/decisions.md §11: the coach (anyone
// up the learner's chain) changes everything and checks in; the learner of a
// coach's challenge accepts it, moves it along (in progress, stuck, done),
// reports the actual value, writes a reflection and answers check-ins; on a
// self-development challenge the learner is their own coach.

import { updateRecord } from '../data/outbox.js';
import { h, clear } from '../ui/dom.js';
import { confirmDialog } from '../ui/dialog.js';
import { formatWhen } from '../ui/format.js';
import { field, markInvalid, numberInput, unmarkInvalid } from '../ui/form.js';
import { STATUSES, LEARNER_STATUSES, RATINGS, isActive, byAt, formatDay, targetText, formatNumber, localDate, modeLabel } from '../domain/coaching.js';
import { mayCoach, myId, coachees, viewerOf, wroteIt } from '../domain/access.js';
import { put } from '../ui/dom.js';
import { liveSection, dirtyTracker } from '../ui/live.js';
import { backLink, statusBadge, modeBadge, flaggedBadge, targetBlock, facts, sectionTitle, emptyState } from './parts.js';
import { modeEditor, cleanDetails } from './mode-editors.js';
import { LIMITS } from '../contract.js';
import { historyPath } from '../domain/conflicts.js';
import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { maxLength } from '../domain/mutators.js';


const MODE_TITLES = Object.defineProperties({}, Object.fromEntries(['standard', 'problem', 'kaizen', 'teamwork'].map((mode) => [mode, { enumerable: true, get: () => t(`challenge.modeTitle.${mode}`) }])));

export async function render(ctx, { id }) {
  const { session } = ctx;
  const root = h('section', { class: 'screen challenge-screen' });
  const typing = dirtyTracker(root);
  const refresh = liveSection(ctx, {
    busy: () => typing.busy, // keep what is being typed; the next save redraws
    load: async () => {
      const challenge = await session.store.getRecord('challenge', id);
      return { challenge, data: challenge ? await session.store.snapshot(['goal', 'checkin']) : null };
    },
    draw: ({ challenge, data }) => {
      typing.dirty = false;
      clear(root); // only after the last await: two quick redraws must not both append
      if (!challenge) return root.append(h('h1', { class: 'screen__title' }, t('edit.notFound')), h('p', {}, t('challenge.gone')), backLink('/', t('today.title')));
      const saved = () => {
        typing.dirty = false;
        return refresh();
      };
      const update = async (fields, message = t('common.savedOnDevice')) => {
        typing.dirty = false; // what was typed is in `fields` now; typing again from here is kept
        const mutation = await updateRecord(session.store, 'challenge', challenge.id, fields);
        await refresh();
        ctx.toast(mutation ? message : t('edit.unchanged'));
      };
      put(root, challengeScreen(ctx, challenge, data, { update, saved }));
    },
  });
  await refresh({ force: true });
  return root;
}

function challengeScreen(ctx, challenge, data, { update, saved }) {
  const profile = ctx.session.profile;
  const goal = challenge.goalId ? data.goal.find((g) => g.id === challenge.goalId) : null;
  const checkins = data.checkin.filter((c) => c.challengeId === challenge.id).sort(byAt);
  const coach = mayCoach(viewerOf(profile), challenge);
  const learner = challenge.learnerId === myId(profile);
  const personHref = coachees(profile).has(challenge.learnerId) ? `/people/${encodeURIComponent(challenge.learnerId)}` : null;
  const who = personHref ? h('a', { href: personHref, 'data-link': true }, challenge.learnerName || t('goal.theLearner')) : learner ? t('challenge.yours') : challenge.learnerName || '';
  return [
    h('p', { class: 'eyebrow' }, `${t('checkin.challenge')} · `, who),
    h('h1', { class: 'screen__title', 'data-testid': 'challenge-title' }, challenge.title),
    h('div', { class: 'item__badges' }, statusBadge(challenge.status), modeBadge(challenge.mode), flaggedBadge(challenge)),
    // Two columns where there is room (a tablet), the mode's structure across both below
    // them; on a phone the wrappers are invisible and the order is the phone's (§87).
    h(
      'div',
      { class: 'challenge-main' },
      learner ? learnerPanel(challenge, update, { self: coach }) : null,
      coach ? coachPanel(ctx, challenge, update) : null,
      targetBlock(challenge),
      h('div', { class: 'card' }, facts([[t('challengeForm.problem'), challenge.problem]]), goal ? h('a', { href: `/goals/${encodeURIComponent(goal.id)}`, 'data-link': true, class: 'goal-link' }, h('span', { class: 'muted small' }, `${t('parts.goal')} · `), goal.action) : null),
    ),
    modeSection(challenge, { coach, profile, update }),
    h('div', { class: 'challenge-side' }, !learner ? reflectionBlock(challenge) : null, checkinsSection(ctx, challenge, checkins, { coach, learner, saved }), historySection(challenge)),
    h('a', { href: historyPath('challenge', challenge.id), 'data-link': true, class: 'btn btn--small btn--ghost', 'data-testid': 'history-link' }, t('history.link')),
    backLink(personHref || '/', personHref ? challenge.learnerName || t('obs.person') : t('today.title')),
    challenge.mode === 'problem' ? a3Sheet(challenge, goal, checkins) : null,
  ];
}

/** The mode's own structure (steps, A3, experiments, helper), editable by the coach. */
function modeSection(challenge, { coach, profile, update }) {
  return h(
    'section',
    { class: 'card', 'data-testid': 'mode-section' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { class: 'card__title' }, MODE_TITLES[challenge.mode] || modeLabel(challenge.mode)),
      challenge.mode === 'problem' ? h('button', { type: 'button', class: 'btn btn--small btn--secondary', 'data-testid': 'print-a3', onclick: () => window.print() }, t('challenge.printA3')) : null,
    ),
    modeEditor({ challenge, editable: coach, profile, save: (details) => update({ details: cleanDetails(challenge.mode, details) }) }),
  );
}

// ---------------------------------------------------------------- learner

function learnerPanel(challenge, update, { self }) {
  const panel = h('section', { class: 'card card--learner', 'data-testid': 'learner-panel' });
  if (challenge.status === 'assigned' && !self) {
    panel.append(
      h('p', {}, t('challenge.acceptHint')),
      h('button', { type: 'button', class: 'btn btn--primary btn--block', 'data-testid': 'accept', onclick: () => update({ status: 'accepted' }, t('challenge.accepted')) }, t('challenge.accept')),
    );
    return panel;
  }
  if (isActive(challenge) || challenge.status === 'done') {
    const group = h('div', { class: 'segmented segmented--3', role: 'radiogroup', 'aria-label': t('challenge.where') });
    for (const status of LEARNER_STATUSES) {
      const on = challenge.status === status;
      group.append(
        h('button', { type: 'button', role: 'radio', 'aria-checked': String(on), class: ['segmented__option', on ? 'segmented__on' : null], onclick: () => !on && update({ status }) }, STATUSES[status]),
      );
    }
    panel.append(h('p', { class: 'field__label' }, t('challenge.where')), group);
  }
  const actual = numberInput({ name: 'actual' }, challenge.actual);
  const problem = h('p', { class: 'error is-hidden', role: 'alert', id: `actual-problem-${challenge.id}` });
  const reflection = h('textarea', { class: 'input', rows: 4, maxlength: maxLength('challenge', 'reflection'), name: 'reflection', placeholder: t('challenge.reflectionPlaceholder') });
  reflection.value = challenge.reflection || '';
  const unit = challenge.target && challenge.target.unit ? ` (${challenge.target.unit})` : '';
  panel.append(
    field(t('challenge.actualNow', { metric: challenge.target ? challenge.target.metric : t('challenge.value'), unit }), actual),
    field(t('challenge.yourReflection'), reflection),
    problem,
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn--secondary btn--block',
        onclick: () => {
          // An actual that cannot be read is said, never dropped; an emptied one is cleared.
          const read = actual.read(t('parts.actual'));
          problem.classList.toggle('is-hidden', !read.message);
          problem.textContent = read.message || '';
          if (read.message) return markInvalid(actual, problem).focus();
          unmarkInvalid(actual);
          return update({ reflection: reflection.value.trim(), actual: read.value });
        },
      },
      t('challenge.saveReflection'),
    ),
  );
  if (challenge.status === 'done') panel.append(helpOfferBlock(challenge, update));
  return panel;
}

/**
 * Once done, the learner may offer to help others with its topic, in their own
 * words. Nobody is offered by default; the teamwork search shows only their
 * name and this phrase (docs/decisions.md §32).
 */
function helpOfferBlock(challenge, update) {
  const offered = challenge.helpOffer || '';
  const topic = h('input', { class: 'input', type: 'text', name: 'helpOffer', maxlength: LIMITS.helpOffer, placeholder: t('challenge.offerPlaceholder') });
  topic.value = offered;
  const offer = () => {
    const text = topic.value.trim();
    if (!text) return topic.focus();
    return update({ helpOffer: text }, t('challenge.offerSaved'));
  };
  return h(
    'div',
    { class: 'help-offer', 'data-testid': 'help-offer' },
    offered ? h('p', { 'data-testid': 'help-offer-current' }, t('challenge.offering'), h('strong', {}, offered)) : null,
    field(t('challenge.offerLabel'), topic, t('challenge.offerHint')),
    h('button', { type: 'button', class: 'btn btn--secondary btn--block', onclick: offer }, offered ? t('challenge.updateOffer') : t('challenge.offer')),
    offered
      ? h('button', { type: 'button', class: 'btn btn--ghost btn--block', onclick: () => update({ helpOffer: null }, t('challenge.withdrawn')) }, t('challenge.withdraw'))
      : null,
  );
}

function reflectionBlock(challenge) {
  return h(
    'section',
    { class: 'card', 'data-testid': 'reflection' },
    h('h2', { class: 'card__title' }, challenge.learnerName ? t('challenge.reflectionBy', { name: challenge.learnerName }) : t('challenge.reflection')),
    challenge.reflection ? h('p', { class: 'prose' }, challenge.reflection) : h('p', { class: 'muted' }, t('challenge.nothingYet')),
  );
}

// ---------------------------------------------------------------- coach

function coachPanel(ctx, challenge, update) {
  const id = encodeURIComponent(challenge.id);
  const active = isActive(challenge);
  return h(
    'div',
    { class: 'actions', 'data-testid': 'coach-panel' },
    active ? h('a', { href: `/challenges/${id}/checkin`, 'data-link': true, class: 'btn btn--primary btn--block', 'data-testid': 'checkin' }, t('challenge.checkIn')) : null,
    h('a', { href: `/challenges/${id}/edit`, 'data-link': true, class: 'btn btn--secondary' }, t('mentor.edit')),
    active ? h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => update({ status: 'done' }) }, t('challenge.markDone')) : null,
    active
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn--danger-ghost',
            onclick: async () => {
              const ok = await confirmDialog({ title: t('challenge.dropTitle'), body: t('goal.dropBody'), confirmLabel: t('challenge.drop'), danger: true });
              if (ok) await update({ status: 'dropped' });
            },
          },
          t('challenge.drop'),
        )
      : h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => update({ status: 'in_progress' }) }, t('wsScreen.reopen')),
  );
}

// ---------------------------------------------------------------- check-ins

/** "3 Working on it" chips for a check-in's ratings. */
export function ratingChips(checkin) {
  return h(
    'div',
    { class: 'ratings' },
    RATINGS.map(({ key, label, levels }) =>
      h('span', { class: ['rating-chip', `rating-chip--${checkin[key]}`], title: `${label}: ${levels[checkin[key] - 1][1]}` }, `${label} ${checkin[key]} · ${levels[checkin[key] - 1][0]}`),
    ),
  );
}

function checkinsSection(ctx, challenge, checkins, { coach, learner, saved }) {
  const items = [...checkins].reverse().map((c) => checkinItem(ctx, c, { coach, answerable: learner && (!wroteIt(viewerOf(ctx.session.profile), c) || coach), saved }));
  return h(
    'section',
    { class: 'checkins', 'data-testid': 'checkins' },
    sectionTitle(t('person.checkins'), checkins.length),
    items.length ? items : emptyState(t('team.noCheckin'), coach ? t('challenge.checkinHint') : t('challenge.coachWill')),
  );
}

function checkinItem(ctx, c, { coach, answerable, saved }) {
  const item = h(
    'article',
    { class: 'card checkin', 'data-testid': 'checkin-item' },
    h('p', { class: 'checkin__when' }, formatWhen(c.at), c.authorName ? h('span', { class: 'muted' }, ` · ${c.authorName}`) : null, flaggedBadge(c)),
    ratingChips(c),
    facts([
      [t('checkin.notes'), c.notes],
      [t('modes.learned'), c.learned],
      [t('checkin.nextStep'), c.nextStep],
      [t('checkin.nextOn'), c.nextCheckinOn ? formatDay(c.nextCheckinOn) : null],
    ]),
  );
  if (answerable) {
    const answer = h('textarea', { class: 'input', rows: 2, maxlength: maxLength('checkin', 'answer'), 'aria-label': t('challenge.yourAnswer'), placeholder: t('challenge.answerPlaceholder') });
    answer.value = c.answer || '';
    // Send with nothing written (and no answer before): say what is missing, by the field.
    const empty = h('p', { class: 'error is-hidden', role: 'alert', id: `answer-empty-${c.id}` }, t('challenge.answerEmpty'));
    answer.addEventListener('input', () => {
      empty.classList.add('is-hidden');
      unmarkInvalid(answer);
    });
    item.append(
      answer,
      empty,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--secondary btn--block',
          onclick: async () => {
            const text = answer.value.trim() || null;
            if (!text && !c.answer) {
              empty.classList.remove('is-hidden');
              markInvalid(answer, empty).focus();
              return;
            }
            const mutation = await updateRecord(ctx.session.store, 'checkin', c.id, { answer: text });
            await saved();
            ctx.toast(mutation ? t('challenge.answerSaved') : t('edit.unchanged'));
          },
        },
        c.answer ? t('challenge.updateAnswer') : t('challenge.sendAnswer'),
      ),
    );
  } else if (c.answer) {
    item.append(h('p', { class: 'answer', 'data-testid': 'answer' }, h('span', { class: 'answer__label' }, t('challenge.answerFrom', { name: c.learnerName || t('goal.theLearner') })), c.answer));
  } else if (coach) {
    item.append(h('p', { class: 'muted small' }, t('challenge.notAnswered')));
  }
  if (coach) {
    const href = `/challenges/${encodeURIComponent(c.challengeId)}/checkins/${encodeURIComponent(c.id)}`;
    item.append(h('a', { href, 'data-link': true, class: 'btn btn--secondary btn--block', 'data-testid': 'edit-checkin' }, t('checkin.editTitle')));
  }
  return item;
}

// ---------------------------------------------------------------- status history

function historySection(challenge) {
  const history = challenge.statusHistory || [];
  return h(
    'section',
    { class: 'card', 'data-testid': 'status-history' },
    h('h2', { class: 'card__title' }, t('challenge.statusHistory')),
    h(
      'ol',
      { class: 'history' },
      history.map((entry) =>
        h(
          'li',
          { class: 'history__entry' },
          h('span', { class: 'history__status' }, STATUSES[entry.status] || entry.status),
          h('span', { class: 'muted small' }, [` · ${entry.byName || t('challenge.statusSomeone')} · ${formatWhen(entry.at)}`, entry.local ? t('challenge.statusOnDevice') : null].filter(Boolean).join(' ')),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- A3 (print)

/** The one-page A3 of a problem challenge, shown only when printing (css: @media print). */
function a3Sheet(challenge, goal, checkins) {
  const d = challenge.details || {};
  const last = checkins[checkins.length - 1];
  const box = (n, title, ...content) => h('section', { class: 'a3__box' }, h('h3', { class: 'a3__heading' }, `${n}. ${title}`), ...content);
  const para = (text) => h('p', { class: text ? null : 'muted' }, text || '—');
  const target = challenge.target || {};
  return h(
    'article',
    { class: 'a3', 'data-testid': 'a3', 'aria-label': t('challenge.a3') },
    h(
      'header',
      { class: 'a3__header' },
      h('h2', { class: 'a3__title' }, challenge.title),
      h('p', {}, [t('a3.owner', { name: challenge.learnerName || '' }), t('account.coach', { name: challenge.authorName || '' }), t('a3.status', { status: STATUSES[challenge.status] }), t('a3.due', { day: formatDay(challenge.dueOn) }), t('a3.printed', { day: formatDay(localDate()) })].join('   ·   ')),
    ),
    h(
      'div',
      { class: 'a3__columns' },
      h(
        'div',
        { class: 'a3__column' },
        box(1, t('a3.background'), para(challenge.problem), goal ? h('p', { class: 'a3__goal' }, t('a3.goal', { action: goal.action, reason: goal.reason })) : null),
        box(2, t('parts.target'), para(targetText(target)), h('p', {}, t('a3.actualNow', { actual: challenge.actual != null ? `${formatNumber(challenge.actual)} ${target.unit || ''}` : t('parts.notReported') }))),
        box(3, t('a3.rootCauseAnalysis'), d.whys && d.whys.length ? h('ol', {}, d.whys.map((w) => h('li', {}, w))) : para(''), h('p', { class: 'a3__strong' }, t('a3.rootCause', { cause: d.rootCause || '—' }))),
      ),
      h(
        'div',
        { class: 'a3__column' },
        box(4, t('modes.countermeasure'), para(d.countermeasure)),
        box(5, t('modes.checkShown'), para(d.check)),
        box(6, t('a3.followUp'), para(last ? [last.learned, last.nextStep ? t('a3.next', { step: last.nextStep }) : null].filter(Boolean).join(' — ') : ''), challenge.reflection ? h('p', {}, t('a3.reflection', { text: challenge.reflection })) : null),
      ),
    ),
  );
}
