// Files in and out of the map: reading a GeoJSON file in the browser (checked before anything is
// sent) and starting a download of an export.

/** The import endpoint's body limit (docs/api.md: 20 MB, 413 BODY_TOO_LARGE). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** The import endpoint takes at most this many features in one file. */
export const MAX_IMPORT_FEATURES = 20_000;

export interface FeatureCollectionInput {
  type: 'FeatureCollection';
  features: unknown[];
}

/** A problem with the chosen file: an i18n key under map.importDialog.fileError and its parameters. */
export class GeoFileError extends Error {
  constructor(
    readonly key: 'tooLarge' | 'badJson' | 'notGeoJson' | 'noFeatures' | 'tooManyFeatures' | 'unreadable',
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'GeoFileError';
  }
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(new GeoFileError('unreadable'));
    reader.readAsText(file, 'utf-8');
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Accepts a FeatureCollection, a single Feature or a bare (Multi)Polygon, as a FeatureCollection. */
export function asFeatureCollection(value: unknown): FeatureCollectionInput {
  if (!isObject(value)) throw new GeoFileError('notGeoJson');
  let features: unknown[];
  if (value.type === 'FeatureCollection' && Array.isArray(value.features)) features = value.features;
  else if (value.type === 'Feature') features = [value];
  else if (value.type === 'Polygon' || value.type === 'MultiPolygon') features = [{ type: 'Feature', geometry: value, properties: {} }];
  else throw new GeoFileError('notGeoJson');
  if (features.length === 0) throw new GeoFileError('noFeatures');
  if (features.length > MAX_IMPORT_FEATURES) throw new GeoFileError('tooManyFeatures', { n: features.length, max: MAX_IMPORT_FEATURES });
  return { type: 'FeatureCollection', features };
}

/** Reads and parses a .geojson/.json file; refuses files over the limit before reading them. */
export async function readGeoJsonFile(file: File): Promise<FeatureCollectionInput> {
  if (file.size > MAX_IMPORT_BYTES) {
    throw new GeoFileError('tooLarge', { size: (file.size / 1024 / 1024).toFixed(1), max: MAX_IMPORT_BYTES / 1024 / 1024 });
  }
  const text = (await readText(file)).replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new GeoFileError('badJson', { reason: e instanceof Error ? e.message : String(e) });
  }
  return asFeatureCollection(value);
}

/** The names of the features, as the server reads them (name / 名称 / 网格名称), for the preview. */
export function featureName(feature: unknown): string | null {
  const props = isObject(feature) && isObject(feature.properties) ? feature.properties : null;
  for (const key of ['name', 'NAME', '名称', '网格名称']) {
    const v = props?.[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

/** Starts a download of a same-origin URL (the session cookie goes with it). */
export function downloadUrl(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
