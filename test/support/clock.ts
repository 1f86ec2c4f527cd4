import type { Clock } from '../../domain/shared/clock';

/**
 * Tests' "now": 10:00 UTC tomorrow, always ahead of the wall clock. DynamoDB Local reaps items whose
 * `ttl` has passed in real time, whenever it likes; a test clock in the past would see its sessions,
 * replay records and tasks vanish at random.
 */
export const TEST_NOW = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 10 * 3_600_000).toISOString();

/** A clock that moves only when told to. */
export const manualClock = (start = TEST_NOW) => {
  let now = new Date(start).getTime();
  const clock: Clock & { advance(ms: number): void; set(iso: string): void } = {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (iso) => {
      now = new Date(iso).getTime();
    },
  };
  return clock;
};
