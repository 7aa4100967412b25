// The content script's entry. The build puts it after page/layer.js, both inside one function,
// as the extension's content.js (content scripts cannot be ES modules).
//
// It asks the background how to treat this page (never for settings or credentials) and where
// the finder runs (here as WebAssembly where the page's CSP does not apply to it, else in the
// background: trying would record a violation the page could see), and starts the page layer.
// It leaves no mark of its own in the page's DOM. It also answers the page bridge (below): the <click-to-dial> component, or any page, may ask it to dial
// a number a person chose, or to find the numbers in some texts.

const api = globalThis.browser ?? globalThis.chrome;

// Before the page is parsed: which of its style sheet links fail to load (the click's check
// passes over their sheets, which style nothing).
watchStyleLoads(window);

/**
 * When this script started, and when the background's answer to `PageConfig` came and the
 * finder was ready (ms since the navigation): the layer's account of its time carries them.
 */
const startup = { script: performance.now() };

function send(message) {
  return api.runtime.sendMessage(message);
}

/**
 * What the page says about itself, which helps read national numbers: read when first asked
 * (this script runs before the page is parsed: its <html> may not be there yet).
 */
let pageHints = null;
function hints() {
  const root = document.documentElement;
  const found = { language: root?.lang || navigator.language || '', domain: location.hostname || '' };
  if (root) pageHints ??= found;
  return pageHints ?? found;
}

/**
 * The finder alone as WebAssembly (`wasm_bindgen`, bundled before this file), loaded once for
 * this content script; null where it cannot run. Only where the background said the finder runs
 * in the page: Chromium compiles a content script's WebAssembly under the page's CSP.
 */
let localFinder = null;

function loadLocalFinder() {
  localFinder ??= (async () => {
    await wasm_bindgen({ module_or_path: api.runtime.getURL('finder/finder_wasm_bg.wasm') });
    const probe = utf8Texts(['+1 206 555 0100']);
    wasm_bindgen.find_batch(probe.bytes, probe.ends, [], [], '', [], '', ''); // fails here, not later
    return wasm_bindgen;
  })().catch((error) => {
    console.info('click-to-dial: the finder runs in the background on this page:', String(error));
    return null;
  });
  return localFinder;
}

/** Where the finder runs: here as WebAssembly where the background says so, else in the background. */
async function chooseScanner(config) {
  const finder = config.finder === 'page' ? await loadLocalFinder() : null;
  if (finder) {
    // National numbers are read in the user's default country, then in their other countries.
    const also = config.otherRegions ?? [];
    return {
      kind: 'local',
      // At once, not through a promise: the layer marks before the page gets the thread back.
      scan: (texts, records) => {
        const { bytes, ends } = utf8Texts(texts);
        return unpackMatches(texts.length, finder.find_batch(bytes, ends, records.texts, records.of,
          config.region, also, hints().language, hints().domain));
      },
    };
  }
  return {
    kind: 'background',
    scan: scanInBackground,
  };
}

/**
 * The port the finder's requests go on (a message each would open a channel each): opened when
 * first needed, and again after the background went away (it stops when idle); the requests
 * awaiting their answers on it, by id.
 */
let scanPort = null;
const awaited = new Map();
let lastRequest = 0;

function askOnPort(message) {
  if (!scanPort) {
    const port = api.runtime.connect({ name: 'scan' });
    port.onMessage.addListener((data) => {
      const waiting = awaited.get(data?.id);
      awaited.delete(data?.id);
      waiting?.resolve(data.answer);
    });
    port.onDisconnect.addListener(() => {
      if (scanPort === port) scanPort = null;
      for (const waiting of awaited.values()) waiting.reject(new Error('the background went away'));
      awaited.clear();
    });
    scanPort = port;
  }
  lastRequest += 1;
  const id = lastRequest;
  return new Promise((resolve, reject) => {
    awaited.set(id, { resolve, reject });
    try {
      scanPort.postMessage({ id, message });
    } catch (error) {
      awaited.delete(id);
      scanPort = null;
      reject(error);
    }
  });
}

/** The numbers in `texts` as the background finds them (`records` as the page layer's, or none). */
async function scanInBackground(texts, records) {
  const request = { type: 'Scan', texts, hints: hints() };
  if (records) Object.assign(request, { records: records.texts, recordOf: records.of });
  // A port that closed on the way is no reason to fail: the message wakes the background.
  const answer = await askOnPort(request).catch(() => send(request));
  if (answer?.type !== 'Scanned') throw new Error(answer?.message ?? 'no answer from the background');
  return unpackMatches(texts.length, answer.matches);
}

/**
 * The shadow root of `element`, open or closed, or null. Only HTML elements host one, and
 * Chromium's `dom.openOrClosedShadowRoot` throws for any other (an SVG element under a click).
 */
function shadowRootOf(element) {
  if (element?.namespaceURI !== 'http://www.w3.org/1999/xhtml') return null;
  if (api.dom?.openOrClosedShadowRoot) return api.dom.openOrClosedShadowRoot(element);
  return element.openOrClosedShadowRoot ?? element.shadowRoot;
}

let layer = null;

/** (Re)starts the page layer as the background says this page is to be treated. */
async function main() {
  layer?.stop();
  layer = null;
  const config = await send({
    type: 'PageConfig', url: location.href, sight: SIGHT_ATTRIBUTE, marks: MARK_NAME,
  });
  startup.config = performance.now();
  if (config?.type !== 'PageConfig' || !config.enabled) return;
  styleMarks();
  const scanner = await chooseScanner(config);
  startup.finder = performance.now();
  layer = createPageLayer({
    scan: scanner.scan,
    // What the person could see where they clicked goes with the number: the background's dial
    // policy decides from it whether the click dials, asks first, or is refused.
    // `phone`: another of the user's phones, by id, picked on the hover card.
    dial: (number, seen, phone) => send({ type: 'Dial', number, seen, ...(phone ? { phone } : {}) })
      .catch((error) => console.warn('click-to-dial: dial failed:', error)),
    preview: async (number, raw) => {
      const answer = await send({ type: 'Preview', number, raw: String(raw ?? '').slice(0, 64), hints: hints() });
      return answer?.type === 'Preview' ? answer : null;
    },
    mode: config.mode,
    // Only where the tests and benchmarks set it (`pages::ANNOUNCE_MARKS`): the page's
    // performance timeline, and the analytics that read it, must not learn of the extension.
    announce: config.announceMarks === true,
    startup,
    takeOverDialLinks: config.takeOverDialLinks,
    shadowRootOf,
    text: (key, ...args) => api.i18n.getMessage(key, args.map(String)),
  });
  layer.start(document);
}

/**
 * The marks' style in this document (`highlightCss` of this frame's random `MARK_NAME`), once,
 * as the layer styles shadow roots. The background inserts it too (`MarkName::css`), where a
 * page that replaces its adopted sheets cannot drop it; this one is there from the first mark
 * on, and where the background cannot insert (Firefox's about:srcdoc frames): a mark must never
 * be invisible, or a click meant to select text would dial.
 */
function styleMarks() {
  if (marksStyled) return;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(highlightCss(MARK_NAME));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    marksStyled = true;
  } catch (error) {
    console.info('click-to-dial: the marks are styled by the background only:', String(error));
  }
}
let marksStyled = false;

// Notices from the extension: the popup changed how this site is treated (look again); the
// keyboard shortcut wants the selected text (only a frame that has a selection answers).
api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.type === 'PageSettingsChanged') main().catch((error) => console.warn('click-to-dial:', error));
  if (message?.type === 'GetSelection') {
    const text = String(getSelection() ?? '').slice(0, 1000);
    if (text.trim()) sendResponse(text);
  }
  return false;
});

// The page bridge: `window.postMessage` between the page and this content script, documented in
// the README ("The bridge protocol"). The page sends
//   { channel: 'click-to-dial', from: 'page', id, type: 'hello' | 'dial' | 'scan', number?, texts? }
// and gets back, posted to its own window,
//   { channel: 'click-to-dial', from: 'extension', id, type: 'reply', ok, reason?, results? }
// Only messages from this very window count. A dial goes on only while the page has transient
// user activation (a person just clicked or pressed a key: the isolated world sees the page's
// own `navigator.userActivation`); the background then asks the person, once per site, whether
// this site may dial, and the page learns `ok` or a reason, never the phone or the settings.
const BRIDGE = 'click-to-dial';
const BRIDGE_PROTOCOL = 1;

// One gesture, one call: a person's gesture lets a page ask for one dial, not six. Transient
// activation lasts seconds after a click, so the content script numbers the person's gestures
// itself (trusted pointerdown and keydown, which a page cannot make) and each bridge dial says
// which gesture it came from; the background lets each gesture dial once per frame. A page
// that swallows these events before they reach this window-level listener only loses its own
// dials.
let gestures = 0;
/** This document's name for the background (a new page in the same frame counts anew). */
const documentName = `${performance.timeOrigin}-${Math.random()}`;
for (const type of ['pointerdown', 'keydown']) {
  window.addEventListener(type, (event) => {
    if (event.isTrusted && !event.repeat) gestures += 1;
  }, { capture: true, passive: true });
}
/** What one bridge scan may carry: texts, and characters in all. */
const BRIDGE_MAX_TEXTS = 1000;
const BRIDGE_MAX_CHARS = 256 * 1024;

function bridgeReply(id, fields) {
  const message = { channel: BRIDGE, from: 'extension', type: 'reply', id, ...fields };
  window.postMessage(message, location.origin === 'null' ? '*' : location.origin);
}

async function bridgeAnswer(data) {
  switch (data.type) {
    case 'hello':
      return { ok: true, protocol: BRIDGE_PROTOCOL };
    case 'dial': {
      // Read before anything is awaited: only a person's gesture dials.
      if (!navigator.userActivation?.isActive) return { ok: false, reason: 'no-user-activation' };
      if (typeof data.number !== 'string' || !data.number.trim() || data.number.length > 64) {
        return { ok: false, reason: 'not-a-number' };
      }
      const answer = await send({ type: 'BridgeDial', number: data.number, gesture: gestures, document: documentName });
      if (answer?.type !== 'BridgeDialed') return { ok: false, reason: 'failed' };
      return answer.ok ? { ok: true } : { ok: false, reason: answer.reason ?? 'failed' };
    }
    case 'scan': {
      const texts = data.texts;
      if (!Array.isArray(texts) || texts.length > BRIDGE_MAX_TEXTS || !texts.every((t) => typeof t === 'string')
        || texts.reduce((sum, t) => sum + t.length, 0) > BRIDGE_MAX_CHARS) {
        return { ok: false, reason: 'too-much' };
      }
      const found = await scanInBackground(texts, null).catch(() => null);
      if (!found) return { ok: false, reason: 'failed' };
      // Spans, numbers and what was read with them (an extension, a meeting's code: the page's
      // own text) only.
      const results = found.map((list) => list.map(({ start, end, number, ext }) => ({ start, end, number, ...(ext ? { ext } : {}) })));
      return { ok: true, results };
    }
    default:
      return { ok: false, reason: 'unknown-request' };
  }
}

window.addEventListener('message', (event) => {
  const data = event.data;
  if (event.source !== window || data?.channel !== BRIDGE || data.from !== 'page') return;
  const id = typeof data.id === 'number' || typeof data.id === 'string' ? data.id : null;
  bridgeAnswer(data)
    .catch((error) => {
      console.warn('click-to-dial: bridge request failed:', error);
      return { ok: false, reason: 'failed' };
    })
    .then((fields) => bridgeReply(id, fields));
});
// Tells a page that asked before this script ran that the bridge is here now.
window.postMessage({ channel: BRIDGE, from: 'extension', type: 'ready', protocol: BRIDGE_PROTOCOL }, location.origin === 'null' ? '*' : location.origin);

main().catch((error) => console.warn('click-to-dial: the page layer did not start:', error));
