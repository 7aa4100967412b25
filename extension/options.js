// The options page's entry: load the WebAssembly module, then let Rust fill and wire the page.
import init, { start_options } from './pkg/click_to_dial.js';
import { watchChallenges } from './ext.js';

const i18n = (globalThis.browser ?? globalThis.chrome).i18n;
// Until Rust has filled the page its controls are disabled (options.html); say why.
document.getElementById('status').textContent = i18n.getMessage('loading');

// Firefox hides a Digest challenge from fetch(); the connection check needs it.
watchChallenges({ fromPages: true });

init()
  .then(() => {
    performance.mark('c2d-module'); // for `cargo xtask bench ui`
    return start_options();
  })
  .then(() => performance.mark('c2d-ready'))
  .catch((error) => {
    document.getElementById('status').textContent = i18n.getMessage('optionsLoadFailed', [String(error)]);
    throw error;
  });
