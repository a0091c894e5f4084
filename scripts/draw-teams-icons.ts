import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../kernel/project-root';
import { drawColorIcon, drawOutlineIcon } from './teams-package/icon-drawing';
import { encodePng } from './teams-package/png';

/**
 * `node dist/scripts/draw-teams-icons.js`: redraws the Teams app icons into `manifest/`
 * (color.png 192×192, outline.png 32×32). The PNGs are committed; run this only after changing
 * the drawing in `scripts/teams-package/icon-drawing.ts` (a test checks they still match).
 */
const manifestDir = path.join(projectRoot(), 'manifest');
for (const [file, image] of [
  ['color.png', drawColorIcon()],
  ['outline.png', drawOutlineIcon()],
] as const) {
  const target = path.join(manifestDir, file);
  writeFileSync(target, encodePng(image));
  console.log(`${target}: ${image.width}×${image.height}`);
}
