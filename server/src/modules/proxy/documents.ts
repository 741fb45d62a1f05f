// The printed documents of a proxy request (代办), as PDF on the street's form (server/src/pdf):
// 代办委托书 (entrust), 材料交接单 of one materials step (handover), 办结单 (completion) and 终止单
// (termination). Each exists only once the request has reached it (409 DOCUMENT_NOT_READY before);
// a request out of the caller's scope answers 404 like a missing one. A document takes personal data
// out of the system, so each one handed out is audited (proxy.document); the ID number is masked
// unless the caller may reveal it (register.reveal), and a plain one is said so in the audit row.
import { asc, eq } from 'drizzle-orm';
import { HELP_LEVELS, MATERIAL_FORMS, formatItemCode, type Material } from '../../../../core/src/proxy/catalogue.js';
import { DOCUMENT_TYPES } from '../../../../core/src/register/documents.js';
import { maskIdNumber, maskPhone } from '../../../../core/src/register/masking.js';
import { RATINGS } from '../../../../core/src/cases/workflow-inputs.js';
import { requirePermission, type Actor } from '../../actor.js';
import type { FieldCrypto } from '../../crypto/field-crypto.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { Form } from '../../pdf/index.js';
import { scoped } from '../../scope/index.js';
import { recordAudit } from '../audit/index.js';
import { persons } from '../register/index.js';
import { residentPhone } from '../residents/index.js';
import { levelMap, namesAlongPaths, orgUnits } from '../territory/index.js';
import { users } from '../users/index.js';
import type { RequestDeps } from './requests.js';
import { proxyItems, proxyRequestEvents, proxyRequests } from './tables.js';

export interface DocumentDeps extends RequestDeps {
  /** Decrypts the resident's ID and phone numbers for the 委托书. */
  crypto: FieldCrypto;
}

export const DOCUMENT_KINDS = ['entrust', 'handover', 'completion', 'termination'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_TITLES: Record<DocumentKind, string> = { entrust: '代办委托书', handover: '材料交接单', completion: '代办办结单', termination: '代办终止单' };

type Row = typeof proxyRequests.$inferSelect;
type Event = typeof proxyRequestEvents.$inferSelect;

const notReady = (zh: string, en: string) => conflict('DOCUMENT_NOT_READY', { zh, en });
const requestNotFound = () => notFound({ zh: '代办事项', en: 'Proxy request' });

/** 2026年12月03日 14:05 in the deployment's zone. */
function when(at: Date | null | undefined, timeZone: string, withTime = true): string {
  if (!at) return '';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const day = `${parts.year}年${parts.month}月${parts.day}日`;
  return withTime ? `${day} ${parts.hour}:${parts.minute}` : day;
}

interface Loaded {
  row: Row;
  item: typeof proxyItems.$inferSelect;
  /** Who entrusted the request: the register person, else the resident who filed it themselves. */
  person: Applicant;
  agentName: string;
  gridName: string;
  street: string;
  community: string;
  events: Event[];
}

interface Applicant {
  name: string;
  gender: string | null;
  documentType: string | null;
  idNumber: string | null;
  phone: string | null;
}

async function applicantOf(deps: DocumentDeps, row: typeof proxyRequests.$inferSelect): Promise<Applicant> {
  if (row.personId !== null) {
    const [p] = await deps.db.select().from(persons).where(eq(persons.id, row.personId));
    return { name: p!.name, gender: p!.gender, documentType: p!.documentType, idNumber: deps.crypto.decrypt(p!.documentEnc), phone: p!.phoneEnc ? deps.crypto.decrypt(p!.phoneEnc) : null };
  }
  // Filed by the resident from their phone: the name they gave and their account's number; the
  // papers are seen when the 代办员 meets them.
  const phone = row.residentId !== null ? await residentPhone(deps.db, deps.crypto, row.residentId) : null;
  return { name: row.applicantName ?? '', gender: null, documentType: null, idNumber: null, phone };
}

async function load(deps: DocumentDeps, actor: Actor, id: number): Promise<Loaded> {
  const found = await scoped(deps.db, actor).find('proxyRequest', id);
  if (!found) throw requestNotFound();
  const [row] = await deps.db.select().from(proxyRequests).where(eq(proxyRequests.id, id));
  const [[item], [person], [agent], [grid], events, names, levels] = await Promise.all([
    deps.db.select().from(proxyItems).where(eq(proxyItems.id, row!.itemId)),
    applicantOf(deps, row!).then((a) => [a]),
    deps.db.select({ name: users.displayName }).from(users).where(eq(users.id, row!.agentId)),
    deps.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, row!.orgUnitId)),
    deps.db.select().from(proxyRequestEvents).where(eq(proxyRequestEvents.requestId, id)).orderBy(asc(proxyRequestEvents.id)),
    namesAlongPaths(deps.db, [row!.orgPath]),
    levelMap(deps.db),
  ]);
  // The issuer is the 街道 above the request's grid; the community is named beside the grid.
  const along = row!.orgPath.split('.').map((n) => names.get(Number(n)));
  const named = (key: string) => along.find((n) => n && levels.get(n.level)?.key === key)?.name ?? '';
  return { row: row!, item: item!, person: person!, agentName: agent?.name ?? '', gridName: grid?.name ?? '', street: named('street'), community: named('community'), events };
}

const helpLevelName = (key: string) => HELP_LEVELS.find((h) => h.key === key)?.zh ?? key;
const materialRows = (list: readonly Material[]) => list.map((m, i) => [i + 1, m.name, MATERIAL_FORMS[m.form], m.copies, m.note ?? '']);
const MATERIAL_COLUMNS = [
  { header: '序号', width: 7, align: 'center' as const },
  { header: '材料名称', width: 40 },
  { header: '原件/复印件', width: 16, align: 'center' as const },
  { header: '份数', width: 8, align: 'center' as const },
  { header: '备注', width: 29 },
];

function whereGrid(d: Loaded) {
  // Grid names usually start with their community's (通信花园社区第一网格): then the grid says both.
  return d.gridName.startsWith(d.community) ? d.gridName : [d.community, d.gridName].filter(Boolean).join(' ');
}

async function entrust(deps: DocumentDeps, actor: Actor, d: Loaded, form: Form) {
  const plain = actor.permissions.has('register.reveal');
  const { idNumber, phone } = d.person;
  const accepted = d.events.find((e) => e.action === 'accept');
  const docType = d.person.documentType === null ? '' : (DOCUMENT_TYPES.find((t) => t.key === d.person.documentType)?.zh ?? d.person.documentType);
  form
    .heading('委托人')
    .fields([
      { label: '姓名', value: d.person.name },
      { label: '性别', value: d.person.gender === 'male' ? '男' : d.person.gender === 'female' ? '女' : '' },
      { label: '证件类型', value: docType },
      { label: '证件号码', value: idNumber === null ? '' : plain ? idNumber : maskIdNumber(idNumber) },
      { label: '联系电话', value: phone ? (plain ? phone : maskPhone(phone)) : '' },
      { label: '所在网格', value: whereGrid(d) },
    ])
    .heading('受托代办员')
    .fields([
      { label: '姓名', value: d.agentName },
      { label: '所属街道', value: d.street },
    ])
    .heading('委托事项')
    .fields([
      { label: '事项名称', value: d.item.name },
      { label: '事项编码', value: formatItemCode(d.item.code) },
      { label: '服务方式', value: helpLevelName(d.item.helpLevel) },
      { label: '办理部门', value: [d.item.department, d.item.serviceWindow].filter(Boolean).join(' ') },
      { label: '委托内容', value: d.row.description ?? `代为办理「${d.item.name}」`, wide: true },
      { label: '办理时限', value: `${d.item.timeLimitDays}个工作日（自受理之日起）` },
      { label: '预计办结', value: accepted?.deadlineAt ? when(accepted.deadlineAt, deps.timeZone, false) : '受理后确定' },
      { label: '收费标准', value: d.item.fees ?? '不收费', wide: true },
    ])
    .heading('所需材料')
    .table(MATERIAL_COLUMNS, materialRows(d.item.materials))
    .heading('委托声明')
    .paragraph(
      `本人自愿委托${d.street}代办员${d.agentName}代为办理「${d.item.name}」事项，所提供的材料真实、有效，` +
        `并同意代办员在办理过程中使用上述材料和个人信息。代办员应妥善保管材料，不得用于本事项以外的用途，` +
        `办结后及时送达结果并退还原件。本委托自签字之日起生效，至事项办结或终止时止。`,
    )
    .signature('委托人签名', d.row.signatureKey ? await deps.files.get(d.row.signatureKey) : null, d.row.signatureKey ? '（手机屏幕签名）' : '（请委托人在此签字）')
    .signLines([{ label: '委托人（签字）' }, { label: '代办员（签字）' }, { label: '委托日期', value: when(d.row.entrustedAt, deps.timeZone, false) }])
    .note('本委托书一式两份，委托人与代办员各执一份。代办服务不收取任何费用；对代办服务有意见或建议，可向所在社区反映。');
  return { plainId: plain };
}

function handover(deps: DocumentDeps, d: Loaded, form: Form, eventId: number | undefined) {
  const e = d.events.find((x) => x.id === eventId && (x.action === 'receiveMaterials' || x.action === 'returnMaterials'));
  if (!e) throw notFound({ zh: '材料交接记录', en: 'Materials hand-over' });
  const data = (e.data ?? {}) as { direction?: 'in' | 'out'; materials?: Material[] };
  const received = data.direction !== 'out';
  form
    .heading('交接信息')
    .fields([
      { label: '代办事项', value: `${d.item.name}（${formatItemCode(d.item.code)}）`, wide: true },
      { label: '委托人', value: d.person.name },
      { label: '所在网格', value: whereGrid(d) },
      { label: '交接类型', value: received ? '接收材料（委托人交代办员）' : '退还材料（代办员交委托人）', wide: true },
      { label: '交接时间', value: when(e.at, deps.timeZone) },
      { label: '经办代办员', value: e.actorName },
    ])
    .heading('交接材料清单')
    .table(MATERIAL_COLUMNS, materialRows(data.materials ?? []));
  if (e.note) form.heading('备注').fields([{ label: '说明', value: e.note, wide: true }]);
  form
    .signLines([
      { label: received ? '交件人（委托人）' : '交件人（代办员）' },
      { label: received ? '接收人（代办员）' : '接收人（委托人）' },
      { label: '交接日期', value: when(e.at, deps.timeZone, false) },
    ])
    .note('材料交接时双方当面清点核对，签字确认。原件办结后退还委托人；复印件随办理材料留存。');
  return { eventId: e.id };
}

function completion(deps: DocumentDeps, d: Loaded, form: Form) {
  const deliver = d.events.filter((e) => e.action === 'deliver').pop();
  const rating = d.row.rating ? RATINGS.find((r) => r.key === d.row.rating) : null;
  const late = d.row.handledLate === true;
  form
    .heading('事项信息')
    .fields([
      { label: '代办事项', value: `${d.item.name}（${formatItemCode(d.item.code)}）`, wide: true },
      { label: '委托人', value: d.person.name },
      { label: '所在网格', value: whereGrid(d) },
      { label: '代办员', value: d.agentName },
      { label: '委托日期', value: when(d.row.entrustedAt, deps.timeZone, false) },
    ])
    .heading('办理结果')
    .fields([
      { label: '办理结果', value: d.row.result ?? '', wide: true },
      { label: '送达时间', value: when(d.row.deliveredAt, deps.timeZone) },
      { label: '送达人', value: deliver?.actorName ?? d.agentName },
      { label: '办理时限', value: `${d.item.timeLimitDays}个工作日` },
      { label: '是否按时', value: late ? '超时办结' : '按时办结' },
      { label: '归档时间', value: d.row.archivedAt ? when(d.row.archivedAt, deps.timeZone) : '待归档' },
    ])
    .heading('回访评价')
    .fields([
      { label: '评价', value: rating ? rating.zh : '尚未评价' },
      { label: '评价时间', value: when(d.row.ratedAt, deps.timeZone) },
      { label: '评价意见', value: d.row.ratingComment ?? '', wide: true },
    ])
    .signLines([{ label: '委托人（签收）' }, { label: '代办员（签字）' }, { label: '日期' }])
    .note('委托人签收即确认已收到办理结果及退还的原件材料。');
  return {};
}

function termination(deps: DocumentDeps, d: Loaded, form: Form) {
  const e = d.events.filter((x) => x.action === 'terminate').pop();
  const received = new Map<string, Material>();
  // What the agent still holds: everything received, less what was given back (by name and form).
  for (const x of d.events) {
    const data = (x.data ?? {}) as { direction?: string; materials?: Material[] };
    for (const m of data.materials ?? []) {
      const key = `${m.name}|${m.form}`;
      if (data.direction === 'in') received.set(key, m);
      if (data.direction === 'out') received.delete(key);
    }
  }
  form
    .heading('事项信息')
    .fields([
      { label: '代办事项', value: `${d.item.name}（${formatItemCode(d.item.code)}）`, wide: true },
      { label: '委托人', value: d.person.name },
      { label: '所在网格', value: whereGrid(d) },
      { label: '代办员', value: d.agentName },
      { label: '委托日期', value: when(d.row.entrustedAt, deps.timeZone, false) },
    ])
    .heading('终止情况')
    .fields([
      { label: '终止原因', value: d.row.terminatedReason ?? '', wide: true },
      { label: '终止人', value: e?.actorName ?? '' },
      { label: '终止时间', value: when(e?.at, deps.timeZone) },
    ])
    .heading('应退还材料')
    .table(MATERIAL_COLUMNS, received.size ? materialRows([...received.values()]) : [['', '无待退还材料', '', '', '']])
    .signLines([{ label: '委托人（签收）' }, { label: '代办员（签字）' }, { label: '日期' }])
    .note('代办终止后，代办员应将收取的材料全部退还委托人，双方签字确认。');
  return {};
}

/** A document of a request the caller sees, as PDF bytes and its file name. */
export async function renderDocument(deps: DocumentDeps, actor: Actor, id: number, kind: DocumentKind, eventId?: number): Promise<{ pdf: Buffer; filename: string }> {
  requirePermission(actor, 'proxy.read');
  const d = await load(deps, actor, id);
  const title = DOCUMENT_TITLES[kind];
  if (kind === 'completion' && !d.row.deliveredAt) throw notReady('该代办事项尚未办结送达，不能打印办结单', 'The request has not been delivered yet: no completion form');
  if (kind === 'termination' && d.row.state !== 'terminated') throw notReady('该代办事项未终止，不能打印终止单', 'The request has not been terminated: no termination form');
  if (kind === 'handover' && eventId === undefined) throw badRequest('EVENT_REQUIRED', { zh: '请指明哪一次材料交接（eventId）', en: 'Name the materials hand-over (eventId)' });
  const form = new Form({ issuer: d.street || d.community, title, number: d.row.number });
  const extra =
    kind === 'entrust' ? await entrust(deps, actor, d, form) : kind === 'handover' ? handover(deps, d, form, eventId) : kind === 'completion' ? completion(deps, d, form) : termination(deps, d, form);
  const pdf = await form.end();
  await recordAudit(deps.db, actor, {
    action: 'proxy.document',
    entityType: 'proxy_request',
    entityId: d.row.id,
    scopePath: d.row.orgPath,
    after: { kind, number: d.row.number, ...extra },
  });
  return { pdf, filename: `${title}-${d.row.number}.pdf` };
}
