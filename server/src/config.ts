// Runtime configuration from the environment, validated once at start-up.
import net from 'node:net';
import path from 'node:path';

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
  /** METRICS_TOKEN: the Bearer token GET /metrics requires; null: /metrics answers 404. */
  metricsToken: string | null;
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
    timeZone: env.CG_TIME_ZONE ?? 'Asia/Shanghai',
    publicUrl: env.CG_PUBLIC_URL ?? `http://localhost:${port}`,
    metricsToken: parseMetricsToken(env.METRICS_TOKEN),
    webDir: path.resolve(env.CG_WEB_DIR ?? path.join(import.meta.dirname, '../../web/dist')),
  };
}
