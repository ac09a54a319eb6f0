/** Prometheus metrics in the text exposition format, without a client library. */

type Labels = Record<string, string>;

interface Series {
  labels: Labels;
  value: number;
}

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly series: Map<string, Series>;
  /** Gauges may be computed when scraped. */
  readonly collect?: () => { labels?: Labels; value: number }[];
}

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

function escapeLabel(v: string): string {
  return v.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
}

function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length ? `{${keys.map((k) => `${k}="${escapeLabel(labels[k])}"`).join(',')}}` : '';
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string): { inc(labels?: Labels, by?: number): void } {
    const m = this.define(name, help, 'counter');
    return {
      inc: (labels = {}, by = 1) => {
        const key = labelKey(labels);
        const s = m.series.get(key) ?? { labels, value: 0 };
        s.value += by;
        m.series.set(key, s);
      },
    };
  }

  gauge(name: string, help: string): { set(value: number, labels?: Labels): void } {
    const m = this.define(name, help, 'gauge');
    return { set: (value, labels = {}) => void m.series.set(labelKey(labels), { labels, value }) };
  }

  /** A gauge whose values are read when scraped. */
  gaugeFunction(name: string, help: string, collect: () => { labels?: Labels; value: number }[]): void {
    this.metrics.set(name, { name, help, type: 'gauge', series: new Map(), collect });
  }

  render(): string {
    const lines: string[] = [];
    for (const m of this.metrics.values()) {
      lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
      const series = m.collect ? m.collect().map((s) => ({ labels: s.labels ?? {}, value: s.value })) : [...m.series.values()];
      for (const s of series) lines.push(`${m.name}${formatLabels(s.labels)} ${s.value}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private define(name: string, help: string, type: 'counter' | 'gauge'): Metric {
    let m = this.metrics.get(name);
    if (!m) this.metrics.set(name, (m = { name, help, type, series: new Map() }));
    return m;
  }
}
