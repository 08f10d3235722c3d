// The observation form shared by Capture and Edit: note, photos, kind chips,
// person, Private/Shared. One thumb: big chips, big buttons at the bottom.

import { KINDS, maxLength } from '../domain/mutators.js';
import { h } from '../ui/dom.js';
import { field, form, choices, firstProblem } from '../ui/form.js';

export const NOTE_MAX = maxLength('observation', 'note');
const VISIBILITY_HINTS = { shared: 'The person and their managers can read it.', private: 'Only you can read it.' };

/**
 * Build the form. `values` pre-fills it; `onSubmit(fields)` gets
 * {note, kind, personId, visibility}; `extraActions` are shown under Save;
 * `photoField` (the picker, or the saved photos) goes under the note.
 */
export function observationForm({ values = {}, people = [], submitLabel = 'Save', onSubmit, extraActions = [], photoField = null }) {
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
  const kind = choices({ options: KINDS, value: values.kind || 'misconception', label: 'Kind' });
  const person = personSelect(people, values);
  const visibility = visibilityToggle(values.visibility || 'private');
  const rules = [{ name: 'note', label: 'The note', required: 'Write a note first: what did you see?', maxLength: NOTE_MAX }];
  return form({
    fields: [
      field('Note', note),
      photoField,
      h('div', { class: 'field' }, h('span', { class: 'field__label' }, 'Kind'), kind),
      field('Person', person),
      h('div', { class: 'field' }, h('span', { class: 'field__label' }, 'Who can see it'), visibility.group, visibility.hint),
    ],
    submitLabel,
    submitAttrs: { 'data-testid': 'save' },
    validate: () => {
      const problem = firstProblem(rules, { note: note.value });
      return problem && { message: problem.message, focus: note };
    },
    onSubmit: () => onSubmit({ note: note.value.trim(), kind: kind.value, personId: person.value || null, visibility: visibility.group.value }),
    extraActions,
  });
}

function personSelect(people, values) {
  const person = h('select', { name: 'personId', class: 'input' }, h('option', { value: '' }, 'No one in particular'));
  const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name));
  for (const p of sorted) person.append(h('option', { value: p.id }, p.name));
  if (values.personId && !sorted.some((p) => p.id === values.personId)) {
    // Someone no longer in your list (moved team): keep the current value visible.
    person.append(h('option', { value: values.personId }, values.personName || 'Someone outside your team'));
  }
  person.value = values.personId || '';
  return person;
}

function visibilityToggle(value) {
  const hint = h('p', { class: 'field__hint' }, VISIBILITY_HINTS[value]);
  const group = choices({
    options: [['private', 'Private'], ['shared', 'Shared']],
    value,
    label: 'Who can see it',
    className: 'segmented',
    optionClass: 'segmented__option',
    onClass: 'segmented__on',
    onChange: (next) => (hint.textContent = VISIBILITY_HINTS[next]),
  });
  return { group, hint };
}
