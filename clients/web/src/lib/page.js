// What every screen does first: pick its language, locale and number
// formats, put them on the document, and show the hint when the address
// lacks what the screen needs.
import { languageOf } from './i18n.js';
import { makeFormatters } from './format.js';
import { translateStatic, showHint } from './dom.js';

/**
 * Returns {lang, locale, t, fmt} for a screen whose options were read from
 * its address, or null after showing the hint (`hint.example`, title
 * `hint.titleKey`) when `ready` is false.
 */
export function prepareScreen(opts, ready, hint) {
  const { lang, locale, t } = languageOf(opts, navigator);
  document.documentElement.lang = lang;
  document.body.setAttribute('data-lang', lang);
  translateStatic(t);
  if (!ready) {
    showHint(`${location.pathname}${hint.example}`, t(hint.titleKey));
    return null;
  }
  return { lang, locale, t, fmt: makeFormatters(locale, opts.currency) };
}
