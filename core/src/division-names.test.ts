import { describe, expect, it } from 'vitest';
import { communityShortName, divisionShortName, streetShortName } from './division-names.js';

describe('communityShortName', () => {
  it('calls a residents’ committee’s area a 社区', () => {
    expect(communityShortName('通信花园社区居民委员会')).toBe('通信花园社区');
    expect(communityShortName('多福巷社区居委会')).toBe('多福巷社区');
    // no 社区 in the official name: the node is still the community, never the bare place
    expect(communityShortName('南龙头居民委员会')).toBe('南龙头社区');
    expect(communityShortName('南龙头居委会')).toBe('南龙头社区');
    expect(communityShortName('云南中路居委会')).toBe('云南中路社区');
    // a community named after a former village keeps the 村 in its name
    expect(communityShortName('沿村居民委员会')).toBe('沿村社区');
  });

  it('calls a villagers’ committee’s area a 村, without doubling it', () => {
    expect(communityShortName('小红门村民委员会')).toBe('小红门村');
    expect(communityShortName('楼梓庄村委会')).toBe('楼梓庄村');
    expect(communityShortName('牌坊村村民委员会')).toBe('牌坊村');
    expect(communityShortName('肖村村民委员会')).toBe('肖村');
    expect(communityShortName('某某村村委会')).toBe('某某村');
    expect(communityShortName('大古家子社区村民委员会')).toBe('大古家子社区');
  });

  it('reads the slips and short forms found in the code tables', () => {
    expect(communityShortName('体育社区居民居委会')).toBe('体育社区');
    expect(communityShortName('邮电新村社区居民委员')).toBe('邮电新村社区');
    expect(communityShortName('新建社区居委')).toBe('新建社区');
    expect(communityShortName('佳和社区居民委会')).toBe('佳和社区');
    expect(communityShortName('万山社区居委会会')).toBe('万山社区');
    expect(communityShortName('前十里铺村村民居委会')).toBe('前十里铺村');
    expect(communityShortName('沟口子村村民委会')).toBe('沟口子村');
    expect(communityShortName('李庄子村村民委会会')).toBe('李庄子村');
    expect(communityShortName('岚峪村村民委员')).toBe('岚峪村');
  });

  it('turns a 嘎查 committee into the 嘎查', () => {
    expect(communityShortName('巴彦芒哈嘎查委员会')).toBe('巴彦芒哈嘎查');
    expect(communityShortName('兴华嘎查委会')).toBe('兴华嘎查');
    expect(communityShortName('卜尔汉图嘎查')).toBe('卜尔汉图嘎查');
  });

  it('keeps trailing notes in parentheses', () => {
    expect(communityShortName('石头村民委员会（农村社区）')).toBe('石头村（农村社区）');
    expect(communityShortName('东青社区居委会（含东青村村委）')).toBe('东青社区（含东青村村委）');
    expect(communityShortName('新月村委会（新月工业小区）（省级）')).toBe('新月村（新月工业小区）（省级）');
    expect(communityShortName('新口（芦苇场）村委会')).toBe('新口（芦苇场）村');
    expect(communityShortName('（氵甸）沽村委会')).toBe('（氵甸）沽村');
  });

  it('leaves other names as they are', () => {
    for (const name of ['某某生活区', '山海关林场管理区', '巴音牧委会', '第一街委员会', '一连队', '白庙村农工商联合公司（村委会）', '居委会', '村委会', '（省级）']) {
      expect(communityShortName(name)).toBe(name);
    }
  });
});

describe('streetShortName', () => {
  it('names the street, not its office', () => {
    expect(streetShortName('保康街道办事处')).toBe('保康街道');
    expect(streetShortName('花园路街道')).toBe('花园路街道');
    expect(streetShortName('庆北办事处')).toBe('庆北办事处');
    expect(streetShortName('街道办事处')).toBe('街道办事处');
  });
});

describe('divisionShortName', () => {
  it('applies the rule of the kind', () => {
    expect(divisionShortName('community', '南龙头居民委员会')).toBe('南龙头社区');
    expect(divisionShortName('street', '库伦街道办事处')).toBe('库伦街道');
    expect(divisionShortName('county', '金水区')).toBe('金水区');
    // a county is never read as a committee
    expect(divisionShortName('county', '某某居委会')).toBe('某某居委会');
  });
});
