import type { RgbaImage } from './png';

/**
 * The Teams app icons, drawn from geometry (no third-party image or font): two mountain peaks
 * over a seam, for mining. Teams asks for a 192×192 full-colour icon and a 32×32 outline icon,
 * white on transparent. `scripts/draw-teams-icons.ts` writes them to `manifest/`.
 */

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];
type Triangle = readonly [Point, Point, Point];
type Rgba = [number, number, number, number];

/** The background of the colour icon: the manifest's accentColor (a test keeps them equal). */
export const iconBackgroundHex = '#1F4E79';
const white: Rgb = [255, 255, 255];
const farPeakColor: Rgb = [169, 196, 222];
const seamColor: Rgb = [201, 162, 39];

function rgbOf(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

// The mark, in a unit square (x to the right, y down).
const nearPeak: Triangle = [
  [0.34, 0.06],
  [0, 0.8],
  [0.68, 0.8],
];
const farPeak: Triangle = [
  [0.74, 0.34],
  [0.44, 0.8],
  [1, 0.8],
];
const seamTop = 0.88;

function cross(origin: Point, a: Point, b: Point): number {
  return (a[0] - origin[0]) * (b[1] - origin[1]) - (a[1] - origin[1]) * (b[0] - origin[0]);
}

function insideTriangle(point: Point, [a, b, c]: Triangle): boolean {
  const first = cross(a, b, point);
  const second = cross(b, c, point);
  const third = cross(c, a, point);
  return (first >= 0 && second >= 0 && third >= 0) || (first <= 0 && second <= 0 && third <= 0);
}

function distanceToSegment(point: Point, start: Point, end: Point): number {
  const dx = end[0] - start[0];
  const dy = end[1] - start[1];
  const along = ((point[0] - start[0]) * dx + (point[1] - start[1]) * dy) / (dx * dx + dy * dy);
  const t = Math.min(1, Math.max(0, along));
  return Math.hypot(point[0] - (start[0] + t * dx), point[1] - (start[1] + t * dy));
}

function distanceToTriangle(point: Point, triangle: Triangle): number {
  if (insideTriangle(point, triangle)) return 0;
  const [a, b, c] = triangle;
  return Math.min(
    distanceToSegment(point, a, b),
    distanceToSegment(point, b, c),
    distanceToSegment(point, c, a),
  );
}

type MarkPart = 'near-peak' | 'far-peak' | 'seam' | undefined;

/**
 * Which part of the mark covers a point of the unit square. The far peak keeps a gap of
 * background along the near one, so that the two read as two peaks even in one colour.
 */
function markPartAt(point: Point, gap: number): MarkPart {
  const [x, y] = point;
  if (x < 0 || x > 1 || y < 0 || y > 1) return undefined;
  if (y >= seamTop) return 'seam';
  if (insideTriangle(point, nearPeak)) return 'near-peak';
  if (insideTriangle(point, farPeak) && distanceToTriangle(point, nearPeak) >= gap) {
    return 'far-peak';
  }
  return undefined;
}

interface Layout {
  size: number;
  /** Where the mark's unit square sits, in pixels. */
  markLeft: number;
  markSize: number;
  /** Gap between the peaks, in units of the mark. */
  gap: number;
}

// 4×4 samples per pixel smooth the edges.
const samplesPerAxis = 4;

function* samplesOf(layout: Layout, column: number, row: number): Generator<MarkPart> {
  for (let sy = 0; sy < samplesPerAxis; sy++) {
    for (let sx = 0; sx < samplesPerAxis; sx++) {
      const x = (column + (sx + 0.5) / samplesPerAxis - layout.markLeft) / layout.markSize;
      const y = (row + (sy + 0.5) / samplesPerAxis - layout.markLeft) / layout.markSize;
      yield markPartAt([x, y], layout.gap);
    }
  }
}

function render(layout: Layout, shade: (column: number, row: number) => Rgba): RgbaImage {
  const pixels = new Uint8Array(layout.size * layout.size * 4);
  for (let row = 0; row < layout.size; row++) {
    for (let column = 0; column < layout.size; column++) {
      pixels.set(shade(column, row), (row * layout.size + column) * 4);
    }
  }
  return { width: layout.size, height: layout.size, pixels };
}

/** 192×192, opaque: the mark (96×96, centred, as Teams recommends) on the accent colour. */
export function drawColorIcon(): RgbaImage {
  const layout: Layout = { size: 192, markLeft: 48, markSize: 96, gap: 0.035 };
  const background = rgbOf(iconBackgroundHex);
  const partColors: Record<NonNullable<MarkPart>, Rgb> = {
    'near-peak': white,
    'far-peak': farPeakColor,
    seam: seamColor,
  };
  return render(layout, (column, row) => {
    let [red, green, blue, count] = [0, 0, 0, 0];
    for (const part of samplesOf(layout, column, row)) {
      const [r, g, b] = part === undefined ? background : partColors[part];
      red += r;
      green += g;
      blue += b;
      count++;
    }
    const average = (sum: number): number => Math.round(sum / count);
    return [average(red), average(green), average(blue), 255];
  });
}

/** 32×32: the same mark in white on transparent; partly covered edge pixels get partial alpha. */
export function drawOutlineIcon(): RgbaImage {
  const layout: Layout = { size: 32, markLeft: 4, markSize: 24, gap: 0.07 };
  return render(layout, (column, row) => {
    let covered = 0;
    let count = 0;
    for (const part of samplesOf(layout, column, row)) {
      if (part !== undefined) covered++;
      count++;
    }
    const alpha = Math.round((covered / count) * 255);
    return alpha === 0 ? [0, 0, 0, 0] : [255, 255, 255, alpha];
  });
}
