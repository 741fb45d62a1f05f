import { currentLocale, i18n } from '@/i18n';

// DESIGN.md: display uses the deployment's time zone, never the machine's.
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(withTime: boolean): Intl.DateTimeFormat {
  const key = `${currentLocale()}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(currentLocale() === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: DISPLAY_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "2026-03-01 14:05:09" style in the deployment's time zone; an em dash for nothing. */
export function formatDateTime(value: string | null | undefined, withTime = true): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = Object.fromEntries(formatter(withTime).formatToParts(date).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return withTime ? `${day} ${parts.hour}:${parts.minute}:${parts.second}` : day;
}

// Asia/Shanghai has had no daylight saving since 1991, so its offset is a constant.
/** A calendar day picked in the UI ("2026-03-01") as an instant at its start in the display zone. */
export function dayStart(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/** The instant just after a picked calendar day ends, for inclusive date ranges. */
export function dayEnd(day: string): string {
  const next = new Date(`${day}T00:00:00+08:00`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

export function roleLabel(key: string, roles?: { key: string; nameZh: string; nameEn: string }[]): string {
  const path = `org.roles.${key}`;
  if (i18n.global.te(path)) return i18n.global.t(path);
  const role = roles?.find((r) => r.key === key);
  if (!role) return key;
  return currentLocale() === 'en' ? role.nameEn || role.nameZh : role.nameZh;
}
