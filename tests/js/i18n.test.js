// The French and English catalogs say the same things: every key in both, the same
// {placeholders}, the same plural forms, nothing empty; t() fills, counts and falls back.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import enFirst from '../../pwa/js/i18n/en.js';
import enScreens from '../../pwa/js/i18n/en-screens.js';
import frFirst from '../../pwa/js/i18n/fr.js';
import frScreens from '../../pwa/js/i18n/fr-screens.js';
import { t, useCatalog, pickLanguage } from '../../pwa/js/i18n/i18n.js';

const en = { ...enFirst, ...enScreens };
const fr = { ...frFirst, ...frScreens };
const CATALOGS = { en, fr };
const texts = (value) => (typeof value === 'object' ? Object.values(value) : [value]);
const placeholders = (value) => [...new Set(texts(value).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

test('each part holds the same keys in both languages, and no key is in both parts', () => {
  assert.deepEqual(Object.keys(enFirst).filter((key) => !(key in frFirst)), [], 'fr.js lacks these');
  assert.deepEqual(Object.keys(enScreens).filter((key) => !(key in frScreens)), [], 'fr-screens.js lacks these');
  assert.deepEqual(Object.keys(enFirst).filter((key) => key in enScreens), []);
});

test('every key exists in English and in French', () => {
  assert.deepEqual(Object.keys(en).filter((key) => !(key in fr)), [], 'missing in fr.js');
  assert.deepEqual(Object.keys(fr).filter((key) => !(key in en)), [], 'missing in en.js');
});

test('a key has the same placeholders in both languages', () => {
  const differ = Object.keys(en).filter((key) => key in fr && placeholders(en[key]).join() !== placeholders(fr[key]).join());
  assert.deepEqual(differ.map((key) => [key, placeholders(en[key]), placeholders(fr[key])]), []);
});

test('no text is empty, and a plural has every form its language needs', () => {
  for (const [code, catalog] of Object.entries(CATALOGS)) {
    const forms = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    for (const [key, value] of Object.entries(catalog)) {
      for (const text of texts(value)) assert.ok(typeof text === 'string' && text.trim(), `${code} ${key} is empty`);
      if (typeof value === 'object') {
        assert.ok('other' in value, `${code} ${key} has no "other" form`);
        for (const form of forms.filter((f) => f !== 'many')) assert.ok(form in value, `${code} ${key} lacks "${form}"`);
      }
    }
  }
});

test('French says "0 photo" and "2 photos"; English "0 photos", "1 photo"; numbers in the language', () => {
  useCatalog('fr', fr);
  assert.equal(t('card.photos', { count: 0 }), '0 photo');
  assert.equal(t('card.photos', { count: 2 }), '2 photos');
  assert.equal(t('signin.waiting', { name: 'Léa', count: 1 }), 'Léa : 1 modification attend sur cet appareil. Connectez-vous pour l’envoyer.');
  assert.equal(t('sync.waiting', { count: 1500 }), '1\u202f500 à synchroniser');
  useCatalog('en', en);
  assert.equal(t('card.photos', { count: 0 }), '0 photos');
  assert.equal(t('card.photos', { count: 1 }), '1 photo');
  assert.equal(t('no.such.key'), 'no.such.key');
  assert.equal(t('card.by', {}), 'by {name}');
});

test('the language is the first of the browser\'s that the app speaks', () => {
  assert.equal(pickLanguage(['fr-FR', 'en-US']), 'fr');
  assert.equal(pickLanguage(['de-DE', 'fr-CA', 'en']), 'fr');
  assert.equal(pickLanguage(['de-DE']), 'en');
  assert.equal(pickLanguage([]), 'en');
});

test('French keeps the glossary: a misconception is an "idée fausse" on every screen, the library too', () => {
  // The goal says "Idée fausse qu’il remplace"; the principle published from it said "Idée reçue".
  const other = Object.keys(fr).filter((key) => texts(fr[key]).some((text) => /idée reçue/i.test(text)));
  assert.deepEqual(other, []);
});
