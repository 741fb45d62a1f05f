// The body of POST /api/cases (ReportBody in server/src/modules/cases/schema.ts) from the form.
// The description is optional on the phone when there is a photo: the server wants one, so the
// category's name stands in ("占道经营（见照片）").
import type { LngLat } from '../map/geo';

export interface ReportDraft {
  categoryKey: string;
  categoryName: string;
  description: string;
  point: LngLat;
  hasPhoto: boolean;
  fixOnSpot: boolean;
  note: string;
}

export interface ReportBodyOut {
  categoryKey: string;
  description: string;
  lng: number;
  lat: number;
  fixOnSpot?: true;
  note?: string;
  [key: string]: unknown;
}

// The server's Text(): no markup characters; the rest it checks itself.
const clean = (s: string) => s.replace(/[<>]/g, '').trim();

export function reportBody(draft: ReportDraft, defaults: { photo: string; fixed: string }): ReportBodyOut {
  const written = clean(draft.description);
  const description = written || (draft.fixOnSpot ? defaults.fixed : defaults.photo).replace('{name}', draft.categoryName);
  const note = clean(draft.note);
  return {
    categoryKey: draft.categoryKey,
    description: description.slice(0, 2000),
    lng: draft.point.lng,
    lat: draft.point.lat,
    ...(draft.fixOnSpot ? { fixOnSpot: true as const, ...(note ? { note: note.slice(0, 2000) } : {}) } : {}),
  };
}

/** What is still missing before the report can be saved (keys of the texts), empty when ready. */
export function missing(d: { categoryKey: string | null; point: LngLat | null; hasPhoto: boolean; description: string }): ('needCategory' | 'needPlace' | 'needPhotoOrText')[] {
  const out: ('needCategory' | 'needPlace' | 'needPhotoOrText')[] = [];
  if (!d.hasPhoto && !clean(d.description)) out.push('needPhotoOrText');
  if (!d.point) out.push('needPlace');
  if (!d.categoryKey) out.push('needCategory');
  return out;
}
