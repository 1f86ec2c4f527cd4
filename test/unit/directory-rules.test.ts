import { describe, expect, it } from 'vitest';
import { changeQuotas, checkDirectoryName, deletionBlockers, newDirectory } from '../../domain/directory/directory';
import { checkGroupFields } from '../../domain/directory/group-rules';
import { checkManagementEdit, checkUserFields, newUser } from '../../domain/directory/user-rules';
import type { AccountId, DirectoryId, ResourceDirectoryId, UserId } from '../../domain/shared/ids';

const now = new Date('2026-11-23T10:00:00Z');
const directory = (() => {
  const d = newDirectory(
    { id: 'd-abc123' as DirectoryId, name: undefined, region: 'cn-shanghai', managementAccountId: '1000000000000001' as AccountId, resourceDirectoryId: 'rd-1' as ResourceDirectoryId },
    now,
  );
  if (!d.ok) throw new Error('setup');
  return d.value;
})();

describe('directory names (CloudSSO rules)', () => {
  it.each([
    ['acme', true],
    ['acme-sso-2', true],
    ['a1', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['a', false],
    ['d-acme', false],
    ['-acme', false],
    ['acme-', false],
    ['ac--me', false],
    ['Acme', false],
    ['ac_me', false],
  ])('%j valid: %s', (name, valid) => {
    expect(checkDirectoryName(name).ok).toBe(valid);
  });

  it('generates a valid name when none is given', () => {
    expect(directory.name).toBe('sso-abc123');
  });
});

describe('quotas', () => {
  it('cannot go below the current count or above the maximum', () => {
    const busy = { ...directory, counts: { ...directory.counts, users: 50 } };
    expect(changeQuotas(busy, { users: 49 }, now)).toMatchObject({ ok: false, error: { code: 'InvalidParameter.Quota' } });
    expect(changeQuotas(busy, { users: 50 }, now).ok).toBe(true);
    expect(changeQuotas(busy, { users: 1_000_001 }, now).ok).toBe(false);
    expect(changeQuotas(busy, { users: undefined, groups: 600 }, now)).toMatchObject({ ok: true, value: { quotas: { users: 1000, groups: 600 } } });
  });

  it('names every kind of thing that blocks a deletion', () => {
    expect(deletionBlockers(directory)).toEqual([]);
    expect(deletionBlockers({ ...directory, counts: { users: 2, groups: 1, accessConfigurations: 0, scimCredentials: 1 } })).toEqual([
      '2 users',
      '1 groups',
      '1 SCIM credentials',
    ]);
  });
});

describe('user attributes', () => {
  it.each([
    [{ userName: 'alice@example.com' }, true],
    [{ userName: 'a.b_c-d@e' }, true],
    [{ userName: 'with space' }, false],
    [{ userName: 'x'.repeat(65) }, false],
    [{ userName: 'ok', email: 'nope' }, false],
    [{ userName: 'ok', email: `${'e'.repeat(120)}@x.example` }, false],
    [{ userName: 'ok', firstName: 'f'.repeat(65) }, false],
    [{ userName: 'ok', displayName: '' }, false],
    [{ userName: 'ok', tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }, false],
  ])('%j valid: %s', (fields, valid) => {
    expect(checkUserFields({ status: 'Enabled', ...fields }).ok).toBe(valid);
  });

  it('SCIM owns synchronized users while sync is on: only status may change in the management API', () => {
    const made = newUser('d-abc123' as DirectoryId, 'u-1' as UserId, { userName: 'syncd', status: 'Enabled' }, 'Synchronized', now);
    if (!made.ok) throw new Error('setup');
    expect(checkManagementEdit(made.value, true, { status: 'Disabled' }).ok).toBe(true);
    expect(checkManagementEdit(made.value, true, { displayName: 'X' })).toMatchObject({ ok: false, error: { code: 'OperationForbidden.SynchronizedUser' } });
    expect(checkManagementEdit(made.value, false, { displayName: 'X' }).ok).toBe(true);
  });
});

describe('group names', () => {
  it('follow the CloudSSO rule for manual groups and accept IdP names for synchronized ones', () => {
    expect(checkGroupFields({ name: 'Sales Team' }, 'Manual').ok).toBe(false);
    expect(checkGroupFields({ name: 'Sales Team' }, 'Synchronized').ok).toBe(true);
    expect(checkGroupFields({ name: ' padded' }, 'Synchronized').ok).toBe(false);
    expect(checkGroupFields({ name: 'sales.team-1' }, 'Manual').ok).toBe(true);
  });
});
