// <click-to-dial>: click-to-dial for Htek desk phones inside your own pages.
//
//   <script type="module" src="/click-to-dial/click-to-dial.js"></script>
//   <click-to-dial>Anna Schmidt, Tel. +49 30 1234567, Fax +49 30 1234568</click-to-dial>
//   <click-to-dial number="+49 30 1234567"></click-to-dial>
//
// Without `number`, the element marks the phone numbers in its own content (its light DOM) with
// the same page layer and finder as the extension: `layer.js` is the extension's
// `extension/page/layer.js` and `pkg/` the finder-only WebAssembly (the crate `finder/`), both put
// beside this file by `cargo xtask build` (in `dist/www/`). With `number`, it renders one dial
// button (a real link, `tel:` underneath).
//
// Dialing: when the click-to-dial extension is installed, through its page bridge
// (`window.postMessage`, see the README): the extension asks the person, once per site, whether
// this site may dial, and answers ok or a reason, never the phone or the settings. Without the
// extension, numbers are `tel:` links. Where the page's CSP forbids WebAssembly, the extension
// finds the numbers (bridge scan); without it only `number` buttons work.
//
// No innerHTML anywhere: the page's text stays text.

import { COMPONENT, createPageLayer, unpackMatches, utf8Texts } from './layer.js';
import initFinder, { find_batch as findBatch } from './pkg/finder_wasm.js';

/** The bridge's channel name (the extension's content script answers on it). */
export const CHANNEL = 'click-to-dial';
/** The highlight's name and the class of the links the element makes. */
export const MARK = 'click-to-dial-number';

/** The element's words by language; `{number}` is the number. Extend or replace per element
 * with the `texts` property, or for every element through `ClickToDial.texts`. */
const TEXTS = {
  en: {
    dial: 'Dial {number}',
    linkTitle: 'Dial {number} on your desk phone',
    cardDial: 'Dial',
    calling: 'Asking your desk phone to dial {number}…',
    dialing: 'Your desk phone is dialing {number}.',
    declined: '{number} was not dialed: this site may not dial.',
    notConfigured: '{number} was not dialed: set up your desk phone in the click-to-dial extension.',
    cancelled: '{number} was not dialed: you cancelled it.',
    failed: 'Your desk phone did not dial {number}; the click-to-dial extension says why.',
  },
  de: {
    dial: '{number} wählen',
    linkTitle: '{number} am Tischtelefon wählen',
    cardDial: 'Wählen',
    calling: 'Ihr Tischtelefon soll {number} wählen …',
    dialing: 'Ihr Tischtelefon wählt {number}.',
    declined: '{number} wurde nicht gewählt: Diese Website darf nicht wählen.',
    notConfigured: '{number} wurde nicht gewählt: Richten Sie Ihr Tischtelefon in der Click-to-dial-Erweiterung ein.',
    cancelled: '{number} wurde nicht gewählt: Sie haben abgebrochen.',
    failed: 'Ihr Tischtelefon hat {number} nicht gewählt; die Click-to-dial-Erweiterung sagt, warum.',
  },
  fr: {
    dial: 'Appeler le {number}',
    linkTitle: 'Appeler le {number} avec votre téléphone de bureau',
    cardDial: 'Appeler',
    calling: 'Votre téléphone de bureau va appeler le {number}…',
    dialing: 'Votre téléphone de bureau appelle le {number}.',
    declined: 'Le {number} n’a pas été appelé : ce site n’a pas le droit d’appeler.',
    notConfigured: 'Le {number} n’a pas été appelé : configurez votre téléphone dans l’extension Click-to-dial.',
    cancelled: 'Le {number} n’a pas été appelé : vous avez annulé.',
    failed: 'Votre téléphone de bureau n’a pas appelé le {number} ; l’extension Click-to-dial indique pourquoi.',
  },
};

/** The state attribute and words of each bridge answer's reason. */
const REASON_KEYS = {
  declined: 'declined',
  'not-configured': 'notConfigured',
  cancelled: 'cancelled',
};

// ---------------------------------------------------------------------------------------------
// The bridge to the extension's content script.

const bridge = {
  /** Whether the extension answered (a reply, or its `ready` announcement). */
  present: false,
  waiting: new Set(),
  replies: new Map(),
  next: 1,
};

function targetOrigin() {
  return location.origin === 'null' ? '*' : location.origin;
}

addEventListener('message', (event) => {
  const data = event.data;
  if (event.source !== window || data?.channel !== CHANNEL || data.from !== 'extension') return;
  if (!bridge.present) {
    bridge.present = true;
    for (const callback of bridge.waiting) callback();
    bridge.waiting.clear();
  }
  if (data.type === 'reply' && bridge.replies.has(data.id)) {
    bridge.replies.get(data.id)(data);
    bridge.replies.delete(data.id);
  }
});

/**
 * Sends one bridge request; resolves with the reply, or null after `timeoutMs`. The message is
 * posted before this returns, so a dial asked in a click handler carries the click's activation.
 */
function request(type, fields, timeoutMs) {
  const id = `c2d-${bridge.next++}`;
  const reply = new Promise((resolve) => {
    bridge.replies.set(id, resolve);
    setTimeout(() => {
      if (bridge.replies.delete(id)) resolve(null);
    }, timeoutMs);
  });
  postMessage({ channel: CHANNEL, from: 'page', id, type, ...fields }, targetOrigin());
  return reply;
}

/** Calls `callback` once the extension's bridge is known to be there (at once if it is). */
function whenBridge(callback) {
  if (bridge.present) callback();
  else bridge.waiting.add(callback);
}

/** Whether the click-to-dial extension answers on this page (waits up to `timeoutMs`). */
export async function extensionPresent(timeoutMs = 1000) {
  if (bridge.present) return true;
  await request('hello', {}, timeoutMs);
  return bridge.present;
}

/**
 * Asks the extension to dial `number`. Call it from a person's click or key press (the
 * extension refuses otherwise). Resolves with `{ ok: true }` or `{ ok: false, reason }`;
 * reason `no-extension` when the extension is not there (nothing was dialed).
 */
export async function dialThroughExtension(number) {
  if (!bridge.present) return { ok: false, reason: 'no-extension' };
  // The person may take a while to answer the extension's question.
  const reply = await request('dial', { number: String(number) }, 180_000);
  if (!reply) return { ok: false, reason: 'no-answer' };
  return reply.ok ? { ok: true } : { ok: false, reason: reply.reason ?? 'failed' };
}

/** The numbers in `texts` as the extension finds them (for pages where WebAssembly cannot run). */
async function scanThroughExtension(texts) {
  const results = [];
  // The bridge takes up to 1,000 texts and 256 K characters a request.
  for (let start = 0; start < texts.length;) {
    let end = start;
    let chars = 0;
    while (end < texts.length && end - start < 500 && chars + texts[end].length <= 200_000) {
      chars += texts[end].length;
      end += 1;
    }
    if (end === start) end += 1; // one very long text: the extension refuses it, nothing marked
    const reply = await request('scan', { texts: texts.slice(start, end) }, 30_000);
    if (!reply?.ok) results.push(...texts.slice(start, end).map(() => []));
    else results.push(...reply.results);
    start = end;
  }
  return results;
}

// Ask once at load; the extension's content script also announces itself when it starts later.
request('hello', {}, 5000);

// ---------------------------------------------------------------------------------------------
// The finder in the page (WebAssembly), where the page's CSP allows it.

let finder = null;

/** The finder's `find_batch`, or null where WebAssembly cannot run here. */
function localFinder() {
  finder ??= initFinder()
    .then(() => {
      const probe = utf8Texts(['+1 206 555 0100']);
      findBatch(probe.bytes, probe.ends, [], [], '', [], '', ''); // fails here, not later
      return findBatch;
    })
    .catch((error) => {
      console.info('<click-to-dial>: no WebAssembly on this page; the extension finds numbers if it is installed:', String(error));
      return null;
    });
  return finder;
}

// ---------------------------------------------------------------------------------------------
// Styles: constructed sheets (allowed under a strict CSP, unlike <style>).

const SHADOW_CSS = `
:host { display: inline; }
:host([hidden]) { display: none; }
[part~="button"] {
  display: inline-flex; align-items: center; gap: 0.4em;
  padding: var(--click-to-dial-padding, 0.25em 0.8em);
  border-radius: var(--click-to-dial-radius, 999px);
  background: var(--click-to-dial-background, #0f7b6c);
  color: var(--click-to-dial-color, #fff);
  font: var(--click-to-dial-font, inherit);
  text-decoration: none; cursor: pointer; white-space: nowrap;
}
[part~="button"]:hover { filter: brightness(1.08); }
[part~="button"]:focus-visible {
  outline: 3px solid var(--click-to-dial-focus-color, var(--click-to-dial-background, #0f7b6c));
  outline-offset: 2px;
}
[part~="icon"] { width: 1em; height: 1em; fill: currentColor; flex: none; }
[part~="status"] {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
`;

const DOCUMENT_CSS = `
a.${MARK} {
  color: var(--click-to-dial-link-color, inherit);
  text-decoration: underline dotted var(--click-to-dial-accent, #0f7b6c) 2px;
  text-underline-offset: 2px;
  cursor: pointer;
}
a.${MARK}:hover { background: var(--click-to-dial-hover-background, rgba(15, 123, 108, 0.12)); }
a.${MARK}:focus-visible { outline: 3px solid var(--click-to-dial-accent, #0f7b6c); outline-offset: 2px; }
::highlight(${MARK}) { text-decoration: underline dotted #0f7b6c 2px; text-underline-offset: 2px; }
`;

let shadowSheet = null;
const documentsStyled = new WeakSet();

function sheet(css) {
  const result = new CSSStyleSheet();
  result.replaceSync(css);
  return result;
}

/** The marks' style, once per document (page CSS declared later wins). */
function styleDocument(document) {
  if (documentsStyled.has(document)) return;
  documentsStyled.add(document);
  document.adoptedStyleSheets = [sheet(DOCUMENT_CSS), ...document.adoptedStyleSheets];
}

/** A `tel:` URL for a number as written. */
export function telHref(number) {
  return `tel:${number.replace(/[^0-9A-Za-z+*#,;=]/g, '')}`;
}

/** The handset icon, drawn (no markup from strings). */
function icon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('part', 'icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z');
  svg.append(path);
  return svg;
}

// ---------------------------------------------------------------------------------------------
// The element.

/**
 * `<click-to-dial>`. Attributes: `number` (render one dial button for it), `label` (the
 * button's accessible name), `mode` (`links`, the default, or `highlight`: how numbers in the
 * content are marked), `region` (`DE`, `US`, ...: how numbers written without a country code are
 * read; default `auto`, from the page's language). Reflected: `state` (`calling`, `dialing`,
 * `declined`, `not-configured`, `cancelled`, `failed`), `finder` (`local` or `extension`). Event:
 * `dial` (bubbles, composed) with `detail: { number, ok, reason, via }` after each dial.
 */
export class ClickToDial extends HTMLElement {
  static observedAttributes = ['number', 'label', 'mode', 'region', 'lang'];
  /** More or other words for every element, by language: `{ de: { dial: '...' } }`. */
  static texts = {};

  #root;
  #layer = null;
  #texts = null;
  #generation = 0;
  #status = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    shadowSheet ??= sheet(SHADOW_CSS);
    this.#root.adoptedStyleSheets = [shadowSheet];
  }

  /** Words for this element only (`{ dial: 'Call {number}' }`), over the built-in ones. */
  get texts() {
    return this.#texts;
  }

  set texts(value) {
    this.#texts = value ?? null;
    if (this.isConnected) this.#render();
  }

  /** How many numbers are marked in the content now. */
  get marked() {
    return this.#layer?.count ?? 0;
  }

  /** The language of the element (its own or an ancestor's `lang`), e.g. "de-AT". */
  get language() {
    return this.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  }

  /** The word `key` in the element's language, with `{number}` filled in. */
  word(key, number = '') {
    const language = this.language.toLowerCase();
    const primary = language.split('-')[0];
    const lookup = [this.#texts, ClickToDial.texts[language], ClickToDial.texts[primary], TEXTS[primary], TEXTS.en];
    const template = lookup.find((texts) => texts?.[key] != null)?.[key] ?? key;
    return String(template).replaceAll('{number}', number);
  }

  connectedCallback() {
    styleDocument(this.ownerDocument);
    this.#render();
  }

  disconnectedCallback() {
    this.#generation += 1;
    this.#layer?.stop();
    this.#layer = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#render();
  }

  #render() {
    this.#generation += 1;
    this.#layer?.stop();
    this.#layer = null;
    this.#status = document.createElement('span');
    this.#status.setAttribute('part', 'status');
    this.#status.setAttribute('role', 'status');
    const number = this.getAttribute('number')?.trim();
    if (number) {
      this.#root.replaceChildren(this.#button(number), this.#status);
    } else {
      this.#root.replaceChildren(document.createElement('slot'), this.#status);
      this.#markContent(this.#generation);
    }
  }

  /** One dial button: a `tel:` link that dials through the extension when it is there. */
  #button(number) {
    const link = document.createElement('a');
    link.setAttribute('part', 'button');
    link.href = telHref(number);
    link.setAttribute('aria-label', this.getAttribute('label') || this.word('dial', number));
    link.title = this.word('linkTitle', number);
    const label = document.createElement('span');
    label.setAttribute('part', 'label');
    const slot = document.createElement('slot');
    slot.textContent = number; // shown when the element has no content of its own
    label.append(slot);
    link.append(icon(), label);
    link.addEventListener('click', (event) => {
      // Without the extension the link is a plain tel: link.
      if (!bridge.present || !event.isTrusted) return;
      event.preventDefault();
      this.#dial(number);
    });
    return link;
  }

  /** Marks the numbers of the content, with the finder here or, failing that, the extension's. */
  async #markContent(generation) {
    const find = await localFinder();
    const start = (kind, scan) => {
      if (generation !== this.#generation || !this.isConnected) return;
      this.setAttribute('finder', kind);
      this.#layer = createPageLayer({
        scan,
        dial: (number) => this.#dial(number),
        mode: this.getAttribute('mode') === 'highlight' ? 'highlight' : 'links',
        name: MARK,
        component: true,
        text: (key, ...args) => this.word(key, args[0]),
        shadowRootOf: (element) => (element === this ? null : element.shadowRoot),
      });
      this.#layer.start(this);
    };
    if (find) {
      const region = this.getAttribute('region') || 'auto';
      start('local', (texts, records) => {
        const { bytes, ends } = utf8Texts(texts);
        return unpackMatches(texts.length, find(bytes, ends, records?.texts ?? [], records?.of ?? [],
          region, [], this.language, location.hostname));
      });
    } else {
      whenBridge(() => start('extension', scanThroughExtension));
    }
  }

  /** Dials `number` (a person's click): through the extension, or as a `tel:` link. */
  async #dial(number) {
    if (!bridge.present) {
      this.#emit(number, { ok: true, via: 'tel' });
      location.href = telHref(number);
      return;
    }
    this.#show('calling', 'calling', number);
    const answer = await dialThroughExtension(number); // posted before the first await
    if (answer.ok) {
      this.#show('dialing', 'dialing', number);
    } else {
      const key = REASON_KEYS[answer.reason] ?? 'failed';
      this.#show(answer.reason in REASON_KEYS ? answer.reason : 'failed', key, number);
    }
    this.#emit(number, { ...answer, via: 'extension' });
  }

  #show(state, key, number) {
    this.setAttribute('state', state);
    if (this.#status) this.#status.textContent = this.word(key, number);
  }

  #emit(number, answer) {
    const detail = { number, ok: answer.ok, reason: answer.reason ?? null, via: answer.via };
    this.dispatchEvent(new CustomEvent('dial', { detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get(COMPONENT)) customElements.define(COMPONENT, ClickToDial);
