// The content script's entry. The build puts it after page/layer.js, both inside one function,
// as the extension's content.js (content scripts cannot be ES modules).
//
// It asks the background how to treat this page (never for settings or credentials), picks where
// the finder runs (here as WebAssembly where the page's CSP allows it, else in the background),
// and starts the page layer. `data-htek-c2d` on <html> says which path marks the page.

const api = globalThis.browser ?? globalThis.chrome;

function send(message) {
  return api.runtime.sendMessage(message);
}

/** What the page says about itself, which helps read national numbers. */
const hints = {
  language: document.documentElement.lang || navigator.language || '',
  domain: location.hostname || '',
};

/**
 * The finder alone as WebAssembly (`wasm_bindgen`, bundled before this file), loaded once for
 * this content script; null where it cannot run (Chromium compiles a content script's
 * WebAssembly under the page's CSP).
 */
let localFinder = null;

function loadLocalFinder() {
  localFinder ??= (async () => {
    await wasm_bindgen({ module_or_path: api.runtime.getURL('finder/finder_wasm_bg.wasm') });
    wasm_bindgen.find_batch(['+1 206 555 0100'], '', '', ''); // fails here, not later
    return wasm_bindgen;
  })().catch((error) => {
    console.info('click-to-dial: the finder runs in the background on this page:', String(error));
    return null;
  });
  return localFinder;
}

/** The finder's lines ("index start end e164 ext confidence") as one list of matches a text. */
function parseBatch(count, lines) {
  const results = Array.from({ length: count }, () => []);
  for (const line of lines.split('\n')) {
    if (!line) continue;
    const [index, start, end, number, ext, confidence] = line.split('\t');
    results[+index]?.push({ start: +start, end: +end, number, ext: ext || undefined, confidence: +confidence });
  }
  return results;
}

/** Where the finder runs: here as WebAssembly where the page's CSP allows it, else in the background. */
async function chooseScanner(region) {
  const finder = await loadLocalFinder();
  if (finder) {
    return {
      kind: 'local',
      scan: async (texts) => parseBatch(texts.length, finder.find_batch(texts, region, hints.language, hints.domain)),
    };
  }
  return {
    kind: 'background',
    async scan(texts) {
      const answer = await send({ type: 'Scan', texts, hints });
      if (answer?.type !== 'Scanned') throw new Error(answer?.message ?? 'no answer from the background');
      return answer.results;
    },
  };
}

function shadowRootOf(element) {
  if (api.dom?.openOrClosedShadowRoot) return api.dom.openOrClosedShadowRoot(element);
  return element.openOrClosedShadowRoot ?? element.shadowRoot;
}

let layer = null;

/** (Re)starts the page layer as the background says this page is to be treated. */
async function main() {
  layer?.stop();
  layer = null;
  loadLocalFinder(); // in parallel with the question below
  const config = await send({ type: 'PageConfig', url: location.href });
  if (config?.type !== 'PageConfig' || !config.enabled) {
    delete document.documentElement.dataset.htekC2d;
    return;
  }
  const scanner = await chooseScanner(config.region);
  document.documentElement.dataset.htekC2d = scanner.kind;
  layer = createPageLayer({
    scan: scanner.scan,
    dial: (number) => send({ type: 'Dial', number }).catch((error) => console.warn('click-to-dial: dial failed:', error)),
    preview: async (number) => {
      const answer = await send({ type: 'Preview', number });
      return answer?.type === 'Preview' ? answer : null;
    },
    mode: config.mode,
    takeOverDialLinks: config.takeOverDialLinks,
    shadowRootOf,
    text: (key, ...args) => api.i18n.getMessage(key, args.map(String)),
  });
  layer.start(document);
}

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

main().catch((error) => console.warn('click-to-dial: the page layer did not start:', error));
