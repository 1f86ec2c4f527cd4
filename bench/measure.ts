import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CommandSender } from '../adapters/dynamodb/table';

export const run = promisify(execFile);

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs `operation` from `concurrency` workers for `ms` and returns operations per second. */
export const throughput = async (ms: number, concurrency: number, operation: (i: number) => Promise<unknown>): Promise<number> => {
  let done = 0;
  let next = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await operation(next++);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
};

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Counts the store commands a request sends, by command name. */
export class CountingSender implements CommandSender {
  counts = new Map<string, number>();
  constructor(private readonly inner: CommandSender) {}
  send(command: unknown) {
    const name = (command as { constructor: { name: string } }).constructor.name.replace('Command', '');
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    return this.inner.send(command);
  }
  take() {
    const out = Object.fromEntries(this.counts);
    this.counts.clear();
    return out;
  }
}

export const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
/** Store reads among counted commands. */
export const reads = (o: Record<string, number>) => (o.Get ?? 0) + (o.Query ?? 0) + (o.BatchGet ?? 0);
