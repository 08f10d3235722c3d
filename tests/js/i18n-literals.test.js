// No English left in the converted screens: a pragmatic scan of each converted module's
// string literals for words a person would read ("Save", "No check-in yet", `Due ${day}`).
// Class names, test ids, selectors, routes, keys and developer messages (errors, console)
// are not words a person reads. A view joins CONVERTED once its words are in the catalogs
// (docs/pwa.md "Languages"); the list only grows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PWA = new URL('../../pwa/', import.meta.url);

export const CONVERTED = [
  'js/header.js',
  'js/ui/tabbar.js',
  'js/ui/dialog.js',
  'js/ui/format.js',
  'js/undo-delete.js',
  'js/domain/coaching.js',
  'js/domain/mutators.js',
  'js/domain/error-messages.js',
  'js/i18n/language-picker.js',
  'js/views/signin.js',
  'js/views/capture.js',
  'js/views/home.js',
  'js/views/today.js',
  'js/views/parts.js',
  'js/views/team.js',
  'js/views/person.js',
  'js/views/triage.js',
  'js/views/edit.js',
  'js/views/review.js',
  'js/views/account.js',
  'js/views/workshops.js',
  'js/views/workshop.js',
  'js/views/workshop-form.js',
  'js/views/workshop-parts.js',
  'js/views/workshop-summary.js',
  'js/views/photo-picker.js',
  'js/views/run-chart.js',
  'js/ui/form.js',
  'js/ui/recovery-notice.js',
  'js/views/enrol.js',
  'js/views/mentor.js',
  'js/views/goal-form.js',
  'js/views/challenge-form.js',
  'js/views/audit.js',
  'js/views/rejected.js',
  'js/views/review-record.js',
  'js/views/mode-editors.js',
  'js/views/goal.js',
  'js/views/checkin.js',
  'js/views/challenge.js',
  'js/views/history.js',
  'js/domain/conflicts.js',
  'js/views/organisation.js',
  'js/data/sync.js',
  'js/views/observation-form.js',
  'js/views/people-on-device.js',
  'js/views/reminder-count.js',
  'js/ui/split-view.js',
  'js/ui/live.js',
  'js/ui/toast.js',
  'js/session-lock.js',
  'js/session.js',
  'js/app.js',
  'js/domain/connection.js',
  'js/data/auth.js',
  'js/router.js',
  'js/views/export.js',
  'js/views/search.js',
  'js/domain/search.js',
  'js/domain/analytics.js',
  'js/ui/charts.js',
  'js/views/insight.js',
  'js/views/principles.js',
  'js/views/principle-form.js',
  'js/domain/principles.js',
];

// Literals a person may read that are the same in every language, or not words at all.
const ALLOWED = new Set(['Gembakit', 'A3', 'OK', 'Mac', 'iPhone', 'iPad', '‹ ', '×', '+', '–', '—', ' · ', '·']);
// A person reads it: a capitalised word, a common English word between spaces, "e.g.", or
// a lowercase phrase before a colon ("device clock: ").
const WORDS = /\b[A-Z][a-z]{1,}\b|(^|\s)(the|your|you|to|of|and|not|no|is|are|for|with|this|yet|by|on|in|at|days?|waiting|saved|someone|because|from)(\s|$)|\be\.g\.|\b[a-z]{3,} [a-z]{3,}: /;

/** The string literals of `source` a person might read, with their line numbers. */
export function englishLiterals(source) {
  const found = [];
  const lines = source.split('\n');
  lines.forEach((line, index) => {
    const code = line.replace(/\/\/.*$/, '');
    if (/^\s*(import|export \{|\*|\/\*\*?)/.test(line) || /console\.|new Error\(|throw /.test(code)) return;
    if (/^\s*'[a-z][A-Za-z_]*',?\s*$/.test(line)) return; // one identifier of a list (a field name)
    // A template's own text, then the literals inside its ${…} (`${name || 'someone'}`).
    const literals = [...code.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)].flatMap((match) => [
      { match, code },
      ...(match[3] ? [...match[3].matchAll(/\$\{([^}]*)\}/g)].flatMap(([, inner]) => [...inner.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => ({ match: m, code: inner }))) : []),
    ]);
    for (const { match, code } of literals) {
      const text = (match[1] ?? match[2] ?? match[3]).replace(/\$\{[^}]*\}/g, ' ');
      const before = code.slice(0, match.index);
      if (/\bt\(\s*$|\btr\(\s*$|\[\s*$|dataset\.\w+\s*===?\s*$|\.(get|set|remove)Item\(\s*$|\.(get|set|has|delete|append)\(\s*$|querySelector(All)?\(\s*$|closest\(\s*$|matches\(\s*$|\.replace\([^,]*,\s*$|\.key\s*[!=]==?\s*$/.test(before)) continue;
      if (ALLOWED.has(text) || !text.trim()) continue;
      if (/^[\w.:/?#=&%\-[\]() >*~+,'"@$^|{}]*$/.test(text) && !WORDS.test(text)) continue; // classes, ids, selectors, keys
      if (/^(https?:|\/|\.\/|\.\.\/)/.test(text) || /^[a-z][\w-]*(\s+[a-z][\w-]*)*$/.test(text.trim()) && !WORDS.test(text)) continue;
      if (WORDS.test(text)) found.push(`${index + 1}: ${match[0]}`);
    }
  });
  return found;
}

for (const file of CONVERTED) {
  test(`${file} shows no English literal: its words come from the catalogs`, () => {
    assert.deepEqual(englishLiterals(readFileSync(new URL(file, PWA), 'utf8')), []);
  });
}

test('the scan finds what a person would read, and leaves class names and keys alone', () => {
  const sample = [
    "h('button', { class: 'btn btn--primary', 'data-testid': 'save' }, 'Save');",
    "note: `Due ${formatDay(day)}`,",
    "el.textContent = 'waiting to sync';",
    "h('p', {}, t('today.empty'));",
    "const group = h('div', { role: 'radiogroup', 'aria-label': tr('x.y') });",
    "h('span', {}, ` · ${entry.byName || 'someone'} · ${when}${entry.local ? ' (on this device)' : ''}`);",
    "h('p', {}, `device clock: ${formatWhen(r.deviceAt)}`);",
  ].join('\n');
  assert.deepEqual(englishLiterals(sample), [
    "1: 'Save'",
    '2: `Due ${formatDay(day)}`',
    "3: 'waiting to sync'",
    "6: 'someone'",
    "6: ' (on this device)'",
    '7: `device clock: ${formatWhen(r.deviceAt)}`',
  ]);
});
