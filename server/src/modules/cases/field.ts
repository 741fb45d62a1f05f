// What the field app keeps of the case loop offline: the categories (with pinyin, so 垃圾 is found
// by "lj"), the worker's recently used ones, the cases waiting for their verification and those
// they reported (the snapshot composes these).
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { caseCategories, type CaseCategory } from '../../../../core/src/cases/categories.js';
import { pinyinKeys } from '../../../../core/src/register/pinyin.js';
import type { Actor } from '../../actor.js';
import { loadCaseRules } from '../case-config/index.js';
import type { CaseDeps } from './intake.js';
import { categoryView, listCases } from './service.js';
import { caseEvents, cases } from './tables.js';

/** Recently used categories offered first on the quick report. */
const RECENT = 10;
const LIMIT = 200;

// The dictionary never changes while the process runs: its pinyin is worked out once.
let withPinyin: Array<CaseCategory & { pinyin: string; initials: string }> | null = null;
function dictionary() {
  withPinyin ??= caseCategories().map((c) => {
    const keys = pinyinKeys(c.name, 'place');
    return { ...c, pinyin: keys.full, initials: keys.initials };
  });
  return withPinyin;
}

export async function fieldCases(deps: CaseDeps, actor: Actor) {
  const rules = await loadCaseRules(deps.db, deps.timeZone);
  const categories = dictionary().flatMap((c) => {
    const setting = rules.setting(c.key);
    return setting?.enabled ? [{ ...categoryView(c, setting), pinyin: c.pinyin, initials: c.initials }] : [];
  });
  const [recent, verify, mine] = await Promise.all([
    deps.db
      .select({ key: cases.categoryKey, last: max(cases.reportedAt) })
      .from(cases)
      .where(eq(cases.reporterUserId, actor.userId))
      .groupBy(cases.categoryKey)
      .orderBy(desc(max(cases.reportedAt)))
      .limit(RECENT),
    listCases(deps, actor, { queue: 'verify', page: 1, pageSize: LIMIT }),
    listCases(deps, actor, { queue: 'mine', page: 1, pageSize: LIMIT }),
  ]);
  // The handling step of each case to verify: when, what the unit said, its photos.
  const ids = verify.items.map((c) => c.id);
  const handled = ids.length
    ? await deps.db
        .select({ caseId: caseEvents.caseId, at: caseEvents.at, note: caseEvents.note, photoIds: caseEvents.photoIds })
        .from(caseEvents)
        .where(and(inArray(caseEvents.caseId, ids), eq(caseEvents.action, 'handle')))
        .orderBy(caseEvents.id)
    : [];
  const handledOf = new Map(handled.map((e) => [e.caseId, e]));
  return {
    categories,
    recentCategories: recent.map((r) => r.key),
    toVerify: verify.items.map((c) => {
      const h = handledOf.get(c.id);
      return {
        id: c.id, number: c.number, categoryKey: c.categoryKey, categoryName: c.categoryName, description: c.description,
        lng: c.lng, lat: c.lat, address: c.address, handledAt: h?.at ?? null, handlingUnitName: c.handlingUnit?.name ?? null,
        handledNote: h?.note ?? null, photoIds: h?.photoIds ?? [],
      };
    }),
    reportedByMe: mine.items
      .sort((a, b) => new Date(b.reportedAt).getTime() - new Date(a.reportedAt).getTime())
      .map((c) => ({ id: c.id, number: c.number, state: c.state, stateName: { zh: c.stateZh, en: c.stateEn }, categoryName: c.categoryName, reportedAt: c.reportedAt, reportedClientAt: c.reportedClientAt })),
  };
}
