// Leaflet layers of the offline map: a faint graph-paper background (no tiles needed) and the
// name labels, placed at each shape's labelAt and shown for the level that fits the zoom.
import L from 'leaflet';
import type { GridFeature } from '@/api/types';
import { bboxOf } from './feature-index';
import type { LevelRole } from './map-style';

/**
 * A tile URL template Leaflet can fill: {x} {y} {z} and optionally {s} {r}. Any other placeholder
 * (a forgotten {key}) would throw on every tile.
 */
export function usableTemplate(url: string): boolean {
  const placeholders: string[] = url.match(/\{[^}]*\}/g) ?? [];
  const known = new Set(['{x}', '{y}', '{-y}', '{z}', '{s}', '{r}']);
  return ['{x}', '{z}'].every((p) => placeholders.includes(p)) && /\{-?y\}/.test(url) && placeholders.every((p) => known.has(p));
}

/** Graph paper that pans and zooms with the map: the offline background when no tiles are set. */
export function graticuleLayer(): L.GridLayer {
  const Paper = L.GridLayer.extend({
    createTile(): HTMLCanvasElement {
      const tile = document.createElement('canvas');
      tile.width = tile.height = 256;
      const ctx = tile.getContext('2d');
      if (!ctx) return tile;
      ctx.strokeStyle = 'rgba(15, 39, 68, 0.045)';
      ctx.lineWidth = 1;
      for (let i = 64; i < 256; i += 64) {
        ctx.beginPath();
        ctx.moveTo(i + 0.5, 0);
        ctx.lineTo(i + 0.5, 256);
        ctx.moveTo(0, i + 0.5);
        ctx.lineTo(256, i + 0.5);
        ctx.stroke();
      }
      ctx.strokeStyle = 'rgba(15, 39, 68, 0.09)';
      ctx.beginPath();
      ctx.moveTo(0.5, 0);
      ctx.lineTo(0.5, 256);
      ctx.moveTo(0, 0.5);
      ctx.lineTo(256, 0.5);
      ctx.stroke();
      return tile;
    },
  });
  const PaperLayer = Paper as unknown as new (options: L.GridLayerOptions) => L.GridLayer;
  return new PaperLayer({ pane: 'tilePane', maxZoom: 22 });
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Past this many labels in view, the level is too small to read anyway.
const MAX_LABELS = 600;
// A level is labelled when most of its shapes in view can hold their names.
const FIT_SHARE = 0.6;
const SAMPLE = 200;

interface Entry {
  feature: GridFeature;
  sw: L.LatLng;
  ne: L.LatLng;
  latLng: L.LatLng;
}

type Orientation = 'h' | 'v';

/** Rough width of a label in pixels: CJK characters are square, Latin letters and digits narrow. */
function textWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) em += /[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 1 : 0.58;
  return em * fontPx + 8;
}

/**
 * Names of the deepest level whose shapes can hold them at the current zoom (communities when
 * zoomed out, grids when zoomed in), only inside the view and never on top of each other. Tall
 * narrow shapes (a community strip) get their name written vertically, as Chinese maps do; the
 * deepest level is only labelled horizontally, or the map fills up with vertical text.
 * Labels never take clicks: a click on a label is a click on the shape under it.
 */
export class LabelLayer {
  private readonly group: L.LayerGroup;
  private readonly markers = new Map<string, L.Marker>();
  private byLevel = new Map<number, Entry[]>();
  private roles = new Map<number, LevelRole>();

  constructor(private readonly map: L.Map, pane: string) {
    this.group = L.layerGroup([], { pane }).addTo(map);
  }

  setFeatures(features: GridFeature[], roles: Map<number, LevelRole>): void {
    this.roles = roles;
    this.byLevel = new Map();
    for (const feature of features) {
      const [w, s, e, n] = bboxOf(feature.geometry);
      const [lng, lat] = feature.properties.labelAt;
      const list = this.byLevel.get(feature.properties.level) ?? [];
      list.push({ feature, sw: L.latLng(s, w), ne: L.latLng(n, e), latLng: L.latLng(lat, lng) });
      this.byLevel.set(feature.properties.level, list);
    }
    this.group.clearLayers();
    this.markers.clear();
    this.refresh();
  }

  private fontPx(level: number): number {
    return this.roles.get(level) === 'leaf' ? 12 : 14;
  }

  /** How the name fits in its shape on screen, or null when it does not. */
  private fit(entry: Entry): Orientation | null {
    const a = this.map.latLngToLayerPoint(entry.sw);
    const b = this.map.latLngToLayerPoint(entry.ne);
    const width = Math.abs(b.x - a.x);
    const height = Math.abs(b.y - a.y);
    const p = entry.feature.properties;
    const text = textWidth(p.name, this.fontPx(p.level));
    const line = this.fontPx(p.level) + 8;
    if (width >= text && height >= line) return 'h';
    if (this.roles.get(p.level) !== 'leaf' && height >= text && width >= line) return 'v';
    return null;
  }

  /** The typical on-screen width of a level's shapes, in pixels. */
  typicalWidthPx(level: number): number {
    const entries = this.byLevel.get(level) ?? [];
    const step = Math.max(1, Math.floor(entries.length / SAMPLE));
    const widths = entries
      .filter((_e, i) => i % step === 0)
      .map((e) => Math.abs(this.map.latLngToLayerPoint(e.ne).x - this.map.latLngToLayerPoint(e.sw).x))
      .sort((a, b) => a - b);
    return widths[Math.floor(widths.length / 2)] ?? 0;
  }

  private inView(level: number, view: L.LatLngBounds): Entry[] {
    return (this.byLevel.get(level) ?? []).filter((e) => view.contains(e.latLng));
  }

  /** The deepest level most of whose shapes in view can hold their names. */
  private labelLevel(view: L.LatLngBounds): number | null {
    for (const level of [...this.byLevel.keys()].sort((a, b) => b - a)) {
      const entries = this.inView(level, view);
      if (!entries.length) continue;
      const step = Math.max(1, Math.floor(entries.length / SAMPLE));
      const sample = entries.filter((_e, i) => i % step === 0);
      if (sample.filter((e) => this.fit(e) !== null).length >= sample.length * FIT_SHARE) return level;
    }
    return null;
  }

  refresh(): void {
    const view = this.map.getBounds();
    const level = this.labelLevel(view);
    const wanted = new Map<string, { entry: Entry; orientation: Orientation }>();
    // Labels stay whole inside the map; the first ones placed keep their room.
    const size = this.map.getSize();
    const screen = L.bounds([0, 0], [size.x, size.y]);
    const placed: L.Bounds[] = [];
    for (const entry of level === null ? [] : this.inView(level, view)) {
      const orientation = this.fit(entry);
      if (!orientation) continue;
      const p = entry.feature.properties;
      const long = textWidth(p.name, this.fontPx(p.level));
      const short = this.fontPx(p.level) + 4;
      const [w, h] = orientation === 'h' ? [long, short] : [short, long];
      const at = this.map.latLngToContainerPoint(entry.latLng);
      const box = L.bounds([at.x - w / 2, at.y - h / 2], [at.x + w / 2, at.y + h / 2]);
      if (!screen.contains(box) || placed.some((other) => other.intersects(box))) continue;
      placed.push(box);
      wanted.set(`${keyOf(entry.feature)}:${orientation}`, { entry, orientation });
      if (wanted.size > MAX_LABELS) {
        wanted.clear();
        break;
      }
    }
    for (const [key, marker] of this.markers) {
      if (!wanted.has(key)) {
        this.group.removeLayer(marker);
        this.markers.delete(key);
      }
    }
    for (const [key, { entry, orientation }] of wanted) {
      if (!this.markers.has(key)) {
        const marker = this.labelMarker(entry, orientation);
        this.markers.set(key, marker);
        this.group.addLayer(marker);
      }
    }
  }

  private labelMarker(entry: Entry, orientation: Orientation): L.Marker {
    const p = entry.feature.properties;
    const role = this.roles.get(p.level) ?? 'leaf';
    const icon = L.divIcon({
      className: 'cg-map-label-anchor',
      iconSize: [0, 0],
      html: `<span class="cg-map-label cg-map-label--${role} cg-map-label--${orientation}" data-testid="map-label" data-id="${p.id}">${escapeHtml(p.name)}</span>`,
    });
    return L.marker(entry.latLng, { icon, interactive: false, keyboard: false, pane: this.group.options.pane });
  }
}

function keyOf(f: GridFeature): string {
  return `${f.properties.id}:${f.properties.draft ? 'd' : 'c'}`;
}
