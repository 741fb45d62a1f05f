// Every error leaves as { error: { code, message, details? } } in the caller's language;
// no stack traces reach clients.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, pickLang, type Message } from '../errors.js';
import { applySecurityHeaders } from './security-headers.js';
import { TEXT_KEYWORD, VISIBLE_KEYWORD } from './validation.js';

function languageOf(request: FastifyRequest) {
  return pickLang(request.headers['accept-language'], request.cookies?.cg_lang);
}

function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, msg: Message, details?: unknown) {
  const message = msg[languageOf(request)];
  return reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

function validationMessage(error: FastifyError): Message {
  const first = error.validation?.[0];
  const where = error.validationContext ?? 'body';
  const field = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '';
  if (first?.keyword === 'additionalProperties') {
    const extra = String((first.params as { additionalProperty?: string }).additionalProperty ?? '');
    return { zh: `不允许的字段：${extra}`, en: `Unknown field: ${extra}` };
  }
  if (first?.keyword === 'required') {
    const missing = String((first.params as { missingProperty?: string }).missingProperty ?? '');
    return { zh: `缺少必填字段：${missing}`, en: `Missing required field: ${missing}` };
  }
  const label = field || where;
  if (first?.keyword === TEXT_KEYWORD) {
    const problem = (first.params as { problem?: string }).problem;
    if (problem === 'bidi') return { zh: `字段 ${label} 含有改变文字显示顺序的控制字符`, en: `${label} contains bidirectional control characters` };
    return { zh: `字段 ${label} 含有无法保存的字符（空字符或残缺的 Unicode 字符）`, en: `${label} contains characters that cannot be stored (NUL or a broken Unicode character)` };
  }
  if (first?.keyword === VISIBLE_KEYWORD) {
    return { zh: `字段 ${label} 不能只有空白或不可见字符`, en: `${label} must not be only spaces or invisible characters` };
  }
  if (first?.keyword === 'pattern') {
    return { zh: `字段 ${label} 含有不允许的字符或格式不对`, en: `${label} contains characters that are not allowed or has the wrong format` };
  }
  return { zh: `字段 ${label} 不符合要求（${first?.message ?? '格式错误'}）`, en: `Invalid ${label}: ${first?.message ?? 'bad format'}` };
}

/**
 * Errors the router raises before any route or hook runs (Fastify's `frameworkErrors` option):
 * a path with bytes that are no UTF-8 (%FF, an encoded lone surrogate) or a path parameter longer
 * than the router takes. Without this they leave in Fastify's own shape, not ours. No hook runs
 * for them, so the headers every answer carries are set here.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  applySecurityHeaders(request, reply);
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_BAD_URL') {
    return send(request, reply, 400, 'BAD_URL', { zh: '网址含有无法解读的字符（不是合法的 UTF-8 编码）', en: 'The URL contains bytes that are not valid UTF-8' });
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(request, reply, 414, 'URL_TOO_LONG', { zh: '网址中的参数过长', en: 'A parameter in the URL is too long' });
  }
  request.log.error({ err: error }, 'unhandled router error');
  return send(request, reply, 500, 'INTERNAL', { zh: '服务器内部错误，请稍后再试', en: 'Internal server error' });
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const retryAfterS = (error.details as { retryAfterS?: unknown } | undefined)?.retryAfterS;
      if (error.status === 429 && typeof retryAfterS === 'number') reply.header('retry-after', String(retryAfterS));
      return send(request, reply, error.status, error.code, error.messages, error.details);
    }
    if (error.validation) {
      const details = error.validation.map((v) => ({ path: v.instancePath || undefined, problem: v.message }));
      return send(request, reply, 400, 'VALIDATION_FAILED', validationMessage(error), details);
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error.statusCode === 400 && error instanceof SyntaxError)) {
      return send(request, reply, 400, 'INVALID_JSON', { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const mb = Math.round((request.routeOptions.bodyLimit ?? 1048576) / 1048576);
      return send(request, reply, 413, 'BODY_TOO_LARGE', { zh: `请求体过大（上限 ${mb} MB）`, en: `The request body is too large (limit ${mb} MB)` });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(request, reply, 415, 'UNSUPPORTED_MEDIA_TYPE', { zh: '不支持的内容类型，请使用 JSON', en: 'Unsupported content type; send JSON' });
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return send(request, reply, 400, 'INVALID_JSON', { zh: '请求体为空', en: 'The request body is empty' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(request, reply, error.statusCode, 'BAD_REQUEST', { zh: '请求无效', en: 'Bad request' });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 500, 'INTERNAL', { zh: '服务器内部错误，请稍后再试', en: 'Internal server error' });
  });

  app.setNotFoundHandler((request, reply) => {
    // The web pages are single-page apps: unknown page URLs get their HTML page (http/static.ts).
    const isPage = request.method === 'GET' && !/^\/(api|docs|health)(\/|$)/.test(request.url);
    const entryFor = request.server.webEntryFor;
    if (isPage && entryFor && request.headers.accept?.includes('text/html')) {
      return reply.sendFile(entryFor(request.url));
    }
    return send(request, reply, 404, 'NOT_FOUND', { zh: '接口不存在', en: 'No such endpoint' });
  });
}
