import { describe, expect, it } from 'vitest';
import { applyUserPatch, normalizePatch } from '../../../domain/scim/patch';
import { ENTERPRISE_USER_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../../domain/scim/schemas';
import { scimToUserFields, userToScim, type ScimUserJson } from '../../../domain/scim/user-mapping';
import { entraDisableUser, entraPathlessReplace, entraRemoveManager, entraUpdateUser } from './fixtures/entra-id';
import { oktaDeactivateUser } from './fixtures/okta';
import { BASE, aUser, errorOf, valueOf } from './support';

const current = (): ScimUserJson =>
  userToScim(
    aUser({
      scim: {
        emails: [
          { value: 'alice@example.com', type: 'work', primary: true },
          { value: 'alice@home.example', type: 'home' },
        ],
        phoneNumbers: [{ value: 'tel:+1-555-0100', type: 'work' }],
        enterprise: { department: 'R&D', manager: { value: 'u-9', displayName: 'Bob' } },
      },
    }),
    { baseUrl: BASE, groups: [{ id: 'g-1', displayName: 'engineering' }] },
  );

const body = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations });
const apply = (patchBody: unknown, doc: ScimUserJson = current()) => applyUserPatch(doc, valueOf(normalizePatch(patchBody)));
const applied = (patchBody: unknown, doc?: ScimUserJson) => valueOf(apply(patchBody, doc));

describe('applyUserPatch: IdP dialects', () => {
  it("disables a user from Entra ID's Replace of active with \"False\"", () => {
    const doc = applied(entraDisableUser);
    expect(doc['active']).toBe(false);
    expect(valueOf(scimToUserFields(doc)).active).toBe(false);
  });

  it("disables a user from Okta's path-less replace", () => {
    expect(applied(oktaDeactivateUser)['active']).toBe(false);
  });

  it("applies Entra ID's update: work email by filter, family name, manager as a bare id", () => {
    const doc = applied(entraUpdateUser);
    expect(doc['emails']).toEqual([
      { value: 'updatedEmail@microsoft.com', type: 'work', primary: true },
      { value: 'alice@home.example', type: 'home' },
    ]);
    expect(doc['name']).toEqual({ familyName: 'updatedFamilyName', givenName: 'Alice' });
    // RFC 7644 §3.5.2.1: sub-attributes not given are left as they were.
    expect(doc[ENTERPRISE_USER_SCHEMA]).toMatchObject({ manager: { value: '2819c223-7f76-453a-919d-ab0aa3a1efd3', displayName: 'Bob' } });
    const fields = valueOf(scimToUserFields(doc));
    expect(fields).toMatchObject({ email: 'updatedEmail@microsoft.com', lastName: 'updatedFamilyName' });
  });

  it("applies Entra ID's path-less replace with dotted and URN keys", () => {
    const doc = applied(entraPathlessReplace);
    expect(doc).toMatchObject({ displayName: 'Adele V.', name: { givenName: 'Adèle', familyName: 'Liddell' }, active: false });
    expect(doc[ENTERPRISE_USER_SCHEMA]).toMatchObject({ department: 'Sales' });
  });

  it("removes the manager, and the extension with it when it is left empty", () => {
    const onlyManager = applied(body({ op: 'remove', path: `${ENTERPRISE_USER_SCHEMA}:department` }));
    expect(onlyManager['schemas']).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    const doc = applied(entraRemoveManager, onlyManager);
    expect(doc).not.toHaveProperty(ENTERPRISE_USER_SCHEMA);
    expect(doc['schemas']).toEqual([USER_SCHEMA]);
  });

  it('adds the extension to schemas when it first gets a value', () => {
    const plain = userToScim(aUser(), { baseUrl: BASE });
    const doc = applied(body({ op: 'add', path: `${ENTERPRISE_USER_SCHEMA}:costCenter`, value: 'CC-7' }), plain);
    expect(doc['schemas']).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(doc[ENTERPRISE_USER_SCHEMA]).toEqual({ costCenter: 'CC-7' });
  });

  it('takes a password for the caller, without it reaching the profile', () => {
    const doc = applied(body({ op: 'replace', value: { password: 's3cret!' } }));
    const fields = valueOf(scimToUserFields(doc));
    expect(fields.password).toBe('s3cret!');
    expect(JSON.stringify(fields.scim)).not.toContain('s3cret!');
  });
});

describe('applyUserPatch: RFC 7644 §3.5.2 semantics', () => {
  it.each<[string, unknown, (doc: ScimUserJson) => void]>([
    ['replaces a simple attribute', { op: 'replace', path: 'userName', value: 'alice2' }, (d) => expect(d['userName']).toBe('alice2')],
    ['adds a simple attribute', { op: 'add', path: 'title', value: 'CTO' }, (d) => expect(d['title']).toBe('CTO')],
    ['replaces with null to unassign', { op: 'replace', path: 'displayName', value: null }, (d) => expect(d).not.toHaveProperty('displayName')],
    ['removes an attribute', { op: 'remove', path: 'displayName' }, (d) => expect(d).not.toHaveProperty('displayName')],
    ['removes a sub-attribute', { op: 'remove', path: 'name.givenName' }, (d) => expect(d['name']).toEqual({ familyName: 'Liddell' })],
    ['merges a complex value', { op: 'replace', path: 'name', value: { givenName: 'Al' } }, (d) => expect(d['name']).toEqual({ familyName: 'Liddell', givenName: 'Al' })],
    [
      'resolves names in any case to their canonical spelling',
      { op: 'replace', path: 'NAME.GIVENNAME', value: 'Al' },
      (d) => expect(d['name']).toEqual({ familyName: 'Liddell', givenName: 'Al' }),
    ],
    [
      'canonicalises sub-attribute names inside values',
      { op: 'add', path: 'Emails', value: [{ Value: 'a@new.example', TYPE: 'other' }] },
      (d) => expect((d['emails'] as unknown[])[2]).toEqual({ value: 'a@new.example', type: 'other' }),
    ],
    [
      'replaces all values of a multi-valued attribute, wrapping a single one',
      { op: 'replace', path: 'emails', value: { value: 'only@example.com', type: 'work' } },
      (d) => expect(d['emails']).toEqual([{ value: 'only@example.com', type: 'work' }]),
    ],
    [
      'adds values without repeating one that is there',
      { op: 'add', path: 'emails', value: [{ value: 'alice@home.example', type: 'home' }, { value: 'new@x', type: 'other' }] },
      (d) => expect(d['emails']).toHaveLength(3),
    ],
    [
      'demotes the old primary when a new primary value is added',
      { op: 'add', path: 'emails', value: [{ value: 'new@x', type: 'work', primary: 'True' }] },
      (d) => expect((d['emails'] as { primary?: boolean }[]).map((e) => e.primary)).toEqual([false, undefined, true]),
    ],
    [
      'demotes the old primary when a filtered value is made primary',
      { op: 'replace', path: 'emails[value eq "alice@home.example"].primary', value: true },
      (d) => expect((d['emails'] as { primary?: boolean }[]).map((e) => e.primary)).toEqual([false, true]),
    ],
    [
      'creates the value a filter of equalities describes when none matches',
      { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' },
      (d) => expect(d['phoneNumbers']).toEqual([{ value: 'tel:+1-555-0100', type: 'work' }, { type: 'mobile', value: '+1 555 0199' }]),
    ],
    [
      'creates it on replace too, as Entra ID expects',
      { op: 'replace', path: 'addresses[type eq "work"].locality', value: 'Oxford' },
      (d) => expect(d['addresses']).toEqual([{ type: 'work', locality: 'Oxford' }]),
    ],
    [
      'selects by a value holding a colon',
      { op: 'replace', path: 'phoneNumbers[value eq "tel:+1-555-0100"].type', value: 'mobile' },
      (d) => expect(d['phoneNumbers']).toEqual([{ value: 'tel:+1-555-0100', type: 'mobile' }]),
    ],
    [
      'compares filter values without regard to case',
      { op: 'replace', path: 'emails[type eq "WORK"].display', value: 'Work mail' },
      (d) => expect((d['emails'] as unknown[])[0]).toMatchObject({ value: 'alice@example.com', display: 'Work mail' }),
    ],
    [
      'replaces the matching values whole when no sub-attribute is given',
      { op: 'replace', path: 'emails[type eq "home"]', value: { value: 'alice@new-home.example', type: 'home' } },
      (d) => expect((d['emails'] as unknown[])[1]).toEqual({ value: 'alice@new-home.example', type: 'home' }),
    ],
    [
      'merges into the matching values on add',
      { op: 'add', path: 'emails[type eq "home"]', value: { display: 'Home' } },
      (d) => expect((d['emails'] as unknown[])[1]).toEqual({ value: 'alice@home.example', type: 'home', display: 'Home' }),
    ],
    [
      'removes the matching values',
      { op: 'remove', path: 'emails[type eq "home"]' },
      (d) => expect(d['emails']).toEqual([{ value: 'alice@example.com', type: 'work', primary: true }]),
    ],
    ['leaves the attribute unassigned when no value remains', { op: 'remove', path: 'phoneNumbers[type eq "work"]' }, (d) => expect(d).not.toHaveProperty('phoneNumbers')],
    ['removes nothing when nothing matches', { op: 'remove', path: 'emails[type eq "other"]' }, (d) => expect(d['emails']).toHaveLength(2)],
    [
      'removes a sub-attribute of the matching values',
      { op: 'remove', path: 'emails[type eq "work"].primary' },
      (d) => expect((d['emails'] as unknown[])[0]).toEqual({ value: 'alice@example.com', type: 'work' }),
    ],
    [
      'removes values given by value',
      { op: 'remove', path: 'emails', value: [{ value: 'ALICE@home.example' }] },
      (d) => expect(d['emails']).toEqual([{ value: 'alice@example.com', type: 'work', primary: true }]),
    ],
    ['removes all values', { op: 'remove', path: 'emails' }, (d) => expect(d).not.toHaveProperty('emails')],
    [
      'sets a sub-attribute on every value when no filter is given',
      { op: 'replace', path: 'emails.display', value: 'mail' },
      (d) => expect((d['emails'] as { display?: string }[]).map((e) => e.display)).toEqual(['mail', 'mail']),
    ],
    [
      'replaces the enterprise extension as a complex attribute',
      { op: 'replace', path: ENTERPRISE_USER_SCHEMA, value: { division: 'Labs' } },
      (d) => expect(d[ENTERPRISE_USER_SCHEMA]).toMatchObject({ department: 'R&D', division: 'Labs' }),
    ],
    ['removes the enterprise extension', { op: 'remove', path: ENTERPRISE_USER_SCHEMA }, (d) => expect(d).not.toHaveProperty(ENTERPRISE_USER_SCHEMA)],
    ['unassigns the manager with null', { op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: null }, (d) => expect(d[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'R&D' })],
    ['accepts the id when it is unchanged', { op: 'replace', value: { id: 'u-1', title: 'CTO' } }, (d) => expect(d).toMatchObject({ id: 'u-1', title: 'CTO' })],
  ])('%s', (_, op, check) => {
    check(applied(body(op)));
  });

  it('applies operations in order', () => {
    const doc = applied(body({ op: 'add', path: 'title', value: 'CTO' }, { op: 'remove', path: 'title' }, { op: 'add', path: 'nickName', value: 'Al' }));
    expect(doc).not.toHaveProperty('title');
    expect(doc['nickName']).toBe('Al');
  });

  it('leaves the current document unchanged', () => {
    const doc = current();
    const before = JSON.stringify(doc);
    applied(body({ op: 'remove', path: 'emails' }, { op: 'replace', path: 'name.givenName', value: 'X' }), doc);
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe('applyUserPatch: refusals', () => {
  it.each<[string, unknown, string, string]>([
    ['a remove without a path', { op: 'remove' }, 'noTarget', 'needs a path'],
    ['a change of id', { op: 'replace', path: 'id', value: 'u-2' }, 'mutability', 'id cannot be modified'],
    ['removing the id', { op: 'remove', path: 'id' }, 'mutability', 'id cannot be modified'],
    ['a change of meta', { op: 'replace', path: 'meta.lastModified', value: '2027-01-01T00:00:00Z' }, 'mutability', 'read-only'],
    ['a change of groups', { op: 'add', path: 'groups', value: [{ value: 'g-2' }] }, 'mutability', 'groups is read-only'],
    ['a change of schemas', { op: 'replace', path: 'schemas', value: [] }, 'mutability', 'schemas'],
    ['a change of the manager $ref', { op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:manager.$ref`, value: 'x' }, 'mutability', 'read-only'],
    ['removing userName', { op: 'remove', path: 'userName' }, 'invalidValue', 'userName is required'],
    ['unassigning userName', { op: 'replace', path: 'userName', value: null }, 'invalidValue', 'userName is required'],
    ['an unknown attribute', { op: 'add', path: 'roles', value: [{ value: 'admin' }] }, 'invalidPath', 'not an attribute of User'],
    ['an unknown sub-attribute', { op: 'add', path: 'name.nick', value: 'x' }, 'invalidPath', 'not an attribute of User'],
    ['an unknown extension', { op: 'add', value: { 'urn:example:ext:1.0:User': { a: 1 } } }, 'invalidPath', 'not a schema of User'],
    ['a Group attribute', { op: 'add', path: 'members', value: [] }, 'invalidPath', 'not an attribute of User'],
    ['a filter on a single-valued attribute', { op: 'replace', path: 'name[givenName eq "x"].familyName', value: 'y' }, 'invalidPath', 'takes no [filter]'],
    ['a filter naming an unknown sub-attribute', { op: 'remove', path: 'emails[kind eq "x"]' }, 'invalidPath', 'not a sub-attribute'],
    ['a replace whose filter matches nothing and describes nothing', { op: 'replace', path: 'emails[value co "zzz"].type', value: 'work' }, 'noTarget', 'matches'],
    ['a boolean that is not one', { op: 'replace', path: 'active', value: 'yes' }, 'invalidValue', 'active must be a boolean'],
    ['a string attribute given a number', { op: 'replace', path: 'title', value: 7 }, 'invalidValue', 'title must be a string'],
    ['an unknown sub-attribute in a value', { op: 'add', path: 'emails', value: [{ value: 'a@x', label: 'x' }] }, 'invalidSyntax', 'emails[0].label'],
    ['a complex value that is not an object', { op: 'replace', path: 'name', value: 'Alice' }, 'invalidValue', 'name must be an object'],
    ['an unknown sub-attribute in a complex value', { op: 'add', path: 'name', value: { nick: 'Al' } }, 'invalidSyntax', 'name.nick'],
    ['a prototype key in a complex value', { op: 'add', path: 'name', value: JSON.parse('{"__proto__":{"polluted":true}}') }, 'invalidSyntax', 'name.__proto__'],
    ['making every value primary', { op: 'replace', path: 'emails.primary', value: true }, 'invalidValue', 'every value primary'],
  ])('%s', (_, op, scimType, detail) => {
    const e = errorOf(apply(body(op)));
    expect(e).toMatchObject({ status: 400, scimType });
    expect(e.detail).toContain(detail);
  });
});
