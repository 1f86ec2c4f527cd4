import { TEST_NOW } from '../support/clock';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMfaDeviceRepository } from '../../adapters/dynamodb/mfa-device-repository';
import { DynamoPasswordRepository } from '../../adapters/dynamodb/password-repository';
import { acceptCode, type MfaDevice } from '../../domain/logon/mfa';
import { LOCKOUT_MS, recordFailure, recordSuccess, setPassword } from '../../domain/logon/password-credential';
import { DEFAULT_PASSWORD_POLICY } from '../../domain/logon/password-policy';
import type { DirectoryId, UserId } from '../../domain/shared/ids';
import { freshTable } from '../support/db';
import { mfaDeviceCountKey } from '../../adapters/dynamodb/keys';
import { DynamoPasswordLogonLookup } from '../../adapters/dynamodb/password-logon-lookup';
import type { Table } from '../../adapters/dynamodb/table';

let passwords: DynamoPasswordRepository;
let devices: DynamoMfaDeviceRepository;
let table: Table;

beforeAll(async () => {
  ({ table } = await freshTable());
  passwords = new DynamoPasswordRepository(table);
  devices = new DynamoMfaDeviceRepository(table);
});

const dirA = 'd-aaaaaaaaaaaa' as DirectoryId;
const dirB = 'd-bbbbbbbbbbbb' as DirectoryId;
const now = new Date(TEST_NOW);
let n = 0;
const newUser = () => `u-${++n}-${Math.random().toString(36).slice(2, 8)}` as UserId;

describe('password credentials in DynamoDB', () => {
  it('creates, reads back every field, updates by version and deletes', async () => {
    const userId = newUser();
    const created = setPassword({ directoryId: dirA, userId }, '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB', { mustChange: true, now, keep: 3 });
    expect(await passwords.put(created, undefined)).toEqual({ ok: true, value: undefined });
    expect(await passwords.get(dirA, userId)).toEqual(created);

    const policy = { ...DEFAULT_PASSWORD_POLICY, maxFailedAttempts: 1 };
    const locked = recordFailure(created, policy, now);
    expect(await passwords.put(locked, created.version)).toMatchObject({ ok: true });
    expect(await passwords.get(dirA, userId)).toEqual(locked);
    expect(locked.lockedUntil).toBe(new Date(now.getTime() + LOCKOUT_MS).toISOString());

    // The lock is removed from the stored item, not left behind.
    const cleared = recordSuccess(locked);
    expect(await passwords.put(cleared, locked.version)).toMatchObject({ ok: true });
    const read = await passwords.get(dirA, userId);
    expect(read).toEqual(cleared);
    expect(read).not.toHaveProperty('lockedUntil');

    const changed = setPassword(cleared, 'h2', { mustChange: false, now, keep: 3 });
    expect(await passwords.put(changed, cleared.version)).toMatchObject({ ok: true });
    expect((await passwords.get(dirA, userId))?.history).toEqual(['$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB']);

    await passwords.delete(dirA, userId);
    expect(await passwords.get(dirA, userId)).toBeUndefined();
    await passwords.delete(dirA, userId); // idempotent
  });

  it('refuses a stale version and a second create (ConcurrentModification)', async () => {
    const userId = newUser();
    const created = setPassword({ directoryId: dirA, userId }, 'h1', { mustChange: false, now, keep: 1 });
    expect((await passwords.put(created, undefined)).ok).toBe(true);
    const again = await passwords.put(created, undefined);
    expect(again).toMatchObject({ ok: false, error: { code: 'ConcurrentModification' } });

    // Two logons read version 1; both record a failure; only the first write wins.
    const first = recordFailure(created, DEFAULT_PASSWORD_POLICY, now);
    const second = recordFailure(created, DEFAULT_PASSWORD_POLICY, now);
    expect((await passwords.put(first, created.version)).ok).toBe(true);
    expect(await passwords.put(second, created.version)).toMatchObject({ ok: false, error: { code: 'ConcurrentModification' } });
    // Updating a credential that does not exist is a conflict too, not a create.
    const ghost = setPassword({ directoryId: dirA, userId: newUser() }, 'h', { mustChange: false, now, keep: 1 });
    expect((await passwords.put({ ...ghost, version: 2 }, 1)).ok).toBe(false);
  });

  it('another directory sees nothing', async () => {
    const userId = newUser();
    const cred = setPassword({ directoryId: dirA, userId }, 'h1', { mustChange: false, now, keep: 1 });
    await passwords.put(cred, undefined);
    expect(await passwords.get(dirB, userId)).toBeUndefined();
    // A delete through the other directory leaves it alone.
    await passwords.delete(dirB, userId);
    expect(await passwords.get(dirA, userId)).toEqual(cred);
    // The same user id in the other directory is a separate credential.
    const other = setPassword({ directoryId: dirB, userId }, 'h-b', { mustChange: true, now, keep: 1 });
    expect((await passwords.put(other, undefined)).ok).toBe(true);
    expect((await passwords.get(dirA, userId))?.hash).toBe('h1');
    expect((await passwords.get(dirB, userId))?.hash).toBe('h-b');
  });
});

const device = (directoryId: DirectoryId, userId: UserId, deviceId: string, extra: Partial<MfaDevice> = {}): MfaDevice => ({
  directoryId,
  userId,
  deviceId,
  type: 'TOTP',
  name: `Phone ${deviceId}`,
  secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  createdAt: now.toISOString(),
  version: 1,
  ...extra,
});

describe('MFA devices in DynamoDB', () => {
  it('creates, lists a user’s devices, reads back every field, and deletes', async () => {
    const userId = newUser();
    const a = device(dirA, userId, 'mfa-a', { lastUsedStep: 41152263, lastUsedAt: now.toISOString() });
    const b = device(dirA, userId, 'mfa-b');
    expect(await devices.put(a)).toEqual({ ok: true, value: undefined });
    expect((await devices.put(b)).ok).toBe(true);
    expect(await devices.get(dirA, userId, 'mfa-a')).toEqual(a);
    expect(await devices.get(dirA, userId, 'mfa-b')).toEqual(b);
    expect([...(await devices.list(dirA, userId))].sort((x, y) => x.deviceId.localeCompare(y.deviceId))).toEqual([a, b]);
    await devices.delete(dirA, userId, 'mfa-a');
    expect(await devices.list(dirA, userId)).toEqual([b]);
    await devices.delete(dirA, userId, 'mfa-a'); // idempotent
  });

  it('lists only that user’s devices, even when user ids share a prefix', async () => {
    const userId = newUser();
    const longer = `${userId}0` as UserId;
    await devices.put(device(dirA, userId, 'mfa-1'));
    await devices.put(device(dirA, longer, 'mfa-2'));
    expect((await devices.list(dirA, userId)).map((d) => d.deviceId)).toEqual(['mfa-1']);
    expect((await devices.list(dirA, longer)).map((d) => d.deviceId)).toEqual(['mfa-2']);
  });

  it('of two uses of one code, only the first is stored (version conflict)', async () => {
    const userId = newUser();
    const d = device(dirA, userId, 'mfa-1', { lastUsedStep: 100 });
    await devices.put(d);
    const stored = await devices.get(dirA, userId, 'mfa-1');
    if (!stored) throw new Error('missing');
    const first = acceptCode(stored, 101, now);
    const second = acceptCode(stored, 101, now); // the same read, a concurrent request
    if (!first.ok || !second.ok) throw new Error('setup');
    expect((await devices.put(first.value, stored.version)).ok).toBe(true);
    expect(await devices.put(second.value, stored.version)).toMatchObject({ ok: false, error: { code: 'ConcurrentModification' } });
    expect(await devices.put(d)).toMatchObject({ ok: false, error: { code: 'ConcurrentModification' } }); // create over an existing one
    expect((await devices.get(dirA, userId, 'mfa-1'))?.lastUsedStep).toBe(101);
  });

  it('another directory sees nothing', async () => {
    const userId = newUser();
    const d = device(dirA, userId, 'mfa-1');
    await devices.put(d);
    expect(await devices.list(dirB, userId)).toEqual([]);
    expect(await devices.get(dirB, userId, 'mfa-1')).toBeUndefined();
    await devices.delete(dirB, userId, 'mfa-1');
    expect(await devices.get(dirA, userId, 'mfa-1')).toEqual(d);
    // Another user of the same directory sees nothing either.
    expect(await devices.list(dirA, newUser())).toEqual([]);
  });
});

describe('the MFA device count a password logon reads', () => {
  const countOf = async (d: DirectoryId, userId: UserId) => (await table.get(mfaDeviceCountKey(d, userId)))?.n;

  it('starts at 0 with the first credential and follows every device created and deleted, exactly', async () => {
    const userId = newUser();
    expect(await countOf(dirA, userId)).toBeUndefined();
    expect((await passwords.put(setPassword({ directoryId: dirA, userId }, 'h1', { mustChange: false, now, keep: 3 }), undefined)).ok).toBe(true);
    expect(await countOf(dirA, userId)).toBe(0);
    await Promise.all([devices.put(device(dirA, userId, 'mfa-1')), devices.put(device(dirA, userId, 'mfa-2'))]);
    expect(await countOf(dirA, userId)).toBe(2);
    // A refused create (the device exists) and an update leave it alone.
    expect((await devices.put(device(dirA, userId, 'mfa-1'))).ok).toBe(false);
    const stored = (await devices.get(dirA, userId, 'mfa-1'))!;
    expect((await devices.put({ ...stored, name: 'renamed', version: stored.version + 1 }, stored.version)).ok).toBe(true);
    expect(await countOf(dirA, userId)).toBe(2);
    await devices.delete(dirA, userId, 'mfa-1');
    await devices.delete(dirA, userId, 'mfa-1'); // gone already: no change
    expect(await countOf(dirA, userId)).toBe(1);
    // A password change (an update by version) keeps the count.
    const current = (await passwords.get(dirA, userId))!;
    expect((await passwords.put(setPassword(current, 'h2', { mustChange: false, now, keep: 3 }), current.version)).ok).toBe(true);
    expect(await countOf(dirA, userId)).toBe(1);
    expect(await countOf(dirB, userId)).toBeUndefined();
  });

  it('comes back with the user and the credential; unknown (undefined) for a user from before it existed', async () => {
    const lookup = new DynamoPasswordLogonLookup(table);
    const unknown = await lookup.read(dirA, 'nobody-here');
    expect(unknown).toEqual({ settings: undefined, user: undefined, credential: undefined, mfaDeviceCount: undefined });
  });
});

