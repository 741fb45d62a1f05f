// 统一社会信用代码 (GB 32100-2015): 1 registration authority + 1 category + 6-digit division code
// of the registering office + 9-character organisation code (GB 11714) + 1 check character.
import { type Invalid, PROVINCE_CODES, normalizeDocumentNumber } from './id-card.js';

export type CreditCodeProblem = 'LENGTH' | 'CHARACTERS' | 'AUTHORITY' | 'CATEGORY' | 'REGION' | 'CHECK_DIGIT';

// GB 32100: the 31 characters in value order; I O Z S V are left out (confusable with 1 0 2 5 U).
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

interface Named {
  zh: string;
  en: string;
}

export interface RegistrationAuthority extends Named {
  categories: Readonly<Record<string, Named>>;
}

const other: Named = { zh: '其他', en: 'Other' };

// GB 32100-2015 table 1 with the codes added since (A: 中央军委改革和编制办公室, N: 农业).
export const REGISTRATION_AUTHORITIES: Readonly<Record<string, RegistrationAuthority>> = {
  '1': {
    zh: '机构编制',
    en: 'Public sector staffing',
    categories: {
      '1': { zh: '机关', en: 'Government body' },
      '2': { zh: '事业单位', en: 'Public institution' },
      '3': { zh: '中央编办直接管理机构编制的群众团体', en: 'Mass organisation staffed by the central staffing office' },
      '9': other,
    },
  },
  '2': { zh: '外交', en: 'Foreign affairs', categories: { '1': { zh: '外国常驻新闻机构', en: 'Foreign news agency office' }, '9': other } },
  '3': {
    zh: '司法行政',
    en: 'Justice administration',
    categories: {
      '1': { zh: '律师执业机构', en: 'Law firm' },
      '2': { zh: '公证处', en: 'Notary office' },
      '3': { zh: '基层法律服务所', en: 'Grassroots legal service office' },
      '4': { zh: '司法鉴定机构', en: 'Forensic appraisal institution' },
      '5': { zh: '仲裁委员会', en: 'Arbitration commission' },
      '9': other,
    },
  },
  '4': { zh: '文化', en: 'Culture', categories: { '1': { zh: '外国在华文化中心', en: 'Foreign cultural centre' }, '9': other } },
  '5': {
    zh: '民政',
    en: 'Civil affairs',
    categories: {
      '1': { zh: '社会团体', en: 'Social organisation' },
      '2': { zh: '民办非企业单位', en: 'Private non-enterprise unit' },
      '3': { zh: '基金会', en: 'Foundation' },
      '9': other,
    },
  },
  '6': {
    zh: '旅游',
    en: 'Tourism',
    categories: {
      '1': { zh: '外国旅游部门常驻代表机构', en: 'Foreign tourism office' },
      '2': { zh: '港澳台地区旅游部门常驻内地（大陆）代表机构', en: 'Hong Kong, Macao or Taiwan tourism office' },
      '9': other,
    },
  },
  '7': {
    zh: '宗教',
    en: 'Religious affairs',
    categories: { '1': { zh: '宗教活动场所', en: 'Place of religious activity' }, '2': { zh: '宗教院校', en: 'Religious school' }, '9': other },
  },
  '8': { zh: '工会', en: 'Trade unions', categories: { '1': { zh: '基层工会', en: 'Grassroots trade union' }, '9': other } },
  // The standard says 工商; market regulation (市场监管) registers these today under the same code.
  '9': {
    zh: '工商',
    en: 'Market regulation',
    categories: {
      '1': { zh: '企业', en: 'Enterprise' },
      '2': { zh: '个体工商户', en: 'Individual business' },
      '3': { zh: '农民专业合作社', en: 'Farmers’ cooperative' },
    },
  },
  A: {
    zh: '中央军委改革和编制办公室',
    en: 'CMC reform and staffing office',
    categories: { '1': { zh: '军队事业单位', en: 'Military public institution' }, '9': other },
  },
  N: {
    zh: '农业',
    en: 'Agriculture',
    categories: {
      '1': { zh: '组级集体经济组织', en: 'Group-level collective economic organisation' },
      '2': { zh: '村级集体经济组织', en: 'Village-level collective economic organisation' },
      '3': { zh: '乡镇级集体经济组织', en: 'Township-level collective economic organisation' },
      '9': other,
    },
  },
  Y: { zh: '其他', en: 'Other', categories: { '1': other } },
};

export interface CreditCode {
  ok: true;
  normalized: string;
  authorityCode: string;
  categoryCode: string;
  /** Division code of the registering office (GB/T 2260; 100000 for national registration). */
  regionCode: string;
  /** Characters 9–17: the GB 11714 organisation code. */
  organizationCode: string;
  authority: Named;
  category: Named;
}

export type CreditCodeResult = CreditCode | Invalid<CreditCodeProblem>;

/** The check character of the first 17 characters, or null when they are not 17 charset characters. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

const invalid = (problem: CreditCodeProblem, zh: string, en: string): Invalid<CreditCodeProblem> => ({ ok: false, problem, zh, en });

const CHARSET_RE = new RegExp(`^[${CREDIT_CODE_CHARSET}]+$`);

export function parseCreditCode(value: string): CreditCodeResult {
  const v = normalizeDocumentNumber(value);
  if (v.length !== 18) {
    return invalid('LENGTH', `统一社会信用代码应为18位，实际为${v.length}位`, `A unified social credit code has 18 characters, not ${v.length}`);
  }
  if (!CHARSET_RE.test(v)) {
    const bad = [...v].find((c) => !CREDIT_CODE_CHARSET.includes(c))!;
    return invalid(
      'CHARACTERS',
      `统一社会信用代码含有不允许的字符“${bad}”（只用数字和除I、O、Z、S、V以外的大写字母）`,
      `The code contains “${bad}”; only digits and capital letters except I, O, Z, S and V are used`,
    );
  }
  const authority = REGISTRATION_AUTHORITIES[v[0]!];
  if (!authority) {
    return invalid('AUTHORITY', `第1位登记管理部门代码“${v[0]}”不存在`, `The first character (${v[0]}) is not a registration authority code`);
  }
  const category = authority.categories[v[1]!];
  if (!category) {
    return invalid(
      'CATEGORY',
      `第2位机构类别代码“${v[1]}”不属于登记管理部门“${authority.zh}”`,
      `The second character (${v[1]}) is not a category of the ${authority.en} authority`,
    );
  }
  const regionCode = v.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode) || !(regionCode === '100000' || PROVINCE_CODES.has(regionCode.slice(0, 2)))) {
    return invalid(
      'REGION',
      `第3至8位登记管理机关行政区划码“${regionCode}”无效`,
      `Characters 3–8 (${regionCode}) are not the division code of a registration office`,
    );
  }
  if (v[17] !== creditCodeCheckChar(v.slice(0, 17))) {
    return invalid('CHECK_DIGIT', '统一社会信用代码校验位不正确，请核对是否抄错', 'The check character does not match; please check the code for typing errors');
  }
  return {
    ok: true,
    normalized: v,
    authorityCode: v[0]!,
    categoryCode: v[1]!,
    regionCode,
    organizationCode: v.slice(8, 17),
    authority: { zh: authority.zh, en: authority.en },
    category: { ...category },
  };
}
