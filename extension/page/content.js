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

/** The finder's bindings, loaded once for this content script; null where they cannot run. */
let localFinder = null;

function loadLocalFinder() {
  localFinder ??= (async () => {
    const bindings = await import(api.runtime.getURL('pkg/click_to_dial.js'));
    await bindings.default({ module_or_path: api.runtime.getURL('pkg/click_to_dial_bg.wasm') });
    bindings.scan(['+1 206 555 0100'], ''); // fails here, not later, if anything is missing
    return bindings;
  })().catch((error) => {
    console.info('click-to-dial: the finder runs in the background on this page:', String(error));
    return null;
  });
  return localFinder;
}

/** Where the finder runs: here as WebAssembly where the page's CSP allows it, else in the background. */
async function chooseScanner(region) {
  const bindings = await loadLocalFinder();
  if (bindings) return { kind: 'local', scan: async (texts) => bindings.scan(texts, region) };
  return {
    kind: 'background',
    async scan(texts) {
      const answer = await send({ type: 'Scan', texts });
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
