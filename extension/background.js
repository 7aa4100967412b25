// The background service worker. It only registers its listeners (synchronously, as MV3 requires)
// and hands every message to the Rust router; the WebAssembly module is loaded once, on first use.
import init, {
  MessageSender, cancel_pending_dials, dial_selection, handle_message,
  start_incoming, receiver_message, receiver_disconnected, incoming_notification_clicked,
} from './pkg/click_to_dial.js';
import {
  onBrowserStart, onDialSelection, onMessage, onNotificationButton, onNotificationClick,
  onSettingsChanged, setReceiverHandlers, watchChallenges,
} from './ext.js';

let ready = null;

function wasm() {
  ready ??= init().catch((error) => {
    ready = null; // let the next message try again
    throw error;
  });
  return ready;
}

// Incoming calls: the receiver's messages and (re)starts, one after the other, in order.
let incoming = Promise.resolve();
function inOrder(work) {
  incoming = incoming.then(() => wasm()).then(work).catch((error) => {
    console.error('click-to-dial: incoming calls:', error);
  });
}
const startIncoming = () => inOrder(() => start_incoming());

onMessage(async (message, sender) => {
  await wasm();
  // Who asks, as the browser says: the frame's address and its tab's top-level page.
  const from = new MessageSender(sender.url ?? null, sender.tab?.url ?? null, sender.tab?.id ?? -1, sender.frameId ?? -1);
  return handle_message(message, from);
});

// Firefox hides the phone's auth challenges from fetch(): keep them from the start.
watchChallenges();

// The Cancel button of a "Dialing ... - Cancel" notification; "Open in CRM" of a call's.
onNotificationButton((id) => {
  if (id.startsWith('pending:')) wasm().then(() => cancel_pending_dials());
  if (id.startsWith('incoming:')) wasm().then(() => incoming_notification_clicked(id));
});
onNotificationClick((id) => {
  if (id.startsWith('incoming:')) wasm().then(() => incoming_notification_clicked(id));
});

// "Dial selection" from the context menu or the keyboard shortcut.
onDialSelection((text, via) => wasm().then(() => dial_selection(text, via === 'shortcut')));

setReceiverHandlers(
  (message) => inOrder(() => receiver_message(message)),
  (error) => inOrder(() => receiver_disconnected(error ?? undefined)),
);
onSettingsChanged(startIncoming);
onBrowserStart(startIncoming);
// A worker started again (after being stopped) connects again when incoming calls are on.
startIncoming();
