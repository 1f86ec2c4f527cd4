import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { apiOver } from '../support/stack';
import * as entra from '../unit/scim/fixtures/entra-id';
import * as okta from '../unit/scim/fixtures/okta';

let api: ReturnType<typeof apiOver>;
let org: { key: string; dir: string; token: string };

beforeAll(async () => {
  const t = await freshTable();
  api = apiOver(t.table);
  const acct = await api.openAccount('Replay Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: acct.key });
  const dir = (await api.call('POST', '/api/v1/cloudsso/directories', { key: acct.key, body: { region: 'us-west-1' } })).json.id;
  await api.call('PUT', `/api/v1/cloudsso/directories/${dir}/scim-synchronization`, { key: acct.key, body: { enabled: true } });
  const token = (await api.call('POST', `/api/v1/cloudsso/directories/${dir}/scim-credentials`, { key: acct.key })).json.secret;
  org = { key: acct.key, dir, token };
});

/** The IdP's documented request, with its sample ids replaced by the ones Atrium issued. */
const withIds = (body: unknown, ids: Record<string, string>): unknown => {
  let text = JSON.stringify(body);
  for (const [from, to] of Object.entries(ids)) text = text.split(from).join(to);
  return JSON.parse(text);
};

const scim = (method: string, path: string, body?: unknown) =>
  api.call(method, `/scim/v2${path}`, {
    key: org.token,
    ...(body !== undefined ? { body, headers: { 'content-type': 'application/scim+json' } } : {}),
  });
const q = (filter: string, extra = '') => `?filter=${encodeURIComponent(filter)}${extra}`;
const mgmtUser = async (id: string) => (await api.call('GET', `/api/v1/cloudsso/directories/${org.dir}/users/${id}`, { key: org.key })).json;

describe('Microsoft Entra ID provisioning, replayed', () => {
  it('creates, updates, disables and deletes a user; pushes a group and its members', async () => {
    const userName = entra.entraCreateUserWithEnterprise.userName;
    expect((await scim('GET', `/Users${q(`userName eq "${userName}"`)}`)).json.totalResults).toBe(0);

    const created = await scim('POST', '/Users', entra.entraCreateUserWithEnterprise);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const uid = created.json.id as string;
    expect(created.json).toMatchObject({
      userName,
      active: true,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '1701', department: 'Retail' },
    });
    expect((await scim('GET', `/Users${q(`externalId eq "${entra.entraCreateUserWithEnterprise.externalId}"`)}`)).json.Resources[0].id).toBe(uid);

    const updated = await scim('PATCH', `/Users/${uid}`, entra.entraUpdateUser);
    expect(updated.status, JSON.stringify(updated.json)).toBe(200);
    expect(updated.json.name.familyName).toBe('updatedFamilyName');
    expect(updated.json.emails.find((e: { type: string }) => e.type === 'work').value).toBe('updatedEmail@microsoft.com');
    expect((await mgmtUser(uid)).lastName).toBe('updatedFamilyName');

    const replaced = await scim('PATCH', `/Users/${uid}`, entra.entraPathlessReplace);
    expect(replaced.status, JSON.stringify(replaced.json)).toBe(200);
    expect(replaced.json).toMatchObject({ displayName: 'Adele V.', active: false, name: { givenName: 'Adèle' } });
    expect(replaced.json['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].department).toBe('Sales');
    expect((await mgmtUser(uid)).status).toBe('Disabled');

    const noManager = await scim('PATCH', `/Users/${uid}`, entra.entraRemoveManager);
    expect(noManager.json['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].manager).toBeUndefined();

    expect((await scim('GET', `/Groups${q(entra.entraFilters.groupByName, '&excludedAttributes=members')}`)).json.totalResults).toBe(0);
    const group = await scim('POST', '/Groups', entra.entraCreateGroup);
    expect(group.status, JSON.stringify(group.json)).toBe(201);
    const gid = group.json.id as string;
    const ids = { [entra.ENTRA_USER_ID]: uid, [entra.ENTRA_GROUP_ID]: gid };

    expect((await scim('PATCH', `/Groups/${gid}`, withIds(entra.entraAddMember, ids))).status).toBe(204);
    const membership = `/Groups${q(withIds(entra.entraFilters.membership, ids) as string, '&excludedAttributes=members')}`;
    expect((await scim('GET', membership)).json.totalResults).toBe(1);
    expect((await scim('PATCH', `/Groups/${gid}`, withIds(entra.entraRemoveMember, ids))).status).toBe(204);
    expect((await scim('GET', membership)).json.totalResults).toBe(0);

    expect((await scim('PATCH', `/Groups/${gid}`, entra.entraRenameGroup)).status).toBe(204);
    expect((await scim('GET', `/Groups/${gid}`)).json.displayName).toBe('Retail EMEA');

    expect((await scim('DELETE', `/Users/${uid}`)).status).toBe(204);
    expect((await scim('DELETE', `/Groups/${gid}`)).status).toBe(204);
  });

  it('accepts the basic create body Entra sends when testing a connection', async () => {
    const res = await scim('POST', '/Users', entra.entraCreateUser);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.name).toMatchObject({ givenName: 'givenName', familyName: 'familyName' });
  });
});

describe('Okta provisioning, replayed', () => {
  it('looks up, creates (password never echoed), replaces, deactivates; pushes a group, renames it and manages members', async () => {
    const lookup = `/Users?filter=${encodeURIComponent(okta.oktaListQuery.filter)}&startIndex=1&count=100`;
    expect((await scim('GET', lookup)).json).toMatchObject({ totalResults: 0, startIndex: 1 });

    const created = await scim('POST', '/Users', okta.oktaCreateUser);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(JSON.stringify(created.json)).not.toContain(okta.oktaCreateUser.password);
    const uid = created.json.id as string;
    expect((await scim('GET', lookup)).json.Resources.map((r: { id: string }) => r.id)).toEqual([uid]);

    const ids = { [okta.OKTA_USER_ID]: uid };
    const replaced = await scim('PUT', `/Users/${uid}`, withIds(okta.oktaReplaceUser, ids));
    expect(replaced.status, JSON.stringify(replaced.json)).toBe(200);
    expect(replaced.json.name).toMatchObject({ givenName: 'Another', middleName: 'Middle' });

    const deactivated = await scim('PATCH', `/Users/${uid}`, okta.oktaDeactivateUser);
    expect(deactivated.json.active).toBe(false);
    expect((await mgmtUser(uid)).status).toBe('Disabled');

    const group = await scim('POST', '/Groups', okta.oktaCreateGroup);
    expect(group.status, JSON.stringify(group.json)).toBe(201);
    const gid = group.json.id as string;
    const gids = { ...ids, [okta.OKTA_GROUP_ID]: gid };
    expect((await scim('PATCH', `/Groups/${gid}`, withIds(okta.oktaRenameGroup, gids))).status).toBe(204);
    expect((await scim('GET', `/Groups/${gid}`)).json.displayName).toBe('Test SCIMv2 renamed');
    expect((await scim('PATCH', `/Groups/${gid}`, withIds(okta.oktaAddMembers, gids))).status).toBe(204);
    expect((await scim('GET', `/Groups/${gid}`)).json.members.map((m: { value: string }) => m.value)).toEqual([uid]);
    expect((await scim('PATCH', `/Groups/${gid}`, withIds(okta.oktaRemoveMember, gids))).status).toBe(204);
    expect((await scim('GET', `/Groups/${gid}`)).json.members ?? []).toEqual([]);
    expect((await scim('DELETE', `/Groups/${gid}`)).status).toBe(204);
  });
});
