// "Dial this number?": the dial policy asks before a dial the person may not have meant (a
// costly number, a link whose text is another number, a number the page layer could not vouch
// for). The background opened this window (no web page can load, read or click it) and waits
// for the answer. Cancel has the focus; Dial is a deliberate second action, enabled only after a
// moment so that the rest of a double click cannot land on it.
import { message, sendMessage } from './ext.js';

/** How long Dial stays disabled after the window opens (ms). */
const DIAL_DELAY_MS = 600;

const params = new URLSearchParams(location.search);
const id = Number(params.get('id'));
const number = params.get('number') ?? '';
const dialed = params.get('dialed') ?? '';
const why = params.get('why') ?? '';
const site = params.get('site') ?? '';

for (const element of document.querySelectorAll('[data-i18n]')) {
  const text = message(element.dataset.i18n);
  if (text) element.textContent = text;
}
document.documentElement.lang = navigator.language || 'en';

document.getElementById('number').textContent = number;
document.getElementById('dialed').textContent = message('askDialed', dialed);
// why: "costly", "linkTextDiffers", ... -> the sentence "whyCostly", "whyLinkTextDiffers", ...
document.getElementById('why').textContent = why ? message(`why${why[0].toUpperCase()}${why.slice(1)}`) : '';
document.getElementById('site').textContent = site ? message('askSite', site) : '';

for (const button of document.querySelectorAll('button[data-dial]')) {
  button.addEventListener('click', async (event) => {
    if (!event.isTrusted) return;
    for (const b of document.querySelectorAll('button')) b.disabled = true;
    try {
      await sendMessage({ type: 'AskAnswer', id, dial: button.dataset.dial === 'true' });
    } finally {
      window.close();
    }
  });
}
document.getElementById('cancel').focus();
setTimeout(() => {
  document.getElementById('dial').disabled = false;
  document.body.dataset.ready = '';
}, DIAL_DELAY_MS);
