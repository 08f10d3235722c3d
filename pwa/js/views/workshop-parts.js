// Pieces the workshop screens share: who took part, whose idea is whose, what became of it.
// Pure functions and small builders; the rules of who sees what are the server's
// (docs/decisions.md §77-§80): the facilitator sees everything, a participant their own ideas.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { myId } from '../domain/access.js';
import { formatDay } from '../domain/coaching.js';

export const TEXT = {
  get idea() { return t('ws.idea'); },
  get observation() { return t('ws.observation'); },
  statuses: Object.defineProperties({}, Object.fromEntries(['open', 'challenge', 'experiment', 'dropped'].map((s) => [s, { enumerable: true, get: () => t(`ws.status.${s}`) }]))),
  get guest() { return t('ws.guest'); },
  get formerParticipant() { return t('ws.formerParticipant'); },
  ideas: (n) => t('ws.ideas', { count: n }),
  observations: (n) => t('ws.observations', { count: n }),
  participants: (n) => t('ws.participants', { count: n }),
  tryBy: (day) => t('ws.tryBy', { day }),
  get result() { return t('ws.result'); },
};

/** The facilitator runs it (a workshop not yet stamped with an author is one I just opened). */
export const runsIt = (profile, workshop) => !workshop.authorId || workshop.authorId === myId(profile);

/** A workshop's ideas, oldest first (the order they were said in). */
export function ideasOf(ideas, workshopId) {
  return ideas.filter((i) => i.workshopId === workshopId).sort((a, b) => (a.capturedAt < b.capturedAt ? -1 : a.capturedAt > b.capturedAt ? 1 : 0));
}

/** Each participant with their ideas, in the list's order; ideas whose entry left the list come last. */
export function byParticipant(workshop, ideas) {
  const groups = (workshop.participants || []).map((p) => ({ participant: p, ideas: ideas.filter((i) => i.participantId === p.id) }));
  const listed = new Set(groups.map((g) => g.participant.id));
  const former = ideas.filter((i) => !listed.has(i.participantId));
  if (former.length) groups.push({ participant: { id: null, name: TEXT.formerParticipant }, ideas: former });
  return groups;
}

export function participantName(workshop, participantId) {
  const entry = (workshop.participants || []).find((p) => p.id === participantId);
  return entry ? entry.name : TEXT.formerParticipant;
}

/** The person behind an idea: the server's copy says it; until then, the workshop's entry. */
export function ideaPersonId(workshop, idea) {
  if (idea.personId) return idea.personId;
  const entry = (workshop.participants || []).find((p) => p.id === idea.participantId);
  return (entry && entry.personId) || null;
}

export function workshopMeta(workshop, profile) {
  const area = ((profile && profile.areas) || []).find((a) => a.id === workshop.areaId);
  return [formatDay(workshop.heldOn), area ? area.name : null, TEXT.participants((workshop.participants || []).length)].filter(Boolean).join(' · ');
}

export function kindBadge(kind) {
  return h('span', { class: ['badge', `badge--${kind === 'observation' ? 'problem' : 'idea'}`] }, kind === 'observation' ? TEXT.observation : TEXT.idea);
}

export function statusBadge(idea) {
  return h('span', { class: ['badge', `badge--idea-${idea.status}`], 'data-testid': 'idea-status' }, TEXT.statuses[idea.status] || idea.status);
}

/** What became of an idea, in words (the summary and a participant's view). */
export function outcomeText(idea) {
  if (idea.status === 'experiment') return [TEXT.tryBy(formatDay(idea.tryOn)), idea.result ? `${TEXT.result}: ${idea.result}` : null].filter(Boolean).join(' · ');
  return '';
}
