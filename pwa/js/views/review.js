// Needs review: every record of this person's that was changed on two devices
// at once (or deleted on one while changed on another). Each opens the
// resolve screen. Reached from the banner shown while any wait.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { recordTitle, reviewPath, TYPE_LABELS } from '../domain/conflicts.js';
import { h, clear } from '../ui/dom.js';
import { formatWhen } from '../ui/format.js';
import { liveSection } from '../ui/live.js';

export async function render(ctx) {
  const { session } = ctx;
  const list = h('div', { class: 'obs-list', 'data-testid': 'review-list' });

  const refresh = liveSection(ctx, {
    load: () => session.store.listFlagged(session.personId),
    draw: (flagged) => {
      clear(list);
      if (!flagged.length) {
        list.append(h('div', { class: 'empty' }, h('p', { class: 'empty__title' }, t('review.empty')), h('p', {}, t('review.emptyHint'))));
        return;
      }
      list.append(...flagged.map(({ type, data }) => reviewItem(type, data)));
    },
  });
  await refresh();
  return h(
    'section',
    { class: 'screen' },
    h('h1', { class: 'screen__title' }, t('card.flagged')),
    h(
      'p',
      { class: 'muted' },
      t('review.hint'),
    ),
    list,
    h('a', { href: '/', 'data-link': true, class: 'btn btn--secondary btn--block' }, t('common.back')),
  );
}

function reviewItem(type, data) {
  return h(
    'a',
    { href: reviewPath(type, data.id), 'data-link': true, class: 'obs', 'data-testid': 'review-item' },
    h('div', { class: 'obs__badges' }, h('span', { class: 'badge' }, TYPE_LABELS[type] || type), h('span', { class: 'badge badge--flagged' }, t('card.flagged'))),
    h('p', { class: 'obs__note' }, recordTitle(type, data)),
    h('p', { class: 'obs__meta' }, t('review.changed', { when: formatWhen(data.updatedAt, { inline: true }) })),
  );
}
