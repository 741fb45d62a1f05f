// GCJ-02 (国测局坐标, "Mars coordinates"), used by AMap, Tencent and 天地图-derived base maps in
// China, versus WGS-84 (GPS), which we store. GCJ-02 adds a smooth, position-dependent offset of
// a few hundred metres inside China; outside China both are the same.
import type { AreaGeometry, Position } from './types.js';

// Krasovsky 1940 ellipsoid, as in the published GCJ-02 obfuscation formula.
const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.00669342162296594323;
const PI = Math.PI;

/**
 * True outside the rectangle that map SDKs treat as China. It is the conventional box, not the
 * border: base maps shift everything inside it, so we must shift the same points to match them.
 */
export function outOfChina(p: Position): boolean {
  const [lng, lat] = p;
  return !(lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3;
  return r;
}

function offsetLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3;
  return r;
}

/** The GCJ-02 offset [dLng, dLat] in degrees at a WGS-84 position inside China. */
function gcjOffset(lng: number, lat: number): [number, number] {
  const radLat = (lat / 180) * PI;
  const s = Math.sin(radLat);
  const magic = 1 - KRASOVSKY_EE * s * s;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(lng - 105, lat - 35) * 180) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * PI);
  const dLng = (offsetLng(lng - 105, lat - 35) * 180) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * PI);
  return [dLng, dLat];
}

export function wgs84ToGcj02(p: Position): Position {
  if (outOfChina(p)) return [p[0], p[1]];
  const [dLng, dLat] = gcjOffset(p[0], p[1]);
  return [p[0] + dLng, p[1] + dLat];
}

/**
 * The inverse has no closed form; the offset changes slowly (well under 1e-5 per degree of
 * displacement relative to itself), so a fixed-point iteration converges to ~1e-12° in a few
 * steps.
 */
export function gcj02ToWgs84(p: Position): Position {
  if (outOfChina(p)) return [p[0], p[1]];
  let lng = p[0];
  let lat = p[1];
  for (let i = 0; i < 20; i++) {
    const [gLng, gLat] = wgs84ToGcj02([lng, lat]);
    const eLng = gLng - p[0];
    const eLat = gLat - p[1];
    lng -= eLng;
    lat -= eLat;
    if (Math.abs(eLng) < 1e-12 && Math.abs(eLat) < 1e-12) break;
  }
  return [lng, lat];
}

/** The same geometry with every position passed through f (a new object; the input is untouched). */
export function mapGeometry<G extends AreaGeometry>(g: G, f: (p: Position) => Position): G {
  const ring = (r: Position[]): Position[] => r.map((p) => f(p));
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(ring) };
  return { ...g, coordinates: g.coordinates.map((poly) => poly.map(ring)) };
}
