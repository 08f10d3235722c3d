// Write (or edit) a learning goal: the action to learn, the reason behind it,
// and the misconception it replaces — usually from one or more observations
// about the same person (`/goals/new?person=<id>&obs=<id>,<id>`).

import { createGoal, updateRecord } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { field, form, firstProblem } from '../ui/form.js';
import { kindLabel } from '../ui/format.js';
import { personLabel, teamOrder } from '../domain/coaching.js';
import { mayCoach, myId, viewerOf } from '../domain/access.js';
import { screen, backLink } from './parts.js';
import { maxLength } from '../domain/mutators.js';

export async function render(ctx, { id = null } = {}) {
  const { session } = ctx;
  const profile = session.profile;
  const existing = id ? await session.store.getRecord('goal', id) : null;
  if (id && (!existing || !mayCoach(viewerOf(profile), existing))) {
    return screen('Not found', h('p', {}, 'This learning goal is not on this device, or it is not yours to edit.'), backLink('/', 'Today'));
  }

  const query = new URLSearchParams(location.search);
  const observationIds = existing ? existing.observationIds || [] : (query.get('obs') || '').split(',').filter(Boolean);
  const observations = (await Promise.all(observationIds.map((oid) => session.store.getRecord('observation', oid)))).filter(Boolean);
  const fixedLearner = existing ? existing.learnerId : query.get('person') || observations.map((o) => o.personId).find(Boolean) || null;

  const inputs = goalInputs(profile, existing, observations, fixedLearner);
  const { learner, action, reason, misconception, fromPrivate, learnerName } = inputs;
  const cancelHref = existing ? `/goals/${encodeURIComponent(existing.id)}` : '/triage';
  const rules = [
    { name: 'action', required: 'Write the action: what they must learn to do.', focus: action },
    { name: 'reason', required: 'Write the reason: the principle behind the action.', focus: reason },
  ];
  const goalForm = form({
    fields: [
      existing || fixedLearner
        ? h('p', { class: 'lead', 'data-testid': 'goal-for' }, `For ${personLabel(profile, existing ? existing.learnerId : fixedLearner, existing && existing.learnerName)}`)
        : field('Who is it for?', learner),
      observations.length ? sourceNotes(observations) : null,
      field('Action: what they must learn to do', action, 'One concrete behaviour, e.g. “Stop the line at the first defect”.'),
      field('Reason: the principle behind it', reason, 'The principle that applies differently in different situations — why the action works, so they can judge the cases a rule does not cover.'),
      fromPrivate ? privateSourceNotice(fromPrivate, misconception, learnerName) : null,
      field('Misconception it replaces (optional)', misconception, 'The mental model you saw at the gemba, in their words if you can.'),
    ],
    submitLabel: existing ? 'Save changes' : 'Save learning goal',
    validate: () => {
      const problem = firstProblem(rules, inputs.values());
      return problem && { message: problem.message, focus: rules.find((r) => r.name === problem.name).focus };
    },
    onSubmit: () => saveGoal(ctx, existing, inputs.values(), { learnerId: fixedLearner || learner.value, observationIds: observations.map((o) => o.id) }),
    extraActions: [h('a', { href: cancelHref, 'data-link': true, class: 'btn btn--ghost btn--block' }, 'Cancel')],
  });
  return screen(existing ? 'Edit learning goal' : 'New learning goal', goalForm);
}

/** The form's controls, filled from the goal or from the observations it comes from. */
function goalInputs(profile, existing, observations, fixedLearner) {
  const me = myId(profile);
  const learner = h('select', { class: 'input', name: 'learnerId', 'data-testid': 'goal-learner' });
  for (const p of teamOrder(profile)) learner.append(h('option', { value: p.id }, p.name));
  learner.append(h('option', { value: me }, 'Me (self-development)'));
  if (fixedLearner) learner.value = fixedLearner;
  const text = (name, rows, value) => {
    const area = h('textarea', { class: 'input', name, rows, maxlength: maxLength('goal', name) });
    area.value = value || '';
    return area;
  };
  const firstMisconception = observations.find((o) => o.kind === 'misconception');
  // A private note's words are never copied silently: the learner reads the goal
  // (docs/decisions.md §33). The coach keeps them or rewrites them, knowingly.
  const fromPrivate = !existing && firstMisconception && firstMisconception.visibility !== 'shared' ? firstMisconception : null;
  const action = text('action', 3, existing && existing.action);
  const reason = text('reason', 4, existing && existing.reason);
  const misconception = text('misconception', 3, existing ? existing.misconception : fromPrivate ? '' : firstMisconception && firstMisconception.note);
  action.setAttribute('autofocus', '');
  const learnerName = () => {
    const id = fixedLearner || learner.value;
    return id === me ? null : personLabel(profile, id);
  };
  const values = () => ({ action: action.value.trim(), reason: reason.value.trim(), misconception: misconception.value.trim() || null });
  return { learner, action, reason, misconception, fromPrivate, learnerName, values };
}

/** An edit sends only the changed text fields; a new goal names its learner and observations. */
async function saveGoal(ctx, existing, fields, links) {
  const { session } = ctx;
  if (existing) {
    const mutation = await updateRecord(session.store, 'goal', existing.id, fields);
    await ctx.navigate(`/goals/${encodeURIComponent(existing.id)}`);
    ctx.toast(mutation ? 'Changes saved on this device' : 'Nothing changed');
  } else {
    const mutation = await createGoal(session.store, { ...fields, ...links });
    await ctx.navigate(`/goals/${encodeURIComponent(mutation.args.id)}`);
    ctx.toast('Learning goal saved on this device');
  }
}

/** The observations the goal comes from, quoted; private ones say they stay private. */
function sourceNotes(observations) {
  const privateLinked = observations.filter((o) => o.visibility !== 'shared').length;
  return h(
    'div',
    { class: 'field' },
    h('span', { class: 'field__label' }, observations.length === 1 ? 'From this observation' : `From these ${observations.length} observations`),
    h('ul', { class: 'quotes' }, observations.map((o) => h('li', { class: 'quote' }, h('span', { class: 'muted small' }, `${kindLabel(o.kind)}${o.visibility !== 'shared' ? ' · private' : ''} · `), o.note))),
    privateLinked
      ? h('p', { class: 'field__hint', 'data-testid': 'private-links' }, `${privateLinked === 1 ? 'The private note stays' : 'Private notes stay'} private: the learner's goal lists only shared observations.`)
      : null,
  );
}

/**
 * The misconception would come from a private note: say the learner will read
 * it, and let the coach keep that wording or write it for them.
 */
function privateSourceNotice(note, misconception, learnerName) {
  const box = h('div', { class: 'banner banner--warn private-source', role: 'note', 'data-testid': 'private-source' });
  const draw = (kept) => {
    const parts = [
      h(
        'p',
        {},
        kept
          ? `Copied from your private note. ${learnerName() || 'The learner'} will read it on this goal: reword anything they should not see.`
          : `The misconception is in a private note. ${learnerName() || 'The learner'} will read the learning goal, misconception included. Keep your note's words, or write it for them.`,
      ),
      kept
        ? null
        : h(
            'div',
            { class: 'copy-row' },
            h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => { misconception.value = note.note; draw(true); misconception.focus(); } }, "Use my note's words"),
            h('button', { type: 'button', class: 'btn btn--ghost', onclick: () => misconception.focus() }, 'Write it for them'),
          ),
    ];
    box.replaceChildren(...parts.filter(Boolean));
  };
  draw(false);
  return box;
}
