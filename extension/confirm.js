// The bridge's confirmation window: a web site asked, during a person's click, to dial a number
// through the extension. The background opened this window (no web page can load or read it) and
// waits for the answer: "Allow this site" (remembered), "Not now", or "Never" (remembered).
import { message, sendMessage } from './ext.js';

const params = new URLSearchParams(location.search);
const id = Number(params.get('id'));
const site = params.get('site') ?? '';
const number = params.get('number') ?? '';
const dialed = params.get('dialed') ?? '';

for (const element of document.querySelectorAll('[data-i18n]')) {
  const text = message(element.dataset.i18n);
  if (text) element.textContent = text;
}
document.documentElement.lang = navigator.language || 'en';

// "<site> wants your desk phone to dial <number>.", with the site and the number in bold.
const question = document.getElementById('question');
const sentence = message('confirmQuestion', '\u0001', '\u0002');
for (const piece of sentence.split(/(\u0001|\u0002)/)) {
  if (piece === '\u0001' || piece === '\u0002') {
    const strong = document.createElement('strong');
    strong.textContent = piece === '\u0001' ? site : number;
    strong.id = piece === '\u0001' ? 'site' : 'number';
    question.append(strong);
  } else if (piece) {
    question.append(piece);
  }
}
// What the phone will dial for it, as the dialing rules make it (an extension appended shows).
document.getElementById('dialed').textContent = dialed ? message('askDialed', dialed) : '';

for (const button of document.querySelectorAll('button[data-answer]')) {
  button.addEventListener('click', async () => {
    for (const b of document.querySelectorAll('button')) b.disabled = true;
    try {
      await sendMessage({ type: 'BridgeAnswer', id, answer: button.dataset.answer });
    } finally {
      window.close();
    }
  });
}
document.getElementById('not-now').focus();
document.body.dataset.ready = '';
