import { describe, expect, it } from 'vitest';
import { matchesPinyin, normalizePinyinQuery, pinyinKeys } from './pinyin.js';

describe('pinyinKeys for persons', () => {
  it('gives full pinyin and initials', () => {
    expect(pinyinKeys('张美荣')).toEqual({ full: 'zhangmeirong', initials: 'zmr' });
  });
  it('reads surnames as surnames', () => {
    const cases: [string, string, string][] = [
      ['单雄信', 'shanxiongxin', 'sxx'],
      ['曾国藩', 'zengguofan', 'zgf'],
      ['解缙', 'xiejin', 'xj'],
      ['仇英', 'qiuying', 'qy'],
      ['朴树', 'piaoshu', 'ps'],
      ['区志强', 'ouzhiqiang', 'ozq'],
      ['查良镛', 'zhaliangyong', 'zly'],
      ['乐嘉', 'yuejia', 'yj'],
      ['尉迟恭', 'yuchigong', 'ycg'],
      ['欧阳娜娜', 'ouyangnana', 'oynn'],
    ];
    for (const [name, full, initials] of cases) expect(pinyinKeys(name), name).toEqual({ full, initials });
  });
  it('reads only the first character as a surname', () => {
    // 单 as a given name reads dan; 曾 after the surname reads ceng.
    expect(pinyinKeys('单单')).toEqual({ full: 'shandan', initials: 'sd' });
    expect(pinyinKeys('曾曾')).toEqual({ full: 'zengceng', initials: 'zc' });
  });
  it('writes ü as v', () => {
    expect(pinyinKeys('吕布')).toEqual({ full: 'lvbu', initials: 'lb' });
    expect(pinyinKeys('女娲')).toEqual({ full: 'nvwa', initials: 'nw' });
  });
  it('keeps Latin names and mixed text', () => {
    expect(pinyinKeys('John Smith')).toEqual({ full: 'johnsmith', initials: 'js' });
    expect(pinyinKeys('José Müller')).toEqual({ full: 'josemuller', initials: 'jm' });
    expect(pinyinKeys('阿依古丽·买买提')).toEqual({ full: 'ayiguli' + 'maimaiti', initials: 'aygl' + 'mmt' });
    expect(pinyinKeys('Tom 单')).toEqual({ full: 'tomshan', initials: 'ts' });
  });
  it('is safe on empty input', () => {
    expect(pinyinKeys('')).toEqual({ full: '', initials: '' });
    expect(pinyinKeys('  ·  ')).toEqual({ full: '', initials: '' });
  });
});

describe('pinyinKeys for places', () => {
  it('reads words, not surnames', () => {
    expect(pinyinKeys('单元楼', 'place').full).toBe('danyuanlou');
    expect(pinyinKeys('长安街', 'place')).toEqual({ full: 'changanjie', initials: 'caj' });
    expect(pinyinKeys('重庆路', 'place')).toEqual({ full: 'chongqinglu', initials: 'cql' });
  });
  it('keeps numbers whole and Latin letters as initials', () => {
    expect(pinyinKeys('金水路12号', 'place')).toEqual({ full: 'jinshuilu12hao', initials: 'jsl12h' });
    expect(pinyinKeys('3号楼B单元', 'place')).toEqual({ full: '3haoloubdanyuan', initials: '3hlbdy' });
    expect(pinyinKeys('通信花园A区', 'place')).toEqual({ full: 'tongxinhuayuanaqu', initials: 'txhyaq' });
  });
  it('turns full-width letters and digits into ASCII', () => {
    expect(pinyinKeys('１２号Ｂ栋', 'place')).toEqual({ full: '12haobdong', initials: '12hbd' });
  });
});

describe('matchesPinyin', () => {
  const zmr = pinyinKeys('张美荣');
  it('matches prefixes of the initials or the full pinyin', () => {
    for (const q of ['z', 'zm', 'zmr', 'zh', 'zhang', 'zhangmei', 'zhangmeirong']) expect(matchesPinyin(q, zmr), q).toBe(true);
  });
  it('ignores case, spaces and apostrophes', () => {
    expect(matchesPinyin('ZMR', zmr)).toBe(true);
    expect(matchesPinyin(' Zhang Mei ', zmr)).toBe(true);
    expect(matchesPinyin("zhang'mei", zmr)).toBe(true);
  });
  it('does not match elsewhere than at the start', () => {
    expect(matchesPinyin('mr', zmr)).toBe(false);
    expect(matchesPinyin('meirong', zmr)).toBe(false);
    expect(matchesPinyin('zmrx', zmr)).toBe(false);
  });
  it('finds people by the reading of their surname', () => {
    expect(matchesPinyin('sxx', pinyinKeys('单雄信'))).toBe(true);
    expect(matchesPinyin('dxx', pinyinKeys('单雄信'))).toBe(false);
    expect(matchesPinyin('zeng', pinyinKeys('曾国藩'))).toBe(true);
    expect(matchesPinyin('lv', pinyinKeys('吕布'))).toBe(true);
    expect(matchesPinyin('lü', pinyinKeys('吕布'))).toBe(true);
  });
  it('matches digits in addresses', () => {
    const keys = pinyinKeys('3号楼2单元', 'place');
    expect(matchesPinyin('3hl', keys)).toBe(true);
    expect(matchesPinyin('3hl2', keys)).toBe(true);
    expect(matchesPinyin('3haolou', keys)).toBe(true);
    expect(matchesPinyin('4hl', keys)).toBe(false);
  });
  it('matches nothing for an empty query', () => {
    expect(matchesPinyin('', zmr)).toBe(false);
    expect(matchesPinyin(' - ', zmr)).toBe(false);
    expect(normalizePinyinQuery(" Zhang'Mei 3 ")).toBe('zhangmei3');
  });
});
