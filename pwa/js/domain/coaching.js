// The coaching loop's words and small pure rules shared by the screens:
// status and mode names, the check-in rating anchors, the coaching-kata
// questions, dates, trends and load. Who may coach whom is domain/access.js.
// No DOM and no storage here, so everything can be tested directly.

import { ENUMS } from '../contract.js';
import { myId } from './access.js';
import { t, formatDate, formatNumberIn, formatRelativeDays } from '../i18n/i18n.js';

// The values come from the server (contract.js); the words for them are the app's, in the
// chosen language (read when shown: getters, so a change of language needs no reload).
const labelled = (values, prefix) => Object.defineProperties({}, Object.fromEntries(values.map((value) => [value, { enumerable: true, get: () => t(`${prefix}.${value}`) }])));
/** [value, words…] whose words are read in the current language when used. */
const worded = (value, ...keys) => keys.reduce((pair, key, i) => Object.defineProperty(pair, i + 1, { enumerable: true, get: () => t(key) }), [value]);
const wordedList = (keys) => keys.reduce((list, key, i) => Object.defineProperty(list, i, { enumerable: true, get: () => t(key) }), []);

export const STATUSES = labelled(ENUMS.statuses, 'status');
export const ACTIVE_STATUSES = ['assigned', 'accepted', 'in_progress', 'stuck'];
/** What a learner sets on a challenge their coach gave them, once accepted (the server's
 * learnerStatuses; accepting has its own button, dropping is the coach's call). */
export const LEARNER_STATUSES = ENUMS.learnerStatuses.filter((status) => status !== 'accepted');

export const GOAL_STATUSES = labelled(ENUMS.goalStatuses, 'goalStatus');

/** The four coaching modes, most to least directive, each with a one-line explanation. */
export const MODES = ENUMS.modes.map((mode) => worded(mode, `mode.${mode}`, `modeHint.${mode}`));
export const modeLabel = (mode) => (MODES.find(([m]) => m === mode) || [mode, mode || ''])[1];

export const PRACTICE_KINDS = ENUMS.practiceKinds.map((kind) => worded(kind, `practice.${kind}`));

/** Check-in ratings: 1–4, each level with a short anchor and what it looks like. */
export const RATINGS = ['engagement', 'approach', 'resilience'].map((key) => ({
  key,
  get label() { return t(`rating.${key}`); },
  get question() { return t(`rating.${key}.question`); },
  get levels() { return [1, 2, 3, 4].map((n) => [t(`rating.${key}.${n}`), t(`rating.${key}.${n}.hint`)]); },
}));

/** Toyota Kata: the five coaching questions, asked at every kaizen check-in. */
export const KATA_QUESTIONS = wordedList([1, 2, 3, 4, 5].map((n) => `kata.${n}`));

// ---------------------------------------------------------------- dates

const pad = (n) => String(n).padStart(2, '0');

/** The local calendar date of `date` as YYYY-MM-DD. */
export function localDate(date = new Date()) {
  const d = date instanceof Date ? date : new Date(date);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function parseDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(day, n) {
  const date = parseDay(day);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from, to) {
  return Math.round((parseDay(to) - parseDay(from)) / 86400000);
}

/** "Fri 28 Nov" (with the year when it is not this year). */
export function formatDay(day, today = localDate()) {
  if (!day) return '';
  const date = parseDay(day);
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  return formatDate(date, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: sameYear ? undefined : 'numeric',
    timeZone: 'UTC',
  });
}

/** "today", "yesterday", "3 days ago", "in 2 days", "tomorrow". */
export function relativeDay(day, today = localDate()) {
  return formatRelativeDays(daysBetween(today, day));
}

// ---------------------------------------------------------------- records

export const isActive = (challenge) => ACTIVE_STATUSES.includes(challenge.status);

export const byAt = (a, b) => ((a.at || '') < (b.at || '') ? -1 : (a.at || '') > (b.at || '') ? 1 : 0);

/** challengeId → its check-ins, oldest first. */
export function checkinsByChallenge(checkins) {
  const map = new Map();
  for (const c of [...checkins].sort(byAt)) {
    if (!map.has(c.challengeId)) map.set(c.challengeId, []);
    map.get(c.challengeId).push(c);
  }
  return map;
}

/** Who a check-in is about: the server says so; a check-in made offline borrows its challenge's learner. */
export function checkinLearner(checkin, challengesById) {
  if (checkin.learnerId) return checkin.learnerId;
  const challenge = challengesById.get(checkin.challengeId);
  return challenge ? challenge.learnerId : null;
}

export const averageRating = (c) => (c.engagement + c.approach + c.resilience) / 3;

/** 'up', 'down' or 'flat' from the last two check-ins' average rating; null with fewer than two. */
export function trend(checkinsOldestFirst) {
  if (checkinsOldestFirst.length < 2) return null;
  const [before, last] = checkinsOldestFirst.slice(-2).map(averageRating);
  if (last - before > 0.01) return 'up';
  if (before - last > 0.01) return 'down';
  return 'flat';
}

export const TREND_ARROWS = { up: '↑', down: '↓', flat: '→' };
export const TREND_WORDS = labelled(['up', 'down', 'flat'], 'trend');

// ---------------------------------------------------------------- people on this device

/** A person's name as this device knows it; `fallback` (default "Someone outside your team") otherwise. */
export function personLabel(profile, id, fallback = null) {
  if (!id) return fallback || '';
  if (profile && profile.user && profile.user.id === id) return profile.user.name;
  const match = ((profile && profile.people) || []).find((p) => p.id === id);
  if (match) return match.name;
  if (profile && profile.manager && profile.manager.id === id) return profile.manager.name;
  return fallback ?? t('person.outsideTeam');
}

/** People I coach, direct reports first, then by name. */
export function teamOrder(profile) {
  const me = myId(profile);
  return [...((profile && profile.people) || [])].sort((a, b) => {
    const direct = (p) => (p.managerId === me ? 0 : 1);
    return direct(a) - direct(b) || a.name.localeCompare(b.name);
  });
}

/**
 * My coaching load: the people (other than me) with an active challenge that I
 * assigned. Challenges assigned further up the chain are their coach's load.
 */
export function coachLoad(profile, challenges) {
  const me = myId(profile);
  return new Set(challenges.filter((c) => isActive(c) && c.authorId === me && c.learnerId !== me).map((c) => c.learnerId));
}

// ---------------------------------------------------------------- targets

export function formatNumber(value) {
  if (value === null || value === undefined || value === '') return '–';
  const number = Number(value);
  // Beyond what a form takes (domain/numbers.js), as another client may have sent: short, so
  // it never runs off the screen.
  if (Math.abs(number) >= 1e12) return formatNumberIn(number, { notation: 'scientific', maximumSignificantDigits: 4 });
  return formatNumberIn(number, { maximumFractionDigits: 2, useGrouping: false });
}

/** "changeover time: 47 → 20 min" */
export function targetText(target) {
  if (!target) return '';
  const unit = target.unit ? ` ${target.unit}` : '';
  const from = target.baseline !== null && target.baseline !== undefined ? `${formatNumber(target.baseline)} → ` : '';
  return `${target.metric}: ${from}${formatNumber(target.value)}${unit}`;
}

/** How far the actual value has moved from the baseline towards the target, 0–1 (null if unknown). */
export function progress(target, actual) {
  if (!target || actual === null || actual === undefined) return null;
  const { baseline, value } = target;
  if (baseline === null || baseline === undefined || baseline === value) return null;
  const share = (baseline - actual) / (baseline - value);
  return Math.max(0, Math.min(1, share));
}
