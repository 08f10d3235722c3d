// The app's words in the person's language (docs/decisions.md §81): one catalog per language
// (en.js, fr.js: plain objects, key → text), only the chosen one loaded; the words of the
// screens after the first (en-screens.js, fr-screens.js) come with the first view that
// imports ./screens.js, so the first load stays small. t('key', {name})
// fills {placeholders}; a value that is an object {one, other, …} is chosen with
// Intl.PluralRules by params.count. Numbers in params are formatted for the language.
// The language: the one set in Account on this device, else the first of the browser's
// languages the app speaks, else English.

export const LANGUAGES = { en: 'English', fr: 'Français' };
const STORED = 'gembakit.language';

let current = 'en';
let messages = {};
let plurals = new Intl.PluralRules('en');
let numbers = new Intl.NumberFormat('en');

/** The language chosen in Account on this device, or null (follow the browser). */
export function storedLanguage() {
  try {
    const value = globalThis.localStorage && localStorage.getItem(STORED);
    return value in LANGUAGES ? value : null;
  } catch {
    return null;
  }
}

/** The first of `preferred` (BCP 47 tags, best first) that the app speaks, else 'en'. */
export function pickLanguage(preferred) {
  for (const tag of preferred || []) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in LANGUAGES) return base;
  }
  return 'en';
}

export function browserLanguage() {
  const nav = globalThis.navigator;
  return pickLanguage(nav ? nav.languages || [nav.language] : []);
}

const CATALOGS = {
  en: { core: () => import('./en.js'), screens: () => import('./en-screens.js') },
  fr: { core: () => import('./fr.js'), screens: () => import('./fr-screens.js') },
};
let wantScreens = false; // some view needed the screens' words: a new language brings them too

/** Load the chosen language's catalog (only that one: the first screens' part) and use it. */
export async function loadLanguage(code = storedLanguage() || browserLanguage()) {
  const language = code in CATALOGS ? code : 'en';
  const core = (await CATALOGS[language].core()).default;
  // Asked once the core is here: a view's loadScreens() may have started meanwhile (at boot the
  // first view's module loads alongside), and its words must not be dropped by this catalog.
  const screens = wantScreens ? (await CATALOGS[language].screens()).default : {};
  useCatalog(language, core, screens);
  return current;
}

/** The words of the screens after the first one (a view that needs them imports ./screens.js). */
export async function loadScreens() {
  wantScreens = true;
  const code = current;
  const part = (await CATALOGS[code].screens()).default;
  if (code === current) messages = { ...messages, ...part };
}

/** Set (or with null forget) this device's language, then load it. */
export async function chooseLanguage(code) {
  try {
    if (code in LANGUAGES) localStorage.setItem(STORED, code);
    else localStorage.removeItem(STORED);
  } catch {
    // storage refused (private mode): the choice lasts for this visit
  }
  return loadLanguage(code in LANGUAGES ? code : browserLanguage());
}

/** Use these catalogs (parts of one language, merged) for `code`. */
export function useCatalog(code, ...catalogs) {
  current = code;
  messages = Object.assign({}, ...catalogs);
  plurals = new Intl.PluralRules(code);
  numbers = new Intl.NumberFormat(code);
  if (!globalThis.document) return;
  document.documentElement.lang = code;
  // The web app manifest in the same language, for installing (§104): English is the default.
  const manifest = document.querySelector('link[rel=manifest]');
  const href = code === 'fr' ? '/manifest.fr.webmanifest' : '/manifest.webmanifest';
  if (manifest && manifest.getAttribute('href') !== href) manifest.setAttribute('href', href);
  // index.html's own words (the skip link, the splash): data-i18n="key".
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

export const language = () => current;

/** The text for `key` in the current language, placeholders filled. */
export function t(key, params) {
  let text = messages[key];
  if (text === undefined) return key;
  if (typeof text === 'object') text = text[plurals.select(Number((params && params.count) || 0))] ?? text.other;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === 'number' ? numbers.format(value) : String(value ?? '');
  });
}

// Intl formatters in the current language, made once each (making one costs more than using it).
const formatters = new Map();
function formatter(Kind, options) {
  const key = `${current}|${Kind.name}|${JSON.stringify(options)}`;
  if (!formatters.has(key)) formatters.set(key, new Kind(current, options));
  return formatters.get(key);
}

export const formatDate = (date, options) => formatter(Intl.DateTimeFormat, options).format(date);
export const formatNumberIn = (value, options) => formatter(Intl.NumberFormat, options).format(value);
/** "yesterday", "in 3 days", « avant-hier »… */
export const formatRelativeDays = (days) => formatter(Intl.RelativeTimeFormat, { numeric: 'auto' }).format(days, 'day');
