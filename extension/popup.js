// The popup's entry: load the WebAssembly module, then let Rust fill and wire the popup.
import init, { start_popup } from './pkg/click_to_dial.js';

const i18n = (globalThis.browser ?? globalThis.chrome).i18n;
// Until Rust has filled the popup its controls are disabled (popup.html); say why.
document.getElementById('phone').textContent = i18n.getMessage('loading');

init()
  .then(() => {
    performance.mark('c2d-module'); // for `cargo xtask bench ui`
    return start_popup();
  })
  .then(() => performance.mark('c2d-ready'))
  .catch((error) => {
    document.getElementById('outcome').textContent = i18n.getMessage('popupLoadFailed', [String(error)]);
    throw error;
  });
