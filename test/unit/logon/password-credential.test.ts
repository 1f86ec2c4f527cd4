import { describe, expect, it } from 'vitest';
import {
  isExpired,
  isLocked,
  LOCKOUT_MS,
  MAX_PASSWORD_HISTORY,
  mustChangeNow,
  recentHashes,
  recordFailure,
  recordSuccess,
  replaceHash,
  setPassword,
  type PasswordCredential,
} from '../../../domain/logon/password-credential';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../../../domain/logon/password-policy';
import type { DirectoryId, UserId } from '../../../domain/shared/ids';
import { manualClock } from '../../support/clock';

const owner = { directoryId: 'd-aaaaaaaaaaaa' as DirectoryId, userId: 'u-1' as UserId };
const DAY = 24 * 60 * 60 * 1000;
const policy = (overrides: Partial<PasswordPolicy> = {}): PasswordPolicy => ({ ...DEFAULT_PASSWORD_POLICY, ...overrides });
const fresh = (now: Date, keep = 24): PasswordCredential => setPassword(owner, 'h0', { mustChange: false, now, keep });

describe('lockout after failed logons (CloudSSO MaxLoginAttempts: locked for one hour)', () => {
  it.each([1, 3, 5, 32])('locks at the %i-th consecutive failure, for exactly one hour', (max) => {
    const clock = manualClock();
    let cred = fresh(clock.now());
    for (let i = 1; i < max; i++) {
      cred = recordFailure(cred, policy({ maxFailedAttempts: max }), clock.now());
      expect(isLocked(cred, clock.now())).toBe(false);
      expect(cred.failedAttempts).toBe(i);
    }
    cred = recordFailure(cred, policy({ maxFailedAttempts: max }), clock.now());
    expect(isLocked(cred, clock.now())).toBe(true);
    expect(cred.lockedUntil).toBe(new Date(clock.now().getTime() + LOCKOUT_MS).toISOString());
    clock.advance(LOCKOUT_MS - 1);
    expect(isLocked(cred, clock.now())).toBe(true);
    clock.advance(1);
    expect(isLocked(cred, clock.now())).toBe(false);
  });

  it('does not count or extend while locked, and counts afresh once the lock has run out', () => {
    const clock = manualClock();
    const p = policy({ maxFailedAttempts: 2 });
    let cred = recordFailure(recordFailure(fresh(clock.now()), p, clock.now()), p, clock.now());
    expect(isLocked(cred, clock.now())).toBe(true);
    clock.advance(30 * 60 * 1000);
    expect(recordFailure(cred, p, clock.now())).toBe(cred);
    clock.advance(30 * 60 * 1000);
    cred = recordFailure(cred, p, clock.now());
    expect(cred.failedAttempts).toBe(1);
    expect(cred.lockedUntil).toBeUndefined();
    expect(isLocked(cred, clock.now())).toBe(false);
  });

  it('never locks when maxFailedAttempts is 0', () => {
    const clock = manualClock();
    let cred = fresh(clock.now());
    for (let i = 0; i < 100; i++) cred = recordFailure(cred, policy({ maxFailedAttempts: 0 }), clock.now());
    expect(isLocked(cred, clock.now())).toBe(false);
    expect(cred.failedAttempts).toBe(100);
  });

  it('a success clears the count and an expired lock; with nothing to clear it returns the same credential', () => {
    const clock = manualClock();
    const p = policy({ maxFailedAttempts: 3 });
    const start = fresh(clock.now());
    expect(recordSuccess(start)).toBe(start);
    const twice = recordFailure(recordFailure(start, p, clock.now()), p, clock.now());
    const cleared = recordSuccess(twice);
    expect(cleared.failedAttempts).toBe(0);
    expect(cleared.version).toBe(twice.version + 1);
    // Two more failures do not lock: the count started again.
    expect(isLocked(recordFailure(recordFailure(cleared, p, clock.now()), p, clock.now()), clock.now())).toBe(false);
  });

  it('every recorded change bumps the version (optimistic concurrency)', () => {
    const clock = manualClock();
    const cred = fresh(clock.now());
    expect(recordFailure(cred, policy(), clock.now()).version).toBe(cred.version + 1);
  });
});

describe('expiry by max age', () => {
  it.each<[number, number, boolean]>([
    [90, 90 * DAY - 1, false],
    [90, 90 * DAY, true],
    [1, DAY - 1, false],
    [1, DAY, true],
    [120, 119 * DAY, false],
    [0, 10_000 * DAY, false],
  ])('maxAgeDays %i, %i ms after the change → expired %s', (maxAgeDays, elapsed, expired) => {
    const clock = manualClock();
    const cred = fresh(clock.now());
    clock.advance(elapsed);
    expect(isExpired(cred, policy({ maxAgeDays }), clock.now())).toBe(expired);
    expect(mustChangeNow(cred, policy({ maxAgeDays }), clock.now())).toBe(expired);
  });

  it('an administrator-set password must be changed whatever its age', () => {
    const clock = manualClock();
    const cred = setPassword(owner, 'h0', { mustChange: true, now: clock.now(), keep: 1 });
    expect(mustChangeNow(cred, policy({ maxAgeDays: 0 }), clock.now())).toBe(true);
  });
});

describe('setting a password', () => {
  it('creates a credential at version 1 with no history', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(setPassword(owner, 'h0', { mustChange: true, now, keep: 5 })).toEqual({
      ...owner,
      hash: 'h0',
      changedAt: now.toISOString(),
      mustChange: true,
      history: [],
      failedAttempts: 0,
      version: 1,
    });
  });

  it('pushes the replaced hash onto the history, newest first, keeping `keep` (at most 24)', () => {
    const clock = manualClock();
    let cred = fresh(clock.now());
    for (let i = 1; i <= 30; i++) cred = setPassword(cred, `h${i}`, { mustChange: false, now: clock.now(), keep: 3 });
    expect(cred.hash).toBe('h30');
    expect(cred.history).toEqual(['h29', 'h28', 'h27']);
    expect(recentHashes(cred)).toEqual(['h30', 'h29', 'h28', 'h27']);
    for (let i = 31; i <= 60; i++) cred = setPassword(cred, `h${i}`, { mustChange: false, now: clock.now(), keep: 99 });
    expect(cred.history).toHaveLength(MAX_PASSWORD_HISTORY);
    expect(cred.history[0]).toBe('h59');
    expect(setPassword(cred, 'x', { mustChange: false, now: clock.now(), keep: 0 }).history).toEqual([]);
  });

  it('clears failures and a lock, restarts the age and bumps the version', () => {
    const clock = manualClock();
    const p = policy({ maxFailedAttempts: 1 });
    const locked = recordFailure(fresh(clock.now()), p, clock.now());
    clock.advance(DAY);
    const reset = setPassword(locked, 'h1', { mustChange: true, now: clock.now(), keep: 1 });
    expect(isLocked(reset, clock.now())).toBe(false);
    expect(reset).not.toHaveProperty('lockedUntil');
    expect(reset.failedAttempts).toBe(0);
    expect(reset.changedAt).toBe(clock.now().toISOString());
    expect(reset.version).toBe(locked.version + 1);
  });

  it('a rehash keeps the age and history', () => {
    const clock = manualClock();
    const cred = setPassword(fresh(clock.now()), 'h1', { mustChange: false, now: clock.now(), keep: 2 });
    expect(replaceHash(cred, 'h1-stronger')).toEqual({ ...cred, hash: 'h1-stronger', version: cred.version + 1 });
  });
});
