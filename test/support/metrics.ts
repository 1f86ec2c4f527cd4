import type { MetricUnit, Metrics } from '../../domain/shared/metrics';

export type RecordedMetric = {
  readonly name: string;
  readonly value: number;
  readonly unit: MetricUnit;
  readonly dimensions: Readonly<Record<string, string>>;
};

/** A Metrics double that keeps what was recorded, for assertions (pass it as `metrics` to createContainer). */
export class RecordingMetrics implements Metrics {
  readonly records: RecordedMetric[] = [];

  record(name: string, value: number, unit: MetricUnit, dimensions: Readonly<Record<string, string>> = {}): void {
    this.records.push({ name, value, unit, dimensions: { ...dimensions } });
  }

  /** The records of one metric whose dimensions include `dimensions`. */
  named(name: string, dimensions: Readonly<Record<string, string>> = {}): RecordedMetric[] {
    return this.records.filter((r) => r.name === name && Object.entries(dimensions).every(([k, v]) => r.dimensions[k] === v));
  }

  /** The sum of those records' values. */
  sum(name: string, dimensions: Readonly<Record<string, string>> = {}): number {
    return this.named(name, dimensions).reduce((n, r) => n + r.value, 0);
  }

  clear(): void {
    this.records.length = 0;
  }
}
