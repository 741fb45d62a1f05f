// Security headers on every answer (等保2.0 应用安全: the browser is told what it may run, frame
// and send elsewhere). The console and the resident pages load only their own scripts: no inline
// script, no eval. Styles may be inline (Element Plus and Leaflet position elements with style
// attributes). Images may come from any HTTPS host because the base map's tile source is a
// deployment setting (天地图, 高德 …); an image cannot run code. An answer that set its own policy
// (a stored file: sendFile's sandbox) keeps it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const FIXED: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The tracking code of a resident's report is in the page URL: never sent to another site.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // The report form may ask for the location and the camera; nothing else.
  'permissions-policy': 'geolocation=(self), camera=(self), microphone=(), payment=(), usb=()',
};

/** Two years, the preload list's minimum; only over HTTPS, where a browser honours it. */
const HSTS = 'max-age=63072000; includeSubDomains';

/** Sets the headers on one answer; also called where no hook runs (the router's own errors). */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  for (const [name, value] of Object.entries(FIXED)) if (!reply.hasHeader(name)) reply.header(name, value);
  if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  // request.protocol believes X-Forwarded-Proto only from a trusted proxy (TRUST_PROXY).
  if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
}

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    applySecurityHeaders(request, reply);
    return payload;
  });
}
