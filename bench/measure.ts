import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

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
