/** One benchmark figure printed next to the raw limit measured in the same run, and their ratio. */
export interface Figure {
  readonly name: string;
  readonly kovn: number;
  readonly raw?: number;
  readonly unit: string;
  /** 'time': smaller is better (ratio = kovn / raw); 'rate': larger is better (ratio = raw / kovn). */
  readonly kind: 'time' | 'rate' | 'count';
  readonly target?: string;
}

export function formatFigure(f: Figure): string {
  const fmt = (v: number) => (f.unit === 's' ? v.toFixed(3) : f.unit === 'ms' ? v.toFixed(1) : Math.round(v).toString());
  const ratio = f.raw === undefined ? '' : f.kind === 'rate' ? (f.raw / f.kovn).toFixed(2) : (f.kovn / f.raw).toFixed(2);
  const raw = f.raw === undefined ? '' : `  raw ${fmt(f.raw)} ${f.unit}  ratio ${ratio}x`;
  return `  ${f.name.padEnd(58)} ${fmt(f.kovn).padStart(9)} ${f.unit}${raw}${f.target ? `  (target ${f.target})` : ''}`;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** Median of a few runs; benchmarks repeat the cheap measurements to damp noise on a shared 2-core machine. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
