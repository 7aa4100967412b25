// The popup's entry: load the WebAssembly module, then let Rust fill and wire the popup.
import init, { start_popup } from './pkg/click_to_dial.js';

init()
  .then(() => start_popup())
  .catch((error) => {
    document.getElementById('outcome').textContent = `The popup could not load: ${error}`;
    throw error;
  });
