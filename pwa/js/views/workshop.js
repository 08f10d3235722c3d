// A kaizen workshop on the shared tablet. The facilitator sees a grid of the participants:
// one tap on a person opens the capture box for their idea or observation, saved on the
// device at once (offline too). Below, after the workshop, each idea becomes a kaizen
// challenge for its person, an experiment to try by a date, or is dropped.
// A participant opening it sees the workshop and the ideas attributed to them.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { createChallenge, createRecord, updateRecord } from '../data/outbox.js';
import { h, clear } from '../ui/dom.js';
import { choices, field, numberInput, submitOnce } from '../ui/form.js';
import { liveSection, dirtyTracker, keyedList } from '../ui/live.js';
import { maxLength } from '../domain/mutators.js';
import { viewerOf } from '../domain/access.js';
import { addDays, formatDay, localDate } from '../domain/coaching.js';
import { screen, sectionTitle, emptyState, backLink } from './parts.js';
import { TEXT as WORDS, runsIt, ideasOf, byParticipant, participantName, ideaPersonId, workshopMeta, kindBadge, statusBadge, outcomeText } from './workshop-parts.js';

const TEXT = {
  get notFound() { return t('wsScreen.notFound'); },
  get notFoundText() { return t('wsScreen.notFoundText'); },
  get back() { return t('wsScreen.back'); },
  get edit() { return t('wsScreen.edit'); },
  get summary() { return t('wsScreen.summary'); },
  get tapWho() { return t('wsScreen.tapWho'); },
  captureFor: (name) => t('wsScreen.captureFor', { name }),
  get kind() { return t('wsScreen.kind'); },
  get note() { return t('wsScreen.note'); },
  get save() { return t('wsScreen.save'); },
  get cancel() { return t('wsScreen.cancel'); },
  savedFor: (name) => t('wsScreen.savedFor', { name }),
  get after() { return t('wsScreen.after'); },
  get afterHint() { return t('wsScreen.afterHint'); },
  get noIdeas() { return t('wsScreen.noIdeas'); },
  get noIdeasText() { return t('wsScreen.noIdeasText'); },
  get makeChallenge() { return t('wsScreen.makeChallenge'); },
  get makeExperiment() { return t('wsScreen.makeExperiment'); },
  get drop() { return t('wsScreen.drop'); },
  get reopen() { return t('wsScreen.reopen'); },
  get openChallenge() { return t('wsScreen.openChallenge'); },
  get challengeTitle() { return t('wsScreen.challengeTitle'); },
  get metric() { return t('wsScreen.metric'); },
  get target() { return t('wsScreen.target'); },
  get unit() { return t('wsScreen.unit'); },
  get due() { return t('wsScreen.due'); },
  get assign() { return t('wsScreen.assign'); },
  get tryOn() { return t('wsScreen.tryOn'); },
  get markToTry() { return t('wsScreen.markToTry'); },
  get result() { return t('wsScreen.result'); },
  get saveResult() { return t('wsScreen.saveResult'); },
  get notCoached() { return t('wsScreen.notCoached'); },
  get guestIdea() { return t('wsScreen.guestIdea'); },
  get needNote() { return t('wsScreen.needNote'); },
  get needChallenge() { return t('wsScreen.needChallenge'); },
  challengeSaved: (name) => t('wsScreen.challengeSaved', { name }),
  get participantsTitle() { return t('wsScreen.participantsTitle'); },
  get yourIdeas() { return t('wsScreen.yourIdeas'); },
  get noneOfYours() { return t('wsScreen.noneOfYours'); },
};

export async function render(ctx, { id }) {
  const { session } = ctx;
  const workshop = await session.store.getRecord('workshop', id);
  if (!workshop) return screen(TEXT.notFound, h('p', {}, TEXT.notFoundText), backLink('/workshops', TEXT.back));
  return runsIt(session.profile, workshop) ? facilitatorView(ctx, workshop) : participantView(ctx, workshop);
}

async function load(session, id) {
  const data = await session.store.snapshot(['workshop', 'idea']);
  const workshop = data.workshop.find((w) => w.id === id) || null;
  return { workshop, ideas: workshop ? ideasOf(data.idea, id) : [] };
}

// ---------------------------------------------------------------- the facilitator

async function facilitatorView(ctx, first) {
  const { session } = ctx;
  const id = first.id;
  const heading = h('p', { class: 'muted', 'data-testid': 'workshop-meta' });
  const grid = h('div', { class: 'workshop-grid', 'data-testid': 'participant-grid' });
  const ideasBox = h('div', { class: 'workshop-ideas', 'data-testid': 'workshop-ideas' });
  const capture = captureBox(ctx, id, () => refresh({ force: true }));
  const ideasWork = dirtyTracker(ideasBox);
  const root = h(
    'section',
    { class: 'screen workshop-screen' },
    h('h1', { class: 'screen__title', 'data-testid': 'workshop-title' }, first.title),
    heading,
    h(
      'div',
      { class: 'actions' },
      h('a', { href: `/workshops/${encodeURIComponent(id)}/summary`, 'data-link': true, class: 'btn btn--secondary' }, TEXT.summary),
      h('a', { href: `/workshops/${encodeURIComponent(id)}/edit`, 'data-link': true, class: 'btn btn--secondary' }, TEXT.edit),
    ),
    sectionTitle(TEXT.tapWho),
    grid,
    capture.element,
    sectionTitle(TEXT.after),
    h('p', { class: 'muted small' }, TEXT.afterHint),
    ideasBox,
    backLink('/workshops', TEXT.back),
  );
  const refresh = liveSection(ctx, {
    load: () => load(session, id),
    busy: () => ideasWork.busy,
    draw: ({ workshop, ideas }) => {
      if (!workshop) return;
      root.querySelector('[data-testid="workshop-title"]').textContent = workshop.title;
      heading.textContent = workshopMeta(workshop, session.profile);
      drawGrid(grid, workshop, ideas, capture);
      ideasWork.dirty = false;
      drawIdeas(ctx, ideasBox, workshop, ideas, () => refresh({ force: true }));
    },
  });
  await refresh();
  return root;
}

/** A participant's tile: their ideas, and their observations apart ("2 ideas · 1 observation"). */
function tileCount(ideas, participant) {
  const theirs = ideas.filter((i) => i.participantId === participant.id);
  const seen = theirs.filter((i) => i.kind === 'observation').length;
  return [WORDS.ideas(theirs.length - seen), seen ? WORDS.observations(seen) : null].filter(Boolean).join(' · ');
}

function drawGrid(grid, workshop, ideas, capture) {
  // Keyed: a sync redraw keeps the buttons that did not change (a tap is never lost).
  keyedList(grid, workshop.participants || [], {
    key: (p) => p.id,
    version: (p) => [p.name, p.personId, tileCount(ideas, p), capture.current() === p.id].join('|'),
    build: (p) => {
      const on = capture.current() === p.id;
      const button = h(
        'button',
        { type: 'button', class: ['workshop-person', on ? 'workshop-person--on' : null], 'data-testid': 'participant', 'aria-pressed': String(on) },
        h('span', { class: 'workshop-person__name' }, p.name),
        h('span', { class: 'workshop-person__count' }, [tileCount(ideas, p), p.personId ? null : WORDS.guest].filter(Boolean).join(' · ')),
      );
      button.addEventListener('click', () => capture.open(p, button));
      return button;
    },
  });
}

/** The capture box under the grid: kind, note, Save. One box, moved to whoever was tapped. */
function captureBox(ctx, workshopId, saved) {
  let participant = null;
  let opener = null;
  const title = h('h2', { class: 'section-title', id: 'capture-title', 'aria-live': 'polite' });
  const kind = choices({ options: [['idea', WORDS.idea], ['observation', WORDS.observation]], value: 'idea', label: TEXT.kind, className: 'segmented', optionClass: 'segmented__option', onClass: 'segmented__on' });
  const note = h('textarea', { class: 'input input--note', name: 'note', rows: 3, maxlength: maxLength('idea', 'note') });
  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const close = () => {
    participant = null;
    element.classList.add('is-hidden');
    element.parentElement && element.parentElement.querySelectorAll('.workshop-person--on').forEach((b) => {
      b.classList.remove('workshop-person--on');
      b.setAttribute('aria-pressed', 'false');
    });
    if (opener && opener.isConnected) opener.focus();
  };
  const save = submitOnce(async () => {
    if (!note.value.trim()) {
      error.textContent = TEXT.needNote;
      error.classList.remove('is-hidden');
      return note.focus();
    }
    const who = participant;
    await createRecord(ctx.session.store, 'idea', { workshopId, participantId: who.id, kind: kind.value, note: note.value.trim(), capturedAt: new Date().toISOString() });
    note.value = '';
    error.classList.add('is-hidden');
    ctx.toast(TEXT.savedFor(who.name));
    close();
    saved();
  });
  const element = h(
    'form',
    { class: 'card workshop-capture is-hidden', 'aria-labelledby': 'capture-title', 'data-testid': 'capture', novalidate: true, onsubmit: save },
    title,
    h('div', { class: 'field' }, h('span', { class: 'field__label' }, TEXT.kind), kind),
    field(TEXT.note, note),
    error,
    h('div', { class: 'workshop-capture__actions' }, h('button', { type: 'submit', class: 'btn btn--primary btn--block' }, TEXT.save), h('button', { type: 'button', class: 'btn btn--ghost btn--block', onclick: close }, TEXT.cancel)),
  );
  return {
    element,
    current: () => participant && participant.id,
    open(p, button) {
      participant = p;
      opener = button;
      title.textContent = TEXT.captureFor(p.name);
      for (const b of button.parentElement.children) {
        const on = b === button;
        b.classList.toggle('workshop-person--on', on);
        b.setAttribute('aria-pressed', String(on));
      }
      element.classList.remove('is-hidden');
      note.focus({ preventScroll: true });
      element.scrollIntoView({ block: 'nearest' }); // the whole box in sight, Save included
    },
  };
}

function drawIdeas(ctx, box, workshop, ideas, changed) {
  clear(box);
  if (!ideas.length) return box.append(emptyState(TEXT.noIdeas, TEXT.noIdeasText));
  for (const { participant, ideas: theirs } of byParticipant(workshop, ideas)) {
    if (!theirs.length) continue;
    box.append(h('h3', { class: 'workshop-ideas__who' }, participant.name), ...theirs.map((idea) => ideaCard(ctx, workshop, idea, changed)));
  }
}

function ideaCard(ctx, workshop, idea, changed) {
  const { session } = ctx;
  const personId = ideaPersonId(workshop, idea);
  const viewer = viewerOf(session.profile);
  const coachable = personId && (viewer.coachees.has(personId) || personId === viewer.me);
  const name = participantName(workshop, idea.participantId);
  const extra = h('div', { class: 'workshop-idea__extra' });
  const set = async (fields) => {
    await updateRecord(session.store, 'idea', idea.id, fields);
    changed();
  };
  // The inline form takes the focus: a sync redraw waits while the person is in it.
  const open = (inline) => (clear(extra).append(inline), inline.querySelector('input').focus());
  const button = (label, onclick, cls = 'btn btn--secondary btn--small') => h('button', { type: 'button', class: cls, onclick }, label);
  let actions = [];
  if (idea.status === 'open') {
    actions = [
      coachable ? button(TEXT.makeChallenge, () => open(challengeForm(ctx, workshop, idea, personId, name, changed))) : null,
      button(TEXT.makeExperiment, () => open(experimentForm(idea, set))),
      button(TEXT.drop, () => set({ status: 'dropped' }), 'btn btn--ghost btn--small'),
    ];
  } else if (idea.status === 'challenge') {
    actions = [h('a', { href: `/challenges/${encodeURIComponent(idea.challengeId)}`, 'data-link': true, class: 'btn btn--secondary btn--small' }, TEXT.openChallenge)];
  } else {
    actions = [button(TEXT.reopen, () => set({ status: 'open' }), 'btn btn--ghost btn--small')];
  }
  if (idea.status === 'experiment') extra.append(resultForm(idea, set));
  const hint = idea.status === 'open' && !coachable ? h('p', { class: 'muted small' }, personId ? TEXT.notCoached : TEXT.guestIdea) : null;
  return h(
    'article',
    { class: 'card workshop-idea', 'data-testid': 'idea', dataset: { id: idea.id } },
    h('div', { class: 'obs__badges' }, kindBadge(idea.kind), statusBadge(idea)),
    h('p', { class: 'workshop-idea__note' }, idea.note),
    outcomeText(idea) ? h('p', { class: 'muted small' }, outcomeText(idea)) : null,
    hint,
    h('div', { class: 'workshop-idea__actions' }, actions),
    extra,
  );
}

function challengeForm(ctx, workshop, idea, personId, name, changed) {
  const input = (label, attrs, value = '') => {
    const el = h('input', { class: 'input', ...attrs });
    el.value = value;
    return [el, field(label, el)];
  };
  const [title, titleField] = input(TEXT.challengeTitle, { name: 'title', type: 'text', maxlength: maxLength('challenge', 'title') }, idea.note.slice(0, 120));
  const [metric, metricField] = input(TEXT.metric, { name: 'metric', type: 'text', maxlength: 120 });
  const value = numberInput({ name: 'targetValue' });
  const valueField = field(TEXT.target, value);
  const [unit, unitField] = input(TEXT.unit, { name: 'unit', type: 'text', maxlength: 30 });
  const [due, dueField] = input(TEXT.due, { name: 'dueOn', type: 'date' }, addDays(localDate(), 28));
  const error = h('p', { class: 'error is-hidden', role: 'alert' });
  const submit = submitOnce(async () => {
    const read = value.read(TEXT.target);
    const target = read.value;
    if (!title.value.trim() || !metric.value.trim() || read.message || target === null || !due.value) {
      error.textContent = read.message || TEXT.needChallenge;
      return error.classList.remove('is-hidden');
    }
    // Two changes, in this order in the outbox: the challenge, then the idea naming it.
    const made = await createChallenge(ctx.session.store, {
      learnerId: personId,
      mode: 'kaizen',
      title: title.value.trim(),
      problem: idea.note,
      target: { metric: metric.value.trim(), baseline: null, value: target, unit: unit.value.trim() },
      dueOn: due.value,
    });
    await updateRecord(ctx.session.store, 'idea', idea.id, { status: 'challenge', challengeId: made.args.id });
    ctx.toast(TEXT.challengeSaved(name));
    changed();
  });
  return h('form', { class: 'workshop-inline', novalidate: true, onsubmit: submit, 'data-testid': 'challenge-from-idea' }, titleField, h('div', { class: 'workshop-row' }, metricField, valueField, unitField), dueField, error, h('button', { type: 'submit', class: 'btn btn--primary' }, TEXT.assign));
}

function experimentForm(idea, set) {
  const tryOn = h('input', { class: 'input', name: 'tryOn', type: 'date' });
  tryOn.value = idea.tryOn || addDays(localDate(), 7);
  return h(
    'form',
    { class: 'workshop-inline', novalidate: true, onsubmit: submitOnce(async () => tryOn.value && set({ status: 'experiment', tryOn: tryOn.value })) },
    field(TEXT.tryOn, tryOn),
    h('button', { type: 'submit', class: 'btn btn--primary' }, TEXT.markToTry),
  );
}

function resultForm(idea, set) {
  const result = h('textarea', { class: 'input', name: 'result', rows: 2, maxlength: maxLength('idea', 'result') });
  result.value = idea.result || '';
  return h(
    'form',
    { class: 'workshop-inline', novalidate: true, onsubmit: submitOnce(() => set({ result: result.value.trim() })) },
    field(`${TEXT.result} (${formatDay(idea.tryOn)})`, result),
    h('button', { type: 'submit', class: 'btn btn--secondary btn--small' }, TEXT.saveResult),
  );
}

// ---------------------------------------------------------------- a participant

async function participantView(ctx, first) {
  const { session } = ctx;
  const body = h('div', {});
  const root = screen(first.title, body, backLink('/workshops', TEXT.back));
  const refresh = liveSection(ctx, {
    load: () => load(session, first.id),
    draw: ({ workshop, ideas }) => {
      if (!workshop) return;
      clear(body).append(
        h('p', { class: 'muted', 'data-testid': 'workshop-meta' }, workshopMeta(workshop, session.profile)),
        sectionTitle(TEXT.participantsTitle, (workshop.participants || []).length),
        h('p', {}, (workshop.participants || []).map((p) => p.name).join(', ')),
        sectionTitle(TEXT.yourIdeas, ideas.length),
        ideas.length
          ? h(
              'div',
              { class: 'list' },
              ideas.map((idea) =>
                h(
                  'article',
                  { class: 'card workshop-idea', 'data-testid': 'idea' },
                  h('div', { class: 'obs__badges' }, kindBadge(idea.kind), statusBadge(idea)),
                  h('p', { class: 'workshop-idea__note' }, idea.note),
                  outcomeText(idea) ? h('p', { class: 'muted small' }, outcomeText(idea)) : null,
                  idea.status === 'challenge' ? h('a', { href: `/challenges/${encodeURIComponent(idea.challengeId)}`, 'data-link': true, class: 'btn btn--secondary btn--small' }, TEXT.openChallenge) : null,
                ),
              ),
            )
          : h('p', { class: 'muted' }, TEXT.noneOfYours),
      );
    },
  });
  await refresh();
  return root;
}
