// Draws the app icon (four coloured boxes, one per marking, on a dark rounded tile) and writes it as a PNG
// with only node:zlib: `node scripts/make-icon.mjs [size] [out]`, by default 1024 px into build/icon.png.
// electron-builder makes the .ico and .icns from this one file.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const size = Number(process.argv[2] ?? 1024);
const out = resolve(process.argv[3] ?? join(root, 'build', 'icon.png'));

// GOV.UK palette: Exceeding green, High Performing blue, Achieving turquoise, Partially Met orange.
const TILE = [11, 12, 12];
const BOXES = [
  [0, 112, 60],
  [29, 112, 184],
  [40, 161, 151],
  [244, 119, 56],
];

function roundedRectCoverage(x, y, left, top, width, height, radius) {
  const cx = Math.min(Math.max(x, left + radius), left + width - radius);
  const cy = Math.min(Math.max(y, top + radius), top + height - radius);
  if (x < left || x > left + width || y < top || y > top + height) return 0;
  return Math.hypot(x - cx, y - cy) <= radius ? 1 : 0;
}

function draw(n) {
  const pixels = new Uint8Array(n * n * 4);
  const margin = n * 0.06;
  const tile = { left: margin, top: margin, width: n - 2 * margin, height: n - 2 * margin, radius: n * 0.18 };
  const gap = n * 0.05;
  const inner = n * 0.17;
  const box = (tile.width - 2 * (inner - margin) - gap) / 2;
  const boxes = BOXES.map((colour, index) => ({
    colour,
    left: inner + (index % 2) * (box + gap),
    top: inner + Math.floor(index / 2) * (box + gap),
    width: box,
    height: box,
    radius: n * 0.05,
  }));
  const samples = 4;
  for (let py = 0; py < n; py += 1) {
    for (let px = 0; px < n; px += 1) {
      const rgba = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          if (!roundedRectCoverage(x, y, tile.left, tile.top, tile.width, tile.height, tile.radius)) continue;
          let colour = TILE;
          for (const b of boxes) {
            if (roundedRectCoverage(x, y, b.left, b.top, b.width, b.height, b.radius)) colour = b.colour;
          }
          rgba[0] += colour[0];
          rgba[1] += colour[1];
          rgba[2] += colour[2];
          rgba[3] += 255;
        }
      }
      const hits = rgba[3] / 255;
      const offset = (py * n + px) * 4;
      if (hits > 0) {
        pixels[offset] = Math.round(rgba[0] / hits);
        pixels[offset + 1] = Math.round(rgba[1] / hits);
        pixels[offset + 2] = Math.round(rgba[2] / hits);
      }
      pixels[offset + 3] = Math.round(rgba[3] / (samples * samples));
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, encodePng(size, size, draw(size)));
console.log(`Wrote ${out} (${size}×${size})`);
