// Export (issue 13 point 3, docs/decisions.md §96): the notes, goals, challenges and check-ins
// this device holds for the signed-in person — everything, or one person's — as one JSON file
// or one CSV per kind, made here from the local store (offline too) and handed to the browser
// as a download. The storyboard of the person chosen prints from its own screen.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h, clear } from '../ui/dom.js';
import { field } from '../ui/form.js';
import { viewerOf, myId, isCoach } from '../domain/access.js';
import { localDate, teamOrder } from '../domain/coaching.js';
import { EXPORT_KINDS, selectRecords, exportJson, exportCsv, fileName } from '../domain/export.js';
import { liveSection } from '../ui/live.js';
import { screen, backLink } from './parts.js';

const KIND_WORDS = { observation: 'export.kind.observation', goal: 'export.kind.goal', challenge: 'export.kind.challenge', checkin: 'export.kind.checkin' };

export async function render(ctx, params = {}) {
  const { session } = ctx;
  const profile = session.profile;
  const me = profile.user || {};
  const people = isCoach(profile) ? teamOrder(profile) : [];
  const wanted = new URLSearchParams(location.search).get('person') || params.person || '';

  const whose = h(
    'select',
    { class: 'input', 'data-testid': 'export-whose' },
    h('option', { value: '' }, isCoach(profile) ? t('export.everything') : t('export.everythingMine')),
    isCoach(profile) ? h('option', { value: myId(profile) }, t('export.myOwn', { name: me.name || '' })) : null,
    people.map((p) => h('option', { value: p.id }, p.name)),
  );
  whose.value = [...whose.options].some((o) => o.value === wanted) ? wanted : '';
  const kind = h('select', { class: 'input', 'data-testid': 'export-kind' }, EXPORT_KINDS.map((type) => h('option', { value: type }, t(KIND_WORDS[type]))));
  const counts = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'export-counts' });
  const csvButton = h('button', { type: 'button', class: 'btn btn--primary btn--block', 'data-testid': 'export-csv', 'aria-describedby': 'export-csv-none', onclick: downloadCsv }, t('export.downloadCsv'));
  const csvNone = h('p', { class: 'field__hint', id: 'export-csv-none', 'aria-live': 'polite', 'data-testid': 'export-csv-none' });
  const print = h('div', { class: 'export__print' });
  let data = null;

  const chosen = () => {
    const personId = whose.value || null;
    const person = personId ? (personId === me.id ? me : people.find((p) => p.id === personId)) : null;
    return { personId, person, selected: selectRecords(data, viewerOf(session.profile), personId) };
  };
  const scopeName = (person) => (person ? person.name : isCoach(profile) ? t('export.fileTeam') : me.name);

  function drawSummary() {
    const { selected, personId } = chosen();
    counts.textContent = EXPORT_KINDS.map((type) => t(`export.count.${type}`, { count: selected[type].length })).join(' · ');
    // A spreadsheet of no rows is not offered: the button says why instead of saving an empty file.
    const none = selected[kind.value].length === 0;
    csvButton.disabled = none;
    csvNone.textContent = none ? t('export.csvNone', { what: t(`export.count.${kind.value}`, { count: 0 }) }) : '';
    // A coachee's storyboard prints from its screen (decisions §96); the A3 from its challenge.
    const coachee = personId && people.some((p) => p.id === personId);
    clear(print).append(
      ...[
        h('p', {}, coachee ? t('export.printPerson') : isCoach(profile) ? t('export.printHint') : t('export.printOwn')),
        coachee ? h('a', { href: `/people/${encodeURIComponent(personId)}`, 'data-link': true, class: 'btn btn--secondary', 'data-testid': 'export-print' }, t('export.print')) : null,
      ].filter(Boolean),
    );
  }

  function downloadJson() {
    const { selected, person } = chosen();
    const text = exportJson(selected, { exportedBy: me, person });
    save(ctx, text, fileName(['gembakit', scopeName(person), localDate()], 'json'), 'application/json');
  }

  function downloadCsv() {
    const { selected, person } = chosen();
    const text = exportCsv(selected, kind.value, data);
    save(ctx, text, fileName(['gembakit', scopeName(person), t(`export.file.${kind.value}`), localDate()], 'csv'), 'text/csv;charset=utf-8');
  }

  kind.addEventListener('change', drawSummary);
  whose.addEventListener('change', () => {
    history.replaceState(null, '', whose.value ? `/export?person=${encodeURIComponent(whose.value)}` : '/export');
    drawSummary();
  });

  const body = h(
    'div',
    { class: 'export' },
    h('p', { class: 'lead' }, t('export.lead')),
    h('section', { class: 'card' }, field(t('export.whose'), whose), counts),
    h(
      'section',
      { class: 'card' },
      h('h2', { class: 'card__title' }, t('export.jsonTitle')),
      h('p', { class: 'muted' }, t('export.jsonHint')),
      h('button', { type: 'button', class: 'btn btn--primary btn--block', 'data-testid': 'export-json', onclick: downloadJson }, t('export.downloadJson')),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', { class: 'card__title' }, t('export.csvTitle')),
      h('p', { class: 'muted' }, t('export.csvHint')),
      field(t('export.csvKind'), kind),
      csvButton,
      csvNone,
    ),
    h('section', { class: 'card' }, h('h2', { class: 'card__title' }, t('export.printTitle')), print),
  );
  // Back where she came from: a person's storyboard (opened preset to them), Team, or Account.
  const from = people.find((p) => p.id === wanted);
  const back = from ? backLink(`/people/${encodeURIComponent(from.id)}`, from.name) : isCoach(profile) ? backLink('/team', t('team.title')) : backLink('/account', t('export.back'));
  const root = screen(t('export.title'), body, back);
  const refresh = liveSection(ctx, {
    load: () => session.store.snapshot(EXPORT_KINDS),
    draw: (snapshot) => {
      data = snapshot;
      drawSummary();
    },
  });
  await refresh();
  return root;
}

/** Hand `text` to the browser as a file: a Blob and a link with `download`, no server. */
function save(ctx, text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, class: 'is-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  ctx.toast(t('export.saved', { name }));
}
