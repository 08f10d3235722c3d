// Export (issue 13 point 3): which records go in, and CSV a spreadsheet opens safely.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { BOM, csvCell, exportCsv, exportJson, fileName, selectRecords, toCsv } from '../../pwa/js/domain/export.js';

const maya = { me: 'maya', coachees: new Set(['lee', 'sam']) };
const snapshot = {
  observation: [
    { id: 'o1', personId: 'lee', authorId: 'maya', visibility: 'shared', note: 'Fourché la palette', observedAt: '2026-11-02T08:00:00Z' },
    { id: 'o2', personId: 'lee', authorId: 'maya', visibility: 'private', note: 'My own private thought', observedAt: '2026-11-01T08:00:00Z' },
    { id: 'o3', personId: 'lee', authorId: 'rui', visibility: 'private', note: 'Rui private', observedAt: '2026-11-03T08:00:00Z' },
    { id: 'o4', personId: 'sam', authorId: 'maya', visibility: 'shared', note: 'Sam waits', observedAt: '2026-11-03T08:00:00Z' },
  ],
  goal: [{ id: 'g1', learnerId: 'lee', action: 'Stop the line', createdAt: '2026-11-04T08:00:00Z' }],
  challenge: [
    { id: 'c1', learnerId: 'lee', learnerName: 'Lee', title: 'Cut changeover', target: { metric: 'minutes', baseline: 47, value: 20, unit: 'min' }, createdAt: '2026-11-05T08:00:00Z' },
    { id: 'c2', learnerId: 'sam', title: 'Sam’s', createdAt: '2026-11-05T08:00:00Z' },
  ],
  checkin: [
    { id: 'k1', challengeId: 'c1', at: '2026-11-06T08:00:00Z', engagement: 3, approach: 2, resilience: 4, notes: 'Measured' },
    { id: 'k2', challengeId: 'c2', at: '2026-11-06T08:00:00Z', engagement: 1, approach: 1, resilience: 1 },
  ],
};

test('a coach exports one person: their notes, goals, challenges and the check-ins on those', () => {
  const lee = selectRecords(snapshot, maya, 'lee');
  assert.deepEqual(lee.observation.map((r) => r.id), ['o2', 'o1']); // oldest first
  assert.deepEqual(lee.goal.map((r) => r.id), ['g1']);
  assert.deepEqual(lee.challenge.map((r) => r.id), ['c1']);
  assert.deepEqual(lee.checkin.map((r) => r.id), ['k1']);
});

test('a private note goes in only for its author, even if a device held someone else’s', () => {
  const all = selectRecords(snapshot, maya);
  assert.ok(all.observation.some((r) => r.id === 'o2'));
  assert.ok(!all.observation.some((r) => r.id === 'o3'));
  assert.equal(all.challenge.length, 2);
  const lee = selectRecords(snapshot, { me: 'lee', coachees: new Set() });
  assert.deepEqual(lee.observation.map((r) => r.id), ['o1', 'o4']);
});

test('the JSON holds every kind, who made it and whose records', () => {
  const doc = JSON.parse(exportJson(selectRecords(snapshot, maya, 'lee'), { exportedBy: { id: 'maya', name: 'Maya' }, person: { id: 'lee', name: 'Lee' }, at: '2026-12-01T00:00:00Z' }));
  assert.equal(doc.app, 'Gembakit');
  assert.deepEqual(doc.person, { id: 'lee', name: 'Lee' });
  assert.deepEqual(Object.keys(doc).slice(-4), ['observations', 'goals', 'challenges', 'checkins']);
  assert.equal(doc.observations[1].note, 'Fourché la palette');
});

test('a cell a spreadsheet would run as a formula starts with an apostrophe', () => {
  for (const text of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
    assert.ok(csvCell(text).replace(/^"/, '').startsWith("'"), text);
  }
  assert.equal(csvCell('Lee'), 'Lee');
  assert.equal(csvCell(-3), '-3'); // a number is no formula
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
});

test('cells are quoted as RFC 4180 says: commas, quotes and line breaks', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=a,"b"'), '"\'=a,""b"""');
  assert.equal(toCsv(['a', 'b'], [['1', '2']]), 'a,b\r\n1,2\r\n');
});

test('a CSV starts with a BOM and a header row, one row per record, accents kept', () => {
  const csv = exportCsv(selectRecords(snapshot, maya, 'lee'), 'observation');
  assert.ok(csv.startsWith(BOM));
  const lines = csv.slice(1).split('\r\n');
  assert.equal(lines[0].split(',')[0], 'id');
  assert.equal(lines.length, 4); // header, two notes, the last CRLF
  assert.match(csv, /Fourché la palette/);
  const checkins = exportCsv(selectRecords(snapshot, maya, 'lee'), 'checkin');
  assert.match(checkins, /k1,c1,Cut changeover,lee,Lee,2026-11-06T08:00:00Z,3,2,4,Measured/);
  const challenges = exportCsv(selectRecords(snapshot, maya, 'lee'), 'challenge');
  assert.match(challenges, /,minutes,47,20,min,/);
});

test('file names carry no accents or spaces', () => {
  assert.equal(fileName(['gembakit', 'Zoé Lefèvre', 'observations', '2026-12-01'], 'csv'), 'gembakit-zoe-lefevre-observations-2026-12-01.csv');
  assert.equal(fileName(['', null], 'json'), 'gembakit.json');
});
