// Chromium only: the extension's offscreen document, which sends a request to a phone on HTTPS
// for the background when the background's own fetch() failed. A service worker's fetch() does
// not use a certificate exception the user granted on the phone's warning page; a document's
// does. It answers only the background (no tab, the background's own URL), only for https:
// URLs, and sends exactly the method, headers and body it was given: what the background would
// have sent itself.

const api = globalThis.chrome;
const BACKGROUND = api.runtime.getURL('background.js');
const MAX_BODY = 64 * 1024;

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const request = message?.phoneFetch;
  if (!request) return false;
  if (sender.id !== api.runtime.id || sender.tab || sender.url !== BACKGROUND
      || typeof request.url !== 'string' || !request.url.startsWith('https://')) {
    sendResponse({ error: 'refused', name: 'NotAllowedError' });
    return false;
  }
  fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ?? undefined,
    credentials: 'omit',
    cache: 'no-store',
    signal: AbortSignal.timeout(request.timeoutMs),
  })
    .then(async (response) => sendResponse({
      status: response.status,
      wwwAuthenticate: response.headers.get('WWW-Authenticate'),
      body: (await response.text()).slice(0, MAX_BODY),
    }))
    .catch((error) => sendResponse({ error: String(error?.message ?? error), name: error?.name ?? 'Error' }));
  return true; // the answer comes asynchronously
});
