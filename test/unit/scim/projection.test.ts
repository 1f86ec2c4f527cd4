import { describe, expect, it } from 'vitest';
import { groupToScim } from '../../../domain/scim/group-mapping';
import { isAttributeRequested, parseAttributeList, project, type AttributeSelection } from '../../../domain/scim/projection';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../../domain/scim/schemas';
import { userToScim } from '../../../domain/scim/user-mapping';
import { BASE, aGroup, aUser } from './support';

const user = userToScim(
  aUser({
    scim: {
      emails: [
        { value: 'alice@example.com', type: 'work', primary: true },
        { value: 'alice@home.example', type: 'home' },
      ],
      enterprise: { department: 'R&D', costCenter: 'CC-1', manager: { value: 'u-9' } },
    },
  }),
  { baseUrl: BASE },
);
const group = groupToScim(aGroup(), { baseUrl: BASE, members: [{ value: 'u-1', display: 'Alice' }] });

describe('parseAttributeList', () => {
  it.each<[string | undefined, string[] | undefined]>([
    [undefined, undefined],
    ['', undefined],
    [' , ', undefined],
    ['userName', ['userName']],
    ['userName, name.familyName ,emails', ['userName', 'name.familyName', 'emails']],
  ])('%j → %j', (csv, expected) => {
    expect(parseAttributeList(csv)).toEqual(expected);
  });
});

describe('project (RFC 7644 §3.9)', () => {
  it('returns everything without a selection', () => {
    expect(project(user, {}, 'User')).toEqual(user);
  });

  it.each<[string, AttributeSelection, Record<string, unknown>]>([
    ['keeps only what is asked, plus id and schemas', { attributes: ['userName'] }, { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1', userName: 'alice@example.com' }],
    ['matches names in any case', { attributes: ['USERNAME', 'DisplayName'] }, { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1', userName: 'alice@example.com', displayName: 'Alice Liddell' }],
    ['picks a sub-attribute', { attributes: ['name.familyName'] }, { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1', name: { familyName: 'Liddell' } }],
    [
      'picks a sub-attribute of every value',
      { attributes: ['emails.value'] },
      { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1', emails: [{ value: 'alice@example.com' }, { value: 'alice@home.example' }] },
    ],
    [
      'picks URN-qualified extension attributes',
      { attributes: [`${ENTERPRISE_USER_SCHEMA}:department`] },
      { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1', [ENTERPRISE_USER_SCHEMA]: { department: 'R&D' } },
    ],
    [
      'picks a whole extension by its URN',
      { attributes: [ENTERPRISE_USER_SCHEMA] },
      { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1', [ENTERPRISE_USER_SCHEMA]: { department: 'R&D', costCenter: 'CC-1', manager: { value: 'u-9', $ref: `${BASE}/Users/u-9` } } },
    ],
    ['picks a URN-qualified core attribute', { attributes: [`${USER_SCHEMA}:userName`] }, { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1', userName: 'alice@example.com' }],
    ['returns meta only when asked', { attributes: ['meta.version'] }, { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1', meta: { version: 'W/"3"' } }],
    ['ignores names that are not attributes', { attributes: ['shoeSize'] }, { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], id: 'u-1' }],
  ])('%s', (_, selection, expected) => {
    expect(project(user, selection, 'User')).toEqual(expected);
  });

  it.each<[string, AttributeSelection, string[], string[]]>([
    ['excludes attributes', { excludedAttributes: ['emails', 'name'] }, ['userName', 'meta', 'active'], ['emails', 'name']],
    ['never excludes id or schemas', { excludedAttributes: ['id', 'schemas'] }, ['id', 'schemas'], []],
    ['excludes an extension', { excludedAttributes: [ENTERPRISE_USER_SCHEMA] }, ['userName'], [ENTERPRISE_USER_SCHEMA]],
  ])('%s', (_, selection, kept, removed) => {
    const projected = project(user, selection, 'User');
    for (const key of kept) expect(projected, key).toHaveProperty([key]);
    for (const key of removed) expect(projected, key).not.toHaveProperty([key]);
  });

  it('excludes sub-attributes', () => {
    const projected = project(user, { excludedAttributes: ['emails.type', 'name.givenName', `${ENTERPRISE_USER_SCHEMA}:manager`] }, 'User');
    expect(projected['emails']).toEqual([{ value: 'alice@example.com', primary: true }, { value: 'alice@home.example' }]);
    expect(projected['name']).toEqual({ familyName: 'Liddell' });
    expect(projected[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'R&D', costCenter: 'CC-1' });
  });

  it('removes members from a group', () => {
    expect(project(group, { excludedAttributes: ['members'] }, 'Group')).toEqual({
      schemas: [GROUP_SCHEMA],
      id: 'g-1',
      externalId: 'ext-eng',
      displayName: 'engineering',
      meta: group['meta'],
    });
  });

  it('does not change the resource', () => {
    const before = JSON.stringify(user);
    project(user, { attributes: ['emails.value'], excludedAttributes: ['emails.value'] }, 'User');
    expect(JSON.stringify(user)).toBe(before);
  });
});

describe('isAttributeRequested', () => {
  it.each<[AttributeSelection, boolean]>([
    [{}, true],
    [{ excludedAttributes: ['members'] }, false],
    [{ excludedAttributes: ['MEMBERS'] }, false],
    [{ excludedAttributes: ['members.display'] }, true],
    [{ attributes: ['displayName'] }, false],
    [{ attributes: ['members.value'] }, true],
    [{ attributes: ['members'], excludedAttributes: ['members'] }, false],
  ])('members with %j → %s', (selection, expected) => {
    expect(isAttributeRequested('Group', selection, 'members')).toBe(expected);
  });

  it('always requests id', () => {
    expect(isAttributeRequested('User', { attributes: ['userName'], excludedAttributes: ['id'] }, 'id')).toBe(true);
  });
});
