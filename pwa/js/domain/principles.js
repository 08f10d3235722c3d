// The principles library's rules on the device (docs/decisions.md §99-§102): the name check
// the server makes (server/coaching/principles.py `naming`), said before publishing; the
// search of the library, offline and without regard to case or accents; and what a
// principle's counts say. Pure: tested by tests/js/principles.test.js.

import { LIMITS } from '../contract.js';

/** The fields of a principle a person writes, in the order the server checks them. */
export const TEXT_FIELDS = ['title', 'principle', 'misconception', 'workedCase'];

const NAME_PART_MIN = LIMITS.namePartMin;

/** Without accents, and lowercase unless `keepCase`: "Zoé" and "zoe" are the same word. */
export function fold(text, keepCase = false) {
  const plain = String(text || '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
  return keepCase ? plain : plain.toLowerCase();
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The whole name and each of its words long enough to stand for the person. */
export function nameParts(name) {
  const whole = String(name || '').trim();
  if (!whole) return [];
  const words = whole.split(/[^\p{L}\p{N}_']+/u).filter((w) => w.length >= NAME_PART_MIN);
  return [...new Set([whole, ...words])];
}

/**
 * Whether `text` holds `part` as a word: the whole name in any case; one of its words only
 * as a name is written, with a capital ("Line" names Line Dubois; "stop the line" does not).
 */
function names(text, part, whole) {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escape(fold(part))}(?![\\p{L}\\p{N}_])`, 'giu');
  return [...fold(text, true).matchAll(pattern)].some((m) => whole || m[0][0] !== m[0][0].toLowerCase());
}

/** {field, name} of the first field whose text names the person, or null. */
export function naming(fields, name) {
  const parts = nameParts(name);
  for (const field of TEXT_FIELDS) {
    const text = fields[field];
    if (!text) continue;
    const found = parts.find((part, index) => names(text, part, index === 0));
    if (found) return { field, name: found };
  }
  return null;
}

/** The principles whose words hold every word of `query` (any case, any accents), by title. */
export function searchPrinciples(principles, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const byTitle = (a, b) => fold(a.title).localeCompare(fold(b.title));
  return principles
    .filter((p) => {
      const text = fold(TEXT_FIELDS.map((f) => p[f] || '').join(' '));
      return words.every((word) => text.includes(word));
    })
    .sort(byTitle);
}

/** The counts the server sent for one principle, or null when none were fetched yet. */
export function countsOf(counts, id) {
  return (counts && (counts.principles || []).find((c) => c.id === id)) || null;
}
