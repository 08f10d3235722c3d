// Open (or edit) a kaizen workshop: title, date, area, and who is in the room — the people
// this device knows as toggles (me, my team, the people of my past workshops: offline too),
// anyone else in the organisation found by name (needs the server: GET /api/people/lookup,
// docs/decisions.md §103), guests by name. `/workshops/new`, `/workshops/<id>/edit`.
// Saved on the device at once (the outbox), like every change.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { createRecord, updateRecord } from '../data/outbox.js';
import { h, clear } from '../ui/dom.js';
import { clearBand, field, form, firstProblem, keepClearOfBars, searchBox } from '../ui/form.js';
import { maxLength } from '../domain/mutators.js';
import { LIMITS } from '../contract.js';
import { localDate, teamOrder } from '../domain/coaching.js';
import { api } from '../data/api.js';
import { serverNeededMessage } from '../domain/connection.js';
import { errorMessage } from '../domain/error-messages.js';
import { screen, backLink } from './parts.js';
import { runsIt } from './workshop-parts.js';
import { fold } from '../domain/search.js';
import { keepDraft } from '../ui/draft.js';

// The server answers at most this many people (server/people/lookup.py MAX_RESULTS): an answer
// with fewer holds everyone matching, so a longer query is narrowed here without asking again.
const LOOKUP_MAX = 10;

const TEXT = {
  get newTitle() { return t('wsForm.newTitle'); },
  get editTitle() { return t('wsForm.editTitle'); },
  get title() { return t('wsForm.title'); },
  get titlePlaceholder() { return t('wsForm.titlePlaceholder'); },
  get date() { return t('wsForm.date'); },
  get area() { return t('wsForm.area'); },
  get noArea() { return t('wsForm.noArea'); },
  get people() { return t('wsForm.people'); },
  get peopleHint() { return t('wsForm.peopleHint'); },
  me: (name) => t('wsForm.me', { name }),
  get guests() { return t('wsForm.guests'); },
  get guestName() { return t('wsForm.guestName'); },
  get addGuest() { return t('wsForm.addGuest'); },
  removeGuest: (name) => t('wsForm.removeGuest', { name }),
  get open() { return t('wsForm.open'); },
  get save() { return t('wsForm.save'); },
  get cancel() { return t('wsForm.cancel'); },
  get needTitle() { return t('wsForm.needTitle'); },
  get needDate() { return t('wsForm.needDate'); },
  get needSomeone() { return t('wsForm.needSomeone'); },
  get notFound() { return t('wsForm.notFound'); },
  get find() { return t('wsForm.find'); },
  get findHint() { return t('wsForm.findHint'); },
  get searching() { return t('wsForm.searching'); },
  get noneFound() { return t('wsForm.noneFound'); },
  get findOffline() { return t('wsForm.findOffline'); },
  get findBusy() { return t('wsForm.findBusy'); },
  add: (name) => t('wsForm.add', { name }),
  inRoom: (name) => t('wsForm.inRoom', { name }),
  get added() { return t('wsForm.added'); },
  get sameName() { return t('wsForm.sameName'); },
  idStart: (start) => t('wsForm.idStart', { start }),
  get saved() { return t('wsForm.saved'); },
  get unchanged() { return t('wsForm.unchanged'); },
  get back() { return t('wsForm.back'); },
};

export async function render(ctx, { id = null } = {}) {
  const { session } = ctx;
  const profile = session.profile;
  const existing = id ? await session.store.getRecord('workshop', id) : null;
  if (id && (!existing || !runsIt(profile, existing))) return screen(TEXT.notFound, backLink('/workshops', TEXT.back));

  const entries = existing ? structuredClone(existing.participants || []) : [];
  const { title, heldOn, area } = basicFields(profile, existing);
  const known = await knownPeople(session, profile, entries);
  const chosen = new Set(entries.filter((e) => e.personId).map((e) => e.personId));
  const guests = entries.filter((e) => !e.personId);
  const participants = () => participantList(entries, known, chosen, guests);
  const picker = h('div', { class: 'workshop-people', role: 'group', 'aria-label': TEXT.people });
  const drawPicker = () => clear(picker).append(...toggles(known, chosen));
  drawPicker();
  const addFound = (person) => {
    if (!known.some((p) => p.id === person.id)) known.push({ id: person.id, name: person.name });
    chosen.add(person.id);
    drawPicker();
  };

  const workshopForm = form({
    fields: [
      field(TEXT.title, title),
      h('div', { class: 'workshop-row' }, field(TEXT.date, heldOn), field(TEXT.area, area)),
      h('fieldset', { class: 'fieldset' }, h('legend', { class: 'field__label' }, TEXT.people), h('p', { class: 'field__hint' }, TEXT.peopleHint), picker, ...organisationSearch(addFound, (person) => chosen.has(person.id))),
      h('fieldset', { class: 'fieldset' }, h('legend', { class: 'field__label' }, TEXT.guests), ...guestEditor(guests)),
    ],
    submitLabel: existing ? TEXT.save : TEXT.open,
    validate: () => {
      const problem = firstProblem([{ name: 'title', required: TEXT.needTitle }], { title: title.value });
      if (problem) return { message: problem.message, focus: title };
      if (!heldOn.value) return { message: TEXT.needDate, focus: heldOn };
      if (!participants().length) return { message: TEXT.needSomeone };
      return null;
    },
    onSubmit: () => save(ctx, existing, { title: title.value.trim(), heldOn: heldOn.value, areaId: area.value || null, participants: participants() }),
    extraActions: [h('a', { href: existing ? `/workshops/${encodeURIComponent(existing.id)}` : '/workshops', 'data-link': true, class: 'btn btn--ghost btn--block' }, TEXT.cancel)],
  });
  // What she typed and ticked comes back after a reload (guests and people found on the server
  // do not: decisions §121).
  await keepDraft(ctx, workshopForm, existing ? `workshop:${existing.id}` : 'workshop:new', { whole: !existing });
  return screen(existing ? TEXT.editTitle : TEXT.newTitle, workshopForm);
}

/** Title, date and area, filled from the workshop being edited (or today's date). */
function basicFields(profile, existing) {
  const title = h('input', { class: 'input', name: 'title', type: 'text', maxlength: maxLength('workshop', 'title'), placeholder: TEXT.titlePlaceholder, autofocus: true });
  title.value = existing ? existing.title : '';
  const heldOn = h('input', { class: 'input', name: 'heldOn', type: 'date' });
  heldOn.value = existing ? existing.heldOn : localDate();
  const area = h('select', { class: 'input', name: 'areaId' }, h('option', { value: '' }, TEXT.noArea));
  for (const a of profile.areas || []) area.append(h('option', { value: a.id, selected: existing && existing.areaId === a.id }, a.name));
  return { title, heldOn, area };
}

/**
 * The people this device knows, offered offline: me, the people I coach, then the people of
 * my past workshops (newest first), then anyone already listed in this one.
 */
async function knownPeople(session, profile, entries) {
  const user = profile.user || {};
  const known = [{ id: user.id, name: user.name, label: TEXT.me(user.name) }, ...teamOrder(profile).map((p) => ({ id: p.id, name: p.name }))];
  const { workshop = [] } = await session.store.snapshot(['workshop']);
  const mine = workshop.filter((w) => runsIt(profile, w)).sort((a, b) => (a.heldOn < b.heldOn ? 1 : a.heldOn > b.heldOn ? -1 : 0));
  for (const entry of [...entries, ...mine.flatMap((w) => w.participants || [])]) {
    if (entry.personId && !known.some((p) => p.id === entry.personId)) known.push({ id: entry.personId, name: entry.name });
  }
  return known;
}

/** The known people as toggles that add to or take from `chosen`. */
function toggles(known, chosen) {
  return known.map((person) =>
    h(
      'label',
      { class: 'workshop-toggle' },
      h('input', {
        type: 'checkbox',
        name: `person:${person.id}`,
        checked: chosen.has(person.id),
        onchange: (event) => (event.target.checked ? chosen.add(person.id) : chosen.delete(person.id)),
      }),
      h('span', {}, person.label || person.name),
    ),
  );
}

/**
 * Anyone active in the organisation, found by name on the server (name and area only, §103).
 * Offline or with the server not answering it says so: the people above are still offered.
 */
function organisationSearch(addFound, inRoom) {
  const input = h('input', { class: 'input input--search', type: 'search', name: 'findPerson', id: 'find-person', maxlength: 60, autocomplete: 'off', enterkeyhint: 'search', 'aria-describedby': 'find-person-hint' });
  const status = h('p', { class: 'field__hint', id: 'find-person-hint', role: 'status', 'data-testid': 'find-status' }, TEXT.findHint);
  const results = h('ul', { class: 'workshop-found', 'data-testid': 'found-people' });
  let timer = null;
  let asked = 0; // answers to an older question are dropped
  // Answers already had, by folded query: typing "ol", "olg", "olga" one letter at a time, or
  // a backspace, asks the server once, not per letter (it allows 30 lookups a minute, §103).
  const answers = new Map();
  const known = (key, words) => {
    if (answers.has(key)) return answers.get(key);
    for (const [earlier, people] of answers) {
      if (people.length < LOOKUP_MAX && key.startsWith(earlier)) return people.filter((p) => words.every((w) => fold(p.name).includes(w)));
    }
    return null;
  };
  const show = (people) => {
    const alike = lookAlike(people);
    say(!people.length ? TEXT.noneFound : alike.size ? TEXT.sameName : '');
    results.append(...people.map((person) => foundItem(person, inRoom(person), () => (addFound(person), clear(results), (input.value = ''), say(TEXT.added)), alike.has(person.id))));
    // On a phone the answer is below the field: bring the first one clear of the Save bar,
    // then as many more as fit while the field itself stays in sight.
    const form = input.closest('form');
    if (form) {
      keepClearOfBars(results.firstElementChild || status, form);
      bringMoreInSight(results, input, form);
    }
  };
  const say = (text, warn = false) => {
    status.textContent = text;
    status.classList.toggle('field__hint--warn', warn);
  };
  const search = async () => {
    const query = input.value.trim();
    const question = ++asked;
    clear(results);
    if (!/\S{2}/.test(query)) return say(TEXT.findHint);
    const words = fold(query).split(/[ \t\n\r\f\v]+/).filter(Boolean);
    const key = words.join(' ');
    const had = known(key, words);
    if (had) return show(had);
    if (!navigator.onLine) return say(TEXT.findOffline, true);
    say(TEXT.searching);
    try {
      const { people } = await api.get(`/api/people/lookup?q=${encodeURIComponent(query)}`);
      if (question !== asked) return;
      answers.set(key, people);
      show(people);
    } catch (err) {
      if (question !== asked) return;
      if (err.status === 0) say(TEXT.findOffline, true);
      else if (err.status === 429) say(TEXT.findBusy, true);
      else if (err.status >= 500) say(serverNeededMessage(true), true);
      else say(errorMessage(err), true); // a session that ended (401), in the catalog's words
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault(); // not the form's submit
    clearTimeout(timer);
    search();
  });
  return [h('label', { class: 'field__label workshop-find__label', for: 'find-person' }, TEXT.find), searchBox(input), status, results];
}

/** Scroll so that the last of `list` clears the Save bar, but never the field under the header. */
function bringMoreInSight(list, field, formElement) {
  const band = clearBand(formElement);
  const last = list.lastElementChild;
  if (!band || !last) return;
  const overflow = last.getBoundingClientRect().bottom - band.bottom;
  const room = field.getBoundingClientRect().top - band.top;
  if (overflow > 0 && room > 0) window.scrollBy(0, Math.min(overflow, room));
}

/**
 * Ids of the people found whose name and area are both another's: only their ids tell them
 * apart. The start of an id is no secret (each person reads theirs in Account) and says
 * nothing about them (§111).
 */
export function lookAlike(people) {
  const seen = new Map();
  for (const p of people) {
    const key = `${fold(p.name)}|${p.area || ''}`;
    seen.set(key, [...(seen.get(key) || []), p.id]);
  }
  return new Set([...seen.values()].filter((ids) => ids.length > 1).flat());
}

/** One person found: a button that adds them, or says they are already in the room (ticked above). */
function foundItem(person, inRoom, add, alike = false) {
  const label = [person.name, person.area, alike ? TEXT.idStart(person.id.slice(0, 4)) : null].filter(Boolean).join(' · ');
  return h('li', {}, h('button', { type: 'button', class: 'btn btn--secondary btn--block workshop-found__add', 'data-testid': 'found-person', disabled: inRoom, onclick: add }, inRoom ? TEXT.inRoom(label) : TEXT.add(label)));
}

/** Guests by name: the list (each removable) and the field that adds one; edits `guests`. */
function guestEditor(guests) {
  const guestList = h('ul', { class: 'workshop-guests', 'data-testid': 'guests' });
  const drawGuests = () =>
    clear(guestList).append(
      ...guests.map((guest) =>
        h(
          'li',
          { class: 'workshop-guest' },
          h('span', {}, guest.name),
          h('button', { type: 'button', class: 'btn btn--ghost btn--small', 'aria-label': TEXT.removeGuest(guest.name), onclick: () => (guests.splice(guests.indexOf(guest), 1), drawGuests()) }, '×'),
        ),
      ),
    );
  drawGuests();
  const guestName = h('input', { class: 'input', name: 'guestName', type: 'text', maxlength: LIMITS.guestName, placeholder: TEXT.guestName, 'aria-label': TEXT.guestName });
  const twice = h('p', { class: 'field__hint field__hint--warn', role: 'status', 'data-testid': 'guest-twice' });
  const addGuest = () => {
    const name = guestName.value.trim();
    twice.textContent = '';
    if (!name) return guestName.focus();
    // Two guests of one name could not be told apart on the room's tiles and ideas.
    if (guests.some((g) => fold(g.name) === fold(name))) {
      twice.textContent = t('wsForm.guestTwice', { name });
      return guestName.focus();
    }
    guests.push({ id: crypto.randomUUID(), name });
    guestName.value = '';
    drawGuests();
    guestName.focus();
  };
  guestName.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addGuest();
    }
  });
  guestName.addEventListener('input', () => (twice.textContent = ''));
  return [guestList, h('div', { class: 'workshop-guest-add' }, guestName, h('button', { type: 'button', class: 'btn btn--secondary', onclick: addGuest }, TEXT.addGuest)), twice];
}

/** The participant list: people keep their entry (ideas are attributed through it). */
function participantList(entries, known, chosen, guests) {
  const byPerson = new Map(entries.filter((e) => e.personId).map((e) => [e.personId, e]));
  const listed = known.filter((p) => chosen.has(p.id)).map((p) => byPerson.get(p.id) || { id: crypto.randomUUID(), personId: p.id, name: p.name });
  // People listed earlier that this device does not know (another team): they stay.
  const others = entries.filter((e) => e.personId && !known.some((p) => p.id === e.personId));
  return [...listed, ...others, ...guests];
}

/** Saved on the device (the outbox), then the workshop's screen. */
async function save(ctx, existing, fields) {
  const { session } = ctx;
  if (existing) {
    const mutation = await updateRecord(session.store, 'workshop', existing.id, fields);
    await ctx.navigate(`/workshops/${encodeURIComponent(existing.id)}`);
    ctx.toast(mutation ? TEXT.saved : TEXT.unchanged);
  } else {
    const mutation = await createRecord(session.store, 'workshop', { ...fields, notes: '' });
    await ctx.navigate(`/workshops/${encodeURIComponent(mutation.args.id)}`);
    ctx.toast(TEXT.saved);
  }
}
