// A run chart of check-in ratings: engagement, approach and resilience (1–4)
// over successive check-ins, as inline SVG built with createElementNS. Each
// series has its own colour and marker shape, and the chart carries a title and
// a description listing every value for screen readers.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { RATINGS, localDate, formatDay } from '../domain/coaching.js';
import { WIDTH, SHAPES, NUDGE, el, marker } from '../ui/svg.js';

const HEIGHT = 170;
const PAD = { left: 26, right: 12, top: 10, bottom: 26 };

let chartCount = 0;

/** `checkins` oldest first. Returns a figure with the chart and its legend (or a note with none). */
export function runChart(checkins, { who = '' } = {}) {
  if (!checkins.length) return h('p', { class: 'muted', 'data-testid': 'run-chart-empty' }, t('chart.empty'));
  const id = `runchart-${++chartCount}`;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (checkins.length === 1 ? plotW / 2 : (i * plotW) / (checkins.length - 1));
  const y = (rating) => PAD.top + ((4 - rating) * plotH) / 3;
  const day = (c) => formatDay(localDate(new Date(c.at)));

  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'runchart', role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, 'data-testid': 'run-chart' });
  svg.append(
    el('title', { id: `${id}-title` }, t(who ? 'chart.titleFor' : 'chart.title', { who, count: checkins.length })),
    el(
      'desc',
      { id: `${id}-desc` },
      checkins.map((c) => `${day(c)}: ${RATINGS.map((r) => `${r.label.toLowerCase()} ${c[r.key]}`).join(', ')}`).join('; ') + '.',
    ),
  );
  for (let rating = 1; rating <= 4; rating += 1) {
    svg.append(
      el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(rating), y2: y(rating), class: 'runchart__grid' }),
      el('text', { x: PAD.left - 8, y: y(rating) + 4, class: 'runchart__axis', 'text-anchor': 'end' }, String(rating)),
    );
  }
  const labels = checkins.length === 1 ? [0] : [0, checkins.length - 1];
  for (const i of labels) {
    const anchor = checkins.length === 1 ? 'middle' : i === 0 ? 'start' : 'end';
    svg.append(el('text', { x: x(i), y: HEIGHT - 6, class: 'runchart__axis', 'text-anchor': anchor }, day(checkins[i])));
  }
  for (const { key } of RATINGS) {
    const points = checkins.map((c, i) => [x(i), y(c[key]) + NUDGE[key]]);
    const series = el('g', { class: `runchart__series runchart__series--${key}`, 'data-series': key });
    if (points.length > 1) series.append(el('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'runchart__line' }));
    for (const [px, py] of points) {
      const dot = marker(SHAPES[key], px, py);
      dot.setAttribute('class', 'runchart__point');
      dot.setAttribute('data-point', key);
      series.append(dot);
    }
    svg.append(series);
  }
  const legend = h(
    'ul',
    { class: 'runchart__legend' },
    RATINGS.map(({ key, label }) => h('li', { class: `legend legend--${key}` }, h('span', { class: `legend__swatch legend__swatch--${SHAPES[key]}`, 'aria-hidden': 'true' }), label)),
  );
  return h('figure', { class: 'runchart-figure' }, svg, legend);
}
