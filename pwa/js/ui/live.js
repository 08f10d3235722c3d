// Redrawing a screen when sync brings new data, without losing what the person is doing.

/**
 * Track whether the person is working in a screen — has typed into it, or is in one of
 * its fields right now — so that incoming sync data does not redraw it under their thumb.
 */
export function dirtyTracker(root) {
  const state = {
    dirty: false,
    get busy() {
      const active = document.activeElement;
      return state.dirty || Boolean(active && root.contains(active) && active.matches('input, textarea, select'));
    },
  };
  root.addEventListener('input', () => {
    state.dirty = true;
  });
  return state;
}

/**
 * Wrap an async redraw so that only the latest call draws: `fn(isLatest, ...args)`
 * checks isLatest() after its last await (sync data and local saves can both
 * ask for a redraw at nearly the same time).
 */
export function latestOnly(fn) {
  let seq = 0;
  return (...args) => {
    const mine = ++seq;
    return fn(() => mine === seq, ...args);
  };
}

/**
 * A screen, or part of one, that follows the person's data: `load()` reads what it needs,
 * `draw(data)` puts it on screen. It is redrawn whenever sync or a local change brings new
 * data; only the latest load draws (two quick redraws never both append); while `busy()`
 * (the person is typing in it) a redraw waits for the next one, unless forced.
 * Returns `refresh({force})`; await `refresh()` for the first draw.
 */
export function liveSection(ctx, { load, draw, busy = () => false }) {
  const refresh = latestOnly(async (isLatest, { force = false } = {}) => {
    if (busy() && !force) return;
    const data = await load();
    if (!isLatest() || (busy() && !force)) return; // typing may have started while reading
    draw(data);
  });
  ctx.listen(ctx.session.sync, 'data', () => refresh());
  return refresh;
}

/**
 * Make `container`'s children the nodes for `items`, in order, building only those whose
 * key is new or whose `version` changed: the others stay in place, so a redraw after one
 * save adds one card instead of rebuilding the list (issue 10: capture to saved < 50 ms).
 */
export function keyedList(container, items, { key, version = () => '', build }) {
  const existing = new Map();
  for (const child of container.children) if (child.dataset.key) existing.set(child.dataset.key, child);
  let next = container.firstElementChild;
  for (const item of items) {
    const k = String(key(item));
    const v = String(version(item));
    let node = existing.get(k);
    if (!node || node.dataset.version !== v) {
      node = build(item);
      Object.assign(node.dataset, { key: k, version: v });
    }
    if (node === next) next = next.nextElementSibling;
    else container.insertBefore(node, next);
  }
  // Every node placed went before `next`: what is left from there on is not in `items`.
  while (next) {
    const after = next.nextElementSibling;
    next.remove();
    next = after;
  }
  return container;
}
