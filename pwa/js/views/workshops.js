// Workshops: the kaizen workshops I ran and the ones I took part in, newest first, and the
// way into a new one. Everything comes from the device's store, so it works offline.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { liveSection } from '../ui/live.js';
import { screen, sectionTitle, emptyState, backLink } from './parts.js';
import { TEXT as WORDS, runsIt, ideasOf, workshopMeta } from './workshop-parts.js';

const TEXT = {
  get title() { return t('wsList.title'); },
  get newWorkshop() { return t('wsList.newWorkshop'); },
  get ran() { return t('wsList.ran'); },
  get tookPart() { return t('wsList.tookPart'); },
  get emptyTitle() { return t('wsList.emptyTitle'); },
  get emptyText() { return t('wsList.emptyText'); },
  get back() { return t('wsList.back'); },
};

export async function render(ctx) {
  const { session } = ctx;
  const body = h('div', { class: 'workshops' });
  const root = screen(
    TEXT.title,
    h('a', { href: '/workshops/new', 'data-link': true, class: 'btn btn--primary btn--block', 'data-testid': 'new-workshop' }, TEXT.newWorkshop),
    body,
    backLink('/observations', TEXT.back),
  );
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(['workshop', 'idea']),
    draw: (data) => {
      const byNewest = [...data.workshop].sort((a, b) => (a.heldOn < b.heldOn ? 1 : a.heldOn > b.heldOn ? -1 : 0));
      const ran = byNewest.filter((w) => runsIt(session.profile, w));
      const tookPart = byNewest.filter((w) => !runsIt(session.profile, w));
      clear(body);
      if (!byNewest.length) return body.append(emptyState(TEXT.emptyTitle, TEXT.emptyText));
      const list = (workshops) => h('div', { class: 'list' }, workshops.map((w) => item(w, ideasOf(data.idea, w.id).length, session.profile)));
      if (ran.length) body.append(sectionTitle(TEXT.ran, ran.length), list(ran));
      if (tookPart.length) body.append(sectionTitle(TEXT.tookPart, tookPart.length), list(tookPart));
    },
  });
  await refresh();
  return root;
}

function item(workshop, ideaCount, profile) {
  return h(
    'a',
    { href: `/workshops/${encodeURIComponent(workshop.id)}`, 'data-link': true, class: 'item', 'data-testid': 'workshop-item', dataset: { id: workshop.id } },
    h('span', { class: 'item__title' }, workshop.title),
    h('span', { class: 'item__meta' }, [workshopMeta(workshop, profile), WORDS.ideas(ideaCount)].join(' · ')),
  );
}
