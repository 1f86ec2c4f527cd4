import { describe, expect, it } from 'vitest';
import { changeAdministrator, newAdministrator } from '../../domain/iam/administrator';
import { checkGrantable } from '../../domain/iam/grant-check';
import type { PolicyName } from '../../domain/iam/policies';
import type { Principal } from '../../domain/iam/principal';
import type { AccountId, AdministratorId, ApiKeyId } from '../../domain/shared/ids';

const account = '1000000000000001' as AccountId;
const id = 'adm-1' as AdministratorId;
const now = new Date('2026-11-23T10:00:00Z');

describe('newAdministrator', () => {
  it.each([
    ['alice', true],
    ['a.b_c-d', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['', false],
    ['has space', false],
    ['ünïcode', false],
    ['semi;colon', false],
  ])('name %j valid: %s', (name, valid) => {
    expect(newAdministrator(account, id, { name }, now).ok).toBe(valid);
  });

  it('defaults the display name, dedupes policies and starts at version 1', () => {
    const result = newAdministrator(account, id, { name: 'alice', policies: ['AliyunRAMFullAccess', 'AliyunRAMFullAccess'] }, now);
    expect(result).toMatchObject({ ok: true, value: { displayName: 'alice', policies: ['AliyunRAMFullAccess'], version: 1 } });
  });

  it('refuses a display name over 128 characters', () => {
    const result = newAdministrator(account, id, { name: 'alice', displayName: 'd'.repeat(129) }, now);
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidParameter.DisplayName' } });
  });
});

describe('changeAdministrator', () => {
  it('bumps the version and keeps what was not changed', () => {
    const admin = newAdministrator(account, id, { name: 'alice', displayName: 'Alice' }, now);
    if (!admin.ok) throw new Error('setup');
    const later = new Date('2026-11-24T10:00:00Z');
    const changed = changeAdministrator(admin.value, { policies: ['AliyunCloudSSOFullAccess'] }, later);
    expect(changed).toMatchObject({
      ok: true,
      value: { displayName: 'Alice', policies: ['AliyunCloudSSOFullAccess'], version: 2, updatedAt: later.toISOString() },
    });
  });
});

describe('checkGrantable', () => {
  const admin = (policies: readonly PolicyName[]): Principal => ({
    kind: 'administrator',
    accountId: account,
    administratorId: id,
    name: 'alice',
    policies,
    keyId: 'AK1' as ApiKeyId,
  });

  it('lets an administrator grant only policies it holds', () => {
    expect(checkGrantable(admin(['AliyunRAMFullAccess']), ['AliyunRAMFullAccess']).ok).toBe(true);
    expect(checkGrantable(admin(['AliyunRAMFullAccess']), ['AdministratorAccess'])).toMatchObject({
      ok: false,
      error: { code: 'Forbidden.PolicyEscalation' },
    });
  });

  it('lets AdministratorAccess and the account itself grant anything', () => {
    expect(checkGrantable(admin(['AdministratorAccess']), ['AliyunYundunIdaasFullAccess']).ok).toBe(true);
    expect(checkGrantable({ kind: 'account', accountId: account, keyId: 'AK1' as ApiKeyId }, ['AdministratorAccess']).ok).toBe(true);
  });
});
