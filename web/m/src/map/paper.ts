// The plain background when no tile source is configured: pale squared paper drawn on canvas, so the
// map works with no tile server and no network (the grids' outlines carry the meaning).
import L from 'leaflet';

/** The snapshot's base map: an XYZ tile URL (cached for offline by the service worker) or none. */
export interface BaseMap {
  tileUrl: string | null;
  attribution: string | null;
  maxZoom?: number | null;
}

class PaperLayer extends L.GridLayer {
  protected override createTile(): HTMLElement {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 256;
    const ctx = tile.getContext('2d');
    if (ctx) {
      ctx.fillStyle = '#f6f8fb';
      ctx.fillRect(0, 0, 256, 256);
      ctx.strokeStyle = 'rgba(40, 70, 110, 0.08)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i < 256; i += 32) {
        ctx.moveTo(i + 0.5, 0);
        ctx.lineTo(i + 0.5, 256);
        ctx.moveTo(0, i + 0.5);
        ctx.lineTo(256, i + 0.5);
      }
      ctx.stroke();
    }
    return tile;
  }
}

export function paperLayer(): L.GridLayer {
  return new PaperLayer({ maxZoom: 22, tileSize: 256 });
}

/** A tile URL Leaflet can fill ({z} {x} {y}, optional {s} {r}); anything else would fail every tile. */
export function usableTileUrl(url: string | null | undefined): url is string {
  if (!url || !/^https?:\/\//.test(url)) return false;
  const holes: string[] = url.match(/\{[^}]*\}/g) ?? [];
  return ['{z}', '{x}'].every((h) => holes.includes(h)) && /\{-?y\}/.test(url) && holes.every((h) => ['{x}', '{y}', '{-y}', '{z}', '{s}', '{r}'].includes(h));
}
