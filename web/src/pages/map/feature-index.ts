// Which territory shapes contain a point the user clicked or hovers: a bounding-box scan, then an
// exact point-in-polygon test (the same one the server's locator uses) on the few candidates.
import { pointInGeometry } from '@core/geo/pip';
import type { AreaGeometry, GridFeature, Id, Position } from '@/api/types';

type BBox = [number, number, number, number];

/** [west, south, east, north] of the outer rings. */
export function bboxOf(g: AreaGeometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
  return box;
}

export class FeatureIndex {
  private readonly entries: { feature: GridFeature; box: BBox }[];
  private readonly byId = new Map<Id, GridFeature>();

  constructor(features: GridFeature[]) {
    // Deepest first, so the first hit is the most specific shape (a grid before its community).
    this.entries = features
      .map((feature) => ({ feature, box: bboxOf(feature.geometry) }))
      .sort((a, b) => b.feature.properties.level - a.feature.properties.level);
    for (const f of features) this.byId.set(f.properties.id, f);
  }

  get(id: Id): GridFeature | undefined {
    return this.byId.get(id);
  }

  /** Every shape containing the point (edges count), deepest level first. */
  at(p: Position): GridFeature[] {
    const [x, y] = p;
    const hits: GridFeature[] = [];
    for (const { feature, box } of this.entries) {
      if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue;
      if (pointInGeometry(p, feature.geometry) !== 'outside') hits.push(feature);
    }
    return hits;
  }

  /** The bounds [[south, west], [north, east]] of a shape, for fitting the map to it. */
  bounds(id: Id): [[number, number], [number, number]] | null {
    const entry = this.entries.find((e) => e.feature.properties.id === id);
    if (!entry) return null;
    const [w, s, e, n] = entry.box;
    return [[s, w], [n, e]];
  }
}
