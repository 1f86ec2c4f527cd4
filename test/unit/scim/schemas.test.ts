import { describe, expect, it } from 'vitest';
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
  resourceTypes,
  schemaDefinitions,
  serviceProviderConfig,
} from '../../../domain/scim/schemas';

const BASE = 'https://atrium.example/scim/v2';

type Attr = { name: string; subAttributes?: Attr[]; [k: string]: unknown };
const find = (attrs: unknown, name: string): Attr => {
  const found = (attrs as Attr[]).find((a) => a.name === name);
  if (found === undefined) throw new Error(`no attribute ${name}`);
  return found;
};
const schema = (id: string) => {
  const s = schemaDefinitions(BASE).find((d) => d['id'] === id);
  if (s === undefined) throw new Error(`no schema ${id}`);
  return s;
};

describe('serviceProviderConfig (RFC 7643 §5)', () => {
  const config = serviceProviderConfig(BASE);

  it('states what is supported', () => {
    expect(config).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 100 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      meta: { resourceType: 'ServiceProviderConfig', location: `${BASE}/ServiceProviderConfig` },
    });
  });

  it('offers bearer tokens', () => {
    expect(config['authenticationSchemes']).toEqual([expect.objectContaining({ type: 'oauthbearertoken', primary: true })]);
  });
});

describe('resourceTypes (RFC 7643 §6)', () => {
  it('lists User with the enterprise extension, and Group', () => {
    const [user, group] = resourceTypes(BASE);
    expect(user).toMatchObject({
      id: 'User',
      endpoint: '/Users',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${BASE}/ResourceTypes/User` },
    });
    expect(group).toMatchObject({ id: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, schemaExtensions: [] });
  });
});

describe('schemaDefinitions (RFC 7643 §7)', () => {
  it('describes User, Group and EnterpriseUser, each with its location', () => {
    const all = schemaDefinitions(BASE);
    expect(all.map((s) => s['id'])).toEqual([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    for (const s of all) {
      expect(s['meta']).toEqual({ resourceType: 'Schema', location: `${BASE}/Schemas/${String(s['id'])}` });
    }
  });

  it('lists exactly the User attributes Atrium stores', () => {
    const names = (schema(USER_SCHEMA)['attributes'] as Attr[]).map((a) => a.name);
    expect(names).toEqual([
      'userName', 'name', 'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage',
      'locale', 'timezone', 'active', 'password', 'emails', 'phoneNumbers', 'addresses', 'groups',
    ]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['userName', { type: 'string', required: true, caseExact: false, uniqueness: 'server', mutability: 'readWrite' }],
    ['password', { mutability: 'writeOnly', returned: 'never' }],
    ['groups', { mutability: 'readOnly', multiValued: true }],
    ['active', { type: 'boolean' }],
    ['emails', { type: 'complex', multiValued: true }],
  ])('User.%s has %j', (name, characteristics) => {
    expect(find(schema(USER_SCHEMA)['attributes'], name)).toMatchObject(characteristics);
  });

  it('lists the name components', () => {
    const name = find(schema(USER_SCHEMA)['attributes'], 'name');
    expect(name.subAttributes?.map((a) => a.name)).toEqual([
      'formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix',
    ]);
  });

  it('describes Group members as value, $ref, display and type', () => {
    const attrs = schema(GROUP_SCHEMA)['attributes'];
    expect(find(attrs, 'displayName')).toMatchObject({ required: true, uniqueness: 'server' });
    expect(find(attrs, 'members').subAttributes?.map((a) => a.name)).toEqual(['value', '$ref', 'display', 'type']);
  });

  it('describes the enterprise extension with its manager', () => {
    const attrs = schema(ENTERPRISE_USER_SCHEMA)['attributes'] as Attr[];
    expect(attrs.map((a) => a.name)).toEqual(['employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager']);
    expect(find(attrs, 'manager').subAttributes?.map((a) => a.name)).toEqual(['value', '$ref', 'displayName']);
  });

  it('gives every attribute the RFC 7643 §7 characteristics', () => {
    const check = (a: Attr) => {
      for (const key of ['type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness']) {
        expect(a, `${a.name}.${key}`).toHaveProperty(key);
      }
      a.subAttributes?.forEach(check);
    };
    for (const s of schemaDefinitions(BASE)) (s['attributes'] as Attr[]).forEach(check);
  });
});
