// Proxy services (代办): the catalogue of items (GET /api/proxy/items). Shapes come from the server's schemas (see wire.ts).
import type * as S from '@server-schema/proxy';
import { http } from './http';
import type { Wire } from './wire';

export type ProxyItem = Wire<typeof S.Item>;
export type ProxyItemList = Wire<typeof S.ItemList>;
export type ProxyItemQuery = Wire<typeof S.ItemListQuery>;

export const proxyApi = {
  items: (query: ProxyItemQuery) => http.get<ProxyItemList>('/api/proxy/items', query),
  /** The catalogue as Excel, in the import template's columns. */
  exportUrl: () => '/api/proxy/items/export',
};
