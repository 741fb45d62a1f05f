// The demo street's residents' side: notices of 花园路街道 and 通信花园社区, and the 红色物业 service
// supermarket of 通信花园社区 (providers with their services and prices in 元), made by the services.
import { todayIn } from '../../../core/src/register/id-card.js';
import { systemActor } from '../actor.js';
import type { Db } from '../db/client.js';
import { createNotice } from '../modules/notices/index.js';
import { addService, createProvider } from '../modules/shop/index.js';
import { and, asc, eq } from 'drizzle-orm';
import { findActiveByCode, orgUnits } from '../modules/territory/index.js';

const DEMO_COMMUNITY = '410105002012'; // 通信花园社区

type Kind = 'property' | 'housekeeping' | 'repair' | 'elderly_care';
interface DemoProvider {
  name: string;
  kind: Kind;
  contactName: string;
  contactPhone: string;
  address: string;
  description: string;
  /** Registered with the community's first grid (one 小区) instead of the whole community. */
  oneCompound?: boolean;
  services: { name: string; yuan: number; unit: string; description?: string }[];
}

const PROVIDERS: DemoProvider[] = [
  {
    name: '郑州绿都物业服务有限公司', kind: 'property', contactName: '张建华', contactPhone: '0371-63921586', address: '金水区花园路通信花园小区东门物业中心',
    description: '红色物业联盟成员单位，负责小区公共设施维修和有偿便民服务',
    services: [
      { name: '下水管道疏通', yuan: 80, unit: '次', description: '厨房、卫生间下水，含简单配件' },
      { name: '更换水龙头', yuan: 30, unit: '次', description: '人工费，水龙头可自备或代购' },
      { name: '空调清洗', yuan: 120, unit: '台', description: '挂机内外机清洗消毒' },
      { name: '装修垃圾清运', yuan: 50, unit: '车', description: '小推车一车，运至指定清运点' },
    ],
  },
  {
    name: '金水区福寿康居家养老服务中心', kind: 'elderly_care', contactName: '李淑芬', contactPhone: '0371-65936620', address: '金水区花园路街道社区养老服务站',
    description: '为60岁以上老人提供上门照护，高龄、失能老人优先',
    services: [
      { name: '上门助浴', yuan: 60, unit: '次', description: '两名护理员上门，约1小时' },
      { name: '上门理发', yuan: 15, unit: '次' },
      { name: '陪同就医', yuan: 40, unit: '小时', description: '挂号、取药、陪诊' },
      { name: '助餐送餐', yuan: 12, unit: '份', description: '一荤两素一汤，午餐11点前送达' },
    ],
  },
  {
    name: '花园路巧手家政服务部', kind: 'housekeeping', contactName: '周红梅', contactPhone: '13838265417', address: '金水区花园路与农业路交叉口东50米',
    description: '日常保洁、深度保洁、擦玻璃，保洁员持健康证上岗',
    services: [
      { name: '日常保洁', yuan: 45, unit: '小时', description: '两小时起' },
      { name: '新房开荒保洁', yuan: 8, unit: '平方米' },
      { name: '擦玻璃', yuan: 5, unit: '平方米', description: '高层外侧玻璃不做' },
    ],
  },
  {
    name: '金水区安居便民维修服务部', kind: 'repair', contactName: '赵师傅', contactPhone: '13903712288', address: '通信花园小区南门便民服务点', oneCompound: true,
    description: '小区内水电维修、开锁换锁（开锁需出示身份证明）',
    services: [
      { name: '电路检修', yuan: 50, unit: '次', description: '不含更换的材料' },
      { name: '开锁', yuan: 60, unit: '次' },
      { name: '卫生间防水补漏', yuan: 200, unit: '次' },
    ],
  },
];

/** Seeds the demo notices and providers; called once, after the demo street exists. */
export async function seedDemoCommunity(db: Db, timeZone = 'Asia/Shanghai'): Promise<void> {
  const actor = systemActor();
  const deps = { db, timeZone };
  const street = await findActiveByCode(db, '410105002');
  const community = await findActiveByCode(db, DEMO_COMMUNITY);
  if (!street || !community) return;
  const [firstGrid] = await db.select().from(orgUnits).where(and(eq(orgUnits.parentId, community.id), eq(orgUnits.status, 'active'))).orderBy(asc(orgUnits.code)).limit(1);
  const today = todayIn(timeZone, new Date());

  for (const p of PROVIDERS) {
    const node = p.oneCompound && firstGrid ? firstGrid : community;
    const made = await createProvider(deps, actor, { orgUnitId: node.id, name: p.name, kind: p.kind, contactName: p.contactName, contactPhone: p.contactPhone, address: p.address, description: p.description });
    for (const s of p.services) await addService(deps, actor, made.id, { name: s.name, priceFen: s.yuan * 100, unit: s.unit, description: s.description ?? null });
  }

  const notices = [
    { orgUnitId: community.id, category: 'notice' as const, pinned: true, title: '关于2026—2027年度供暖缴费的通知',
      body: '各位居民：\n\n本年度供暖期为2026年11月15日至2027年3月15日。集中供暖费可通过“郑州热力”公众号缴纳，也可到社区党群服务中心一楼窗口缴纳。\n\n低保、特困家庭可持相关证明到社区办理供暖补贴。咨询电话：0371-63925710。' },
    { orgUnitId: community.id, category: 'activity' as const, pinned: false, title: '“红色物业”便民服务超市开张啦',
      body: '社区联合辖区物业、家政、维修、养老服务单位开设便民服务超市，服务项目和价格公开。\n\n居民扫描楼道便民服务联系卡上的二维码，点“便民服务”即可下单，社区全程跟踪，超时未处理的自动转社区督办。' },
    { orgUnitId: community.id, category: 'guide' as const, pinned: false, title: '2027年度城乡居民医保参保缴费指南',
      body: '缴费时间：即日起至2026年12月31日。\n\n缴费方式：“郑好办”App、微信“河南税务”小程序，或到社区便民服务窗口由工作人员协助缴纳。\n\n行动不便的老人可在“咨询建议”中留言，网格代办员可上门代办。' },
    { orgUnitId: street.id, category: 'policy' as const, pinned: false, title: '花园路街道冬季消防安全提示',
      body: '冬季用火用电增多，请不要在楼道、楼梯间停放电动车或为电动车充电，不私拉乱接电线。\n\n发现消防通道堵塞等隐患，可通过“我要报事”随手拍上报。' },
  ];
  for (const n of notices) await createNotice(deps, actor, { ...n, publishOn: today, expireOn: null });
}
