import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmfMetrics, rootMetrics } from '../../adapters/metrics/emf-metrics';

const NOW = Date.parse('2026-11-23T05:00:00.000Z');

/** An adapter whose lines are kept and whose deferred flush runs only when the test says so. */
const capture = (options: Parameters<typeof createEmfMetrics>[0] = {}) => {
  const lines: string[] = [];
  let pending: (() => void) | undefined;
  const metrics = createEmfMetrics({ write: (line) => void lines.push(line), now: () => NOW, schedule: (flush) => (pending = flush), ...options });
  const docs = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
  return { metrics, lines, docs, runDeferred: () => pending?.() };
};

/**
 * What CloudWatch requires of an EMF document (the embedded metric format specification): `_aws` with
 * an integer Timestamp and CloudWatchMetrics directives, each with a Namespace, dimension sets whose
 * keys are string members of the root, and metrics whose names are numeric members (a number or up to
 * 100 numbers) with a known unit.
 */
const expectValidEmf = (doc: Record<string, any>) => {
  expect(Number.isInteger(doc._aws.Timestamp)).toBe(true);
  expect(doc._aws.CloudWatchMetrics.length).toBeGreaterThan(0);
  for (const directive of doc._aws.CloudWatchMetrics) {
    expect(typeof directive.Namespace).toBe('string');
    for (const set of directive.Dimensions) {
      expect(set.length).toBeLessThanOrEqual(30);
      for (const key of set) expect(typeof doc[key], `dimension ${key}`).toBe('string');
    }
    for (const metric of directive.Metrics) {
      expect(['Count', 'Milliseconds', 'Seconds']).toContain(metric.Unit);
      const value = doc[metric.Name];
      const values = Array.isArray(value) ? value : [value];
      expect(values.length).toBeLessThanOrEqual(100);
      for (const v of values) expect(Number.isFinite(v), `${metric.Name} value`).toBe(true);
    }
  }
};

afterEach(() => vi.restoreAllMocks());

describe('EMF metrics adapter', () => {
  it('writes one valid EMF line in the Atrium namespace, with the dimensions and the value as root members', () => {
    const { metrics, docs, runDeferred } = capture();
    metrics.record('Logons', 1, 'Count', { Method: 'Password', Result: 'Failure' });
    expect(docs()).toHaveLength(0); // deferred to the end of the turn
    runDeferred();
    expect(docs()).toHaveLength(1);
    const doc = docs()[0]!;
    expectValidEmf(doc);
    expect(doc._aws).toEqual({
      Timestamp: NOW,
      CloudWatchMetrics: [{ Namespace: 'Atrium', Dimensions: [['Method', 'Result']], Metrics: [{ Name: 'Logons', Unit: 'Count' }] }],
    });
    expect(doc).toMatchObject({ Method: 'Password', Result: 'Failure', Logons: 1 });
  });

  it('publishes exactly the caller\'s dimensions: properties such as the function name are fields, not dimensions', () => {
    const { metrics, docs, runDeferred } = capture({ properties: { Service: 'atrium-prod-scim' } });
    metrics.record('ScimRequests', 1, 'Count', { Status: '5xx' });
    runDeferred();
    const doc = docs()[0]!;
    expectValidEmf(doc);
    expect(doc._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Status']]);
    expect(doc.Service).toBe('atrium-prod-scim');
    expect(doc.ScimRequests).toBe(1);
  });

  it('a metric without dimensions has one empty dimension set', () => {
    const { metrics, docs, runDeferred } = capture();
    metrics.record('Heartbeat', 1, 'Count');
    runDeferred();
    expectValidEmf(docs()[0]!);
    expect(docs()[0]!._aws.CloudWatchMetrics[0].Dimensions).toEqual([[]]);
  });

  it('records of one metric in one turn share a document as an array of values, 100 at most, per dimension values', () => {
    const { metrics, docs, runDeferred } = capture();
    for (let i = 0; i < 150; i++) metrics.record('QueueAgeMs', i, 'Milliseconds', { Queue: 'metering' });
    metrics.record('QueueAgeMs', 7, 'Milliseconds', { Queue: 'tasks' });
    metrics.record('MauEvents', 3, 'Count', { Outcome: 'Recorded' });
    runDeferred();
    const all = docs();
    all.forEach(expectValidEmf);
    const metering = all.filter((d) => d.Queue === 'metering');
    expect(metering.map((d) => d.QueueAgeMs.length)).toEqual([100, 50]);
    expect(metering.flatMap((d) => d.QueueAgeMs)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(all.find((d) => d.Queue === 'tasks')!.QueueAgeMs).toBe(7);
    expect(all.find((d) => d.Outcome === 'Recorded')!.MauEvents).toBe(3);
    expect(all).toHaveLength(4);
    // A later turn starts afresh.
    metrics.record('QueueAgeMs', 1, 'Milliseconds', { Queue: 'tasks' });
    runDeferred();
    expect(docs()).toHaveLength(5);
  });

  it('by default writes at the end of the current turn (a microtask), before the handler\'s promise settles', async () => {
    const lines: string[] = [];
    const metrics = createEmfMetrics({ write: (line) => void lines.push(line) });
    metrics.record('Tasks', 1, 'Count', { Type: 'RemoveResourceAccount', Status: 'Succeeded' });
    expect(lines).toHaveLength(0);
    await Promise.resolve();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).Tasks).toBe(1);
  });

  it('drops what CloudWatch would reject and never throws, not even when the write fails', () => {
    const { metrics, docs, runDeferred } = capture();
    const tooMany = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`D${i}`, 'x']));
    expect(() => {
      metrics.record('Bad', Number.NaN, 'Count');
      metrics.record('Bad', Number.POSITIVE_INFINITY, 'Count');
      metrics.record('', 1, 'Count');
      metrics.record('Bad', 1, 'Count', { Status: '' });
      metrics.record('Bad', 1, 'Count', { Bad: 'x' });
      metrics.record('Bad', 1, 'Count', tooMany);
      metrics.record('Good', 1, 'Count', { Status: '2xx' });
    }).not.toThrow();
    runDeferred();
    expect(docs().map((d) => d._aws.CloudWatchMetrics[0].Metrics[0].Name)).toEqual(['Good']);

    const failing = createEmfMetrics({ write: () => { throw new Error('EPIPE'); }, schedule: (flush) => flush() });
    expect(() => failing.record('Good', 1, 'Count', { Status: '2xx' })).not.toThrow();
  });

  it('the root adapter is silent under vitest, as the root logger is', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    rootMetrics.record('ScimRequests', 1, 'Count', { Status: '2xx' });
    await Promise.resolve();
    expect(write.mock.calls.filter(([chunk]) => String(chunk).includes('"_aws"'))).toHaveLength(0);
  });
});
