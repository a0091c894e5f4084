import { readFileSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';
import { iconProblems } from './icon-checks';
import { decodePng, encodePng, readPngHeader, type RgbaImage } from './png';

const manifestDir = path.join(projectRoot(), 'manifest');
const committed = (file: string): Buffer => readFileSync(path.join(manifestDir, file));

function blank(size: number): RgbaImage {
  return { width: size, height: size, pixels: new Uint8Array(size * size * 4) };
}

describe('the committed Teams icons', () => {
  it('when color.png is read, then its header says 192×192', () => {
    expect(readPngHeader(committed('color.png'))).toMatchObject({ width: 192, height: 192 });
  });

  it('when outline.png is read, then its header says 32×32 with an alpha channel', () => {
    expect(readPngHeader(committed('outline.png'))).toMatchObject({
      width: 32,
      height: 32,
      colorType: 6,
    });
  });

  it('when outline.png is decoded, then every pixel is white or fully transparent, and some are white', () => {
    const { pixels } = decodePng(committed('outline.png'));
    const kinds = new Set<string>();
    for (let offset = 0; offset < pixels.length; offset += 4) {
      const [red, green, blue, alpha] = pixels.subarray(offset, offset + 4);
      if (alpha === 0) kinds.add('transparent');
      else kinds.add(red === 255 && green === 255 && blue === 255 ? 'white' : 'coloured');
    }
    expect([...kinds].sort()).toEqual(['transparent', 'white']);
  });

  it('when both icons are checked, then no problem is found', () => {
    expect([
      ...iconProblems('color', committed('color.png')),
      ...iconProblems('outline', committed('outline.png')),
    ]).toEqual([]);
  });
});

describe('iconProblems', () => {
  it('when an icon has the wrong size, then the problem names the file and both sizes', () => {
    expect(iconProblems('color', encodePng(blank(64)))).toEqual([
      'color.png: mide 64×64; Teams exige 192×192',
    ]);
  });

  it('when an outline icon has a coloured pixel, then it is reported', () => {
    const image = blank(32);
    image.pixels.set([200, 30, 30, 255], 4 * (16 * 32 + 16));
    expect(iconProblems('outline', encodePng(image))).toEqual([
      expect.stringContaining('1 píxeles visibles no son blancos'),
    ]);
  });

  it('when a file is not a PNG, then it is reported instead of thrown', () => {
    expect(iconProblems('outline', Buffer.from('GIF89a'))).toEqual([
      expect.stringContaining('outline.png: not a PNG file'),
    ]);
  });
});
