import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PNG } from 'pngjs';

import { projectRoot } from '../../kernel/project-root';
import { decodeIcon, iconProblems } from './icon-checks';

const manifestDir = path.join(projectRoot(), 'manifest');
const committed = (file: string): Buffer => readFileSync(path.join(manifestDir, file));

/** A fully transparent square PNG; `paint` may colour some of its pixels first. */
function pngOf(size: number, paint: (pixels: Buffer) => void = () => undefined): Buffer {
  const image = new PNG({ width: size, height: size });
  image.data.fill(0);
  paint(image.data);
  return PNG.sync.write(image);
}

describe('the committed Teams icons', () => {
  it('when color.png is decoded, then it is 192×192', () => {
    expect(decodeIcon(committed('color.png'))).toMatchObject({ width: 192, height: 192 });
  });

  it('when outline.png is decoded, then it is 32×32 and every pixel is white or fully transparent, with some of each', () => {
    const { width, height, pixels } = decodeIcon(committed('outline.png'));
    expect({ width, height }).toEqual({ width: 32, height: 32 });
    const kinds = new Set<string>();
    for (let offset = 0; offset < pixels.length; offset += 4) {
      const [red, green, blue, alpha] = pixels.subarray(offset, offset + 4);
      if (alpha === 0) kinds.add('transparent');
      else kinds.add(red === 255 && green === 255 && blue === 255 ? 'white' : 'coloured');
    }
    expect([...kinds].sort()).toEqual(['transparent', 'white']);
  });

  it('when Teams frames the colour icon, then its background is the manifest accent colour', () => {
    const { accentColor } = JSON.parse(
      readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8'),
    ) as { accentColor: string };
    const [red = 0, green = 0, blue = 0] = decodeIcon(committed('color.png')).pixels;
    const corner = `#${[red, green, blue].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
    expect(corner.toUpperCase()).toBe(accentColor.toUpperCase());
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
    expect(iconProblems('color', pngOf(64))).toEqual([
      'color.png: mide 64×64; Teams exige 192×192',
    ]);
  });

  it('when an outline icon has a coloured pixel, then it is reported', () => {
    const png = pngOf(32, (pixels) => pixels.set([200, 30, 30, 255], 4 * (16 * 32 + 16)));
    expect(iconProblems('outline', png)).toEqual([
      expect.stringContaining('1 píxeles visibles no son blancos'),
    ]);
  });

  it('when an outline icon is white all over, then the missing transparent background is reported', () => {
    const png = pngOf(32, (pixels) => pixels.fill(255));
    expect(iconProblems('outline', png)).toEqual([
      'outline.png: no tiene fondo transparente; Teams exige blanco sobre fondo transparente',
    ]);
  });

  it('when a file is not a PNG, then it is reported instead of thrown', () => {
    expect(iconProblems('outline', Buffer.from('GIF89a'))).toEqual([
      expect.stringContaining('outline.png: no es un archivo PNG válido'),
    ]);
  });
});
