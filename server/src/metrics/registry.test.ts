import { describe, expect, it } from 'vitest';
import { escapeLabelValue, Registry } from './registry.js';

describe('metrics registry', () => {
  it('renders counters, gauges and cumulative histograms with HELP and TYPE', async () => {
    const r = new Registry();
    const c = r.counter('jobs_total', 'Jobs\nrun \\ all', ['job']);
    c.inc({ job: 'a' });
    c.inc({ job: 'a' }, 2);
    const g = r.gauge('queue_length', 'Queue.');
    r.collect(() => g.set(7));
    const h = r.histogram('latency_seconds', 'Latency.', ['route'], [0.1, 1]);
    h.observe({ route: '/x/:id' }, 0.05);
    h.observe({ route: '/x/:id' }, 0.5);
    h.observe({ route: '/x/:id' }, 3);
    expect(await r.render()).toBe(
      [
        '# HELP jobs_total Jobs\\nrun \\\\ all',
        '# TYPE jobs_total counter',
        'jobs_total{job="a"} 3',
        '# HELP queue_length Queue.',
        '# TYPE queue_length gauge',
        'queue_length 7',
        '# HELP latency_seconds Latency.',
        '# TYPE latency_seconds histogram',
        'latency_seconds_bucket{route="/x/:id",le="0.1"} 1',
        'latency_seconds_bucket{route="/x/:id",le="1"} 2',
        'latency_seconds_bucket{route="/x/:id",le="+Inf"} 3',
        'latency_seconds_sum{route="/x/:id"} 3.55',
        'latency_seconds_count{route="/x/:id"} 3',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and refuses bad names, missing labels and falling counters', async () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const r = new Registry();
    expect(() => r.counter('bad-name', 'x')).toThrow(/not valid/);
    expect(() => r.counter('x_total', 'x', ['le'])).toThrow(/not valid/);
    const c = r.counter('y_total', 'y', ['a']);
    expect(() => c.inc({})).toThrow(/label a missing/);
    expect(() => c.inc({ a: '1' }, -1)).toThrow(/cannot go down/);
    expect(() => r.gauge('y_total', 'again')).toThrow(/twice/);
  });

  it('keeps rendering when a collector fails, and reports the failure', async () => {
    const r = new Registry();
    const g = r.gauge('up', 'Up.');
    g.set(1);
    r.collect(() => {
      throw new Error('database gone');
    });
    const errors: unknown[] = [];
    expect(await r.render((e) => errors.push(e))).toContain('up 1');
    expect(errors).toHaveLength(1);
  });
});
