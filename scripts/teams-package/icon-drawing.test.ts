import { readFileSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';
import { drawColorIcon, drawOutlineIcon, iconBackgroundHex } from './icon-drawing';
import { decodePng } from './png';

const manifestDir = path.join(projectRoot(), 'manifest');

describe('the Teams icon drawing', () => {
  it('when the icons are redrawn, then they equal the committed PNGs pixel for pixel', () => {
    const colorIcon = decodePng(readFileSync(path.join(manifestDir, 'color.png')));
    const outlineIcon = decodePng(readFileSync(path.join(manifestDir, 'outline.png')));
    expect(Buffer.from(drawColorIcon().pixels).equals(Buffer.from(colorIcon.pixels))).toBe(true);
    expect(Buffer.from(drawOutlineIcon().pixels).equals(Buffer.from(outlineIcon.pixels))).toBe(
      true,
    );
  });

  it('when Teams frames the colour icon, then its background is the manifest accent colour', () => {
    const template = JSON.parse(
      readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8'),
    ) as { accentColor: string };
    const [red = 0, green = 0, blue = 0] = drawColorIcon().pixels;
    const corner = `#${[red, green, blue].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
    expect(corner.toUpperCase()).toBe(template.accentColor.toUpperCase());
    expect(iconBackgroundHex.toUpperCase()).toBe(template.accentColor.toUpperCase());
  });
});
