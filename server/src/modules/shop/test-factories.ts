// Test data of the service supermarket, made by its services as a community's desk would.
import { systemActor } from '../../actor.js';
import type { TestApp } from '../../../test/harness.js';
import { addService, createProvider } from './providers.js';

let seq = 0;

/** A provider registered with the node, offering one service (上门保洁, 50 元/次); answers both ids. */
export async function buildProvider(t: TestApp, orgUnitId: number, name = `测试家政服务部${++seq}`) {
  const deps = { db: t.database.db, timeZone: 'Asia/Shanghai' };
  const p = await createProvider(deps, systemActor(), { orgUnitId, name, kind: 'housekeeping', contactName: '王经理', contactPhone: '0371-63958210', address: null, description: null });
  const withService = await addService(deps, systemActor(), p.id, { name: '上门保洁', priceFen: 5000, unit: '次', description: '两小时，含基本清洁用品' });
  return { providerId: p.id, serviceId: withService.services[0]!.id };
}

let ipSeq = 0;
let phoneSeq = -1;
/** A public request from an address of its own (the per-address limits stay out of the way). */
export function publicCall(t: TestApp, method: 'GET' | 'POST', url: string, body?: object, headers: Record<string, string> = {}) {
  ipSeq++;
  return t.app.inject({ method, url, headers, remoteAddress: `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`, ...(body ? { payload: body } : {}) });
}

/** A resident orders the service in the grid; answers the tracking code and order number. */
export async function placeTestOrder(t: TestApp, gridCode: string, serviceId: number, phone = `1383715${String(6624 + ++phoneSeq).padStart(4, '0')}`) {
  const wantedAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const res = await publicCall(t, 'POST', `/api/public/grids/${gridCode}/orders`, { serviceId, wantedAt, address: '3号楼2单元501', phone, contactName: '李阿姨', note: '家里有老人，请上午来' });
  if (res.statusCode !== 201) throw new Error(`order: ${res.statusCode} ${res.body}`);
  return res.json() as { number: string; trackingCode: string };
}
