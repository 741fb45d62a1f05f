// Errors with stable codes and messages in Chinese and English (STYLE.md §5).

export type Lang = 'zh' | 'en';
export interface Message {
  zh: string;
  en: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Message,
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = 'AppError';
  }
}

export const notFound = (what: Message = { zh: '记录', en: 'Record' }) =>
  new AppError(404, 'NOT_FOUND', { zh: `${what.zh}不存在或无权访问`, en: `${what.en} not found` });

export const forbidden = () =>
  new AppError(403, 'FORBIDDEN', { zh: '没有执行此操作的权限', en: 'You are not allowed to do this' });

export const unauthenticated = () =>
  new AppError(401, 'UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in first' });

export const conflict = (code: string, messages: Message, details?: unknown) =>
  new AppError(409, code, messages, details);

export const badRequest = (code: string, messages: Message, details?: unknown) =>
  new AppError(400, code, messages, details);

/** Picks the language from a cg_lang cookie or Accept-Language; Chinese unless English is asked for. */
export function pickLang(acceptLanguage: string | undefined, cookieLang?: string): Lang {
  if (cookieLang === 'en' || cookieLang === 'zh') return cookieLang;
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
