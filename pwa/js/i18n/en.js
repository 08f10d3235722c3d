// English: the words of the first screens (shell, sign-in, Today, Notes), key → text; the other
// screens' words are in en-screens.js (docs/pwa.md "Languages": how to add a string).
// {name} is filled by t(key, {name}); an object {one, other} is chosen by params.count.
// Keep fr.js in step: tests/js/i18n.test.js fails on a key or placeholder only one has.

export default {
  // The page and the manifest
  'app.name': 'Gembakit',
  'app.opening': 'Opening Gembakit…',
  'app.skip': 'Skip to content',
  'app.screenFailed': 'This screen failed to open: {message}',
  'app.signedOut': 'Signed out. Your notes stay on this device for your next sign-in.',

  // Header, sync bar and banners
  'header.updateReady': 'A new version is ready — ',
  'header.reload': 'Reload',
  'header.offline': 'Offline',
  'header.account': 'Account: {initials}',
  'header.photosWaiting': { one: '{count} photo waiting to upload', other: '{count} photos waiting to upload' },
  'header.syncing': 'Syncing…',
  'header.lastSync': 'Last sync {when}',
  'header.notSynced': 'Not synced yet',
  'header.syncNow': 'Sync now',
  'header.sessionEnded': 'Your session has ended. Sign in again to send your changes.',
  'header.sessionEndedKept': { one: 'Your session has ended. Sign in again to send your changes ({count} kept on this device).', other: 'Your session has ended. Sign in again to send your changes ({count} kept on this device).' },
  'header.signIn': 'Sign in',
  'header.photoFailure': { one: '{count} photo was refused by the server: {message} It stays on this device; the note was sent without it.', other: '{count} photos were refused by the server: {message} They stay on this device; the note was sent without them.' },
  'header.conflicts': { one: 'Changed on two devices: {count} conflict to review.', other: 'Changed on two devices: {count} conflicts to review.' },
  'header.review': 'Review',
  'header.rejected': { one: '{count} change was refused by the server.', other: '{count} changes were refused by the server.' },
  'header.seeWhy': 'See why',
  'sync.allSynced': 'All changes synced',
  'sync.waiting': { one: '{count} waiting to sync', other: '{count} waiting to sync' },

  // Tab bar
  'tab.main': 'Main',
  'tab.today': 'Today',
  'tab.team': 'Team',
  'tab.notes': 'Notes',
  'tab.mentor': 'Mentor',

  // Times
  'when.today': 'Today {time}',
  'when.yesterday': 'Yesterday {time}',
  'when.day': '{day} {time}',

  // Shared controls
  'common.ok': 'OK',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
  'common.undo': 'Undo',
  'common.savedOnDevice': 'Saved on this device',
  'common.deleted': 'Observation deleted',

  // Coaching words (domain/coaching.js, domain/mutators.js)
  'status.assigned': 'Assigned',
  'status.accepted': 'Accepted',
  'status.in_progress': 'In progress',
  'status.stuck': 'Stuck',
  'status.done': 'Done',
  'status.dropped': 'Dropped',
  'goalStatus.open': 'Open',
  'goalStatus.achieved': 'Achieved',
  'goalStatus.dropped': 'Dropped',
  'mode.standard': 'Standard',
  'mode.problem': 'Problem',
  'mode.kaizen': 'Kaizen',
  'mode.teamwork': 'Teamwork',
  'trend.up': 'improving',
  'trend.down': 'declining',
  'trend.flat': 'steady',
  'person.outsideTeam': 'Someone outside your team',
  'kind.note': 'Note',
  'kind.misconception': 'Misconception',
  'kind.skill_gap': 'Skill gap',
  'kind.strength': 'Strength',
  'kind.problem': 'Problem',
  'kind.safety': 'Safety',
  'kind.idea': 'Idea',

  // Passkeys (data/auth.js)
  'passkey.failed': 'Something went wrong. Try again.',
  'passkey.cancelled': 'The passkey request was cancelled or timed out. Try again.',
  'passkey.exists': 'This device already has a passkey for you. Use “Sign in with passkey” instead.',
  'passkey.insecure': 'Passkeys need the app’s own address (https). Open Gembakit from its usual link.',
  'passkey.unsupported': 'This browser cannot create passkeys. Try an up-to-date browser.',
  'passkey.offline': 'No connection to the server. Connect to the network and try again.',

  // Sign-in
  'signin.button': 'Sign in with passkey',
  'signin.sessionEnded': 'Your session has ended. Sign in again; your notes on this device are kept.',
  'signin.waiting': { one: '{name}: {count} change waits on this device. Sign in to send it.', other: '{name}: {count} changes wait on this device. Sign in to send them.' },
  'signin.offline': 'You are offline. Signing in needs a connection: connect to Wi-Fi or mobile data, then try again.',
  'signin.noPasskeys': 'This browser cannot use passkeys. Open Gembakit in an up-to-date browser.',
  'signin.tagline': 'Your coaching notebook for the gemba.',
  'signin.newHere': 'New here? Open the invite link your manager or admin sent you.',

  // Home (Notes)
  'home.observe': 'Observe',
  'home.title': 'Observations',
  'home.triage': 'Triage into learning goals',
  'home.workshops': 'Workshops',
  'home.empty': 'No observations yet',
  'home.emptyHint': 'On your next walk, tap “Observe” to note what you see. It is saved on this phone at once, even without a network.',
  'card.addressed': 'Addressed',
  'card.waiting': 'waiting to sync',
  'card.flaggedHint': 'Changed on two devices at once: review it',
  'card.flagged': 'Needs review',
  'card.photos': { one: '{count} photo', other: '{count} photos' },
  'card.by': 'by {name}',
};
