import { describe, expect, it } from 'vitest';
import { formatItemCode, materialsFromText, materialsToText, parseItemCode, type Material } from './catalogue.js';

describe('item codes (GB/T 39554.1-2020 structure)', () => {
  it('reads 12 digits with or without separators into kind, main, sub and handling item', () => {
    expect(parseItemCode('11-00101-000-01')).toEqual({ ok: true, code: '110010100001', kind: '11', main: '00101', sub: '000', handling: '01' });
    expect(parseItemCode(' 05 00401 000 01 ')).toMatchObject({ ok: true, code: '050040100001' });
    expect(formatItemCode('070050100001')).toBe('07-00501-000-01');
  });

  it('refuses a wrong length, an unknown kind and an empty main item, saying why in Chinese', () => {
    expect(parseItemCode('1100101000')).toMatchObject({ ok: false, zh: expect.stringContaining('不是12位事项编码') });
    expect(parseItemCode('99-00101-000-01')).toMatchObject({ ok: false, zh: expect.stringContaining('事项类型「99」不在目录中') });
    expect(parseItemCode('11-00000-000-01')).toMatchObject({ ok: false, zh: '主项编码不能为 00000' });
  });
});

describe('materials checklist as text', () => {
  const list: Material[] = [
    { name: '居民身份证', form: 'both', copies: 1 },
    { name: '一寸照片', form: 'original', copies: 2, note: '近期免冠，白底' },
    { name: '租房合同', form: 'copy', copies: 1 },
  ];

  it('writes one cell and reads it back unchanged', () => {
    const text = materialsToText(list);
    expect(text).toBe('居民身份证（原件及复印件）；一寸照片（原件 2份，近期免冠，白底）；租房合同（复印件）');
    expect(materialsFromText(text)).toEqual({ ok: true, value: list });
  });

  it('reads what people type: half-width brackets and semicolons, line breaks, no form (原件)', () => {
    expect(materialsFromText('户口簿;身份证(复印件 3份)\n结婚证（原件和复印件）')).toEqual({
      ok: true,
      value: [
        { name: '户口簿', form: 'original', copies: 1 },
        { name: '身份证', form: 'copy', copies: 3 },
        { name: '结婚证', form: 'both', copies: 1 },
      ],
    });
  });

  it('refuses an empty checklist', () => {
    expect(materialsFromText(' ；； ')).toMatchObject({ ok: false, zh: '材料清单为空' });
  });
});
