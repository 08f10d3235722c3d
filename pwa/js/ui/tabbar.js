// The bottom tab bar for people who coach: Today · Team · Notes (· Mentor).
// Shown on those top-level screens only; forms and detail screens keep the
// whole height for their content and their sticky Save button. "Observe"
// stays the big button on Today and Notes, one thumb away.

import { t } from '../i18n/i18n.js';
import { h, clear } from './dom.js';
import { isCoach } from '../domain/access.js';

const SVG = 'http://www.w3.org/2000/svg';

const ICONS = {
  today: ['M7 3v3M17 3v3M4 9h16M5 5h14a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zM8 14l3 3 5-6'],
  team: ['M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14.3c2.1.7 3.5 2.9 3.5 5.7'],
  notes: ['M6 3h9l4 4v14H6zM15 3v4h4M9 12h7M9 16h7'],
  mentor: ['M12 3l9 5-9 5-9-5zM6 10.5V16c0 1.7 2.7 3 6 3s6-1.3 6-3v-5.5'],
};

function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'tabbar__icon');
  for (const d of ICONS[name]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

// On a tablet, a challenge beside Today and a person beside Team keep the tab bar (§87); a
// challenge opened from a person stays beside Team (router.js keeps it in history.state).
const splitWide = () => matchMedia('(min-width: 900px)').matches;
const challengeBeside = (p, list) => splitWide() && /^\/challenges\/[^/]+$/.test(p) && ((history.state && history.state.split) || 'today') === list;

function tabsFor(profile) {
  if (!isCoach(profile)) return [];
  const tabs = [
    { href: '/', label: t('tab.today'), icon: 'today', match: (p) => p === '/' || challengeBeside(p, 'today') },
    { href: '/team', label: t('tab.team'), icon: 'team', match: (p) => p === '/team' || (splitWide() && /^\/people\/[^/]+$/.test(p)) || challengeBeside(p, 'team') },
    { href: '/observations', label: t('tab.notes'), icon: 'notes', match: (p) => p === '/observations' },
  ];
  if (profile.mentees && profile.mentees.length) {
    tabs.push({ href: '/mentor', label: t('tab.mentor'), icon: 'mentor', match: (p) => p === '/mentor' });
  }
  return tabs;
}

/** Draw (or remove) the tab bar for the signed-in person and the current path. */
export function renderTabbar(session, path = location.pathname) {
  let bar = document.getElementById('tabbar');
  const tabs = session ? tabsFor(session.profile) : [];
  const current = tabs.find((t) => t.match(path));
  if (!current) {
    if (bar) bar.remove();
    document.body.classList.remove('has-tabbar');
    return;
  }
  if (!bar) {
    bar = h('nav', { id: 'tabbar', class: 'tabbar', 'aria-label': t('tab.main') });
    document.body.append(bar);
  }
  clear(bar);
  for (const tab of tabs) {
    bar.append(
      h(
        'a',
        { href: tab.href, 'data-link': true, class: ['tabbar__tab', tab === current ? 'tabbar__tab--on' : null], 'aria-current': tab === current ? 'page' : null },
        icon(tab.icon),
        h('span', { class: 'tabbar__label' }, tab.label),
      ),
    );
  }
  document.body.classList.add('has-tabbar');
}
