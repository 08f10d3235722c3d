// Assign (or edit) a challenge: a real, current work problem with a demanding,
// measurable target and a due date, in one of four coaching modes.
// `/challenges/new?goal=<id>` (or `?person=<id>`), `/challenges/<id>/edit`.
// The mode's own structure is filled in on the challenge screen.

import { createChallenge, updateRecord } from '../data/outbox.js';
import { h } from '../ui/dom.js';
import { field, form, choices, firstProblem } from '../ui/form.js';
import { maxLength } from '../domain/mutators.js';
import { PARTS } from '../contract.js';
import { MODES, personLabel, teamOrder, localDate, addDays } from '../domain/coaching.js';
import { mayCoach, myId, viewerOf } from '../domain/access.js';
import { screen, backLink } from './parts.js';

const DEFAULT_WEEKS = 4;

export async function render(ctx, { id = null } = {}) {
  const { session } = ctx;
  const profile = session.profile;
  const existing = id ? await session.store.getRecord('challenge', id) : null;
  if (id && (!existing || !mayCoach(viewerOf(profile), existing))) {
    return screen('Not found', h('p', {}, 'This challenge is not on this device, or it is not yours to edit.'), backLink('/', 'Today'));
  }
  const query = new URLSearchParams(location.search);
  const goal = !existing && query.get('goal') ? await session.store.getRecord('goal', query.get('goal')) : null;
  const fixedLearner = existing ? existing.learnerId : goal ? goal.learnerId : query.get('person');

  const inputs = challengeInputs(profile, existing);
  const cancel = existing ? `/challenges/${encodeURIComponent(existing.id)}` : goal ? `/goals/${encodeURIComponent(goal.id)}` : '/';
  const challengeForm = form({
    fields: [
      fixedLearner ? h('p', { class: 'lead' }, `For ${personLabel(profile, fixedLearner, existing && existing.learnerName)}`) : field('Who is it for?', inputs.learner),
      goal ? h('p', { class: 'quote' }, h('span', { class: 'muted small' }, 'Learning goal · '), goal.action) : null,
      field('Title', inputs.title),
      field('Problem', inputs.problem, 'A real, current problem they own, that exercises exactly what they must learn.'),
      targetFieldset(inputs),
      field('Due', inputs.dueOn),
      existing ? null : h('div', { class: 'field' }, h('span', { class: 'field__label' }, 'Mode'), inputs.modes),
    ],
    submitLabel: existing ? 'Save changes' : 'Assign challenge',
    validate: () => challengeProblem(inputs),
    onSubmit: () => saveChallenge(ctx, existing, inputs.values(), { mode: inputs.modes.value, learnerId: fixedLearner || inputs.learner.value, goalId: goal ? goal.id : null }),
    extraActions: [h('a', { href: cancel, 'data-link': true, class: 'btn btn--ghost btn--block' }, 'Cancel')],
  });
  return screen(existing ? 'Edit challenge' : 'New challenge', challengeForm);
}

/** The form's controls, filled from the challenge being edited (or the defaults). */
function challengeInputs(profile, existing) {
  const me = myId(profile);
  const learner = h('select', { class: 'input', name: 'learnerId' });
  for (const p of teamOrder(profile)) learner.append(h('option', { value: p.id }, p.name));
  learner.append(h('option', { value: me }, 'Me (self-development)'));
  const input = (name, attrs = {}, value = '') => {
    const el = h('input', { class: 'input', name, ...attrs });
    el.value = value ?? '';
    return el;
  };
  const target = (existing && existing.target) || {};
  const title = input('title', { type: 'text', maxlength: maxLength('challenge', 'title'), autofocus: true, placeholder: 'e.g. Cut changeover on press 4' }, existing && existing.title);
  const problem = h('textarea', { class: 'input', name: 'problem', rows: 4, maxlength: maxLength('challenge', 'problem'), placeholder: 'The problem as it is today, with facts.' });
  problem.value = (existing && existing.problem) || '';
  const metric = input('metric', { type: 'text', maxlength: PARTS.target.metric.maxLength, placeholder: 'e.g. changeover time' }, target.metric);
  const baseline = input('baseline', { type: 'number', inputmode: 'decimal', step: 'any' }, target.baseline ?? '');
  const value = input('targetValue', { type: 'number', inputmode: 'decimal', step: 'any' }, target.value ?? '');
  const unit = input('unit', { type: 'text', maxlength: PARTS.target.unit.maxLength, placeholder: 'min' }, target.unit);
  const dueOn = input('dueOn', { type: 'date', min: existing ? null : localDate() }, existing ? existing.dueOn : addDays(localDate(), DEFAULT_WEEKS * 7));
  const modeOptions = MODES.map(([key, label, explanation]) => [key, label, [h('span', { class: 'mode__name' }, label), h('span', { class: 'mode__hint' }, explanation)]]);
  const modes = choices({ options: modeOptions, value: (existing && existing.mode) || null, label: 'Mode', className: 'mode-picker', optionClass: 'mode', onClass: 'mode--on' });
  const number = (el) => (el.value.trim() === '' ? null : Number(el.value));
  const values = () => ({
    title: title.value.trim(),
    problem: problem.value.trim(),
    target: { metric: metric.value.trim(), baseline: number(baseline), value: number(value), unit: unit.value.trim() },
    dueOn: dueOn.value,
  });
  return { learner, title, problem, metric, baseline, value, unit, dueOn, modes, values };
}

function targetFieldset({ metric, baseline, value, unit }) {
  return h(
    'fieldset',
    { class: 'fieldset' },
    h('legend', { class: 'field__label' }, 'Target'),
    h('p', { class: 'field__hint' }, 'Demanding and measurable: e.g. changeover time from 47 to 20 min.'),
    field('What you measure', metric),
    h('div', { class: 'grid3' }, field('Baseline', baseline), field('Target', value), field('Unit', unit)),
  );
}

/** The first thing to fix before saving, with the control to focus, or null. */
function challengeProblem(inputs) {
  const fields = inputs.values();
  const problem = firstProblem(
    [
      { name: 'title', required: 'Give the challenge a short title.' },
      { name: 'problem', required: 'Describe the problem as it is today.' },
      { name: 'metric', required: 'Name what you will measure.' },
    ],
    { ...fields, metric: fields.target.metric },
  );
  if (problem) return { message: problem.message, focus: inputs[problem.name] };
  if (fields.target.value === null || Number.isNaN(fields.target.value)) return { message: 'Set the target value: a number.', focus: inputs.value };
  if (Number.isNaN(fields.target.baseline)) return { message: 'The baseline must be a number (or left empty).', focus: inputs.baseline };
  if (!fields.dueOn) return { message: 'Pick a due date.', focus: inputs.dueOn };
  if (!inputs.modes.value) return { message: 'Pick a mode: how much direction do they need?' };
  return null;
}

async function saveChallenge(ctx, existing, fields, assignment) {
  const { session } = ctx;
  if (existing) {
    const mutation = await updateRecord(session.store, 'challenge', existing.id, fields);
    await ctx.navigate(`/challenges/${encodeURIComponent(existing.id)}`);
    ctx.toast(mutation ? 'Changes saved on this device' : 'Nothing changed');
  } else {
    const mutation = await createChallenge(session.store, { ...fields, ...assignment });
    await ctx.navigate(`/challenges/${encodeURIComponent(mutation.args.id)}`);
    ctx.toast('Challenge saved on this device');
  }
}
