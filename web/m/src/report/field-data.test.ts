import { describe, expect, it } from 'vitest';
import { rankCategories } from './category-rank';
import { reportView } from './field-data';
import { nearbySameCategory } from './nearby';
import { missing, reportBody } from './report-body';

// Categories as GET /api/field/snapshot sends them: Chinese dictionary names, kind component | matter | social.
const view = reportView({
  categories: [
    { key: 'component:01002', kind: 'component', name: '污水井盖', pinyin: 'wushuijinggai', initials: 'wsjg' },
    { key: 'matter:01002', kind: 'matter', name: '污水井盖异常', pinyin: 'wushuijinggaiyichang', initials: 'wsjgyc' },
  ],
  toVerify: [{ id: 9, number: 'AJ20261202-0031', categoryKey: 'matter:01002', categoryName: '污水井盖异常', lng: 113.6815, lat: 34.7812 }],
});

describe('reportView', () => {
  it('gives every list and keeps the server’s categories as they come (Chinese names)', () => {
    expect(view.categories[0]!.name).toBe('污水井盖');
    expect(view.grids).toEqual([]);
    expect(view.baseMap).toBeNull();
    // 事项 (kind matter) count as events.
    expect(rankCategories(view.categories, '井盖丢了')[0]!.key).toBe('matter:01002');
  });
});

describe('nearbySameCategory', () => {
  it('finds a case of the same category within 100 m only', () => {
    const here = { lng: 113.6812, lat: 34.7811 };
    expect(nearbySameCategory(here, 'matter:01002', view.toVerify).map((n) => n.case.id)).toEqual([9]);
    expect(nearbySameCategory(here, 'component:01002', view.toVerify)).toEqual([]);
    expect(nearbySameCategory({ lng: 113.69, lat: 34.79 }, 'matter:01002', view.toVerify)).toEqual([]);
  });
});

describe('reportBody', () => {
  const base = { categoryKey: 'matter:01002', categoryName: '污水井盖异常', point: { lng: 113.6812, lat: 34.7811 }, hasPhoto: true, fixOnSpot: false, note: '' };
  const defaults = { photo: '{name}（见照片）', fixed: '{name}（现场已解决，见照片）' };
  it('stands the category name in for a missing description', () => {
    expect(reportBody({ ...base, description: ' ' }, defaults)).toEqual({ categoryKey: 'matter:01002', description: '污水井盖异常（见照片）', lng: 113.6812, lat: 34.7811 });
  });
  it('sends 现场解决 with its note, without markup characters', () => {
    expect(reportBody({ ...base, description: '井盖<松动>', fixOnSpot: true, note: '已临时固定' }, defaults)).toMatchObject({ description: '井盖松动', fixOnSpot: true, note: '已临时固定' });
  });
  it('names what is missing', () => {
    expect(missing({ categoryKey: null, point: null, hasPhoto: false, description: '' })).toEqual(['needPhotoOrText', 'needPlace', 'needCategory']);
    expect(missing({ categoryKey: 'matter:01002', point: base.point, hasPhoto: false, description: '井盖松动' })).toEqual([]);
  });
});
