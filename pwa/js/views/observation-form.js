// The observation form shared by Capture and Edit: note, photos, kind chips,
// person, Private/Shared. One thumb: big chips, big buttons at the bottom.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { KINDS, maxLength } from '../domain/mutators.js';
import { h } from '../ui/dom.js';
import { field, form, choices, firstProblem } from '../ui/form.js';

export const NOTE_MAX = maxLength('observation', 'note');
const visibilityHint = (value) => t(`obs.${value}.hint`);

/**
 * Build the form. `values` pre-fills it; `onSubmit(fields)` gets
 * {note, kind, personId, visibility}; `extraActions` are shown under Save;
 * `photoField` (the picker, or the saved photos) goes under the note.
 */
export function observationForm({ values = {}, people = [], submitLabel = t('common.save'), onSubmit, extraActions = [], photoField = null }) {
  const note = h('textarea', {
    name: 'note',
    class: 'input input--note',
    rows: 5,
    maxlength: NOTE_MAX,
    required: true,
    autofocus: true,
    placeholder: t('obs.placeholder'),
  });
  note.value = values.note || '';
  const kind = choices({ options: KINDS, value: values.kind || 'misconception', label: t('obs.kind') });
  const person = personSelect(people, values);
  const visibility = visibilityToggle(values.visibility || 'private');
  const rules = [{ name: 'note', label: t('obs.theNote'), required: t('obs.noteRequired'), maxLength: NOTE_MAX }];
  return form({
    fields: [
      field(t('obs.note'), note),
      photoField,
      h('div', { class: 'field' }, h('span', { class: 'field__label' }, t('obs.kind')), kind),
      field(t('obs.person'), person),
      h('div', { class: 'field' }, h('span', { class: 'field__label' }, t('obs.whoCanSee')), visibility.group, visibility.hint),
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
  const person = h('select', { name: 'personId', class: 'input' }, h('option', { value: '' }, t('obs.nobody')));
  const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name));
  for (const p of sorted) person.append(h('option', { value: p.id }, p.name));
  if (values.personId && !sorted.some((p) => p.id === values.personId)) {
    // Someone no longer in your list (moved team): keep the current value visible.
    person.append(h('option', { value: values.personId }, values.personName || t('person.outsideTeam')));
  }
  person.value = values.personId || '';
  return person;
}

function visibilityToggle(value) {
  const hint = h('p', { class: 'field__hint' }, visibilityHint(value));
  const group = choices({
    options: [['private', t('obs.private')], ['shared', t('obs.shared')]],
    value,
    label: t('obs.whoCanSee'),
    className: 'segmented',
    optionClass: 'segmented__option',
    onClass: 'segmented__on',
    onChange: (next) => (hint.textContent = visibilityHint(next)),
  });
  return { group, hint };
}
