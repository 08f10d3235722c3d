// Form building blocks shared by every form: the form scaffold, a labelled field, an error
// line and the validation of typed text.

import '../i18n/screens.js';
import { formatNumberIn, t } from '../i18n/i18n.js';
import { numberForEditing, readNumber } from '../domain/numbers.js';
import { h } from './dom.js';

export function field(label, control, hint = null) {
  const input = control.labelTarget || control; // a searchBox(): its label is its input's
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'field__label', for: id }, label),
    control,
    hint ? h('p', { class: 'field__hint' }, hint) : null,
  );
}

/**
 * A search field with a Clear button of our own: 44 px or more and named ("Clear search"),
 * where the browser's × (hidden in app.css) is a few pixels and unnamed (§83). The button
 * shows while the field holds text (CSS :placeholder-shown, so a value set by code counts
 * too); a tap empties the field, tells its listeners as typing would (an input event) and
 * keeps the focus, and the keyboard, in the field. Returns the wrapper, to put where the
 * input went; field() labels the input (`labelTarget`).
 */
export function searchBox(input) {
  if (!input.hasAttribute('placeholder')) input.setAttribute('placeholder', ' '); // for :placeholder-shown
  const wipe = () => {
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.focus();
  };
  const button = h(
    'button',
    // mousedown (a tap's too): the tap does not take the focus from the field (a phone's keyboard stays up).
    { type: 'button', class: 'search-box__clear', 'aria-label': t('form.clearSearch'), 'data-testid': 'search-clear', onmousedown: (event) => event.preventDefault(), onclick: wipe },
    h('span', { 'aria-hidden': 'true' }, '×'),
  );
  const box = h('div', { class: 'search-box' }, input, button);
  box.labelTarget = input;
  return box;
}

export function errorBox(message) {
  return h('p', { class: 'error', role: 'alert' }, message);
}

/**
 * The first problem with a form's values, or null. `rules` lists the fields in the order
 * they are shown: [{name, required: message, maxLength, label}]; a value is trimmed text.
 * Pure, so the rules are tested without a browser (tests/js/form.test.js).
 */
export function firstProblem(rules, values) {
  for (const rule of rules) {
    const value = String(values[rule.name] ?? '').trim();
    if (rule.required && !value) return { name: rule.name, message: rule.required };
    if (rule.maxLength && value.length > rule.maxLength) {
      return { name: rule.name, message: t('form.tooLong', { label: rule.label || t('form.thisText'), length: value.length, max: rule.maxLength }) };
    }
  }
  return null;
}

/**
 * The one form scaffold every form uses: its fields, then the sticky bar with the error line,
 * the submit button and `extraActions`. On submit, `validate()` may return {message, focus} to stop there;
 * the button is disabled while a submit runs (`submitOnce`), and if `onSubmit()` throws, the error
 * line says so (`failure(err)`). A new submit hides the last error. Returns the <form>, with
 * `showError(message)` for what a form finds out later.
 */
export function form({ fields, className = 'form', submitLabel = t('common.save'), submitClass = 'btn btn--primary btn--block', submitAttrs = {}, onSubmit, validate = () => null, failure = (err) => t('form.couldNotSave', { message: err.message }), extraActions = [] }) {
  // The error line sits in the sticky Save bar: wherever she has scrolled, what stopped the
  // save is in sight next to Save, not below the fold.
  const error = h('p', { class: 'error is-hidden', role: 'alert', id: `form-error-${(formCount += 1)}` });
  const save = h('button', { type: 'submit', class: submitClass, ...submitAttrs }, submitLabel);
  let marked = null;
  const showError = (message) => {
    error.textContent = message;
    error.classList.remove('is-hidden');
  };
  // One tap, one save: the button is disabled while onSubmit runs (submitOnce).
  const submit = submitOnce(async () => {
    error.classList.add('is-hidden'); // a new try: the last error no longer applies
    if (marked) marked = unmarkInvalid(marked);
    const problem = validate();
    if (problem) {
      showError(problem.message);
      if (problem.focus) {
        // The field says it is the one, to a screen reader too, and comes into sight.
        marked = markInvalid(problem.focus, error);
        marked.focus();
      }
      return;
    }
    // A draft kept meanwhile (ui/draft.js) goes with the change this save queues.
    if (element.draftSaving) element.draftSaving();
    try {
      await onSubmit();
      if (element.draftSaved) await element.draftSaved();
    } catch (err) {
      if (element.draftNotSaved) element.draftNotSaved();
      if (err.status === undefined) console.error(err); // a fault on this device; a server's answer is shown, not logged
      showError(failure(err));
    }
  });
  const element = h('form', { class: className, novalidate: true, onsubmit: submit }, fields, h('div', { class: 'form__actions' }, error, save, ...extraActions));
  // A control that takes the focus (a tap, Tab, a validation) shows clear of the sticky bars.
  element.addEventListener('focusin', (event) => keepClearOfBars(event.target, element));
  element.showError = showError;
  return element;
}

let formCount = 0;

/** `control` is the one to fix, described by `error` (which has an id): returns `control`. */
export function markInvalid(control, error) {
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', error.id);
  return control;
}

/** `control` no longer has a problem to fix: returns null. */
export function unmarkInvalid(control) {
  control.removeAttribute('aria-invalid');
  control.removeAttribute('aria-describedby');
  return null;
}

/**
 * The band of the viewport a form's controls should show in: below the sticky header and above
 * the form's sticky Save bar, with a margin (px from the viewport's top). Null without a bar.
 */
export function clearBand(formElement) {
  const bar = formElement.querySelector('.form__actions');
  if (!bar) return null;
  const header = document.getElementById('header');
  const margin = 12;
  return {
    bar,
    top: (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0) + margin,
    bottom: bar.getBoundingClientRect().top - margin,
  };
}

/** Scroll a focused control out from under the sticky Save bar and the sticky header. */
export function keepClearOfBars(control, formElement) {
  const bar = formElement.querySelector('.form__actions');
  if (!bar || bar.contains(control) || typeof control.getBoundingClientRect !== 'function') return;
  // A chip half out of the people row (it scrolls sideways): bring it in whole.
  const row = control.closest('.chips--people');
  if (row) {
    const inner = control.getBoundingClientRect();
    const outer = row.getBoundingClientRect();
    if (inner.left < outer.left || inner.right > outer.right) row.scrollBy({ left: inner.left < outer.left ? inner.left - outer.left - 8 : inner.right - outer.right + 8 });
  }
  const box = control.getBoundingClientRect();
  const band = clearBand(formElement);
  if (box.bottom > band.bottom) window.scrollBy(0, box.bottom - band.bottom);
  else if (box.top < band.top) window.scrollBy(0, box.top - band.top);
}

/**
 * A field for a measure (a target, a baseline, an actual): text with the phone's decimal
 * keypad, read by `readNumber` (a comma or a point; never guessed). `read()` is {value}
 * (null when empty) or {message} saying what to fix, naming the field by `label`.
 */
export function numberInput(attrs, value) {
  const input = h('input', { class: 'input', type: 'text', inputmode: 'decimal', autocomplete: 'off', ...attrs });
  input.value = numberForEditing(value, formatNumberIn(1.5).charAt(1));
  input.read = (label) => {
    const { value: number, error } = readNumber(input.value);
    if (!error) return { value: number };
    const key = { notANumber: 'form.notANumber', ambiguous: 'form.ambiguousNumber', tooLarge: 'form.numberTooLarge' }[error];
    return { message: t(key, { label, text: input.value.trim() }) };
  };
  return input;
}

/**
 * An onsubmit handler that runs `handler(event)` once at a time: a second tap on Save while
 * the first is still writing (a double tap, an impatient tap) is ignored, and the form's
 * submit buttons are disabled meanwhile, so one tap makes one record.
 */
export function submitOnce(handler) {
  let running = false;
  return async (event) => {
    event.preventDefault();
    if (running) return;
    running = true;
    const buttons = [...event.currentTarget.querySelectorAll('button[type="submit"]')];
    buttons.forEach((b) => (b.disabled = true));
    try {
      await handler(event);
    } finally {
      running = false;
      buttons.forEach((b) => (b.disabled = false));
    }
  };
}

/**
 * A row of radio buttons (kind chips, a segmented toggle, the mode picker): `options` are
 * [value, label] pairs, or [value, label, content] when the button shows more than its
 * name; `group.value` is the choice, `onChange(value)` hears a new one; with `name`, a
 * draft of the form keeps the choice.
 */
export function choices({ options, value, label, name = null, className = 'chips', optionClass = 'chip', onClass = 'chip--on', onChange = () => {} }) {
  // `name`: the form's draft keeps the choice (ui/draft.js).
  const group = h('div', { class: className, role: 'radiogroup', 'aria-label': label, ...(name ? { 'data-draft': name } : {}) });
  const draw = () => {
    for (const option of group.children) {
      const on = option.dataset.value === group.value;
      option.classList.toggle(onClass, on);
      option.setAttribute('aria-checked', String(on));
    }
  };
  const choose = (next) => {
    group.value = next;
    draw();
    onChange(next);
  };
  for (const [optionValue, optionLabel, content] of options) {
    const named = content ? { 'aria-label': optionLabel } : {};
    group.append(h('button', { type: 'button', class: optionClass, role: 'radio', dataset: { value: optionValue }, ...named, onclick: () => choose(optionValue) }, content || optionLabel));
  }
  group.value = value;
  draw();
  return group;
}
