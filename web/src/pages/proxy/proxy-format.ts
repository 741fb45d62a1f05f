// How proxy requests read on every screen: state tags, the deadline dot, labels from core/.
import { PROXY_STATES } from '@core/proxy/workflow';
import { currentLocale } from '@/i18n';
import type { Material } from '@/api/proxy';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

const STATE_TAG: Record<string, TagType> = { entrusted: 'warning', handling: 'primary', delivered: 'primary', archived: 'success', terminated: 'info' };
export const proxyStateTag = (state: string): TagType => STATE_TAG[state] ?? 'info';

/** A name pair from the API or core/ in the console's language. */
export const pair = (p: { zh: string; en: string } | null | undefined, fallback = '—') => (p ? (currentLocale() === 'en' ? p.en || p.zh : p.zh) : fallback);
export const proxyStateName = (key: string) => pair(PROXY_STATES.find((s) => s.key === key), key);

/** A fresh, editable copy of a checklist (the dialogs change their own rows). */
export const copyMaterials = (list: readonly Material[]): Material[] => list.map((m) => ({ ...m }));

/** The rows worth sending: names trimmed, empty notes and nameless rows left out. */
export function cleanMaterials(list: readonly Material[]): Material[] {
  return list
    .filter((m) => m.name.trim())
    .map((m) => {
      const note = m.note?.trim();
      return note ? { name: m.name.trim(), form: m.form, copies: m.copies, note } : { name: m.name.trim(), form: m.form, copies: m.copies };
    });
}
