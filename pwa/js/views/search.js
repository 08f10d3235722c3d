// Search (issue 13 point 4, docs/decisions.md §97): the notes, goals, challenges and check-ins
// this device holds for the signed-in person, searched here, offline. The index (domain/
// search.js) is built from the person's own store on the first search and follows their
// records as they change; it belongs to one person: another person signed in on a shared
// device gets an index of their own store, never this one.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { field, searchBox } from '../ui/form.js';
import { formatDay, localDate } from '../domain/coaching.js';
import { SearchIndex, SEARCHED_KINDS } from '../domain/search.js';
import { viewerOf } from '../domain/access.js';
import { liveSection } from '../ui/live.js';
import { screen, emptyState } from './parts.js';
import { sessionEvents } from '../session.js';

let kept = null; // {personId, index}: the signed-in person's index, kept between visits

// Signed out, or another person on a shared device: the index (their words, in memory) goes
// at once, not when the next person opens Search.
sessionEvents.addEventListener('end', () => {
  kept = null;
});

/** Whose index this page holds in memory, or null (a shared device's story checks it). */
export const indexedPerson = () => (kept ? kept.personId : null);

function indexFor(personId) {
  if (!kept || kept.personId !== personId) kept = { personId, index: new SearchIndex() };
  return kept.index;
}

const TYPE_WORDS = { observation: 'search.type.observation', goal: 'search.type.goal', challenge: 'search.type.challenge', checkin: 'search.type.checkin' };

export async function render(ctx) {
  const { session } = ctx;
  const index = indexFor(session.personId);
  const query = h('input', { type: 'search', class: 'input input--search', name: 'q', autocomplete: 'off', enterkeyhint: 'search', 'data-testid': 'search-input', autofocus: true });
  query.value = new URLSearchParams(location.search).get('q') || '';
  const status = h('p', { class: 'muted search__status', role: 'status', 'data-testid': 'search-status' });
  const results = h('ul', { class: 'list search__results', 'data-testid': 'search-results' });
  // The keyboard's Search key: the results are already there; the keyboard goes, so a phone
  // shows them instead of covering them.
  const form = h('form', { role: 'search', class: 'form search__form', onsubmit: (e) => (e.preventDefault(), query.blur()) }, field(t('search.label'), searchBox(query), t('search.hint')));
  const root = screen(t('search.title'), form, status, results);

  function show() {
    const text = query.value.trim();
    clear(results);
    if (!text) {
      status.textContent = '';
      results.append(h('li', { class: 'search__empty' }, emptyState(t('search.emptyTitle'), t('search.emptyHint', { count: index.size }))));
      return;
    }
    const answer = index.search(text);
    status.classList.toggle('visually-hidden', !answer.total); // the empty state below says it
    if (!answer.total) {
      status.textContent = t('search.noResults', { query: text });
      results.append(h('li', { class: 'search__empty', 'data-testid': 'search-none' }, emptyState(t('search.noResults', { query: text }), t('search.tryHint'))));
      return;
    }
    status.textContent = answer.total > answer.results.length ? t('search.manyResults', { count: answer.total, shown: answer.results.length }) : t('search.results', { count: answer.total });
    results.append(...answer.results.map(resultItem));
  }

  query.addEventListener('input', () => {
    const text = query.value.trim();
    history.replaceState(null, '', text ? `/search?q=${encodeURIComponent(text)}` : '/search');
    show();
  });
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(SEARCHED_KINDS),
    draw: (records) => {
      index.sync(records, viewerOf(session.profile));
      show();
    },
  });
  await refresh();
  return root;
}

/** One result: what it is, its title and the words around the match, highlighted; a link to it. */
function resultItem(result) {
  const observation = result.type === 'observation';
  const day = result.at ? formatDay(localDate(result.at)) : null;
  const meta = [observation ? null : result.personName, day].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: 'search__result' },
    h(
      'a',
      { href: result.href, 'data-link': true, class: 'item', 'data-testid': 'search-result', dataset: { type: result.type, id: result.id } },
      h(
        'span',
        { class: 'item__badges' },
        h('span', { class: ['badge', `badge--search-${result.type}`] }, t(TYPE_WORDS[result.type])),
        // Her own private note says so, as on Today: on a shared screen she knows what not to show.
        observation && result.record.visibility === 'private' ? h('span', { class: 'badge badge--private', 'data-testid': 'search-private' }, t('card.private')) : null,
      ),
      h('span', { class: 'item__title' }, observation ? result.personName || t('search.noteNobody') : marked(result.titleParts)),
      result.snippet.length ? h('span', { class: 'item__snippet' }, marked(result.snippet)) : null,
      meta ? h('span', { class: 'item__meta' }, meta) : null,
    ),
  );
}

/** highlight() pieces as text and <mark> elements (never HTML: the words are the person's). */
function marked(pieces) {
  return pieces.map((piece) => (piece.hit ? h('mark', {}, piece.text) : piece.text));
}
