// A small metrics registry rendered in the Prometheus text exposition format 0.0.4: counters,
// gauges and histograms with labels, HELP/TYPE lines and escaped label values. Values live in this
// process only (each instance is scraped on its own); gauges read at scrape time are `collect`
// callbacks, so a scrape costs a few cheap queries and nothing is polled in between.

export type Labels = Record<string, string>;

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Exposition format 0.0.4: in label values backslash, double quote and line feed are escaped. */
export const escapeLabelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
/** In HELP text only backslash and line feed are escaped. */
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i]!)}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

abstract class Metric {
  protected readonly series = new Map<string, { values: string[]; data: number[] }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`metric name ${name} is not valid`);
    for (const l of labelNames) if (!LABEL.test(l) || l.startsWith('__') || l === 'le') throw new Error(`label name ${l} of ${name} is not valid`);
  }
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected slot(labels: Labels, size: number): number[] {
    const values = this.labelNames.map((n) => {
      const v = labels[n];
      if (v === undefined) throw new Error(`metric ${this.name}: label ${n} missing`);
      return v;
    });
    const key = values.join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      s = { values, data: new Array<number>(size).fill(0) };
      this.series.set(key, s);
    }
    return s.data;
  }
  abstract lines(): string[];
  render(): string {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`, ...this.lines()].join('\n');
  }
}

export class Counter extends Metric {
  readonly type = 'counter';
  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error(`counter ${this.name} cannot go down`);
    this.slot(labels, 1)[0]! += by;
  }
  lines() {
    return [...this.series.values()].map((s) => `${this.name}${labelText(this.labelNames, s.values)} ${formatValue(s.data[0]!)}`);
  }
}

export class Gauge extends Metric {
  readonly type = 'gauge';
  set(value: number, labels: Labels = {}): void {
    this.slot(labels, 1)[0] = value;
  }
  lines() {
    return [...this.series.values()].map((s) => `${this.name}${labelText(this.labelNames, s.values)} ${formatValue(s.data[0]!)}`);
  }
}

export class Histogram extends Metric {
  readonly type = 'histogram';
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
    if (buckets.some((b, i) => i > 0 && b <= buckets[i - 1]!)) throw new Error(`histogram ${name}: buckets must increase`);
  }
  /** data: one count per bucket (not cumulative), then +Inf, sum. */
  observe(labels: Labels, value: number): void {
    const data = this.slot(labels, this.buckets.length + 2);
    const i = this.buckets.findIndex((b) => value <= b);
    data[i === -1 ? this.buckets.length : i]!++;
    data[this.buckets.length + 1]! += value;
  }
  lines() {
    const out: string[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.data[i]!;
        out.push(`${this.name}_bucket${labelText(this.labelNames, s.values, ['le', formatValue(b)])} ${cumulative}`);
      });
      cumulative += s.data[this.buckets.length]!;
      out.push(`${this.name}_bucket${labelText(this.labelNames, s.values, ['le', '+Inf'])} ${cumulative}`);
      out.push(`${this.name}_sum${labelText(this.labelNames, s.values)} ${formatValue(s.data[this.buckets.length + 1]!)}`);
      out.push(`${this.name}_count${labelText(this.labelNames, s.values)} ${cumulative}`);
    }
    return out;
  }
}

export class Registry {
  private readonly metrics = new Map<string, Metric>();
  private readonly collectors: Array<() => Promise<void> | void> = [];

  private add<M extends Metric>(m: M): M {
    if (this.metrics.has(m.name)) throw new Error(`metric ${m.name} registered twice`);
    this.metrics.set(m.name, m);
    return m;
  }
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }
  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }
  /** Run before each scrape: sets gauges from what is true now (queue lengths, pool state). */
  collect(fn: () => Promise<void> | void): void {
    this.collectors.push(fn);
  }
  /** The exposition text; a collector that fails leaves its gauges as they were and is reported. */
  async render(onError: (err: unknown) => void = () => undefined): Promise<string> {
    await Promise.all(this.collectors.map(async (fn) => { try { await fn(); } catch (err) { onError(err); } }));
    return [...this.metrics.values()].map((m) => m.render()).join('\n') + '\n';
  }
}
