import { locale } from './i18n';

/** 12-03 10:02 (today: 10:02), in the phone's own time zone. */
export function shortTime(at: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return hm;
  return `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${hm}`;
}

export function shortDate(at: string | null | undefined): string {
  if (!at) return '';
  return at.slice(0, 10);
}

/** A name that may come as {zh, en} or as a plain string. */
export function nameOf(v: string | { zh: string; en: string } | null | undefined): string {
  if (!v) return '';
  if (typeof v === 'string') return v;
  return locale.value === 'en' ? v.en : v.zh;
}

/** Metres between two WGS-84 points (haversine). */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
