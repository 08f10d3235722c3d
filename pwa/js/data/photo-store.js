// Photos: shrunk on the device, named by their SHA-256, kept in the person's
// IndexedDB store `photos` ({sha256, blob, type, size, uploaded, createdAt,
// failed?}) and uploaded by the sync loop before the mutations that name them.
//
// A photo is written in the same transaction as the observation that refers
// to it (PersonStore.queue's `photos` option), so no record ever points to a
// photo the device does not have. Uploads are idempotent on the server
// (PUT /api/attachments/<sha256>), so a retry after a lost answer is harmless.

import { api, ApiError } from './api.js';
import { STORE_FOR_TYPE } from '../domain/mutators.js';
import { transact, req } from './store.js';

export const MAX_PHOTOS = 10; // the server's limit per observation
const LONG_SIDE = 1600; // px: sharp enough for a whiteboard, ~300 KB as JPEG
const QUALITY = 0.85;
// Refusals that a retry cannot fix: too large, wrong type, damaged bytes.
const PERMANENT = new Set([400, 413, 415]);

// ---------------------------------------------------------------- shrinking

/**
 * Turn a picked file into a stored-photo record: at most LONG_SIDE px on the
 * long side, JPEG, EXIF (and its GPS position) dropped by the re-encoding.
 */
export async function preparePhoto(file) {
  const image = await decode(file);
  try {
    const scale = Math.min(1, LONG_SIDE / Math.max(image.width, image.height));
    const width = Math.max(1, Math.round(image.width * scale));
    const height = Math.max(1, Math.round(image.height * scale));
    const blob = await encode(image.source, width, height);
    return {
      sha256: await sha256Hex(blob),
      blob,
      type: blob.type || 'image/jpeg',
      size: blob.size,
      width,
      height,
      uploaded: false,
      createdAt: new Date().toISOString(),
    };
  } finally {
    image.close();
  }
}

async function decode(file) {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
    } catch {
      /* try the <img> decoder below */
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => {} };
  } catch {
    throw new Error('This file could not be read as a picture.');
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function encode(source, width, height) {
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    const g = canvas.getContext('2d');
    if (g && typeof canvas.convertToBlob === 'function') {
      draw(g, source, width, height);
      return canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  draw(canvas.getContext('2d'), source, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be encoded.'))), 'image/jpeg', QUALITY),
  );
}

function draw(g, source, width, height) {
  g.fillStyle = '#fff'; // JPEG has no transparency: white, not black, behind a transparent PNG
  g.fillRect(0, 0, width, height);
  g.imageSmoothingEnabled = true;
  g.imageSmoothingQuality = 'high';
  g.drawImage(source, 0, 0, width, height);
}

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------- the store

export function getPhoto(store, sha256) {
  return transact(store.db, ['photos'], 'readonly', (tx) => req(tx.objectStore('photos').get(sha256)));
}

function patchPhoto(store, sha256, patch) {
  return transact(store.db, ['photos'], 'readwrite', async (tx) => {
    const photos = tx.objectStore('photos');
    const photo = await req(photos.get(sha256));
    if (photo) photos.put({ ...photo, ...patch });
  });
}

/** Keep a photo fetched from the server, so it shows offline next time. */
function keepFetched(store, sha256, blob) {
  return transact(store.db, ['photos'], 'readwrite', async (tx) => {
    const photos = tx.objectStore('photos');
    if (await req(photos.getKey(sha256))) return;
    photos.put({ sha256, blob, type: blob.type, size: blob.size, uploaded: true, fetched: true, createdAt: new Date().toISOString() });
  });
}

/**
 * Forget photos the server has and nothing on this device names any more (a
 * deleted note, a note no longer shared). A photo not yet uploaded is never
 * removed. Returns how many went.
 */
export function sweepPhotos(store) {
  const recordStores = [...new Set(Object.values(STORE_FOR_TYPE))];
  return transact(store.db, ['photos', 'outbox', 'rejected', ...recordStores], 'readwrite', async (tx) => {
    const named = new Set();
    const add = (list) => Array.isArray(list) && list.forEach((sha) => named.add(sha));
    for (const m of await req(tx.objectStore('outbox').getAll())) add(m.args && m.args.photos);
    for (const m of await req(tx.objectStore('rejected').getAll())) add(m.args && m.args.photos);
    for (const name of recordStores) {
      for (const r of await req(tx.objectStore(name).getAll())) {
        add(r.data && r.data.photos);
        add(r.server && r.server.photos);
      }
    }
    const photos = tx.objectStore('photos');
    let removed = 0;
    for (const sha256 of await req(photos.getAllKeys())) {
      if (named.has(sha256)) continue;
      const photo = await req(photos.get(sha256));
      if (photo && photo.uploaded) {
        photos.delete(sha256);
        removed += 1;
      }
    }
    return removed;
  });
}

// ---------------------------------------------------------------- upload (sync loop)

/** The photo hashes named by these mutations, in order, once each. */
export function photosNamedBy(mutations) {
  const hashes = new Set();
  for (const m of mutations) {
    const list = m.args && m.args.photos;
    if (Array.isArray(list)) for (const sha of list) hashes.add(sha);
  }
  return [...hashes];
}

/**
 * Upload every photo these mutations name that the server does not have yet.
 * A permanent refusal (400/413/415) marks that photo `failed` with the reason,
 * shown to the person, and is not retried: the note itself still goes. Any
 * other error (offline, 401, 5xx) is thrown for the sync loop to handle.
 */
export async function uploadPhotosFor(store, mutations, onProgress = () => {}) {
  for (const sha256 of photosNamedBy(mutations)) {
    const photo = await getPhoto(store, sha256);
    if (!photo || photo.uploaded || photo.failed) continue;
    try {
      await api.putBlob(`/api/attachments/${sha256}`, photo.blob, photo.type || 'image/jpeg');
      await patchPhoto(store, sha256, { uploaded: true, uploadedAt: new Date().toISOString() });
    } catch (err) {
      if (!(err instanceof ApiError) || !PERMANENT.has(err.status)) throw err;
      await patchPhoto(store, sha256, {
        failed: { status: err.status, code: err.code, message: err.message, at: new Date().toISOString() },
      });
    }
    await onProgress();
  }
}

// ---------------------------------------------------------------- display

/**
 * A photo's bytes for display: from this device, else from the server (then
 * kept on the device). Resolves {blob} or {missing: 'offline' | 'unavailable'}.
 */
export async function loadPhoto(store, sha256) {
  const photo = await getPhoto(store, sha256);
  if (photo && photo.blob) return { blob: photo.blob, photo };
  let response;
  try {
    response = await fetch(`/api/attachments/${encodeURIComponent(sha256)}`, { credentials: 'same-origin' });
  } catch {
    return { missing: 'offline' };
  }
  if (!response.ok) return { missing: 'unavailable' };
  const blob = await response.blob();
  // Content-addressed: bytes that do not match their name are not shown.
  if ((await sha256Hex(blob)) !== sha256) return { missing: 'unavailable' };
  await keepFetched(store, sha256, blob).catch(() => {});
  return { blob };
}
