// Proxy services (代办): the catalogue of items and the requests filed for residents, with their
// steps, signature and printed documents. Shapes come from the server's schemas (see wire.ts).
import type * as S from '@server-schema/proxy';
import { http } from './http';
import type { Wire } from './wire';

export type ProxyItem = Wire<typeof S.Item>;
export type ProxyItemList = Wire<typeof S.ItemList>;
export type ProxyItemQuery = Wire<typeof S.ItemListQuery>;
export type ProxyItemCreate = Wire<typeof S.CreateItemBody>;
export type ProxyItemUpdate = Wire<typeof S.UpdateItemBody>;
export type ProxyImportReport = Wire<typeof S.ImportReport>;
export type Material = Wire<typeof S.Material>;

export type ProxyRequest = Wire<typeof S.RequestItem>;
export type ProxyRequestList = Wire<typeof S.RequestList>;
export type ProxyRequestDetail = Wire<typeof S.RequestDetail>;
export type ProxyRequestQuery = Wire<typeof S.RequestListQuery>;
export type ProxyRequestEvent = ProxyRequestDetail['events'][number];
export type ProxyFileBody = Wire<typeof S.FileRequestBody>;
export type ProxyActionBody = Wire<typeof S.ActionBody>;
export type ProxyAction = ProxyRequest['allowedActions'][number];
export type ProxyAgent = Wire<typeof S.AgentList>['items'][number];

/** The printed documents of a request (server: GET …/documents/:kind, application/pdf). */
export type ProxyDocumentKind = 'entrust' | 'handover' | 'completion' | 'termination';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const proxyApi = {
  items: (query: ProxyItemQuery) => http.get<ProxyItemList>('/api/proxy/items', query),
  item: (id: number) => http.get<ProxyItem>(`/api/proxy/items/${id}`),
  createItem: (body: ProxyItemCreate) => http.post<ProxyItem>('/api/proxy/items', body, { quiet: true }),
  /** Edits an item; `{ status: 'retired' }` retires it (停用), `'active'` brings it back. */
  updateItem: (id: number, body: ProxyItemUpdate) => http.patch<ProxyItem>(`/api/proxy/items/${id}`, body, { quiet: true }),
  /** The catalogue as Excel, in the import template's columns. */
  exportUrl: () => '/api/proxy/items/export',
  templateUrl: () => '/api/proxy/items/template',
  /** Dry run by default; `dryRun: false` imports all rows or none. */
  importItems: (file: Blob, dryRun: boolean) => http.postRaw<ProxyImportReport>('/api/proxy/items/import', file, XLSX, { query: { dryRun } satisfies Wire<typeof S.ImportQuery>, quiet: true }),

  requests: (query: ProxyRequestQuery) => http.get<ProxyRequestList>('/api/proxy/requests', query),
  request: (id: number) => http.get<ProxyRequestDetail>(`/api/proxy/requests/${id}`, undefined, { quiet: ['NOT_FOUND'] }),
  file: (body: ProxyFileBody) => http.post<ProxyRequestDetail>('/api/proxy/requests', body, { quiet: true }),
  act: (id: number, action: ProxyAction, body: ProxyActionBody) => http.post<ProxyRequestDetail>(`/api/proxy/requests/${id}/actions/${action}`, body, { quiet: true }),
  /** 转交: the agents serving the request's grid. */
  agents: (id: number) => http.get<Wire<typeof S.AgentList>>(`/api/proxy/requests/${id}/agents`),
  /** The signature drawn on the 代办委托书 (a PNG), when the request is `signed`. */
  signatureUrl: (id: number) => `/api/proxy/requests/${id}/signature`,
};

/** A printed document of a request, opened in a new tab; a 材料交接单 names its materials step. */
export function documentUrl(id: number, kind: ProxyDocumentKind, eventId?: number): string {
  const path = `/api/proxy/requests/${id}/documents/${kind}`;
  return eventId === undefined ? path : `${path}?eventId=${eventId}`;
}
