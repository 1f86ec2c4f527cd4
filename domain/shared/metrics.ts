export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds';

/**
 * Named numbers for dashboards and alarms; fire-and-forget, never throws. A metric is published under
 * exactly the dimensions given (no others are added), so an alarm can name them. Keep dimension values
 * few (a status class, a task type): never a tenant, user or request id, each of which would become a
 * metric of its own. The metric names and their dimensions are listed in docs/operations.md.
 */
export interface Metrics {
  record(name: string, value: number, unit: MetricUnit, dimensions?: Readonly<Record<string, string>>): void;
}
