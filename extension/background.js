// The background service worker. It only registers its listener (synchronously, as MV3 requires)
// and hands every message to the Rust router; the WebAssembly module is loaded once, on first use.
import init, { cancel_pending_dials, dial_selection, handle_message } from './pkg/click_to_dial.js';
import { onDialSelection, onMessage, onNotificationButton, watchChallenges } from './ext.js';

let ready = null;

function wasm() {
  ready ??= init().catch((error) => {
    ready = null; // let the next message try again
    throw error;
  });
  return ready;
}

onMessage(async (message, sender) => {
  await wasm();
  return handle_message(message, sender.url ?? null);
});

// Firefox hides the phone's auth challenges from fetch(): keep them from the start.
watchChallenges();

// The Cancel button of a "Dialing ... - Cancel" notification.
onNotificationButton((id) => {
  if (id.startsWith('pending:')) wasm().then(() => cancel_pending_dials());
});

// "Dial selection" from the context menu or the keyboard shortcut.
onDialSelection((text) => wasm().then(() => dial_selection(text)));
