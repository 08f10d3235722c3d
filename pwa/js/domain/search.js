// Search (issue 13 point 4, docs/decisions.md §97): offline full-text search over the notes,
// goals, challenges and check-ins this device holds for the signed-in person. Pure: an
// in-memory inverted index built from the store's records on the first search and kept up to
// date by `sync(records)` as they change; no DOM, no storage.
//
// Words are folded before they are compared: lower case, accents and other diacritics
// removed (NFD, then marks dropped), ligatures spelled out, so "fourche" finds "Fourché" and
// "coeur" finds "cœur". Every word of the query must match (AND); a query word matches the
// words that start with it, so results come while typing. Ranking: where the word is (a title
// counts more than a note), whole words over prefixes, rarer words over common ones, then the
// most recent first.

import { mayCoach } from './access.js';

const LIGATURES = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss', ı: 'i', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd' };
const MARKS = /\p{M}/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const NOT_ASCII = /[^ -~\t\n\r]/; // anything but printable ASCII and white space

/** One character (a code point) folded: lower case, no accents ('É' → 'e', 'œ' → 'oe'). */
function foldChar(ch) {
  return LIGATURES[ch] || ch.normalize('NFD').replace(MARKS, '').toLowerCase();
}

/** Text folded for comparison: "Fourché" → "fourche". */
export function fold(text) {
  const plain = String(text ?? '');
  if (!NOT_ASCII.test(plain)) return plain.toLowerCase(); // nothing to strip: the quick way
  return plain
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(/[œŒæÆßıøØłŁđĐ]/g, (ch) => LIGATURES[ch])
    .toLowerCase();
}

/** The folded words of a text. */
export function words(text) {
  return fold(text).match(WORD) || [];
}

/** A query's distinct words, longest first (the rarest usually, so AND narrows fastest). */
export function queryWords(query) {
  const all = [...new Set(words(query))];
  // A lone letter ("l'andon", "d'œuvre") narrows nothing once a longer word is there.
  const kept = all.some((w) => w.length > 1) ? all.filter((w) => w.length > 1) : all;
  return kept.sort((a, b) => b.length - a.length);
}

// How much a match in each field counts.
const TITLE = 3;
const BODY = 1;
const NAME = 0.5;

const flatText = (value) => (value == null ? '' : typeof value === 'object' ? Object.values(value).map(flatText).join(' ') : String(value));

/**
 * What is searched in each kind of record, and how a result reads and where it leads:
 * {fields: [[text, weight]], title, href, at, personName}.
 */
export const DOCUMENTS = {
  observation: (r) => ({
    fields: [[r.note, BODY], [r.personName, NAME]],
    title: firstLine(r.note),
    href: `/observations/${encodeURIComponent(r.id)}`,
    at: r.observedAt || r.createdAt,
    personName: r.personName,
  }),
  goal: (r) => ({
    fields: [[r.action, TITLE], [r.reason, BODY], [r.misconception, BODY], [r.learnerName, NAME]],
    title: r.action,
    href: `/goals/${encodeURIComponent(r.id)}`,
    at: r.createdAt,
    personName: r.learnerName,
  }),
  challenge: (r) => ({
    fields: [[r.title, TITLE], [r.problem, BODY], [r.target && r.target.metric, BODY], [r.reflection, BODY], [flatText(r.details), BODY], [r.learnerName, NAME]],
    title: r.title,
    href: `/challenges/${encodeURIComponent(r.id)}`,
    at: r.createdAt,
    personName: r.learnerName,
  }),
  checkin: (r, challenges, viewer) => {
    const challenge = (challenges && challenges.get(r.challengeId)) || {};
    // Its coach opens the check-in to edit it; its learner answers it on the challenge.
    const onChallenge = `/challenges/${encodeURIComponent(r.challengeId)}`;
    const editable = !viewer || (challenge.id && mayCoach(viewer, challenge));
    return {
      fields: [[r.notes, BODY], [r.learned, BODY], [r.nextStep, BODY], [r.answer, BODY]],
      title: challenge.title || '',
      href: editable ? `${onChallenge}/checkins/${encodeURIComponent(r.id)}` : onChallenge,
      at: r.at,
      personName: r.learnerName || challenge.learnerName,
    };
  },
};

export const SEARCHED_KINDS = Object.keys(DOCUMENTS);

function firstLine(text) {
  const line = String(text || '').split(/\r?\n/)[0].trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** What makes a record's entry stale: a new version, or a change made on this device. */
const signature = (r) => `${r.version ?? ''}|${r.updatedAt ?? ''}`;

export class SearchIndex {
  constructor() {
    this.postings = new Map(); // word -> Map(key -> weighted count)
    this.docs = new Map(); // key -> {type, id, record, doc, signature, words: Set}
    this.sorted = null; // the words in order, for prefix lookups (rebuilt after a change)
  }

  get size() {
    return this.docs.size;
  }

  /** Add or replace one record of `type` (its challenge map names a check-in's challenge;
   * `viewer` ({me, coachees}, domain/access.js) chooses where a result leads). */
  put(type, record, challenges, viewer = null) {
    const key = `${type}:${record.id}`;
    this.remove(key);
    const doc = DOCUMENTS[type](record, challenges, viewer);
    const weights = new Map();
    for (const [text, weight] of doc.fields) {
      for (const word of words(text)) weights.set(word, (weights.get(word) || 0) + weight);
    }
    for (const [word, weight] of weights) {
      let posting = this.postings.get(word);
      if (!posting) {
        posting = new Map();
        this.postings.set(word, posting);
        this.sorted = null;
      }
      posting.set(key, weight);
    }
    this.docs.set(key, { type, id: record.id, record, doc, signature: signature(record), words: [...weights.keys()] });
  }

  remove(key) {
    const entry = this.docs.get(key);
    if (!entry) return;
    for (const word of entry.words) {
      const posting = this.postings.get(word);
      posting.delete(key);
      if (!posting.size) {
        this.postings.delete(word);
        this.sorted = null;
      }
    }
    this.docs.delete(key);
  }

  /**
   * Bring the index in line with `records` ({observation: [...], goal: [...], ...}, what the
   * device shows): new and changed records are (re)indexed, gone ones removed. Returns how
   * many entries changed. The first call builds the whole index.
   */
  sync(records, viewer = null) {
    const challenges = new Map((records.challenge || []).map((c) => [c.id, c]));
    const seen = new Set();
    let changed = 0;
    for (const type of SEARCHED_KINDS) {
      for (const record of records[type] || []) {
        const key = `${type}:${record.id}`;
        seen.add(key);
        const entry = this.docs.get(key);
        // A check-in shows its challenge's title: re-read it when the challenge changed.
        const stale = !entry || entry.signature !== signature(record) || (type === 'checkin' && entry.doc.title !== ((challenges.get(record.challengeId) || {}).title || ''));
        if (stale) {
          this.put(type, record, challenges, viewer);
          changed += 1;
        }
      }
    }
    for (const key of [...this.docs.keys()]) {
      if (!seen.has(key)) {
        this.remove(key);
        changed += 1;
      }
    }
    this.sortedWords(); // sorted now, not on the next keystroke
    return changed;
  }

  /** Every indexed word, in order (kept until a word comes or goes). */
  sortedWords() {
    if (!this.sorted) this.sorted = [...this.postings.keys()].sort();
    return this.sorted;
  }

  /** The indexed words that start with `prefix`, from the sorted list (binary search). */
  wordsStartingWith(prefix) {
    const list = this.sortedWords();
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found = [];
    for (let i = lo; i < list.length && list[i].startsWith(prefix); i += 1) found.push(list[i]);
    return found;
  }

  /**
   * Records matching every word of `query`, best first: [{type, id, record, title, href, at,
   * personName, score, snippet}] where snippet is [{text, hit}] pieces to draw (hit: a
   * matched word, to highlight). At most `limit` results; `total` counts them all.
   */
  search(query, { limit = 30, snippetLength = 160 } = {}) {
    const wanted = queryWords(query);
    if (!wanted.length) return { results: [], total: 0, words: [] };
    const total = this.docs.size || 1;
    let scores = null;
    for (const word of wanted) {
      const matches = new Map();
      for (const indexed of this.wordsStartingWith(word)) {
        const posting = this.postings.get(indexed);
        const rarity = Math.log(1 + total / posting.size);
        const whole = indexed === word ? 1 : 0.6;
        for (const [key, weight] of posting) {
          if (scores && !scores.has(key)) continue; // AND: already out
          const score = weight * rarity * whole;
          if (score > (matches.get(key) || 0)) matches.set(key, score);
        }
      }
      if (scores) for (const [key, score] of matches) matches.set(key, score + scores.get(key));
      scores = matches;
      if (!scores.size) break;
    }
    const ranked = this.best(scores, limit);
    const results = ranked.map(({ key, score }) => {
      const { type, id, record, doc } = this.docs.get(key);
      return { type, id, record, title: doc.title, href: doc.href, at: doc.at, personName: doc.personName, score, snippet: snippet(doc, wanted, snippetLength), titleParts: highlight(doc.title, wanted) };
    });
    return { results, total: scores.size, words: wanted };
  }

  /** The `limit` best of `scores` (key -> score), best first; a tie goes to the newest. Only
   * those are kept and ordered: thousands of matches of a short word cost no full sort. */
  best(scores, limit) {
    const before = (a, b) => a.score > b.score || (a.score === b.score && a.at > b.at);
    const top = [];
    for (const [key, score] of scores) {
      const last = top[top.length - 1];
      if (top.length >= limit && score < last.score) continue;
      const item = { key, score, at: String(this.docs.get(key).doc.at || '') }; // ISO: compares as text
      if (top.length >= limit && !before(item, last)) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(top[mid], item)) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, item);
      if (top.length > limit) top.pop();
    }
    return top;
  }
}

/**
 * `text` folded, with where each folded character came from in the original: folding may
 * change lengths ('é' is one character, 'œ' becomes two), so a match found in the folded
 * text is mapped back to the original's characters to highlight them.
 */
function foldWithMap(text) {
  let folded = '';
  const from = [];
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k += 1) from.push(i);
    folded += f;
    i += ch.length;
  }
  from.push(i);
  return { folded, from };
}

/** Where the query's words start words of `text`: [[start, end]] in the original text, in order. */
function matchRanges(text, wanted) {
  const { folded, from } = foldWithMap(text);
  const ranges = [];
  for (const m of folded.matchAll(WORD)) {
    const word = m[0];
    const hit = wanted.filter((w) => word.startsWith(w)).sort((a, b) => b.length - a.length)[0];
    if (hit) ranges.push([from[m.index], from[m.index + hit.length]]);
  }
  return ranges;
}

/** `text` as [{text, hit}] pieces, the matched words' beginnings marked. */
export function highlight(text, wanted) {
  const source = String(text || '');
  const pieces = [];
  let at = 0;
  for (const [start, end] of matchRanges(source, wanted)) {
    if (start > at) pieces.push({ text: source.slice(at, start), hit: false });
    pieces.push({ text: source.slice(start, end), hit: true });
    at = end;
  }
  if (at < source.length) pieces.push({ text: source.slice(at), hit: false });
  return pieces;
}

/** A piece of the body field that matched best (else the first body field's start), about
 * `length` characters around the first hit, as highlight() pieces. The title and the person's
 * name are left out: the result already shows them above and below, marked; a goal's action
 * again as its snippet read twice. A record with no body text has no snippet. */
export function snippet(doc, wanted, length = 160) {
  const fields = doc.fields.filter(([, weight]) => weight === BODY).map(([text]) => String(text || '')).filter(Boolean);
  const withHit = fields.map((text) => ({ text, ranges: matchRanges(text, wanted) })).filter((f) => f.ranges.length);
  // The body field with the most distinct query words in it; a tie goes to the first.
  const best = withHit.sort((a, b) => distinct(b, wanted) - distinct(a, wanted))[0];
  const text = best ? best.text : fields[0] || '';
  const first = best ? best.ranges[0][0] : 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  if (start > 0) {
    const space = text.lastIndexOf(' ', first);
    start = space >= start ? space + 1 : start; // begin at a word
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  const pieces = highlight(text.slice(start, end).replace(/\s+/g, ' '), wanted);
  if (start > 0) pieces.unshift({ text: '…', hit: false });
  if (end < text.length) pieces.push({ text: '…', hit: false });
  return pieces;
}

function distinct(field, wanted) {
  const folded = fold(field.text);
  return wanted.filter((w) => folded.includes(w)).length;
}
