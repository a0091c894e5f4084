import { crc32, deflateSync, inflateSync } from 'node:zlib';

/**
 * The small part of PNG (RFC 2083) the Teams icons need: 8-bit RGBA, not interlaced. Enough to
 * write our own icons and to read any PNG's size, without an image library.
 */

/** Straight (not premultiplied) RGBA, 4 bytes per pixel, rows top to bottom. */
export interface RgbaImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 6 = truecolour with alpha (RGBA), 2 = truecolour, 3 = palette, 0/4 = greyscale. */
  colorType: number;
  interlaced: boolean;
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const rgbaColorType = 6;
const bytesPerPixel = 4;

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

export function encodePng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * bytesPerPixel) {
    throw new Error(
      `expected ${width * height * bytesPerPixel} bytes of RGBA, got ${pixels.length}`,
    );
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(rgbaColorType, 9);
  // bytes 10–12: compression 0, filter method 0, no interlace
  const stride = width * bytesPerPixel;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row++) {
    // Each row starts with its filter type; 0 (none) is simplest and the icons are tiny.
    raw.set(pixels.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
  }
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface PngChunk {
  type: string;
  data: Buffer;
}

function* chunksOf(png: Buffer): Generator<PngChunk> {
  if (png.length < signature.length || !png.subarray(0, signature.length).equals(signature)) {
    throw new Error('not a PNG file (bad signature)');
  }
  let offset = signature.length;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const end = offset + 8 + length;
    if (end + 4 > png.length) throw new Error(`truncated PNG chunk ${type}`);
    yield { type, data: png.subarray(offset + 8, end) };
    if (type === 'IEND') return;
    offset = end + 4;
  }
  throw new Error('PNG file without IEND');
}

/** Width, height and pixel format, from the IHDR chunk (which PNG requires to come first). */
export function readPngHeader(png: Buffer): PngHeader {
  const first = chunksOf(png).next();
  if (first.done || first.value.type !== 'IHDR' || first.value.data.length !== 13) {
    throw new Error('PNG file without a valid IHDR chunk');
  }
  const data = first.value.data;
  return {
    width: data.readUInt32BE(0),
    height: data.readUInt32BE(4),
    bitDepth: data.readUInt8(8),
    colorType: data.readUInt8(9),
    interlaced: data.readUInt8(12) !== 0,
  };
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** The value a row filter predicts for a byte, from its left, upper and upper-left neighbours. */
function predict(filter: number | undefined, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4:
      return paeth(left, up, upLeft);
    default:
      throw new Error(`unknown PNG row filter ${String(filter)}`);
  }
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (any of the five row filters). */
export function decodePng(png: Buffer): RgbaImage {
  const header = readPngHeader(png);
  if (header.bitDepth !== 8 || header.colorType !== rgbaColorType || header.interlaced) {
    throw new Error(
      `only 8-bit RGBA non-interlaced PNG can be decoded (bit depth ${header.bitDepth}, colour type ${header.colorType})`,
    );
  }
  const compressed: Buffer[] = [];
  for (const { type, data } of chunksOf(png)) if (type === 'IDAT') compressed.push(data);
  const raw = inflateSync(Buffer.concat(compressed));
  const { width, height } = header;
  const stride = width * bytesPerPixel;
  if (raw.length !== (stride + 1) * height) throw new Error('PNG image data has the wrong size');
  const pixels = new Uint8Array(stride * height);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (stride + 1)];
    const source = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const current = row * stride;
    const previous = current - stride;
    for (let index = 0; index < stride; index++) {
      const left = index >= bytesPerPixel ? (pixels[current + index - bytesPerPixel] ?? 0) : 0;
      const up = row > 0 ? (pixels[previous + index] ?? 0) : 0;
      const upLeft =
        row > 0 && index >= bytesPerPixel ? (pixels[previous + index - bytesPerPixel] ?? 0) : 0;
      const predictor = predict(filter, left, up, upLeft);
      pixels[current + index] = ((source[index] ?? 0) + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}
