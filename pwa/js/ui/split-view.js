// Tablets (≥ 900 px wide): a list and what it opens, side by side (docs/decisions.md §87).
// Today's list beside the challenge it opens, Team beside the person. The router asks for a
// split on those paths only; the views are the phone's own, drawn into two panes. The list
// pane is kept while the person opens one item after another (its scroll stays), and its
// live redraws are ended only when the list changes or the split is left.

import { h } from './dom.js';
import { t } from '../i18n/i18n.js';
import '../i18n/screens.js';

let kept = null; // {name, pane, cleanups, observer}

/** End the kept list pane's live redraws (the next screen is not a split). */
export function drop() {
  if (!kept) return;
  kept.observer.disconnect();
  for (const fn of kept.cleanups.splice(0)) {
    try {
      fn();
    } catch (err) {
      console.error(err);
    }
  }
  kept = null;
}

/**
 * The split screen: the `name` list (its view loaded by `listView`) on the left, the route's
 * own screen on the right (none when the route is the list itself: a hint instead).
 * `renderView(entry, params, ctx)` draws a view as the router does.
 */
export async function render({ ctx, name, listEntry, entry, params, renderView }) {
  const detail = entry === listEntry ? Promise.resolve(placeholder()) : renderView(entry, params, ctx);
  const pane = kept && kept.name === name ? kept.pane : await listPane(ctx, name, listEntry, renderView);
  const detailPane = h('div', { class: 'split__detail', 'data-testid': 'split-detail' }, await detail);
  const split = h('div', { class: 'split', 'data-testid': 'split' }, pane, detailPane);
  markSelected(pane);
  return split;
}

async function listPane(ctx, name, listEntry, renderView) {
  drop();
  const cleanups = [];
  // The list's own context: what it leaves behind is ended with the list, not with each detail.
  const listCtx = Object.create(ctx, {
    onLeave: { value: (fn) => cleanups.push(fn) },
    listen: {
      value: (target, type, fn) => {
        target.addEventListener(type, fn);
        cleanups.push(() => target.removeEventListener(type, fn));
      },
    },
  });
  const pane = h('div', { class: 'split__list', 'data-testid': 'split-list', dataset: { split: name }, 'aria-label': t(name === 'team' ? 'split.team' : 'split.today') }, await renderView(listEntry, {}, listCtx));
  pane.setAttribute('role', 'region');
  // The list redraws itself when sync brings data: keep the open item marked.
  const observer = new MutationObserver(() => markSelected(pane));
  observer.observe(pane, { childList: true, subtree: true });
  kept = { name, pane, cleanups, observer };
  return pane;
}

function placeholder() {
  return h('div', { class: 'split__empty', 'data-testid': 'split-empty' }, h('p', { class: 'muted' }));
}

/**
 * The hint beside the list: open an item, or, while the list has none, what will fill it
 * (not "open an item from the list" beside an empty list).
 */
function fitHint(pane) {
  const hint = pane.parentElement && pane.parentElement.querySelector('[data-testid="split-empty"] p');
  if (!hint) return;
  const team = pane.dataset.split === 'team';
  const key = pane.querySelector('.item') ? (team ? 'split.emptyTeam' : 'split.emptyToday') : team ? 'split.noTeam' : 'split.nothingToday';
  if (hint.dataset.key !== key) {
    hint.dataset.key = key;
    hint.textContent = t(key);
  }
}

/** The list item that is open on the right is marked (aria-current); the hint fits the list. */
function markSelected(pane) {
  fitHint(pane);
  for (const link of pane.querySelectorAll('a[href]')) {
    const on = link.getAttribute('href') === location.pathname;
    if (on && link.getAttribute('aria-current') !== 'page') link.setAttribute('aria-current', 'page');
    else if (!on && link.hasAttribute('aria-current')) link.removeAttribute('aria-current');
  }
}
