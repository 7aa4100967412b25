// Every browser-extension API call the extension makes goes through this module, so that the
// differences between browsers (`browser.*` in Firefox, `chrome.*` in Chromium) live in one place.
// The Rust code imports it through wasm-bindgen (src/web/ext.rs); background.js imports it too.

const api = globalThis.browser ?? globalThis.chrome;

/** The extension's own base URL, `chrome-extension://<id>/`. */
export function runtimeBaseUrl() {
  return api?.runtime?.getURL ? api.runtime.getURL('') : '';
}

/** The value stored under `key` in storage area `area` ("local" or "session"), or undefined. */
export async function storageGet(area, key) {
  const items = await api.storage[area].get(key);
  return items[key];
}

/**
 * What the organisation set by policy (`storage.managed`): an object, empty when there is no
 * policy or the browser has no managed storage for this extension (Firefox without a
 * `3rdparty` policy throws).
 */
export async function managedSettings() {
  try {
    return (await api.storage.managed.get()) ?? {};
  } catch {
    return {};
  }
}

/** Stores `value` under `key` in storage area `area`. */
export async function storageSet(area, key, value) {
  await api.storage[area].set({ [key]: value });
}

/** Removes `key` from storage area `area`. */
export async function storageRemove(area, key) {
  await api.storage[area].remove(key);
}

/**
 * Shows notification `id` with a Cancel button (browsers without notification buttons show it
 * without). Never rejects.
 */
export async function notifyWithCancel(id, title, message) {
  const options = { type: 'basic', iconUrl: api.runtime.getURL('icons/icon-128.png'), title, message };
  try {
    await api.notifications.create(id, { ...options, buttons: [{ title: api.i18n.getMessage('notificationCancel') }], requireInteraction: true });
  } catch {
    try {
      await api.notifications.create(id, options);
    } catch (error) {
      console.warn('click-to-dial: notification not shown:', error);
    }
  }
}

/** Removes notification `id`. Never rejects. */
export async function clearNotification(id) {
  try {
    await api.notifications.clear(id);
  } catch (error) {
    console.warn('click-to-dial: notification not cleared:', error);
  }
}

/**
 * Calls `handler(notificationId, buttonIndex)` when a notification's button is clicked. Must be
 * called synchronously when the background starts.
 */
export function onNotificationButton(handler) {
  api.notifications?.onButtonClicked?.addListener(handler);
}

/**
 * Shows a system notification with an id `<kind>:<time>` (so the kind of outcome can be told
 * from the id). Never rejects: a notification that cannot be shown is logged.
 */
export async function notify(kind, title, message) {
  try {
    await api.notifications.create(`${kind}:${Date.now()}`, {
      type: 'basic',
      iconUrl: api.runtime.getURL('icons/icon-128.png'),
      title,
      message,
    });
  } catch (error) {
    console.warn('click-to-dial: notification not shown:', error);
  }
}

/**
 * Opens the extension's page `path` ("confirm.html?id=1") in a small window of its own, above
 * the page; resolves with the window's id.
 */
export async function openWindow(path, width, height) {
  const created = await api.windows.create({ url: api.runtime.getURL(path), type: 'popup', width, height, focused: true });
  return created.id;
}

/** Resolves when window `id` is closed (by the person or by `closeWindow`). */
export function windowClosed(id) {
  return new Promise((resolve) => {
    const listener = (closed) => {
      if (closed !== id) return;
      api.windows.onRemoved.removeListener(listener);
      resolve();
    };
    api.windows.onRemoved.addListener(listener);
  });
}

/** Closes window `id`; a window already closed is not an error. */
export async function closeWindow(id) {
  try {
    await api.windows.remove(id);
  } catch {
    // closed already
  }
}

/** Sends a message to the background and resolves with its answer. */
export function sendMessage(message) {
  return api.runtime.sendMessage(message);
}

/**
 * Registers `handler(message, sender) -> Promise<answer>` for messages from the extension's own
 * contexts. Must be called synchronously when the background starts.
 */
export function onMessage(handler) {
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    handler(message, sender).then(sendResponse, (error) => {
      console.error('click-to-dial: request failed:', error);
      sendResponse({ type: 'Refused', message: String(error?.message ?? error) });
    });
    return true; // the answer comes asynchronously
  });
}

/**
 * Registers `handler(message, sender) -> Promise<answer>` for the messages that come on ports
 * named `name` (`runtime.connect`): each `{ id, message }` is answered on its port with
 * `{ id, answer }`. Must be called synchronously when the background starts.
 */
export function onPortMessage(name, handler) {
  api.runtime.onConnect.addListener((port) => {
    if (port.name !== name) return;
    port.onMessage.addListener((data) => {
      handler(data?.message, port.sender ?? {}).catch((error) => {
        console.error('click-to-dial: request failed:', error);
        return { type: 'Refused', message: String(error?.message ?? error) };
      }).then((answer) => {
        try {
          port.postMessage({ id: data?.id, answer });
        } catch {
          // The content script went away meanwhile.
        }
      });
    });
  });
}

/**
 * The message `key` of the extension's locale files (`_locales/<language>/messages.json`) in the
 * browser's language, with `args` for its placeholders.
 */
export function message(key, ...args) {
  return api.i18n.getMessage(key, args.map(String));
}

/** The browser's UI language, such as "de-DE". */
export function uiLanguage() {
  return api?.i18n?.getUILanguage?.() ?? globalThis.navigator?.language ?? 'en-US';
}

/** The name of region `code` ("DE") in `language`, or the code itself if the browser has none. */
export function regionName(code, language) {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Firefox hides a response's `WWW-Authenticate` header from fetch(), and the phone's Digest
 * challenge is in it. Where the webRequest API is there (Firefox: permission "webRequest"),
 * this keeps the challenges of 401 answers to the background's own phone commands, for
 * `takeChallenge`. Call it once when the background starts: a listener added just before a
 * request may miss it. Chromium shows the header to fetch() and needs none of this. The
 * background watches its own requests (`tabId: -1`); the options page, whose connection check
 * fetches from its tab, passes `{ fromPages: true }`.
 */
export function watchChallenges({ fromPages = false } = {}) {
  const events = api?.webRequest?.onHeadersReceived;
  if (!events) return;
  const listener = (details) => {
    if (details.statusCode !== 401) return;
    const values = (details.responseHeaders ?? [])
      .filter((header) => header.name.toLowerCase() === 'www-authenticate')
      .map((header) => header.value);
    if (values.length) challenges.set(details.url, values.join(', '));
  };
  // Every brand's command paths that answer with HTTP auth (Grandstream's use none).
  const urls = [
    '*://*/Phone_ActionURL*',
    '*://*/servlet*',
    '*://*/command.htm*',
    '*://*/cgi-bin/ConfigManApp.com*',
    '*://*/api/v1/*',
  ];
  const filter = { urls, types: ['xmlhttprequest'] };
  if (!fromPages) filter.tabId = -1;
  events.addListener(listener, filter, ['responseHeaders']);
}

// Shared by every copy of this module in one context: background.js imports it from the
// extension's root, the Rust code from the copy wasm-bindgen packages.
const challenges = (globalThis.__htekC2dChallenges ??= new Map());

/**
 * The challenges `watchChallenges` saw in a 401 from exactly `url`, once; or null. The
 * webRequest event may arrive a little after fetch() resolved: it waits up to half a second.
 */
export async function takeChallenge(url) {
  for (let waited = 0; !challenges.has(url) && waited < 500 && api?.webRequest; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const value = challenges.get(url) ?? null;
  challenges.delete(url);
  return value;
}

/**
 * Whether this browser compiles a content script's WebAssembly under the page's
 * Content-Security-Policy: Chromium does (and records a violation where the policy forbids it);
 * Firefox uses the extension's own policy for content scripts.
 */
export function contentWasmFollowsPageCsp() {
  return typeof api?.runtime?.getBrowserInfo !== 'function';
}

/** The tab the user is looking at: `{ id, url }`, or null (no such tab, or no URL for us). */
export async function activeTab() {
  const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.url ? { id: tab.id, url: tab.url } : null;
}

/**
 * Inserts `css` into frame `frameId` of tab `tabId`: as a user style sheet (`user`), the sheet
 * of the frame's random sight attribute (the page layer's check of what a person could see;
 * `SightAttribute` in src/pages.rs), else as an author sheet, the style of the frame's marks
 * (`MarkName`). Never fails: a frame the extension may not touch, one gone meanwhile, or one
 * Firefox's `scripting.insertCSS` cannot reach (about:srcdoc) keeps the layer's fallback (for
 * the sight: it asks when unsure; the marks there are the layer's own adopted sheet).
 */
export function insertFrameCss(tabId, frameId, css, user) {
  if (tabId < 0 || frameId < 0 || !api.scripting?.insertCSS) return;
  api.scripting.insertCSS({ target: { tabId, frameIds: [frameId] }, css, origin: user ? 'USER' : 'AUTHOR' })
    .catch((error) => console.info('click-to-dial: no style sheet inserted in this frame:', String(error?.message ?? error)));
}

/** Every tab whose URL the extension may see: `[{ id, url }]`. */
export async function allTabs() {
  const tabs = await api.tabs.query({});
  return tabs.filter((tab) => tab.url).map((tab) => ({ id: tab.id, url: tab.url }));
}

/** Tells the content scripts of tab `id` something; a tab without them is not an error. */
export async function tellTab(id, message) {
  try {
    await api.tabs.sendMessage(id, message);
  } catch {
    // no content script in that tab (an extension page, a page loaded before the install)
  }
}

/**
 * "Dial selection": a context-menu item on selected text and the keyboard shortcut (commands
 * API, `dial-selection`). Both are a person's gestures; `handler(text)` gets the selected text.
 * Call once when the background starts.
 */
/**
 * "Dial selection": `handler(text, via)` with the selected text, `via` 'selection' (the context
 * menu) or 'shortcut' (the keyboard shortcut).
 */
export function onDialSelection(handler) {
  const menus = api.contextMenus ?? api.menus;
  api.runtime.onInstalled.addListener(() => {
    menus.create({ id: 'dial-selection', title: api.i18n.getMessage('menuDialSelection'), contexts: ['selection'] }, () => void api.runtime.lastError);
  });
  menus.onClicked.addListener((info) => {
    if (info.menuItemId === 'dial-selection') handler(info.selectionText ?? '', 'selection');
  });
  api.commands?.onCommand.addListener(async (command) => {
    if (command !== 'dial-selection') return;
    const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
    let text = '';
    try {
      text = (await api.tabs.sendMessage(tab.id, { type: 'GetSelection' })) ?? '';
    } catch {
      // no content script in that tab, or nothing selected in any of its frames
    }
    handler(text, 'shortcut');
  });
}

// --- Incoming calls: the receiver (native messaging), storage changes, the screen pop. ---

// Shared by every copy of this module in one context (background.js's and the Rust code's).
const receiver = (globalThis.__htekC2dReceiver ??= {
  port: null,
  onMessage: null,
  onDisconnect: null,
  // Whether the running receiver sends phone requests (its Ready or Listening said `sends`).
  sends: false,
  // Who waits for it to say so: functions called with true (it sends) or false (it went away).
  sendsWaiters: new Set(),
  // The requests sent through it that wait for its answer, by id: {resolve, reject, timer}.
  waiting: new Map(),
  nextId: 1,
});

/**
 * Sets what happens with the receiver's messages and when its port closes:
 * `onMessage(message)`, `onDisconnect(errorText or null)`. Call once when the background starts.
 */
export function setReceiverHandlers(onMessage, onDisconnect) {
  receiver.onMessage = onMessage;
  receiver.onDisconnect = onDisconnect;
}

/**
 * Starts the native messaging host `name` (the browser runs the receiver) unless it is running.
 * Returns null, or the error's text when the browser refuses at once.
 */
export function connectReceiver(name) {
  if (receiver.port) return null;
  let port;
  try {
    port = api.runtime.connectNative(name);
  } catch (error) {
    return String(error?.message ?? error);
  }
  receiver.port = port;
  port.onMessage.addListener((message) => {
    if (message?.type === 'Ready' || message?.type === 'Listening') {
      receiver.sends = message.sends === true;
      if (receiver.sends) for (const waiter of [...receiver.sendsWaiters]) waiter(true);
    }
    const waiting = receiver.waiting.get(message?.id);
    if ((message?.type === 'Answered' || message?.type === 'NotAnswered') && waiting) {
      receiver.waiting.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message);
      return;
    }
    receiver.onMessage?.(message);
  });
  port.onDisconnect.addListener((closed) => {
    const error = api.runtime.lastError?.message ?? closed?.error?.message ?? null;
    if (receiver.port === port) forgetReceiver();
    receiver.onDisconnect?.(error);
  });
  return null;
}

/** The port is gone: no more sending through it, and what waited for it gets no answer. */
function forgetReceiver() {
  receiver.port = null;
  receiver.sends = false;
  for (const waiting of receiver.waiting.values()) {
    clearTimeout(waiting.timer);
    waiting.reject(new Error('the receiver stopped'));
  }
  receiver.waiting.clear();
  for (const waiter of [...receiver.sendsWaiters]) waiter(false);
}

/** Whether phone requests can go through the receiver: it runs and said it sends them. */
export function receiverSends() {
  return receiver.port !== null && receiver.sends;
}

/**
 * Resolves true as soon as the receiver sends phone requests (starting the native messaging
 * host `name` if it is not running: a dial may come before the background started it), false
 * when it goes away, the browser refuses to start it, or it says nothing within `ms`.
 */
export function receiverSendsWithin(name, ms) {
  if (receiverSends()) return Promise.resolve(true);
  if (!receiver.port && connectReceiver(name) !== null) return Promise.resolve(false);
  return new Promise((resolve) => {
    const waiter = (sends) => {
      clearTimeout(timer);
      receiver.sendsWaiters.delete(waiter);
      resolve(sends);
    };
    const timer = setTimeout(() => waiter(false), ms);
    receiver.sendsWaiters.add(waiter);
  });
}

/**
 * Sends `request` (`{url, method, headers, body, timeoutMs}`) to a phone through the receiver,
 * which sends it once, never again: resolves with its `{type: 'Answered', status,
 * wwwAuthenticate, body}` or `{type: 'NotAnswered', reason}`; rejects when the receiver is not
 * there, goes away, or says nothing within the request's time and two seconds more.
 */
export function sendThroughReceiver(request) {
  return new Promise((resolve, reject) => {
    if (!receiverSends()) {
      reject(new Error('the receiver does not send requests'));
      return;
    }
    const id = receiver.nextId++;
    const timer = setTimeout(() => {
      receiver.waiting.delete(id);
      reject(new Error('the receiver did not answer'));
    }, request.timeoutMs + 2000);
    receiver.waiting.set(id, { resolve, reject, timer });
    try {
      receiver.port.postMessage({ type: 'Send', id, request });
    } catch (error) {
      receiver.waiting.delete(id);
      clearTimeout(timer);
      reject(error);
    }
  });
}

/** Sends `message` to the receiver; false when it is not running. */
export function postToReceiver(message) {
  if (!receiver.port) return false;
  try {
    receiver.port.postMessage(message);
    return true;
  } catch {
    return false;
  }
}

/** Stops the receiver (the browser closes its stdin); no disconnect handler runs. */
export function disconnectReceiver() {
  const port = receiver.port;
  forgetReceiver();
  port?.disconnect();
}

/** Whether the receiver's port is open. */
export function receiverConnected() {
  return receiver.port !== null;
}

/**
 * Calls `handler()` when the stored settings or the organisation's policy change. Call once
 * when the background starts.
 */
export function onSettingsChanged(handler) {
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed' || (area === 'local' && 'settings' in changes)) handler();
  });
}

/** Calls `handler(area, key)` for every stored value that changes (pages that show them live). */
export function onStorageChanged(handler) {
  api.storage.onChanged.addListener((changes, area) => {
    for (const key of Object.keys(changes)) handler(area, key);
  });
}

/** Calls `handler()` when the browser starts or the extension is installed or updated. */
export function onBrowserStart(handler) {
  api.runtime.onStartup.addListener(handler);
  api.runtime.onInstalled.addListener(handler);
}

/**
 * Shows the incoming-call notification `id`, with an "Open in CRM" button when `withCrm` (where
 * the browser has buttons; elsewhere a click on the notification opens it). Never rejects.
 */
export async function notifyCall(id, title, message, withCrm) {
  const options = { type: 'basic', iconUrl: api.runtime.getURL('icons/icon-128.png'), title, message };
  try {
    const buttons = withCrm ? [{ title: api.i18n.getMessage('incomingOpenInCrm') }] : [];
    await api.notifications.create(id, { ...options, buttons, requireInteraction: true });
  } catch {
    try {
      await api.notifications.create(id, options);
    } catch (error) {
      console.warn('click-to-dial: notification not shown:', error);
    }
  }
}

/** Calls `handler(notificationId)` when a notification itself is clicked. Call at start. */
export function onNotificationClick(handler) {
  api.notifications?.onClicked?.addListener(handler);
}

/** Opens `url` in a new tab. */
export async function openTab(url) {
  await api.tabs.create({ url });
}

/** Puts `text` on the clipboard; true when it worked. */
export async function copyText(text) {
  try {
    await globalThis.navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Chromium: whether a request can be sent again from the extension's offscreen document
 * (`fetchInDocument`). Firefox has no offscreen documents and needs none: its background uses
 * the certificate exceptions the user granted.
 */
export function canFetchInDocument() {
  return Boolean(api.offscreen?.createDocument)
    && typeof ServiceWorkerGlobalScope !== 'undefined' && globalThis instanceof ServiceWorkerGlobalScope;
}

let creatingDocument = null;

/**
 * Sends `{ url, method, headers, body, timeoutMs }` from the offscreen document (offscreen.js)
 * and resolves with `{ status, wwwAuthenticate, body }`; rejects with the fetch's error name
 * (`TimeoutError`, `TypeError`). For a phone on HTTPS whose certificate the user accepted in a
 * tab: the service worker's own fetch() fails on it, a document's does not.
 */
export async function fetchInDocument(request) {
  const open = await api.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (open.length === 0) {
    creatingDocument ??= api.offscreen.createDocument({
      url: 'offscreen.html',
      reasons: ['WORKERS'],
      justification: 'Reach a desk phone on HTTPS whose self-signed certificate the user accepted on the phone\'s page.',
    }).finally(() => { creatingDocument = null; });
    await creatingDocument;
  }
  const answer = await api.runtime.sendMessage({ phoneFetch: request });
  if (!answer || answer.error) {
    throw Object.assign(new Error(answer?.error ?? 'no answer'), { name: answer?.name ?? 'TypeError' });
  }
  return answer;
}
