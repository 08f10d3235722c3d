// The structure each challenge mode needs, as an editor for the coach (or a
// read-only view for the learner and the mentor):
//   standard — job breakdown (important steps, key points, reasons) and a practice log;
//   problem  — the 5-whys chain, root cause, countermeasure, check;
//   kaizen   — current method and experiments (expected, actual, learned);
//   teamwork — the question, a helper, the introduction made, the outcome.
// `details` is replaced as a whole on save (docs/decisions.md §13).

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { api } from '../data/api.js';
import { h, clear, put } from '../ui/dom.js';
import { field, choices, searchBox } from '../ui/form.js';
import { PARTS } from '../contract.js';
import { errorMessage } from '../domain/error-messages.js';
import { formatWhen } from '../ui/format.js';
import { PRACTICE_KINDS, localDate, formatDay, personLabel, teamOrder } from '../domain/coaching.js';
import { getDeviceValue, setDeviceValue } from '../data/store.js';

const clone = (value) => JSON.parse(JSON.stringify(value ?? {}));
const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);

function textarea(value, attrs = {}) {
  const el = h('textarea', { class: 'input', rows: 3, maxlength: 5000, ...attrs });
  el.value = value || '';
  return el;
}

function textInput(value, attrs = {}) {
  const el = h('input', { class: 'input', type: 'text', maxlength: 500, ...attrs });
  el.value = value || '';
  return el;
}

/** A read-only paragraph, or a muted dash when empty. */
function shown(label, value) {
  return h('div', { class: 'shown' }, h('p', { class: 'shown__label' }, label), h('p', { class: ['shown__value', value ? null : 'muted'] }, value || '—'));
}

/**
 * Build the editor for `challenge.mode`. `editable`: the coach's view;
 * `save(details)` queues the update. Returns an element.
 */
export function modeEditor({ challenge, editable, save, profile }) {
  const build = { standard: standardEditor, problem: problemEditor, kaizen: kaizenEditor, teamwork: teamworkEditor }[challenge.mode];
  if (!build) return h('p', { class: 'muted' }, t('modes.unknownMode'));
  const state = clone(challenge.details);
  const body = h('div', { class: 'mode-editor', 'data-testid': `editor-${challenge.mode}` });
  const saveButton = h('button', { type: 'button', class: 'btn btn--primary btn--block', 'data-testid': 'save-details' }, t('common.save'));
  // A change of structure (a step or a why added) counts as typing: the screen keeps it
  // rather than redrawing from the stored record when sync data arrives.
  const redraw = () => {
    draw();
    body.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const draw = () => {
    put(clear(body), build({ state, editable, redraw, commit, profile, challenge }));
    if (editable) body.append(saveButton);
  };
  async function commit() {
    saveButton.disabled = true;
    try {
      await save(clone(state));
    } finally {
      saveButton.disabled = false;
    }
  }
  saveButton.addEventListener('click', commit);
  draw();
  return body;
}

// ---------------------------------------------------------------- standard (TWI Job Instruction)

function standardEditor({ state, editable, redraw, commit }) {
  state.steps = state.steps || [];
  state.practiceLog = state.practiceLog || [];
  const parts = [h('h3', { class: 'card__subtitle' }, t('modes.jobBreakdown'))];
  if (!state.steps.length) parts.push(h('p', { class: 'muted' }, editable ? t('modes.breakJob') : t('modes.noSteps')));
  const remove = (i) => {
    state.steps.splice(i, 1);
    redraw();
  };
  state.steps.forEach((step, i) => parts.push(editable ? stepFields(step, i, () => remove(i)) : stepText(step, i)));
  if (editable) {
    parts.push(h('button', { type: 'button', class: 'btn btn--secondary btn--block', onclick: () => { state.steps.push({ step: '', keyPoints: [], reasons: [] }); redraw(); } }, t('modes.addStep')));
  }
  parts.push(h('h3', { class: 'card__subtitle' }, t('modes.practiceLog')));
  const log = h('ol', { class: 'log', 'data-testid': 'practice-log' });
  for (const entry of state.practiceLog) {
    const kind = (PRACTICE_KINDS.find(([k]) => k === entry.kind) || [entry.kind, entry.kind])[1];
    log.append(h('li', { class: 'log__entry' }, h('span', { class: 'badge' }, kind), ' ', h('span', { class: 'muted small' }, formatWhen(entry.at)), entry.note ? h('p', {}, entry.note) : null));
  }
  parts.push(state.practiceLog.length ? log : h('p', { class: 'muted' }, t('modes.noPractice')));
  if (editable) parts.push(...practiceEntry(state, redraw, commit));
  return parts;
}

/** A step as the learner reads it: the step, its key points, and the reason for each. */
function stepText(step, i) {
  return h(
    'div',
    { class: 'step', 'data-testid': 'job-step' },
    h('p', { class: 'step__title' }, `${i + 1}. ${step.step}`),
    step.keyPoints.length ? h('ul', { class: 'step__list' }, step.keyPoints.map((k, j) => h('li', {}, k, step.reasons[j] ? h('span', { class: 'muted' }, ` — ${t('modes.because', { reason: step.reasons[j] })}`) : null))) : null,
    step.reasons.length > step.keyPoints.length ? h('ul', { class: 'step__list' }, step.reasons.slice(step.keyPoints.length).map((r) => h('li', { class: 'muted' }, t('modes.because', { reason: r })))) : null,
  );
}

/** A step as the coach edits it; typing updates the step in place. */
function stepFields(step, i, remove) {
  const name = textInput(step.step, { 'aria-label': t('modes.stepN', { n: i + 1 }), placeholder: t('modes.stepPlaceholder') });
  const keys = textarea(step.keyPoints.join('\n'), { 'aria-label': t('modes.keysN', { n: i + 1 }), placeholder: t('modes.keysPlaceholder') });
  const reasons = textarea(step.reasons.join('\n'), { 'aria-label': t('modes.reasonsN', { n: i + 1 }), placeholder: t('modes.reasonsPlaceholder') });
  name.addEventListener('input', () => (step.step = name.value.trim()));
  keys.addEventListener('input', () => (step.keyPoints = lines(keys.value)));
  reasons.addEventListener('input', () => (step.reasons = lines(reasons.value)));
  return h(
    'fieldset',
    { class: 'step fieldset', 'data-testid': 'job-step' },
    h('legend', { class: 'step__title' }, t('modes.stepTitle', { n: i + 1 })),
    field(t('modes.step'), name),
    field(t('modes.keys'), keys),
    field(t('modes.reasons'), reasons),
    h('button', { type: 'button', class: 'btn btn--small btn--danger-ghost', onclick: remove }, t('modes.removeStep')),
  );
}

/** Show, try, correct or follow up, a note, and Add to log (saved at once). */
function practiceEntry(state, redraw, commit) {
  const chips = choices({ options: PRACTICE_KINDS, value: 'show', label: t('modes.practice'), className: 'chips chips--4' });
  chips.addEventListener('click', () => chips.dispatchEvent(new Event('input', { bubbles: true }))); // a choice being made: keep it
  const note = textInput('', { 'aria-label': t('modes.practiceNote'), placeholder: t('modes.whatHappened'), maxlength: PARTS.practice.note.maxLength });
  const add = async () => {
    state.practiceLog.push({ at: new Date().toISOString(), kind: chips.value, note: note.value.trim() });
    redraw();
    await commit();
  };
  return [chips, note, h('button', { type: 'button', class: 'btn btn--secondary btn--block', onclick: add }, t('modes.addToLog'))];
}

// ---------------------------------------------------------------- problem (PDCA, 5 whys)

/** The A3's boxes — the problem and its whys, root cause, countermeasure, check — in one
 * column on a phone, two by two where there is room (a tablet: decisions §87). */
function a3Boxes(challenge, whys, ...boxes) {
  const box = (testid, ...content) => h('div', { class: 'a3-box', 'data-testid': testid }, ...content);
  const problem = challenge && challenge.problem ? h('div', { class: 'shown' }, h('p', { class: 'shown__label' }, t('modes.problem')), h('p', { class: 'shown__value' }, challenge.problem)) : null;
  return h('div', { class: 'a3-boxes', 'data-testid': 'a3-boxes' }, box('a3-problem', problem, ...whys), ...boxes.map((content, i) => box(['a3-cause', 'a3-countermeasure', 'a3-check'][i], content)));
}

function problemEditor({ state, editable, redraw, challenge }) {
  state.whys = state.whys || [];
  if (!editable) {
    return a3Boxes(
      challenge,
      [h('h3', { class: 'card__subtitle' }, t('modes.whys')), state.whys.length ? h('ol', { class: 'whys', 'data-testid': 'whys' }, state.whys.map((w) => h('li', {}, w))) : h('p', { class: 'muted' }, t('modes.noWhys'))],
      shown(t('modes.rootCause'), state.rootCause),
      shown(t('modes.countermeasure'), state.countermeasure),
      shown(t('modes.checkShown'), state.check),
    );
  }
  const whys = h('ol', { class: 'whys whys--edit', 'data-testid': 'whys' });
  state.whys.forEach((why, i) => {
    const input = textInput(why, { 'aria-label': t('modes.whyN.label', { n: i + 1 }), placeholder: i === 0 ? t('modes.why1') : t('modes.whyN') });
    input.addEventListener('input', () => (state.whys[i] = input.value));
    whys.append(h('li', {}, input));
  });
  const rootCause = textarea(state.rootCause, { 'aria-label': t('modes.rootCause') });
  const countermeasure = textarea(state.countermeasure, { 'aria-label': t('modes.countermeasure') });
  const check = textarea(state.check, { 'aria-label': t('modes.check') });
  rootCause.addEventListener('input', () => (state.rootCause = rootCause.value.trim()));
  countermeasure.addEventListener('input', () => (state.countermeasure = countermeasure.value.trim()));
  check.addEventListener('input', () => (state.check = check.value.trim()));
  const tidy = () => (state.whys = state.whys.map((w) => w.trim()));
  return a3Boxes(
    challenge,
    [
      h('h3', { class: 'card__subtitle' }, t('modes.whys')),
      h('p', { class: 'field__hint' }, t('modes.whysHint')),
      whys,
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'btn btn--secondary', disabled: state.whys.length >= 10, onclick: () => { tidy(); state.whys.push(''); redraw(); } }, t('modes.addWhy')),
        state.whys.length ? h('button', { type: 'button', class: 'btn btn--ghost', onclick: () => { state.whys.pop(); redraw(); } }, t('modes.removeLast')) : null,
      ),
    ],
    field(t('modes.rootCause'), rootCause),
    field(t('modes.countermeasure'), countermeasure),
    field(t('modes.check'), check, t('modes.checkHint')),
  );
}

// ---------------------------------------------------------------- kaizen

function kaizenEditor({ state, editable, redraw }) {
  state.experiments = state.experiments || [];
  if (!editable) {
    return [
      shown(t('modes.currentMethod'), state.currentMethod),
      h('h3', { class: 'card__subtitle' }, t('modes.experiments')),
      state.experiments.length
        ? h(
            'ol',
            { class: 'experiments' },
            state.experiments.map((e) =>
              h('li', { class: 'experiment', 'data-testid': 'experiment' }, e.at ? h('p', { class: 'muted small' }, formatDay(e.at.slice(0, 10))) : null, shown(t('modes.expected'), e.expected), shown(t('modes.actual'), e.actual), shown(t('modes.learned'), e.learned)),
            ),
          )
        : h('p', { class: 'muted' }, t('modes.noExperiments')),
    ];
  }
  const method = textarea(state.currentMethod, { 'aria-label': t('modes.currentMethod'), rows: 4 });
  method.addEventListener('input', () => (state.currentMethod = method.value.trim()));
  const list = h('ol', { class: 'experiments' });
  state.experiments.forEach((e, i) => {
    const inputs = ['expected', 'actual', 'learned'].map((key) => {
      const el = textarea(e[key], { rows: 2, 'aria-label': t('modes.experimentField', { field: t(`modes.${key}`), n: i + 1 }) });
      el.addEventListener('input', () => (e[key] = el.value.trim()));
      return field(t(`modes.${key}`), el);
    });
    list.append(h('li', { class: 'experiment', 'data-testid': 'experiment' }, h('p', { class: 'muted small' }, [t('modes.experimentN', { n: i + 1 }), e.at ? formatDay(e.at.slice(0, 10)) : null].filter(Boolean).join(' · ')), ...inputs));
  });
  return [
    field(t('modes.currentMethod'), method, t('modes.currentMethodHint')),
    h('h3', { class: 'card__subtitle' }, t('modes.experiments')),
    list,
    h(
      'button',
      { type: 'button', class: 'btn btn--secondary btn--block', onclick: () => { state.experiments.push({ at: localDate(), expected: '', actual: '', learned: '' }); redraw(); } },
      t('modes.addExperiment'),
    ),
  ];
}

// ---------------------------------------------------------------- teamwork

const HELPER_NAMES = 'helperNames'; // device cache: helper id → name (details keep only the id)

async function helperName(profile, id, challenge) {
  if (!id) return null;
  if (challenge && challenge.helperName && challenge.details && challenge.details.helperId === id) return challenge.helperName;
  const known = personLabel(profile, id, '');
  if (known) return known;
  const cache = (await getDeviceValue(HELPER_NAMES).catch(() => null)) || {};
  return cache[id] || t('modes.helperOutside');
}

async function rememberHelper(helper) {
  const cache = (await getDeviceValue(HELPER_NAMES).catch(() => null)) || {};
  cache[helper.id] = helper.name;
  await setDeviceValue(HELPER_NAMES, cache).catch(() => {});
}

function teamworkEditor({ state, editable, redraw, profile, challenge }) {
  const helperLine = h('p', { class: 'helper', 'data-testid': 'helper' }, state.helperId ? '…' : t('modes.noHelper'));
  // The server sends `helperName`; a helper picked on this device is named from its cache.
  if (state.helperId) helperName(profile, state.helperId, challenge).then((name) => (helperLine.textContent = t('modes.helperIs', { name })));
  if (!editable) {
    return [
      shown(t('modes.question'), state.question),
      helperLine,
      shown(state.introducedOn ? t('modes.introductionOn', { day: formatDay(state.introducedOn) }) : t('modes.introduction'), state.introduction),
      shown(t('modes.outcome'), state.outcome),
    ];
  }
  const question = textarea(state.question, { 'aria-label': t('modes.questionShort') });
  question.addEventListener('input', () => (state.question = question.value.trim()));
  const pick = async (helper) => {
    state.helperId = helper.id;
    await rememberHelper(helper);
    redraw();
  };
  const introduction = textarea(state.introduction, { 'aria-label': t('modes.introduction') });
  introduction.addEventListener('input', () => (state.introduction = introduction.value.trim()));
  const introducedOn = h('input', { class: 'input', type: 'date', 'aria-label': t('modes.introducedOn') });
  introducedOn.value = state.introducedOn || '';
  introducedOn.addEventListener('input', () => (state.introducedOn = introducedOn.value || null));
  const outcome = textarea(state.outcome, { 'aria-label': t('modes.outcome') });
  outcome.addEventListener('input', () => (state.outcome = outcome.value.trim()));
  return [
    field(t('modes.question'), question),
    helperFinder(helperLine, { state, profile, challenge, pick }),
    h('p', { class: 'field__hint' }, t('modes.findHint')),
    field(t('modes.introductionMade'), introduction, t('modes.introductionHint')),
    field(t('modes.introducedOn'), introducedOn),
    field(t('modes.outcome'), outcome),
  ];
}

/** Find a helper by topic (online), or pick someone you know (always). */
function helperFinder(helperLine, { state, profile, challenge, pick }) {
  const search = textInput('', { 'aria-label': t('modes.findHelper'), placeholder: t('modes.findPlaceholder'), type: 'search', maxlength: 200 });
  const results = h('div', { class: 'helpers', 'aria-live': 'polite', 'data-testid': 'helper-results' });
  const known = () => knownPeoplePicker(profile, challenge, pick);
  const offline = t('modes.findOffline');
  const find = async () => {
    clear(results);
    // Nothing typed: start from the challenge's own words (its question, else its title),
    // put in the field so she sees what was asked and can narrow it.
    const q = search.value.trim() || (state.question || '').trim() || (challenge && challenge.title) || '';
    if (!search.value.trim() && q) search.value = q;
    if (!q.split(/\s+/).some((word) => word.length >= 3)) {
      results.append(h('p', { class: 'banner banner--warn' }, t('modes.findTooShort')));
      search.focus();
      return;
    }
    if (!navigator.onLine) return results.append(h('p', { class: 'banner banner--warn' }, offline), known());
    results.append(h('p', { class: 'muted' }, t('modes.searching')));
    try {
      const { helpers } = await api.get(`/api/people/helpers?${new URLSearchParams({ q })}`);
      clear(results);
      if (!helpers.length) results.append(h('p', { class: 'muted' }, t('modes.findNone')), known());
      results.append(...helpers.map((helper) => helperResult(helper, pick)));
    } catch (err) {
      clear(results).append(h('p', { class: 'banner banner--warn' }, err.status === 0 ? offline : t('modes.searchFailed', { message: errorMessage(err) })), known());
    }
  };
  return h('div', { class: 'field' }, h('span', { class: 'field__label' }, t('modes.helper')), helperLine, h('div', { class: 'copy-row' }, searchBox(search), h('button', { type: 'button', class: 'btn btn--secondary', onclick: find }, t('modes.find'))), results);
}

function helperResult(helper, pick) {
  return h(
    'div',
    { class: 'list__item', 'data-testid': 'helper-result' },
    h('div', { class: 'list__text' }, h('span', { class: 'list__title' }, helper.name), h('span', { class: 'list__meta' }, t('modes.offers', { topic: helper.topic }))),
    h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => pick(helper) }, t('modes.pick')),
  );
}

/** Someone from my team or my manager (never the learner: nobody is their own helper). */
function knownPeoplePicker(profile, challenge, pick) {
  const select = h('select', { class: 'input', 'aria-label': t('modes.pickKnown') }, h('option', { value: '' }, t('modes.pickKnownOption')));
  const learnerId = challenge && challenge.learnerId;
  for (const p of teamOrder(profile)) if (p.id !== learnerId) select.append(h('option', { value: p.id }, p.name));
  if (profile.manager) select.append(h('option', { value: profile.manager.id }, profile.manager.name));
  select.addEventListener('change', () => select.value && pick({ id: select.value, name: select.selectedOptions[0].textContent }));
  return select;
}

/** Drop blank entries (an added why left empty, an unnamed step) before saving. */
export function cleanDetails(mode, details) {
  const d = clone(details);
  if (mode === 'problem') d.whys = (d.whys || []).map((w) => w.trim()).filter(Boolean);
  if (mode === 'standard') d.steps = (d.steps || []).filter((s) => s.step && s.step.trim());
  if (mode === 'kaizen') d.experiments = (d.experiments || []).filter((e) => e.expected || e.actual || e.learned);
  return d;
}
