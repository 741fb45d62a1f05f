import { describe, expect, it } from 'vitest';
import { mod11_2CheckChar } from './id-card.js';
import { DWELLING_LEDGER, PERSON_LEDGER, personRowProblems, readLedger, splitTags } from './ledger.js';

const id = (first17: string) => first17 + mod11_2CheckChar(first17);
const HEADER = ['所属网格', '姓名', '证件号码', '联系电话', '人员类别', '居住登记日期', '居住证有效期至', '户编号', '与户主关系'];
const TODAY = '2026-11-24';

describe('reading a person ledger', () => {
  it('maps Chinese headers in any order (with * marks) and parses every cell', () => {
    const rows = [
      ['姓名*', ' 所属网格 ', '证件号码', '联系电话', '人员类别', '居住证有效期至', '与户主关系'],
      ['张美荣', '通信花园社区第一网格', id('41010519550312002'), '138 3820 6721', '户籍', '', '户主'],
      ['李志强', '通信花园社区第一网格', id('41132319920605121'), '+8613937125508', '流动人口', '2026/12/4', '租客'],
    ];
    const { rows: read, problems } = readLedger(PERSON_LEDGER, rows, TODAY);
    expect(problems).toEqual([]);
    expect(read[0]).toEqual({ row: 2, values: expect.objectContaining({ name: '张美荣', phone: '13838206721', residenceStatus: 'registered', relation: 'self' }) });
    expect(read[1]!.values).toMatchObject({ residenceStatus: 'migrant', residenceUntil: '2026-12-04', phone: '13937125508', relation: 'tenant' });
  });

  it('reports every bad cell with its row and column, in Chinese', () => {
    const rows = [
      HEADER,
      ['第一网格', '', id('41010519550312002'), '12345', '户籍人口', '', '', '', '户主'],
      ['第一网格', '王<b>', id('41010519550312002'), '', '留学生', '2026-02-30', '', '', '表哥'],
      [],
      ['第一网格', '赵六', id('41010519550312002'), '', '', '2026-05-01', '2026-04-01', '', ''],
    ];
    const { rows: read, problems } = readLedger(PERSON_LEDGER, rows, TODAY);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, '姓名'],
      [2, '联系电话'],
      [3, '姓名'],
      [3, '人员类别'],
      [3, '居住登记日期'],
      [3, '与户主关系'],
    ]);
    expect(problems[3]!.zh).toMatch(/户籍人口、流动人口、境外人员/);
    // Row 5 parses cell by cell; the date order is a row rule.
    const row5 = read.find((r) => r.row === 5)!;
    expect(personRowProblems(row5.values, TODAY)).toEqual([expect.objectContaining({ column: '居住证有效期至' })]);
  });

  it('says when required columns are missing from the header', () => {
    const { problems } = readLedger(PERSON_LEDGER, [['姓名', '电话']], TODAY);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.zh).toMatch(/所属网格、证件号码/);
  });

  it('catches an ID number Excel turned into a float, and a wrong check digit', () => {
    expect(personRowProblems({ documentNumber: '4.10105E+17' }, TODAY)[0]!.zh).toMatch(/科学计数法/);
    const wrong = id('41010519550312002').slice(0, 17) + (id('41010519550312002').endsWith('1') ? '2' : '1');
    expect(personRowProblems({ documentNumber: wrong }, TODAY)[0]!.zh).toMatch(/校验/);
  });

  it('reads numbers and choices of a dwelling ledger', () => {
    const rows = [['所属网格', '楼栋', '单元', '楼层', '房号', '建筑面积(㎡)', '居住状态'], ['第一网格', '3号楼', '2', '5', '501', '89.5', '空置'], ['第一网格', '3号楼', '2', '五', '502', '-1', '卖了']];
    const { rows: read, problems } = readLedger(DWELLING_LEDGER, rows, TODAY);
    expect(read[0]!.values).toMatchObject({ floor: 5, areaM2: 89.5, occupancy: 'vacant' });
    expect(problems.map((p) => p.column)).toEqual(['楼层', '建筑面积(㎡)', '居住状态']);
  });

  it('splits a tag cell, with management levels in brackets', () => {
    expect(splitTags('独居老人、刑满释放人员（重点）, 残疾人')).toEqual([
      { label: '独居老人', level: null },
      { label: '刑满释放人员', level: '重点' },
      { label: '残疾人', level: null },
    ]);
  });
});
