import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { apiOver } from '../support/stack';

let api: ReturnType<typeof apiOver>;
let countItems: () => Promise<number>;
let root: { accountId: string; key: string };
let dir: string;
let base: string;

/** An organisation with a resource directory and a CloudSSO directory. */
const organisation = async (name: string) => {
  const acct = await api.openAccount(name);
  expect((await api.call('POST', '/api/v1/resource-directory', { key: acct.key })).status).toBe(201);
  const d = await api.call('POST', '/api/v1/cloudsso/directories', { key: acct.key, body: { region: 'cn-shanghai' } });
  expect(d.status).toBe(201);
  return { ...acct, dir: d.json.id as string };
};

beforeAll(async () => {
  const t = await freshTable();
  api = apiOver(t.table);
  countItems = t.countItems;
  const org = await organisation('Sso Corp');
  root = org;
  dir = org.dir;
  base = `/api/v1/cloudsso/directories/${dir}`;
});

const createUser = async (userName: string, extra: Record<string, unknown> = {}) => {
  const res = await api.call('POST', `${base}/users`, { key: root.key, body: { userName, ...extra } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { id: string; userName: string };
};

describe('the directory', () => {
  it('is created with a generated name and a SCIM endpoint; one per management account', async () => {
    const got = await api.call('GET', base, { key: root.key });
    expect(got.json).toMatchObject({ id: dir, region: 'cn-shanghai', scimSynchronization: 'Disabled', quotas: { users: 1000, groups: 500 } });
    expect(got.json.name).toMatch(/^sso-/);
    expect(got.json.scimBaseUrl).toMatch(/\/scim\/v2$/);
    const second = await api.call('POST', '/api/v1/cloudsso/directories', { key: root.key, body: { region: 'us-west-1' } });
    expect(second).toMatchObject({ status: 409, json: { code: 'EntityAlreadyExists.Directory' } });
    expect((await api.call('GET', '/api/v1/cloudsso/service', { key: root.key })).json).toEqual({ status: 'Enabled', directoryId: dir, prerequisitesMet: true });
  });

  it('needs a resource directory first', async () => {
    const lone = await api.openAccount('No Rd');
    const res = await api.call('POST', '/api/v1/cloudsso/directories', { key: lone.key, body: { region: 'cn-shanghai' } });
    expect(res).toMatchObject({ status: 404, json: { code: 'EntityNotExists.ResourceDirectory' } });
  });

  it.each([
    ['d-prefixed', 'd-abc'],
    ['upper case', 'Acme'],
    ['double hyphen', 'a--b'],
    ['trailing hyphen', 'abc-'],
    ['one character', 'a'],
  ])('refuses a %s name, writing nothing', async (_what, name) => {
    const before = await countItems();
    const res = await api.call('PATCH', base, { key: root.key, body: { name } });
    expect(res.status).toBe(400);
    expect(await countItems()).toBe(before);
  });

  it('names are globally unique; a rename frees the old name', async () => {
    expect((await api.call('PATCH', base, { key: root.key, body: { name: 'acme-sso' } })).json.name).toBe('acme-sso');
    const other = await organisation('Other Sso');
    const clash = await api.call('PATCH', `/api/v1/cloudsso/directories/${other.dir}`, { key: other.key, body: { name: 'acme-sso' } });
    expect(clash).toMatchObject({ status: 409, json: { code: 'EntityAlreadyExists.DirectoryName' } });
    await api.call('PATCH', base, { key: root.key, body: { name: 'acme-sso-2' } });
    expect((await api.call('PATCH', `/api/v1/cloudsso/directories/${other.dir}`, { key: other.key, body: { name: 'acme-sso' } })).status).toBe(200);
  });

  it('is deleted only when empty, naming what remains', async () => {
    const org = await organisation('Deletable');
    const b = `/api/v1/cloudsso/directories/${org.dir}`;
    await api.call('POST', `${b}/users`, { key: org.key, body: { userName: 'left.behind' } });
    await api.call('POST', `${b}/scim-credentials`, { key: org.key });
    const refused = await api.call('DELETE', b, { key: org.key });
    expect(refused).toMatchObject({ status: 409, json: { code: 'DeletionConflict.Directory' } });
    expect(refused.json.message).toContain('1 users');
    expect(refused.json.message).toContain('1 SCIM credentials');
  });

  it('reports statistics', async () => {
    const stats = await api.call('GET', `${base}/statistics`, { key: root.key });
    expect(stats.json).toMatchObject({ directoryId: dir, users: { quota: 1000 }, scimSynchronization: 'Disabled' });
  });
});

describe('users', () => {
  it('are created, read, listed by prefix and exact name, updated, disabled and deleted', async () => {
    const alice = await createUser('alice@example.com', { displayName: 'Alice', email: 'alice@example.com', firstName: 'Alice', lastName: 'A' });
    await createUser('alfred@example.com');
    await createUser('bob@example.com');
    const got = await api.call('GET', `${base}/users/${alice.id}`, { key: root.key });
    expect(got.json).toMatchObject({ userName: 'alice@example.com', status: 'Enabled', provisionType: 'Manual', email: 'alice@example.com' });
    const prefix = await api.call('GET', `${base}/users?userNamePrefix=AL`, { key: root.key });
    expect(prefix.json.users.map((u: { userName: string }) => u.userName)).toEqual(['alfred@example.com', 'alice@example.com']);
    const exact = await api.call('GET', `${base}/users?userName=ALICE@example.com`, { key: root.key });
    expect(exact.json.users.map((u: { id: string }) => u.id)).toEqual([alice.id]);
    const updated = await api.call('PATCH', `${base}/users/${alice.id}`, { key: root.key, body: { displayName: 'Alice Liddell' } });
    expect(updated.json).toMatchObject({ displayName: 'Alice Liddell', email: 'alice@example.com' });
    const disabled = await api.call('PUT', `${base}/users/${alice.id}/status`, { key: root.key, body: { status: 'Disabled' } });
    expect(disabled.json.status).toBe('Disabled');
    const onlyDisabled = await api.call('GET', `${base}/users?status=Disabled`, { key: root.key });
    expect(onlyDisabled.json.users.map((u: { id: string }) => u.id)).toEqual([alice.id]);
    expect((await api.call('DELETE', `${base}/users/${alice.id}`, { key: root.key })).status).toBe(204);
    expect((await api.call('GET', `${base}/users/${alice.id}`, { key: root.key })).status).toBe(404);
  });

  it('user names and e-mails are unique case-insensitively; a rename frees the old name', async () => {
    const carol = await createUser('carol', { email: 'carol@example.com' });
    expect((await api.call('POST', `${base}/users`, { key: root.key, body: { userName: 'CAROL' } })).json.code).toBe('EntityAlreadyExists.User');
    expect(
      (await api.call('POST', `${base}/users`, { key: root.key, body: { userName: 'carol2', email: 'Carol@Example.com' } })).json.code,
    ).toBe('EntityAlreadyExists.UserEmail');
    await api.call('PATCH', `${base}/users/${carol.id}`, { key: root.key, body: { userName: 'caroline' } });
    await createUser('carol');
  });

  it.each([
    ['a user name with a space', { userName: 'no spaces' }],
    ['a 65-character user name', { userName: 'x'.repeat(65) }],
    ['a bad e-mail', { userName: 'ok1', email: 'not-an-email' }],
    ['an unknown field', { userName: 'ok2', isAdmin: true }],
    ['a 1025-character description', { userName: 'ok3', description: 'd'.repeat(1025) }],
  ])('refuses %s with 400, writing nothing', async (_what, body) => {
    const before = await countItems();
    const res = await api.call('POST', `${base}/users`, { key: root.key, body });
    expect(res.status).toBe(400);
    expect(await countItems()).toBe(before);
  });

  it('pages through many users without repeats', async () => {
    for (let i = 0; i < 7; i++) await createUser(`pager${i}`);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = await api.call('GET', `${base}/users?userNamePrefix=pager&maxResults=3${next ? `&nextToken=${next}` : ''}`, { key: root.key });
      seen.push(...page.json.users.map((u: { userName: string }) => u.userName));
      next = page.json.nextToken;
    } while (next);
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `pager${i}`));
  });
});

describe('groups and memberships', () => {
  it('add, list, remove members; a user lists its groups; counts stay exact', async () => {
    const g = (await api.call('POST', `${base}/groups`, { key: root.key, body: { name: 'engineers', description: 'Eng' } })).json;
    const u1 = await createUser('eng1');
    const u2 = await createUser('eng2');
    const added = await api.call('POST', `${base}/groups/${g.id}/members`, { key: root.key, body: { userIds: [u1.id, u2.id, u1.id] } });
    expect(added.json).toEqual({ added: 2 });
    const again = await api.call('POST', `${base}/groups/${g.id}/members`, { key: root.key, body: { userIds: [u1.id] } });
    expect(again.json).toEqual({ added: 0 });
    expect((await api.call('GET', `${base}/groups/${g.id}`, { key: root.key })).json.memberCount).toBe(2);
    const members = await api.call('GET', `${base}/groups/${g.id}/members`, { key: root.key });
    expect(members.json.users.map((u: { id: string }) => u.id).sort()).toEqual([u1.id, u2.id].sort());
    const groups = await api.call('GET', `${base}/users/${u1.id}/groups`, { key: root.key });
    expect(groups.json.groups.map((x: { id: string }) => x.id)).toEqual([g.id]);

    const blockedUser = await api.call('DELETE', `${base}/users/${u1.id}`, { key: root.key });
    expect(blockedUser).toMatchObject({ status: 409, json: { code: 'DeletionConflict.User' } });
    expect(blockedUser.json.message).toContain('group memberships');
    const blockedGroup = await api.call('DELETE', `${base}/groups/${g.id}`, { key: root.key });
    expect(blockedGroup).toMatchObject({ status: 409, json: { code: 'DeletionConflict.Group.User' } });

    expect((await api.call('DELETE', `${base}/groups/${g.id}/members/${u1.id}`, { key: root.key })).status).toBe(204);
    expect((await api.call('DELETE', `${base}/groups/${g.id}/members/${u2.id}`, { key: root.key })).status).toBe(204);
    expect((await api.call('GET', `${base}/groups/${g.id}`, { key: root.key })).json.memberCount).toBe(0);
    expect((await api.call('DELETE', `${base}/users/${u1.id}`, { key: root.key })).status).toBe(204);
    expect((await api.call('DELETE', `${base}/groups/${g.id}`, { key: root.key })).status).toBe(204);
  });

  it('adding a user that does not exist writes nothing', async () => {
    const g = (await api.call('POST', `${base}/groups`, { key: root.key, body: { name: 'strict' } })).json;
    const u = await createUser('real.one');
    const res = await api.call('POST', `${base}/groups/${g.id}/members`, { key: root.key, body: { userIds: [u.id, 'u-doesnotexist000'] } });
    expect(res).toMatchObject({ status: 404, json: { code: 'EntityNotExists.User' } });
    expect((await api.call('GET', `${base}/groups/${g.id}`, { key: root.key })).json.memberCount).toBe(0);
  });

  it('20 concurrent adds into one group lose no member', async () => {
    const g = (await api.call('POST', `${base}/groups`, { key: root.key, body: { name: 'crowd' } })).json;
    const users = [];
    for (let i = 0; i < 20; i++) users.push(await createUser(`crowd${i}`));
    const results = await Promise.all(
      users.map((u) => api.call('POST', `${base}/groups/${g.id}/members`, { key: root.key, body: { userIds: [u.id] } })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await api.call('GET', `${base}/groups/${g.id}`, { key: root.key })).json.memberCount).toBe(20);
    const members = await api.call('GET', `${base}/groups/${g.id}/members?maxResults=100`, { key: root.key });
    expect(members.json.users).toHaveLength(20);
  });

  it('group names are unique and follow the CloudSSO rule', async () => {
    await api.call('POST', `${base}/groups`, { key: root.key, body: { name: 'Ops' } });
    expect((await api.call('POST', `${base}/groups`, { key: root.key, body: { name: 'ops' } })).json.code).toBe('EntityAlreadyExists.Group');
    expect((await api.call('POST', `${base}/groups`, { key: root.key, body: { name: 'has space' } })).json.code).toBe('InvalidParameter.GroupName');
  });
});

describe('quotas', () => {
  it('are enforced with a clear error and raised by the management account only', async () => {
    const org = await organisation('Tiny Quota');
    const b = `/api/v1/cloudsso/directories/${org.dir}`;
    expect((await api.call('PUT', `${b}/quotas`, { key: org.key, body: { users: 2 } })).json.quotas.users).toBe(2);
    await api.call('POST', `${b}/users`, { key: org.key, body: { userName: 'q1' } });
    await api.call('POST', `${b}/users`, { key: org.key, body: { userName: 'q2' } });
    const third = await api.call('POST', `${b}/users`, { key: org.key, body: { userName: 'q3' } });
    expect(third).toMatchObject({ status: 409, json: { code: 'QuotaExceeded.Users' } });
    const tooLow = await api.call('PUT', `${b}/quotas`, { key: org.key, body: { users: 1 } });
    expect(tooLow).toMatchObject({ status: 400, json: { code: 'InvalidParameter.Quota' } });
    const admin = await api.call('POST', '/api/v1/administrators', { key: org.key, body: { name: 'ssoadmin', policies: ['AliyunCloudSSOFullAccess'] } });
    const adminKey = (await api.call('POST', `/api/v1/administrators/${admin.json.id}/api-keys`, { key: org.key })).json.secret;
    expect((await api.call('PUT', `${b}/quotas`, { key: adminKey, body: { users: 10 } })).json.code).toBe('Forbidden.ManagementAccountOnly');
    expect((await api.call('POST', `${b}/users`, { key: adminKey, body: { userName: 'q3' } })).status).toBe(409);
    await api.call('PUT', `${b}/quotas`, { key: org.key, body: { users: 10 } });
    expect((await api.call('POST', `${b}/users`, { key: adminKey, body: { userName: 'q3' } })).status).toBe(201);
  });

  it('two SCIM credentials at most, so one can be rolled before the other goes', async () => {
    const first = await api.call('POST', `${base}/scim-credentials`, { key: root.key });
    const second = await api.call('POST', `${base}/scim-credentials`, { key: root.key });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.json.secret).toMatch(/^scim_/);
    expect((await api.call('POST', `${base}/scim-credentials`, { key: root.key })).json.code).toBe('QuotaExceeded.SCIMCredentials');
    const listed = await api.call('GET', `${base}/scim-credentials`, { key: root.key });
    expect(listed.json.credentials).toHaveLength(2);
    expect(JSON.stringify(listed.json)).not.toContain(first.json.secret);
    expect((await api.call('DELETE', `${base}/scim-credentials/${first.json.credential.id}`, { key: root.key })).status).toBe(204);
    expect((await api.call('POST', `${base}/scim-credentials`, { key: root.key })).status).toBe(201);
  });
});

describe('permissions and isolation', () => {
  it('the read-only policy reads but cannot write; IDaaS policies see nothing of CloudSSO', async () => {
    const mk = async (name: string, policies: string[]) => {
      const a = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name, policies } });
      return (await api.call('POST', `/api/v1/administrators/${a.json.id}/api-keys`, { key: root.key })).json.secret as string;
    };
    const reader = await mk('sso-reader', ['AliyunCloudSSOReadOnlyAccess']);
    const idaas = await mk('idaas-admin', ['AliyunYundunIdaasFullAccess']);
    expect((await api.call('GET', `${base}/users`, { key: reader })).status).toBe(200);
    const denied = await api.call('POST', `${base}/users`, { key: reader, body: { userName: 'nope' } });
    expect(denied).toMatchObject({ status: 403, json: { missingPermission: 'cloudsso:CreateUser' } });
    expect((await api.call('GET', `${base}/users`, { key: idaas })).json.missingPermission).toBe('cloudsso:ListUsers');
  });

  it("another organisation cannot see or touch this directory's users", async () => {
    const other = await organisation('Snoop Inc');
    const victim = await createUser('victim');
    for (const [method, path] of [
      ['GET', base],
      ['GET', `${base}/users`],
      ['GET', `${base}/users/${victim.id}`],
      ['DELETE', `${base}/users/${victim.id}`],
    ] as const) {
      const res = await api.call(method, path, { key: other.key });
      expect(res, `${method} ${path}`).toMatchObject({ status: 404, json: { code: 'EntityNotExists.Directory' } });
    }
    // Its own directory id with our user id finds nothing either.
    const cross = await api.call('GET', `/api/v1/cloudsso/directories/${other.dir}/users/${victim.id}`, { key: other.key });
    expect(cross.status).toBe(404);
  });
});
