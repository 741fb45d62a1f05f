// The community's resident pages (社区公告, 咨询建议, 便民服务超市): their calls, on the resident pages'
// one fetch, and their texts merged into the resident i18n when one of the pages loads.
import type * as N from '@server-schema/notices';
import type * as Q from '@server-schema/consultations';
import type * as S from '@server-schema/shop';
import type { Wire } from '@/api/wire';
import { residentCommunity } from '@/i18n/resident-community';
import { ApiError, createHttp, uuid } from '../../../shared/http';
import { currentLocale, i18n } from './i18n';

i18n.global.mergeLocaleMessage('zh-CN', { community: residentCommunity.zh });
i18n.global.mergeLocaleMessage('en', { community: residentCommunity.en });

export type PublicNoticeList = Wire<typeof N.PublicNoticeList>;
export type PublicNotice = Wire<typeof N.PublicNotice>;
export type AskInput = Wire<typeof Q.AskBody>;
export type AskAnswer = Wire<typeof Q.AskAnswer>;
export type PublicConsultation = Wire<typeof Q.PublicConsultation>;
export type PublicShop = Wire<typeof S.PublicShop>;
export type OrderInput = Wire<typeof S.OrderBody>;
export type OrderAnswer = Wire<typeof S.OrderAnswer>;
export type PublicOrder = Wire<typeof S.PublicOrder>;
export type Rating = NonNullable<PublicOrder['rating']>;

const client = createHttp({ lang: currentLocale });

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let answer;
  try {
    answer = await client.send(method, path, { body, headers });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.global.t('common.networkError'));
  }
  if (!answer.ok) throw client.failure(answer, i18n.global.t('common.httpError', { status: answer.status }));
  return answer.data as T;
}

const grid = (code: string) => `/api/public/grids/${encodeURIComponent(code)}`;
const code = (c: string) => encodeURIComponent(c);

export const communityApi = {
  notices: (gridCode: string) => call<PublicNoticeList>('GET', `${grid(gridCode)}/notices`),
  notice: (gridCode: string, id: number) => call<PublicNotice>('GET', `${grid(gridCode)}/notices/${id}`),
  /** One question per key: a double tap or a retry gets the same tracking code. */
  ask: (gridCode: string, body: AskInput, idempotencyKey: string) => call<AskAnswer>('POST', `${grid(gridCode)}/consultations`, body, { 'Idempotency-Key': idempotencyKey }),
  answer: (c: string) => call<PublicConsultation>('GET', `/api/public/consultations/${code(c)}`),
  shop: (gridCode: string) => call<PublicShop>('GET', `${grid(gridCode)}/shop`),
  order: (gridCode: string, body: OrderInput, idempotencyKey: string) => call<OrderAnswer>('POST', `${grid(gridCode)}/orders`, body, { 'Idempotency-Key': idempotencyKey }),
  followOrder: (c: string) => call<PublicOrder>('GET', `/api/public/orders/${code(c)}`),
  rateOrder: (c: string, rating: Rating, comment?: string) => call<PublicOrder>('POST', `/api/public/orders/${code(c)}/rating`, { rating, ...(comment ? { comment } : {}) }),
  cancelOrder: (c: string, reason: string) => call<PublicOrder>('POST', `/api/public/orders/${code(c)}/cancel`, { reason }),
};

export const newKey = uuid;
export const TRACKING_CODE = /^[2-9A-HJKMNP-Z]{10}$/;
export const normaliseCode = (v: string) => v.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 10);
/** 5000 分 → "50", 3550 → "35.50". */
export const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));
