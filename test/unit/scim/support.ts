import { expect } from 'vitest';
import type { DirectoryGroup } from '../../../domain/directory/group';
import type { DirectoryUser } from '../../../domain/directory/user';
import type { DirectoryId, GroupId, UserId } from '../../../domain/shared/ids';
import type { Result } from '../../../domain/shared/result';
import type { ScimError } from '../../../domain/scim/scim-error';

export const BASE = 'https://atrium.example/scim/v2';

export const aUser = (overrides: Partial<DirectoryUser> = {}): DirectoryUser => ({
  directoryId: 'd-000000000001' as DirectoryId,
  id: 'u-1' as UserId,
  userName: 'alice@example.com',
  displayName: 'Alice Liddell',
  firstName: 'Alice',
  lastName: 'Liddell',
  email: 'alice@example.com',
  status: 'Enabled',
  provisionType: 'Synchronized',
  externalId: 'ext-alice',
  tags: [],
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  version: 3,
  ...overrides,
});

export const aGroup = (overrides: Partial<DirectoryGroup> = {}): DirectoryGroup => ({
  directoryId: 'd-000000000001' as DirectoryId,
  id: 'g-1' as GroupId,
  name: 'engineering',
  provisionType: 'Synchronized',
  externalId: 'ext-eng',
  memberCount: 2,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  version: 5,
  ...overrides,
});

/** The value of a successful Result; fails the test otherwise. */
export const valueOf = <T>(r: Result<T, ScimError>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

/** The error of a failed Result; fails the test otherwise. */
export const errorOf = <T>(r: Result<T, ScimError>): ScimError => {
  expect(r.ok, r.ok ? `expected an error, got ${JSON.stringify(r.value)}` : '').toBe(false);
  if (r.ok) throw new Error('unreachable');
  return r.error;
};
