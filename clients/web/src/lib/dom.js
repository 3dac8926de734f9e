// Small DOM and fetch helpers shared by the pages.
import { pageAccess } from './access.js';

export function $(id) {
  return document.getElementById(id);
}

/** An element with attributes (undefined and null ones left out) and text. */
export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const k of Object.keys(attrs)) {
      if (attrs[k] !== undefined && attrs[k] !== null) {
        node.setAttribute(k, attrs[k]);
      }
    }
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

/** A request to the API with the page's access token (lib/access.js), whose answer the page's access notes. */
export function apiFetch(path, init) {
  return pageAccess().fetch(path, init);
}

/** GET a JSON resource, never from a cache; a failed status rejects with `error.status`. */
export function getJson(path) {
  return apiFetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then((r) => {
    if (!r.ok) {
      const error = new Error(`${path}: HTTP ${r.status}`);
      error.status = r.status;
      throw error;
    }
    return r.json();
  });
}

/** Fills every element marked data-i18n="key" with its text in the page's language. */
export function translateStatic(t) {
  for (const node of Array.from(document.querySelectorAll('[data-i18n]'))) {
    node.textContent = t(node.getAttribute('data-i18n'));
  }
}

/** Runs `boot` once the document is parsed. */
export function whenReady(boot) {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot);
  } else {
    boot();
  }
}

/** The hint shown when the address lacks what the page needs (a branch, a team). */
export function showHint(example, title) {
  $('hint').hidden = false;
  $('screen').hidden = true;
  $('hint-example').textContent = example;
  $('hint-example').setAttribute('href', example);
  document.title = title;
}
