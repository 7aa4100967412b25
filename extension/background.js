// The background service worker. It only registers its listeners (synchronously, as MV3 requires)
// and hands every message to the Rust router; the WebAssembly module is loaded once, on first use.
import init, {
  MessageSender, cancel_pending_dials, dial_selection, handle_message, handle_scan, settings_changed,
  start_incoming, receiver_message, receiver_disconnected, incoming_notification_clicked,
} from './pkg/click_to_dial.js';
import {
  onBrowserStart, onDialSelection, onMessage, onNotificationButton, onNotificationClick,
  onPortMessage, onSettingsChanged, setReceiverHandlers, watchChallenges,
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

async function answer(message, sender) {
  await wasm();
  // Who asks, as the browser says: the frame's address and its tab's top-level page.
  const from = new MessageSender(sender.url ?? null, sender.tab?.url ?? null, sender.tab?.id ?? -1, sender.frameId ?? -1);
  return isScan(message)
    ? handle_scan(message.texts.join(''), lengths(message.texts), (message.records ?? []).join(''),
      lengths(message.records ?? []), Uint32Array.from(message.recordOf ?? []), message.hints, from)
    : handle_message(message, from);
}

/**
 * Whether `message` is a `Scan` whose texts can cross into the WebAssembly joined (every text
 * and record a string, every record index one): thousands of strings would cross one by one.
 * Anything else is read by `handle_message`, which says what is wrong with it.
 */
function isScan(message) {
  const strings = (list) => list === undefined || (Array.isArray(list) && list.every((s) => typeof s === 'string'));
  return message?.type === 'Scan' && Array.isArray(message.texts) && strings(message.texts) && strings(message.records)
    && (message.recordOf === undefined || (Array.isArray(message.recordOf)
      && message.recordOf.every((k) => Number.isInteger(k) && k >= 0 && k <= 0xffffffff)));
}

/** Each string's length, in UTF-16 units. */
function lengths(strings) {
  return Uint32Array.from(strings, (s) => s.length);
}
onMessage(answer);
// A content script's finder requests come on a port of its own (one channel for all of them,
// not one per message), and are answered alike.
onPortMessage('scan', answer);

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
onSettingsChanged(() => wasm().then(() => settings_changed()));
onBrowserStart(startIncoming);
// A worker started again (after being stopped) connects again when incoming calls are on.
startIncoming();
