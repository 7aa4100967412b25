// The options page's entry: load the WebAssembly module, then let Rust fill and wire the page.
import init, { start_options } from './pkg/click_to_dial.js';
import { watchChallenges } from './ext.js';

// Firefox hides a Digest challenge from fetch(); the connection check needs it.
watchChallenges({ fromPages: true });

init()
  .then(() => start_options())
  .catch((error) => {
    document.getElementById('status').textContent = (globalThis.browser ?? globalThis.chrome).i18n.getMessage('optionsLoadFailed', [String(error)]);
    throw error;
  });
