// The content script: finds the page's phone numbers (through the background, where the Rust
// finder runs whatever the page's CSP), marks them as links, and asks the background to dial
// when the user clicks one. It never sees settings or credentials, and only a real user's click
// (event.isTrusted) dials.
(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  const LINK_CLASS = 'htek-c2d-number';
  /** Elements whose text is never scanned or changed. */
  const SKIPPED = new Set([
    'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'TEMPLATE', 'IFRAME',
    'OBJECT', 'SVG', 'CANVAS', 'A', 'BUTTON', 'CODE', 'PRE', 'KBD',
  ]);
  const BATCH_TEXTS = 200;
  const E164 = /^\+[1-9][0-9]{3,16}$/;

  /** Links this script made, and the number each dials: the page cannot read or forge these. */
  const numbers = new WeakMap();

  function skipped(element) {
    for (let e = element; e; e = e.parentElement) {
      if (SKIPPED.has(e.nodeName.toUpperCase()) || e.isContentEditable) return true;
    }
    return false;
  }

  /** Text nodes under `root` that may hold a number. */
  function candidateTextNodes(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        /[0-9\uFF10-\uFF19]/.test(node.data) && !skipped(node.parentElement)
          ? NodeFilter.FILTER_ACCEPT
          : NodeFilter.FILTER_REJECT,
    });
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    return nodes;
  }

  /** Wraps each found span of `node` (UTF-16 offsets) in a link, last span first. */
  function mark(node, matches) {
    for (const { start, end, number } of [...matches].sort((a, b) => b.start - a.start)) {
      if (!E164.test(number) || end > node.data.length || start >= end) continue;
      node.splitText(end);
      const text = node.splitText(start);
      const link = document.createElement('a');
      link.className = LINK_CLASS;
      link.href = `tel:${number}`;
      link.title = `Dial ${number} on your desk phone`;
      numbers.set(link, number);
      text.replaceWith(link);
      link.append(text);
    }
  }

  async function scan(root) {
    const nodes = candidateTextNodes(root);
    // What the page says about itself helps read numbers written the national way.
    const hints = { language: document.documentElement.lang || undefined, domain: location.hostname || undefined };
    for (let i = 0; i < nodes.length; i += BATCH_TEXTS) {
      const batch = nodes.slice(i, i + BATCH_TEXTS);
      const answer = await api.runtime.sendMessage({ type: 'Scan', texts: batch.map((n) => n.data), hints });
      if (answer?.type !== 'Scanned') {
        console.warn('click-to-dial: scan refused:', answer?.message);
        return;
      }
      batch.forEach((node, k) => mark(node, answer.results[k] ?? []));
    }
    document.documentElement.dataset.htekC2dScanned = 'true';
  }

  async function dial(link, number) {
    link.classList.add(`${LINK_CLASS}--busy`);
    try {
      const answer = await api.runtime.sendMessage({ type: 'Dial', number });
      const outcome = answer?.outcome;
      if (outcome) link.title = outcome.kind === 'dialing' ? `Dialing ${number}` : `Not dialed: ${outcome.kind}`;
    } finally {
      link.classList.remove(`${LINK_CLASS}--busy`);
    }
  }

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest(`a.${LINK_CLASS}`) : null;
    const number = link && numbers.get(link);
    if (!number) return;
    event.preventDefault(); // never let the tel: link open another app
    if (!event.isTrusted) return; // a page script cannot dial
    dial(link, number).catch((error) => console.warn('click-to-dial: dial failed:', error));
  }, true);

  scan(document.body).catch((error) => console.warn('click-to-dial: scan failed:', error));
})();
