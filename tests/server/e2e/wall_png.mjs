// Reads the wall's --screenshot PNGs for the browser test and finds the post
// cards in them by colour. A small PNG decoder on node's zlib (8-bit RGB or
// RGBA, not interlaced: what the wall writes), then connected regions of the
// theme's card colour below the header, each with its count of text-coloured
// pixels. No outside packages.
import fs from "node:fs";
import zlib from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// { width, height, channels, data } with data as rows of RGB(A) bytes.
export function decodePng(file) {
  const buf = fs.readFileSync(file);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error(file + " is not a PNG");
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat = [];
  while (pos + 8 <= buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + length);
    if (body.length !== length) throw new Error(file + ": truncated " + type + " chunk");
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8], colour = body[9], interlace = body[12];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0)
        throw new Error(`${file}: unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === "IDAT") {
      idat.push(body);
    } else if (type === "IEND") {
      break;
    }
    pos += 12 + length;
  }
  if (!width || !height || !idat.length) throw new Error(file + ": no image data");
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error(file + ": image data too short");
  const data = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[row + x - channels] : 0;
      const b = y > 0 ? data[row - stride + x] : 0;
      const c = x >= channels && y > 0 ? data[row - stride + x - channels] : 0;
      let v = raw[src + x];
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: v += paeth(a, b, c); break;
        default: throw new Error(`${file}: bad filter ${filter} on row ${y}`);
      }
      data[row + x] = v & 0xff;
    }
  }
  return { width, height, channels, data };
}

export function hexColour(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error("bad colour " + hex);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

function near(img, i, rgb, tolerance) {
  const d = img.data;
  return Math.abs(d[i] - rgb[0]) <= tolerance && Math.abs(d[i + 1] - rgb[1]) <= tolerance &&
    Math.abs(d[i + 2] - rgb[2]) <= tolerance;
}

// The card-coloured regions below `top` with at least `minPixels` pixels:
// [{ pixels, box: {x0, y0, x1, y1}, fill, textPixels }], largest first.
// fill is the share of the box the card colour covers; textPixels counts
// text-coloured pixels inside the box (the post's words).
export function findCards(img, { card, text, top = 0, tolerance = 8, minPixels = 5000 }) {
  const cardRgb = hexColour(card), textRgb = hexColour(text);
  const { width, height, channels } = img;
  const mask = new Uint8Array(width * height);
  for (let y = top; y < height; y++)
    for (let x = 0; x < width; x++)
      if (near(img, (y * width + x) * channels, cardRgb, tolerance)) mask[y * width + x] = 1;
  const regions = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1) continue;
    let n = 0, sp = 0;
    let x0 = width, y0 = height, x1 = -1, y1 = -1;
    mask[start] = 2;
    stack[sp++] = start;
    while (sp > 0) {
      const p = stack[--sp];
      const x = p % width, y = (p - x) / width;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (x > 0 && mask[p - 1] === 1) { mask[p - 1] = 2; stack[sp++] = p - 1; }
      if (x + 1 < width && mask[p + 1] === 1) { mask[p + 1] = 2; stack[sp++] = p + 1; }
      if (y > 0 && mask[p - width] === 1) { mask[p - width] = 2; stack[sp++] = p - width; }
      if (y + 1 < height && mask[p + width] === 1) { mask[p + width] = 2; stack[sp++] = p + width; }
    }
    if (n < minPixels) continue;
    let textPixels = 0;
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++)
        if (near(img, (y * width + x) * channels, textRgb, 24)) textPixels++;
    const area = (x1 - x0 + 1) * (y1 - y0 + 1);
    regions.push({ pixels: n, box: { x0, y0, x1, y1 }, fill: n / area, textPixels });
  }
  return regions.sort((a, b) => b.pixels - a.pixels);
}

// How many pixels below `top` are near the colour (for a summary line).
export function countNear(img, hex, top = 0, tolerance = 8) {
  const rgb = hexColour(hex);
  let n = 0;
  for (let y = top; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (near(img, (y * img.width + x) * img.channels, rgb, tolerance)) n++;
  return n;
}
