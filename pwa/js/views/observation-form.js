// The observation form shared by Capture and Edit: note, photos, kind chips,
// person, Private/Shared. One thumb: big chips, big buttons at the bottom.

import { KINDS, maxLength } from '../domain/mutators.js';
import { h } from '../ui/dom.js';
import { field } from '../ui/form.js';

export const NOTE_MAX = maxLength('observation', 'note');

/**
 * Build the form. `values` pre-fills it; `onSubmit(fields)` gets
 * {note, kind, personId, visibility}; `extraActions` are shown under Save;
 * `photoField` (the picker, or the saved photos) goes under the note.
 */
export function observationForm({ values = {}, people = [], submitLabel = 'Save', onSubmit, extraActions = [], photoField = null }) {
  let kind = values.kind || 'misconception';
  let visibility = values.visibility || 'private';

  const note = h('textarea', {
    name: 'note',
    class: 'input input--note',
    rows: 5,
    maxlength: NOTE_MAX,
    required: true,
    autofocus: true,
    placeholder: 'What did you see? e.g. “Thinks the andon cord is only for breakdowns”',
  });
  note.value = values.note || '';

  const chips = h('div', { class: 'chips', role: 'radiogroup', 'aria-label': 'Kind' });
  const renderChips = () => {
    for (const chip of chips.children) {
      const on = chip.dataset.value === kind;
      chip.classList.toggle('chip--on', on);
      chip.setAttribute('aria-checked', String(on));
    }
  };
  for (const [value, label] of KINDS) {
    chips.append(
      h('button', { type: 'button', class: 'chip', role: 'radio', dataset: { value }, onclick: () => { kind = value; renderChips(); } }, label),
    );
  }
  renderChips();

  const person = h('select', { name: 'personId', class: 'input' }, h('option', { value: '' }, 'No one in particular'));
  const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name));
  for (const p of sorted) person.append(h('option', { value: p.id }, p.name));
  if (values.personId && !sorted.some((p) => p.id === values.personId)) {
    // Someone no longer in your list (moved team): keep the current value visible.
    person.append(h('option', { value: values.personId }, values.personName || 'Someone outside your team'));
  }
  person.value = values.personId || '';

  const toggle = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Who can see it' });
  const renderToggle = () => {
    for (const button of toggle.children) {
      const on = button.dataset.value === visibility;
      button.classList.toggle('segmented__on', on);
      button.setAttribute('aria-checked', String(on));
    }
  };
  for (const [value, label] of [['private', 'Private'], ['shared', 'Shared']]) {
    toggle.append(
      h('button', { type: 'button', class: 'segmented__option', role: 'radio', dataset: { value }, onclick: () => { visibility = value; renderToggle(); } }, label),
    );
  }
  renderToggle();
  const visibilityHint = h('p', { class: 'field__hint' });
  const renderHint = () => {
    visibilityHint.textContent =
      visibility === 'shared' ? 'The person and their managers can read it.' : 'Only you can read it.';
  };
  renderHint();
  toggle.addEventListener('click', renderHint);

  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn btn--primary btn--block', 'data-testid': 'save' }, submitLabel);

  const form = h(
    'form',
    {
      class: 'form',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const text = note.value.trim();
        if (!text) {
          showError('Write a note first: what did you see?');
          note.focus();
          return;
        }
        if (text.length > NOTE_MAX) {
          showError(`The note is too long (${text.length} characters, at most ${NOTE_MAX}).`);
          return;
        }
        save.disabled = true;
        try {
          await onSubmit({ note: text, kind, personId: person.value || null, visibility });
        } catch (err) {
          console.error(err);
          showError(`Could not save on this device: ${err.message}`);
          save.disabled = false;
        }
      },
    },
    field('Note', note),
    photoField,
    h('div', { class: 'field' }, h('span', { class: 'field__label' }, 'Kind'), chips),
    field('Person', person),
    h('div', { class: 'field' }, h('span', { class: 'field__label' }, 'Who can see it'), toggle, visibilityHint),
    error,
    h('div', { class: 'form__actions' }, save, ...extraActions),
  );

  function showError(message) {
    error.textContent = message;
    error.classList.remove('is-hidden');
  }

  return form;
}
