// GeoJSON-shaped area geometry (RFC 7946), as stored for grids: WGS-84 degrees, [lng, lat].

export type Position = [number, number]; // [lng, lat], degrees
export type Ring = Position[]; // closed: first equals last
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[]; // outer ring, then holes
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;
export type BBox = [number, number, number, number]; // minLng, minLat, maxLng, maxLat

/** The polygons of a geometry, each as its list of rings (outer first). */
export function polygonsOf(g: AreaGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** A Polygon when there is one piece, a MultiPolygon otherwise. */
export function fromPolygons(polygons: Ring[][]): AreaGeometry {
  return polygons.length === 1 && polygons[0]
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}
