// Audit log (admins): security events, newest first, filtered by person and
// dates, with "Load more" and a CSV download of the same filter. Read from the
// server only: the log is not kept on devices. Also exports how an event reads,
// for the person's own list in Account.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { api } from '../data/api.js';
import { h, clear } from '../ui/dom.js';
import { errorBox, field } from '../ui/form.js';
import { formatWhen } from '../ui/format.js';
import { screen, backLink } from './parts.js';
import { errorMessage } from '../domain/error-messages.js';

export const ACTION_LABELS = Object.defineProperties({}, Object.fromEntries(
  ['invite_issued', 'invite_used', 'recovery_issued', 'recovery_requested', 'recovery_used', 'passkey_added', 'passkey_renamed', 'passkey_removed', 'person_renamed', 'manager_changed', 'admin_granted', 'admin_revoked', 'person_deactivated', 'person_reactivated', 'tombstones_purged', 'audit_exported'].map((action) => [action, { enumerable: true, get: () => t(`audit.action.${action}`) }]),
));

/** One line of details: names and counts only (the log holds no coaching content). */
function detailText(event, names) {
  const d = event.details || {};
  const name = (id) => (id ? names.get(id) || t('audit.someone') : t('audit.nobody'));
  switch (event.action) {
    case 'person_renamed':
    case 'passkey_renamed':
      return `“${d.from}” → “${d.to}”`;
    case 'manager_changed':
      return t('audit.fromTo', { from: d.fromName || name(d.from), to: d.toName || name(d.to) });
    case 'passkey_added':
    case 'passkey_removed':
    case 'invite_used':
    case 'recovery_used':
      return d.nickname ? t('audit.passkey', { name: d.nickname }) : '';
    case 'tombstones_purged':
      return t('audit.purged', { count: d.count, days: d.olderThanDays });
    case 'audit_exported':
      return t('audit.exported', { count: d.count, format: String(d.format || '').toUpperCase() });
    case 'recovery_issued':
    case 'invite_issued':
      return d.via === 'cli' ? t('audit.fromCli') : '';
    default:
      return '';
  }
}

/** A list item for one event. `names` maps person ids to names (may be empty). */
export function eventItem(event, names = new Map()) {
  const who = event.actor ? event.actor.name || t('audit.removedPerson') : t('audit.cli');
  const about = event.subject && (!event.actor || event.subject.id !== event.actor.id) ? ` · ${t('audit.about', { name: event.subject.name })}` : '';
  const meta = [formatWhen(event.at), `${t('audit.by', { who })}${about}`, event.ip ? t('audit.ip', { ip: event.ip }) : null].filter(Boolean).join(' · ');
  const detail = detailText(event, names);
  return h(
    'li',
    { class: 'list__item', 'data-testid': 'audit-event', dataset: { action: event.action } },
    h(
      'div',
      { class: 'list__text' },
      h('span', { class: 'list__title' }, ACTION_LABELS[event.action] || event.action),
      detail ? h('span', { class: 'list__meta' }, detail) : null,
      h('span', { class: 'list__meta' }, meta),
    ),
  );
}

export async function render(ctx) {
  const me = (ctx.session.profile && ctx.session.profile.user) || {};
  const body = h('div', { class: 'audit' });
  const root = screen(t('audit.title'), backLink('/organisation', t('team.organisation')), body);
  if (!me.isAdmin) {
    body.append(errorBox(t('audit.adminsOnly')));
    return root;
  }
  const filter = auditFilter();
  const list = h('ul', { class: 'list', 'data-testid': 'audit-events' });
  const status = h('div', { 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'btn btn--secondary btn--block is-hidden' }, t('audit.more'));
  const names = new Map();
  let cursor = null;

  async function load({ append = false } = {}) {
    clear(status);
    if (!append) {
      clear(list);
      cursor = null;
    }
    filter.follow();
    try {
      const page = await api.get(`/api/audit?${filter.query(cursor ? { cursor } : {})}`);
      for (const event of page.events) list.append(eventItem(event, names));
      cursor = page.cursor;
      more.classList.toggle('is-hidden', !cursor);
      if (!list.children.length) status.append(h('p', { class: 'muted' }, t('audit.none')));
    } catch (err) {
      status.append(errorBox(err.status === 0 ? t('audit.offline') : t('audit.failed', { message: errorMessage(err) })));
    }
  }

  more.addEventListener('click', () => load({ append: true }));
  filter.form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  body.append(h('section', { class: 'card' }, filter.form), status, list, more);
  await offerPeople(filter.person, names);
  await load();
  return root;
}

/** Who and when: the filter form, its query string, and the CSV link that follows it. */
function auditFilter() {
  const person = h('select', { class: 'input', 'data-testid': 'audit-person' }, h('option', { value: '' }, t('audit.everyone')));
  const from = h('input', { type: 'date', class: 'input' });
  const to = h('input', { type: 'date', class: 'input' });
  const show = h('button', { type: 'submit', class: 'btn btn--primary' }, t('audit.show'));
  // Downloads of the same filter (decisions §98): each is recorded in the log.
  const download = h('a', { class: 'btn btn--secondary', download: true, href: '/api/audit/export?format=csv', 'data-testid': 'audit-csv' }, t('audit.csv'));
  const downloadJson = h('a', { class: 'btn btn--secondary', download: true, href: '/api/audit/export?format=json', 'data-testid': 'audit-json' }, t('audit.json'));
  // A download the server would refuse, or that cannot reach it, is said here: the browser
  // would only show a failed download, away from the screen.
  const problem = h('p', { class: 'field__hint field__hint--warn', role: 'alert', 'data-testid': 'audit-download-problem' });
  const refuse = (event) => {
    const backwards = from.value && to.value && from.value > to.value;
    const reason = backwards ? t('error.bad_range') : !navigator.onLine ? t('audit.downloadOffline') : '';
    problem.textContent = reason;
    if (reason) event.preventDefault();
  };
  download.addEventListener('click', refuse);
  downloadJson.addEventListener('click', refuse);
  const form = h('form', { class: 'form' }, field(t('obs.person'), person), h('div', { class: 'row' }, field(t('audit.from'), from), field(t('audit.to'), to)), h('div', { class: 'row' }, show), h('div', { class: 'row' }, download, downloadJson), problem, h('p', { class: 'muted' }, t('audit.exportHint')));
  const query = (extra = {}) => {
    const params = new URLSearchParams();
    if (person.value) params.set('personId', person.value);
    if (from.value) params.set('from', from.value);
    if (to.value) params.set('to', to.value);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return params.toString();
  };
  // The downloads hold the filter as it reads now, Show tapped or not ("the filter above").
  const follow = () => {
    problem.textContent = '';
    download.setAttribute('href', `/api/audit/export?${query({ format: 'csv' })}`);
    downloadJson.setAttribute('href', `/api/audit/export?${query({ format: 'json' })}`);
  };
  form.addEventListener('input', follow);
  form.addEventListener('change', follow);
  return { form, person, download, downloadJson, query, follow };
}

/** Everyone the admin may filter by (and their names, for the events). */
async function offerPeople(person, names) {
  try {
    const { people } = await api.get('/api/people');
    for (const p of people.sort((a, b) => a.name.localeCompare(b.name))) {
      names.set(p.id, p.name);
      person.append(h('option', { value: p.id }, p.name));
    }
  } catch {
    /* the filter offers "Everyone" only */
  }
}
