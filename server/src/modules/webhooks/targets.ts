// Where a webhook may send (等保2.0 三级 security review; OWASP SSRF prevention): outside systems
// only. One rule for the API (create and edit refuse a forbidden URL) and for the delivery worker
// (which checks again before every attempt, since DNS answers change). A URL is http(s) without
// credentials; its host, resolved to ALL of its addresses, may not reach this machine or an inside
// network — one forbidden address refuses the target (a name answering 93.184.216.34 and 127.0.0.1
// would otherwise win half of the time). WHATWG URL parsing has already normalised decimal, octal
// and hex IPv4 hosts (http://2130706433/, http://0x7f.1/ → 127.0.0.1), so they meet the same rules.
// Hosts an operator lists in WEBHOOK_ALLOW_HOSTS (config.ts) are exempt from the address rules.
import dns from 'node:dns';
import net from 'node:net';
import type { AllowedHost } from '../../config.js';

/** Why a target is refused. */
export type TargetRule =
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'unresolvable';

/** What each rule is called in errors (zh, en) and in the delivery log (en). */
export const TARGET_RULES: Record<TargetRule, { zh: string; en: string }> = {
  loopback: { zh: '本机回环地址', en: 'loopback address' },
  unspecified: { zh: '未指定地址（0.0.0.0 或 ::）', en: 'unspecified address' },
  private: { zh: '内网地址', en: 'private address' },
  'link-local': { zh: '链路本地地址（含云主机元数据地址 169.254.169.254）', en: 'link-local address' },
  shared: { zh: '运营商级 NAT 共享地址（100.64.0.0/10）', en: 'shared (CGNAT) address' },
  'unique-local': { zh: 'IPv6 唯一本地地址（fc00::/7）', en: 'unique-local address' },
  multicast: { zh: '组播地址', en: 'multicast address' },
  broadcast: { zh: '广播地址', en: 'broadcast address' },
  reserved: { zh: '保留或文档专用地址', en: 'reserved address' },
  unresolvable: { zh: '无法解析的主机名', en: 'unresolvable host' },
};

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** All addresses of a host name (the system resolver by default; tests give a table). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface TargetPolicy {
  /** WEBHOOK_ALLOW_HOSTS: hosts (and ports) the operator lets webhooks reach although they are inside. */
  allow: readonly AllowedHost[];
  resolve?: Resolver;
}

/** The operating system's resolver (getaddrinfo: /etc/hosts, then DNS), every address in its order. */
export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A name that does not answer within this time counts as unresolvable. */
const RESOLVE_TIMEOUT_MS = 5_000;

export type UrlProblem = 'invalid' | 'scheme' | 'credentials';
export const URL_PROBLEMS: Record<UrlProblem, { zh: string; en: string }> = {
  invalid: { zh: 'Webhook 地址不是有效的网址', en: 'The webhook URL is not a valid URL' },
  scheme: { zh: 'Webhook 地址只能是 http 或 https', en: 'The webhook URL must be http or https' },
  credentials: { zh: 'Webhook 地址中不能包含用户名或密码', en: 'The webhook URL must not carry a user name or password' },
};

/** http(s) only, a host, no user:password in it (it would show in every listing and log). */
export function parseTargetUrl(raw: string): { url: URL } | { problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'scheme' };
  if (url.username || url.password) return { problem: 'credentials' };
  if (!url.hostname) return { problem: 'invalid' };
  return { url };
}

// ---- addresses --------------------------------------------------------------------------------

type Range = readonly [prefix: number[], bits: number, rule: TargetRule | 'embedded' | 'embedded-or-reserved' | 'public'];

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (already valid by net.isIPv6), with a trailing dotted quad. */
function v6Bytes(ip: string): number[] {
  let s = ip.split('%')[0]!.toLowerCase();
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    const [a, b, c, d] = v4Bytes(quad[1]!) as [number, number, number, number];
    s = s.slice(0, -quad[1]!.length) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = s.includes('::') ? (s.split('::') as [string, string]) : [s, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function within(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and successors); the first match decides.
const V4: Range[] = [
  [[0], 8, 'unspecified'], // "this network"; 0.0.0.0 reaches this machine on Linux
  [[10], 8, 'private'],
  [[100, 64], 10, 'shared'], // RFC 6598 carrier-grade NAT
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'], // and cloud metadata services (169.254.169.254)
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'], // IETF protocol assignments
  [[192, 0, 2], 24, 'reserved'], // TEST-NET-1
  [[192, 88, 99], 24, 'reserved'], // former 6to4 relay anycast
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'], // benchmarking
  [[198, 51, 100], 24, 'reserved'], // TEST-NET-2
  [[203, 0, 113], 24, 'reserved'], // TEST-NET-3
  [[224], 4, 'multicast'],
  [[255, 255, 255, 255], 32, 'broadcast'],
  [[240], 4, 'reserved'],
];

// IANA IPv6 Special-Purpose Address Registry. 'embedded': the IPv4 address in the last 32 bits
// decides (IPv4-mapped ::ffff:127.0.0.1 connects to 127.0.0.1; NAT64 64:ff9b::/96 is translated to
// it); 'embedded-or-reserved': a deprecated form, refused even around a public IPv4 address.
const V6: Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 'embedded'], // IPv4-mapped
  [[0, 0x64, 0xff, 0x9b], 96, 'embedded'], // NAT64 well-known prefix (RFC 6052)
  [[0, 0x64, 0xff, 0x9b, 0, 1], 48, 'private'], // local-use NAT64 (RFC 8215)
  [[0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], 96, 'embedded-or-reserved'], // IPv4-translated (RFC 2765)
  [[1, 0, 0, 0, 0, 0, 0, 0], 64, 'reserved'], // discard-only
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0x20, 0x01, 0], 23, 'reserved'], // IETF protocol assignments, Teredo (hides an IPv4 address)
  [[0x20, 0x02], 16, 'embedded-or-reserved'], // 6to4 (deprecated; the IPv4 address is in bytes 2–5)
  [[0x3f, 0xff, 0], 20, 'reserved'], // documentation (RFC 9637)
  [[0x20], 3, 'public'], // global unicast
  [[0xfc], 7, 'unique-local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'], // site-local (deprecated)
  [[0xff], 8, 'multicast'],
];

function classifyV4(bytes: number[]): TargetRule | null {
  const hit = V4.find(([prefix, bits]) => within(bytes, prefix, bits));
  return hit ? (hit[2] as TargetRule) : null;
}

function classifyV6(bytes: number[]): TargetRule | null {
  if (bytes.every((b) => b === 0)) return 'unspecified';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return 'loopback';
  // IPv4-compatible ::a.b.c.d (deprecated): what it carries, else reserved.
  if (bytes.slice(0, 12).every((b) => b === 0)) return classifyV4(bytes.slice(12)) ?? 'reserved';
  const hit = V6.find(([prefix, bits]) => within(bytes, prefix, bits));
  if (!hit) return 'reserved'; // outside 2000::/3 nothing is allocated for the public internet
  const rule = hit[2];
  if (rule === 'public') return null;
  if (rule === 'embedded') return classifyV4(bytes.slice(12));
  if (rule === 'embedded-or-reserved') return classifyV4(hit[0][0] === 0x20 ? bytes.slice(2, 6) : bytes.slice(12)) ?? 'reserved';
  return rule;
}

/** The rule an IP address breaks, or null for a public address. Anything not an IP address is 'reserved'. */
export function classifyAddress(address: string): TargetRule | null {
  const family = net.isIP(address);
  if (family === 4) return classifyV4(v4Bytes(address));
  if (family === 6) return classifyV6(v6Bytes(address));
  return 'reserved';
}

// ---- targets ----------------------------------------------------------------------------------

const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));
/** The host as a bare name or address: URL keeps IPv6 in brackets. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Whether WEBHOOK_ALLOW_HOSTS lists the URL's host (as normalised by URL), on any port or on its port. */
export function isAllowedHost(url: URL, allow: readonly AllowedHost[]): boolean {
  const host = url.hostname.toLowerCase();
  return allow.some((a) => a.host === host && (a.port === null || a.port === portOf(url)));
}

export type TargetCheck =
  | { ok: true; url: URL; /** the address to connect to: the one checked, so DNS cannot change it in between */ address: ResolvedAddress }
  | { ok: false; url: URL; rule: TargetRule };

async function resolveAll(resolve: Resolver, hostname: string): Promise<ResolvedAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error('DNS timeout')), RESOLVE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([resolve(hostname), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves the URL's host and checks every address. The answer names the address to connect to
 * (the first one), so that the request goes where the check looked (no DNS rebinding in between).
 * An allow-listed host is resolved the same way but not checked.
 */
export async function checkTarget(url: URL, policy: TargetPolicy): Promise<TargetCheck> {
  const host = bareHost(url);
  const allowed = isAllowedHost(url, policy.allow);
  const literal = net.isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else if (!allowed && /(^|\.)localhost\.?$/i.test(host)) {
    // RFC 6761: localhost and every name under it is this machine, whatever a DNS server says.
    return { ok: false, url, rule: 'loopback' };
  } else {
    try {
      addresses = await resolveAll(policy.resolve ?? systemResolver, host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) return { ok: false, url, rule: 'unresolvable' };
  }
  if (!allowed) {
    for (const a of addresses) {
      const rule = classifyAddress(a.address);
      if (rule) return { ok: false, url, rule };
    }
  }
  return { ok: true, url, address: addresses[0]! };
}
