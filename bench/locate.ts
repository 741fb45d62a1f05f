// `npm run bench:locate`: how fast a point is located to its grid, the query behind every report.
//
//   grids             20,000 synthetic grids (20–60 vertices each) tiling a ~30 km × 30 km
//                     district near 34.77N 113.68E (core/src/geo/generate.ts, fixed seed)
//   points_per_s      LocateIndex.locate over 1,000,000 uniform random points in the district's
//                     box (best of 3 passes, one thread)
//   naive_points_per_s naiveLocate (exact point-in-polygon on every grid) on the first 2,000 of
//                     the same points, in the same run; its answers are compared with the index's
//   build_ms, index_mb LocateIndex.build time and the bytes its arrays hold
//
// The last line is one JSON object with these figures.
import { generateTiling, randomPointsIn } from '../core/src/geo/generate.js';
import { LocateIndex, naiveLocate } from '../core/src/geo/locate-index.js';
import type { BBox } from '../core/src/geo/types.js';

const GRIDS = 20_000;
const POINTS = 1_000_000;
const NAIVE_POINTS = Number(process.env.NAIVE_POINTS ?? 2_000);
const CELLS_PER_ITEM = Number(process.env.CELLS_PER_ITEM ?? 32);
// ~30 km × 30 km around 金水区 (Zhengzhou): 0.27° of latitude, 0.33° of longitude at 34.77N.
const BBOX: BBox = [113.515, 34.635, 113.845, 34.905];

const t0 = performance.now();
const tiling = generateTiling({ bbox: BBOX, groups: Array<number>(100).fill(GRIDS / 100), verticesPerCell: [20, 60], seed: 2026 });
const items = tiling.groups.flatMap((g) => g.cells).map((geometry, i) => ({ id: i + 1, geometry }));
const vertices = items.reduce((s, it) => s + it.geometry.coordinates[0]!.length - 1, 0);
console.log(`generated ${items.length} grids, ${vertices} vertices (${(vertices / items.length).toFixed(1)} per grid) in ${(performance.now() - t0).toFixed(0)} ms`);

let start = performance.now();
const index = LocateIndex.build(items, { cellsPerItem: CELLS_PER_ITEM });
const buildMs = performance.now() - start;
const indexMb = index.memoryBytes() / 2 ** 20;
console.log(`index: ${index.size} grids, built in ${buildMs.toFixed(0)} ms, ${indexMb.toFixed(1)} MB (cellsPerItem ${CELLS_PER_ITEM})`);

const points = randomPointsIn(BBOX, POINTS, 7);
const answers = new Float64Array(POINTS);
let best = Infinity;
for (let pass = 0; pass < 3; pass++) {
  start = performance.now();
  for (let i = 0; i < POINTS; i++) answers[i] = index.locate(points[2 * i]!, points[2 * i + 1]!);
  best = Math.min(best, performance.now() - start);
}
const pointsPerS = POINTS / (best / 1000);
const located = answers.reduce((n, a) => (a >= 0 ? n + 1 : n), 0);
console.log(`index: ${POINTS} points in ${best.toFixed(0)} ms → ${Math.round(pointsPerS).toLocaleString('en')} points/s (${((100 * located) / POINTS).toFixed(1)}% inside a grid)`);

start = performance.now();
let mismatches = 0;
for (let i = 0; i < NAIVE_POINTS; i++) {
  if (naiveLocate(items, points[2 * i]!, points[2 * i + 1]!) !== answers[i]) mismatches++;
}
const naiveMs = performance.now() - start;
const naivePointsPerS = NAIVE_POINTS / (naiveMs / 1000);
console.log(`naive: ${NAIVE_POINTS} points in ${naiveMs.toFixed(0)} ms → ${Math.round(naivePointsPerS).toLocaleString('en')} points/s; ${mismatches} answers differ from the index`);
console.log(`speed-up: ${Math.round(pointsPerS / naivePointsPerS).toLocaleString('en')}×`);
if (mismatches > 0) process.exitCode = 1;

const round = (x: number, digits: number) => Number(x.toFixed(digits));
console.log(JSON.stringify({
  bench: 'locate',
  grids: index.size,
  points_per_s: Math.round(pointsPerS),
  naive_points_per_s: round(naivePointsPerS, 1),
  build_ms: Math.round(buildMs),
  index_mb: round(indexMb, 1),
}));
