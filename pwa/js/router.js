// The router: which screen each path shows, and the context every screen is drawn with.
// Each view is a loader: its module is fetched the first time its route is shown, so the
// first load carries only the shell and one screen (decisions §56).

import { t } from './i18n/i18n.js';
import { currentSession, startSession, signOut, reauthenticate, hiddenIds, deleteWithUndo } from './session.js';
import { h, clear } from './ui/dom.js';
import { toast, dismissToast } from './ui/toast.js';

/** A view's loader: import() the first time; then the module itself, with no wait (an import()
 * of a module already loaded still costs a trip through the browser: 10-20 ms a save). */
function lazy(load) {
  let module = null;
  return () => module || load().then((loaded) => (module = loaded));
}

const view = {
  home: () => import('./views/home.js'),
  capture: () => import('./views/capture.js'),
  edit: () => import('./views/edit.js'),
  account: () => import('./views/account.js'),
  rejected: () => import('./views/rejected.js'),
  signin: () => import('./views/signin.js'),
  enrol: () => import('./views/enrol.js'),
  review: () => import('./views/review.js'),
  reviewRecord: () => import('./views/review-record.js'),
  history: () => import('./views/history.js'),
  today: () => import('./views/today.js'),
  triage: () => import('./views/triage.js'),
  goal: () => import('./views/goal.js'),
  goalForm: () => import('./views/goal-form.js'),
  challenge: () => import('./views/challenge.js'),
  challengeForm: () => import('./views/challenge-form.js'),
  checkin: () => import('./views/checkin.js'),
  team: () => import('./views/team.js'),
  person: () => import('./views/person.js'),
  mentor: () => import('./views/mentor.js'),
  organisation: () => import('./views/organisation.js'),
  audit: () => import('./views/audit.js'),
  workshops: () => import('./views/workshops.js'),
  workshop: () => import('./views/workshop.js'),
  workshopForm: () => import('./views/workshop-form.js'),
  workshopSummary: () => import('./views/workshop-summary.js'),
  principles: () => import('./views/principles.js'),
  principleForm: () => import('./views/principle-form.js'),
  search: () => import('./views/search.js'),
  exportData: () => import('./views/export.js'),
  insight: () => import('./views/insight.js'),
};
for (const name of Object.keys(view)) view[name] = lazy(view[name]);
export const signinView = view.signin;

const id = (m) => ({ id: decodeURIComponent(m[1]) });
const typeAndId = (m) => ({ type: decodeURIComponent(m[1]), id: decodeURIComponent(m[2]) });

const routes = [
  { pattern: /^\/(invite|setup|recovery)\/([^/]+)$/, view: view.enrol, params: (m) => ({ kind: m[1], token: decodeURIComponent(m[2]) }), public: true },
  { pattern: /^\/signin$/, view: view.signin, public: true },
  { pattern: /^\/$/, view: view.today }, // Today for coaches; a learner's challenges and notes otherwise
  { pattern: /^\/observations$/, view: view.home },
  { pattern: /^\/triage$/, view: view.triage },
  { pattern: /^\/goals\/new$/, view: view.goalForm },
  { pattern: /^\/goals\/([^/]+)\/edit$/, view: view.goalForm, params: id },
  { pattern: /^\/goals\/([^/]+)$/, view: view.goal, params: id },
  { pattern: /^\/challenges\/new$/, view: view.challengeForm },
  { pattern: /^\/challenges\/([^/]+)\/edit$/, view: view.challengeForm, params: id },
  { pattern: /^\/challenges\/([^/]+)\/checkin$/, view: view.checkin, params: id },
  { pattern: /^\/challenges\/([^/]+)\/checkins\/([^/]+)$/, view: view.checkin, params: (m) => ({ id: decodeURIComponent(m[1]), checkinId: decodeURIComponent(m[2]) }) },
  { pattern: /^\/challenges\/([^/]+)$/, view: view.challenge, params: id },
  { pattern: /^\/team$/, view: view.team },
  { pattern: /^\/people\/([^/]+)$/, view: view.person, params: id },
  { pattern: /^\/insight$/, view: view.insight },
  { pattern: /^\/insight\/coaches$/, view: view.insight, params: () => ({ part: 'coaches' }) },
  { pattern: /^\/mentor$/, view: view.mentor },
  { pattern: /^\/mentor\/([^/]+)$/, view: view.mentor, params: id },
  { pattern: /^\/organisation$/, view: view.organisation },
  { pattern: /^\/audit$/, view: view.audit },
  { pattern: /^\/search$/, view: view.search },
  { pattern: /^\/export$/, view: view.exportData },
  { pattern: /^\/workshops$/, view: view.workshops },
  { pattern: /^\/workshops\/new$/, view: view.workshopForm },
  { pattern: /^\/workshops\/([^/]+)\/edit$/, view: view.workshopForm, params: id },
  { pattern: /^\/workshops\/([^/]+)\/summary$/, view: view.workshopSummary, params: id },
  { pattern: /^\/workshops\/([^/]+)$/, view: view.workshop, params: id },
  { pattern: /^\/principles$/, view: view.principles },
  { pattern: /^\/principles\/new$/, view: view.principleForm },
  { pattern: /^\/principles\/([^/]+)\/edit$/, view: view.principleForm, params: id },
  { pattern: /^\/principles\/([^/]+)$/, view: view.principles, params: id },
  { pattern: /^\/observe$/, view: view.capture },
  { pattern: /^\/observations\/([^/]+)$/, view: view.edit, params: id },
  { pattern: /^\/account$/, view: view.account },
  { pattern: /^\/rejected$/, view: view.rejected },
  { pattern: /^\/review$/, view: view.review },
  { pattern: /^\/review\/([^/]+)\/([^/]+)$/, view: view.reviewRecord, params: typeAndId },
  { pattern: /^\/history\/([^/]+)\/([^/]+)$/, view: view.history, params: typeAndId },
];

// Tablets (≥ 900 px): Today beside the challenge it opens, Team beside the person
// (ui/split-view.js, loaded the first time a wide screen needs it; decisions §87).
const WIDE = '(min-width: 900px)';
const SPLITS = [
  [/^\/$|^\/challenges\/[^/]+$/, 'today'],
  [/^\/team$|^\/people\/[^/]+$/, 'team'],
];
let splitModule = null;
const splitView = lazy(() => import('./ui/split-view.js').then((m) => (splitModule = m)));
const CHALLENGE = /^\/challenges\/[^/?]+$/;
// A challenge opened from a person beside Team stays beside Team (the tab bar marks Team):
// navigate() keeps that in the history entry, so Back, Forward and a reload keep it too.
const splitFor = (path) => (CHALLENGE.test(path) && history.state && history.state.split) || (SPLITS.find(([pattern]) => pattern.test(path)) || [])[1] || null;
let shownSplit = null; // the list beside the screen now: 'today', 'team' or null
const splitList = (entry) => (!entry.public && matchMedia(WIDE).matches ? splitFor(location.pathname) : null);
// Turning a tablet (or resizing a window) across 900 px redraws a screen that splits.
if (typeof matchMedia === 'function') matchMedia(WIDE).addEventListener('change', () => splitFor(location.pathname) && route());

// A shared device's idle lock (session-lock.js, decisions §89): while set, every path shows
// the lock screen instead of the person's data.
let lockedEntry = null;
export function lockScreen(entry) {
  lockedEntry = entry;
}

/** 'route' before each screen is drawn (the header follows the path). */
export const routerEvents = new EventTarget();
const cleanups = [];
let renderToken = 0;

/** What every view is drawn with. */
const ctx = {
  get session() {
    return currentSession();
  },
  hiddenIds,
  navigate,
  toast,
  /** Run `fn` when the current view goes away. */
  onLeave(fn) {
    cleanups.push(fn);
  },
  /** addEventListener that is removed when the view goes away. */
  listen(target, type, fn) {
    target.addEventListener(type, fn);
    cleanups.push(() => target.removeEventListener(type, fn));
  },
  startSession,
  signOut: signOutAndLeave,
  deleteWithUndo,
};

export function navigate(path, { replace = false } = {}) {
  if (path !== location.pathname + location.search) {
    const state = shownSplit === 'team' && CHALLENGE.test(path) ? { split: 'team' } : null;
    history[replace ? 'replaceState' : 'pushState'](state, '', path);
  }
  return route();
}

export async function route() {
  const token = ++renderToken;
  leaveView();
  dismissToast({ all: false }); // a message about the last screen must not cover this one
  const { entry, params } = resolve(location.pathname);
  routerEvents.dispatchEvent(new Event('route'));
  const main = document.getElementById('main');
  const list = splitList(entry);
  shownSplit = list;
  if (!list && splitModule) splitModule.drop();
  const content = list ? await (await splitView()).render({ ctx, name: list, listEntry: routes.find((r) => r.pattern.test(list === 'team' ? '/team' : '/')), entry, params, renderView }) : await renderView(entry, params);
  if (token !== renderToken) return; // a newer navigation won
  clear(main).append(content);
  const focus = main.querySelector('[autofocus]');
  if (focus) focus.focus();
  else window.scrollTo(0, 0);
}

function leaveView() {
  for (const fn of cleanups.splice(0)) {
    try {
      fn();
    } catch (err) {
      console.error(err);
    }
  }
}

/** The route for `path`, after the redirects: unknown → `/`, signed out → `/signin`, signed in → not `/signin`. */
function resolve(path) {
  let match = null;
  const entry = routes.find((r) => (match = path.match(r.pattern)));
  const session = currentSession();
  if (lockedEntry && session) return { entry: lockedEntry, params: {} }; // the URL stays for after
  if (!entry) return redirect('/');
  if (!entry.public && !session) return redirect('/signin');
  if (entry.view === view.signin && session && !session.sync.state.needsSignIn) return redirect('/');
  return { entry, params: entry.params && match ? entry.params(match) : {} };
}

function redirect(path) {
  history.replaceState(null, '', path);
  return resolve(path);
}

async function renderView(entry, params, viewCtx = ctx) {
  try {
    const module = await entry.view(); // the module, fetched on the route's first showing
    return await module.render(viewCtx, params);
  } catch (err) {
    console.error(err);
    return h('section', { class: 'screen' }, h('p', { class: 'error', role: 'alert' }, t('app.screenFailed', { message: err.message })));
  }
}

/** Sign in again after the session expired; from the sign-in screen, go on to Today. */
export async function signInAgain() {
  if (!(await reauthenticate())) return;
  if (location.pathname === '/signin') navigate('/', { replace: true });
  else routerEvents.dispatchEvent(new Event('route'));
}

async function signOutAndLeave() {
  if (!currentSession()) return;
  await signOut();
  await navigate('/signin');
  toast(t('app.signedOut'));
}

/** Links inside the app change the route instead of loading a page. */
export function followLinks() {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-link]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });
  window.addEventListener('popstate', () => route());
}
