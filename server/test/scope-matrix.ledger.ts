// Scope-matrix entries for Excel templates, import and export: one entry per endpoint that takes an id.
import { writeXlsx } from '../../core/src/xlsx/index.js';
import type { ScopedEndpoint } from './scope-matrix.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// A dwelling sheet whose grid is named by the fixture's own grid name is found only in scope; the
// import is a dry run, so the matrix can call it again and again.
const dwellingSheet = () =>
  Buffer.from(writeXlsx([{ name: '房屋登记表', columns: [{ header: '所属网格' }, { header: '楼栋' }, { header: '房号' }], rows: [['矩阵网格', '矩阵楼', '101']] }]));

export const LEDGER_ENDPOINTS: ScopedEndpoint[] = [
  {
    name: 'import dwellings (dry run) under node',
    permission: 'register.write',
    call: (c, f) => c.request('POST', `/api/register/ledgers/dwellings/import?rootId=${f.nodeId}&dryRun=true`, dwellingSheet(), { 'content-type': XLSX }),
  },
  { name: 'export persons of node', permission: 'register.read', call: (c, f) => c.get(`/api/register/ledgers/persons/export?orgUnitId=${f.nodeId}`) },
  { name: 'export places of node', permission: 'register.read', call: (c, f) => c.get(`/api/register/ledgers/places/export?orgUnitId=${f.nodeId}`) },
];
