// The popup's entry: load the WebAssembly module, then let Rust fill and wire the popup.
import init, { start_popup } from './pkg/click_to_dial.js';

init()
  .then(() => start_popup())
  .catch((error) => {
    document.getElementById('outcome').textContent = (globalThis.browser ?? globalThis.chrome).i18n.getMessage('popupLoadFailed', [String(error)]);
    throw error;
  });
