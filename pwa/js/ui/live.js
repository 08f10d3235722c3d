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
