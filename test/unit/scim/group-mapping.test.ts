import { describe, expect, it } from 'vitest';
import { groupToScim, memberIds, scimToGroupFields } from '../../../domain/scim/group-mapping';
import { GROUP_SCHEMA } from '../../../domain/scim/schemas';
import { entraCreateGroup } from './fixtures/entra-id';
import { oktaCreateGroup } from './fixtures/okta';
import { BASE, aGroup, errorOf, valueOf } from './support';

describe('groupToScim', () => {
  it('represents a group without its members', () => {
    expect(groupToScim(aGroup(), { baseUrl: BASE })).toEqual({
      schemas: [GROUP_SCHEMA],
      id: 'g-1',
      externalId: 'ext-eng',
      displayName: 'engineering',
      meta: {
        resourceType: 'Group',
        created: '2026-11-23T10:00:00.000Z',
        lastModified: '2026-11-24T10:00:00.000Z',
        location: `${BASE}/Groups/g-1`,
        version: 'W/"5"',
      },
    });
  });

  it('lists members when given', () => {
    const json = groupToScim(aGroup(), { baseUrl: BASE, members: [{ value: 'u-1', display: 'Alice' }, { value: 'u-2' }] });
    expect(json['members']).toEqual([
      { value: 'u-1', display: 'Alice', $ref: `${BASE}/Users/u-1`, type: 'User' },
      { value: 'u-2', $ref: `${BASE}/Users/u-2`, type: 'User' },
    ]);
  });

  it('leaves externalId out when the group has none', () => {
    const { externalId: _, ...bare } = aGroup();
    expect(groupToScim(bare, { baseUrl: BASE })).not.toHaveProperty('externalId');
  });
});

describe('scimToGroupFields', () => {
  it('reads an Okta create body', () => {
    expect(valueOf(scimToGroupFields(oktaCreateGroup))).toEqual({ displayName: 'Test SCIMv2', members: [] });
  });

  it('reads an Entra ID create body, ignoring its extra schemas and extension object', () => {
    expect(valueOf(scimToGroupFields(entraCreateGroup))).toEqual({
      displayName: 'Retail',
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      members: [],
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['names in any case', { DisplayName: ' eng ', EXTERNALID: 'x' }, { displayName: 'eng', externalId: 'x' }],
    [
      'members, deduplicated in order, with display and $ref ignored',
      { displayName: 'eng', members: [{ value: 'u-2', display: 'B' }, { value: 'u-1', $ref: null }, { Value: 'u-2', type: 'User' }] },
      { members: ['u-2', 'u-1'] },
    ],
    ['an http schema-keyed extension', { displayName: 'eng', 'http://schemas.microsoft.com/x/2.0/Group': { a: 1 } }, { displayName: 'eng' }],
    ['id and meta, ignored', { displayName: 'eng', id: 'g-9', meta: { version: 'W/"1"' } }, { displayName: 'eng' }],
  ])('accepts %s', (_, body, expected) => {
    expect(valueOf(scimToGroupFields(body))).toMatchObject(expected);
  });

  it.each<[string, unknown, string, string]>([
    ['a body that is not an object', 'x', 'invalidSyntax', 'JSON object'],
    ['a missing displayName', { members: [] }, 'invalidValue', 'displayName is required'],
    ['a blank displayName', { displayName: ' ' }, 'invalidValue', 'displayName is required'],
    ['an unknown attribute', { displayName: 'eng', description: 'x' }, 'invalidSyntax', 'description'],
    ['a member without a value', { displayName: 'eng', members: [{ display: 'x' }] }, 'invalidValue', 'members[0].value'],
    ['a nested group', { displayName: 'eng', members: [{ value: 'g-2', type: 'Group' }] }, 'invalidValue', 'only users'],
    ['members that are not an array', { displayName: 'eng', members: { value: 'u-1' } }, 'invalidValue', 'must be an array'],
    ['an unknown member sub-attribute', { displayName: 'eng', members: [{ value: 'u-1', role: 'x' }] }, 'invalidSyntax', 'members[0].role'],
    ['displayName given twice', { displayName: 'a', displayname: 'b' }, 'invalidSyntax', 'more than once'],
  ])('refuses %s', (_, body, scimType, detail) => {
    const e = errorOf(scimToGroupFields(body));
    expect(e).toMatchObject({ status: 400, scimType });
    expect(e.detail).toContain(detail);
  });
});

describe('memberIds', () => {
  it('accepts any number of members', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ value: `u-${i}` }));
    expect(valueOf(memberIds(many))).toHaveLength(5000);
  });
});
