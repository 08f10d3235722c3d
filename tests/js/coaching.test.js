// The small coaching rules the screens lean on: trends, targets, who coaches whom.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  addDays, coachLoad, daysBetween, formatNumber, progress, targetText, trend,
} from '../../pwa/js/domain/coaching.js';
import en from '../../pwa/js/i18n/en.js';
import enScreens from '../../pwa/js/i18n/en-screens.js';
import { useCatalog } from '../../pwa/js/i18n/i18n.js';

useCatalog('en', en, enScreens); // the app loads its catalog at boot, the screens' part with a view

const rating = (n) => ({ engagement: n, approach: n, resilience: n });

test('a trend needs two check-ins and follows their average rating', () => {
  assert.equal(trend([rating(2)]), null);
  assert.equal(trend([rating(2), rating(3)]), 'up');
  assert.equal(trend([rating(3), rating(2)]), 'down');
  assert.equal(trend([rating(1), rating(3), rating(3)]), 'flat');
});

test('progress runs from the baseline to the target and stays within 0 and 1', () => {
  const target = { metric: 'changeover', baseline: 47, value: 20, unit: 'min' };
  assert.equal(progress(target, 47), 0);
  assert.equal(progress(target, 20), 1);
  assert.ok(Math.abs(progress(target, 33.5) - 0.5) < 1e-9);
  assert.equal(progress(target, 10), 1);
  assert.equal(progress({ ...target, baseline: null }, 30), null);
  assert.equal(targetText(target), 'changeover: 47 → 20 min');
  assert.equal(formatNumber(40.5), '40.5');
  assert.equal(formatNumber(null), '–');
  assert.equal(formatNumber(1e308), '1E308'); // a huge value another client sent stays short
  assert.equal(formatNumber(-1234567890123), '-1.235E12');
});

test('days count across month ends', () => {
  assert.equal(addDays('2026-11-29', 3), '2026-12-02');
  assert.equal(daysBetween('2026-11-29', '2026-12-02'), 3);
});

test('my coaching load counts people with an active challenge I assigned, not myself', () => {
  const challenges = [
    { learnerId: 'lee', authorId: 'maya', status: 'in_progress' },
    { learnerId: 'sam', authorId: 'maya', status: 'done' },
    { learnerId: 'maya', authorId: 'maya', status: 'accepted' },
    { learnerId: 'ana', authorId: 'rui', status: 'accepted' },
  ];
  assert.deepEqual([...coachLoad({ user: { id: 'maya' } }, challenges)], ['lee']);
});
