import { describe, expect, it } from 'vitest';
import { checkDisplayName, openStandaloneAccount, type CloudAccount } from '../../domain/org/cloud-account';
import { newFolder, rootFolder } from '../../domain/org/folder';
import { beginAccountRemoval, enableResourceDirectory, moveAccount, newMemberAccount } from '../../domain/org/resource-directory';
import type { AccountId, FolderId, ResourceDirectoryId } from '../../domain/shared/ids';

const now = new Date('2026-11-23T10:00:00Z');
const ids = { directoryId: 'rd-1' as ResourceDirectoryId, rootFolderId: 'fd-root' as FolderId };
const standalone = (enterpriseVerified = true): CloudAccount => {
  const r = openStandaloneAccount('1000000000000001' as AccountId, { displayName: 'Acme', enterpriseVerified }, now);
  if (!r.ok) throw new Error('setup');
  return r.value;
};

describe('account display names', () => {
  it.each([
    ['Prod', true],
    ['ab', true],
    ['Prod Shop 1', true],
    ['生产环境', true],
    ['a', false],
    ['x'.repeat(51), false],
    [' lead', false],
    ['trail ', false],
    ['semi;colon', false],
  ])('%j valid: %s', (name, valid) => {
    expect(checkDisplayName(name).ok).toBe(valid);
  });
});

describe('enableResourceDirectory', () => {
  it('makes a verified standalone account the management account of the new directory', () => {
    const result = enableResourceDirectory(standalone(), ids, now);
    expect(result).toMatchObject({
      ok: true,
      value: {
        directory: { id: 'rd-1', managementAccountId: '1000000000000001', rootFolderId: 'fd-root' },
        root: { parentId: null, depth: 0 },
        managementAccount: { type: 'ManagementAccount', resourceDirectoryId: 'rd-1', folderId: 'fd-root', version: 2 },
      },
    });
  });

  it('requires enterprise verification', () => {
    expect(enableResourceDirectory(standalone(false), ids, now)).toMatchObject({
      ok: false,
      error: { code: 'ResourceDirectory.EnterpriseVerificationRequired' },
    });
  });

  it('refuses a second directory and an account that is a member elsewhere', () => {
    const enabled = enableResourceDirectory(standalone(), ids, now);
    if (!enabled.ok) throw new Error('setup');
    expect(enableResourceDirectory(enabled.value.managementAccount, ids, now)).toMatchObject({
      error: { code: 'EntityAlreadyExists.ResourceDirectory' },
    });
    const member = newMemberAccount(enabled.value.directory, enabled.value.root, '2000000000000002' as AccountId, 'Dev', now);
    if (!member.ok) throw new Error('setup');
    expect(enableResourceDirectory(member.value, ids, now)).toMatchObject({
      error: { code: 'Account.AlreadyInResourceDirectory' },
    });
  });
});

describe('member accounts', () => {
  const enabled = enableResourceDirectory(standalone(), ids, now);
  if (!enabled.ok) throw new Error('setup');
  const { directory, root, managementAccount } = enabled.value;

  it('are resource accounts of the directory, in the chosen folder', () => {
    expect(newMemberAccount(directory, root, '2000000000000002' as AccountId, 'Dev', now)).toMatchObject({
      ok: true,
      value: { type: 'ResourceAccount', resourceDirectoryId: 'rd-1', folderId: 'fd-root', status: 'Active' },
    });
  });

  it('cannot remove the management account, nor remove twice', () => {
    expect(beginAccountRemoval(managementAccount, now)).toMatchObject({ error: { code: 'Account.IsManagementAccount' } });
    const member = newMemberAccount(directory, root, '2000000000000002' as AccountId, 'Dev', now);
    if (!member.ok) throw new Error('setup');
    const removing = beginAccountRemoval(member.value, now);
    expect(removing).toMatchObject({ ok: true, value: { status: 'Removing', version: 2 } });
    if (!removing.ok) throw new Error('setup');
    expect(beginAccountRemoval(removing.value, now)).toMatchObject({ error: { code: 'Account.Removing' } });
    expect(moveAccount(removing.value, root, now)).toMatchObject({ error: { code: 'Account.Removing' } });
  });
});

describe('folders', () => {
  it('nest at most five levels below the root', () => {
    let folder = rootFolder('rd-1' as ResourceDirectoryId, 'fd-0' as FolderId, now);
    for (let level = 1; level <= 5; level++) {
      const next = newFolder(folder, `fd-${level}` as FolderId, `L${level}`, now);
      if (!next.ok) throw new Error(`level ${level} refused`);
      folder = next.value;
    }
    expect(folder.depth).toBe(5);
    expect(newFolder(folder, 'fd-6' as FolderId, 'L6', now)).toMatchObject({ error: { code: 'LimitExceeded.FolderDepth' } });
  });

  it.each([
    ['Prod', true],
    ['a', true],
    ['x'.repeat(24), true],
    ['x'.repeat(25), false],
    ['with space', false],
    ['', false],
  ])('name %j valid: %s', (name, valid) => {
    const root = rootFolder('rd-1' as ResourceDirectoryId, 'fd-0' as FolderId, now);
    expect(newFolder(root, 'fd-1' as FolderId, name, now).ok).toBe(valid);
  });
});
