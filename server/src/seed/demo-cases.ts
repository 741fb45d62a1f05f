// The demo street's cases (花园路街道): forty reports of the last ten days in every state of the loop
// — new, being handled, late, suspended, closed and rated — made through the real intake and
// workflow services as the demo users (网格员 赵立新, 调度员 李建国, 城管办 马涛, 社区书记 王秀兰),
// with real timelines, plus two routing rules. Runs once, on the first start.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Action } from '../../../core/src/cases/workflow.js';
import type { Actor } from '../actor.js';
import type { FieldCrypto } from '../crypto/field-crypto.js';
import type { Db } from '../db/client.js';
import { buildings, departments, orgUnits, routingRules, users } from '../db/schema.js';
import { buildActor } from '../modules/auth/index.js';
import { runAction, IntakeWriter, report, type CaseDeps, uploadPhoto } from '../modules/cases/index.js';
import type { ReportInput } from '../modules/cases/index.js';
import type { FileStore } from '../storage/file-store.js';
import { gradientPng } from './gradient-png.js';
import { prng } from './register-generator.js';

const HOUR = 3_600_000;
const TONGXIN_HUAYUAN = '410105002012';

// What grid workers, residents and the 12345 line report on these streets (seeds 000–004).
const PROBLEMS: Array<{ categoryKey: string; text: string }> = [
  { categoryKey: 'matter:06010', text: '楼栋北侧绿化带内堆放生活垃圾，已有异味，无人清运' },
  { categoryKey: 'matter:07001', text: '单元门口和电线杆上张贴大量开锁、办证小广告' },
  { categoryKey: 'matter:09009', text: '小区消防通道被私家车长期占用，消防车无法通行' },
  { categoryKey: 'matter:06028', text: '临街烧烤店夜间营业至凌晨，噪音扰民' },
  { categoryKey: 'component:01001', text: '人行道供水井盖破损下陷，行人容易踩空' },
  { categoryKey: 'matter:04003', text: '院内一棵梧桐树树干开裂倾斜，大风天有倒伏危险' },
  { categoryKey: 'matter:08006', text: '装修建筑垃圾堆在楼道口，影响居民出行' },
  { categoryKey: 'matter:06035', text: '旧沙发、床垫丢弃在垃圾站旁，长期无人处理' },
  { categoryKey: 'matter:09015', text: '路口流动摊点无证经营餐饮，油烟扰民' },
  { categoryKey: 'social:S01', text: '楼上楼下因漏水问题发生争执，需要社区调解' },
  { categoryKey: 'social:S05', text: '住户饲养大型犬未拴绳，夜间吠叫，邻居多次反映' },
  { categoryKey: 'social:S02', text: '老旧小区楼道灯不亮，老人晚上上下楼不方便' },
  { categoryKey: 'social:S10', text: '独居老人家中燃气灶损坏，子女不在身边，请求帮助' },
  { categoryKey: 'social:S04', text: '楼道内电动车飞线充电，存在火灾隐患' },
  { categoryKey: 'social:S07', text: '物业收费后小区电梯仍经常故障，业主与物业矛盾较大' },
];

type Plan = 'new' | 'registered' | 'dispatched' | 'in_progress' | 'handled' | 'closed' | 'rated' | 'suspended' | 'rejected' | 'fixOnSpot';
// How far each of the forty cases has come: most still open, some closed and rated.
const PLANS: Plan[] = [
  'new', 'new', 'new', 'new', 'new', 'registered', 'registered', 'dispatched', 'dispatched', 'dispatched',
  'in_progress', 'in_progress', 'in_progress', 'in_progress', 'in_progress', 'handled', 'handled', 'handled', 'suspended', 'rejected',
  'closed', 'closed', 'closed', 'closed', 'rated', 'rated', 'rated', 'rated', 'rated', 'rated',
  'fixOnSpot', 'fixOnSpot', 'fixOnSpot', 'new', 'dispatched', 'in_progress', 'closed', 'rated', 'handled', 'registered',
];

async function actorOf(db: Db, username: string): Promise<Actor> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  if (!user) throw new Error(`demo user ${username} missing`);
  // Demo users have not changed their initial password yet; the services do not care.
  return buildActor(db, user, { requestId: 'demo-seed', ip: '127.0.0.1' });
}

export async function seedDemoCases(db: Db, crypto: FieldCrypto, files: FileStore, timeZone = 'Asia/Shanghai', now = new Date()): Promise<number> {
  const deps: CaseDeps = { db, crypto, timeZone };
  const writer = new IntakeWriter(db);
  const worker = await actorOf(db, 'gridworker');
  const dispatcher = await actorOf(db, 'dispatcher');
  const handler = await actorOf(db, 'handler');
  const secretary = await actorOf(db, 'secretary');
  const [community] = await db.select().from(orgUnits).where(eq(orgUnits.code, TONGXIN_HUAYUAN));
  const grids = await db.select().from(orgUnits).where(and(eq(orgUnits.parentId, community!.id), eq(orgUnits.status, 'active'))).orderBy(asc(orgUnits.code));
  // The demo grid worker serves the first two grids: his reports are there.
  const places = await db.select().from(buildings).where(inArray(buildings.orgUnitId, grids.slice(0, 2).map((g) => g.id))).orderBy(asc(buildings.id));
  const [cg] = await db.select().from(departments).where(eq(departments.name, '花园路街道城市管理办公室'));
  const [property] = await db.select().from(departments).where(eq(departments.name, '纬五路13号院物业服务中心'));
  if (!cg || !property || places.length === 0) throw new Error('demo cases need the demo departments and buildings');
  const street = (await db.select().from(orgUnits).where(eq(orgUnits.id, community!.parentId!)))[0]!;
  await db.insert(routingRules).values([
    { categoryKey: null, orgUnitId: street.id, unitType: 'department', unitId: cg.id, note: '街道城市管理问题默认派城管办', createdBy: dispatcher.userId },
    { categoryKey: 'social:S07', orgUnitId: community!.id, unitType: 'department', unitId: property.id, note: '通信花园物业纠纷派物业服务中心', createdBy: dispatcher.userId },
  ]);

  const r = prng(20261124);
  const cgUnit = `department:${cg.id}`;
  let made = 0;
  for (const [i, plan] of PLANS.entries()) {
    const problem = PROBLEMS[i % PROBLEMS.length]!;
    const place = places[Math.floor(r() * places.length)]!;
    // Finished cases over the last ten days; open ones mostly of today, so the board shows green,
    // yellow and a few red ones rather than a wall of overdue cases.
    const finished = ['closed', 'rated', 'rejected', 'fixOnSpot', 'suspended'].includes(plan);
    const hoursAgo = finished ? 30 + r() * 200 : plan === 'new' ? (i % 6 === 0 ? 2.5 : 0.2 + r() * 1.2) : i % 5 === 0 ? 30 + r() * 20 : 0.5 + r() * 2.5;
    const reportedAt = new Date(now.getTime() - hoursAgo * HOUR);
    let at = reportedAt.getTime();
    // Steps follow each other within the time there was (never in the future).
    const gap = Math.min(3, (hoursAgo * 0.8) / 7);
    const step = () => new Date((at += (0.2 + r() * 0.8) * gap * HOUR));
    const reporter = i % 3 === 2 && plan !== 'fixOnSpot' ? dispatcher : worker;
    const body: ReportInput = {
      categoryKey: problem.categoryKey,
      description: problem.text,
      lng: place.lng,
      lat: place.lat,
      address: place.address ?? place.name,
      ...(reporter === dispatcher ? { source: 'hotline' as const, reporterName: ['刘桂芝', '陈建民', '杨淑贞', '吴国栋'][i % 4], reporterPhone: `1393718${String(4000 + i * 37).slice(-4)}` } : {}),
      ...(plan === 'fixOnSpot' ? { categoryKey: 'matter:07001', description: '电线杆上的小广告，已当场清除', fixOnSpot: true, note: '已现场清理' } : {}),
    };
    const written = await report(deps, writer, reporter, body, { viaToken: false, now: reportedAt });
    made++;
    if (written.replayed || plan === 'fixOnSpot' || plan === 'new') continue;
    const id = written.case.id;
    const run = (actor: Actor, action: Action, input: Parameters<typeof runAction>[4] = {}) => runAction(deps, actor, id, action, input, { now: step() });
    if (plan === 'rejected') {
      await run(dispatcher, 'reject', { reason: '属于小区物业内部管理事项，已告知居民向物业反映' });
      continue;
    }
    await run(dispatcher, 'register');
    if (plan === 'registered') continue;
    if (plan === 'suspended') {
      const review = new Date(now.getTime() + 45 * 24 * HOUR).toISOString().slice(0, 10);
      await run(dispatcher, 'suspend', { reason: '需待老旧小区改造项目统一实施，已向居民解释', reviewDate: review });
      continue;
    }
    const social = problem.categoryKey.startsWith('social:');
    const unit = problem.categoryKey === 'social:S07' ? `department:${property.id}` : social ? `org_unit:${community!.id}` : cgUnit;
    const unitActor = unit === cgUnit ? handler : social && unit.startsWith('org_unit') ? secretary : null;
    await run(dispatcher, 'dispatch', { unit });
    if (plan === 'dispatched' || !unitActor) continue;
    await run(unitActor, 'accept');
    if (plan === 'in_progress') {
      if (i % 4 === 0) await run(dispatcher, 'supervise', { reason: '居民多次来电反映，列入督办' });
      continue;
    }
    await run(unitActor, 'handle', { note: social ? '已上门协调，双方达成一致意见' : '已安排人员现场处置完毕' });
    if (plan === 'handled') continue;
    const photo = await uploadPhoto({ db, files }, worker, gradientPng(160, 120, i));
    await run(worker, 'verifyPass', { note: '现场核查，问题已解决', photos: [photo.id] });
    if (plan === 'rated') {
      const rating = i % 5 === 0 ? 'basically_satisfied' : 'satisfied';
      await run(reporter, 'rate', { rating, comment: rating === 'satisfied' ? '处理及时，谢谢社区' : '解决了，但等的时间有点长' });
    }
  }
  return made;
}
