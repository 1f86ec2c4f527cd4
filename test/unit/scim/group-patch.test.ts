import { describe, expect, it } from 'vitest';
import { normalizePatch, planGroupPatch, type GroupPatchPlan } from '../../../domain/scim/patch';
import { PATCH_OP_SCHEMA } from '../../../domain/scim/schemas';
import { ENTRA_USER_ID, entraAddMember, entraRemoveMember, entraRenameGroup } from './fixtures/entra-id';
import { OKTA_GROUP_ID, OKTA_USER_ID, oktaAddMembers, oktaRemoveMember, oktaRenameGroup } from './fixtures/okta';
import { errorOf, valueOf } from './support';

const GROUP_ID = 'g-1';
const body = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations });
const plan = (patchBody: unknown, currentId = GROUP_ID) => planGroupPatch(valueOf(normalizePatch(patchBody)), currentId);
const planned = (patchBody: unknown, currentId?: string) => valueOf(plan(patchBody, currentId));
const nothing: GroupPatchPlan = { addMembers: [], removeMembers: [], removeAllMembers: false };

describe('planGroupPatch: IdP dialects', () => {
  it.each<[string, unknown, string, GroupPatchPlan]>([
    ['Entra ID adds a member', entraAddMember, GROUP_ID, { ...nothing, addMembers: [ENTRA_USER_ID] }],
    ['Entra ID removes a member by value array', entraRemoveMember, GROUP_ID, { ...nothing, removeMembers: [ENTRA_USER_ID] }],
    ['Entra ID renames', entraRenameGroup, GROUP_ID, { ...nothing, displayName: 'Retail EMEA' }],
    ['Okta renames, sending the group id', oktaRenameGroup, OKTA_GROUP_ID, { ...nothing, displayName: 'Test SCIMv2 renamed' }],
    ['Okta adds a member with display', oktaAddMembers, GROUP_ID, { ...nothing, addMembers: [OKTA_USER_ID] }],
    ['Okta removes a member by filter', oktaRemoveMember, GROUP_ID, { ...nothing, removeMembers: [OKTA_USER_ID] }],
  ])('%s', (_, patchBody, currentId, expected) => {
    expect(planned(patchBody, currentId)).toEqual(expected);
  });
});

describe('planGroupPatch: RFC 7644 §3.5.2 semantics', () => {
  it.each<[string, unknown[], GroupPatchPlan]>([
    ['replace displayName by path', [{ op: 'replace', path: 'displayName', value: ' eng ' }], { ...nothing, displayName: 'eng' }],
    ['add displayName', [{ op: 'add', path: 'DISPLAYNAME', value: 'eng' }], { ...nothing, displayName: 'eng' }],
    ['path-less replace of displayName', [{ op: 'replace', value: { displayName: 'eng' } }], { ...nothing, displayName: 'eng' }],
    ['URN-qualified displayName', [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName', value: 'eng' }], { ...nothing, displayName: 'eng' }],
    ['replace externalId', [{ op: 'replace', path: 'externalId', value: 'x-1' }], { ...nothing, externalId: 'x-1' }],
    ['remove externalId', [{ op: 'remove', path: 'externalId' }], { ...nothing, externalId: null }],
    ['externalId set to null', [{ op: 'replace', path: 'externalId', value: null }], { ...nothing, externalId: null }],
    ['remove all members', [{ op: 'remove', path: 'members' }], { ...nothing, removeAllMembers: true }],
    ['replace all members', [{ op: 'replace', path: 'members', value: [{ value: 'u-1' }, { value: 'u-2' }, { value: 'u-1' }] }], { ...nothing, replaceMembers: ['u-1', 'u-2'] }],
    ['replace members with none', [{ op: 'replace', path: 'members', value: [] }], { ...nothing, replaceMembers: [] }],
    ['path-less add of members', [{ op: 'add', value: { members: [{ value: 'u-1' }] } }], { ...nothing, addMembers: ['u-1'] }],
    ['a single member object', [{ op: 'add', path: 'members', value: { value: 'u-1' } }], { ...nothing, addMembers: ['u-1'] }],
    ['members removed by an or filter', [{ op: 'remove', path: 'members[value eq "u-1" or value eq "u-2"]' }], { ...nothing, removeMembers: ['u-1', 'u-2'] }],
    ['a later remove cancels an add', [{ op: 'add', path: 'members', value: [{ value: 'u-1' }, { value: 'u-2' }] }, { op: 'remove', path: 'members[value eq "u-1"]' }], { ...nothing, addMembers: ['u-2'], removeMembers: ['u-1'] }],
    ['a later add cancels a remove', [{ op: 'remove', path: 'members[value eq "u-1"]' }, { op: 'add', path: 'members', value: [{ value: 'u-1' }] }], { ...nothing, addMembers: ['u-1'] }],
    ['remove all, then add', [{ op: 'add', path: 'members', value: [{ value: 'u-9' }] }, { op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [{ value: 'u-1' }] }], { ...nothing, removeAllMembers: true, addMembers: ['u-1'] }],
    ['remove all, then remove one', [{ op: 'remove', path: 'members' }, { op: 'remove', path: 'members[value eq "u-1"]' }], { ...nothing, removeAllMembers: true }],
    ['replace, then add and remove', [{ op: 'replace', path: 'members', value: [{ value: 'u-1' }, { value: 'u-2' }] }, { op: 'add', path: 'members', value: [{ value: 'u-3' }] }, { op: 'remove', path: 'members[value eq "u-1"]' }], { ...nothing, replaceMembers: ['u-2', 'u-3'] }],
    ['an unknown extension object, ignored', [{ op: 'replace', value: { 'urn:example:ext:1.0:Group': { a: 1 }, displayName: 'eng' } }], { ...nothing, displayName: 'eng' }],
    ['the id when unchanged', [{ op: 'replace', path: 'id', value: GROUP_ID }], nothing],
  ])('%s', (_, ops, expected) => {
    expect(planned(body(...ops))).toEqual(expected);
  });

  it('takes any number of members in one request', () => {
    const value = Array.from({ length: 20_000 }, (_, i) => ({ value: `u-${i}` }));
    expect(planned(body({ op: 'add', path: 'members', value })).addMembers).toHaveLength(20_000);
  });
});

describe('planGroupPatch: refusals', () => {
  it.each<[string, unknown, string, string]>([
    ['a remove without a path', { op: 'remove' }, 'noTarget', 'needs a path'],
    ["a change of the group's id", { op: 'replace', value: { id: 'g-other', displayName: 'x' } }, 'mutability', 'id cannot be modified'],
    ['a change of meta', { op: 'replace', path: 'meta.version', value: 'W/"9"' }, 'mutability', 'read-only'],
    ['removing displayName', { op: 'remove', path: 'displayName' }, 'invalidValue', 'displayName is required'],
    ['a blank displayName', { op: 'replace', path: 'displayName', value: '  ' }, 'invalidValue', 'displayName is required'],
    ['a displayName that is not a string', { op: 'replace', path: 'displayName', value: 7 }, 'invalidValue', 'displayName is required'],
    ['an externalId that is not a string', { op: 'replace', path: 'externalId', value: 7 }, 'invalidValue', 'externalId must be a string'],
    ['an unknown attribute', { op: 'replace', path: 'description', value: 'x' }, 'invalidPath', 'not an attribute of Group'],
    ['a User attribute', { op: 'replace', path: 'userName', value: 'x' }, 'invalidPath', 'not an attribute of Group'],
    ['a member sub-attribute', { op: 'replace', path: 'members.display', value: 'x' }, 'invalidPath', 'members.display cannot be patched'],
    ['adding by filter', { op: 'add', path: 'members[value eq "u-1"]', value: { value: 'u-1' } }, 'invalidPath', 'supports only remove'],
    ['removing by another filter', { op: 'remove', path: 'members[display eq "Alice"]' }, 'invalidPath', 'value eq'],
    ['a member without a value', { op: 'add', path: 'members', value: [{ display: 'Alice' }] }, 'invalidValue', 'members[0].value'],
    ['a nested group', { op: 'add', path: 'members', value: [{ value: 'g-2', type: 'Group' }] }, 'invalidValue', 'only users'],
    ['members given as a string', { op: 'add', path: 'members', value: 'u-1' }, 'invalidValue', 'members must be an array'],
    ['the enterprise extension', { op: 'add', value: { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'x' } } }, 'invalidPath', 'not an attribute of Group'],
  ])('%s', (_, op, scimType, detail) => {
    const e = errorOf(plan(body(op)));
    expect(e).toMatchObject({ status: 400, scimType });
    expect(e.detail).toContain(detail);
  });
});
