// The residents' side of a community for staff: notices (信息公布), questions and suggestions
// (咨询建议), the 红色物业 service supermarket. Shapes come from the server's schemas (see wire.ts).
import type * as N from '@server-schema/notices';
import type * as Q from '@server-schema/consultations';
import type * as S from '@server-schema/shop';
import { http } from './http';
import type { Filters, Wire } from './wire';

export type Notice = Wire<typeof N.Notice>;
export type NoticeList = Wire<typeof N.NoticeList>;
export type NoticeInput = Wire<typeof N.CreateNoticeBody>;
export type NoticePatch = Wire<typeof N.UpdateNoticeBody>;
export type Consultation = Wire<typeof Q.Consultation>;
export type ConsultationList = Wire<typeof Q.ConsultationList>;
export type Provider = Wire<typeof S.Provider>;
export type ProviderList = Wire<typeof S.ProviderList>;
export type ProviderInput = Wire<typeof S.CreateProviderBody>;
export type ServiceInput = Wire<typeof S.CreateServiceBody>;
export type Order = Wire<typeof S.Order>;
export type OrderList = Wire<typeof S.OrderList>;
export type OrderDetail = Wire<typeof S.OrderDetail>;
export type OrderAction = Order['allowedActions'][number];
export type OrderStepInput = Wire<typeof S.OrderActionBody>;

type Page = { page: number; pageSize: number };

export const communityApi = {
  notices: (q: Page & Filters<Wire<typeof N.NoticeListQuery>>) => http.get<NoticeList>('/api/notices', q),
  createNotice: (body: NoticeInput) => http.post<Notice>('/api/notices', body),
  updateNotice: (id: number, body: NoticePatch) => http.patch<Notice>(`/api/notices/${id}`, body),
  withdrawNotice: (id: number) => http.post<Notice>(`/api/notices/${id}/withdraw`),

  consultations: (q: Page & Filters<Wire<typeof Q.ConsultationListQuery>>) => http.get<ConsultationList>('/api/consultations', q),
  answer: (id: number, answer: string) => http.post<Consultation>(`/api/consultations/${id}/answer`, { answer }),
  toCase: (id: number, body: Wire<typeof Q.ToCaseBody>) => http.post<Consultation>(`/api/consultations/${id}/case`, body),
  toProxy: (id: number, body: Wire<typeof Q.ToProxyBody>) => http.post<Consultation>(`/api/consultations/${id}/proxy`, body),

  providers: (q: Page & Filters<Wire<typeof S.ProviderListQuery>>) => http.get<ProviderList>('/api/shop/providers', q),
  createProvider: (body: ProviderInput) => http.post<Provider>('/api/shop/providers', body),
  updateProvider: (id: number, body: Wire<typeof S.UpdateProviderBody>) => http.patch<Provider>(`/api/shop/providers/${id}`, body),
  addService: (id: number, body: ServiceInput) => http.post<Provider>(`/api/shop/providers/${id}/services`, body),
  updateService: (id: number, serviceId: number, body: Wire<typeof S.UpdateServiceBody>) => http.patch<Provider>(`/api/shop/providers/${id}/services/${serviceId}`, body),

  orders: (q: Page & Filters<Wire<typeof S.OrderListQuery>>) => http.get<OrderList>('/api/shop/orders', q),
  order: (id: number) => http.get<OrderDetail>(`/api/shop/orders/${id}`),
  orderPhone: (id: number) => http.get<{ phone: string }>(`/api/shop/orders/${id}/phone`),
  orderStep: (id: number, action: OrderAction, body: OrderStepInput) => http.post<OrderDetail>(`/api/shop/orders/${id}/actions/${action}`, body),
};

/** 5000 分 → "50.00". */
export const yuan = (fen: number) => (fen / 100).toFixed(2);
