// Photos on screen: the picker of the capture form (shrinks each photo at once
// and shows its thumbnail, removable until Save) and the gallery of a saved
// observation (from this device, else from the server, else a placeholder).
// Object URLs are revoked when the screen goes away.

import '../i18n/screens.js';
import { t } from '../i18n/i18n.js';
import { MAX_PHOTOS, preparePhoto, loadPhoto } from '../data/photo-store.js';
import { h } from '../ui/dom.js';

function objectUrl(ctx, blob) {
  const url = URL.createObjectURL(blob);
  ctx.onLeave(() => URL.revokeObjectURL(url));
  return url;
}

/**
 * The "Add photos" control. Returns {element, hashes(), records(), ready()}:
 * `records()` are the prepared photos to store with the observation,
 * `ready()` resolves once every picked photo has been shrunk and hashed.
 * `initial` lists the hashes already saved with the note (an edit, or a
 * refused change saved again); one that cannot be shown stays unless removed.
 */
export function photoPicker(ctx, store, { initial = [] } = {}) {
  const picker = new PhotoPicker(ctx);
  for (const sha256 of initial.slice(0, MAX_PHOTOS)) {
    picker.slot(async () => {
      const found = await loadPhoto(store, sha256);
      return { sha256, blob: found.blob || null, photo: found.photo, missing: found.missing, record: null };
    }, sha256);
  }
  picker.render();
  return {
    element: picker.element,
    hashes: () => picker.items.filter((item) => item.sha256).map((item) => item.sha256),
    records: () => picker.items.filter((item) => item.record).map((item) => item.record),
    async ready() {
      while (picker.preparing()) await Promise.allSettled(picker.items.map((item) => item.job));
    },
  };
}

class PhotoPicker {
  constructor(ctx) {
    this.ctx = ctx;
    this.items = []; // in the order picked: {sha256, record|null, tile, job}; sha256 is null while preparing
    this.grid = h('div', { class: 'photo-grid', 'data-testid': 'photo-thumbs' });
    this.error = h('p', { class: 'error is-hidden', role: 'alert' });
    const id = `photos-${Math.random().toString(36).slice(2, 9)}`;
    this.input = h('input', { id, type: 'file', accept: 'image/*', capture: 'environment', multiple: true, class: 'visually-hidden', 'data-testid': 'photo-input' });
    this.input.addEventListener('change', () => this.pick());
    this.button = h('label', { for: id, class: 'btn btn--secondary btn--block btn--photo' }, h('span', { class: 'btn__camera', 'aria-hidden': 'true' }), t('photos.add'));
    this.hint = h('p', { class: 'field__hint' });
    this.element = h('div', { class: 'field' }, h('span', { class: 'field__label' }, t('edit.photos')), this.grid, this.input, this.button, this.hint, this.error);
  }

  preparing() {
    return this.items.filter((item) => !item.sha256).length;
  }

  render() {
    const { items } = this;
    const free = MAX_PHOTOS - items.length;
    this.button.classList.toggle('is-hidden', free <= 0);
    this.input.disabled = free <= 0;
    this.hint.textContent = items.length
      ? t(this.preparing() ? 'photos.countShrinking' : 'photos.count', { count: items.length, max: MAX_PHOTOS })
      : t('photos.hint', { max: MAX_PHOTOS });
    items.forEach((item, i) => {
      const img = item.tile.querySelector('img');
      if (img) img.alt = t('photos.photo', { n: i + 1 });
      item.tile.querySelector('button').setAttribute('aria-label', t('photos.remove', { n: i + 1 }));
    });
  }

  showError(message) {
    this.error.textContent = message;
    this.error.classList.toggle('is-hidden', !message);
  }

  drop(item) {
    const i = this.items.indexOf(item);
    if (i >= 0) this.items.splice(i, 1);
    item.tile.remove();
    this.render();
  }

  /** The files just picked, up to the limit, each shrunk on this device. */
  pick() {
    const files = [...this.input.files];
    this.input.value = ''; // picking the same file again must fire `change` again
    this.showError('');
    const free = MAX_PHOTOS - this.items.length;
    if (files.length > free) this.showError(t('photos.tooMany', { max: MAX_PHOTOS, count: files.length - Math.max(free, 0) }));
    for (const file of files.slice(0, Math.max(free, 0))) {
      this.slot(async () => {
        try {
          const record = await preparePhoto(file);
          return { sha256: record.sha256, blob: record.blob, record };
        } catch (err) {
          throw new Error(`${file.name || 'A photo'}: ${err.message}`);
        }
      });
    }
    this.render();
  }

  /**
   * A tile now (in picking order), filled in when `load` gives {sha256, blob, record}.
   * `known`: the hash of a photo already saved with the note (it counts at once).
   */
  slot(load, known = null) {
    const remove = h('button', { type: 'button', class: 'photo__remove' }, '×');
    const tile = h('figure', { class: 'photo photo--loading' }, remove);
    const item = { sha256: known, record: null, tile };
    remove.addEventListener('click', () => this.drop(item));
    this.items.push(item);
    this.grid.append(tile);
    item.job = load()
      .then((found) => this.fill(item, found))
      .catch((err) => {
        this.showError(err.message);
        this.drop(item);
      })
      .finally(() => this.render());
  }

  fill(item, found) {
    if (!this.items.includes(item)) return; // removed while it was being prepared
    if (!found || this.items.some((other) => other !== item && other.sha256 === found.sha256)) {
      this.drop(item); // unreadable, or the same picture twice
      return;
    }
    const { tile } = item;
    Object.assign(item, { sha256: found.sha256, record: found.record });
    tile.classList.remove('photo--loading');
    tile.dataset.sha256 = found.sha256;
    if (found.blob) {
      tile.prepend(h('img', { class: 'photo__img', src: objectUrl(this.ctx, found.blob), alt: t('edit.photos') }));
      const caption = uploadCaption(found.photo);
      if (caption) tile.append(caption);
    } else {
      // Saved earlier but not on this device (offline): it stays unless removed.
      tile.classList.add('photo--missing');
      tile.prepend(h('span', { class: 'photo__placeholder', 'data-testid': 'photo-placeholder' }, missingText(found.missing)));
    }
  }
}

/** Thumbnails of saved photos; a tap shows one large. */
export function photoGallery(ctx, store, hashes = []) {
  const grid = h('div', { class: 'photo-grid', 'data-testid': 'photos' });
  hashes.forEach((sha256, i) => grid.append(savedPhoto(ctx, store, sha256, i + 1)));
  return grid;
}

function savedPhoto(ctx, store, sha256, n) {
  const tile = h('figure', { class: 'photo photo--loading', dataset: { sha256 } });
  loadPhoto(store, sha256).then((found) => {
    tile.classList.remove('photo--loading');
    if (!found.blob) {
      tile.classList.add('photo--missing');
      tile.append(h('span', { class: 'photo__placeholder', 'data-testid': 'photo-placeholder' }, missingText(found.missing)));
      return;
    }
    const url = objectUrl(ctx, found.blob);
    const open = h('button', { type: 'button', class: 'photo__open', 'aria-label': t('photos.showLarge', { n }) }, h('img', { class: 'photo__img', src: url, alt: t('photos.photo', { n }) }));
    open.addEventListener('click', () => showLarge(ctx, url, n));
    tile.append(open);
    const caption = uploadCaption(found.photo);
    if (caption) tile.append(caption);
  });
  return tile;
}

/** "Waiting to upload" / "Not uploaded" under a photo of this device's, or null. */
function uploadCaption(photo) {
  if (photo && photo.failed) {
    return h('figcaption', { class: 'photo__caption photo__caption--error', title: photo.failed.message }, t('photos.refused'));
  }
  if (photo && !photo.uploaded) return h('figcaption', { class: 'photo__caption' }, t('photos.waiting'));
  return null;
}

function missingText(missing) {
  return missing === 'offline' ? t('photos.offline') : t('photos.missing');
}

function showLarge(ctx, url, n) {
  const dialog = h(
    'dialog',
    { class: 'dialog dialog--photo', 'aria-label': t('photos.photo', { n }) },
    h('img', { class: 'dialog__photo', src: url, alt: t('photos.photo', { n }) }),
    h('div', { class: 'dialog__actions' }, h('button', { type: 'button', class: 'btn btn--primary', onclick: () => dialog.close() }, t('photos.close'))),
  );
  dialog.addEventListener('close', () => dialog.remove());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // a tap outside the picture
  });
  ctx.onLeave(() => dialog.open && dialog.close());
  document.body.append(dialog);
  dialog.showModal();
}
