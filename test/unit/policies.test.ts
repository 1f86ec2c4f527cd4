import { describe, expect, it } from 'vitest';
import { policiesAllow, type Action, type PolicyName } from '../../domain/iam/policies';
import { authorize } from '../../domain/iam/principal';
import type { AccountId, AdministratorId, ApiKeyId } from '../../domain/shared/ids';

describe('system policies', () => {
  const cases: [PolicyName[], Action, boolean][] = [
    [['AdministratorAccess'], 'resourcemanager:CreateResourceAccount', true],
    [['AdministratorAccess'], 'idaas:CreateInstance', true],
    [['AliyunCloudSSOFullAccess'], 'cloudsso:CreateUser', true],
    [['AliyunCloudSSOFullAccess'], 'resourcemanager:ListAccounts', true],
    [['AliyunCloudSSOFullAccess'], 'resourcemanager:CreateResourceAccount', false],
    [['AliyunCloudSSOFullAccess'], 'idaas:ListInstances', false],
    [['AliyunCloudSSOReadOnlyAccess'], 'cloudsso:ListUsers', true],
    [['AliyunCloudSSOReadOnlyAccess'], 'cloudsso:GetDirectory', true],
    [['AliyunCloudSSOReadOnlyAccess'], 'cloudsso:CreateUser', false],
    [['AliyunYundunIdaasFullAccess'], 'idaas:CreateInstance', true],
    [['AliyunYundunIdaasFullAccess'], 'cloudsso:ListUsers', false],
    [['AliyunYundunIdaasReadOnlyAccess'], 'idaas:GetInstance', true],
    [['AliyunYundunIdaasReadOnlyAccess'], 'idaas:DeleteInstance', false],
    [['AliyunRAMReadOnlyAccess'], 'ram:ListUsers', true],
    [['AliyunRAMReadOnlyAccess'], 'ram:CreateUser', false],
    [['AliyunRAMReadOnlyAccess', 'AliyunRAMFullAccess'], 'ram:CreateUser', true],
    [[], 'ram:ListUsers', false],
    // RAM matches actions case-insensitively.
    [['AliyunCloudSSOReadOnlyAccess'], 'cloudsso:listusers', true],
    // A wildcard is not a prefix match on the service: `cloudsso:*` does not cover `cloudssox:`.
    [['AliyunCloudSSOFullAccess'], 'cloudssox:Anything' as Action, false],
  ];
  it.each(cases)('%j allows %s: %s', (policies, action, expected) => {
    expect(policiesAllow(policies, action)).toBe(expected);
  });
});

describe('authorize', () => {
  const admin = {
    kind: 'administrator' as const,
    accountId: '1000000000000001' as AccountId,
    administratorId: 'adm-1' as AdministratorId,
    name: 'alice',
    policies: ['AliyunCloudSSOReadOnlyAccess' as const],
    keyId: 'AK1' as ApiKeyId,
  };

  it('lets the account itself do anything', () => {
    const root = { kind: 'account' as const, accountId: admin.accountId, keyId: admin.keyId };
    expect(authorize(root, 'ram:DeleteUser').ok).toBe(true);
  });

  it('names the missing permission when it refuses', () => {
    const result = authorize(admin, 'cloudsso:CreateUser');
    expect(result).toMatchObject({ ok: false, error: { code: 'Forbidden', missingPermission: 'cloudsso:CreateUser' } });
    expect(result.ok ? '' : result.error.message).toContain('cloudsso:CreateUser');
  });
});
