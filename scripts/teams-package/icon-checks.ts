import { decodePng, readPngHeader } from './png';

/**
 * Teams' rules for the two app icons: a 192×192 full-colour PNG, and a 32×32 outline PNG that is
 * white on a transparent background (Teams tints it; any other colour shows as a blot).
 */
export const teamsIcons = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
} as const;

export type TeamsIconKind = keyof typeof teamsIcons;

/** What is wrong with an icon file, one line each (Spanish, for operators); [] when it is fine. */
export function iconProblems(kind: TeamsIconKind, png: Buffer): string[] {
  const { file, size } = teamsIcons[kind];
  let header;
  try {
    header = readPngHeader(png);
  } catch (error) {
    return [`${file}: ${(error as Error).message}`];
  }
  if (header.width !== size || header.height !== size) {
    return [`${file}: mide ${header.width}×${header.height}; Teams exige ${size}×${size}`];
  }
  if (kind === 'color') return [];
  let image;
  try {
    image = decodePng(png);
  } catch (error) {
    return [`${file}: ${(error as Error).message}`];
  }
  let coloured = 0;
  const { pixels } = image;
  for (let offset = 0; offset < pixels.length; offset += 4) {
    const alpha = pixels[offset + 3];
    const white =
      pixels[offset] === 255 && pixels[offset + 1] === 255 && pixels[offset + 2] === 255;
    if (alpha !== 0 && !white) coloured++;
  }
  return coloured === 0
    ? []
    : [
        `${file}: ${coloured} píxeles visibles no son blancos; Teams exige blanco sobre fondo transparente`,
      ];
}
