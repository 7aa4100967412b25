// Runs one engine over the benchmark page for `cargo xtask bench finder` (xtask/src/bench_finder.rs).
//   node run.js ENGINE PAGE RUNS REGION
// ENGINE: finder-wasm (./finder, the finder's wasm-bindgen output) or libphonenumber-js/max|min.
// Prints a JSON header line {name, seconds, fastest, slowest} (the median, fastest and slowest of
// RUNS timed runs after one warm-up), then
// one line per number found: UTF-16 start, end, E.164, tab-separated.
'use strict';
const fs = require('fs');
const path = require('path');

const [engine, pagePath, runsText, region] = process.argv.slice(2);
const text = fs.readFileSync(pagePath, 'utf8');
const runs = Number(runsText) || 5;

function engineFor(name) {
  if (name === 'finder-wasm') {
    const finder = require(path.resolve('finder/finder_wasm.js'));
    // The page as one text, as the page layer sends its blocks (its `utf8Texts`: UTF-8 written
    // by `TextEncoder.encodeInto`, then the end of each text).
    const encoder = new TextEncoder();
    const bytes = new Uint8Array(text.length * 3); // kept from call to call, as the layer's
    return {
      name: 'click-to-dial finder, wasm in Node ' + process.version,
      find: () => {
        const { written } = encoder.encodeInto(text, bytes);
        const { spans, numbers, numberEnds } = finder.find_batch(bytes.subarray(0, written),
          Uint32Array.of(written), [], [], region, [], '', '');
        // Each number as a string of its own, as the page layer's `unpackMatches` makes them
        // (timed too: libphonenumber-js's answer holds its numbers as strings).
        const e164 = new Array(numberEnds.length / 2);
        for (let i = 0, from = 0; i < e164.length; i++) {
          e164[i] = numbers.slice(from, numberEnds[2 * i]);
          from = numberEnds[2 * i + 1];
        }
        return { spans, e164 };
      },
      lines: ({ spans, e164 }) => e164.map((number, i) => `${spans[3 * i + 1]}\t${spans[3 * i + 2]}\t${number}`),
    };
  }
  const flavour = name.split('/')[1];
  const lib = require(path.resolve('node_modules/libphonenumber-js', flavour === 'max' ? 'max' : 'min'));
  const version = require(path.resolve('node_modules/libphonenumber-js/package.json')).version;
  return {
    name: `libphonenumber-js ${version} (${flavour})`,
    find: () => lib.findPhoneNumbersInText(text, region),
    lines: (out) => out.map((m) => `${m.startsAt}\t${m.endsAt}\t${m.number.number}`),
  };
}

const chosen = engineFor(engine);
let out = chosen.find(); // warm-up
const times = [];
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  out = chosen.find();
  times.push(Number(process.hrtime.bigint() - started) / 1e9);
}
times.sort((a, b) => a - b);
const lines = [JSON.stringify({
  name: chosen.name,
  seconds: times[Math.floor(times.length / 2)],
  fastest: times[0],
  slowest: times[times.length - 1],
})];
for (const line of chosen.lines(out)) lines.push(line);
process.stdout.write(lines.join('\n') + '\n');
