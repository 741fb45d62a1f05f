// Runtime configuration from the environment, validated once at start-up.
import net from 'node:net';
import path from 'node:path';
import { SMS_DRIVERS, type SmsDriver } from './sms/sms-sender.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  logLevel: string;
  seedDemo: boolean;
  /** Addresses (or CIDR ranges, or loopback/linklocal/uniquelocal) of the reverse proxies whose X-Forwarded-* is believed. */
  trustProxy: string[];
  timeZone: string;
  webDir: string;
  publicUrl: string;
  /** WEBHOOK_ALLOW_HOSTS: inside hosts webhooks may reach all the same (modules/webhooks/targets.ts). */
  webhookAllowHosts: AllowedHost[];
  /** METRICS_TOKEN: the Bearer token GET /metrics requires; null: /metrics answers 404. */
  metricsToken: string | null;
  /** SMS_DRIVER: who sends residents' sign-in codes (sms/sms-sender.ts); `log` (development) by default. */
  smsDriver: SmsDriver;
}

/** A host (name or address, as WHATWG URL normalises it) and, if given, the one port allowed on it. */
export interface AllowedHost {
  host: string;
  port: number | null;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: the proxies in front of this server, as a comma list of addresses, CIDR ranges or
 * the names loopback, linklocal, uniquelocal. `true` means the proxy on this machine (loopback):
 * believing any X-Forwarded-For would let every client pick the address the rate limits count.
 */
export function parseTrustProxy(value: string | undefined): string[] {
  const v = (value ?? '').trim();
  if (v === '' || ['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return [];
  if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return ['loopback'];
  return v.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = net.isIP(address ?? '');
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (PROXY_NAMES.includes(entry) || (family !== 0 && okBits && rest.length === 0)) return entry;
    throw new Error(`TRUST_PROXY: '${entry}' is not an address, a CIDR range or one of ${PROXY_NAMES.join(', ')}`);
  });
}

/**
 * WEBHOOK_ALLOW_HOSTS: a comma list of `host` or `host:port` (IPv6 in brackets: `[fd00::1]:8443`)
 * that webhooks may reach although they resolve to a loopback, private or other inside address —
 * e.g. `hooks.internal.gov:8443,10.1.2.3`. Empty by default: webhooks reach outside systems only.
 */
export function parseWebhookAllowHosts(value: string | undefined): AllowedHost[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    // One host each: no wildcards or ranges, so that what is allowed can be read off the list.
    const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/@?#*\s]+)(?::(\d{1,5}))?$/.exec(entry);
    let host: string | null = null;
    try {
      if (m) host = new URL(`http://${m[1]}/`).hostname.toLowerCase();
    } catch {
      host = null;
    }
    const port = m?.[2] === undefined ? null : Number(m[2]);
    if (!host || (port !== null && (port < 1 || port > 65535))) {
      throw new Error(`WEBHOOK_ALLOW_HOSTS: '${entry}' is not a host or host:port (IPv6 addresses in brackets, e.g. [fd00::1]:8443)`);
    }
    return { host, port };
  });
}

/**
 * METRICS_TOKEN: unset or empty turns /metrics off (404). A token is 16 to 200 visible ASCII
 * characters (`openssl rand -hex 24`): a short one could be guessed, and a space could not be sent
 * after "Bearer".
 */
export function parseMetricsToken(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  if (v === '') return null;
  if (!/^[\x21-\x7e]{16,200}$/.test(v)) throw new Error('METRICS_TOKEN must be 16 to 200 visible ASCII characters without spaces (e.g. `openssl rand -hex 24`)');
  return v;
}

export function parseSmsDriver(value: string | undefined): SmsDriver {
  const v = (value ?? '').trim() || 'log';
  if (!(SMS_DRIVERS as readonly string[]).includes(v)) throw new Error(`SMS_DRIVER: '${v}' is not one of ${SMS_DRIVERS.join(', ')} (a provider's driver: docs/operations.md "Text messages")`);
  return v as SmsDriver;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    logLevel: env.LOG_LEVEL ?? 'info',
    seedDemo: bool(env.CG_SEED_DEMO, true),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    webhookAllowHosts: parseWebhookAllowHosts(env.WEBHOOK_ALLOW_HOSTS),
    timeZone: env.CG_TIME_ZONE ?? 'Asia/Shanghai',
    publicUrl: env.CG_PUBLIC_URL ?? `http://localhost:${port}`,
    metricsToken: parseMetricsToken(env.METRICS_TOKEN),
    smsDriver: parseSmsDriver(env.SMS_DRIVER),
    webDir: path.resolve(env.CG_WEB_DIR ?? path.join(import.meta.dirname, '../../web/dist')),
  };
}
