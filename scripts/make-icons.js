#!/usr/bin/env node
// Draws the add-in's icons (a white sheet with three lines on the district's blue) as PNGs at the
// sizes Office asks for. Run once when the design changes; the PNGs are committed.
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZES = [16, 32, 64, 80, 128];
const BLUE = [0x0f, 0x6c, 0xbd, 255];
const WHITE = [255, 255, 255, 255];
const NONE = [0, 0, 0, 0];

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function pixel(x, y, n) {
  const r = n * 0.18; // rounded corners
  const cx = Math.min(Math.max(x, r), n - 1 - r);
  const cy = Math.min(Math.max(y, r), n - 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return NONE;
  const left = n * 0.27, right = n * 0.73, top = n * 0.17, bottom = n * 0.83;
  if (x < left || x > right || y < top || y > bottom) return BLUE;
  const line = (at) => y >= n * at && y < n * at + Math.max(1, n * 0.07) && x > left + n * 0.08 && x < right - n * 0.08;
  return line(0.34) || line(0.5) || line(0.66) ? BLUE : WHITE;
}

function png(n) {
  const rows = [];
  for (let y = 0; y < n; y++) rows.push(Buffer.from([0, ...Array.from({ length: n }, (_, x) => pixel(x, y, n)).flat()]));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(n, 0);
  header.writeUInt32BE(n, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

for (const n of SIZES) writeFileSync(path.join(__dirname, '..', 'addin', 'assets', `icon-${n}.png`), png(n));
console.log(`icons: ${SIZES.join(', ')} px`);
