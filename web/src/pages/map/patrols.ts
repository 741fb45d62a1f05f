// 巡查轨迹 on a Leaflet map (the grid map and the command board): today's track of each patrol with
// its walker, times and distance, and each grid worker's last position — a running patrol green and
// pulsing, an ended one grey. Shown to those who may read the live view, refreshed while shown.
// Nothing here counts or ranks workers: a track is a record of the walk (see modules/patrol).
import L from 'leaflet';
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import { distanceM } from '@core/geo/measure';
import { fieldApi, type PatrolsLive, type PatrolTrack, type PatrolWorker } from '@/api/field';
import type { GridFeature, Id, Position } from '@/api/types';
import { P } from '@/router/permissions';
import { can } from '@/session';
import { formatDateTime } from '@/utils/format';

/** How often a shown layer asks again; a phone sends its points every few seconds. */
export const PATROL_REFRESH_MS = 30_000;
const REMEMBER_KEY = 'cg.patrols.shown';

/** GET /api/field/patrols/live needs user.read (supervisors: leader, secretary, dispatcher, admin). */
export function mayWatchPatrols(): boolean {
  return can(P.userRead);
}

/** The nodes whose subtrees hold every shape drawn: the top shapes, or their one common parent. */
export function rootIdsOf(features: GridFeature[]): Id[] {
  const ids = new Set(features.map((f) => f.properties.id));
  const tops = features.filter((f) => f.properties.parentId === null || !ids.has(f.properties.parentId));
  const parents = new Set(tops.map((f) => f.properties.parentId));
  const [only] = parents;
  // A district without a boundary of its own shows its streets as tops: ask once, for the district.
  return parents.size === 1 && only != null && tops.length > 1 ? [only] : tops.map((f) => f.properties.id);
}

/** Several nodes' answers as one: a worker once (running or latest position wins), a track once. */
export function mergeLive(answers: PatrolsLive[]): PatrolsLive {
  const workers = new Map<number, PatrolWorker>();
  const tracks = new Map<string, PatrolTrack>();
  for (const answer of answers) {
    for (const w of answer.workers) {
      const had = workers.get(w.userId);
      const later = !had?.last || (w.last !== null && w.last.at > had.last.at);
      workers.set(w.userId, { ...w, patrolling: w.patrolling || !!had?.patrolling, last: later ? w.last : had.last });
    }
    for (const t of answer.tracks) tracks.set(t.uuid, t);
  }
  return { workers: [...workers.values()], tracks: [...tracks.values()] };
}

/** The answer in the map's coordinates (GCJ-02 under AMap/Tencent tiles). */
export function projectLive(live: PatrolsLive, project: (p: Position) => Position): PatrolsLive {
  return {
    workers: live.workers.map((w) => {
      if (!w.last) return w;
      const [lng, lat] = project([w.last.lng, w.last.lat]);
      return { ...w, last: { ...w.last, lng, lat } };
    }),
    tracks: live.tracks.map((t) => ({ ...t, points: t.points.map((p) => project(p)) })),
  };
}

/** Metres along the track as drawn (the live view thins long tracks, so slightly short of the walk). */
export function trackLengthM(points: Position[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distanceM(points[i - 1]!, points[i]!);
  return Math.round(total);
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

const clock = (at: string) => formatDateTime(at).slice(11, 16);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function distanceText(m: number, t: Translate): string {
  return m < 1000 ? t('map.patrols.metres', { n: m }) : t('map.patrols.km', { n: (m / 1000).toFixed(1) });
}

/** "赵立新 · 09:12–09:40 · 1.2 公里", or "… · 09:12 起 · 巡查中 · …" while walking. */
export function trackText(track: PatrolTrack, t: Translate): string {
  const when = track.endedAt ? `${clock(track.startedAt)}–${clock(track.endedAt)}` : `${t('map.patrols.since', { at: clock(track.startedAt) })} · ${t('map.patrols.running')}`;
  return `${track.name} · ${when} · ${distanceText(trackLengthM(track.points), t)}`;
}

// One colour per worker, so two walks in one grid can be told apart; no green or grey, which mark
// the last positions (running, ended).
const TRACK_COLOURS = ['#1d4ed8', '#c2410c', '#7e22ce', '#be123c', '#a16207', '#0369a1', '#c026d3', '#9a3412'];
const colourOf = (userId: number) => TRACK_COLOURS[userId % TRACK_COLOURS.length]!;

/** The patrol layer of one map: its own pane above the grid names, SVG so that each line and dot takes the pointer. */
export class PatrolLayer {
  private readonly group: L.LayerGroup;
  private readonly renderer: L.SVG;

  constructor(private readonly map: L.Map) {
    const pane = map.createPane('cg-patrols');
    pane.style.zIndex = '645';
    this.renderer = L.svg({ pane: 'cg-patrols' });
    this.group = L.layerGroup([], { pane: 'cg-patrols' }).addTo(map);
  }

  draw(live: PatrolsLive | null, t: Translate): void {
    this.group.clearLayers();
    if (!live) return;
    const common = { renderer: this.renderer, pane: 'cg-patrols', bubblingMouseEvents: false };
    for (const track of live.tracks) {
      if (!track.points.length) continue;
      const running = track.endedAt === null;
      // Ended tracks are fainter, not dashed: a dashed line takes the pointer only on its dashes.
      const line = L.polyline(
        track.points.map(([lng, lat]) => [lat, lng] as L.LatLngTuple),
        { ...common, color: colourOf(track.userId), weight: running ? 5 : 4, opacity: running ? 0.9 : 0.5, className: `cg-patrol-track${running ? ' cg-patrol-track--running' : ''}` },
      );
      line.bindTooltip(`<span data-testid="patrol-track-tip">${escapeHtml(trackText(track, t))}</span>`, { sticky: true });
      this.group.addLayer(line);
    }
    for (const worker of live.workers) {
      if (!worker.last) continue;
      const at = L.latLng(worker.last.lat, worker.last.lng);
      const state = worker.patrolling ? 'running' : 'ended';
      const dot = L.circleMarker(at, {
        ...common,
        radius: worker.patrolling ? 8 : 6,
        color: '#fff',
        weight: 2,
        fillColor: worker.patrolling ? '#16a34a' : '#64748b',
        fillOpacity: 1,
        className: `cg-patrol-last cg-patrol-last--${state}`,
      });
      const status = worker.patrolling ? t('map.patrols.running') : t('map.patrols.ended');
      const label = `<span data-testid="patrol-worker" data-state="${state}">${escapeHtml(worker.name)}</span>`;
      dot.bindTooltip(label, { permanent: true, direction: 'right', offset: [8, 0], className: `cg-patrol-label cg-patrol-label--${state}` });
      dot.on('mouseover', () => dot.setTooltipContent(`${label} · ${escapeHtml(status)} · ${escapeHtml(t('map.patrols.lastAt', { at: clock(worker.last!.at) }))}`));
      dot.on('mouseout', () => dot.setTooltipContent(label));
      // A click shows the worker's walks of today whole.
      dot.on('click', () => this.fitWorker(live, worker.userId, at));
      this.group.addLayer(dot);
    }
  }

  private fitWorker(live: PatrolsLive, userId: number, last: L.LatLng): void {
    const bounds = L.latLngBounds([last, last]);
    for (const track of live.tracks) if (track.userId === userId) for (const [lng, lat] of track.points) bounds.extend([lat, lng]);
    this.map.fitBounds(bounds.pad(0.2), { maxZoom: 18 });
  }
}

/**
 * The shown/hidden switch of the layer (on by default for those allowed: a supervisor opens the map
 * to see where the workers are; turned off, it stays off in this tab) and today's patrols under the
 * given nodes, asked again every PATROL_REFRESH_MS while shown.
 */
export function usePatrolFeed(nodeIds: () => Id[]) {
  const allowed = mayWatchPatrols();
  const shown = ref(allowed && sessionStorage.getItem(REMEMBER_KEY) !== 'off');
  const live = shallowRef<PatrolsLive | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;

  async function refresh(): Promise<void> {
    const ids = nodeIds();
    if (!shown.value || busy || !ids.length) return;
    busy = true;
    try {
      // A node out of scope (404) or a failed refresh keeps the last picture.
      const answers = await Promise.all(ids.map((id) => fieldApi.livePatrols(id).catch(() => null)));
      const got = answers.filter((a): a is PatrolsLive => a !== null);
      if (shown.value && got.length) live.value = mergeLive(got);
    } finally {
      busy = false;
    }
  }

  watch(
    shown,
    (on) => {
      clearInterval(timer);
      if (allowed) sessionStorage.setItem(REMEMBER_KEY, on ? 'on' : 'off');
      if (!on) {
        live.value = null;
        return;
      }
      void refresh();
      timer = setInterval(() => void refresh(), PATROL_REFRESH_MS);
    },
    { immediate: true },
  );
  // The nodes are known once the boundaries have arrived.
  watch(() => nodeIds().join(','), () => void refresh());
  onBeforeUnmount(() => clearInterval(timer));
  return { allowed, shown, live, refresh };
}
