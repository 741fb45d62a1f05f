import { describe, expect, it } from 'vitest';
import { generateTiling } from './generate.js';
import { buildRaster, flatten } from './locate-build.js';
import { naiveLocate } from './locate-index.js';

describe('locate raster', () => {
  const tiling = generateTiling({ bbox: [113.665, 34.76, 113.7, 34.792], groups: [6, 6, 6, 6], seed: 2 });
  const items = tiling.groups.flatMap((g) => g.cells).map((geometry, i) => ({ id: 100 - i, geometry }));

  it('flattens items by ascending id, closing rings', () => {
    const flat = flatten([{ id: 9, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] } }, { id: 3, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }]);
    expect([...flat.ids]).toEqual([3, 9]);
    expect(flat.edgeStart).toHaveLength(6);
    expect([...flat.edgeSlot]).toEqual([0, 0, 0, 1, 1, 1]);
  });
  it('has about cellsPerItem cells per item, and every cell is either owned, empty or an edge cell with candidates', () => {
    const r = buildRaster(items, 32);
    expect(r.nx * r.ny / items.length).toBeGreaterThan(24);
    expect(r.nx * r.ny / items.length).toBeLessThan(40);
    const dx = 1 / r.invDx, dy = 1 / r.invDy;
    let owned = 0, edge = 0;
    for (let j = 0; j < r.ny; j++) {
      for (let i = 0; i < r.nx; i++) {
        const v = r.cells[j * r.nx + i]!;
        const cx = r.x0 + (i + 0.5) * dx, cy = r.y0 + (j + 0.5) * dy;
        if (v >= 0) {
          owned++;
          expect(naiveLocate(items, cx, cy)).toBe(r.ids[v]);
        } else if (v === -1) {
          expect(naiveLocate(items, cx, cy)).toBe(-1);
        } else {
          edge++;
          const k = -2 - v;
          expect(r.cellPairStart[k + 1]! - r.cellPairStart[k]!).toBeGreaterThan(0);
        }
      }
    }
    // Most of the territory is answered from the raster alone.
    expect(owned).toBeGreaterThan(edge * 0.8);
  });
  it('candidates in an edge cell are in ascending id order', () => {
    const r = buildRaster(items, 16);
    for (let k = 0; k + 1 < r.cellPairStart.length; k++) {
      for (let q = r.cellPairStart[k]! + 1; q < r.cellPairStart[k + 1]!; q++) {
        expect(r.pairItem[q]! >> 1).toBeGreaterThan(r.pairItem[q - 1]! >> 1);
      }
    }
  });
});
