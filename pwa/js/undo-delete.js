// Delete with undo. A delete is NOT queued at once: the observation is hidden and a toast
// offers "Undo" for a few seconds; only when that window closes is observation.delete
// queued. This keeps the outbox append-only (no compensating mutations). If the app is
// hidden or closed during the window the delete is queued at once (pagehide,
// visibilitychange); if even that is lost, the note simply survives. Loaded with the first
// delete (session.js).

import { t } from './i18n/i18n.js';
import { hiddenIds } from './session.js';
import { toast, dismissToast } from './ui/toast.js';

const UNDO_DELETE_MS = 5000;

const pendingDeletes = new Map(); // id -> commit()

export function deleteWithUndo(session, id) {
  hiddenIds.add(id);
  let committed = false;
  const commit = async () => {
    if (committed) return;
    committed = true;
    pendingDeletes.delete(id);
    try {
      const { deleteObservation } = await import('./data/outbox.js');
      await deleteObservation(session.store, id);
    } finally {
      hiddenIds.delete(id);
    }
  };
  pendingDeletes.set(id, commit);
  toast(t('common.deleted'), { action: t('common.undo'), timeout: UNDO_DELETE_MS }).then((undo) => {
    if (committed) return;
    if (!undo) return commit();
    committed = true;
    pendingDeletes.delete(id);
    hiddenIds.delete(id);
    session.sync.dispatchEvent(new CustomEvent('data'));
  });
}

export function flushPendingDeletes() {
  if (pendingDeletes.size) dismissToast(); // resolves the toast as "not undone" → commit
  for (const commit of [...pendingDeletes.values()]) commit();
}

window.addEventListener('pagehide', flushPendingDeletes);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible') flushPendingDeletes();
});
