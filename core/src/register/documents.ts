// Identity documents a person in the register may be known by: the 居民身份证 for citizens, and the
// documents of 港澳台居民 and 境外人员 (foreigners), each with its own number format.
import {
  type IdCardProblem,
  type Invalid,
  PROVINCE_CODES,
  checkBirthDate,
  mod11_2CheckChar,
  normalizeDocumentNumber,
  parseIdCard,
  todayIn,
} from './id-card.js';

export const DOCUMENT_TYPE_KEYS = [
  'id_card',
  'hmt_residence_permit',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent_residence',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPE_KEYS)[number];

export interface DocumentTypeDefinition {
  key: DocumentType;
  zh: string;
  en: string;
  /** Other names found in spreadsheets (台账 columns), matched on import. */
  aliases: readonly string[];
}

export const DOCUMENT_TYPES: readonly DocumentTypeDefinition[] = [
  { key: 'id_card', zh: '居民身份证', en: 'Resident identity card', aliases: ['身份证', '二代身份证', 'ID card'] },
  {
    key: 'hmt_residence_permit',
    zh: '港澳台居民居住证',
    en: 'Residence permit for Hong Kong, Macao and Taiwan residents',
    aliases: ['港澳居民居住证', '台湾居民居住证', '居住证'],
  },
  { key: 'passport', zh: '护照', en: 'Passport', aliases: ['外国护照', '普通护照'] },
  {
    key: 'hk_macao_permit',
    zh: '港澳居民来往内地通行证',
    en: 'Mainland travel permit for Hong Kong and Macao residents',
    aliases: ['回乡证', '港澳通行证', '港澳居民通行证'],
  },
  {
    key: 'taiwan_permit',
    zh: '台湾居民来往大陆通行证',
    en: 'Mainland travel permit for Taiwan residents',
    aliases: ['台胞证', '台湾通行证'],
  },
  {
    key: 'foreign_permanent_residence',
    zh: '外国人永久居留身份证',
    en: 'Foreign permanent resident ID card',
    aliases: ['外国人永久居留证', '永久居留身份证', '中国绿卡', '绿卡'],
  },
];

export function isDocumentType(value: string): value is DocumentType {
  return (DOCUMENT_TYPE_KEYS as readonly string[]).includes(value);
}

const typeByLabel = new Map<string, DocumentType>();
for (const t of DOCUMENT_TYPES) {
  for (const label of [t.key, t.zh, t.en, ...t.aliases]) typeByLabel.set(label.toLowerCase(), t.key);
}

/** The document type a spreadsheet cell names (key, Chinese or English name, or a common alias). */
export function findDocumentType(label: string): DocumentType | null {
  return typeByLabel.get(label.normalize('NFKC').trim().toLowerCase()) ?? null;
}

export type DocumentProblem = IdCardProblem | 'TYPE';

export interface ValidDocument {
  ok: true;
  type: DocumentType;
  normalized: string;
  /** Known when the number encodes it (ID card, residence permit, new permanent residence card). */
  birthDate?: string;
  gender?: 'male' | 'female';
  regionCode?: string;
}

export type DocumentResult = ValidDocument | Invalid<DocumentProblem>;

const invalid = <P extends DocumentProblem>(problem: P, zh: string, en: string): Invalid<P> => ({ ok: false, problem, zh, en });

/**
 * Validates a document number of the given type. `today` (YYYY-MM-DD, default: today in
 * Asia/Shanghai) bounds birth dates encoded in the number.
 */
export function validateDocument(type: string, value: string, today: string = todayIn()): DocumentResult {
  if (!isDocumentType(type)) return invalid('TYPE', `未知的证件类型：${type}`, `Unknown document type: ${type}`);
  const v = normalizeDocumentNumber(value);
  switch (type) {
    case 'id_card':
      return fromIdCard(type, parseIdCard(value, today));
    case 'hmt_residence_permit':
      return residencePermit(value, today);
    case 'passport':
      return passport(v);
    case 'hk_macao_permit':
      return hkMacaoPermit(v);
    case 'taiwan_permit':
      return taiwanPermit(v);
    case 'foreign_permanent_residence':
      return v.length === 15 ? permanentResidenceOld(v) : permanentResidence(v, today);
  }
}

function fromIdCard(type: DocumentType, r: ReturnType<typeof parseIdCard>): DocumentResult {
  if (!r.ok) return r;
  return { ok: true, type, normalized: r.normalized, birthDate: r.birthDate, gender: r.gender, regionCode: r.regionCode };
}

// 港澳台居民居住证 (2018): a 公民身份号码 whose address code is 810000 (HK), 820000 (Macao) or 830000 (Taiwan).
function residencePermit(value: string, today: string): DocumentResult {
  const r = parseIdCard(value, today);
  if (r.ok && !['810000', '820000', '830000'].includes(r.regionCode)) {
    return invalid(
      'REGION',
      '港澳台居民居住证号码应以810000、820000或830000开头；内地居民请选择“居民身份证”',
      'A residence permit number starts with 810000, 820000 or 830000; for mainland residents choose the ID card',
    );
  }
  return fromIdCard('hmt_residence_permit', r);
}

function passport(v: string): DocumentResult {
  if (v.length < 5 || v.length > 20) {
    return invalid('LENGTH', `护照号码应为5至20位，实际为${v.length}位`, `A passport number has 5 to 20 characters, not ${v.length}`);
  }
  if (!/^[A-Z0-9]+$/.test(v)) {
    return invalid('CHARACTERS', '护照号码只能包含字母和数字', 'A passport number has only letters and digits');
  }
  return { ok: true, type: 'passport', normalized: v };
}

// 回乡证: H (Hong Kong) or M (Macao) + 8 digits; cards before 2013 had 10 digits.
function hkMacaoPermit(v: string): DocumentResult {
  if (v.length !== 9 && v.length !== 11) {
    return invalid(
      'LENGTH',
      `港澳居民来往内地通行证号码应为H或M加8位或10位数字，实际为${v.length}位`,
      `A Hong Kong/Macao travel permit number is H or M plus 8 or 10 digits; this has ${v.length} characters`,
    );
  }
  if (!/^[HM]\d+$/.test(v)) {
    return invalid(
      'CHARACTERS',
      '港澳居民来往内地通行证号码应以H（香港）或M（澳门）开头，后接数字',
      'A Hong Kong/Macao travel permit number starts with H (Hong Kong) or M (Macao) followed by digits',
    );
  }
  return { ok: true, type: 'hk_macao_permit', normalized: v };
}

// 台胞证 (card since 2015): 8 digits.
function taiwanPermit(v: string): DocumentResult {
  if (v.length !== 8) {
    return invalid(
      'LENGTH',
      `台湾居民来往大陆通行证号码应为8位数字，实际为${v.length}位`,
      `A Taiwan travel permit number has 8 digits, not ${v.length} characters`,
    );
  }
  if (!/^\d{8}$/.test(v)) {
    return invalid('CHARACTERS', '台湾居民来往大陆通行证号码只能是数字', 'A Taiwan travel permit number has only digits');
  }
  return { ok: true, type: 'taiwan_permit', normalized: v };
}

// 外国人永久居留身份证 (2017/2023): 9 + 2-digit province of issue + 3-digit nationality code
// + 8-digit birth date + 3-digit sequence + MOD 11-2 check character, as in GB 11643.
function permanentResidence(v: string, today: string): DocumentResult {
  if (v.length !== 18) {
    return invalid(
      'LENGTH',
      `外国人永久居留身份证号码应为18位（新版）或15位（旧版），实际为${v.length}位`,
      `A permanent resident ID number has 18 characters (current card) or 15 (old card), not ${v.length}`,
    );
  }
  if (!/^9\d{16}[\dX]$/.test(v)) {
    return invalid(
      'CHARACTERS',
      '新版外国人永久居留身份证号码以9开头，前17位为数字，最后一位为数字或X',
      'A current permanent resident ID number starts with 9, has 17 digits and ends with a digit or X',
    );
  }
  const province = v.slice(1, 3);
  if (!PROVINCE_CODES.has(province) || ['71', '81', '82', '83'].includes(province)) {
    return invalid('REGION', `第2至3位受理地代码 ${province} 不是有效的省级代码`, `Digits 2–3 (${province}) are not a valid province of issue`);
  }
  const birth = checkBirthDate(v.slice(6, 14), today);
  if (!birth.ok) return birth;
  if (v[17] !== mod11_2CheckChar(v.slice(0, 17))) {
    return invalid('CHECK_DIGIT', '证件号码校验位不正确，请核对号码是否抄错', 'The check character does not match; please check the number for typing errors');
  }
  return { ok: true, type: 'foreign_permanent_residence', normalized: v, birthDate: birth.date, regionCode: province + '0000' };
}

// The card issued 2004–2017: 3-letter nationality code (ISO 3166-1 alpha-3) + 12 digits.
function permanentResidenceOld(v: string): DocumentResult {
  if (!/^[A-Z]{3}\d{12}$/.test(v)) {
    return invalid(
      'CHARACTERS',
      '旧版外国人永久居留证号码应为3位国籍字母代码加12位数字',
      'An old permanent resident card number is a 3-letter nationality code followed by 12 digits',
    );
  }
  return { ok: true, type: 'foreign_permanent_residence', normalized: v };
}
