// GET /metrics: the Prometheus text format (read back by a small parser written here), the token
// (absent config → 404 like an unknown path; missing or wrong → 401), requests counted by route
// pattern, periodic job runs and failures, the webhook outbox read at scrape time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetricsToken } from '../src/config.js';
import { startPeriodic } from '../src/jobs/periodic.js';
import { startDeadlineScan } from '../src/modules/case-config/index.js';
import { webhookDeliveries, webhooks } from '../src/db/schema.js';
import { startTestApp, type TestApp } from './harness.js';

const TOKEN = 'metrics-test-token-0123456789abcdef';

// ---------------------------------------------------------------------------------------------
// A parser of the text exposition format 0.0.4: every sample belongs to a family declared by a
// TYPE line before it; label values are unescaped; histogram buckets are cumulative and end at +Inf.

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  type: string;
  help: string;
  samples: Sample[];
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(text.slice(i));
    if (!m) throw new Error(`bad label at ${text.slice(i)}`);
    i += m[0].length;
    let value = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) throw new Error(`unterminated label value in ${text}`);
      if (c === '"') break;
      if (c === '\\') {
        const e = text[i++];
        if (e === 'n') value += '\n';
        else if (e === '\\' || e === '"') value += e;
        else throw new Error(`bad escape \\${e} in ${text}`);
      } else value += c;
    }
    if (m[1]! in labels) throw new Error(`label ${m[1]} twice in ${text}`);
    labels[m[1]!] = value;
    if (text[i] === ',') i++;
    else if (i !== text.length) throw new Error(`expected , in ${text}`);
  }
  return labels;
}

function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the text must end with a line feed');
  const families = new Map<string, Family>();
  const familyOf = (sample: string) => {
    for (const suffix of ['_bucket', '_sum', '_count', '']) {
      const base = suffix && sample.endsWith(suffix) ? sample.slice(0, -suffix.length) : sample;
      const f = families.get(base);
      if (f && (suffix === '' || f.type === 'histogram')) return f;
    }
    throw new Error(`sample ${sample} before its TYPE line`);
  };
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment;
      const f = families.get(name!) ?? { type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest!)) throw new Error(`bad type ${rest}`);
        if (f.samples.length) throw new Error(`TYPE of ${name} after its samples`);
        f.type = rest!;
      } else f.help = rest!;
      families.set(name!, f);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([^ ]+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`bad value in ${line}`);
    familyOf(m[1]!).samples.push({ name: m[1]!, labels: m[2] ? parseLabels(m[2]) : {}, value });
  }
  for (const [name, f] of families) {
    if (f.type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of f.samples.filter((x) => x.name === `${name}_bucket`)) {
      const { le: _le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const counts = buckets.map((b) => b.value);
      if (counts.some((c, i) => i > 0 && c < counts[i - 1]!)) throw new Error(`${name}${key}: buckets not cumulative`);
      if (buckets.at(-1)!.labels.le !== '+Inf') throw new Error(`${name}${key}: no +Inf bucket`);
      const count = f.samples.find((s) => s.name === `${name}_count` && JSON.stringify(s.labels) === key);
      if (count?.value !== counts.at(-1)) throw new Error(`${name}${key}: _count differs from the +Inf bucket`);
    }
  }
  return families;
}

/** The value of one series (labels match exactly), or undefined. */
function valueOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.get(name.replace(/_(bucket|sum|count)$/, '')) ?? families.get(name);
  return family?.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()))?.value;
}

// ---------------------------------------------------------------------------------------------

describe('the parser of this test', () => {
  it('unescapes label values and refuses what breaks the format', () => {
    const f = parseExposition('# HELP x_total A help\n# TYPE x_total counter\nx_total{a="q\\"uote",b="back\\\\slash\\nline"} 3\n');
    expect(f.get('x_total')!.samples[0]).toEqual({ name: 'x_total', labels: { a: 'q"uote', b: 'back\\slash\nline' }, value: 3 });
    expect(() => parseExposition('x_total 1\n')).toThrow(/before its TYPE/);
    expect(() => parseExposition('# TYPE x counter\nx{a="b} 1\n')).toThrow();
    expect(() => parseExposition('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n')).toThrow(/cumulative/);
  });
});

describe('without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 404 exactly like an unknown path, token or not', async () => {
    const unknown = await t.app.inject({ url: '/no-such-path' });
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
      const res = await t.app.inject({ url: '/metrics', headers });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(unknown.json());
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });
});

describe('with METRICS_TOKEN', () => {
  let t: TestApp;
  const scrape = async () => {
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    return parseExposition(res.body);
  };
  beforeAll(async () => {
    t = await startTestApp({ metricsToken: TOKEN });
  });
  afterAll(() => t.close());

  it('requires the token as a Bearer token (401 otherwise)', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', TOKEN, `Basic ${TOKEN}`]) {
      const res = await t.app.inject({ url: '/metrics', headers: authorization === undefined ? {} : { authorization, 'accept-language': 'en' } });
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body).not.toContain('http_requests_total');
    }
    const ok = await t.app.inject({ url: '/metrics', headers: { authorization: `bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('parses as the text format, with HELP and TYPE for every family and the process, database and queue gauges', async () => {
    const f = await scrape();
    for (const [name, family] of f) expect(family.help, name).not.toBe('');
    expect(f.get('http_requests_total')!.type).toBe('counter');
    expect(f.get('http_request_duration_seconds')!.type).toBe('histogram');
    expect(valueOf(f, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(f, 'process_uptime_seconds')).toBeGreaterThan(0);
    expect(f.get('nodejs_eventloop_delay_seconds')!.samples.map((s) => s.labels.stat).sort()).toEqual(['max', 'mean', 'p99']);
    expect(valueOf(f, 'civicgrid_db_up')).toBe(1);
    expect(valueOf(f, 'civicgrid_db_engine_info', { engine: t.database.engine })).toBe(1);
    // The pool exists on PostgreSQL only; PGlite has one connection.
    if (t.database.engine === 'postgres') expect(valueOf(f, 'civicgrid_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    else expect(f.has('civicgrid_db_pool_connections')).toBe(false);
    expect(valueOf(f, 'civicgrid_intake_queue_reports')).toBe(0);
  });

  it('counts a request under its route pattern, never its URL; unknown paths as "unmatched"', async () => {
    const before = await scrape();
    const route = { method: 'GET', route: '/api/public/cases/:code', status: '404' };
    const counted = valueOf(before, 'http_requests_total', route) ?? 0;
    const unmatched = valueOf(before, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }) ?? 0;
    expect((await t.app.inject({ url: '/api/public/cases/ABCDEFGHJK' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/cases/987654' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/nothing/here/42' })).statusCode).toBe(404);
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    const after = parseExposition(res.body);
    expect(valueOf(after, 'http_requests_total', route)).toBe(counted + 1);
    expect(valueOf(after, 'http_requests_total', { method: 'GET', route: '/api/cases/:id', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(unmatched + 1);
    expect(valueOf(after, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/public/cases/:code' })).toBe(counted + 1);
    expect(res.body).not.toContain('ABCDEFGHJK');
    expect(res.body).not.toContain('987654');
    expect(res.body).not.toContain('/nothing/here');
  });

  it('counts the runs of periodic jobs, their failures and the last duration', async () => {
    const log = { error: () => undefined };
    const scan = startDeadlineScan(t.database.db, { intervalMs: 3_600_000, timeZone: 'Asia/Shanghai', log, observe: t.app.observeJob });
    await scan.stop(); // resolves after the first run, which starts at once
    const failing = startPeriodic(t.database.db, 'test failing job', 3_600_000, log, () => Promise.reject(new Error('boom')), t.app.observeJob);
    await failing.stop();
    const f = await scrape();
    expect(valueOf(f, 'civicgrid_job_runs_total', { job: 'deadline scan' })).toBe(1);
    expect(valueOf(f, 'civicgrid_job_failures_total', { job: 'deadline scan' })).toBe(0);
    expect(valueOf(f, 'civicgrid_job_last_duration_seconds', { job: 'deadline scan' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(f, 'civicgrid_job_runs_total', { job: 'test failing job' })).toBe(1);
    expect(valueOf(f, 'civicgrid_job_failures_total', { job: 'test failing job' })).toBe(1);
  });

  it('reads the webhook outbox at scrape time: pending deliveries and the oldest one’s age', async () => {
    const empty = await scrape();
    expect(valueOf(empty, 'civicgrid_webhook_oldest_pending_age_seconds')).toBe(0);
    // Rows straight into the outbox (what enqueueWebhookEvent writes), one an hour old and due, one waiting for a retry.
    const [hook] = await t.database.db.insert(webhooks).values({ name: '监控测试', url: 'http://127.0.0.1:9/hook', secretCipher: 'x', events: ['*'], active: false }).returning();
    const hourAgo = new Date(Date.now() - 3_600_000);
    await t.database.db.insert(webhookDeliveries).values([
      { webhookId: hook!.id, event: 'case.reported', payload: {}, createdAt: hourAgo, nextAttemptAt: hourAgo },
      { webhookId: hook!.id, event: 'case.reported', payload: {}, nextAttemptAt: new Date(Date.now() + 3_600_000) },
      { webhookId: hook!.id, event: 'case.reported', payload: {}, status: 'delivered' },
    ]);
    const f = await scrape();
    expect(valueOf(f, 'civicgrid_webhook_deliveries_pending', { due: 'true' })).toBe(1);
    expect(valueOf(f, 'civicgrid_webhook_deliveries_pending', { due: 'false' })).toBe(1);
    expect(valueOf(f, 'civicgrid_webhook_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(3_590);
  });
});

describe('METRICS_TOKEN in the environment', () => {
  it('is off when unset or empty, and refuses a short token or one with spaces at start-up', () => {
    expect(parseMetricsToken(undefined)).toBeNull();
    expect(parseMetricsToken('  ')).toBeNull();
    expect(parseMetricsToken(` ${TOKEN} `)).toBe(TOKEN);
    expect(() => parseMetricsToken('short')).toThrow(/METRICS_TOKEN/);
    expect(() => parseMetricsToken('a token with spaces in it')).toThrow(/METRICS_TOKEN/);
  });
});
