import type { MetricUnit, Metrics } from '../../domain/shared/metrics';

/**
 * Metrics as CloudWatch embedded metric format (EMF): JSON lines on stdout, which CloudWatch Logs turns
 * into metrics in the `Atrium` namespace with no API call, no agent and no extra latency.
 *
 * Hand-written rather than a library, on purpose. `@aws-lambda-powertools/metrics` (about 15 KB bundled)
 * buffers per invocation and wants a flush at the end of every handler, and adds a `service` dimension to
 * every metric, so `Logons{Method,Result}` would become one metric per function and the alarms would
 * have to name each function. `aws-embedded-metrics` (about 38 KB bundled, CommonJS) probes its
 * environment (outside Lambda it sends to a CloudWatch agent over TCP unless told otherwise), flushes
 * asynchronously and adds LogGroup/ServiceName/ServiceType dimensions. The port needs neither: the EMF
 * document is a small published JSON specification, written here in a few lines and checked by
 * test/unit/emf-metrics.test.ts.
 *
 * Records of the same metric (name, unit and dimension values) made in one turn of the event loop are
 * written as one document whose value is an array (EMF allows 100 values per metric): a metering batch
 * of 100 records' queue ages is one line, not 100.
 */
export const NAMESPACE = 'Atrium';

// EMF and CloudWatch limits: 30 dimensions per set, 100 values per metric per document, name lengths.
const MAX_DIMENSIONS = 30;
const MAX_VALUES = 100;
const MAX_NAME = 255;
const MAX_DIMENSION_VALUE = 1024;

export type EmfMetricsOptions = {
  readonly namespace?: string;
  /** Where each JSON line goes; stdout unless given. */
  readonly write?: (line: string) => void;
  /** Milliseconds since the epoch, for the document's Timestamp. */
  readonly now?: () => number;
  /** Fields on every document that are not dimensions (the function's name): searchable in Logs Insights. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Defers the write to the end of the current turn; tests may call `flush()` themselves. */
  readonly schedule?: (flush: () => void) => void;
};

type Pending = { readonly name: string; readonly unit: MetricUnit; readonly dimensions: Readonly<Record<string, string>>; readonly values: number[] };

export class EmfMetrics implements Metrics {
  private readonly pending = new Map<string, Pending>();
  private scheduled = false;
  private readonly namespace: string;
  private readonly write: (line: string) => void;
  private readonly now: () => number;
  private readonly schedule: (flush: () => void) => void;

  constructor(private readonly options: EmfMetricsOptions = {}) {
    this.namespace = options.namespace ?? NAMESPACE;
    this.write = options.write ?? ((line) => void process.stdout.write(`${line}\n`));
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? queueMicrotask;
  }

  record(name: string, value: number, unit: MetricUnit, dimensions: Readonly<Record<string, string>> = {}): void {
    // Fire-and-forget: a metric that CloudWatch would reject is dropped, never thrown at the caller.
    if (!isValid(name, value, dimensions)) return;
    const key = JSON.stringify([name, unit, Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { name, unit, dimensions: { ...dimensions }, values: [] }));
    entry.values.push(value);
    if (!this.scheduled) {
      this.scheduled = true;
      try {
        this.schedule(() => this.flush());
      } catch {
        this.flush();
      }
    }
  }

  /** Writes what was recorded since the last flush: one document per metric and dimension values. */
  flush(): void {
    this.scheduled = false;
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      for (let i = 0; i < entry.values.length; i += MAX_VALUES) {
        const values = entry.values.slice(i, i + MAX_VALUES);
        try {
          this.write(JSON.stringify(this.document(entry, values.length === 1 ? values[0]! : values)));
        } catch {
          // A closed stdout must not fail the request that recorded the metric.
        }
      }
    }
  }

  private document(entry: Pending, value: number | number[]): Record<string, unknown> {
    return {
      _aws: {
        Timestamp: this.now(),
        CloudWatchMetrics: [
          {
            Namespace: this.namespace,
            // Exactly the caller's dimensions, as one set: the metric an alarm names is the one recorded.
            Dimensions: [Object.keys(entry.dimensions)],
            Metrics: [{ Name: entry.name, Unit: entry.unit }],
          },
        ],
      },
      ...this.options.properties,
      ...entry.dimensions,
      [entry.name]: value,
    };
  }
}

const isValid = (name: string, value: number, dimensions: Readonly<Record<string, string>>): boolean => {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME || name === '_aws') return false;
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const entries = Object.entries(dimensions);
  if (entries.length > MAX_DIMENSIONS) return false;
  return entries.every(
    ([k, v]) =>
      k.length > 0 && k.length <= MAX_NAME && k !== name && k !== '_aws' && typeof v === 'string' && v.length > 0 && v.length <= MAX_DIMENSION_VALUE,
  );
};

export const createEmfMetrics = (options: EmfMetricsOptions = {}): EmfMetrics => new EmfMetrics(options);

// Like the root logger: silent under vitest (tests inject a recording double or their own `write`), and
// `ATRIUM_METRICS=off` silences it elsewhere. In Lambda each document names its function (not a
// dimension: see above).
const silent = process.env.VITEST !== undefined || process.env.ATRIUM_METRICS === 'off';
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
export const rootMetrics: Metrics = createEmfMetrics({
  ...(silent ? { write: () => undefined } : {}),
  ...(functionName ? { properties: { Service: functionName } } : {}),
});
