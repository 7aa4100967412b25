// The page layer: finds the text of a page block by block, asks `scan` where the phone numbers
// are, marks them, and dials when a person clicks one. No detection logic lives here: what is a
// number is the finder's (Rust) answer. Shared by the extension's content script and the
// <click-to-dial> web component (www/click-to-dial.js); it touches the page only through the host
// it is given.
//
//   const layer = createPageLayer({ scan, dial, preview, mode: 'highlight' });
//   layer.start(document);          // marks what is there and what comes later
//   layer.stop();                   // forgets every mark, stops observing
//
// The component's layers (`component: true`) are started on one <click-to-dial> element each and
// read only its light DOM; every other layer leaves those elements alone, so a number inside the
// component is marked and dialed by the component (through the page bridge), never twice.
//
// Marking: in 'highlight' mode (the default) numbers are shown through the CSS Custom Highlight
// API: ranges over the page's own text nodes, which stay untouched, so frameworks that own them
// (React, Vue, Lightning) never see a change. In 'links' mode numbers are wrapped in real <a>
// elements (focusable), for static pages and keyboard users.
//
// Loading pages: a layer started on a document still being parsed marks the first screen at each
// frame while the page loads (`firstScreen`) and reads the whole page once it is parsed.
//
// Dynamic pages: one MutationObserver per tree records what changed; the work runs later, in
// slices of at most SLICE_MS with the page's turn between, never as a rescan of the whole page
// per mutation.

/** Elements laid out inline (by `localName`): their text belongs to the block around them. */
const INLINE = new Set([
  'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'data', 'del', 'dfn', 'em', 'font', 'i',
  'ins', 'label', 'mark', 'nobr', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup',
  'time', 'tt', 'u', 'var', 'wbr',
]);

/** Elements whose text is never read or marked (their subtree is skipped). */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'textarea', 'input', 'select', 'option', 'template', 'iframe',
  'object', 'embed', 'canvas', 'svg', 'math', 'video', 'audio', 'button', 'code', 'kbd', 'samp',
  'head', 'title',
]);

/**
 * The elements that may host a shadow root besides custom elements (the DOM standard's list
 * for attachShadow and declarative shadow roots): no other element is asked for one.
 */
const SHADOW_HOSTS = new Set([
  'article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'main', 'nav', 'p', 'section', 'span',
]);

/** The web component's element: its content belongs to its own layer, never to another. */
export const COMPONENT = 'click-to-dial';

/** Link schemes whose links are taken over to dial the desk phone. */
const DIAL_SCHEMES = ['tel:', 'callto:', 'sip:', 'sips:'];

/** The name of the highlight, and of the class of links in 'links' mode. */
/**
 * The marks' name in this frame (the highlight's, and the links' class): twelve random
 * lower-case letters, so that a page that finds them (the highlight registry is the page's too)
 * cannot tell whose they are; the background puts their style in the frame
 * (`MarkName::css` in src/pages.rs).
 */
export const MARK_NAME = randomLetters();
/** The user-timing mark that announces how many numbers are marked (see `announce`). */
export const MARKED_EVENT = 'htek-c2d-marked';

/** At most this long (ms) is spent reading the page in one slice before its numbers are found
 * and marked and the page gets the thread back. */
const SLICE_MS = 10;
/** The most blocks read for the first screen in one frame while the page is being parsed. */
const FIRST_SCREEN_BLOCKS = 1000;
/** Up to this many queued blocks are read right after the change that queued them. */
const FEW_BLOCKS = 8;
/** Blocks sent to `scan` in one request, and their total length. */
const BATCH_BLOCKS = 4000;
const BATCH_CHARS = 512 * 1024;
/** Batches out to a finder that answers later (the background) before the page layer waits. */
const IN_FLIGHT = 3;
/** Blocks in one group of marks shown or hidden together (see `Marks`). */
const GROUP_SIZE = 32;
/** Removed nodes a sweep looks into one by one; past this many it checks every mark. */
const MAX_REMOVED = 256;
/** While the highlight holds fewer ranges than this, new groups show at once. */
const EAGER_RANGES = 200;
/** How long the pointer rests on a number before its card shows (ms). */
const CARD_DELAY_MS = 250;

/** The words the layer shows, in English, for callers that give no `text`. */
const ENGLISH = {
  cardDial: () => 'Dial',
  cardCountry: () => 'Country',
  cardCallOn: (phone) => `Call on ${phone}`,
  outcomeNotConfigured: () => 'Set up your phone in the extension\u2019s options.',
  linkTitle: (number) => `Dial ${number} on your desk phone`,
};

const DIGIT = /[0-9\uFF10-\uFF19]/;
const E164 = /^\+[1-9][0-9]{3,16}$/;

/**
 * What a click sends to dial: the number, and what the finder read with it as the background's
 * dialing rules read it: an extension as RFC 3966 writes it (`+12065550100;ext=42`; the
 * settings drop it, append it or keep it to send as tones), a meeting's code after pauses as
 * written (`+16465588656,,85012345678#`, with Zoom's passcode `…#,,,,*123456#`: kept to send
 * as tones once the bridge answers).
 */
function withExtension(number, ext) {
  if (!ext) return number;
  return ext.startsWith(',') ? number + ext : `${number};ext=${ext}`;
}

/**
 * Creates a page layer.
 * @param {object} options
 * @param {(texts: string[], records: {texts: string[], of: number[]}) => Found[][] | Promise<Found[][]>} options.scan
 *   the finder: the numbers in each text (`Found`: `{start, end, number}`, UTF-16 offsets),
 *   national numbers read first in the regions the text's record
 *   (`records.texts[records.of[i]]`, its row or card) names. A finder in the page answers at
 *   once (its numbers are marked before the page gets the thread back), one elsewhere with a
 *   promise.
 * @param {(number: string, seen: {via: 'mark'|'link'|'card', visible: 'yes'|'no'|'unsure', linkText?: string}, phone?: string) => Promise<unknown>} options.dial
 *   asks to dial an E.164 number or a tel: link's number, with what the person could see where
 *   they clicked (see `sightAt`); called only for a person's click. `phone`: the id of another of
 *   the user's phones, picked on the card ("Call on <phone>").
 * @param {(number: string, raw: string) => Promise<{summary: string, choices?: Array<{region: string, country: string, number: string, summary: string}>, phones?: Array<{id: string, name: string}>}|null>} [options.preview]
 *   what would be dialed, for the hover card (`raw`: the number as the page writes it); with
 *   `choices`, the countries it could be in, the marked one first, for the person to pick; with
 *   `phones`, the user's other phones, each a "Call on <phone>" button.
 * @param {'highlight'|'links'} [options.mode]
 * @param {boolean} [options.takeOverDialLinks] tel:/callto:/sip: links dial the desk phone.
 * @param {(element: Element) => ShadowRoot|null} [options.shadowRootOf] reaches closed roots too.
 * @param {(key: string, ...args: string[]) => string} [options.text] the words the layer shows:
 *   `cardDial` (the card's button), `linkTitle` (arg: the number; a link's tooltip),
 *   `cardCountry` (the card's country list), `outcomeNotConfigured` (keys of the extension's
 *   locale files; English defaults).
 * @param {string} [options.name] the highlight's name and the links' class (default MARK_NAME).
 * @param {boolean} [options.component] a <click-to-dial> element's layer: started on the element,
 *   it handles clicks inside it only and announces no count.
 * @param {boolean} [options.announce] announce the count of marked numbers in the page's
 *   performance timeline (`announce`), for the tests and benchmarks that set it; the page
 *   sees the timeline, so it is off unless they ask.
 * @param {Record<string, number>} [options.startup] when the starter's own steps before the
 *   layer were done (ms since the navigation; the content script's: `script`, `config`,
 *   `finder`), for the layer's account of its time.
 */
export function createPageLayer(options) {
  const mode = options.mode === 'links' ? 'links' : 'highlight';
  const shadowRootOf = options.shadowRootOf ?? ((element) => element.shadowRoot);
  const name = options.name ?? MARK_NAME;
  const words = (key, ...args) => options.text?.(key, ...args) || (ENGLISH[key]?.(...args) ?? key);
  const marks = new Marks(mode, name);
  const queue = new WorkQueue();
  const observers = [];
  const roots = new WeakSet();
  const rootList = [];
  /** Links made in 'links' mode, and the number each dials: the page cannot forge these. */
  const linkNumbers = new WeakMap();
  let card = null;
  let linked = 0;
  let announced = -1;
  /** Where marking's time went (ms, summed since start): reading the DOM (`records`: the part
   * spent on records' texts), handing batches to the finder (`sending`), waiting for its
   * answers with nothing else to do (`finding`; `trips` batches, `tripMs` their round trips in
   * all), making ranges and highlights, and the page's turns between slices; the longest
   * stretch of work without a yield, and when the layer started (ms since the navigation),
   * with the steps its starter reported before it (`options.startup`).
   * The benchmark prints it (see `announce`). */
  const spent = {
    reading: 0, records: 0, sending: 0, finding: 0, trips: 0, tripMs: 0, marking: 0, yielding: 0, slices: 0,
    longest: 0, started: 0, ...options.startup,
  };
  let stopped = false;
  let work = null;
  /** How many times the observers reported changes: a batch read when this was the same as
   * now, with no reports pending, is as it was read (see `current`). */
  let changes = 0;
  /** Blocks read and sent while the page was still being parsed (the first screen), by
   * element: the full reading once it is parsed skips them while they are as they were. */
  const early = new WeakMap();

  /** Starts watching `root` (a document or shadow root) and everything below it. */
  function watch(root) {
    if (roots.has(root)) return;
    roots.add(root);
    rootList.push(root);
    const observer = new MutationObserver(record);
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    observers.push(observer);
    marks.styleRoot(root);
    queue.add(root instanceof Document ? root.body ?? root.documentElement : root);
    kick();
  }

  /** The observer's callback: it only records what to look at again. */
  function record(mutations) {
    if (mutations.length) changes += 1;
    for (const mutation of mutations) {
      if (card?.owns(mutation.target)) continue;
      if (mutation.type === 'characterData') {
        queue.add(mutation.target.parentNode);
        continue;
      }
      // A block added or removed is read (or forgotten) on its own; text or an inline element
      // added or removed changes the text of the block around it. Never the whole container:
      // a row added to a 10,000-row table is one row's work.
      for (const node of mutation.addedNodes) {
        if (card?.owns(node)) continue;
        queue.add(node instanceof Element && isBlock(node) ? node : mutation.target);
      }
      for (const node of mutation.removedNodes) {
        marks.sweepSoon(node);
        if (!(node instanceof Element && isBlock(node))) queue.add(mutation.target);
      }
    }
    kick();
  }

  /** Runs the queued work soon, once. */
  function kick() {
    if (work || stopped) return;
    // A few changed blocks (a row added) are read at once, before the browser paints; a page's
    // worth waits for the next task.
    const soon = queue.size <= FEW_BLOCKS
      ? Promise.resolve()
      : new Promise((resolve) => setTimeout(resolve, 0));
    work = soon
      .then(drain)
      .catch((error) => console.warn('click-to-dial: marking failed:', error))
      .finally(() => {
        work = null;
        // What came in while this round was finishing (a removal only asks for a sweep).
        if ((queue.size || marks.sweepDue) && !stopped) kick();
      });
  }

  /**
   * Reads queued blocks in slices, scans them in batches, marks what comes back. A finder that
   * answers at once (in this page) has its answer marked before the page gets the thread back;
   * one that answers later (the background) is sent the next slices while it works, up to
   * IN_FLIGHT batches, and its answers are marked in order as they come.
   */
  async function drain() {
    marks.sweepIfDue(); // removals alone queue no reading
    announce();
    let reader = null;
    let readerId = 0;
    /** Batches sent and not yet marked, oldest first: `{ batch, answer, sent, ready }`. */
    const waiting = [];
    /** Marks what the finder found in `batch`, and counts the time. */
    const markBatch = (batch, results, readAt) => {
      const markStart = performance.now();
      const asRead = current(readAt);
      batch.forEach((block, k) => apply(block, results?.[k] ?? NOTHING_FOUND, asRead));
      spent.marking += performance.now() - markStart;
    };
    /** Marks the oldest waiting batch once its answer is in. */
    const markOldest = async () => {
      const { batch, answer, sent, readAt } = waiting[0];
      const waitStart = performance.now();
      pause();
      const results = await answer;
      stretchStart = performance.now();
      waiting.shift();
      if (stopped) return;
      // The finder's share: the whole wait when nothing else was read meanwhile.
      spent.finding += performance.now() - Math.max(sent, waitStart);
      markBatch(batch, results, readAt);
      announce();
    };
    let stretchStart = performance.now();
    /** Notes the end of a stretch of work (the layer is about to wait). */
    const pause = () => { spent.longest = Math.max(spent.longest, performance.now() - stretchStart); };
    while ((reader || queue.size || waiting.length) && !stopped) {
      // Each stretch of work either marks one answer (one that is in, or one the layer must
      // wait for: IN_FLIGHT out, or nothing left to read), or reads a slice and sends it.
      if (waiting.length && (waiting[0].ready || waiting.length >= IN_FLIGHT || (!reader && !queue.size))) {
        await markOldest();
        if (stopped) return;
      } else {
        readSlice();
      }
      // Changes that came in while an answer was awaited are read in the next slice.
      if (!reader && !queue.size && !waiting.length) {
        marks.observeNew();
        pause();
        break;
      }
      // Waiting for an answer gives the page the thread anyway.
      const next = waiting[0];
      if (next && !next.ready && (waiting.length >= IN_FLIGHT || (!reader && !queue.size))) continue;
      const yieldStart = performance.now();
      pause();
      await pageTurn(); // give the page the thread
      stretchStart = performance.now();
      spent.yielding += stretchStart - yieldStart;
    }

    /** Reads blocks for at most SLICE_MS and hands them to the finder as one batch. */
    function readSlice() {
      const sliceStart = performance.now();
      spent.slices += 1;
      // Changes not reported yet are recorded first: this slice reads the page as it is now
      // (the observers watch it from when the page is parsed).
      takeReports();
      const readAt = observers.length ? changes : -1;
      const batch = [];
      let chars = 0;
      const records = new Records();
      let blocks = 0;
      while (((++blocks & 15) !== 0 || performance.now() - sliceStart < SLICE_MS) && batch.length < BATCH_BLOCKS && chars < BATCH_CHARS) {
        if (!reader && queue.size) {
          reader = new Reader(queue.take(), shadowRootOf, watch, card, roots);
          readerId += 1;
        }
        if (!reader) break;
        const block = reader.next();
        if (!block) {
          reader = null;
          continue;
        }
        block.reader = readerId;
        const earlier = early.get(block.element);
        if (earlier) {
          // Read for the first screen: its numbers are marked (or about to be) unless it or
          // its record changed.
          early.delete(block.element);
          if (earlier.text === block.text && earlier.unchanged()
            && earlier.sentRecord === (block.record ? recordText(block.record) : '')) continue;
        }
        if (DIGIT.test(block.text)) {
          batch.push(block); // its old marks stay until the new ones replace them
          chars += block.text.length + records.add(block.record);
        } else {
          marks.forget(block.element);
        }
      }
      if (batch.length) spent.records += records.finish();
      marks.sweepIfDue();
      const scanStart = performance.now();
      spent.reading += scanStart - sliceStart;
      if (batch.length) {
        const answer = options.scan(batch.map((block) => block.text), records);
        spent.trips += 1;
        if (typeof answer?.then === 'function') {
          spent.sending += performance.now() - scanStart;
          const entry = { batch, answer, sent: scanStart, ready: false, readAt };
          const ready = () => {
            entry.ready = true;
            spent.tripMs += performance.now() - scanStart;
          };
          answer.then(ready, ready);
          waiting.push(entry);
        } else {
          spent.sending += performance.now() - scanStart;
          spent.tripMs += performance.now() - scanStart;
          markBatch(batch, answer, readAt);
        }
      }
      announce();
    }
  }

  /**
   * While `doc` is being parsed (highlight mode): at each frame until the viewport is read to
   * its bottom, reads the blocks parsed so far from the top down to the bottom of the viewport
   * and marks their numbers, so that the first screen is marked while the rest of the page
   * loads; the whole page is read once it is parsed.
   */
  function firstScreen(doc) {
    const view = doc.defaultView;
    const frame = () => {
      if (stopped || doc.readyState !== 'loading') return;
      if (!readFirstScreen(doc)) view.requestAnimationFrame(frame);
    };
    view.requestAnimationFrame(frame);
  }

  /**
   * One frame's reading of the first screen (see `firstScreen`); whether the viewport is read
   * to its bottom. Runs where the browser is about to lay the page out for the frame anyway, so
   * asking where blocks are costs no extra layout.
   */
  function readFirstScreen(doc) {
    const body = doc.body;
    if (!body) return false;
    // The frame's layout, which the browser does next anyway: done first, so that where each
    // block is costs little, and not counted as this layer's time.
    body.getBoundingClientRect();
    const sliceStart = performance.now();
    // The parser's open elements (the last node parsed and its ancestors) are not read whole
    // yet: their blocks wait for the full reading.
    const open = new Set();
    for (let node = doc.documentElement; node; node = node.lastChild) open.add(node);
    const reader = new Reader(body, shadowRootOf, () => {}, card, roots);
    const bottom = doc.defaultView.innerHeight;
    const batch = [];
    const records = new Records();
    let read = false;
    for (let block = reader.next(); block; block = reader.next()) {
      // A block still being parsed, or one of a record still being parsed (its country may
      // come later in the row), waits.
      if (open.has(block.element) || open.has(block.record) || !DIGIT.test(block.text)) continue;
      if (block.element.getBoundingClientRect().top > bottom) {
        read = true;
        break;
      }
      if (!early.has(block.element)) {
        batch.push(block);
        records.add(block.record);
      }
      if (batch.length >= FIRST_SCREEN_BLOCKS || performance.now() - sliceStart > SLICE_MS) break;
    }
    // The reader took the parser's open elements for whole ones: a row's text it noted from
    // the cells read so far is not the row's.
    for (const element of open) recordTexts.delete(element);
    spent.slices += 1;
    if (batch.length) spent.records += records.finish();
    const scanStart = performance.now();
    spent.reading += scanStart - sliceStart;
    if (!batch.length) return read;
    for (const block of batch) early.set(block.element, block);
    batch.forEach((block, k) => {
      const index = records.of[k];
      block.sentRecord = index < records.texts.length ? records.texts[index] : '';
    });
    const answer = options.scan(batch.map((block) => block.text), records);
    spent.sending += performance.now() - scanStart;
    spent.trips += 1;
    Promise.resolve(answer).then((results) => {
      spent.tripMs += performance.now() - scanStart;
      if (stopped) return;
      const markStart = performance.now();
      batch.forEach((block, k) => apply(block, results?.[k] ?? NOTHING_FOUND));
      spent.marking += performance.now() - markStart;
      announce();
    }, (error) => {
      // The full reading reads them again.
      console.warn('click-to-dial: marking failed:', error);
      for (const block of batch) {
        early.delete(block.element);
        queue.add(block.element);
      }
      kick();
    });
    return read;
  }

  /**
   * Whether the page is as it was when `changes` was `then`: no change was reported since,
   * and none is pending (the observers' pending reports are taken and recorded now). Only for
   * what the observers watch: -1 stands for a reading they did not watch.
   */
  function current(then) {
    takeReports();
    return then >= 0 && then === changes;
  }

  /** Records the changes the observers have seen and not reported yet. */
  function takeReports() {
    for (const observer of observers) {
      const pending = observer.takeRecords();
      if (pending.length) record(pending);
    }
  }

  /**
   * Marks the found numbers of `block`, if the block is still as it was read (`asRead`: known
   * to be, no change having been reported since).
   */
  function apply(block, found, asRead = false) {
    // Nothing found: the block's old marks go. (Had it changed since it was read, the
    // observer has queued it again already.)
    if (!found.length) {
      marks.forget(block.element);
      return;
    }
    if (!asRead && (!block.element.isConnected || !block.unchanged())) {
      queue.add(block.element); // changed meanwhile: read it again
      return;
    }
    marks.forget(block.element);
    const spans = found.filter((m) => E164.test(m.number) && m.start < m.end && m.end <= block.text.length);
    if (mode === 'links') {
      for (const span of [...spans].reverse()) wrap(block, span);
    } else {
      for (const span of spans) {
        const bounds = block.bounds(span.start, span.end);
        if (bounds) marks.add(block.element, bounds, span.number, span.ext, block.reader, block.shadowed);
      }
    }
  }

  /**
   * Tells whoever measures how many numbers are marked now, through the page's performance
   * timeline (a user-timing mark `htek-c2d-marked`, its detail `{ count, spent }`; only the
   * latest is kept): benchmarks and tests read it, the page's nodes stay untouched. Only with
   * `options.announce`: the page and its analytics see the timeline too.
   */
  function announce() {
    if (options.component || !options.announce) return;
    const count = countNow();
    if (count === announced) return;
    announced = count;
    performance.clearMarks(MARKED_EVENT);
    performance.mark(MARKED_EVENT, { detail: { count, spent: { ...spent } } });
  }

  function countNow() {
    return mode === 'links' ? linked : marks.count;
  }

  /** 'links' mode: wraps the span in an <a>, when it lies inside one text node. */
  function wrap(block, span) {
    const range = block.bounds(span.start, span.end);
    if (!range || range.startContainer !== range.endContainer) return;
    const node = range.startContainer;
    node.splitText(range.endOffset);
    const text = node.splitText(range.startOffset);
    const link = document.createElement('a');
    link.className = name;
    const dialed = withExtension(span.number, span.ext);
    link.href = `tel:${dialed.replaceAll('#', '%23')}`;
    link.title = words('linkTitle', span.number);
    linkNumbers.set(link, dialed);
    text.replaceWith(link);
    link.append(text);
    linked += 1;
  }

  /** The shadow trees the layer has met (open and closed; `sightAt` keeps those still in the page). */
  function shadowTrees() {
    return rootList.filter((root) => root instanceof ShadowRoot);
  }

  /**
   * Whether `event` happened where this layer marks: inside one of its elements for a
   * component's layer, outside every <click-to-dial> element for any other.
   */
  function concerns(event) {
    const path = event.composedPath?.() ?? [];
    if (options.component) return rootList.some((root) => path.includes(root));
    return !path.some((node) => node.localName === COMPONENT);
  }

  /**
   * What a click at `event` means: a number to dial, what was clicked (`via`) and what the
   * person should have seen there (`target`: the number's range, or a link), or null.
   */
  function clickedNumber(event) {
    const target = event.composedPath?.()[0] ?? event.target;
    const element = target instanceof Element ? target : target?.parentElement;
    const link = element?.closest?.('a[href]');
    if (link && linkNumbers.has(link)) {
      return { number: linkNumbers.get(link), via: 'mark', target: contentsOf(link) };
    }
    if (link && options.takeOverDialLinks) {
      const number = dialLinkNumber(link.getAttribute('href') ?? '');
      if (number) return { number, via: 'link', target: contentsOf(link), link };
    }
    if (mode !== 'highlight') return null;
    if (!getSelection()?.isCollapsed) return null; // a person selecting text, not clicking
    if (link) {
      // A click outside the link's own boxes hit what it draws over the page: a link stretched
      // over a card by its ::after (Bootstrap's .stretched-link). A marked number under it is
      // the click's only if the person sees it there (`onClick`); else the link's.
      const mark = fromKeyboard(event) ? null : markUnder(link, event.clientX, event.clientY);
      return mark ? { number: withExtension(mark.number, mark.ext), via: 'mark', target: liveRange(mark.range), under: link } : null;
    }
    const mark = marks.at(event.clientX, event.clientY, element, shadowRootOf);
    return mark ? { number: withExtension(mark.number, mark.ext), via: 'mark', target: liveRange(mark.range) } : null;
  }

  /**
   * The mark at (x, y) under `link`, when the point is outside the link's own boxes (what is
   * there is drawn by its ::before or ::after); null when it is on the link itself.
   */
  function markUnder(link, x, y) {
    if ([...link.getClientRects()].some((rect) => inRect(rect, x, y))) return null;
    const root = link.getRootNode();
    for (const element of (root.elementsFromPoint ? root : document).elementsFromPoint(x, y)) {
      if (holds(link, element)) continue;
      const mark = marks.at(x, y, element, shadowRootOf);
      if (mark) return mark;
    }
    return null;
  }

  function onClick(event) {
    if (event.button !== 0 || event.defaultPrevented && !event.isTrusted) return;
    if (card?.owns(event.target)) return; // the card handles its own clicks
    if (!concerns(event)) return;
    const clicked = clickedNumber(event);
    if (!clicked) return;
    // A number under a stretched link (never from the keyboard) is the click's only when the
    // person saw it where they clicked; otherwise (or from a page script) the link's.
    let visible = null;
    if (clicked.under) {
      if (!event.isTrusted) return;
      visible = sightAt(clicked.target, event.clientX, event.clientY, shadowRootOf, shadowTrees());
      if (visible !== 'yes') return;
    }
    event.preventDefault(); // a tel: link must not open another app; a row must not navigate
    event.stopImmediatePropagation();
    if (!event.isTrusted) return; // a page script cannot dial
    // A click from the keyboard (Enter on a focused link) has no pointer: the target's middle.
    const [x, y] = fromKeyboard(event) ? middleOf(clicked.target) : [event.clientX, event.clientY];
    const seen = { via: clicked.via, visible: visible ?? sightAt(clicked.target, x, y, shadowRootOf, shadowTrees()) };
    if (clicked.link) seen.linkText = (clicked.link.innerText ?? clicked.link.textContent ?? '').trim().slice(0, 200);
    options.dial(clicked.number, seen);
    card?.hide();
  }

  function onPointerMove(event) {
    if (mode !== 'highlight' || !options.preview || !concerns(event)) return;
    card ??= new Card(options, words);
    if (card.owns(event.target)) return card.keep(); // on the card's button
    card.pointerAt(event.clientX, event.clientY, () => {
      const target = event.composedPath?.()[0] ?? event.target;
      const element = target instanceof Element ? target : target?.parentElement;
      const link = element?.closest?.('a[href]');
      return marks.at(event.clientX, event.clientY, element, shadowRootOf)
        ?? (link ? markUnder(link, event.clientX, event.clientY) : null);
    });
  }

  return {
    /**
     * Starts marking `root` (and its shadow roots as they are found): a document, or the
     * <click-to-dial> element of a component's layer.
     */
    start(root) {
      stopped = false;
      spent.started ||= performance.now();
      const view = (root.ownerDocument ?? root).defaultView;
      view.addEventListener('click', onClick, true);
      view.addEventListener('pointermove', onPointerMove, { capture: true, passive: true });
      this.view = view;
      if (root instanceof Document && root.readyState === 'loading') {
        // Started before the page is parsed: the first screen now, the whole page once parsed.
        if (mode === 'highlight') firstScreen(root);
        root.addEventListener('DOMContentLoaded', () => {
          if (!stopped) watch(root);
        }, { once: true });
      } else {
        watch(root);
      }
    },
    /** Stops observing and removes every mark (links made in 'links' mode become text again). */
    stop() {
      stopped = true;
      observers.splice(0).forEach((observer) => observer.disconnect());
      for (const root of rootList.splice(0)) {
        for (const link of root.querySelectorAll(`a.${name}`)) {
          if (!linkNumbers.has(link)) continue;
          const parent = link.parentNode;
          link.replaceWith(...link.childNodes);
          parent?.normalize();
        }
      }
      this.view?.removeEventListener('click', onClick, true);
      this.view?.removeEventListener('pointermove', onPointerMove, { capture: true });
      marks.clear();
      card?.remove();
      card = null;
    },
    /** Resolves when all work queued so far is done (for tests and benchmarks). */
    async settled() {
      while (work || queue.size) await (work ?? Promise.resolve());
    },
    /** How many numbers are marked now (links made, in 'links' mode). */
    get count() {
      return countNow();
    },
  };
}

/**
 * The finder's answer for a batch of `count` texts as one list of matches per text. The answer
 * is in columns (the core's `detect::batch::Matches`), as the finder's wasm returns it
 * (`find_batch`: typed arrays) and the background sends it (`Scanned`: arrays): match `i` is in
 * text `spans[3i]` from `spans[3i + 1]` to `spans[3i + 2]` (UTF-16), its confidence is
 * `confidence[i]`, and its number then its extension ('' for none) are in the string `numbers`,
 * from where the match before ends, the number to `numberEnds[2i]`, the extension to
 * `numberEnds[2i + 1]`.
 */
export function unpackMatches(count, { spans, confidence, numbers, numberEnds }) {
  // Most texts hold no number: they share one empty list.
  const results = new Array(count).fill(NOTHING_FOUND);
  let from = 0;
  for (let i = 0; i < confidence.length; i++) {
    const [numberEnd, end] = [numberEnds[2 * i], numberEnds[2 * i + 1]];
    const text = spans[3 * i];
    const match = {
      start: spans[3 * i + 1],
      end: spans[3 * i + 2],
      number: numbers.slice(from, numberEnd),
      ext: numbers.slice(numberEnd, end) || undefined,
      confidence: confidence[i],
    };
    from = end;
    if (!(text < count)) continue;
    if (results[text] === NOTHING_FOUND) results[text] = [];
    results[text].push(match);
  }
  return results;
}

/**
 * The texts of a batch as the finder's wasm takes them (`find_batch(bytes, ends, ...)`): their
 * UTF-8 one after the other and where each ends. `TextEncoder.encodeInto` writes them in one
 * buffer (kept for the next batch), where wasm-bindgen would copy each string with a call and a
 * loop of its own.
 */
export function utf8Texts(texts) {
  let most = 0;
  for (const text of texts) most += text.length * 3;
  if (utf8Buffer.length < most) utf8Buffer = new Uint8Array(Math.max(most, 2 * utf8Buffer.length));
  const ends = new Uint32Array(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    at += utf8Encoder.encodeInto(texts[i], utf8Buffer.subarray(at)).written;
    ends[i] = at;
  }
  return { bytes: utf8Buffer.subarray(0, at), ends };
}

const utf8Encoder = new TextEncoder();
let utf8Buffer = new Uint8Array(1 << 16);

/** The list of the numbers found in a text that holds none (shared; never changed). */
const NOTHING_FOUND = Object.freeze([]);

/** The number of a tel:/callto:/sip: link's href, or null. */
export function dialLinkNumber(href) {
  const lower = href.trim().toLowerCase();
  const scheme = DIAL_SCHEMES.find((s) => lower.startsWith(s));
  if (!scheme) return null;
  let rest = href.trim().slice(scheme.length).replace(/^\/\//, '');
  try {
    rest = decodeURIComponent(rest);
  } catch {
    return null;
  }
  // RFC 3966's extension is kept (the background dials it as the settings say, and only at
  // once when the link's text shows it too); its other parameters are not.
  const extension = /;ext=([0-9]{1,8})(?:;|$)/i.exec(rest)?.[1];
  rest = rest.split(/[;?]/)[0];
  if (scheme.startsWith('sip')) rest = rest.split('@')[0];
  if (extension) rest += `;ext=${extension}`;
  return /[0-9]/.test(rest) && rest.length <= 64 ? rest : null;
}

/**
 * Gives the page the thread and resolves in a task of its own soon after: a task queued at the
 * page's own priority (`scheduler.postTask`), else a message to this window's own channel;
 * never a timer, which browsers hold back at least 4 ms once timers nest.
 */
function pageTurn() {
  if (globalThis.scheduler?.postTask) return scheduler.postTask(() => {}, { priority: 'user-visible' });
  return new Promise((resolve) => {
    if (!turns) {
      turns = new MessageChannel();
      turns.port1.onmessage = () => turnsWaiting.shift()?.();
    }
    turnsWaiting.push(resolve);
    turns.port2.postMessage(null);
  });
}
let turns = null;
/** Who waits for a turn through `turns`, in order (every layer of this window shares it). */
const turnsWaiting = [];

/** Elements queued for (re)reading, each reduced to the block that owns it. */
class WorkQueue {
  constructor() {
    this.items = new Set();
  }

  get size() {
    return this.items.size;
  }

  add(node) {
    const block = node instanceof ShadowRoot || node instanceof Document ? node : blockOf(node);
    if (block) this.items.add(block);
  }

  take() {
    const [first] = this.items;
    this.items.delete(first);
    return first;
  }
}

/**
 * What a record is: an element whose text belongs to one contact or company, so that a country
 * named anywhere in it (a Country column, an address line, a flag, another number with +CC)
 * tells how its national numbers are read. Table and grid rows, definition lists, address
 * blocks, list items, articles, microdata items and elements named like cards.
 */
const RECORD = 'tr, [role="row"], dl, address, li, article, [itemscope], [class*="card" i], [class*="contact" i]';
/** Elements that are records by their name alone (the rest of `RECORD` needs attributes). */
const RECORD_NAMES = new Set(['tr', 'dl', 'address', 'li', 'article']);

/** A record's text sent with a batch, in UTF-16 units at most, and a row's cell's. */
const RECORD_CHARS = 600;
const RECORD_CELL_CHARS = 120;

/**
 * The records of one batch: their texts (each once, its cells joined by tabs), and for each of
 * the batch's blocks the index of its record (`of`; past the end for none). The finder reads a
 * block's national numbers in the regions its record names first.
 */
class Records {
  constructor() {
    this.texts = [];
    this.of = [];
    this.index = new Map();
    this.elements = [];
  }

  /**
   * Notes the record of the next block (its element, or null); returns how many characters
   * it may add (its text is read in `finish`, once the slice's blocks are read: a row read
   * whole by then has its text from its cells as they were read).
   */
  add(record) {
    if (!record) {
      this.of.push(NO_RECORD);
      return 0;
    }
    let index = this.index.get(record);
    let added = 0;
    if (index === undefined) {
      index = this.elements.length;
      this.elements.push(record);
      this.index.set(record, index);
      added = RECORD_CHARS;
    }
    this.of.push(index);
    return added;
  }

  /** Reads the records' texts; a record without text counts as none. Returns the time taken. */
  finish() {
    const start = performance.now();
    const renumbered = this.elements.map((record) => {
      const text = recordText(record);
      if (!text) return NO_RECORD;
      this.texts.push(text);
      return this.texts.length - 1;
    });
    this.of = this.of.map((index) => (index === NO_RECORD ? NO_RECORD : renumbered[index]));
    return performance.now() - start;
  }
}

/** A block's record index when it has none (past the end of any batch's records). */
const NO_RECORD = 0xffffffff;

/** Records' texts, read once for the layer's life ('' for an element too long to be one). */
const recordTexts = new WeakMap();

/**
 * A record's text: a row's cells (or a grid row's children) joined by tabs, each cell cut to
 * RECORD_CELL_CHARS, the row to RECORD_CHARS; any other record's whole text, or '' when it is
 * longer than RECORD_CHARS (then it holds more than one contact).
 */
function recordText(record) {
  let text = recordTexts.get(record);
  if (text !== undefined) return text;
  const cells = record.localName === 'tr' ? record.cells
    : record.getAttribute('role') === 'row' ? record.children : null;
  if (cells) {
    text = Array.from(cells, (cell) => textOf(cell, RECORD_CELL_CHARS)).join('\t').slice(0, RECORD_CHARS);
  } else {
    text = textOf(record, RECORD_CHARS + 1);
    if (text.length > RECORD_CHARS) text = '';
  }
  recordTexts.set(record, text);
  return text;
}

/**
 * The text of `element`, its text nodes joined by line breaks (`textContent` would run
 * `<dt>Country</dt><dd>Italia</dd>` into "CountryItalia"), spaces collapsed, cut at `limit`.
 */
function textOf(element, limit) {
  const only = element.firstChild;
  if (only && only === element.lastChild && only.nodeType === 3) return collapsed(only.data).slice(0, limit);
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let text = '';
  for (let node = walker.nextNode(); node && text.length < limit; node = walker.nextNode()) {
    const piece = collapsed(node.data);
    if (piece) text += (text ? '\n' : '') + piece;
  }
  return text.slice(0, limit);
}

/** Whitespace other than single spaces, which `collapsed` has to replace. */
const ODD_SPACE = /[^\S ]| {2}/;

/** `text` with each run of white space one space, trimmed. */
function collapsed(text) {
  return (ODD_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

/** The nearest block-level element (or shadow root) at or above `node`. */
function blockOf(node) {
  let element = node instanceof Element ? node : node?.parentNode;
  while (element instanceof Element && !isBlock(element)) element = element.parentNode;
  return element ?? null;
}

/** Whether `element` starts a block of its own (links and line breaks belong to their block). */
function isBlock(element) {
  const name = element.localName;
  return !INLINE.has(name) && name !== 'a' && name !== 'br';
}

/** The elements an icon can be (see `iconLabel`). */
const ICONS = new Set(['i', 'span', 'svg', 'img']);

/** The most characters an icon's label may have to be read as words. */
const ICON_LABEL_CHARS = 40;

/**
 * The label of an icon element, or null: an `<i>` or `<span>` with no content, an `<img>` or
 * an `<svg>`, named by `aria-label`, `alt` or `title` (an svg's `<title>`), without digits
 * (they would join the numbers around it).
 */
function iconLabel(element, name) {
  if (!ICONS.has(name)) return null;
  if (name !== 'img' && name !== 'svg' && element.firstChild) return null;
  let label = element.getAttribute('aria-label') || element.getAttribute('alt') || element.getAttribute('title');
  if (!label && name === 'svg') label = element.querySelector(':scope > title')?.textContent;
  label = label?.trim();
  if (!label || label.length > ICON_LABEL_CHARS || DIGIT.test(label)) return null;
  return label;
}

function isSkipped(element, card, editable = true, name = element.localName) {
  return SKIPPED.has(name) || name === COMPONENT || (editable && isEditable(element)) || (card?.owns(element) ?? false);
}

/**
 * Whether `element` starts editable content (`contenteditable` other than "false"). Read from
 * the attribute, not `isContentEditable`, which makes the browser compute style.
 */
function isEditable(element) {
  const value = element.getAttribute('contenteditable');
  return value !== null && value !== 'false';
}

/**
 * Whether `element` or an ancestor below the layer's `roots` is skipped (for blocks read on
 * their own after a change).
 */
function isSkippedUp(element, card, roots) {
  if (element.ownerDocument?.designMode === 'on') return true;
  for (let e = element; e instanceof Element && !roots?.has(e); e = e.parentElement) {
    if (isSkipped(e, card)) return true;
  }
  return false;
}

/**
 * Reads `root` (an element or shadow root) into blocks, one `next()` at a time: each
 * block-level element's own inline text, joined across inline elements. Shadow roots found on
 * the way are handed to `watch`. An explicit stack, so that a long page is read in slices (and
 * faster than nested generators).
 */
class Reader {
  constructor(root, shadowRootOf, watch, card, roots) {
    this.shadowRootOf = shadowRootOf;
    this.watch = watch;
    this.card = card;
    /** The elements being read, innermost last (`depth` of them; kept for reuse). */
    this.frames = [];
    this.depth = 0;
    this.blocks = [];
    /** Whether `root` is in a shadow tree (every block read is). */
    this.shadowed = root instanceof ShadowRoot || root?.getRootNode?.() instanceof ShadowRoot;
    if (!root || (root instanceof Element && (!root.isConnected || isSkippedUp(root, this.card, roots)))) return;
    // One native search instead of an attribute read on every element, when nothing under
    // `root` is editable (the usual case).
    this.editable = root.querySelector?.('[contenteditable]:not([contenteditable="false"])') != null;
    if (root instanceof ShadowRoot) {
      this.blocks.push(new Block(root, null, true));
      this.push(root, '', true, null);
    } else {
      // The record around `root` (its row, its card), then each element's own as it is entered.
      this.enter(root, root.localName, root.parentElement?.closest(RECORD) ?? null);
    }
  }

  /**
   * Starts reading `element` (already known not to be skipped, a link or a line break; its
   * `localName` is `name`) inside the record `around` (or none).
   */
  enter(element, name, around) {
    // Open roots are a property away; closed ones need the extension API, asked only for
    // custom elements (where frameworks such as Lightning put them) to keep long pages fast.
    const custom = name.includes('-');
    const shadow = custom || SHADOW_HOSTS.has(name) ? element.shadowRoot ?? (custom ? this.shadowRootOf(element) : null) : null;
    if (shadow) this.watch(shadow);
    const record = RECORD_NAMES.has(name) || (element.hasAttributes() && element.matches(RECORD)) ? element : around;
    const block = !INLINE.has(name) && name !== 'a' && name !== 'br';
    if (block) this.blocks.push(new Block(element, record, this.shadowed));
    const frame = this.push(element, name, block, record);
    // A table row's cells' texts as they are read: its record's text (see `recordText`).
    if (name === 'tr') frame.cells = [];
  }

  /** A frame for reading the children of `node` (an element or a shadow root). */
  push(node, name, block, record) {
    const frame = this.frames[this.depth] ?? (this.frames[this.depth] = new Frame());
    this.depth += 1;
    frame.element = node;
    frame.name = name;
    frame.next = node.firstChild;
    frame.block = block;
    frame.record = record;
    frame.children = 0;
    frame.cells = null;
    return frame;
  }

  /** The next complete block, or null when the root is read. */
  next() {
    const frames = this.frames;
    while (this.depth) {
      const frame = frames[this.depth - 1];
      const node = frame.next;
      if (!node) {
        this.depth -= 1;
        if (frame.cells && !recordTexts.has(frame.element)) {
          recordTexts.set(frame.element, frame.cells.join('\t').slice(0, RECORD_CHARS));
        }
        if (!frame.block) continue;
        const block = this.blocks.pop().done();
        const parent = this.depth ? frames[this.depth - 1] : null;
        if (parent?.cells && (frame.name === 'td' || frame.name === 'th')) parent.cells.push(cellText(frame, block));
        this.blocks.at(-1)?.separate();
        return block;
      }
      frame.next = node.nextSibling;
      frame.children += 1;
      const type = node.nodeType;
      if (type === 3) {
        this.blocks.at(-1)?.append(node);
      } else if (type === 1) {
        const name = node.localName;
        // An icon that says what follows (`<i aria-label="Phone">`, `<img alt="Tel">`, an
        // <svg> with a title) counts as its words: a label the finder reads.
        const label = ICONS.has(name) ? iconLabel(node, name) : null;
        if (label) {
          this.blocks.at(-1)?.word(label);
          continue;
        }
        // Skipped subtrees, line breaks and links interrupt the text around them: a link's
        // number is the link's (dialed through it when it is a tel: link).
        if (name === 'br' || name === 'a' || isSkipped(node, this.card, this.editable, name)) {
          this.blocks.at(-1)?.separate();
          // A skipped cell is still one of its row's cells: the row's text is read from the page.
          if (frame.cells && (name === 'td' || name === 'th')) frame.cells = null;
        } else {
          this.enter(node, name, frame.record);
        }
      }
    }
    return null;
  }
}

/** An element being read: its next child, whether it is a block, its record. */
class Frame {
  constructor() {
    this.element = null;
    this.name = '';
    this.next = null;
    this.block = false;
    this.record = null;
    /** How many child nodes were read. */
    this.children = 0;
    /** A row's cells' texts (see `recordText`), or null. */
    this.cells = null;
  }
}

/**
 * A cell's text for its row's record, as `textOf` reads it: from what was read when the cell
 * holds one text node and nothing else (the usual case), else from the page.
 */
function cellText(frame, block) {
  if (frame.children === 1 && block.single()) {
    return collapsed(block.text).slice(0, RECORD_CELL_CHARS);
  }
  return textOf(frame.element, RECORD_CELL_CHARS);
}

/** The parts of a block without text nodes. */
const NO_PARTS = Object.freeze([]);

/** The inline text of one block element, and where each piece of it lives in the DOM. */
class Block {
  /** `record`: the element of the block's record (`RECORD`), or null; `shadowed`: whether it
   * is in a shadow tree. */
  constructor(element, record, shadowed) {
    this.element = element;
    this.record = record;
    this.shadowed = shadowed;
    this.text = '';
    /** Each text node of the block, where its text starts in `text`, and its text when read:
     * three entries per node (one array: a page has tens of thousands of blocks). */
    this.parts = null;
    /** Which reading of the page found it (see `Marks.join`). */
    this.reader = 0;
    /** A break is due before what comes next (see `separate`). */
    this.broken = false;
    /** The record's text it was sent with, for the first screen (see `readFirstScreen`). */
    this.sentRecord = '';
    /** The last UTF-16 unit of `text`: asking the text itself would flatten a long one built
     * piece by piece (a table body's line breaks) on every piece. */
    this.tail = 0;
  }

  append(node) {
    if (this.broken) this.mend();
    const data = node.data;
    if (this.parts) this.parts.push(node, this.text.length, data);
    else this.parts = [node, this.text.length, data];
    this.text += data;
    if (data) this.tail = data.charCodeAt(data.length - 1);
  }

  /** Puts in the break that `separate` asked for. */
  mend() {
    this.broken = false;
    if (this.text && this.tail !== 10) {
      this.text += '\n';
      this.tail = 10;
    }
  }

  /** The block, read to its end. */
  done() {
    if (this.broken) this.mend();
    return this;
  }

  /** Whether the block's text is its one text node's, as it was read. */
  single() {
    return this.parts?.length === 3 && this.text === this.parts[2];
  }

  /** Words that stand in the text without a text node of their own (an icon's label), set
   * apart by spaces; numbers are never found inside them (they hold no digits). */
  word(text) {
    if (this.broken) this.mend();
    if (this.text && !/\s/.test(String.fromCharCode(this.tail))) this.text += ' ';
    this.text += `${text} `;
    this.tail = 32;
  }

  /** A break between pieces that are not one run of text (a nested block, a <br>, a link):
   * put in before the next piece or at the end (one check for many nested blocks in a row). */
  separate() {
    this.broken = true;
  }

  /** Whether every text node still holds what was read. */
  unchanged() {
    const parts = this.parts ?? NO_PARTS;
    for (let k = 0; k < parts.length; k += 3) {
      if (!parts[k].isConnected || parts[k].data !== parts[k + 2]) return false;
    }
    return true;
  }

  /**
   * Where the block text's UTF-16 span [start, end) is in the DOM (`startContainer`,
   * `startOffset`, `endContainer`, `endOffset`: a range's bounds), or null.
   */
  bounds(start, end) {
    const first = this.locate(start, false);
    const last = this.locate(end, true);
    if (first < 0 || last < 0) return null;
    const parts = this.parts ?? NO_PARTS;
    return {
      startContainer: parts[first], startOffset: start - parts[first + 1],
      endContainer: parts[last], endOffset: end - parts[last + 1],
    };
  }

  /**
   * Where the text node holding a block offset is in `parts` (-1 for none); an end offset
   * prefers the earlier node.
   */
  locate(offset, isEnd) {
    const parts = this.parts ?? NO_PARTS;
    let low = 0;
    let high = parts.length / 3 - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      const start = parts[3 * mid + 1];
      if (start < offset || (!isEnd && start === offset)) low = mid;
      else high = mid - 1;
    }
    const k = 3 * low;
    if (k >= parts.length) return -1;
    // Against the text as read: the block is marked only while its nodes hold just that.
    const inside = offset - parts[k + 1];
    if (inside < 0 || inside > parts[k + 2].length) return -1;
    return k;
  }
}

/**
 * The marks on the page, by block, for hit-testing and for the highlight.
 *
 * Every mark is kept (a click anywhere finds it), but only the marks near the viewport are in
 * the highlight: browsers re-examine every range of every highlight when they repaint, so
 * 20,000 ranges would cost each frame of a big page ~150 ms. Blocks read one after the other
 * are kept in groups of up to GROUP_SIZE; an IntersectionObserver watches each group's first
 * and last block (with a margin of a screen above and below) and the group's ranges are in the
 * highlight while one of them is near. Groups made while the highlight is small show at once.
 */
class Marks {
  constructor(mode, name) {
    this.mode = mode;
    this.name = name;
    this.byBlock = new Map();
    this.groupOf = new Map();
    this.count = 0;
    this.sweepDue = false;
    /** Nodes taken out of the page since the last sweep (null: too many). */
    this.removed = [];
    /** Marked blocks in shadow trees (a sweep checks each: a removed node's search misses them). */
    this.shadowed = new Set();
    this.highlight = null;
    this.open = null;
    this.unobserved = new Set();
    if (mode === 'highlight' && globalThis.CSS?.highlights && globalThis.Highlight) {
      // Layers of one name share its highlight (one per <click-to-dial> element).
      this.highlight = CSS.highlights.get(name) ?? new Highlight();
      CSS.highlights.set(name, this.highlight);
      this.anchors = new Map();
      this.observer = new IntersectionObserver((entries) => this.seen(entries), {
        rootMargin: '100% 0px 100% 0px',
      });
    }
  }

  /** Lets the highlight's style reach inside a shadow root (styles do not cross into them). */
  styleRoot(root) {
    if (!(root instanceof ShadowRoot) || !this.highlight) return;
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(highlightCss(this.name));
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch (error) {
      console.warn('click-to-dial: cannot style a shadow root:', error);
    }
  }

  /** Adds a mark to `block`, read as part of `reader` (blocks of one reader come in order). */
  add(block, bounds, number, ext, reader, shadowed) {
    const mark = new Mark(bounds, number, ext);
    if (!STATIC_RANGES && !mark.range) return; // a live range must fit the page now
    let list = this.byBlock.get(block);
    if (!list) {
      this.byBlock.set(block, (list = []));
      if (shadowed) this.shadowed.add(block);
      this.join(block, reader);
    }
    list.push(mark);
    if (this.groupOf.get(block)?.near) this.highlight.add(mark.range);
    this.count += 1;
  }

  /** Puts a newly marked block in the open group, or in a new one. */
  join(block, reader) {
    if (!this.highlight) return;
    let group = this.open;
    if (!group || group.reader !== reader || group.blocks.size >= GROUP_SIZE) {
      group = { reader, blocks: new Set(), near: this.highlight.size < EAGER_RANGES, watched: new Map() };
      this.open = group;
      this.watch(group, block);
    } else if (group.last !== group.first) {
      this.unwatch(group, group.last);
    }
    group.blocks.add(block);
    this.groupOf.set(block, group);
    const last = anchorOf(block);
    if (last !== group.first) this.watch(group, block);
  }

  watch(group, block) {
    const element = anchorOf(block);
    if (!element) return;
    group.first ??= element;
    group.last = element;
    group.watched.set(element, 'unknown');
    this.anchors.set(element, group);
    this.unobserved.add(element);
  }

  /**
   * Starts watching the anchors added since the last call. Called when a round of reading is
   * over: observing while thousands of groups are being made makes every frame re-examine the
   * highlight as groups come and go.
   */
  observeNew() {
    for (const element of this.unobserved) this.observer?.observe(element);
    this.unobserved.clear();
  }

  unwatch(group, element) {
    group.watched.delete(element);
    if (this.anchors.get(element) === group) this.anchors.delete(element);
    this.unobserved.delete(element);
    this.observer.unobserve(element);
  }

  /**
   * The IntersectionObserver's report: groups coming near get their ranges shown. A group is
   * near when one of its watched ends is, or when the viewport lies between them (a group of
   * blocks spread over many screens, scrolled to its middle).
   */
  seen(entries) {
    for (const entry of entries) {
      const group = this.anchors.get(entry.target);
      if (!group) continue;
      const top = entry.rootBounds?.top ?? 0;
      const where = entry.isIntersecting ? 'near' : entry.boundingClientRect.bottom <= top ? 'above' : 'below';
      group.watched.set(entry.target, where);
      const ends = [...group.watched.values()];
      const near = ends.includes('near') || (ends.includes('above') && ends.includes('below'));
      if (near === group.near) continue;
      group.near = near;
      for (const block of group.blocks) {
        for (const mark of this.byBlock.get(block) ?? []) {
          if (near) this.highlight.add(mark.range);
          else if (mark.made) this.highlight.delete(mark.made);
        }
      }
    }
  }

  forget(block) {
    const list = this.byBlock.get(block);
    if (!list) return;
    for (const mark of list) if (mark.made) this.highlight?.delete(mark.made);
    this.count -= list.length;
    this.byBlock.delete(block);
    this.shadowed.delete(block);
    const group = this.groupOf.get(block);
    if (!group) return;
    this.groupOf.delete(block);
    group.blocks.delete(block);
    if (group.blocks.size === 0) {
      for (const element of [...group.watched.keys()]) this.unwatch(group, element);
      if (this.open === group) this.open = null;
    }
  }

  /** Notes that `node` was taken out of the page: the marks inside it go at the next sweep. */
  sweepSoon(node) {
    this.sweepDue = true;
    if (this.removed && this.removed.length < MAX_REMOVED) this.removed.push(node);
    else this.removed = null; // too many to look into one by one: every mark is checked
  }

  /**
   * Forgets the marks of blocks no longer in the page (no growth over time): those inside the
   * nodes taken out since the last sweep, and those in shadow trees; every mark's block when
   * too many nodes were taken out to look into each.
   */
  sweepIfDue() {
    if (!this.sweepDue) return;
    this.sweepDue = false;
    const removed = this.removed;
    this.removed = [];
    const gone = (block) => {
      if (this.byBlock.has(block) && !block.isConnected) this.forget(block);
    };
    if (!removed) {
      for (const block of [...this.byBlock.keys()]) gone(block);
      return;
    }
    for (const node of removed) {
      if (node.isConnected || !(node instanceof Element)) continue;
      gone(node);
      if (node.firstElementChild) for (const element of node.querySelectorAll('*')) gone(element);
    }
    for (const block of [...this.shadowed]) gone(block);
  }

  clear() {
    for (const block of [...this.byBlock.keys()]) this.forget(block);
    this.observer?.disconnect();
    if (this.highlight?.size === 0 && CSS.highlights.get(this.name) === this.highlight) CSS.highlights.delete(this.name);
  }

  /**
   * The mark under the viewport point (x, y), looking in the block of `element` and, when the
   * event came from inside a closed shadow root (its target is then the host), in that tree.
   */
  at(x, y, element, shadowRootOf) {
    const shadow = element && shadowRootOf?.(element);
    if (shadow) {
      for (const [block, list] of this.byBlock) {
        if (block !== shadow && block.getRootNode?.() !== shadow) continue;
        const hit = list.find((mark) => contains(mark.range, x, y));
        if (hit) return hit;
      }
    }
    for (let block = element; block; block = block.parentNode ?? block.host) {
      const list = this.byBlock.get(block);
      const hit = list?.find((mark) => contains(mark.range, x, y));
      if (hit) return hit;
      if (list) return null;
    }
    return null;
  }
}

/**
 * One marked number: its number and where it is. Its range is made when first needed (shown in
 * the highlight, hit by the pointer): most of a long page's marks are never near the viewport,
 * and making 20,000 ranges from the content script's world costs tens of milliseconds.
 */
class Mark {
  constructor(bounds, number, ext) {
    this.bounds = bounds;
    this.number = number;
    /** The extension or meeting code written with the number (`withExtension`), if any. */
    this.ext = ext;
    /** The range, once made. */
    this.made = null;
  }

  /** A StaticRange where the browser's highlights take them (they cost nothing when the page
   * changes), else a live Range (null when the bounds no longer fit the page). */
  get range() {
    this.made ??= STATIC_RANGES ? new StaticRange(this.bounds) : liveRange(this.bounds);
    return this.made;
  }
}

/** The element an IntersectionObserver can watch for a block (a shadow root's host). */
function anchorOf(block) {
  return block instanceof Element ? block : block?.host ?? null;
}

/** Whether highlights here take StaticRanges (Chromium, Firefox) or need live Ranges. */
const STATIC_RANGES = (() => {
  try {
    const text = document.createTextNode('0');
    new Highlight(new StaticRange({ startContainer: text, startOffset: 0, endContainer: text, endOffset: 1 }));
    return true;
  } catch {
    return false;
  }
})();

/** A live Range over a range's bounds (for geometry), or null when they no longer fit the DOM. */
function liveRange(bounds) {
  if (bounds instanceof Range) return bounds;
  try {
    const range = new Range();
    range.setStart(bounds.startContainer, bounds.startOffset);
    range.setEnd(bounds.endContainer, bounds.endOffset);
    return range;
  } catch {
    return null;
  }
}

/** Whether one of the range's boxes contains the point. */
function contains(bounds, x, y) {
  const range = liveRange(bounds);
  if (!range) return false;
  return [...range.getClientRects()].some((rect) => inRect(rect, x, y));
}

function highlightCss(name) {
  return `::highlight(${name}) {
  text-decoration: underline dotted #0f7b6c 2px;
  text-underline-offset: 2px;
}`;
}

/** Whether `node` is `container` or inside it, across shadow roots. */
function holds(container, node) {
  for (let n = node; n; n = n.parentNode ?? n.host ?? null) {
    if (n === container) return true;
  }
  return false;
}

/**
 * Whether a click came from the keyboard (Enter on a focused link, Space on a button): no
 * pointer, so no point to check (browsers differ in how they say so).
 */
function fromKeyboard(event) {
  return event.detail === 0 || event.pointerType === '' || (event.clientX === 0 && event.clientY === 0 && event.screenX === 0);
}

/** The viewport point in the middle of `target`'s first box (a Range or an Element). */
function middleOf(target) {
  const box = target.getClientRects()[0] ?? target.getBoundingClientRect();
  return [box.left + box.width / 2, box.top + box.height / 2];
}

/** A live Range over `element`'s contents (what a link shows). */
function contentsOf(element) {
  const range = new Range();
  range.selectNodeContents(element);
  return range;
}

/** Below this effective opacity (or colour alpha) text does not count as seen. */
const MIN_OPACITY = 0.5;
/** Below this font size (px) text does not count as seen. */
const MIN_FONT_PX = 6;
/** Below this width or height (px, as drawn) a digit does not count as seen. */
const MIN_GLYPH_PX = 1.5;
/** How far (px) a click may land outside the number's boxes (rounding, a finger's edge). */
const SLOP_PX = 2;
/**
 * Set only while `asIfAllTookThePointer` looks at a click point, on the elements the page may
 * keep out of hit testing there (or the root): it brings the user style sheet the background
 * inserts for this name (`SightAttribute::css` in src/pages.rs) into effect for them.
 */
export const SIGHT_ATTRIBUTE = `data-${randomLetters()}`;

/**
 * Twelve random lower-case letters: names the page cannot tell are this extension's
 * (`SightAttribute` and `MarkName` in src/pages.rs, which the background checks them against).
 */
function randomLetters() {
  return [...crypto.getRandomValues(new Uint8Array(12))]
    .map((byte) => String.fromCharCode(97 + (byte % 26)))
    .join('');
}

/**
 * What the person could see of `target` (a Range over a number's text, a link's contents, or
 * the hover card's button) at the click point (x, y): 'yes', 'no' (invisible, clipped or
 * covered: it never dials) or 'unsure' (the extension asks first). Never throws.
 *
 * 1. The click lands on the target: inside one of its boxes, inside the viewport.
 * 2. Its text is drawn visibly: `visibility`, the opacity of every ancestor (across shadow
 *    hosts), the colour and `-webkit-text-fill-color` alpha, the font size, a text colour that
 *    is not the colour of the background it sits on, glyphs that draw something in its font
 *    (`glyphsDrawn`); clip-path, masks, filters, blending, gradient text and a block's
 *    ::first-line that hides text make it unsure. The same for every part of the number in
 *    an element of its own (`everyPartDrawn`: digits hidden inside a number, others shown by a
 *    pseudo-element in their place), and every digit drawn large enough to read, whatever
 *    transform or zoom (`everyCharacterShows`).
 * 3. Nothing covers it: of the elements at the click point (and at the middle of each of its
 *    characters, `everyCharacterShows`), topmost first, every one above the text paints
 *    nothing there (a toast container that spans the page, transparent, does not hide a
 *    number; a banner, text, an image does).
 *    Looked at with every element taking the pointer (an overlay with `pointer-events: none`
 *    is invisible to hit testing), in the document and in every shadow tree of the frame
 *    (`shadowRoots`, the trees the layer knows, and the closed ones of plain elements, which
 *    `shadowTreesIn` opens at the click; an overlay may sit in another element's tree). The
 *    background puts the attribute's sheet in the frame as a user style sheet, whose
 *    !important beats the page's everywhere (a style attribute's, a cascade layer's); where
 *    it is not in effect (not yet, or a frame the extension cannot reach: Firefox's scripting
 *    API cannot reach about:srcdoc), and in shadow trees,
 *    out of its reach, the layer's own author sheet does it, and an element (or a drawn
 *    ::before/::after) that still lets the pointer through makes the click unsure, as does a
 *    transition of pointer-events over the point (a transition beats even a user sheet).
 *    (Chromium's IntersectionObserver v2 was tried for this and dropped: in headless
 *    Chromium, and for a while after a tab shows, it reports visible text occluded.)
 * 4. What no hit test sees: a highlight (the page's, or the layer's own restyled by the page)
 *    that draws the text transparent says no; ink another element draws outside its box (an
 *    outline, a shadow) over the point makes the click unsure.
 */
function sightAt(target, x, y, shadowRootOf, shadowRoots = []) {
  try {
    if (!target) return 'unsure';
    const view = (target.startContainer ?? target).ownerDocument?.defaultView ?? window;
    if (x < 0 || y < 0 || x > view.innerWidth || y > view.innerHeight) return 'no';
    const box = boxAt(target, x, y);
    if (!box) return 'no';
    const node = box.node;
    const element = node instanceof Element ? node : node.parentElement ?? node.parentNode?.host;
    const drawn = drawnVisibly(element);
    if (drawn !== 'yes') return drawn;
    const parts = everyPartDrawn(target instanceof Element ? contentsOf(target) : target, element);
    if (parts !== 'yes') return parts;
    const doc = node.ownerDocument;
    const trees = new Set(shadowRoots.filter((r) => r.host.isConnected && r.host.ownerDocument === doc));
    for (let r = node.getRootNode(); r instanceof ShadowRoot; r = r.host.getRootNode()) trees.add(r);
    for (const r of shadowTreesIn(doc, shadowRootOf, trees)) trees.add(r);
    const range = target instanceof Element ? contentsOf(target) : target;
    // Where the look below hit-tests: the number's boxes and the click point.
    const tested = [...range.getClientRects(), new DOMRect(x, y, 0, 0)];
    const everything = asIfAllTookThePointer(doc, [...trees], x, y, tested, shadowRootOf, () => {
      if (!isOnTop(node, x, y, shadowRootOf)) return 'no';
      const roots = [doc, ...trees];
      // On a big page the look for patches hit-tests a grid over each digit, finer than the
      // points `everyCharacterShows` would look at: those are not looked at twice.
      const big = roots.reduce((n, root) => n + (root instanceof Document
        ? root.getElementsByTagName('*').length : root.querySelectorAll('*').length), 0) > MAX_ELEMENTS_MEASURED;
      const whole = everyCharacterShows(range, shadowRootOf, big);
      if (whole === 'no') return 'no';
      const patched = patchesOver(range, roots, shadowRootOf, big);
      if (patched === 'no') return 'no';
      const backdrop = backdropsOver(node, roots);
      if (backdrop !== 'yes') return backdrop;
      if (inertOver(range, node, roots, x, y)) return 'unsure';
      const highlighted = highlightsDrawn(node, element);
      if (highlighted !== 'yes') return highlighted;
      return inkBesideBoxAt(roots, x, y, big) || whole === 'unsure' || patched === 'unsure' ? 'unsure' : 'yes';
    });
    if (everything.seen === 'no') return 'no';
    return everything.resisting || everything.seen === 'unsure' ? 'unsure' : 'yes';
  } catch (error) {
    console.info('click-to-dial: cannot tell what was seen:', String(error));
    return 'unsure';
  }
}

/** The elements that can host a shadow root, besides custom elements (`attachShadow`'s list). */
const HOST_SELECTOR = [...SHADOW_HOSTS].join(',');

/**
 * Every shadow tree in `doc`, nested ones included, that is not among `known` (the trees the
 * reader met): the closed roots of plain elements (a `div`'s, which the reader leaves closed
 * for speed) are opened with `shadowRootOf`. A banner in one of them must take the pointer for
 * the click's check like any other (`asIfAllTookThePointer`), and no user style sheet reaches
 * into a shadow tree.
 */
function shadowTreesIn(doc, shadowRootOf, known) {
  const found = [];
  const open = (root) => {
    for (const element of hostsIn(root)) {
      const shadow = element.shadowRoot ?? shadowRootOf?.(element);
      if (!shadow || known.has(shadow)) continue;
      found.push(shadow);
      open(shadow);
    }
  };
  open(doc);
  for (const root of known) open(root);
  return found;
}

/**
 * The elements of `root` that can host a shadow root: a document's by tag name (its
 * collections are three times faster than `querySelectorAll(HOST_SELECTOR)` on a page of
 * 80,000 elements, 6 ms against 20), a shadow root's (which has no such collections) by the
 * selector.
 */
function* hostsIn(root) {
  if (typeof root.getElementsByTagName !== 'function') {
    yield* root.querySelectorAll(HOST_SELECTOR);
    return;
  }
  for (const tag of SHADOW_HOSTS) yield* root.getElementsByTagName(tag);
}

/** The part of the text node `text` that `range` covers, as [from, to] offsets. */
function offsetsIn(range, text) {
  const from = text === range.startContainer ? range.startOffset : 0;
  const to = text === range.endContainer ? range.endOffset : text.data.length;
  return [from, to];
}

/** The text nodes `range` touches (the one it lies in, or each one with text under its root). */
function textsIn(range) {
  const root = range.commonAncestorContainer;
  if (root.nodeType === Node.TEXT_NODE) return [root];
  const texts = [];
  const walker = (root.ownerDocument ?? root).createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (range.intersectsNode(text) && text.data.trim()) texts.push(text);
  }
  return texts;
}

/** The text node (or, for an element target without text, the element) whose box holds (x, y). */
function boxAt(target, x, y) {
  const inside = (rect) => x >= rect.left - SLOP_PX && x <= rect.right + SLOP_PX
    && y >= rect.top - SLOP_PX && y <= rect.bottom + SLOP_PX && rect.width > 0 && rect.height > 0;
  const range = target instanceof Element ? contentsOf(target) : target;
  const texts = textsIn(range);
  for (const text of texts) {
    const part = new Range();
    part.selectNodeContents(text);
    if (text === range.startContainer) part.setStart(text, range.startOffset);
    if (text === range.endContainer) part.setEnd(text, range.endOffset);
    if ([...part.getClientRects()].some(inside)) return { node: text };
  }
  if (target instanceof Element && !texts.length && [...target.getClientRects()].some(inside)) return { node: target };
  return null;
}

/** Whether `element`'s text is drawn so that a person sees it: 'yes', 'no' or 'unsure'. */
function drawnVisibly(element) {
  const style = getComputedStyle(element);
  if (style.visibility !== 'visible') return 'no';
  if (parseFloat(style.fontSize) < MIN_FONT_PX) return 'no';
  const ink = element instanceof SVGElement ? svgInk(style) : textInk(style);
  if (!ink) return 'unsure';
  if (ink[3] < MIN_OPACITY) return clippedToText(element) ? 'unsure' : 'no';
  let opacity = 1;
  let unsure = false;
  let background = null;
  for (let e = element; e; e = e.parentElement ?? e.getRootNode?.().host ?? null) {
    const s = e === element ? style : getComputedStyle(e);
    opacity *= parseFloat(s.opacity);
    if (s.clipPath !== 'none' || (s.maskImage ?? s.webkitMaskImage ?? 'none') !== 'none'
      || s.filter !== 'none' || s.mixBlendMode !== 'normal') unsure = true;
    if (!background) {
      const paint = rgba(s.backgroundColor);
      if (paint && paint[3] >= 1 && s.backgroundImage === 'none') background = paint;
    }
  }
  if (opacity < MIN_OPACITY) return 'no';
  if (background && sameColour(ink, background)) return 'no';
  // A block's ::first-line has a style of its own, which the element's computed style does not
  // show: one that hides text over the number's makes the click unsure (it may be on that line).
  for (let e = element; e; e = e.parentElement) {
    const line = getComputedStyle(e, '::first-line');
    const lineInk = textInk(line);
    if (!lineInk || lineInk[3] < MIN_OPACITY || (background && sameColour(lineInk, background))) return 'unsure';
  }
  return unsure ? 'unsure' : 'yes';
}

/**
 * The colour glyphs are filled with under the computed `style` (of an element or a
 * pseudo-element): `-webkit-text-fill-color`, else `color`; null when neither can be read.
 */
function textInk(style) {
  return rgba(style.webkitTextFillColor ?? style.getPropertyValue('-webkit-text-fill-color')) ?? rgba(style.color);
}

/**
 * The colour SVG text is drawn with under the computed `style`: its `fill` (times
 * `fill-opacity`), else its `stroke` (times `stroke-opacity`); SVG text ignores `color`.
 * Transparent when neither paints, null when the paint cannot be read (a gradient, a pattern).
 */
function svgInk(style) {
  for (const [paint, opacity] of [[style.fill, style.fillOpacity], [style.stroke, style.strokeOpacity]]) {
    if (!paint || paint === 'none') continue;
    const colour = rgba(paint);
    if (!colour) return null;
    const alpha = Number.parseFloat(opacity);
    return [colour[0], colour[1], colour[2], colour[3] * (Number.isFinite(alpha) ? alpha : 1)];
  }
  return [0, 0, 0, 0];
}

/**
 * Whether `element`'s text is drawn with a background (`background-clip: text` on it or an
 * ancestor with a background image or colour: "gradient text", whose own colour is
 * transparent). What that background looks like under the text cannot be told.
 */
function clippedToText(element) {
  for (let e = element; e; e = e.parentElement ?? e.getRootNode?.().host ?? null) {
    const s = getComputedStyle(e);
    const clip = s.backgroundClip || s.webkitBackgroundClip || s.getPropertyValue('-webkit-background-clip');
    if (/\btext\b/.test(clip ?? '') && (s.backgroundImage !== 'none' || (rgba(s.backgroundColor)?.[3] ?? 1) > 0)) return true;
  }
  return false;
}

/**
 * A computed colour as sRGB [r, g, b, a] (0-255, alpha 0-1), or null for none. Browsers give
 * `rgb()`/`rgba()` for most, but keep other spaces as written (`oklch(...)`, Tailwind 4's
 * palette; `lab()`, `color(display-p3 ...)`): those are drawn on a 1-pixel canvas and read back.
 */
function rgba(text) {
  const colour = (text ?? '').trim();
  if (!colour) return null;
  const parts = /^rgba?\(([^)]*)\)$/.exec(colour)?.[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  if (parts && parts.length >= 3 && !parts.some(Number.isNaN)) return [parts[0], parts[1], parts[2], parts[3] ?? 1];
  if (colour === 'transparent') return [0, 0, 0, 0];
  try {
    colourPixel ??= new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
    colourPixel.clearRect(0, 0, 1, 1);
    colourPixel.fillStyle = colour;
    colourPixel.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = colourPixel.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  } catch {
    return null;
  }
}

/** The 1-pixel canvas `rgba` draws colours on, made when first needed. */
let colourPixel = null;

/**
 * Whether every character of `text` (a number as written) draws something in the font of
 * `element`: a page's web font may give digits glyphs with no outline ("invisible ink"). Drawn on a canvas of the
 * page's document, which uses the page's fonts; a font the canvas cannot use falls back to one
 * that draws, so only a font that really draws nothing says no.
 */
function glyphsDrawn(text, element) {
  // The digits and the plus (what dials); punctuation, spaces and invisible separators
  // (a soft hyphen, a zero-width space) need not draw.
  const characters = [...text].filter((c) => DIALED.test(c)).join('');
  if (!characters) return true;
  try {
    const style = getComputedStyle(element);
    const size = Math.min(200, Math.max(1, parseFloat(style.fontSize) || 16));
    const canvas = (element.ownerDocument ?? document).createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const font = `${style.fontStyle} ${style.fontWeight} ${size}px ${style.fontFamily}`;
    context.font = font;
    canvas.width = Math.min(4000, Math.ceil(context.measureText(characters).width) + 4);
    canvas.height = Math.ceil(size * 2);
    context.font = font; // resizing the canvas reset it
    context.textBaseline = 'middle';
    context.fillStyle = '#000';
    // Each character alone: a font may blank only some digits (the person reads another number).
    for (const character of new Set(characters)) {
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.fillText(character, 2, canvas.height / 2);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = false;
      for (let i = 3; i < pixels.length && !inked; i += 4) inked = pixels[i] > 0;
      if (!inked) return false;
    }
    return true;
  } catch {
    return true; // cannot tell: the other checks stand
  }
}

/**
 * Whether every part of the number in `range` (each text node with a digit or the plus) is
 * drawn visibly in its own element's style (`drawnVisibly`, known for `clicked` already) and
 * font (`glyphsDrawn`): 'yes', 'no' or 'unsure'. A part in a style of its own may hide digits
 * the person never reads, with a pseudo-element showing others in their place.
 */
function everyPartDrawn(range, clicked) {
  const seen = new Map([[clicked, 'yes']]);
  let unsure = false;
  for (const text of textsIn(range)) {
    const [from, to] = offsetsIn(range, text);
    const written = text.data.slice(from, to);
    if (!DIALED.test(written)) continue;
    const element = text.parentElement ?? text.parentNode?.host;
    if (!element) return 'unsure';
    if (!seen.has(element)) seen.set(element, drawnVisibly(element));
    const drawn = seen.get(element);
    if (drawn === 'no') return 'no';
    if (drawn === 'unsure') unsure = true;
    if (!glyphsDrawn(written, element)) return 'no';
  }
  return unsure ? 'unsure' : 'yes';
}

/** A character that dials: a digit or the plus. */
const DIALED = /\p{Nd}|\+/u;

/** Whether two colours are too close to read one on the other. */
function sameColour(a, b) {
  return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) < 24;
}

/**
 * Whether the highlights of the page's highlight registry leave the text of `node` (a text
 * node of `element`) visible: 'yes', 'no' (a highlight over it draws it transparent, or in its
 * own background's colour; the layer's own highlight among them, which a page's style may
 * restyle) or 'unsure' (a colour that cannot be read, or a highlight that hides text whose
 * ranges cannot be read).
 */
function highlightsDrawn(node, element) {
  const registry = globalThis.CSS?.highlights;
  if (!registry) return 'yes';
  const names = highlightNames(registry);
  if (!names) return 'unsure';
  let unsure = false;
  for (const name of names) {
    const style = getComputedStyle(element, `::highlight(${CSS.escape(name)})`);
    const ink = textInk(style);
    const background = rgba(style.backgroundColor);
    const hides = !ink || ink[3] < MIN_OPACITY || (background && background[3] >= 1 && sameColour(ink, background));
    if (!hides) continue;
    // The layer's own highlight holds every marked number; another's ranges are read where
    // the browser lets the content script iterate them (Chromium).
    const over = name === MARK_NAME || highlightTouches(registry, name, node);
    if (over === false) continue;
    if (over === true && ink) return 'no';
    unsure = true;
  }
  return unsure ? 'unsure' : 'yes';
}

/**
 * The names in the page's highlight `registry`, or null when they cannot be known for sure.
 * Firefox's content script sees the registry through an Xray, which cannot iterate it; its
 * names are read from the page's side (`wrappedJSObject`, which the page could tamper with)
 * and kept only when the native `size` and `has` vouch for every one of them.
 */
function highlightNames(registry) {
  try {
    return [...registry.keys()];
  } catch {
    try {
      const names = [...new Set(Array.from(registry.wrappedJSObject.keys(), String))];
      return names.length === registry.size && names.every((name) => registry.has(name)) ? names : null;
    } catch {
      return null;
    }
  }
}

/**
 * Whether the highlight `name` of `registry` holds part of the text node `node`; null when
 * that cannot be known. In Firefox its ranges are read from the page's side, which the page
 * could tamper with: only a yes is taken from there (a page that lies hides nothing by it).
 */
function highlightTouches(registry, name, node) {
  try {
    for (const range of registry.get(name)) if (rangeTouches(range, node)) return true;
    return false;
  } catch {
    try {
      // Its nodes are seen through an Xray again (`XPCNativeWrapper`) to compare with ours.
      let budget = MAX_ELEMENTS_CHECKED; // the page's iterator may never end
      for (const range of registry.wrappedJSObject.get(name)) {
        if ((budget -= 1) < 0) break;
        const seen = {
          startContainer: XPCNativeWrapper(range.startContainer),
          startOffset: Number(range.startOffset),
          endContainer: XPCNativeWrapper(range.endContainer),
          endOffset: Number(range.endOffset),
          collapsed: Boolean(range.collapsed),
        };
        if (rangeTouches(seen, node)) return true;
      }
    } catch {
      // unknown
    }
    return null;
  }
}

/** Whether `range` (a Range or a StaticRange) holds part of the text node `node`. */
function rangeTouches(range, node) {
  if (range.startContainer === node || range.endContainer === node) return !range.collapsed;
  if (range.startContainer === range.endContainer) return false; // within another node
  try {
    const live = new Range();
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
    return live.intersectsNode(node);
  } catch {
    return false; // a static range no longer in the page
  }
}

/**
 * Whether an element in `roots` (the document and its shadow trees) draws at (x, y) outside
 * its own box, where no hit test looks: an outline, a box shadow, a text shadow, a border
 * image's outset, a filter's shadow or blur. Where that ink lies in the painting order cannot
 * be told, so the caller is unsure. Faint shadows (a card's) do not count. `big`: the page
 * has more than `MAX_ELEMENTS_MEASURED` elements.
 */
function inkBesideBoxAt(roots, x, y, big) {
  for (const root of roots) {
    // On a big page, in the document, those elements alone that the page may give such ink
    // (and the browser: a focused element's ring), when few rules do (finding what a rule
    // selects costs a look at every element).
    const elements = (big && root instanceof Document
      && elementsSetting(root, INK_PROPERTIES, { inherits: ['text-shadow'], more: inkOfTheBrowser(root), maxRules: MAX_RULES_INKING }))
      || root.querySelectorAll('*');
    for (const element of elements) {
      const style = getComputedStyle(element);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      if (!outline && style.boxShadow === 'none' && style.textShadow === 'none' && style.filter === 'none'
        && style.borderImageSource === 'none') continue;
      if (inkReaches(element, style, outline, x, y)) return true;
    }
  }
  return false;
}

/** The least alpha of a shadow that counts as hiding what is under it. */
const MIN_SHADOW_ALPHA = 0.5;

/** [`inkBesideBoxAt`] for one element with ink beyond its box (`outline`: it has an outline). */
function inkReaches(element, style, outline, x, y) {
  const box = element.getBoundingClientRect();
  if (inRect(box, x, y)) return false; // inside its box, hit testing saw it
  const grown = (by, dx = 0, dy = 0) => new DOMRect(box.x + dx - by, box.y + dy - by, box.width + 2 * by, box.height + 2 * by);
  if (outline && (rgba(style.outlineColor)?.[3] ?? 1) > 0) {
    const offset = parseFloat(style.outlineOffset) || 0;
    if (inRect(grown(offset + parseFloat(style.outlineWidth)), x, y)) return !clippedAway(element, style, x, y);
  }
  for (const shadow of shadows(style.boxShadow)) {
    if (!shadow.inset && shadow.alpha >= MIN_SHADOW_ALPHA
      && inRect(grown(shadow.spread + shadow.blur, shadow.dx, shadow.dy), x, y)) return !clippedAway(element, style, x, y);
  }
  for (const shadow of shadows(style.textShadow)) {
    if (shadow.alpha >= MIN_SHADOW_ALPHA && inRect(grown(shadow.blur, shadow.dx, shadow.dy), x, y)) return !clippedAway(element, style, x, y);
  }
  if (style.filter !== 'none' && /drop-shadow|blur|url\(/.test(style.filter)) {
    const reach = [...style.filter.matchAll(/-?[\d.]+px/g)].reduce((sum, [px]) => sum + Math.abs(parseFloat(px)), 0);
    if (/url\(/.test(style.filter) || inRect(grown(reach), x, y)) return !clippedAway(element, style, x, y);
  }
  if (style.borderImageSource !== 'none') {
    const widest = Math.max(1, ...['Top', 'Right', 'Bottom', 'Left'].map((side) => parseFloat(style[`border${side}Width`]) || 0));
    const reach = Math.max(0, ...style.borderImageOutset.split(/\s+/)
      .map((part) => (part.endsWith('px') ? parseFloat(part) : (parseFloat(part) || 0) * widest)));
    if (inRect(grown(reach), x, y)) return !clippedAway(element, style, x, y);
  }
  return false;
}

/**
 * Whether an ancestor that clips `element`'s painting (overflow other than visible, or
 * `contain: paint`, on its chain of containing blocks) leaves (x, y) outside: then nothing of
 * `element` is drawn there.
 */
function clippedAway(element, style, x, y) {
  let position = style.position;
  for (let a = element.parentElement ?? element.parentNode?.host; a; a = a.parentElement ?? a.parentNode?.host) {
    const s = getComputedStyle(a);
    const contained = /paint|layout|strict|content/.test(s.contain);
    const holdsFixed = s.transform !== 'none' || s.filter !== 'none' || s.perspective !== 'none' || contained;
    const holds = position === 'fixed' ? holdsFixed : position === 'absolute' ? holdsFixed || s.position !== 'static' : true;
    if (!holds) continue;
    const clips = s.overflowX !== 'visible' || s.overflowY !== 'visible' || /paint|strict|content/.test(s.contain);
    if (clips && !inRect(a.getBoundingClientRect(), x, y)) return true;
    position = s.position;
  }
  return false;
}

/**
 * The shadows of a computed `box-shadow` or `text-shadow` (`rgb(...) 1px 2px 3px 4px inset, ...`)
 * as `{dx, dy, blur, spread, inset, alpha}`; a colour that cannot be read counts as opaque.
 */
function shadows(value) {
  if (!value || value === 'none') return [];
  const list = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= value.length; i += 1) {
    const c = value[i];
    if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if ((c === ',' && depth === 0) || i === value.length) {
      const part = value.slice(start, i).trim();
      start = i + 1;
      const colour = /[a-z-]+\([^)]*\)|#[\da-f]+|\b(?!inset\b)[a-z]+\b/i.exec(part)?.[0] ?? '';
      const [dx = 0, dy = 0, blur = 0, spread = 0] = [...part.replace(colour, ' ').matchAll(/-?[\d.]+px/g)].map(([px]) => parseFloat(px));
      list.push({ dx, dy, blur, spread, inset: /\binset\b/.test(part), alpha: (colour ? rgba(colour)?.[3] : 1) ?? 1 });
    }
  }
  return list;
}

/**
 * Whether `node` is what shows at (x, y): walking the elements there from the topmost (into
 * the shadow trees `shadowRootOf` opens), one that is, or contains, `node` comes before any
 * that paints there (`paintsAt`).
 */
function isOnTop(node, x, y, shadowRootOf) {
  return shownAt(node, x, y, shadowRootOf) === 'shown';
}

/**
 * What shows at (x, y) of `node`: 'shown' (`isOnTop`), 'covered' (an element that paints there
 * comes first) or 'absent' (no element there holds it: clipped away, or nothing is hit).
 */
function shownAt(node, x, y, shadowRootOf) {
  // The topmost element alone first: on a big page a hit test for it costs a fraction of one
  // that lists every element at the point, and it is the answer when it holds the node and
  // has no shadow tree to look into (the first element `stackAt` would give).
  const doc = node.ownerDocument;
  const top = doc.elementFromPoint(x, y);
  if (top && top.getRootNode() === doc && !(top.shadowRoot ?? shadowRootOf?.(top)) && holds(top, node)) return 'shown';
  for (const element of stackAt(doc, x, y, shadowRootOf, 0)) {
    if (holds(element, node)) return 'shown';
    if (paintsAt(element, x, y)) return 'covered';
  }
  return 'absent';
}

/**
 * Whether every character of `range` (a number as written) shows, looked at in the middle of
 * each one's box, and a digit also a quarter in from each side (a patch over some of its
 * digits, or part of one, may show other digits: the person would dial what they did not
 * read): 'yes', 'no' (one is covered by something that paints, or a digit is drawn too small
 * to read) or 'unsure' (one is out of the viewport or clipped away, as in a cell cut short
 * with an ellipsis: the person did not see it all; or digits are drawn out of their written
 * order). With `digitsOnGrid` the digits are not hit-tested here (the caller looks at them on
 * `patchesBetweenPoints`' grid), only their size and order.
 */
function everyCharacterShows(range, shadowRootOf, digitsOnGrid = false) {
  const root = range.commonAncestorContainer;
  const view = (root.ownerDocument ?? root).defaultView ?? window;
  let unsure = false;
  let previous = null; // the box of the digit before, to see the order they are drawn in
  for (const text of textsIn(range)) {
    const [from, to] = offsetsIn(range, text);
    for (let i = from; i < to && i - from < MAX_CHARACTERS_CHECKED; i += 1) {
      if (/\s/.test(text.data[i])) continue;
      const character = new Range();
      character.setStart(text, i);
      character.setEnd(text, i + 1);
      const box = character.getBoundingClientRect();
      const dialed = DIALED.test(text.data[i]);
      // A digit drawn too small to read (a transform, zoom, a font size of 0, turned away from
      // the person in 3D) is not seen: the number dialed would not be the one read.
      if (dialed && (Math.max(box.width, box.height) < MIN_FONT_PX
        || Math.min(box.width, box.height) < MIN_GLYPH_PX)) return 'no';
      if (box.width === 0 || box.height === 0) continue;
      // Digits drawn right to left of the one written before them, on the same line (a bidi
      // override; groups of a number in a right-to-left paragraph): the person may read
      // another number.
      if (dialed && previous && sameLine(previous, box) && box.left < previous.left - 1) unsure = true;
      if (dialed) previous = box;
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      if (x < 0 || y < 0 || x > view.innerWidth || y > view.innerHeight) {
        unsure = true;
        continue;
      }
      // A digit at its middle and a quarter in from each side (a patch over part of an 8
      // shows a 3), unless the caller looks at it on a finer grid; other characters at the
      // middle.
      if (dialed && digitsOnGrid) continue;
      const points = dialed ? pointsOf(box) : [[x, y]];
      for (const [px, py] of points) {
        const shown = shownAt(text, px, py, shadowRootOf);
        if (shown === 'covered') return 'no';
        if (shown === 'absent') unsure = true;
      }
    }
  }
  return unsure ? 'unsure' : 'yes';
}

/**
 * Whether an element laid over part of a digit covers it where `everyCharacterShows` does not
 * look (a patch over only the left strokes of an 8 shows a 3): every element of `roots` whose
 * box overlaps a digit's box by 1 px or more each way, and holds none of the number's text, is
 * looked at in the middle of each such overlap; on a `big` page (more than
 * `MAX_ELEMENTS_MEASURED` elements) each digit on a grid instead. 'no' when something paints
 * over the digit there, 'unsure' when the digit is not there (clipped away, out of the window),
 * else 'yes'.
 */
function patchesOver(range, roots, shadowRootOf, big) {
  const texts = textsIn(range);
  const digits = [];
  for (const text of texts) {
    const [from, to] = offsetsIn(range, text);
    for (let i = from; i < to && digits.length < MAX_CHARACTERS_CHECKED; i += 1) {
      if (!DIALED.test(text.data[i])) continue;
      const character = new Range();
      character.setStart(text, i);
      character.setEnd(text, i + 1);
      const box = character.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) digits.push({ text, box });
    }
  }
  if (!digits.length) return 'yes';
  if (big) return patchesBetweenPoints(digits, shadowRootOf);
  const left = Math.min(...digits.map((d) => d.box.left));
  const right = Math.max(...digits.map((d) => d.box.right));
  const top = Math.min(...digits.map((d) => d.box.top));
  const bottom = Math.max(...digits.map((d) => d.box.bottom));
  let unsure = false;
  for (const root of roots) {
    for (const element of root.querySelectorAll('*')) {
      const rect = element.getBoundingClientRect();
      if (rect.right <= left || rect.left >= right || rect.bottom <= top || rect.top >= bottom) continue;
      if (CARD_HOSTS.has(element) || texts.some((text) => holds(element, text))) continue;
      for (const { text, box } of digits) {
        const [from, to] = [Math.max(rect.left, box.left), Math.min(rect.right, box.right)];
        const [high, low] = [Math.max(rect.top, box.top), Math.min(rect.bottom, box.bottom)];
        if (to - from < 1 || low - high < 1) continue;
        const shown = shownAt(text, (from + to) / 2, (high + low) / 2, shadowRootOf);
        if (shown === 'covered') return 'no';
        if (shown === 'absent') unsure = true;
      }
    }
  }
  return unsure ? 'unsure' : 'yes';
}

/**
 * Above this many elements `patchesOver` does not measure each one (on a page of 160,000
 * elements that took 300 ms) but looks at a grid over each digit instead.
 */
const MAX_ELEMENTS_MEASURED = 20000;

/** How far apart (px) the columns of `patchesBetweenPoints`' grid are, at most. */
const GRID_STEP_PX = 1.5;

/**
 * [`patchesOver`] on a big page: each digit looked at on a grid of columns at most
 * `GRID_STEP_PX` apart, on three rows (a quarter, half and three quarters of its height).
 */
function patchesBetweenPoints(digits, shadowRootOf) {
  let unsure = false;
  for (const { text, box } of digits) {
    const columns = Math.max(1, Math.ceil(box.width / GRID_STEP_PX));
    for (let c = 0; c < columns; c += 1) {
      const x = box.left + ((c + 0.5) * box.width) / columns;
      for (const y of [box.top + box.height / 4, box.top + box.height / 2, box.top + (3 * box.height) / 4]) {
        const shown = shownAt(text, x, y, shadowRootOf);
        if (shown === 'covered') return 'no';
        if (shown === 'absent') unsure = true;
      }
    }
  }
  return unsure ? 'unsure' : 'yes';
}

/** Whether two boxes are on one line: they overlap over half the shorter one's height. */
function sameLine(a, b) {
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return overlap > Math.min(a.height, b.height) / 2;
}

/** The middle of `box` and the points a quarter of its width or height in from each side. */
function pointsOf(box) {
  const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
  const [dx, dy] = [box.width / 4, box.height / 4];
  return [[x, y], [x - dx, y], [x + dx, y], [x, y - dy], [x, y + dy]];
}

/** How many characters of a number `everyCharacterShows` looks at, at most. */
const MAX_CHARACTERS_CHECKED = 64;

/**
 * The elements at (x, y) in `root` (a document or shadow root), topmost first; a shadow host's
 * own tree comes before the host itself (its content is drawn over the host's background).
 */
function* stackAt(root, x, y, shadowRootOf, depth) {
  for (const element of root.elementsFromPoint(x, y)) {
    if (element.getRootNode() !== root) continue; // an outer tree's: its own walk has it
    const shadow = depth < 32 ? element.shadowRoot ?? shadowRootOf?.(element) : null;
    if (shadow && shadow !== root) yield* stackAt(shadow, x, y, shadowRootOf, depth + 1);
    yield element;
  }
}

/** The elements of the top layer (popovers, modal dialogs, fullscreen elements) in `root`. */
const TOP_LAYER = ':popover-open, :modal, :fullscreen';

/** Whether `element` is in the top layer, where it has a ::backdrop. */
function inTopLayer(element) {
  try {
    return element.matches(TOP_LAYER);
  } catch {
    return false; // a browser without one of these selectors
  }
}

/**
 * Whether the ::backdrop of an element in the top layer hides `node`: a backdrop spans the
 * viewport over the whole document (hit testing may not see it: Chromium's does not):
 * 'yes' (none that draws), 'no' (`node` is in the document under a backdrop that draws) or
 * 'unsure' (`node` is itself in the top layer, whose order cannot be read).
 */
function backdropsOver(node, roots) {
  const layer = roots.flatMap((root) => [...root.querySelectorAll(TOP_LAYER)]);
  const inLayer = layer.some((element) => holds(element, node));
  for (const element of layer) {
    if (holds(element, node)) continue; // its own backdrop is under it
    const backdrop = getComputedStyle(element, '::backdrop');
    if (backdrop.visibility !== 'visible' || parseFloat(backdrop.opacity) === 0 || !boxPaints(backdrop)) continue;
    return inLayer ? 'unsure' : 'no';
  }
  return 'yes';
}

/**
 * Whether an inert element draws over the number (`range`, whose text `node` is clicked) or the
 * click point (x, y): hit testing passes over an element with the `inert` attribute and
 * everything in it (its shadow trees too) whatever its pointer-events, and no style sheet can
 * make it take the pointer. Where it lies in the painting order cannot be told, so the caller
 * is unsure. An inert element that holds the number does not count (no click reaches it).
 */
function inertOver(range, node, roots, x, y) {
  const inert = [];
  for (const root of roots) {
    if (root instanceof ShadowRoot && inertHost(root.host)) inert.push(...root.querySelectorAll('*'));
    else for (const element of root.querySelectorAll('[inert]')) inert.push(element, ...element.querySelectorAll('*'));
  }
  if (!inert.length) return false;
  const number = [...range.getClientRects()];
  for (const element of inert) {
    if (holds(element, node)) continue;
    for (const rect of element.getClientRects()) {
      const points = inRect(rect, x, y) ? [[x, y]] : [];
      for (const box of number) {
        const [left, right] = [Math.max(rect.left, box.left), Math.min(rect.right, box.right)];
        const [top, bottom] = [Math.max(rect.top, box.top), Math.min(rect.bottom, box.bottom)];
        if (right > left && bottom > top) points.push([(left + right) / 2, (top + bottom) / 2]);
      }
      if (points.some(([px, py]) => paintsAt(element, px, py))) return true;
    }
  }
  return false;
}

/** Whether `element` or an element it is in (across shadow hosts) has the `inert` attribute. */
function inertHost(element) {
  for (let e = element; e; e = e.parentElement ?? e.getRootNode().host) {
    if (e.hasAttribute('inert')) return true;
  }
  return false;
}

/** The pseudo-elements that can draw a box of their own. */
const PSEUDO_ELEMENTS = ['::before', '::after'];

/** Elements that show content of their own wherever they are (images, media, form controls). */
const PAINTED = new Set([
  'audio', 'button', 'canvas', 'embed', 'frame', 'iframe', 'img', 'input', 'math', 'meter',
  'object', 'picture', 'progress', 'select', 'svg', 'textarea', 'video',
]);

/**
 * Whether `element` draws anything of its own at (x, y), by its computed style: a background,
 * a border there, an inset shadow, a filter, a replaced element, a text of its own there, a
 * `::before`/`::after` that draws. When unsure, it does.
 */
function paintsAt(element, x, y) {
  if (PAINTED.has(element.localName)) return true;
  const style = getComputedStyle(element);
  if (style.visibility !== 'visible' || parseFloat(style.opacity) === 0) return false;
  // Its background only within its own boxes: hit outside them, it was hit through a
  // pseudo-element (a link's ::after stretched over a card), looked at below.
  const inOwnBox = [...element.getClientRects()].some((rect) => inRect(rect, x, y));
  if ((boxPaints(style) && inOwnBox) || borderAt(element, style, x, y)) return true;
  for (const pseudo of PSEUDO_ELEMENTS) {
    const drawn = getComputedStyle(element, pseudo);
    if (drawn.content === 'none' || drawn.content === 'normal') continue;
    if (boxPaints(drawn) || /^["'].+["']$/s.test(drawn.content) || /url\(|counter|attr\(/.test(drawn.content)) return true;
    if (['Top', 'Right', 'Bottom', 'Left'].some((side) => edgeDrawn(drawn, side))) return true;
  }
  for (const child of element.childNodes) {
    if (child.nodeType !== Node.TEXT_NODE || !child.data.trim()) continue;
    const range = new Range();
    range.selectNodeContents(child);
    if (contains(range, x, y)) return true;
  }
  return false;
}

/**
 * Whether a box with computed `style` draws over its whole area (a background, an inset shadow,
 * filters; a colour that cannot be read counts as drawn).
 */
function boxPaints(style) {
  const background = rgba(style.backgroundColor);
  return (background === null || background[3] > 0) || style.backgroundImage !== 'none'
    || /inset/.test(style.boxShadow) || (style.backdropFilter ?? 'none') !== 'none' || style.filter !== 'none';
}

/** Whether `style`'s border on `side` ('Top', ...) is drawn (a width, a style, a colour). */
function edgeDrawn(style, side) {
  const colour = rgba(style[`border${side}Color`]);
  return parseFloat(style[`border${side}Width`]) > 0 && !['none', 'hidden'].includes(style[`border${side}Style`])
    && (colour === null || colour[3] > 0);
}

/** Whether (x, y) is on a drawn border of `element`. */
function borderAt(element, style, x, y) {
  const box = element.getBoundingClientRect();
  if (!inRect(box, x, y)) return false;
  const width = (side) => (edgeDrawn(style, side) ? parseFloat(style[`border${side}Width`]) : 0);
  return y < box.top + width('Top') || x > box.right - width('Right')
    || y > box.bottom - width('Bottom') || x < box.left + width('Left');
}

/** Whether the box of `element` (an element, or none) holds (x, y). */
function covers(element, x, y) {
  if (!(element instanceof Element)) return true; // unknown: it may
  return inRect(element.getBoundingClientRect(), x, y);
}

/** Whether `rect` (a DOMRect) holds (x, y), its edges included. */
function inRect(rect, x, y) {
  return x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom;
}

/** How many elements `asIfAllTookThePointer` looks at, at most, before it calls a click unsure. */
const MAX_ELEMENTS_CHECKED = 20000;

/**
 * How many elements of the document `asIfAllTookThePointer` marks one by one, at most (above
 * that, the root's mark makes every element take the pointer).
 */
const MAX_ELEMENTS_MARKED = 2000;

/**
 * How many rules of the page may set pointer-events before `asIfAllTookThePointer` marks the
 * root instead of the elements they select (on a page of 6,000 elements and 8,000 rules, 75 of
 * them setting it, finding those elements took 10 to 19 ms, a restyle of every element 17 to
 * 28 ms, in headless Chromium).
 */
const MAX_RULES_PASSING = 200;

/**
 * How many rules of the page may draw ink beside a box before `inkBesideBoxAt` reads the style
 * of every element instead (measured as above: 320 such rules took 370 ms to find their
 * elements, reading every element's style 8 ms; on a page of 160,000 elements the same read
 * took 196 ms).
 */
const MAX_RULES_INKING = 12;

/** The properties that keep an element out of hit testing (`interactivity`: Chromium's). */
const PASS_PROPERTIES = ['pointer-events', 'interactivity'];

/**
 * The properties that draw ink outside an element's box (`inkBesideBoxAt`), with the
 * shorthands that set them: a shorthand with a `var()` leaves its longhands unread in the
 * CSSOM, and a style attribute says the shorthand's name.
 */
const INK_PROPERTIES = ['outline', 'outline-style', 'box-shadow', 'text-shadow', 'filter', 'border-image', 'border-image-source'];

/**
 * The elements of `doc` the browser's own style sheets give such ink: the focused one's ring
 * (the host, when focus is in a shadow tree, whose elements are all looked at). (Firefox once
 * drew a glow of 1 px around invalid form fields: too faint to count.)
 */
function inkOfTheBrowser(doc) {
  return doc.activeElement ? [doc.activeElement] : [];
}

/**
 * The style sheets of `<link>` elements whose load failed or was blocked (a CSP that allows no
 * style sheet from another origin, an ad blocker, a host that does not answer), as
 * `watchStyleLoads` saw them fail: Chromium still lists such a sheet, empty, and one of another
 * origin throws on reading like one that loaded. It styles nothing, and no script can add to
 * it (another origin's); a new load makes a new sheet.
 */
const FAILED_SHEETS = new WeakSet();

/**
 * Watches the loads of `win`'s `<link>` elements from now on (the content script starts it
 * before the page is parsed): the sheet a failed one keeps (a trusted `error` event) goes into
 * `FAILED_SHEETS`. Events a page makes up itself (`isTrusted` false) are not taken: a sheet
 * that styles the page must not be passed over. A link that failed before this started is not
 * known: its sheet sends the check down the slow path, as any sheet of another origin.
 */
export function watchStyleLoads(win) {
  win.addEventListener('error', (event) => {
    const link = event.target;
    if (!event.isTrusted || link?.localName !== 'link' || !link.sheet) return;
    FAILED_SHEETS.add(link.sheet);
  }, true);
}

/**
 * The elements of `doc` (not of its shadow trees) that may get one of `properties` (CSS names)
 * otherwise than by inheritance, found from what the page wrote, a superset: those the page's
 * style sheets select in rules that set one (every selector of such a rule, its
 * pseudo-elements dropped), with one in their style attribute (or an escape there, which could
 * spell one), with an SVG presentation attribute of that name, the targets (or, in a shadow
 * tree, their hosts) of running animations of one, and `more` (elements). For `inherits`
 * (some of `properties`), also every element inside those that set one that way.
 * `null` when that cannot be told: a style sheet the page may not read (another origin's; in
 * Firefox one still loading), a nested or scoped rule that sets one (a nested selector does
 * not say alone what it selects); or when more than `maxRules` rules set one (each selector
 * costs a look at every element of the page: then looking at every element is cheaper). The
 * browser's own style sheets set none of them but on `more`.
 */
function elementsSetting(doc, properties, { inherits = [], more = [], maxRules = Infinity } = {}) {
  const own = [];
  const inherited = [];
  const sets = (style, names = properties) => names.some((name) => style.getPropertyValue(name) !== '');
  const walk = (rules, depth) => {
    if (depth > 16) return false;
    for (const rule of rules) {
      if (rule instanceof CSSStyleRule) {
        if (sets(rule.style)) {
          const plain = withoutPseudoElements(rule.selectorText);
          own.push(plain);
          if (sets(rule.style, inherits)) inherited.push(plain);
          if (own.length > maxRules) return false;
        }
        if (rule.cssRules?.length && !nestedSetNothing(rule.cssRules, sets)) return false;
      } else if (rule instanceof CSSImportRule) {
        // One not loaded (or not found, or blocked) styles nothing now (and cannot before
        // this check ends: it runs in one go).
        if (rule.styleSheet && !walk(rule.styleSheet.cssRules, depth + 1)) return false;
      } else if (rule instanceof CSSKeyframesRule) {
        // What an animation does is looked at below, on the animations running.
      } else if (typeof CSSScopeRule !== 'undefined' && rule instanceof CSSScopeRule) {
        if (!nestedSetNothing(rule.cssRules, sets)) return false;
      } else if (rule.cssRules) {
        // @media, @supports, @layer, @container, @starting-style: what they hold applies to
        // the page, or may (a superset).
        if (!walk(rule.cssRules, depth + 1)) return false;
      } else if (rule.style && sets(rule.style)) {
        return false; // a rule of a kind not known here that sets one
      }
    }
    return true;
  };
  try {
    // The sheets that style the page now (a <link> still loading has none: it styles nothing
    // now, nor before this check ends; one whose load failed or was blocked keeps an empty one
    // in Chromium, passed over when `watchStyleLoads` saw it fail).
    for (const sheet of [...doc.styleSheets, ...doc.adoptedStyleSheets]) {
      let rules;
      try {
        rules = sheet.cssRules;
      } catch {
        if (FAILED_SHEETS.has(sheet)) continue; // another origin's that failed to load: empty
        return null; // another origin's: cannot be read
      }
      if (!walk(rules, 0)) return null;
    }
  } catch {
    return null;
  }
  const found = new Set();
  const inside = [];
  try {
    // Each selector the browser wrote must be taken back as it is (an invalid one throws here,
    // where `:is()` would drop it silently). One list per query: each selector of a list costs
    // a look at every element of the page.
    if (own.length) for (const element of doc.querySelectorAll(own.join(','))) found.add(element);
    if (inherited.length) inside.push(...doc.querySelectorAll(inherited.join(',')));
  } catch {
    return null;
  }
  // Style attributes that name one (or hold an escape, which could spell one).
  const named = new RegExp(`${properties.join('|')}|\\\\`, 'i');
  const inheritedNamed = inherits.length ? new RegExp(`${inherits.join('|')}|\\\\`, 'i') : null;
  for (const element of doc.querySelectorAll('[style]')) {
    if (CARD_HOSTS.has(element)) continue; // `all: initial`, written out (its Dial button takes the pointer)
    const text = element.getAttribute('style');
    if (!named.test(text)) continue;
    found.add(element);
    if (inheritedNamed?.test(text)) inside.push(element);
  }
  // SVG's presentation attributes.
  const presentation = properties.map((name) => `[${name}]`).join(',');
  for (const svg of doc.getElementsByTagName('svg')) {
    if (svg.matches(presentation)) found.add(svg);
    for (const element of svg.querySelectorAll(presentation)) found.add(element);
  }
  for (const element of more) found.add(element);
  for (const element of inside) for (const within of element.querySelectorAll('*')) found.add(within);
  const camel = properties.map((name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase()));
  for (const animation of doc.getAnimations()) {
    const keyframes = animation.effect?.getKeyframes?.() ?? [];
    if (!keyframes.some((frame) => camel.some((name) => name in frame))) continue;
    const target = animation.effect?.target;
    if (target) found.add(hostIn(doc, target) ?? target);
  }
  return found;
}

/**
 * Whether the nested rules `rules` (of a style rule, or of an @scope rule) set none of the
 * properties (`sets`): what a nested selector selects is not told by its own text.
 */
function nestedSetNothing(rules, sets) {
  for (const rule of rules) {
    if (rule.style && sets(rule.style)) return false;
    if (rule.cssRules && !nestedSetNothing(rule.cssRules, sets)) return false;
  }
  return true;
}

/**
 * A selector as the browser wrote it, its pseudo-elements dropped (`a::after` selects `a`,
 * `::backdrop` every element): the elements whose pseudo-elements the rule styles.
 */
function withoutPseudoElements(selector) {
  return selector
    .replace(/(^|[\s>+~,(])(?=::|:(?:before|after|first-line|first-letter)\b)/gi, '$1*')
    .replace(/:(?:before|after|first-line|first-letter)\b|::[\w-]+(?:\((?:[^()]|\([^()]*\))*\))?/gi, '');
}

/** The shadow host in `doc` whose tree holds `node` (across nested trees), if any. */
function hostIn(doc, node) {
  for (let root = node.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
    if (root.host.getRootNode() === doc) return root.host;
  }
  return null;
}

/** What the layer's own sheet says, for the elements `selector` names. */
function takingThePointer(selector) {
  const all = ['', ' *'].flatMap((inside) => ['', '::before', '::after', '::backdrop']
    .map((pseudo) => `${selector}${inside}${pseudo}`));
  return `${all.join(', ')} { pointer-events: auto !important; interactivity: auto !important; }`;
}

/**
 * `look()` run as if every element of `doc` and of the shadow trees `shadowRoots` took the
 * pointer, as `{ seen: look(), resisting }`, for the point (x, y) (in the same restyle:
 * `look` reads every style it needs then; `tested`: where it hit-tests, the number's boxes and
 * the click point). In the document those that may not take it are marked with
 * `SIGHT_ATTRIBUTE` (the elements the page's style sheets, style attributes and animations may
 * keep out of hit testing, `elementsSetting`, that may reach `tested`, `mayReach`; none,
 * often: then the document is not touched), or the root when they are many or cannot be told (the whole document is
 * restyled then: 430 ms on a page of 160,000 elements; for the marked ones alone, what is
 * inside them), and the attribute's sheet makes them take it when the background put it there (a user
 * style sheet: it beats every !important of the page); else, and in shadow trees (with their
 * hosts and slotted elements), an author sheet of the layer's own, which a page's !important
 * in a style attribute or a cascade layer can beat: `resisting` says whether an element there
 * (or its drawn ::before/::after) still lets the pointer through (or there were too many to
 * tell), or a transition of pointer-events runs on an element over the point.
 */
function asIfAllTookThePointer(doc, shadowRoots, x, y, tested, shadowRootOf, look) {
  const root = doc.documentElement;
  const before = new Set(pointerTransitions(doc));
  const found = elementsSetting(doc, PASS_PROPERTIES, { maxRules: MAX_RULES_PASSING });
  // Those that cannot reach where `look` hit-tests cannot hide anything there.
  if (found) {
    const near = tested.map((r) => new DOMRect(r.left - REACH_SLOP_PX, r.top - REACH_SLOP_PX,
      r.width + 2 * REACH_SLOP_PX, r.height + 2 * REACH_SLOP_PX));
    const budget = { left: MAX_ELEMENTS_MEASURED_FOR_REACH };
    for (const element of found) if (!mayReach(element, near, shadowRootOf, budget)) found.delete(element);
  }
  // None found: nothing in the document to mark (its DOM is not touched at all).
  const marked = !found ? [root] : found.size === 0 ? [] : found.size <= MAX_ELEMENTS_MARKED && !found.has(root) ? [...found] : [root];
  // The <head> answers whether the user sheet is in effect (below): marked too.
  if (doc.head && marked.length && marked[0] !== root) marked.push(doc.head);
  for (const element of marked) element.setAttribute(SIGHT_ATTRIBUTE, '');
  const everywhere = new CSSStyleSheet();
  const inDocument = new CSSStyleSheet();
  try {
    // Whether the user sheet is in effect, asked of an element with a style attribute that says
    // otherwise with !important for a moment: only a user sheet's !important beats that (the
    // page cannot fake the answer with a style of its own, in any cascade layer). The <head>
    // when there is one: pointer-events is inherited, and the root's change would restyle every
    // element of the page once more. (Nothing marked: no sheet is needed in the document.)
    let userSheet = true;
    if (marked.length) {
      const probe = doc.head ?? root;
      const style = probe.getAttribute('style');
      probe.style.setProperty('pointer-events', 'none', 'important');
      // A transition of pointer-events on the probe would keep the old value: no answer then.
      userSheet = getComputedStyle(probe).pointerEvents === 'auto'
        && !probe.getAnimations().some((a) => a.transitionProperty === 'pointer-events');
      if (style === null) probe.removeAttribute('style');
      else probe.setAttribute('style', style);
    }
    // In a shadow tree every element, and from there its host and the elements slotted into it
    // (an inner tree's !important beats the outer's on them).
    everywhere.replaceSync(':host, ::slotted(*), *, *::before, *::after, *::backdrop { pointer-events: auto !important; interactivity: auto !important; }');
    inDocument.replaceSync(takingThePointer(`[${SIGHT_ATTRIBUTE}]`));
    for (const r of shadowRoots) r.adoptedStyleSheets = [...r.adoptedStyleSheets, everywhere];
    if (!userSheet) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, inDocument];
    const seen = look();
    // A transition of pointer-events keeps the old value for a while (a transition beats every
    // !important): one running now on an element over the point, started by this look or not,
    // makes the click unsure. Those this look started are cancelled, so the page's elements are
    // as they were. (Turning transitions off instead costs a second restyle of every element:
    // 200 ms on a 50,000-cell table.)
    const moving = pointerTransitions(doc)
      .filter((a) => a.effect?.pseudoElement || covers(a.effect?.target, x, y));
    cancelStartedSince(doc, before);
    let budget = MAX_ELEMENTS_CHECKED;
    const looked = [
      ...(userSheet ? [] : [doc.querySelectorAll(`[${SIGHT_ATTRIBUTE}], [${SIGHT_ATTRIBUTE}] *`)]),
      ...shadowRoots.map((r) => [r.host, ...r.querySelectorAll('*'),
        ...[...r.querySelectorAll('slot')].flatMap((slot) => slot.assignedElements())]),
    ];
    const resisting = moving.length > 0 || looked.some((elements) => {
      for (const element of elements) {
        budget -= 1;
        if (budget < 0) return true;
        const style = getComputedStyle(element);
        // Chromium's `interactivity: inert` hides from hit testing as pointer-events does (the
        // `inert` attribute too, which no sheet overrides: `inertOver` looks at those).
        if (style.pointerEvents === 'none' || (style.interactivity === 'inert' && !inertHost(element))) return true;
        // A ::before/::after that draws is a banner too (a cascade layer can keep it out), and
        // so is the ::backdrop of an element in the top layer.
        if (PSEUDO_ELEMENTS.some((pseudo) => {
          const drawn = getComputedStyle(element, pseudo);
          return drawn.pointerEvents === 'none' && drawn.content !== 'none' && drawn.content !== 'normal';
        })) return true;
        if (inTopLayer(element) && getComputedStyle(element, '::backdrop').pointerEvents === 'none') return true;
      }
      return false;
    });
    return { seen, resisting };
  } finally {
    for (const element of marked) element.removeAttribute(SIGHT_ATTRIBUTE);
    for (const [r, sheet] of [[doc, inDocument], ...shadowRoots.map((r) => [r, everywhere])]) {
      if (r.adoptedStyleSheets.includes(sheet)) r.adoptedStyleSheets = r.adoptedStyleSheets.filter((s) => s !== sheet);
    }
    // Going back may start transitions of pointer-events too: cancelled as well, in a
    // microtask: after the caller has sent the dial, before the page's scripts run again or the
    // page is drawn (on a page of 160,000 elements this restyle is a third of the click's cost).
    queueMicrotask(() => {
      getComputedStyle(root).pointerEvents;
      cancelStartedSince(doc, before);
    });
  }
}

/** How many elements `mayReach` measures in one check, at most (then it says they may). */
const MAX_ELEMENTS_MEASURED_FOR_REACH = 2000;

/**
 * How far (px) around where it hit-tests the click's check looks for elements that may reach
 * there (rounding, subpixel layout).
 */
const REACH_SLOP_PX = 2;

/**
 * Whether `element` (one the page may keep out of hit testing), or anything drawn from it,
 * may be where a hit test looks (`near`: rectangles, grown by `REACH_SLOP_PX`): a box of it
 * or of an element in it, or a text in it (its lines, overflowing or not), meets one; or what
 * cannot be measured is there: a ::before/::after that draws, a list marker, an SVG element
 * (its stroke lies outside the box measured), a ::backdrop (an element in the top layer), a
 * shadow tree (`shadowRootOf`), or more elements than `budget.left` allows measuring.
 */
function mayReach(element, near, shadowRootOf, budget) {
  const meets = (rect) => near.some((r) => rect.right >= r.left && rect.left <= r.right && rect.bottom >= r.top && rect.top <= r.bottom);
  const inside = element.getElementsByTagName('*');
  budget.left -= inside.length + 1;
  if (budget.left < 0) return true;
  for (const e of [element, ...inside]) {
    if (e instanceof SVGElement || inTopLayer(e) || (e.shadowRoot ?? shadowRootOf?.(e))) return true;
    const style = getComputedStyle(e);
    if (style.display.includes('list-item')) return true;
    if (PSEUDO_ELEMENTS.some((pseudo) => !['none', 'normal'].includes(getComputedStyle(e, pseudo).content))) return true;
    if ([...e.getClientRects()].some(meets)) return true;
  }
  const walker = (element.ownerDocument ?? document).createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const range = new Range();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.data.trim()) continue;
    range.selectNodeContents(text);
    if ([...range.getClientRects()].some(meets)) return true;
  }
  return false;
}

/**
 * The transitions of pointer-events (or of Chromium's `interactivity`) running in `doc` (its
 * shadow trees included).
 */
function pointerTransitions(doc) {
  return doc.getAnimations().filter((a) => a.transitionProperty === 'pointer-events' || a.transitionProperty === 'interactivity');
}

/** Cancels the transitions of pointer-events in `doc` that are not among `before`. */
function cancelStartedSince(doc, before) {
  for (const transition of pointerTransitions(doc)) if (!before.has(transition)) transition.cancel();
}

/**
 * The hover card's host element's name: six random letters, a hyphen and six more, drawn in
 * each frame (an element name that named the extension would tell every page it hovers over).
 * The click's check leaves the extension's own card out by `CARD_HOSTS`, not by its name.
 */
const CARD_TAG = `${randomLetters().slice(0, 6)}-${randomLetters().slice(0, 6)}`;

/**
 * The hover cards' host elements this script made (a page may make elements of the same name:
 * those are the page's, looked at like any other).
 */
const CARD_HOSTS = new WeakSet();

/** The hover card: one host element with a closed shadow root, shown near a number. */
class Card {
  constructor(options, words) {
    this.options = options;
    this.words = words;
    this.host = document.createElement(CARD_TAG);
    CARD_HOSTS.add(this.host);
    this.host.style.cssText = 'all: initial; position: fixed; z-index: 2147483647; top: 0; left: 0;';
    this.root = this.host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = CARD_CSS;
    this.box = document.createElement('div');
    this.box.className = 'card';
    this.box.hidden = true;
    this.title = document.createElement('div');
    this.title.className = 'title';
    this.detail = document.createElement('div');
    this.detail.className = 'detail';
    // The countries the number as written could be in, when more than one reads it: the
    // person may pick another for this click.
    // One button per country (a native <select> would open a popup the card cannot keep).
    this.choice = document.createElement('div');
    this.choice.className = 'choices';
    this.choice.hidden = true;
    this.choice.setAttribute('role', 'radiogroup');
    this.choice.setAttribute('aria-label', words('cardCountry'));
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.textContent = words('cardDial');
    // The user's other phones, one "Call on <phone>" button each (the default phone is the
    // Dial button's).
    this.phones = document.createElement('div');
    this.phones.className = 'phones';
    this.phones.hidden = true;
    this.box.append(this.title, this.choice, this.detail, this.button, this.phones);
    this.root.append(style, this.box);
    this.button.addEventListener('click', (event) => this.dialFrom(this.button, event));
    this.button.addEventListener('pointerleave', () => this.hideSoon());
    this.choice.addEventListener('pointerleave', () => this.hideSoon());
    this.phones.addEventListener('pointerleave', () => this.hideSoon());
    this.choices = [];
    this.chosen = null;
    document.documentElement.append(this.host);
    this.mark = null;
    this.frame = 0;
  }

  owns(node) {
    return node === this.host || this.host.contains(node);
  }

  /** A person's click on one of the card's dial buttons (`phone`: another phone's id). */
  dialFrom(button, event, phone) {
    if (!event.isTrusted || !this.mark) return;
    // The page may draw over the card: the card's button must be what is at the click point.
    const rootOf = (element) => (element === this.host ? this.root : null);
    const [x, y] = fromKeyboard(event) ? middleOf(button) : [event.clientX, event.clientY];
    const visible = sightAt(button, x, y, rootOf);
    const seen = { via: 'card', visible };
    const number = withExtension(this.chosen?.number ?? this.mark.number, this.mark.ext);
    if (phone) this.options.dial(number, seen, phone);
    else this.options.dial(number, seen);
    this.hide();
  }

  /** The pointer is on the card's button: stay. */
  keep() {
    clearTimeout(this.hideTimer);
  }

  /** Called on pointer moves: finds the mark under the pointer once a frame, shows or hides. */
  pointerAt(x, y, find) {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const mark = find();
      if (mark && mark !== this.mark) {
        clearTimeout(this.showTimer);
        this.showTimer = setTimeout(() => this.show(mark), CARD_DELAY_MS);
      } else if (!mark) {
        // Left before the card showed: it must not show later, over whatever is there then.
        clearTimeout(this.showTimer);
        if (!this.box.hidden) this.hideSoon();
      } else {
        clearTimeout(this.hideTimer);
      }
    });
  }

  async show(mark) {
    clearTimeout(this.hideTimer);
    this.mark = mark;
    const rect = liveRange(mark.range)?.getBoundingClientRect();
    if (!rect) return;
    this.title.textContent = mark.number;
    this.detail.textContent = '…';
    this.choices = [];
    this.chosen = null;
    this.choice.hidden = true;
    this.phones.hidden = true;
    this.box.style.left = `${Math.max(4, rect.left)}px`;
    this.box.style.top = `${rect.bottom + 6}px`;
    this.box.hidden = false;
    const raw = liveRange(mark.range)?.toString() ?? '';
    const preview = await this.options.preview(withExtension(mark.number, mark.ext), raw).catch(() => null);
    if (this.mark !== mark) return;
    this.detail.textContent = preview?.summary ?? this.words('outcomeNotConfigured');
    const choices = Array.isArray(preview?.choices) ? preview.choices : [];
    if (choices.length > 1) {
      this.choices = choices;
      this.choice.replaceChildren(...choices.map((c, k) => {
        const option = document.createElement('button');
        option.type = 'button';
        option.setAttribute('role', 'radio');
        option.setAttribute('aria-checked', String(k === 0));
        option.textContent = c.country;
        option.title = c.number;
        option.addEventListener('click', (event) => {
          if (event.isTrusted) this.choose(k);
        });
        return option;
      }));
      this.choice.hidden = false;
    }
    const phones = Array.isArray(preview?.phones) ? preview.phones : [];
    this.phones.replaceChildren(...phones.map((phone) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = this.words('cardCallOn', String(phone.name));
      button.dataset.phone = String(phone.id);
      button.addEventListener('click', (event) => this.dialFrom(button, event, String(phone.id)));
      return button;
    }));
    this.phones.hidden = phones.length === 0;
  }

  /** The person picked another country for this number (for this click): the card shows and
   * dials that. */
  choose(k) {
    const choice = this.choices[k];
    if (!choice) return;
    this.chosen = choice;
    this.title.textContent = choice.number;
    this.detail.textContent = choice.summary;
    [...this.choice.children].forEach((option, j) => option.setAttribute('aria-checked', String(j === k)));
  }

  hideSoon() {
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.hide(), 300);
  }

  hide() {
    this.box.hidden = true;
    this.mark = null;
    this.chosen = null;
  }

  remove() {
    this.host.remove();
  }
}

// Only the button takes the pointer: the rest of the card lets clicks through to the page, so
// it never hides a number below it.
const CARD_CSS = `
.card { pointer-events: none; position: fixed; min-width: 12rem; padding: 0.6rem 0.8rem; border-radius: 0.4rem;
  background: #fff; color: #1d2433; box-shadow: 0 4px 16px rgba(0,0,0,0.18);
  font: 14px/1.4 system-ui, sans-serif; }
.card[hidden] { display: none; }
.title { font-weight: 600; }
.detail { font-size: 12px; opacity: 0.75; margin: 0.15rem 0 0.5rem; }
button { pointer-events: auto; font: inherit; padding: 0.3rem 1rem; border: 0; border-radius: 0.3rem;
  background: #0f7b6c; color: #fff; cursor: pointer; }
button:focus-visible { outline: 3px solid #0f7b6c; outline-offset: 2px; }
.choices { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0.3rem 0 0; }
.choices[hidden] { display: none; }
.phones { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0.4rem 0 0; }
.phones[hidden] { display: none; }
.phones button { font-size: 12px; padding: 0.2rem 0.7rem; background: #eef1f5; color: #1d2433; }
.choices button { font-size: 12px; padding: 0.15rem 0.6rem; background: #eef1f5; color: #1d2433; }
.choices button[aria-checked="true"] { background: #1d2433; color: #fff; }
`;
