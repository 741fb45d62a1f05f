import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, mapGeometry, outOfChina, wgs84ToGcj02 } from './coords.js';
import { distanceM } from './measure.js';
import type { PolygonGeometry, Position } from './types.js';

const CITIES: Array<[string, Position]> = [
  ['郑州 花园路', [113.68, 34.77]],
  ['北京', [116.404, 39.915]],
  ['上海', [121.4737, 31.2304]],
  ['广州', [113.2644, 23.1291]],
  ['成都', [104.0665, 30.5723]],
  ['乌鲁木齐', [87.6168, 43.8256]],
  ['哈尔滨', [126.535, 45.8038]],
  ['拉萨', [91.1409, 29.6456]],
  ['海口', [110.3312, 20.0311]],
  ['杭州', [120.1551, 30.2741]],
];

describe('GCJ-02 / WGS-84', () => {
  it('matches the published GCJ-02 formula', () => {
    // The widely reproduced reference value (coordtransform and its ports) for 116.404, 39.915.
    const [lng, lat] = wgs84ToGcj02([116.404, 39.915]);
    expect(lng).toBeCloseTo(116.41024449916938, 9);
    expect(lat).toBeCloseTo(39.91640428150164, 9);
  });
  it('shifts points inside China by a few hundred metres', () => {
    for (const [, p] of CITIES) {
      const d = distanceM(p, wgs84ToGcj02(p));
      expect(d).toBeGreaterThan(50);
      expect(d).toBeLessThan(1000);
    }
  });
  it('round-trips within 0.5 m across China', () => {
    for (const [, p] of CITIES) {
      expect(distanceM(p, gcj02ToWgs84(wgs84ToGcj02(p)))).toBeLessThan(0.5);
      expect(distanceM(p, wgs84ToGcj02(gcj02ToWgs84(p)))).toBeLessThan(0.5);
    }
    // And on a lattice over the whole box.
    for (let lng = 75; lng <= 135; lng += 2.5) {
      for (let lat = 18; lat <= 53; lat += 2.5) {
        expect(distanceM([lng, lat], gcj02ToWgs84(wgs84ToGcj02([lng, lat])))).toBeLessThan(0.5);
      }
    }
  });
  it('leaves points outside China alone', () => {
    for (const p of [[139.6917, 35.6895], [2.3522, 48.8566], [-74.006, 40.7128], [151.2093, -33.8688]] as Position[]) {
      expect(outOfChina(p)).toBe(true);
      expect(wgs84ToGcj02(p)).toEqual(p);
      expect(gcj02ToWgs84(p)).toEqual(p);
    }
    expect(outOfChina([113.68, 34.77])).toBe(false);
  });
  it('maps whole geometries without touching the input', () => {
    const g: PolygonGeometry = { type: 'Polygon', coordinates: [[[113.6, 34.7], [113.7, 34.7], [113.7, 34.8], [113.6, 34.7]]] };
    const copy = structuredClone(g);
    const shifted = mapGeometry(g, wgs84ToGcj02);
    expect(g).toEqual(copy);
    expect(shifted.type).toBe('Polygon');
    expect(shifted.coordinates[0]![1]).toEqual(wgs84ToGcj02([113.7, 34.7]));
    const back = mapGeometry(shifted, gcj02ToWgs84);
    back.coordinates[0]!.forEach((p, i) => expect(distanceM(p, g.coordinates[0]![i]!)).toBeLessThan(0.01));
    const multi = mapGeometry({ type: 'MultiPolygon', coordinates: [g.coordinates] }, (p) => [p[0] + 1, p[1]]);
    expect(multi.coordinates[0]![0]![0]).toEqual([114.6, 34.7]);
  });
});
