// What the app's SVG charts share (views/run-chart.js, ui/charts.js): elements made with
// createElementNS (text in through textContent only), the width they are drawn at, and each
// rating's marker shape, nudged so equal ratings stay visible.

const NS = 'http://www.w3.org/2000/svg';
export const WIDTH = 340;
export const SHAPES = { engagement: 'circle', approach: 'square', resilience: 'diamond' };
export const NUDGE = { engagement: -3, approach: 0, resilience: 3 };

export function el(tag, attrs = {}, text = null) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

export function marker(shape, x, y) {
  if (shape === 'square') return el('rect', { x: x - 4, y: y - 4, width: 8, height: 8 });
  if (shape === 'diamond') return el('polygon', { points: `${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}` });
  return el('circle', { cx: x, cy: y, r: 4.5 });
}
