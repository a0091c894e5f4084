import { deflateSync } from 'node:zlib';

import { decodePng, encodePng, readPngHeader, type RgbaImage } from './png';

function gradient(width: number, height: number): RgbaImage {
  const pixels = new Uint8Array(width * height * 4);
  for (let index = 0; index < pixels.length; index++) pixels[index] = (index * 37 + 11) % 256;
  return { width, height, pixels };
}

/** The Paeth predictor as RFC 2083 defines it. */
function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** Re-encodes `image` with the given filter on each row, as other PNG writers do. */
function withRowFilters(image: RgbaImage, filters: number[]): Buffer {
  const encoded = encodePng(image);
  const stride = image.width * 4;
  const byteAt = (row: number, index: number): number =>
    row < 0 || index < 0 ? 0 : (image.pixels[row * stride + index] ?? 0);
  const raw = Buffer.alloc((stride + 1) * image.height);
  for (let row = 0; row < image.height; row++) {
    const filter = filters[row % filters.length] ?? 0;
    raw[row * (stride + 1)] = filter;
    for (let index = 0; index < stride; index++) {
      const left = byteAt(row, index - 4);
      const up = byteAt(row - 1, index);
      const upLeft = byteAt(row - 1, index - 4);
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter] ?? 0;
      raw[row * (stride + 1) + 1 + index] = (byteAt(row, index) - predicted) & 0xff;
    }
  }
  // Signature (8) + IHDR chunk (25); then our own IDAT and the IEND chunk.
  const idatData = deflateSync(raw);
  const idat = Buffer.alloc(12 + idatData.length);
  idat.writeUInt32BE(idatData.length, 0);
  idat.write('IDAT', 4, 'ascii');
  idatData.copy(idat, 8);
  idat.writeUInt32BE(0, 8 + idatData.length); // CRC is not checked by the decoder
  return Buffer.concat([encoded.subarray(0, 33), idat, encoded.subarray(encoded.length - 12)]);
}

describe('png', () => {
  it('when an image is encoded, then its header gives its size and RGBA format', () => {
    expect(readPngHeader(encodePng(gradient(7, 5)))).toEqual({
      width: 7,
      height: 5,
      bitDepth: 8,
      colorType: 6,
      interlaced: false,
    });
  });

  it('when an encoded image is decoded, then the pixels come back unchanged', () => {
    const image = gradient(9, 6);
    expect(decodePng(encodePng(image))).toEqual(image);
  });

  it('when rows use the sub, up, average and Paeth filters, then the pixels come back unchanged', () => {
    const image = gradient(9, 8);
    expect(decodePng(withRowFilters(image, [1, 2, 3, 4]))).toEqual(image);
  });
});
