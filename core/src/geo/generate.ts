// Synthetic territory that tiles exactly: the demo street's communities and grids, and large
// districts for benchmarks. Groups (communities) are vertical strips between jittered border
// polylines; cells (grids) are stacked pieces of a strip, cut by jittered lines that start and end
// on vertices of the strip's borders. Every shared boundary is the same list of positions on both
// sides, so the tiling is exact: checkTiling reports nothing.
import type { BBox, PolygonGeometry, Position, Ring } from './types.js';

/** Deterministic PRNG (mulberry32): the same seed gives the same territory on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n uniform random points in a box, as lng,lat interleaved. */
export function randomPointsIn(bbox: BBox, n: number, seed = 1): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(2 * n);
  const [x0, y0, x1, y1] = bbox;
  for (let i = 0; i < n; i++) {
    out[2 * i] = x0 + rand() * (x1 - x0);
    out[2 * i + 1] = y0 + rand() * (y1 - y0);
  }
  return out;
}

export interface GenerateTilingOptions {
  bbox: BBox; // outer extent of the street/district
  groups: number[]; // number of cells in each group
  verticesPerCell?: [number, number]; // min, max distinct vertices of a cell (min ≥ 8)
  seed?: number;
}

export interface GeneratedTiling {
  outline: PolygonGeometry;
  groups: Array<{ outline: PolygonGeometry; cells: PolygonGeometry[] }>;
}

/**
 * Where a generated street (or county) goes so that it lies beside what is drawn already: the
 * wanted box when it is clear of every taken box, else the same box moved east, a gap of a tenth
 * of its width past the easternmost taken box that shares its latitudes. Generated outlines stay
 * inside their box, so boxes apart mean territories apart.
 */
export function placeBeside(wanted: BBox, taken: BBox[]): BBox {
  const [x0, y0, x1, y1] = wanted;
  const gap = 0.1 * (x1 - x0);
  const clashes = (b: BBox, lo: number, hi: number) => b[0] < hi + gap && lo - gap < b[2] && b[1] < y1 && y0 < b[3];
  if (!taken.some((b) => clashes(b, x0, x1))) return wanted;
  const east = Math.max(...taken.filter((b) => b[1] < y1 && y0 < b[3]).map((b) => b[2]));
  return [east + gap, y0, east + gap + (x1 - x0), y1];
}

/**
 * A smooth random wave on [0, 1] with values in [-1, 1]: three sines of rising frequency and
 * falling weight, so boundaries meander like streets and rivers rather than zigzag.
 */
function smoothWave(rand: () => number): (t: number) => number {
  const parts = [1, 0.5, 0.25].map((weight, i) => ({
    weight,
    freq: (0.5 + rand()) * 2 ** i,
    phase: rand(),
  }));
  return (t) => parts.reduce((s, p) => s + p.weight * Math.sin(2 * Math.PI * (p.freq * t + p.phase)), 0) / 1.75;
}

interface Border {
  points: Position[]; // bottom to top, strictly increasing latitude
}

/** A closed polygon with fresh position arrays (neighbours share values, not objects). */
function polygon(ring: Position[]): PolygonGeometry {
  const closed = ring.map((p) => [p[0], p[1]] as Position);
  closed.push([...(ring[0] as Position)]);
  return { type: 'Polygon', coordinates: [closed] };
}

function checkOptions({ bbox, groups, verticesPerCell = [20, 60] }: GenerateTilingOptions): void {
  const [x0, y0, x1, y1] = bbox;
  if (!(x1 > x0 && y1 > y0)) throw new RangeError('bbox must have minLng < maxLng and minLat < maxLat');
  if (groups.length === 0 || groups.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError('groups must be a non-empty list of positive integers');
  }
  const [vmin, vmax] = verticesPerCell;
  if (!Number.isInteger(vmin) || !Number.isInteger(vmax) || vmin < 8 || vmax < vmin) {
    throw new RangeError('verticesPerCell must be integers [min, max] with 8 ≤ min ≤ max');
  }
}

/**
 * Generates an outline split into groups and each group into cells, all tiling exactly.
 * Vertex counts stay within verticesPerCell when neighbouring groups have similar cell counts
 * (a group beside one with many more cells inherits their border vertices).
 */
export function generateTiling(opts: GenerateTilingOptions): GeneratedTiling {
  checkOptions(opts);
  const { bbox, groups } = opts;
  const [vmin, vmax] = opts.verticesPerCell ?? [20, 60];
  const rand = mulberry32(opts.seed ?? 1);
  const [x0, y0, x1, y1] = bbox;
  const W = x1 - x0, H = y1 - y0;
  const G = groups.length;
  const N = groups.reduce((s, n) => s + n, 0);

  // Border jitter stays within ±A of the border's base line; strips are wider than 4A, so borders
  // never meet, and each strip keeps a core (free of border jitter) where the cut lines wiggle.
  const A = (0.2 * W * Math.min(...groups)) / N;
  const xs: number[] = [x0 + A];
  for (const n of groups) xs.push((xs.at(-1) as number) + ((W - 2 * A) * n) / N);
  const yBottom = y0 + 0.03 * H, yTop = y1 - 0.03 * H;

  // Each border has p intervals per cell of its denser neighbour, so a cell side has about p-1
  // vertices of its own: a quarter of the minimum vertex count, the cut lines add the rest.
  const p = Math.max(1, Math.floor((vmin - 8) / 4));
  const borders: Border[] = xs.map((bx, k) => {
    const cells = Math.max(groups[k - 1] ?? 0, groups[k] ?? 0);
    const v = cells * p + 1;
    const yb = yBottom - rand() * 0.02 * H, yt = yTop + rand() * 0.02 * H;
    const step = (yt - yb) / (v - 1);
    const wave = smoothWave(rand);
    const points: Position[] = [];
    for (let i = 0; i < v; i++) {
      const s = Math.max(-1, Math.min(1, 0.9 * wave(i / (v - 1)) + (rand() - 0.5) * 0.2));
      const jitter = i === 0 || i === v - 1 ? 0 : (rand() - 0.5) * 0.6 * step;
      points.push([bx + A * s, yb + i * step + jitter]);
    }
    return { points };
  });

  const bottoms: Position[][] = [];
  const tops: Position[][] = [];
  const result: GeneratedTiling['groups'] = groups.map((n, k) => {
    const L = (borders[k] as Border).points, R = (borders[k + 1] as Border).points;
    const width = (xs[k + 1] as number) - (xs[k] as number);
    // Border vertex indices where the lines of this strip start and end: 0 bottom, n top.
    const a = Array.from({ length: n + 1 }, (_, m) => Math.round((m * (L.length - 1)) / n));
    const b = Array.from({ length: n + 1 }, (_, m) => Math.round((m * (R.length - 1)) / n));
    const side = (m: number) => (a[m] as number) - (a[m - 1] as number) - 1 + (b[m] as number) - (b[m - 1] as number) - 1;
    const inner = chooseInnerCounts(n, side, vmin, vmax, rand);
    const lines = stripLines(L, R, a, b, inner, { margin: 0.02 * width, maxBulge: 0.009 * H }, rand);
    bottoms.push(lines[0] as Position[]);
    tops.push(lines[n] as Position[]);
    const cells: PolygonGeometry[] = [];
    for (let m = 1; m <= n; m++) {
      cells.push(polygon([
        ...(lines[m - 1] as Position[]),
        ...R.slice((b[m - 1] as number) + 1, b[m] as number),
        ...[...(lines[m] as Position[])].reverse(),
        ...L.slice((a[m - 1] as number) + 1, a[m] as number).reverse(),
      ]));
    }
    const outline = polygon([
      ...(lines[0] as Position[]),
      ...R.slice(1, -1),
      ...[...(lines[n] as Position[])].reverse(),
      ...L.slice(1, -1).reverse(),
    ]);
    return { outline, cells };
  });

  const first = (borders[0] as Border).points, last = (borders[G] as Border).points;
  const outlineRing: Ring = [
    ...bottoms.flatMap((line, k) => (k === 0 ? line : line.slice(1))),
    ...last.slice(1, -1),
    ...tops.map((line) => [...line].reverse()).reverse().flatMap((line, k) => (k === 0 ? line : line.slice(1))),
    ...first.slice(1, -1).reverse(),
  ];
  return { outline: polygon(outlineRing), groups: result };
}

/** Largest x of a border's edges that reach into the latitude band [lo, hi]. */
function reach(border: Position[], lo: number, hi: number, side: 1 | -1): number {
  let best = -Infinity;
  for (let i = 0; i + 1 < border.length; i++) {
    const p = border[i] as Position, q = border[i + 1] as Position;
    if (Math.max(p[1], q[1]) >= lo && Math.min(p[1], q[1]) <= hi) best = Math.max(best, side * p[0], side * q[0]);
  }
  return side * best;
}

/**
 * The lines across one strip between borders L and R, bottom (0) to top (n), each from a vertex
 * of L to a vertex of R: a horizontal step off each border (a border rises monotonically, so a
 * horizontal segment meets it only at its own vertex), then a smooth wave in between. When the
 * latitude ranges of neighbouring lines' ends are apart, each line stays in its own band and starts
 * waving just clear of the border edges in that band; otherwise all lines share the strip's
 * border-free core and wave less than a quarter of the room to their neighbours, which keeps them
 * in order at every longitude.
 */
function stripLines(
  L: Position[], R: Position[], a: number[], b: number[], inner: number[],
  { margin, maxBulge }: { margin: number; maxBulge: number }, rand: () => number,
): Position[][] {
  const n = a.length - 1;
  const ends = a.map((ai, m) => [L[ai] as Position, R[b[m] as number] as Position] as const);
  const lo = (m: number) => Math.min(ends[m]![0][1], ends[m]![1][1]);
  const hi = (m: number) => Math.max(ends[m]![0][1], ends[m]![1][1]);
  const gaps = Array.from({ length: n }, (_, m) => lo(m + 1) - hi(m));
  const banded = gaps.every((g) => g > 0);
  const room = (m: number, i: number) => Math.min(Math.abs(ends[i]![0][1] - ends[m]![0][1]), Math.abs(ends[i]![1][1] - ends[m]![1][1]));
  const lines: Position[][] = [];
  for (let m = 0; m <= n; m++) {
    const [pl, pr] = ends[m]!;
    let amp = banded
      ? 0.4 * Math.min(gaps[m - 1] ?? Infinity, gaps[m] ?? Infinity)
      : 0.25 * Math.min(m > 0 ? room(m, m - 1) : Infinity, m < n ? room(m, m + 1) : Infinity);
    if (m === 0 || m === n) amp = Math.min(amp, maxBulge); // the outline bulges outwards only
    const bandLo = banded ? lo(m) - (m === n ? 0 : amp) : -Infinity;
    const bandHi = banded ? hi(m) + (m === 0 ? 0 : amp) : Infinity;
    const coreL = reach(L, bandLo, bandHi, 1) + margin, coreR = reach(R, bandLo, bandHi, -1) - margin;
    amp = Math.min(amp, 0.15 * (coreR - coreL)); // gentle next to the line's length
    const line: Position[] = [pl, [coreL, pl[1]]];
    const c = inner[m] as number;
    const wave = smoothWave(rand);
    for (let i = 1; i <= c; i++) {
      const f = i / (c + 1);
      // Tapered to zero at both ends so the line leaves the borders smoothly.
      const w = Math.sin(Math.PI * f) * Math.max(-1, Math.min(1, 0.9 * wave(f) + (rand() - 0.5) * 0.2));
      const dy = m === 0 ? (-amp * (w + 1)) / 2 : m === n ? (amp * (w + 1)) / 2 : amp * w;
      line.push([coreL + f * (coreR - coreL), pl[1] + f * (pr[1] - pl[1]) + dy]);
    }
    line.push([coreR, pr[1]], pr);
    lines.push(line);
  }
  return lines;
}

/**
 * How many wiggle vertices each line of a strip gets (lines 0..n), so that every cell, made of
 * its two lines (4 fixed vertices each) and its side vertices, has a random count in [vmin, vmax].
 */
function chooseInnerCounts(n: number, side: (m: number) => number, vmin: number, vmax: number, rand: () => number): number[] {
  const target = () => vmin + Math.floor(rand() * (vmax - vmin + 1));
  const inner = [Math.floor(rand() * (Math.max(0, target() - 8 - side(1)) / 2 + 1))];
  for (let m = 1; m <= n; m++) {
    const before = inner[m - 1] as number;
    const want = target() - 8 - side(m) - before;
    const lo = Math.max(0, vmin - 8 - side(m) - before);
    let hi = Math.max(0, vmax - 8 - side(m) - before);
    if (m < n) hi = Math.min(hi, Math.max(0, vmax - 8 - side(m + 1)));
    inner.push(Math.min(Math.max(want, lo), hi)); // when the range is empty, prefer staying under vmax
  }
  return inner;
}
