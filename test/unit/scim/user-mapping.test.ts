import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../../../domain/scim/schemas';
import { scimToUserFields, userToScim } from '../../../domain/scim/user-mapping';
import { entraCreateUser, entraCreateUserWithEnterprise } from './fixtures/entra-id';
import { oktaCreateUser, oktaReplaceUser } from './fixtures/okta';
import { BASE, aUser, errorOf, valueOf } from './support';

describe('userToScim', () => {
  it('represents a plain user', () => {
    expect(userToScim(aUser(), { baseUrl: BASE })).toEqual({
      schemas: [USER_SCHEMA],
      id: 'u-1',
      externalId: 'ext-alice',
      userName: 'alice@example.com',
      name: { familyName: 'Liddell', givenName: 'Alice' },
      displayName: 'Alice Liddell',
      active: true,
      emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
      meta: {
        resourceType: 'User',
        created: '2026-11-23T10:00:00.000Z',
        lastModified: '2026-11-24T10:00:00.000Z',
        location: `${BASE}/Users/u-1`,
        version: 'W/"3"',
      },
    });
  });

  it('shows a disabled user as inactive', () => {
    expect(userToScim(aUser({ status: 'Disabled' }), { baseUrl: BASE })['active']).toBe(false);
  });

  it('leaves out what the user does not have', () => {
    const { email: _e, firstName: _f, lastName: _l, displayName: _d, externalId: _x, ...bare } = aUser();
    const json = userToScim(bare, { baseUrl: BASE });
    for (const key of ['emails', 'name', 'displayName', 'externalId', 'groups', ENTERPRISE_USER_SCHEMA]) {
      expect(json, key).not.toHaveProperty(key);
    }
  });

  it('reads back the stored SCIM profile and the enterprise extension', () => {
    const json = userToScim(
      aUser({
        scim: {
          name: { formatted: 'Ms. Alice P. Liddell', middleName: 'P.', honorificPrefix: 'Ms.' },
          title: 'Engineer',
          timezone: 'Europe/London',
          emails: [
            { value: 'alice@home.example', type: 'home' },
            { value: 'alice@example.com', type: 'work', primary: true },
          ],
          phoneNumbers: [{ value: '+44 20 7946 0000', type: 'work' }],
          addresses: [{ locality: 'Oxford', country: 'GB', type: 'work' }],
          enterprise: { department: 'R&D', manager: { value: 'u-9', displayName: 'Bob' } },
        },
      }),
      { baseUrl: BASE },
    );
    expect(json['schemas']).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(json['name']).toEqual({
      formatted: 'Ms. Alice P. Liddell',
      familyName: 'Liddell',
      givenName: 'Alice',
      middleName: 'P.',
      honorificPrefix: 'Ms.',
    });
    expect(json['emails']).toEqual([
      { value: 'alice@home.example', type: 'home' },
      { value: 'alice@example.com', type: 'work', primary: true },
    ]);
    expect(json['phoneNumbers']).toEqual([{ value: '+44 20 7946 0000', type: 'work' }]);
    expect(json['addresses']).toEqual([{ locality: 'Oxford', country: 'GB', type: 'work' }]);
    expect(json).toMatchObject({ title: 'Engineer', timezone: 'Europe/London' });
    expect(json[ENTERPRISE_USER_SCHEMA]).toEqual({
      department: 'R&D',
      manager: { value: 'u-9', $ref: `${BASE}/Users/u-9`, displayName: 'Bob' },
    });
  });

  it('lists the groups when given', () => {
    const json = userToScim(aUser(), { baseUrl: BASE, groups: [{ id: 'g-1', displayName: 'engineering' }] });
    expect(json['groups']).toEqual([{ value: 'g-1', $ref: `${BASE}/Groups/g-1`, display: 'engineering', type: 'direct' }]);
  });

  it('never carries a password', () => {
    expect(JSON.stringify(userToScim(aUser(), { baseUrl: BASE })).toLowerCase()).not.toContain('password');
  });
});

describe('scimToUserFields', () => {
  it('reads an Okta create body, password apart', () => {
    const fields = valueOf(scimToUserFields(oktaCreateUser));
    expect(fields).toEqual({
      userName: 'test.user@okta.local',
      displayName: 'Test User',
      firstName: 'Test',
      lastName: 'User',
      email: 'test.user@okta.local',
      active: true,
      externalId: '00ujl29u0le5T6Aj10h7',
      password: '1mz050nq',
      scim: { locale: 'en-US', emails: [{ value: 'test.user@okta.local', type: 'work', primary: true }] },
    });
    expect(JSON.stringify(fields.scim)).not.toContain('1mz050nq');
  });

  it('reads an Okta PUT body, ignoring id, meta and groups', () => {
    const fields = valueOf(scimToUserFields(oktaReplaceUser));
    expect(fields).toMatchObject({ userName: 'test.user@okta.local', firstName: 'Another', displayName: 'Another User' });
    expect(fields.scim.name).toEqual({ middleName: 'Middle' });
  });

  it('reads an Entra ID create body, tolerating its empty roles', () => {
    const fields = valueOf(scimToUserFields(entraCreateUser));
    expect(fields).toMatchObject({
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      firstName: 'givenName',
      lastName: 'familyName',
      email: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com',
      active: true,
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    });
    expect(fields.scim.name).toEqual({ formatted: 'givenName familyName' });
  });

  it('reads Entra ID enterprise attributes, a string boolean and the work email', () => {
    const fields = valueOf(scimToUserFields(entraCreateUserWithEnterprise));
    expect(fields.active).toBe(true);
    expect(fields.email).toBe('Adele.Vance@contoso.com');
    expect(fields.scim).toMatchObject({
      title: 'Retail Manager',
      preferredLanguage: 'en-US',
      addresses: [{ type: 'work', streetAddress: '18 Wall Street', locality: 'Seattle', region: 'WA', postalCode: '98101', country: 'US', primary: true }],
      phoneNumbers: [{ type: 'work', value: '+1 425 555 0109' }, { type: 'mobile', value: '+1 425 555 0110' }],
      enterprise: { employeeNumber: '1701', department: 'Retail', manager: { value: '2819c223-7f76-453a-919d-ab0aa3a1efd3' } },
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['attribute names in any case', { UserName: 'a', DISPLAYNAME: 'A', Name: { GivenName: 'G' } }, { userName: 'a', displayName: 'A', firstName: 'G' }],
    ['a trimmed userName', { userName: '  a@x  ' }, { userName: 'a@x' }],
    ['active by default', { userName: 'a' }, { active: true }],
    ['active "false"', { userName: 'a', active: 'false' }, { active: false }],
    ['active "False"', { userName: 'a', active: 'False' }, { active: false }],
    ['the primary email first', { userName: 'a', emails: [{ value: 'w@x', type: 'work' }, { value: 'p@x', primary: true }] }, { email: 'p@x' }],
    ['else the work email', { userName: 'a', emails: [{ value: 'h@x', type: 'home' }, { value: 'w@x', type: 'Work' }] }, { email: 'w@x' }],
    ['else the first email', { userName: 'a', emails: [{ value: 'h@x', type: 'home' }, { value: 'o@x', type: 'other' }] }, { email: 'h@x' }],
    ['a URN-qualified core attribute', { [`${USER_SCHEMA}:userName`]: 'a' }, { userName: 'a' }],
    ['null as unassigned', { userName: 'a', displayName: null, emails: null }, { userName: 'a' }],
    ['a bare manager id', { userName: 'a', [ENTERPRISE_USER_SCHEMA]: { manager: 'u-9' } }, { scim: { enterprise: { manager: { value: 'u-9' } } } }],
    ['an enterprise attribute in URN notation', { userName: 'a', [`${ENTERPRISE_USER_SCHEMA}:department`]: 'Ops' }, { scim: { enterprise: { department: 'Ops' } } }],
  ])('accepts %s', (_, body, expected) => {
    expect(valueOf(scimToUserFields(body))).toMatchObject(expected);
  });

  it('drops read-only sub-attributes such as the manager $ref', () => {
    const fields = valueOf(scimToUserFields({ userName: 'a', [ENTERPRISE_USER_SCHEMA]: { manager: { value: 'u-9', $ref: 'x' } } }));
    expect(fields.scim.enterprise).toEqual({ manager: { value: 'u-9' } });
  });

  it.each<[string, unknown, string, string]>([
    ['a body that is not an object', [], 'invalidSyntax', 'JSON object'],
    ['a missing userName', { displayName: 'x' }, 'invalidValue', 'userName is required'],
    ['a blank userName', { userName: '   ' }, 'invalidValue', 'userName is required'],
    ['a userName that is not a string', { userName: 42 }, 'invalidValue', 'userName must be a string'],
    ['unknown attributes, named', { userName: 'a', roles: [{ value: 'admin' }], shoeSize: 42 }, 'invalidSyntax', 'roles, shoeSize'],
    ['an unknown sub-attribute', { userName: 'a', name: { nickname: 'x' } }, 'invalidSyntax', 'name.nickname'],
    ['an undeclared extension', { userName: 'a', 'urn:example:ext:1.0:User': { x: 1 } }, 'invalidSyntax', 'urn:example:ext:1.0:User'],
    ['an unknown enterprise attribute', { userName: 'a', [ENTERPRISE_USER_SCHEMA]: { badge: 'x' } }, 'invalidSyntax', `${ENTERPRISE_USER_SCHEMA}:badge`],
    ['an enterprise extension that is not an object', { userName: 'a', [ENTERPRISE_USER_SCHEMA]: 'x' }, 'invalidValue', 'must be an object'],
    ['a dotted key', { userName: 'a', 'name.givenName': 'x' }, 'invalidSyntax', 'name.givenName'],
    ['active that is not a boolean', { userName: 'a', active: 'yes' }, 'invalidValue', 'active must be a boolean'],
    ['emails that are not an array', { userName: 'a', emails: { value: 'x' } }, 'invalidValue', 'emails must be an array'],
    ['two primary emails', { userName: 'a', emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: 'True' }] }, 'invalidValue', 'more than one primary'],
    ['an attribute given twice', { userName: 'a', USERNAME: 'b' }, 'invalidSyntax', 'more than once'],
    ['schemas that are not strings', { userName: 'a', schemas: [1] }, 'invalidSyntax', 'schemas'],
  ])('refuses %s', (_, body, scimType, detail) => {
    const e = errorOf(scimToUserFields(body));
    expect(e).toMatchObject({ status: 400, scimType });
    expect(e.detail).toContain(detail);
  });

  it('round-trips a representation', () => {
    const user = aUser({
      scim: {
        nickName: 'Al',
        emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
        enterprise: { costCenter: 'CC-1', manager: { value: 'u-9' } },
      },
    });
    const fields = valueOf(scimToUserFields(userToScim(user, { baseUrl: BASE, groups: [{ id: 'g-1', displayName: 'eng' }] })));
    expect(fields).toEqual({
      userName: user.userName,
      displayName: user.displayName,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      active: true,
      externalId: user.externalId,
      scim: user.scim,
    });
  });
});
