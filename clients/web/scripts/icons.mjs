// The console's app icons (web app manifest, home screen), drawn here rather
// than committed as binaries: a rounded square in the console's background
// colour with three rising bars in its accent colour and a pace line, written
// as an RGBA PNG with Node's zlib.
import { deflateSync } from 'node:zlib';

const BACKGROUND = [0x0b, 0x10, 0x20];
const PANEL = [0x13, 0x1a, 0x31];
const ACCENT = [0xff, 0xd5, 0x4a];
const LIVE = [0x3d, 0xdc, 0x84];

/** The sizes the manifest names (Android wants 192 and 512). */
export const ICON_SIZES = [192, 512];

export const iconName = (size) => `icons/icon-${size}.png`;

const inRoundedSquare = (x, y, left, top, right, bottom, radius) => {
  if (x < left || x >= right || y < top || y >= bottom) {
    return false;
  }
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};

/** The colour of one pixel of an icon drawn on a unit square (u, v in [0, 1)); null is transparent. */
function colourAt(u, v) {
  if (!inRoundedSquare(u, v, 0, 0, 1, 1, 0.2)) {
    return null;
  }
  // Three bars standing on a base line, the last one the tallest, inside the
  // central 60 % so that a maskable crop (a circle of 80 %) keeps them whole.
  const bars = [[0.26, 0.62], [0.43, 0.48], [0.60, 0.32]];
  for (const [left, top] of bars) {
    if (inRoundedSquare(u, v, left, top, left + 0.13, 0.76, 0.02)) {
      return ACCENT;
    }
  }
  // The pace line across the bars.
  const lineY = 0.70 - (u - 0.22) * 0.55;
  if (u >= 0.22 && u <= 0.78 && Math.abs(v - lineY) < 0.018) {
    return LIVE;
  }
  return inRoundedSquare(u, v, 0.12, 0.12, 0.88, 0.88, 0.12) ? PANEL : BACKGROUND;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A size × size PNG of the icon. */
export function drawIcon(size) {
  const row = size * 4 + 1;
  const raw = Buffer.alloc(row * size);
  for (let y = 0; y < size; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const colour = colourAt((x + 0.5) / size, (y + 0.5) / size);
      const at = y * row + 1 + x * 4;
      if (colour) {
        raw[at] = colour[0];
        raw[at + 1] = colour[1];
        raw[at + 2] = colour[2];
        raw[at + 3] = 255;
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
