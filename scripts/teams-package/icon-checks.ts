import { PNG } from 'pngjs';

/**
 * Teams' rules for the two app icons: a 192×192 full-colour PNG, and a 32×32 outline PNG that is
 * white on a transparent background (Teams tints it; any other colour shows as a blot). The icons
 * themselves are files in `manifest/`; pngjs decodes them, whatever the PNG's pixel format.
 */
export const teamsIcons = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
} as const;

export type TeamsIconKind = keyof typeof teamsIcons;

/** Straight RGBA, 4 bytes per pixel, rows top to bottom (pngjs' decoded form). */
export interface DecodedIcon {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export function decodeIcon(png: Buffer): DecodedIcon {
  const { width, height, data } = PNG.sync.read(png);
  return { width, height, pixels: data };
}

/** How many visible pixels are not white, and how many are fully transparent. */
function outlineCounts(pixels: Uint8Array): { coloured: number; transparent: number } {
  let coloured = 0;
  let transparent = 0;
  for (let offset = 0; offset < pixels.length; offset += 4) {
    const white =
      pixels[offset] === 255 && pixels[offset + 1] === 255 && pixels[offset + 2] === 255;
    if (pixels[offset + 3] === 0) transparent++;
    else if (!white) coloured++;
  }
  return { coloured, transparent };
}

/** What is wrong with an icon file, one line each (Spanish, for operators); [] when it is fine. */
export function iconProblems(kind: TeamsIconKind, png: Buffer): string[] {
  const { file, size } = teamsIcons[kind];
  let icon: DecodedIcon;
  try {
    icon = decodeIcon(png);
  } catch (error) {
    return [`${file}: no es un archivo PNG válido (${(error as Error).message})`];
  }
  if (icon.width !== size || icon.height !== size) {
    return [`${file}: mide ${icon.width}×${icon.height}; Teams exige ${size}×${size}`];
  }
  if (kind === 'color') return [];
  const { coloured, transparent } = outlineCounts(icon.pixels);
  const problems: string[] = [];
  if (coloured > 0) {
    problems.push(
      `${file}: ${coloured} píxeles visibles no son blancos; Teams exige blanco sobre fondo transparente`,
    );
  }
  if (transparent === 0) {
    problems.push(
      `${file}: no tiene fondo transparente; Teams exige blanco sobre fondo transparente`,
    );
  }
  return problems;
}
