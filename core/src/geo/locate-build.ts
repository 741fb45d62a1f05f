// Building the raster behind LocateIndex (see locate-index.ts for how it is queried).
import { polygonsOf, type AreaGeometry, type Position } from './types.js';

export interface LocateItem {
  id: number;
  geometry: AreaGeometry;
}

/** Int32 list that grows (build scratch). */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

// Largest raster we build (256 MB of cells); beyond it cells just get more candidates.
const MAX_CELLS = 1 << 26;
const EMPTY = -1;
const EDGE = -2;

/** Items' vertices in one array, ordered by id, with the edge list. */
export function flatten(items: LocateItem[]) {
  const sorted = [...items].sort((a, b) => a.id - b.id);
  let vertices = 0;
  for (const item of sorted) for (const poly of polygonsOf(item.geometry)) for (const ring of poly) vertices += ring.length + 1;
  const xy = new Float64Array(2 * vertices);
  const edgeStart = new IntList(); // vertex index of each edge's first end
  const edgeSlot = new IntList(); // item slot of each edge
  let v = 0;
  sorted.forEach((item, slot) => {
    for (const poly of polygonsOf(item.geometry)) {
      for (const ring of poly) {
        if (ring.length === 0) continue;
        const first = ring[0] as Position, last = ring[ring.length - 1] as Position;
        const closed = first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
        const start = v;
        for (const p of closed) {
          xy[2 * v] = p[0];
          xy[2 * v + 1] = p[1];
          v++;
        }
        for (let k = start; k < v - 1; k++) {
          edgeStart.push(k);
          edgeSlot.push(slot);
        }
      }
    }
  });
  return { ids: Float64Array.from(sorted, (i) => i.id), xy: xy.subarray(0, 2 * v).slice(), edgeStart: edgeStart.view(), edgeSlot: edgeSlot.view() };
}

/** The arrays of a locate index (see LocateIndex for their meaning). */
export interface RasterIndex {
  ids: Float64Array; // slot → id, ascending
  xy: Float64Array; // vertices, lng/lat interleaved
  x0: number;
  y0: number;
  invDx: number;
  invDy: number;
  nx: number;
  ny: number;
  // Per cell: ≥ 0 the slot of the item covering it, -1 none, ≤ -2 edge cell number -2-value.
  cells: Int32Array;
  cellPairStart: Int32Array; // per edge cell: its first pair
  pairItem: Int32Array; // per pair: slot << 1 | parity of the edges left out
  pairEdgeStart: Int32Array; // per pair: its first edge in edgeRefs
  edgeRefs: Int32Array; // per pair edge: vertex index of the edge's first end
}

export function buildRaster(items: LocateItem[], cellsPerItem: number): RasterIndex {
  if (!(cellsPerItem > 0)) throw new RangeError('cellsPerItem must be positive');
  const { ids, xy, edgeStart, edgeSlot } = flatten(items);
  const empty = new Int32Array(0);
  if (edgeStart.length === 0) {
    return { ids, xy, x0: 0, y0: 0, invDx: 0, invDy: 0, nx: 0, ny: 0, cells: empty, cellPairStart: new Int32Array(1), pairItem: empty, pairEdgeStart: new Int32Array(1), edgeRefs: empty };
  }

  // Extent, padded so that the largest coordinates still fall inside the last cell.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i] as number, y = xy[i + 1] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const span = Math.max(maxX - minX, maxY - minY, 1e-9);
  const pad = span * 1e-6;
  const x0 = minX - pad, y0 = minY - pad;
  const width = maxX - minX + 2 * pad, height = maxY - minY + 2 * pad;
  // Cells roughly square on the ground.
  const target = Math.min(MAX_CELLS, Math.max(1, Math.round(cellsPerItem * ids.length)));
  const groundWidth = width * Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const nx = Math.max(1, Math.min(target, Math.round(Math.sqrt((target * groundWidth) / height))));
  const ny = Math.max(1, Math.min(Math.floor(MAX_CELLS / nx), Math.round(target / nx)));
  const dx = width / nx, dy = height / ny;
  const invDx = 1 / dx, invDy = 1 / dy;
  // Margin for rounding: a cell counts as touched by an edge that passes within eps of it. It is
  // far above the rounding error of the cell arithmetic and far below a cell.
  const maxAbs = Math.max(Math.abs(minX), Math.abs(maxX), Math.abs(minY), Math.abs(maxY), 1);
  const epsX = Math.max(dx * 1e-7, maxAbs * 2 ** -40), epsY = Math.max(dy * 1e-7, maxAbs * 2 ** -40);
  const col = (x: number) => Math.min(nx - 1, Math.max(0, Math.floor((x - x0) * invDx)));
  const row = (y: number) => Math.min(ny - 1, Math.max(0, Math.floor((y - y0) * invDy)));

  // 1. For every edge and every row band it passes through: the columns it touches there.
  const recRow = new IntList(), recEdge = new IntList(), recLo = new IntList(), recHi = new IntList();
  for (let e = 0; e < edgeStart.length; e++) {
    const k = (edgeStart[e] as number) << 1;
    const ax = xy[k] as number, ay = xy[k + 1] as number, bx = xy[k + 2] as number, by = xy[k + 3] as number;
    const eMinY = Math.min(ay, by), eMaxY = Math.max(ay, by);
    const j1 = row(eMaxY + epsY);
    for (let j = row(eMinY - epsY); j <= j1; j++) {
      const bandLo = y0 + j * dy - epsY, bandHi = y0 + (j + 1) * dy + epsY;
      const yl = Math.max(eMinY, bandLo), yh = Math.min(eMaxY, bandHi);
      if (yl > yh) continue;
      let xl: number, xh: number;
      if (ay === by) {
        xl = Math.min(ax, bx);
        xh = Math.max(ax, bx);
      } else {
        const t1 = Math.min(1, Math.max(0, (yl - ay) / (by - ay))), t2 = Math.min(1, Math.max(0, (yh - ay) / (by - ay)));
        const xa = ax + t1 * (bx - ax), xb = ax + t2 * (bx - ax);
        xl = Math.min(xa, xb);
        xh = Math.max(xa, xb);
      }
      // Edges crossing the whole band (with margin) are flagged: to the right of a cell they
      // flip the ray parity of every point in it, whatever its latitude.
      const full = eMinY < bandLo && eMaxY > bandHi ? 1 : 0;
      recRow.push(j);
      recEdge.push((e << 1) | full);
      recLo.push(col(xl - epsX));
      recHi.push(col(xh + epsX));
    }
  }

  // 2. Records bucketed by row, keeping edge order (hence item order) within a row.
  const rowStart = new Int32Array(ny + 1);
  const rows = recRow.view();
  for (let r = 0; r < rows.length; r++) rowStart[(rows[r] as number) + 1] = (rowStart[(rows[r] as number) + 1] as number) + 1;
  for (let j = 0; j < ny; j++) rowStart[j + 1] = (rowStart[j + 1] as number) + (rowStart[j] as number);
  const fillPos = rowStart.slice(0, ny);
  const rEdge = new Int32Array(rows.length), rLo = new Int32Array(rows.length), rHi = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r] as number;
    const at = fillPos[j] as number;
    fillPos[j] = at + 1;
    rEdge[at] = recEdge.data[r] as number;
    rLo[at] = recLo.data[r] as number;
    rHi[at] = recHi.data[r] as number;
  }

  // 3. Edge cells.
  const cells = new Int32Array(nx * ny).fill(EMPTY);
  for (let j = 0; j < ny; j++) {
    for (let r = rowStart[j] as number; r < (rowStart[j + 1] as number); r++) {
      for (let i = rLo[r] as number; i <= (rHi[r] as number); i++) cells[j * nx + i] = EDGE;
    }
  }

  // 4. Row by row, item by item: fill the cells whose centre lies inside the item (even-odd spans
  // on the row's centre line), and list the item as a candidate of the edge cells it touches or
  // covers, with the edges that can decide a point there.
  const pairCell = new IntList(), pairItem = new IntList(), pairEdgeFrom = new IntList(), edgeBuf = new IntList();
  const stamp = new Int32Array(nx);
  const candidates = new Int32Array(nx);
  let xs = new Float64Array(64);
  let token = 0;
  for (let j = 0; j < ny; j++) {
    const yc = y0 + (j + 0.5) * dy;
    const base = j * nx;
    const rEnd = rowStart[j + 1] as number;
    for (let runStart = rowStart[j] as number; runStart < rEnd;) {
      const slot = edgeSlot[(rEdge[runStart] as number) >> 1] as number;
      let runEnd = runStart + 1;
      while (runEnd < rEnd && edgeSlot[(rEdge[runEnd] as number) >> 1] === slot) runEnd++;
      token++;
      let nCand = 0;
      const addCandidate = (i: number) => {
        if (stamp[i] !== token) {
          stamp[i] = token;
          candidates[nCand++] = i;
        }
      };
      // Spans of the item on the centre line.
      let nx2 = 0;
      for (let r = runStart; r < runEnd; r++) {
        const k = (edgeStart[(rEdge[r] as number) >> 1] as number) << 1;
        const ay = xy[k + 1] as number, by = xy[k + 3] as number;
        if (ay > yc !== by > yc) {
          const ax = xy[k] as number, bx = xy[k + 2] as number;
          if (nx2 === xs.length) {
            const grown = new Float64Array(xs.length * 2);
            grown.set(xs);
            xs = grown;
          }
          xs[nx2++] = ax + ((yc - ay) * (bx - ax)) / (by - ay);
        }
      }
      const sortedXs = xs.subarray(0, nx2).sort();
      for (let s = 0; s + 1 < nx2; s += 2) {
        const iFrom = Math.max(0, Math.ceil(((sortedXs[s] as number) - x0) * invDx - 0.5));
        const iTo = Math.min(nx - 1, Math.floor(((sortedXs[s + 1] as number) - x0) * invDx - 0.5));
        for (let i = iFrom; i <= iTo; i++) {
          const v = cells[base + i] as number;
          if (v === EMPTY) cells[base + i] = slot;
          else if (v === EDGE) addCandidate(i);
        }
      }
      for (let r = runStart; r < runEnd; r++) for (let i = rLo[r] as number; i <= (rHi[r] as number); i++) addCandidate(i);
      for (let c = 0; c < nCand; c++) {
        const i = candidates[c] as number;
        let parity = 0;
        pairCell.push(base + i);
        pairEdgeFrom.push(edgeBuf.length);
        for (let r = runStart; r < runEnd; r++) {
          if ((rHi[r] as number) < i) continue; // wholly left of the cell: never crossed, never touched
          const code = rEdge[r] as number;
          if ((rLo[r] as number) > i && (code & 1) === 1) parity ^= 1;
          else edgeBuf.push(edgeStart[code >> 1] as number);
        }
        pairItem.push((slot << 1) | parity);
      }
      runStart = runEnd;
    }
  }

  // 5. Pairs grouped by cell (stable, so by ascending id within a cell), edge cells numbered.
  const nPairs = pairCell.length;
  const pc = pairCell.view(), pf = pairEdgeFrom.view(), pi = pairItem.view(), eb = edgeBuf.view();
  const order = new Int32Array(nPairs);
  const cellCount = new Int32Array(nx * ny + 1);
  for (let q = 0; q < nPairs; q++) cellCount[(pc[q] as number) + 1] = (cellCount[(pc[q] as number) + 1] as number) + 1;
  for (let c = 0; c < nx * ny; c++) cellCount[c + 1] = (cellCount[c + 1] as number) + (cellCount[c] as number);
  for (let q = 0; q < nPairs; q++) {
    const c = pc[q] as number;
    const at = cellCount[c] as number;
    cellCount[c] = at + 1;
    order[at] = q;
  }
  const outItem = new Int32Array(nPairs), outEdgeStart = new Int32Array(nPairs + 1), outEdges = new Int32Array(eb.length);
  let written = 0;
  for (let q = 0; q < nPairs; q++) {
    const p = order[q] as number;
    outItem[q] = pi[p] as number;
    outEdgeStart[q] = written;
    const from = pf[p] as number, to = p + 1 < nPairs ? (pf[p + 1] as number) : eb.length;
    for (let e = from; e < to; e++) outEdges[written++] = eb[e] as number;
  }
  outEdgeStart[nPairs] = written;
  const edgeCellCount = cells.reduce((n, v) => (v === EDGE ? n + 1 : n), 0);
  const cellPairStart = new Int32Array(edgeCellCount + 1);
  let k = 0, q = 0;
  for (let c = 0; c < nx * ny; c++) {
    if (cells[c] !== EDGE) continue;
    cellPairStart[k] = q;
    while (q < nPairs && pc[order[q] as number] === c) q++;
    cells[c] = EDGE - k;
    k++;
  }
  cellPairStart[k] = q;
  return { ids, xy, x0, y0, invDx, invDy, nx, ny, cells, cellPairStart, pairItem: outItem, pairEdgeStart: outEdgeStart, edgeRefs: outEdges };
}

