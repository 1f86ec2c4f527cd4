import { describe, expect, it } from 'vitest';
import { activatePendingKey, canAddPendingKey, publishedKeys, type IdpSigningKey, type IdpSigningKeyStatus } from '../../../domain/access/idp-signing-key';

const key = (keyId: string, status: IdpSigningKeyStatus, createdAt = '2026-01-01T00:00:00.000Z'): IdpSigningKey => ({
  keyId,
  certificate: `cert-${keyId}`,
  status,
  createdAt,
  notAfter: '2029-01-01T00:00:00.000Z',
});
const statuses = (keys: readonly IdpSigningKey[]) => keys.map((k) => `${k.keyId}:${k.status}`);

describe('IdP signing key rotation rules', () => {
  it('publishes Active first, then Pending, then Previous', () => {
    expect(statuses(publishedKeys([key('c', 'Previous'), key('b', 'Pending'), key('a', 'Active')]))).toEqual(['a:Active', 'b:Pending', 'c:Previous']);
  });

  it.each([
    { name: 'first rotation', keys: [key('a', 'Active'), key('b', 'Pending')], activate: 'b', after: ['b:Active', 'a:Previous'] },
    { name: 'the older Previous is dropped', keys: [key('a', 'Previous'), key('b', 'Active'), key('c', 'Pending')], activate: 'c', after: ['c:Active', 'b:Previous'] },
  ])('activation: $name', ({ keys, activate, after }) => {
    const out = activatePendingKey(keys, activate);
    expect(out.ok && statuses(publishedKeys(out.value))).toEqual(after);
  });

  it.each([
    { name: 'an unknown key', id: 'zz', code: 'EntityNotExists.SigningKey' },
    { name: 'the Active key', id: 'a', code: 'OperationConflict.SigningKeyNotPending' },
    { name: 'a Previous key', id: 'p', code: 'OperationConflict.SigningKeyNotPending' },
  ])('activation refuses $name', ({ id, code }) => {
    const out = activatePendingKey([key('p', 'Previous'), key('a', 'Active')], id);
    expect(!out.ok && out.error.code).toBe(code);
  });

  it('one Pending key at a time', () => {
    expect(canAddPendingKey([key('a', 'Active')]).ok).toBe(true);
    const out = canAddPendingKey([key('a', 'Active'), key('b', 'Pending')]);
    expect(!out.ok && out.error.code).toBe('EntityAlreadyExists.PendingSigningKey');
  });
});
