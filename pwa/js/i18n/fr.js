// Français : les mots des premiers écrans (cadre, connexion, Aujourd'hui, Notes), clé → texte ;
// ceux des autres écrans sont dans fr-screens.js (mêmes clés et mêmes {paramètres}
// qu'en.js ; tests/js/i18n.test.js y veille). Glossaire : docs/decisions.md §81.

export default {
  // La page et le manifeste
  'app.name': 'Gembakit',
  'app.opening': 'Ouverture de Gembakit…',
  'app.skip': 'Aller au contenu',
  'app.screenFailed': 'Cet écran n’a pas pu s’ouvrir : {message}',
  'app.signedOut': 'Vous êtes déconnecté. Vos notes restent sur cet appareil jusqu’à votre prochaine connexion.',

  // En-tête, barre de synchronisation et bandeaux
  'header.updateReady': 'Une nouvelle version est prête — ',
  'header.reload': 'Recharger',
  'header.offline': 'Hors ligne',
  'header.account': 'Compte : {initials}',
  'header.photosWaiting': { one: '{count} photo en attente d’envoi', other: '{count} photos en attente d’envoi' },
  'header.syncing': 'Synchronisation…',
  'header.lastSync': 'Dernière synchro {when}',
  'header.notSynced': 'Pas encore synchronisé',
  'header.syncNow': 'Synchroniser',
  'header.sessionEnded': 'Votre session a expiré. Reconnectez-vous pour envoyer vos modifications.',
  'header.sessionEndedKept': { one: 'Votre session a expiré. Reconnectez-vous pour envoyer vos modifications ({count} gardée sur cet appareil).', other: 'Votre session a expiré. Reconnectez-vous pour envoyer vos modifications ({count} gardées sur cet appareil).' },
  'header.signIn': 'Se connecter',
  'header.photoFailure': { one: '{count} photo a été refusée par le serveur : {message} Elle reste sur cet appareil ; la note a été envoyée sans elle.', other: '{count} photos ont été refusées par le serveur : {message} Elles restent sur cet appareil ; la note a été envoyée sans elles.' },
  'header.conflicts': { one: 'Modifié sur deux appareils : {count} conflit à examiner.', other: 'Modifié sur deux appareils : {count} conflits à examiner.' },
  'header.review': 'Examiner',
  'header.rejected': { one: '{count} modification a été refusée par le serveur.', other: '{count} modifications ont été refusées par le serveur.' },
  'header.seeWhy': 'Voir pourquoi',
  'sync.allSynced': 'Tout est synchronisé',
  'sync.waiting': { one: '{count} en attente de synchro', other: '{count} en attente de synchro' },

  // Barre d'onglets
  'tab.main': 'Principal',
  'tab.today': 'Aujourd’hui',
  'tab.team': 'Équipe',
  'tab.notes': 'Notes',
  'tab.mentor': 'Mentor',

  // Heures
  'when.today': 'Aujourd’hui {time}',
  'when.yesterday': 'Hier {time}',
  'when.day': '{day} {time}',

  // Commandes communes
  'common.ok': 'OK',
  'common.cancel': 'Annuler',
  'common.save': 'Enregistrer',
  'common.undo': 'Annuler',
  'common.savedOnDevice': 'Enregistré sur cet appareil',
  'common.deleted': 'Observation supprimée',

  // Mots du coaching
  'status.assigned': 'Confié',
  'status.accepted': 'Accepté',
  'status.in_progress': 'En cours',
  'status.stuck': 'Bloqué',
  'status.done': 'Terminé',
  'status.dropped': 'Abandonné',
  'goalStatus.open': 'Ouvert',
  'goalStatus.achieved': 'Atteint',
  'goalStatus.dropped': 'Abandonné',
  'mode.standard': 'Standard',
  'mode.problem': 'Problème',
  'mode.kaizen': 'Kaizen',
  'mode.teamwork': 'Entraide',
  'trend.up': 'en progrès',
  'trend.down': 'en baisse',
  'trend.flat': 'stables',
  'person.outsideTeam': 'Quelqu’un hors de votre équipe',
  'kind.note': 'Note',
  'kind.misconception': 'Idée fausse',
  'kind.skill_gap': 'Compétence à acquérir',
  'kind.strength': 'Point fort',
  'kind.problem': 'Problème',
  'kind.safety': 'Sécurité',
  'kind.idea': 'Idée',

  // Clés d'accès
  'passkey.failed': 'Un problème est survenu. Réessayez.',
  'passkey.cancelled': 'La demande de clé d’accès a été annulée ou a expiré. Réessayez.',
  'passkey.exists': 'Cet appareil a déjà une clé d’accès pour vous. Utilisez plutôt « Se connecter avec une clé d’accès ».',
  'passkey.insecure': 'Les clés d’accès exigent l’adresse propre de l’application (https). Ouvrez Gembakit depuis son lien habituel.',
  'passkey.unsupported': 'Ce navigateur ne sait pas créer de clés d’accès. Essayez un navigateur à jour.',
  'passkey.offline': 'Pas de connexion au serveur. Connectez-vous au réseau et réessayez.',

  // Connexion
  'signin.button': 'Se connecter avec une clé d’accès',
  'signin.sessionEnded': 'Votre session a expiré. Reconnectez-vous ; vos notes sur cet appareil sont conservées.',
  'signin.waiting': { one: '{name} : {count} modification attend sur cet appareil. Connectez-vous pour l’envoyer.', other: '{name} : {count} modifications attendent sur cet appareil. Connectez-vous pour les envoyer.' },
  'signin.offline': 'Vous êtes hors ligne. La connexion demande un réseau : activez le Wi-Fi ou les données mobiles, puis réessayez.',
  'signin.noPasskeys': 'Ce navigateur ne gère pas les clés d’accès. Ouvrez Gembakit dans un navigateur à jour.',
  'signin.tagline': 'Votre carnet de coaching pour le gemba.',
  'signin.newHere': 'Nouveau ? Ouvrez le lien d’invitation que votre manager ou votre administrateur vous a envoyé.',

  // Accueil (Notes)
  'home.observe': 'Observer',
  'home.title': 'Observations',
  'home.triage': 'Trier en objectifs d’apprentissage',
  'home.workshops': 'Ateliers',
  'home.empty': 'Aucune observation pour l’instant',
  'home.emptyHint': 'Lors de votre prochain tour de terrain, touchez « Observer » pour noter ce que vous voyez. C’est enregistré tout de suite sur ce téléphone, même sans réseau.',
  'card.addressed': 'Traitée',
  'card.waiting': 'en attente de synchro',
  'card.flaggedHint': 'Modifiée sur deux appareils à la fois : à examiner',
  'card.flagged': 'À examiner',
  'card.photos': { one: '{count} photo', other: '{count} photos' },
  'card.by': 'par {name}',
};
