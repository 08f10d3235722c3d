// Mentor view: the people two levels down, for career conversations.
// Their goals and challenges are shown read-only (day-to-day coaching stays
// with their coach); the mentor's own notes are a separate record type that
// only the mentor and the person can read — never the direct coach.
// `/mentor` lists the mentees, `/mentor/<id>` is one of them.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { createMentorNote, updateRecord } from '../data/outbox.js';
import { h, clear } from '../ui/dom.js';
import { field } from '../ui/form.js';
import { isActive, personLabel, targetText, formatNumber, STATUSES, GOAL_STATUSES, modeLabel, formatDay, localDate } from '../domain/coaching.js';
import { put } from '../ui/dom.js';
import { liveSection } from '../ui/live.js';
import { myId } from '../domain/access.js';
import { coachesOf } from '../domain/analytics.js';
import { screen, backLink, sectionTitle, emptyState } from './parts.js';

export async function render(ctx, { id = null } = {}) {
  return id ? mentee(ctx, id) : list(ctx);
}

async function list(ctx) {
  const { session } = ctx;
  const profile = session.profile;
  const mentees = [...(profile.mentees || [])].sort((a, b) => a.name.localeCompare(b.name));
  const body = h('div', { class: 'team-list' });
  const root = screen(
    t('tab.mentor'),
    h('p', { class: 'muted' }, t('mentor.hint')),
    coachesOf(myId(profile), profile.people || []).length ? h('div', { class: 'actions' }, h('a', { href: '/insight/coaches?from=mentor', 'data-link': true, class: 'btn btn--secondary', 'data-testid': 'mentor-coaches-link' }, t('mentor.coachesLink'))) : null,
    body,
  );
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(['challenge', 'mentor_note']),
    draw: (data) => {
      clear(body);
      if (!mentees.length) return body.append(emptyState(t('mentor.empty'), t('mentor.emptyHint')));
      body.append(...mentees.map((m) => menteeCard(profile, m, data)));
    },
  });
  await refresh();
  return root;
}

function menteeCard(profile, m, data) {
  const active = data.challenge.filter((c) => c.learnerId === m.id && isActive(c)).length;
  const notes = data.mentor_note.filter((n) => n.personId === m.id).length;
  return h(
    'a',
    { href: `/mentor/${encodeURIComponent(m.id)}`, 'data-link': true, class: 'item team-card', 'data-testid': 'mentee-card' },
    h('span', { class: 'team-card__head' }, h('span', { class: 'team-card__name' }, m.name)),
    h('span', { class: 'team-card__via' }, t('mentor.coachedBy', { name: personLabel(profile, m.managerId) })),
    h('span', { class: 'team-card__stats' }, h('span', {}, `${active} active ${active === 1 ? 'challenge' : 'challenges'}`), h('span', {}, `${notes} career ${notes === 1 ? 'note' : 'notes'}`)),
  );
}

async function mentee(ctx, id) {
  const { session } = ctx;
  const profile = session.profile;
  const person = (profile.mentees || []).find((m) => m.id === id);
  if (!person) return screen(t('mentor.notMentee'), h('p', {}, t('mentor.notMenteeHint')), backLink('/mentor', t('tab.mentor')));

  const notesBox = h('div', { class: 'mentor-notes__list', 'data-testid': 'mentor-notes' });
  const coaching = h('div', { class: 'storyboard' });
  const draft = h('textarea', { class: 'input', rows: 3, maxlength: 5000, 'aria-label': t('mentor.newNote'), placeholder: t('mentor.placeholder') });
  const add = h('button', { type: 'button', class: 'btn btn--primary btn--block' }, t('mentor.add'));
  add.addEventListener('click', async () => {
    const note = draft.value.trim();
    if (!note) return draft.focus();
    add.disabled = true;
    try {
      await createMentorNote(session.store, { personId: id, note });
      draft.value = '';
      ctx.toast(t('mentor.saved'));
    } finally {
      add.disabled = false;
    }
  });

  const root = screen(
    person.name,
    h('p', { class: 'muted' }, t('mentor.coachedByCap', { name: personLabel(profile, person.managerId) })),
    h(
      'section',
      { class: 'card mentor-notes', 'data-testid': 'career-notes' },
      h('h2', { class: 'card__title' }, t('mentor.notes')),
      h('p', { class: 'mentor-notes__privacy' }, t('mentor.privacy', { name: person.name })),
      notesBox,
      field(t('mentor.note'), draft),
      add,
    ),
    h('h2', { class: 'section-title' }, t('mentor.theirCoaching')),
    coaching,
    backLink('/mentor', t('tab.mentor')),
  );

  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(['goal', 'challenge', 'mentor_note']),
    draw: (data) => {
      const notes = data.mentor_note.filter((n) => n.personId === id).sort((a, b) => (a.at < b.at ? 1 : -1));
      if (!notesBox.querySelector('textarea')) {
        // (not while a note is being edited)
        put(clear(notesBox), notes.length ? notes.map((n) => noteItem(ctx, n, () => refresh())) : h('p', { class: 'muted' }, t('mentor.noNotes')));
      }
      put(clear(coaching), menteeCoaching(data, id));
    },
  });
  await refresh();
  return root;
}

/** A mentee's goals and challenges, read-only. */
function menteeCoaching(data, id) {
  const goals = data.goal.filter((g) => g.learnerId === id);
  const challenges = data.challenge.filter((c) => c.learnerId === id).sort((a, b) => Number(isActive(b)) - Number(isActive(a)));
  const actual = (c) => (c.actual != null ? ` · ${t('mentor.actual', { actual: formatNumber(c.actual) })}` : '');
  return [
    sectionTitle(t('person.goals'), goals.length),
    goals.length
      ? goals.map((g) => h('div', { class: 'item item--static', 'data-testid': 'mentee-goal' }, h('span', { class: 'item__title' }, g.action), h('span', { class: 'item__meta' }, `${GOAL_STATUSES[g.status]} · ${g.reason}`)))
      : h('p', { class: 'muted' }, t('mentor.noneYet')),
    sectionTitle(t('person.challenges'), challenges.length),
    challenges.length
      ? challenges.map((c) => h('div', { class: 'item item--static', 'data-testid': 'mentee-challenge' }, h('span', { class: 'item__title' }, c.title), h('span', { class: 'item__meta' }, `${STATUSES[c.status]} · ${modeLabel(c.mode)} · ${targetText(c.target)}${actual(c)}`)))
      : h('p', { class: 'muted' }, t('mentor.noneYet')),
  ];
}

function noteItem(ctx, n, redraw) {
  const mine = n.authorId === ctx.session.personId;
  const item = h(
    'article',
    { class: 'mentor-note', 'data-testid': 'mentor-note' },
    h('p', { class: 'muted small' }, `${formatDay(localDate(new Date(n.at)))}${mine ? '' : ` · ${n.authorName}`}`),
    h('p', { class: 'prose' }, n.note),
  );
  if (mine) {
    item.append(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--small btn--ghost',
          onclick: () => {
            const text = h('textarea', { class: 'input', rows: 3, maxlength: 5000, 'aria-label': t('mentor.editNote') });
            text.value = n.note;
            const save = h('button', { type: 'button', class: 'btn btn--small btn--primary' }, t('common.save'));
            save.addEventListener('click', async () => {
              if (!text.value.trim()) return text.focus();
              const mutation = await updateRecord(ctx.session.store, 'mentor_note', n.id, { note: text.value.trim() });
              item.replaceChildren(); // editing is over: let the list redraw
              await redraw();
              ctx.toast(mutation ? t('common.savedOnDevice') : t('edit.unchanged'));
            });
            item.replaceChildren(text, h('div', { class: 'row' }, save));
            text.focus();
          },
        },
        t('mentor.edit'),
      ),
    );
  }
  return item;
}
