// The printable summary of a workshop: heading, who took part, and each participant's ideas
// with what became of them. Read from the device, so it prints offline; print CSS
// (css/workshop.css) drops the buttons and keeps it to one page where it fits (§80).

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { liveSection } from '../ui/live.js';
import { screen, backLink } from './parts.js';
import { TEXT as WORDS, ideasOf, byParticipant, workshopMeta, outcomeText } from './workshop-parts.js';

const TEXT = {
  get notFound() { return t('wsSummary.notFound'); },
  get notFoundText() { return t('wsSummary.notFoundText'); },
  get print() { return t('wsSummary.print'); },
  get back() { return t('wsSummary.back'); },
  facilitator: (name) => t('wsSummary.facilitator', { name }),
  get participants() { return t('wsSummary.participants'); },
  get ideas() { return t('wsSummary.ideas'); },
  get noIdeas() { return t('wsSummary.noIdeas'); },
};

export async function render(ctx, { id }) {
  const { session } = ctx;
  if (!(await session.store.getRecord('workshop', id))) return screen(TEXT.notFound, h('p', {}, TEXT.notFoundText), backLink('/workshops', t('wsList.title')));
  const sheet = h('article', { class: 'workshop-summary', 'data-testid': 'workshop-summary' });
  const root = h(
    'section',
    { class: 'screen workshop-summary-screen' },
    h('div', { class: 'actions no-print' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => window.print() }, TEXT.print), backLink(`/workshops/${encodeURIComponent(id)}`, TEXT.back)),
    sheet,
  );
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(['workshop', 'idea']),
    draw: (data) => {
      const workshop = data.workshop.find((w) => w.id === id);
      if (!workshop) return;
      const ideas = ideasOf(data.idea, id);
      clear(sheet).append(
        h('header', { class: 'workshop-summary__head' }, h('h1', { class: 'screen__title' }, workshop.title), h('p', {}, workshopMeta(workshop, session.profile)), workshop.authorName ? h('p', { class: 'muted small' }, TEXT.facilitator(workshop.authorName)) : null),
        h('h2', { class: 'section-title' }, TEXT.participants),
        h('p', {}, (workshop.participants || []).map((p) => (p.personId ? p.name : `${p.name} (${WORDS.guest})`)).join(', ')),
        h('h2', { class: 'section-title' }, TEXT.ideas),
        ideas.length ? table(workshop, ideas) : h('p', {}, TEXT.noIdeas),
      );
    },
  });
  await refresh();
  return root;
}

function table(workshop, ideas) {
  return h(
    'div',
    { class: 'workshop-summary__groups' },
    byParticipant(workshop, ideas)
      .filter((g) => g.ideas.length)
      .map(({ participant, ideas: theirs }) =>
        h(
          'section',
          { class: 'workshop-summary__group' },
          h('h3', {}, participant.name),
          h(
            'ul',
            {},
            theirs.map((idea) =>
              h(
                'li',
                { 'data-testid': 'summary-idea' },
                h('span', { class: 'workshop-summary__kind' }, `${idea.kind === 'observation' ? WORDS.observation : WORDS.idea} · ${WORDS.statuses[idea.status] || idea.status}`),
                ' ',
                idea.note,
                outcomeText(idea) ? h('span', { class: 'muted' }, ` (${outcomeText(idea)})`) : null,
              ),
            ),
          ),
        ),
      ),
  );
}
