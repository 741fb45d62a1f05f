// 代办统计: figures of proxy requests per item, grid (with community and street totals) or agent
// (GET /api/proxy/figures) and the same rows as Excel. Shapes come from the server's schemas (see wire.ts).
import type * as S from '@server-schema/proxy';
import { http } from './http';
import type { Wire } from './wire';

export type ProxyFigures = Wire<typeof S.Figures>;
export type ProxyFigureRow = ProxyFigures['rows'][number];
export type ProxyFiguresQuery = Wire<typeof S.FiguresQuery>;

const queryString = (q: ProxyFiguresQuery) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  return params.toString();
};

export const proxyFiguresApi = {
  figures: (query: ProxyFiguresQuery) => http.get<ProxyFigures>('/api/proxy/figures', query),
  /** The same rows as an .xlsx workbook (the download is audited). */
  exportUrl: (query: ProxyFiguresQuery) => `/api/proxy/figures/export?${queryString(query)}`,
};
