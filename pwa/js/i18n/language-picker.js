// Account's "Language" card: follow the browser, or English or French on this device
// (stored on the device, not on the server: a shared tablet may speak another language than
// the person's phone). Choosing redraws the screen in the new language, no reload.
import './screens.js';
import { h } from '../ui/dom.js';
import { choices } from '../ui/form.js';
import { LANGUAGES, chooseLanguage, storedLanguage, browserLanguage, loadScreens, t } from './i18n.js';

export function languageSection(ctx) {
  const group = choices({
    options: [['auto', t('language.auto', { language: LANGUAGES[browserLanguage()] })], ...Object.entries(LANGUAGES)],
    value: storedLanguage() || 'auto',
    label: t('language.title'),
    className: 'segmented segmented--3',
    optionClass: 'segmented__option',
    onClass: 'segmented__on',
    onChange: async (code) => {
      await chooseLanguage(code === 'auto' ? null : code);
      await loadScreens();
      await ctx.navigate(location.pathname, { replace: true });
    },
  });
  group.dataset.testid = 'language';
  return h('section', { class: 'card' }, h('h2', { class: 'card__title' }, t('language.title')), h('p', { class: 'muted small' }, t('language.hint')), group);
}
