// Small SVG charts for the Insight screens, in the run chart's style (views/run-chart.js):
// horizontal bars, a line per rating, a sparkline. Each chart is an <svg role="img"> named by
// its <title> and <desc> (every value in words), and the screen puts the same figures in a
// table under it, so nothing is only a picture. Text in through textContent only.

import { h } from './dom.js';
import { WIDTH, SHAPES, NUDGE, el, marker } from './svg.js';

let chartCount = 0;

/** An <svg role="img"> named by a <title> and described by a <desc>. */
function svgImage(width, height, title, desc, className, testid) {
  const id = `chart-${++chartCount}`;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: className, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, 'data-testid': testid, focusable: 'false' });
  svg.append(el('title', { id: `${id}-title` }, title), el('desc', { id: `${id}-desc` }, desc));
  return svg;
}

/**
 * Horizontal bars, one group per row: rows = [{label, values: [n|null…], texts: [string…], tone?}],
 * series = [{key, label}] (one bar per series in each row; its class is chart__bar--<key>, or
 * chart__bar--<tone> when the row has one: met green, missed red, whatever the series).
 */
export function barChart({ title, desc, rows, series, max = null, testid = 'bar-chart' }) {
  const barH = 14;
  const rowH = 20 + series.length * (barH + 4) + 6;
  const height = rows.length * rowH + 4;
  const top = max ?? Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v || 0)));
  const room = WIDTH - 100; // the value's words after the longest bar
  const svg = svgImage(WIDTH, height, title, desc, 'chart chart--bars', testid);
  rows.forEach((row, i) => {
    const y = i * rowH + 14;
    const group = el('g', { class: 'chart__row' });
    group.append(el('text', { x: 0, y, class: 'chart__label' }, row.label));
    series.forEach((s, j) => {
      const value = row.values[j];
      const by = y + 6 + j * (barH + 4);
      const w = value ? Math.max(2, (value / top) * room) : 0;
      group.append(el('rect', { x: 0, y: by, width: WIDTH - 2, height: barH, class: 'chart__track' }));
      if (w) group.append(el('rect', { x: 0, y: by, width: w, height: barH, class: `chart__bar chart__bar--${row.tone || s.key}`, 'data-series': s.key }));
      group.append(el('text', { x: w + 6, y: by + barH - 3, class: 'chart__value' }, row.texts[j]));
    });
    svg.append(group);
  });
  return svg;
}

/** Lines over time: labels = x labels (first and last are drawn), series = [{key, values: [n|null…]}], on a min–max scale. */
export function lineChart({ title, desc, labels, series, min = 1, max = 4, testid = 'line-chart' }) {
  const HEIGHT = 170;
  const PAD = { left: 26, right: 12, top: 10, bottom: 26 };
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (labels.length === 1 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const y = (value) => PAD.top + ((max - value) * plotH) / (max - min);
  const svg = svgImage(WIDTH, HEIGHT, title, desc, 'runchart', testid);
  for (let level = min; level <= max; level += 1) {
    svg.append(
      el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(level), y2: y(level), class: 'runchart__grid' }),
      el('text', { x: PAD.left - 8, y: y(level) + 4, class: 'runchart__axis', 'text-anchor': 'end' }, String(level)),
    );
  }
  const ends = labels.length === 1 ? [0] : [0, labels.length - 1];
  for (const i of ends) {
    const anchor = labels.length === 1 ? 'middle' : i === 0 ? 'start' : 'end';
    svg.append(el('text', { x: x(i), y: HEIGHT - 6, class: 'runchart__axis', 'text-anchor': anchor }, labels[i]));
  }
  for (const { key, values } of series) {
    const points = values.map((v, i) => (v === null || v === undefined ? null : [x(i), y(v) + (NUDGE[key] || 0)])).filter(Boolean);
    const group = el('g', { class: `runchart__series runchart__series--${key}`, 'data-series': key });
    if (points.length > 1) group.append(el('polyline', { points: points.map((p) => p.join(',')).join(' '), class: 'runchart__line' }));
    for (const [px, py] of points) {
      const dot = marker(SHAPES[key] || 'circle', px, py);
      dot.setAttribute('class', 'runchart__point');
      group.append(dot);
    }
    svg.append(group);
  }
  return svg;
}

/** The legend of the three ratings, as the run chart draws it. */
export function ratingLegend(ratings) {
  return h(
    'ul',
    { class: 'runchart__legend' },
    ratings.map(({ key, label }) => h('li', { class: `legend legend--${key}` }, h('span', { class: `legend__swatch legend__swatch--${SHAPES[key]}`, 'aria-hidden': 'true' }), label)),
  );
}

/** A word-sized line of values (1–4), named by `label`. */
export function sparkline(values, { label, min = 1, max = 4 }) {
  const W = 80;
  const H = 24;
  const x = (i) => (values.length === 1 ? W / 2 : 3 + (i * (W - 6)) / (values.length - 1));
  const y = (v) => 3 + ((max - v) * (H - 6)) / (max - min);
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'sparkline', role: 'img', 'aria-label': label, focusable: 'false', 'data-testid': 'sparkline' });
  if (values.length > 1) svg.append(el('polyline', { points: values.map((v, i) => `${x(i)},${y(v)}`).join(' '), class: 'sparkline__line' }));
  const last = values.length - 1;
  if (last >= 0) svg.append(el('circle', { cx: x(last), cy: y(values[last]), r: 2.5, class: 'sparkline__dot' }));
  return svg;
}

/** A column name, or {long, short}: the short one shows on a phone, the long one is always read. */
function headText(text) {
  if (typeof text === 'string') return text;
  return [h('span', { class: 'th-long' }, text.long), h('span', { class: 'th-short', 'aria-hidden': 'true' }, text.short)];
}

/** The same figures as a chart, as a table: head = column names, rows = cells (text or nodes). */
export function dataTable({ caption, head, rows, testid = 'chart-table' }) {
  return h(
    'div',
    // A wide table scrolls sideways on a phone: a region that a keyboard can reach and scroll.
    { class: 'chart-table', role: 'region', tabindex: '0', 'aria-label': caption || null },
    h(
      'table',
      { 'data-testid': testid },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, head.map((text, i) => h('th', { scope: 'col', class: i ? 'num' : null }, headText(text))))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) => (i ? h('td', { class: 'num' }, cell) : h('th', { scope: 'row' }, cell)))))),
    ),
  );
}
