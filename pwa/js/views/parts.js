// Building blocks shared by the coaching screens: titles, back links, badges,
// list items for challenges and goals, empty states. DOM only through h().

import { t } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { STATUSES, GOAL_STATUSES, modeLabel, targetText, formatNumber, progress, formatDay } from '../domain/coaching.js';

export function screen(title, ...children) {
  return h('section', { class: 'screen' }, h('h1', { class: 'screen__title' }, title), ...children);
}

export function backLink(href, label) {
  return h('a', { href, 'data-link': true, class: 'backlink' }, h('span', { 'aria-hidden': 'true' }, '‹ '), label);
}

export function sectionTitle(text, count = null, testid = null) {
  return h(
    'h2',
    { class: 'section-title', 'data-testid': testid },
    text,
    count !== null ? h('span', { class: 'section-title__count' }, ` ${count}`) : null,
  );
}

export function emptyState(title, text) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty__title' }, title), text ? h('p', {}, text) : null);
}

export function statusBadge(status) {
  return h('span', { class: ['badge', `badge--status-${status}`], 'data-testid': 'status' }, STATUSES[status] || status);
}

export function goalStatusBadge(status) {
  return h('span', { class: ['badge', `badge--goal-${status}`] }, GOAL_STATUSES[status] || status);
}

export function modeBadge(mode) {
  return h('span', { class: ['badge', 'badge--mode'] }, modeLabel(mode));
}

export function flaggedBadge(record) {
  return record.flagged
    ? h('span', { class: 'badge badge--flagged', title: t('card.flaggedHint') }, t('card.flagged'))
    : null;
}

/** A tappable challenge row: title, who, mode, status, target. `note` adds a line (e.g. "due today"). */
export function challengeItem(challenge, { note = null, late = false, showLearner = true, testid = 'challenge-item' } = {}) {
  const who = showLearner && challenge.learnerName ? challenge.learnerName : null;
  return h(
    'a',
    { href: `/challenges/${encodeURIComponent(challenge.id)}`, 'data-link': true, class: 'item', 'data-testid': testid, dataset: { id: challenge.id } },
    h('span', { class: 'item__badges' }, statusBadge(challenge.status), modeBadge(challenge.mode), flaggedBadge(challenge)),
    h('span', { class: 'item__title' }, challenge.title),
    h('span', { class: 'item__meta' }, [who, targetText(challenge.target)].filter(Boolean).join(' · ')),
    note ? h('span', { class: ['item__note', late ? 'item__note--late' : null] }, note) : null,
  );
}

export function goalItem(goal, { note = null, showLearner = true } = {}) {
  return h(
    'a',
    { href: `/goals/${encodeURIComponent(goal.id)}`, 'data-link': true, class: 'item', 'data-testid': 'goal-item', dataset: { id: goal.id } },
    h('span', { class: 'item__badges' }, h('span', { class: 'badge badge--goal' }, t('parts.goal')), goalStatusBadge(goal.status), flaggedBadge(goal)),
    h('span', { class: 'item__title' }, goal.action),
    h('span', { class: 'item__meta' }, [showLearner ? goal.learnerName : null, goal.reason].filter(Boolean).join(' · ')),
    note ? h('span', { class: 'item__note' }, note) : null,
  );
}

/** Target vs actual, with a bar when the baseline is known. */
export function targetBlock(challenge) {
  const target = challenge.target || {};
  const share = progress(target, challenge.actual);
  const unit = target.unit ? ` ${target.unit}` : '';
  return h(
    'div',
    { class: 'card target', 'data-testid': 'target' },
    h('p', { class: 'target__metric' }, target.metric || t('parts.target')),
    h(
      'dl',
      { class: 'target__numbers' },
      h('div', {}, h('dt', {}, t('parts.baseline')), h('dd', {}, `${formatNumber(target.baseline)}${target.baseline != null ? unit : ''}`)),
      h('div', {}, h('dt', {}, t('parts.target')), h('dd', {}, `${formatNumber(target.value)}${unit}`)),
      h('div', {}, h('dt', {}, t('parts.actual')), h('dd', { 'data-testid': 'actual' }, challenge.actual != null ? `${formatNumber(challenge.actual)}${unit}` : t('parts.notReported'))),
    ),
    share !== null
      ? h(
          'div',
          { class: 'progress', role: 'img', 'aria-label': t('parts.progress', { percent: Math.round(share * 100) }) },
          h('span', { class: ['progress__bar', `progress__bar--${Math.round(share * 10)}`] }),
        )
      : null,
    challenge.dueOn ? h('p', { class: 'muted small' }, t('parts.due', { day: formatDay(challenge.dueOn) })) : null,
  );
}

/** Key–value lines for read-only text fields, skipping empty ones. */
export function facts(pairs) {
  const rows = pairs.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (!rows.length) return null;
  return h('dl', { class: 'facts' }, rows.map(([label, value]) => h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', {}, value))));
}
