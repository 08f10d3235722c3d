// The observation form shared by Capture and Edit: the person (chips and a search), the
// note, Private/Shared, kind chips, photos. One thumb: big chips, big buttons at the bottom.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { KINDS, maxLength } from '../domain/mutators.js';
import { h } from '../ui/dom.js';
import { field, form, choices, firstProblem, searchBox } from '../ui/form.js';

export const NOTE_MAX = maxLength('observation', 'note');
const visibilityHint = (value) => t(`obs.${value}.hint`);

const CHIPS = 5; // people shown as chips before searching (besides "No one")

/**
 * Build the form. `values` pre-fills it; `onSubmit(fields)` gets
 * {note, kind, personId, visibility}; `extraActions` are shown under Save;
 * `photoField` (the picker, or the saved photos) goes last. The person comes first, as
 * chips: the one chosen, then `reports` (ids: my direct reports), then `recent` (ids,
 * most recent first), then everyone else by name; a search field finds anyone. Tapping a
 * person puts the cursor in the note. Private/Shared comes right after the note, so on a
 * phone it is on screen without scrolling; a control that takes the focus is scrolled
 * clear of the sticky Save bar (and of the sticky header).
 */
export function observationForm({ values = {}, people = [], reports = [], recent = [], submitLabel = t('common.save'), onSubmit, extraActions = [], photoField = null }) {
  const note = h('textarea', {
    name: 'note',
    class: 'input input--note',
    rows: 4,
    maxlength: NOTE_MAX,
    required: true,
    autofocus: true,
    placeholder: t('obs.placeholder'),
  });
  note.value = values.note || '';
  // Choosing who or what kind puts the cursor back in an empty note: no tap to get there.
  const kind = choices({ options: KINDS, value: values.kind || 'misconception', label: t('obs.kind'), name: 'kind', className: 'chips chips--wrap', onChange: () => !note.value && note.focus() });
  const person = personPicker(people, values, { reports, recent, onPick: () => !note.value && note.focus() });
  const visibility = visibilityToggle(values.visibility || 'private');
  const rules = [{ name: 'note', label: t('obs.theNote'), required: t('obs.noteRequired'), maxLength: NOTE_MAX }];
  const element = form({
    className: 'form form--observation',
    fields: [
      person.element,
      field(t('obs.note'), note),
      h('div', { class: 'field' }, h('span', { class: 'field__label' }, t('obs.whoCanSee')), visibility.group, visibility.hint),
      h('div', { class: 'field' }, h('span', { class: 'field__label' }, t('obs.kind')), kind),
      photoField,
    ],
    submitLabel,
    submitAttrs: { 'data-testid': 'save' },
    validate: () => {
      const problem = firstProblem(rules, { note: note.value });
      return problem && { message: problem.message, focus: note };
    },
    onSubmit: () => onSubmit({ note: note.value.trim(), kind: kind.value, personId: person.value() || null, visibility: visibility.group.value }),
    extraActions,
  });
  return element;
}

/**
 * The person as chips with a search field: `value()` is the chosen id ('' = no one).
 * Pure ordering in `personOrder` (tested in tests/js/person-order.test.js).
 */
function personPicker(people, values, { reports, recent, onPick }) {
  const known = new Map(people.map((p) => [p.id, p]));
  if (values.personId && !known.has(values.personId)) {
    // Someone no longer in your list (moved team): keep the current value visible.
    known.set(values.personId, { id: values.personId, name: values.personName || t('person.outsideTeam') });
  }
  let chosen = values.personId && known.has(values.personId) ? values.personId : '';
  const labelId = `person-${Math.random().toString(36).slice(2, 9)}`;
  const group = h('div', { class: 'chips chips--wrap chips--people', role: 'radiogroup', 'aria-labelledby': labelId, 'data-testid': 'person-chips', 'data-draft': 'personId' });
  const search = h('input', { type: 'search', class: 'input input--search', 'aria-label': t('obs.find'), placeholder: `${t('obs.find')}…`, autocomplete: 'off', enterkeyhint: 'search' });
  const empty = h('p', { class: 'field__hint is-hidden' }, t('obs.noMatch'));
  const chip = (id, name) => {
    const on = id === chosen;
    return h('button', { type: 'button', class: ['chip', on ? 'chip--on' : null], role: 'radio', 'aria-checked': String(on), dataset: { value: id }, onclick: () => pick(id) }, name);
  };
  const draw = () => {
    const ids = personOrder([...known.values()], { chosen, reports, recent, query: search.value, limit: search.value.trim() ? 8 : CHIPS });
    group.replaceChildren(chip('', t('obs.noOne')), ...ids.map((id) => chip(id, known.get(id).name)));
    empty.classList.toggle('is-hidden', !search.value.trim() || ids.some((id) => id !== chosen));
  };
  const pick = (id) => {
    chosen = id;
    search.value = '';
    draw();
    onPick(id);
  };
  search.addEventListener('input', draw);
  // A draft put back (ui/draft.js) chooses its person, among the chips or not.
  group.choose = (id) => {
    if (id && !known.has(id)) return; // no longer among her people
    chosen = id;
    draw();
  };
  // A row wider than the screen fades where more people wait beyond its edge, so she knows to
  // swipe (the scrollbar is hidden, and a chip may end exactly at the edge).
  const markMore = () => {
    const more = group.scrollWidth - group.clientWidth > 1;
    const left = more && group.scrollLeft > 1;
    const right = more && group.scrollLeft + group.clientWidth < group.scrollWidth - 1;
    group.dataset.more = left && right ? 'both' : left ? 'left' : right ? 'right' : '';
  };
  group.addEventListener('scroll', markMore, { passive: true });
  new ResizeObserver(markMore).observe(group);
  new MutationObserver(markMore).observe(group, { childList: true });
  draw();
  const element = h(
    'div',
    { class: 'field field--person' },
    h('span', { class: 'field__label', id: labelId }, t('obs.person')),
    known.size > CHIPS ? searchBox(search) : null,
    group,
    empty,
  );
  return { element, value: () => chosen };
}

/**
 * Which people to show as chips, in order: the chosen one, then my direct reports, then the
 * people I wrote about most recently, then everyone else by name; with a `query`, only the
 * names that contain it (the chosen one stays). At most `limit`. Pure.
 */
export function personOrder(people, { chosen = '', reports = [], recent = [], query = '', limit = CHIPS } = {}) {
  const byName = [...people].sort((a, b) => a.name.localeCompare(b.name));
  const ids = new Set(byName.map((p) => p.id));
  const words = query.trim().toLocaleLowerCase();
  const matches = (id) => !words || (people.find((p) => p.id === id) || { name: '' }).name.toLocaleLowerCase().includes(words);
  const order = [];
  const add = (id) => id && ids.has(id) && !order.includes(id) && order.push(id);
  add(chosen);
  reports.forEach(add);
  recent.forEach(add);
  byName.forEach((p) => add(p.id));
  const shown = order.filter((id) => id === chosen || matches(id));
  return shown.slice(0, Math.max(limit, chosen ? 1 : 0));
}

function visibilityToggle(value) {
  const hint = h('p', { class: 'field__hint' }, visibilityHint(value));
  const group = choices({
    options: [['private', t('obs.private')], ['shared', t('obs.shared')]],
    value,
    label: t('obs.whoCanSee'),
    name: 'visibility',
    className: 'segmented',
    optionClass: 'segmented__option',
    onClass: 'segmented__on',
    onChange: (next) => (hint.textContent = visibilityHint(next)),
  });
  return { group, hint };
}
