import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { accessKeyOf, administratorAccessKey, organisationOverRpc, refusedUnchanged, rpcOver, type AccessKey, type RpcAnswer, type RpcStack } from '../support/rpc';

let rpc: RpcStack;
let countItems: () => Promise<number>;
let root: { accountId: string; key: string };
let ak: AccessKey;
let dir: string;
/** User and group ids by name, as the procedure creates them. */
const users: Record<string, string> = {};
const groups: Record<string, string> = {};

const ISO_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** The REST API's view of this directory, to compare state with. */
const rest = (path: string) => rpc.call('GET', `/api/v1/cloudsso/directories/${dir}${path}`, { key: root.key });

/** Runs a refused call, checks it changed nothing and answered a POP error body. */
const refusedWithoutChange = (call: () => Promise<RpcAnswer>) => refusedUnchanged(() => countItems(), call);

/** Follows NextToken to the end, checking each page's paging fields. */
const allPages = async (call: (token: string | undefined) => Promise<RpcAnswer>, list: string, maxResults: number) => {
  const items: Record<string, any>[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await call(token);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body[list].length).toBeLessThanOrEqual(maxResults);
    expect(page.body.MaxResults).toBe(maxResults);
    expect(page.body.IsTruncated).toBe(page.body.NextToken !== undefined);
    items.push(...page.body[list]);
    token = page.body.NextToken;
    pages++;
  } while (token);
  return { items, pages };
};

beforeAll(async () => {
  const t = await freshTable();
  countItems = t.countItems;
  rpc = await rpcOver(t.table);
  ({ root, ak, dir } = await organisationOverRpc(rpc, 'Rpc Users Corp', 'rpc-users-corp'));
});

afterAll(async () => {
  await rpc?.stop();
});

describe('users', () => {
  it('creates users with both clients and reads them back as the REST API has them', async () => {
    const alice = await rpc.pop(ak, 'CreateUser', {
      DirectoryId: dir,
      UserName: 'alice@example.com',
      DisplayName: 'Alice Lee',
      FirstName: 'Alice',
      LastName: 'Lee',
      Email: 'alice@example.com',
      Description: 'First user',
      Tags: [{ Key: 'team', Value: 'blue' }],
    });
    expect(alice.status, JSON.stringify(alice.body)).toBe(200);
    expect(alice.body.User).toEqual({
      UserId: expect.stringMatching(/^u-/),
      UserName: 'alice@example.com',
      DisplayName: 'Alice Lee',
      FirstName: 'Alice',
      LastName: 'Lee',
      Email: 'alice@example.com',
      Description: 'First user',
      Status: 'Enabled',
      ProvisionType: 'Manual',
      Tags: [{ Key: 'team', Value: 'blue' }],
      CreateTime: expect.stringMatching(ISO_SECOND),
      UpdateTime: expect.stringMatching(ISO_SECOND),
    });
    users.alice = alice.body.User.UserId;

    const bob = await rpc.acs3(ak, 'CreateUser', { DirectoryId: dir, UserName: 'bob', Status: 'Disabled' });
    expect(bob).toMatchObject({ status: 200, body: { User: { UserName: 'bob', Status: 'Disabled', Tags: [] } } });
    users.bob = bob.body.User.UserId;
    for (const name of ['test-carol', 'test-dave', 'test-erin']) {
      const made = await rpc.acs3(ak, 'CreateUser', { DirectoryId: dir, UserName: name });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      users[name] = made.body.User.UserId;
    }

    // A GET with signature 1.0 reads what the POST wrote.
    const got = await rpc.pop(ak, 'GetUser', { DirectoryId: dir, UserId: users.alice }, 'GET');
    expect(got.status).toBe(200);
    expect(got.body.User).toEqual(alice.body.User);
    const seen = await rest(`/users/${users.alice}`);
    expect(seen.json).toMatchObject({
      id: users.alice,
      userName: 'alice@example.com',
      displayName: 'Alice Lee',
      email: 'alice@example.com',
      status: 'Enabled',
      tags: [{ key: 'team', value: 'blue' }],
      createdAt: got.body.User.CreateTime,
    });
    expect((await rest(`/users/${users.bob}`)).json).toMatchObject({ userName: 'bob', status: 'Disabled' });
  });

  it('lists users a page at a time with both clients, and filters by name and status', async () => {
    const byPop = await allPages((token) => rpc.pop(ak, 'ListUsers', { DirectoryId: dir, MaxResults: 2, ...(token ? { NextToken: token } : {}) }, 'GET'), 'Users', 2);
    expect(byPop.pages).toBeGreaterThanOrEqual(3);
    expect(byPop.items.map((u) => u.UserName).sort()).toEqual(['alice@example.com', 'bob', 'test-carol', 'test-dave', 'test-erin']);
    expect(byPop.items.find((u) => u.UserId === users.alice)).toMatchObject({ Email: 'alice@example.com', Tags: [{ Key: 'team', Value: 'blue' }] });
    const byAcs3 = await allPages((token) => rpc.acs3(ak, 'ListUsers', { DirectoryId: dir, MaxResults: 2, ...(token ? { NextToken: token } : {}) }), 'Users', 2);
    expect(byAcs3.items.map((u) => u.UserId).sort()).toEqual(byPop.items.map((u) => u.UserId).sort());
    // The same listing through the REST API.
    const restIds = (await rest('/users?maxResults=100')).json.users.map((u: { id: string }) => u.id).sort();
    expect(restIds).toEqual(byPop.items.map((u) => u.UserId).sort());

    // Without MaxResults: CloudSSO's default page size, everything on one page here.
    const first = await rpc.acs3(ak, 'ListUsers', { DirectoryId: dir });
    expect(first.body).toMatchObject({ MaxResults: 10, IsTruncated: false });
    expect(first.body.Users).toHaveLength(5);
    expect(first.body.NextToken).toBeUndefined();

    const prefixed = await allPages((token) => rpc.pop(ak, 'ListUsers', { DirectoryId: dir, Filter: 'UserName sw TEST', MaxResults: 2, ...(token ? { NextToken: token } : {}) }), 'Users', 2);
    expect(prefixed.items.map((u) => u.UserName).sort()).toEqual(['test-carol', 'test-dave', 'test-erin']);
    const exact = await rpc.acs3(ak, 'ListUsers', { DirectoryId: dir, Filter: 'username eq ALICE@example.com' });
    expect(exact.body.Users.map((u: { UserId: string }) => u.UserId)).toEqual([users.alice]);
    const disabled = await rpc.pop(ak, 'ListUsers', { DirectoryId: dir, Status: 'Disabled' });
    expect(disabled.body.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['bob']);
    const synchronized = await rpc.pop(ak, 'ListUsers', { DirectoryId: dir, ProvisionType: 'Synchronized' });
    expect(synchronized.body.Users).toEqual([]);
  });

  it('refuses a filter it cannot serve instead of ignoring it', async () => {
    for (const Filter of ['DisplayName eq Alice', 'UserName co ali', 'UserName', 'UserName eq']) {
      expect(await refusedWithoutChange(() => rpc.pop(ak, 'ListUsers', { DirectoryId: dir, Filter }))).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.Filter' } });
    }
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'ListUsers', { DirectoryId: dir, Tags: [{ Key: 'team', Value: 'blue' }] }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.Tags' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'ListUsers', { DirectoryId: dir, MaxResults: 101 }))).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.MaxResults' } });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'ListUsers', { DirectoryId: dir, NextToken: 'not-a-token' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.NextToken' },
    });
  });

  it('updates a user and changes its status; the REST API shows the change', async () => {
    const updated = await rpc.acs3(ak, 'UpdateUser', { DirectoryId: dir, UserId: users.bob, NewDisplayName: 'Bob Builder', NewEmail: 'bob@example.com', NewDescription: 'Builds' });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.User).toMatchObject({ UserId: users.bob, UserName: 'bob', DisplayName: 'Bob Builder', Email: 'bob@example.com', Description: 'Builds', Status: 'Disabled' });
    expect((await rest(`/users/${users.bob}`)).json).toMatchObject({ displayName: 'Bob Builder', email: 'bob@example.com', description: 'Builds' });

    const enabled = await rpc.pop(ak, 'UpdateUserStatus', { DirectoryId: dir, UserId: users.bob, NewStatus: 'Enabled' });
    expect(enabled.status).toBe(200);
    expect(Object.keys(enabled.body)).toEqual(['RequestId']);
    expect((await rest(`/users/${users.bob}`)).json).toMatchObject({ status: 'Enabled', displayName: 'Bob Builder' });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'UpdateUserStatus', { DirectoryId: dir, UserId: users.bob, NewStatus: 'Paused' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.NewStatus' },
    });
    // Another user's email is taken: the repository's uniqueness rule, passed through.
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'UpdateUser', { DirectoryId: dir, UserId: users.bob, NewEmail: 'ALICE@example.com' }))).toMatchObject({
      status: 409,
      body: { Code: 'EntityAlreadyExists.UserEmail' },
    });
    // Nothing to change is refused, as the REST API refuses an empty PATCH.
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'UpdateUser', { DirectoryId: dir, UserId: users.bob }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter' },
    });
  });

  it('finds the user an IdP knows by its external id (GetUserId), and shows that id', async () => {
    await rpc.call('PUT', `/api/v1/cloudsso/directories/${dir}/scim-synchronization`, { key: root.key, body: { enabled: true } });
    const credential = await rpc.call('POST', `/api/v1/cloudsso/directories/${dir}/scim-credentials`, { key: root.key });
    const scimUser = await rpc.call('POST', '/scim/v2/Users', {
      key: credential.json.secret,
      headers: { 'content-type': 'application/scim+json' },
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'synced@example.com', externalId: 'ext-4711' },
    });
    expect(scimUser.status, JSON.stringify(scimUser.json)).toBe(201);
    users.synced = scimUser.json.id;

    const found = await rpc.acs3(ak, 'GetUserId', { DirectoryId: dir, ExternalId: { Id: 'ext-4711', Issuer: 'SCIM' } });
    expect(found).toMatchObject({ status: 200, body: { UserId: users.synced } });
    const user = await rpc.pop(ak, 'GetUser', { DirectoryId: dir, UserId: users.synced }, 'GET');
    expect(user.body.User).toMatchObject({ ProvisionType: 'Synchronized', ExternalId: { Id: 'ext-4711', Issuer: 'SCIM' } });

    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'GetUserId', { DirectoryId: dir, ExternalId: { Id: 'ext-none' } }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.User' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'GetUserId', { DirectoryId: dir }))).toMatchObject({ status: 400, body: { Code: 'MissingParameter.ExternalId' } });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'GetUserId', { DirectoryId: dir, ExternalId: { Id: 'ext-4711', Issuer: 'LDAP' } }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.ExternalId.Issuer' },
    });
    // While SCIM synchronizes, the IdP owns the user's attributes: the use case's rule, passed through.
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'UpdateUser', { DirectoryId: dir, UserId: users.synced, NewDisplayName: 'Renamed' }))).toMatchObject({
      status: 409,
      body: { Code: 'OperationForbidden.SynchronizedUser' },
    });
  });

  it('resets a password: a given one, or a generated one answered once', async () => {
    const generated = await rpc.acs3(ak, 'ResetUserPassword', { DirectoryId: dir, UserId: users.alice, GenerateRandomPassword: true });
    expect(generated.status, JSON.stringify(generated.body)).toBe(200);
    expect(generated.body.NewPassword).toEqual(expect.any(String));
    expect(generated.body.NewPassword.length).toBeGreaterThanOrEqual(8);

    // CloudSSO documents the flags as True/False; the SDKs send true/false.
    const given = await rpc.pop(ak, 'ResetUserPassword', { DirectoryId: dir, UserId: users.alice, Password: 'Corr3ct-Horse-Battery', RequirePasswordResetForNextLogin: 'True' });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    expect(given.body.NewPassword).toBeUndefined();

    expect(await refusedWithoutChange(() => rpc.pop(ak, 'ResetUserPassword', { DirectoryId: dir, UserId: users.alice }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.Password' },
    });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'ResetUserPassword', { DirectoryId: dir, UserId: users.alice, Password: 'Corr3ct-Horse-Battery', GenerateRandomPassword: 'true' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.Password' },
    });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'ResetUserPassword', { DirectoryId: dir, UserId: users.alice, Password: 'short' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.Password' },
    });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'ResetUserPassword', { DirectoryId: dir, UserId: 'u-nobody', GenerateRandomPassword: true }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.User' },
    });

    // The trail has the reset, never the password.
    const trail = await rest(`/audit-events?action=cloudsso:ResetUserPassword`);
    const mine = trail.json.events.filter((e: any) => e.requestId === given.body.RequestId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ channel: 'RPC', result: 'Success' });
    expect(JSON.stringify(trail.json)).not.toContain('Corr3ct-Horse-Battery');
    expect(JSON.stringify(trail.json)).not.toContain(generated.body.NewPassword);
  });
});

describe('groups and memberships', () => {
  it('creates, reads, lists and updates groups with both clients', async () => {
    const eng = await rpc.pop(ak, 'CreateGroup', { DirectoryId: dir, GroupName: 'engineering', Description: 'Builders' });
    expect(eng.status, JSON.stringify(eng.body)).toBe(200);
    expect(eng.body.Group).toEqual({
      GroupId: expect.stringMatching(/^g-/),
      GroupName: 'engineering',
      Description: 'Builders',
      ProvisionType: 'Manual',
      CreateTime: expect.stringMatching(ISO_SECOND),
      UpdateTime: expect.stringMatching(ISO_SECOND),
    });
    groups.engineering = eng.body.Group.GroupId;
    for (const name of ['ops', 'empty-one', 'empty-two']) {
      const made = await rpc.acs3(ak, 'CreateGroup', { DirectoryId: dir, GroupName: name });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      groups[name] = made.body.Group.GroupId;
    }
    expect((await rpc.pop(ak, 'GetGroup', { DirectoryId: dir, GroupId: groups.engineering }, 'GET')).body.Group).toEqual(eng.body.Group);

    const listed = await allPages((token) => rpc.acs3(ak, 'ListGroups', { DirectoryId: dir, MaxResults: 1, ...(token ? { NextToken: token } : {}) }), 'Groups', 1);
    expect(listed.pages).toBeGreaterThanOrEqual(4);
    expect(listed.items.map((g) => g.GroupName).sort()).toEqual(['empty-one', 'empty-two', 'engineering', 'ops']);
    const exact = await rpc.pop(ak, 'ListGroups', { DirectoryId: dir, Filter: 'GroupName eq OPS' }, 'GET');
    expect(exact.body).toMatchObject({ IsTruncated: false, Groups: [{ GroupId: groups.ops, GroupName: 'ops' }] });
    expect((await rpc.pop(ak, 'ListGroups', { DirectoryId: dir, Filter: 'GroupName eq nobody' })).body.Groups).toEqual([]);
    const prefixed = await rpc.acs3(ak, 'ListGroups', { DirectoryId: dir, Filter: 'GroupName sw empty' });
    expect(prefixed.body.Groups.map((g: { GroupName: string }) => g.GroupName)).toEqual(['empty-one', 'empty-two']);
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'ListGroups', { DirectoryId: dir, Filter: 'Description sw x' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.Filter' },
    });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'ListGroups', { DirectoryId: dir, ProvisionType: 'Manual' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.ProvisionType' },
    });

    const renamed = await rpc.acs3(ak, 'UpdateGroup', { DirectoryId: dir, GroupId: groups['empty-two'], NewGroupName: 'empty-2', NewDescription: 'Renamed' });
    expect(renamed).toMatchObject({ status: 200, body: { Group: { GroupId: groups['empty-two'], GroupName: 'empty-2', Description: 'Renamed' } } });
    expect((await rest(`/groups/${groups['empty-two']}`)).json).toMatchObject({ name: 'empty-2', description: 'Renamed' });
    // The description alone: the name stays.
    await rpc.pop(ak, 'UpdateGroup', { DirectoryId: dir, GroupId: groups['empty-two'], NewDescription: 'Again' });
    expect((await rest(`/groups/${groups['empty-two']}`)).json).toMatchObject({ name: 'empty-2', description: 'Again' });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'UpdateGroup', { DirectoryId: dir, GroupId: groups['empty-two'], NewGroupName: 'ENGINEERING' }))).toMatchObject({
      status: 409,
      body: { Code: 'EntityAlreadyExists.Group' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'CreateGroup', { DirectoryId: dir, GroupName: 'has spaces' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.GroupName' },
    });
  });

  it('adds and removes members; both directions list them, a page at a time', async () => {
    for (const [group, user] of [
      ['engineering', 'alice'],
      ['engineering', 'bob'],
      ['engineering', 'test-carol'],
      ['ops', 'alice'],
    ] as const) {
      const added = await (group === 'ops' ? rpc.pop : rpc.acs3)(ak, 'AddUserToGroup', { DirectoryId: dir, GroupId: groups[group], UserId: users[user] });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
    }
    // Adding again is harmless (the use case is idempotent).
    expect((await rpc.pop(ak, 'AddUserToGroup', { DirectoryId: dir, GroupId: groups.engineering, UserId: users.alice })).status).toBe(200);

    const members = await allPages(
      (token) => rpc.pop(ak, 'ListGroupMembers', { DirectoryId: dir, GroupId: groups.engineering, MaxResults: 2, ...(token ? { NextToken: token } : {}) }, 'GET'),
      'GroupMembers',
      2,
    );
    expect(members.pages).toBeGreaterThanOrEqual(2);
    expect(members.items.map((m) => m.UserName).sort()).toEqual(['alice@example.com', 'bob', 'test-carol']);
    expect(members.items.find((m) => m.UserId === users.alice)).toEqual({
      GroupId: groups.engineering,
      UserId: users.alice,
      UserName: 'alice@example.com',
      DisplayName: 'Alice Lee',
      Email: 'alice@example.com',
      Description: 'First user',
      Status: 'Enabled',
      ProvisionType: 'Manual',
    });
    expect((await rest(`/groups/${groups.engineering}`)).json.memberCount).toBe(3);

    const joined = await allPages(
      (token) => rpc.acs3(ak, 'ListJoinedGroupsForUser', { DirectoryId: dir, UserId: users.alice, MaxResults: 1, ...(token ? { NextToken: token } : {}) }),
      'JoinedGroups',
      1,
    );
    expect(joined.items.map((g) => g.GroupName).sort()).toEqual(['engineering', 'ops']);
    expect(joined.items.find((g) => g.GroupId === groups.engineering)).toEqual({
      UserId: users.alice,
      GroupId: groups.engineering,
      GroupName: 'engineering',
      Description: 'Builders',
      ProvisionType: 'Manual',
    });
    const restGroups = (await rest(`/users/${users.alice}/groups`)).json.groups.map((g: { id: string }) => g.id).sort();
    expect(restGroups).toEqual(joined.items.map((g) => g.GroupId).sort());

    const removed = await rpc.acs3(ak, 'RemoveUserFromGroup', { DirectoryId: dir, GroupId: groups.engineering, UserId: users.bob });
    expect(removed.status).toBe(200);
    const after = await rpc.pop(ak, 'ListGroupMembers', { DirectoryId: dir, GroupId: groups.engineering });
    expect(after.body.GroupMembers.map((m: { UserId: string }) => m.UserId).sort()).toEqual([users.alice, users['test-carol']].sort());
    expect((await rpc.pop(ak, 'ListJoinedGroupsForUser', { DirectoryId: dir, UserId: users.bob })).body.JoinedGroups).toEqual([]);
    expect((await rest(`/groups/${groups.engineering}/members`)).json.users.map((u: { id: string }) => u.id).sort()).toEqual([users.alice, users['test-carol']].sort());

    expect(await refusedWithoutChange(() => rpc.pop(ak, 'AddUserToGroup', { DirectoryId: dir, GroupId: groups.ops, UserId: 'u-nobody' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.User' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'ListGroupMembers', { DirectoryId: dir, GroupId: 'g-nothing' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Group' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'ListJoinedGroupsForUser', { DirectoryId: dir, UserId: 'u-nobody' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.User' },
    });
  });

  it('deletes users and groups only once nothing refers to them', async () => {
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'DeleteUser', { DirectoryId: dir, UserId: users['test-carol'] }))).toMatchObject({
      status: 409,
      body: { Code: 'DeletionConflict.User' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'DeleteGroup', { DirectoryId: dir, GroupId: groups.engineering }))).toMatchObject({
      status: 409,
      body: { Code: 'DeletionConflict.Group.User' },
    });
    expect((await rpc.pop(ak, 'RemoveUserFromGroup', { DirectoryId: dir, GroupId: groups.engineering, UserId: users['test-carol'] })).status).toBe(200);

    const deleted = await rpc.pop(ak, 'DeleteUser', { DirectoryId: dir, UserId: users['test-carol'] });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect((await rest(`/users/${users['test-carol']}`)).status).toBe(404);
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'GetUser', { DirectoryId: dir, UserId: users['test-carol'] }, 'GET'))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.User' },
    });

    const gone = await rpc.acs3(ak, 'DeleteGroup', { DirectoryId: dir, GroupId: groups['empty-one'] });
    expect(gone.status).toBe(200);
    expect((await rest(`/groups/${groups['empty-one']}`)).status).toBe(404);
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'GetGroup', { DirectoryId: dir, GroupId: groups['empty-one'] }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Group' },
    });
  });
});

describe('refusals', () => {
  it('a user that does not exist (404), a taken name (409), a bad or missing name (400)', async () => {
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'GetUser', { DirectoryId: dir, UserId: 'u-doesnotexist' }, 'GET'))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.User' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'UpdateUserStatus', { DirectoryId: dir, UserId: 'u-doesnotexist', NewStatus: 'Disabled' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.User' },
    });
    // Names are unique case-insensitively.
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'CreateUser', { DirectoryId: dir, UserName: 'ALICE@example.com' }))).toMatchObject({
      status: 409,
      body: { Code: 'EntityAlreadyExists.User' },
    });
    const bad = await refusedWithoutChange(() => rpc.pop(ak, 'CreateUser', { DirectoryId: dir, UserName: 'not a valid name' }));
    expect(bad).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.UserName' } });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'CreateUser', { DirectoryId: dir, UserName: 'x'.repeat(65) }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.UserName' },
    });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'CreateUser', { DirectoryId: dir, DisplayName: 'No Name' }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.UserName' },
    });
  });

  it('a directory that does not exist, or another account’s', async () => {
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'CreateUser', { DirectoryId: 'd-doesnotexist', UserName: 'nobody' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Directory' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'ListGroups', { DirectoryId: 'd-doesnotexist' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Directory' },
    });
    const other = await rpc.openAccount('Other Corp');
    expect(await refusedWithoutChange(() => rpc.acs3(accessKeyOf(other.key), 'GetUser', { DirectoryId: dir, UserId: users.alice }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Directory' },
    });
  });

  it('a read-only administrator reads but changes nothing', async () => {
    const reader = await administratorAccessKey(rpc, root.key, 'sso-reader', ['AliyunCloudSSOReadOnlyAccess']);

    expect((await rpc.pop(reader, 'ListUsers', { DirectoryId: dir }, 'GET')).status).toBe(200);
    expect((await rpc.acs3(reader, 'ListGroupMembers', { DirectoryId: dir, GroupId: groups.engineering })).status).toBe(200);
    const refused = await refusedWithoutChange(() => rpc.acs3(reader, 'CreateUser', { DirectoryId: dir, UserName: 'by-reader' }));
    expect(refused).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
    expect(refused.body.Message).toContain('cloudsso:CreateUser');
    for (const [action, params] of [
      ['AddUserToGroup', { GroupId: groups.ops, UserId: users.bob }],
      ['DeleteGroup', { GroupId: groups['empty-two'] }],
      ['UpdateUserStatus', { UserId: users.bob, NewStatus: 'Disabled' }],
      ['ResetUserPassword', { UserId: users.bob, GenerateRandomPassword: true }],
    ] as const) {
      const out = await refusedWithoutChange(() => rpc.pop(reader, action, { DirectoryId: dir, ...params }));
      expect(out, action).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
      expect(out.body.Message).toContain(`cloudsso:${action}`);
    }
    expect((await rest(`/users/${users.bob}`)).json.status).toBe('Enabled');
  });
});

describe('the audit trail', () => {
  it('records each change made over RPC once, with channel RPC, and no reads', async () => {
    const created = await rpc.acs3(ak, 'CreateUser', { DirectoryId: dir, UserName: 'audited-user' });
    expect(created.status).toBe(200);
    const added = await rpc.pop(ak, 'AddUserToGroup', { DirectoryId: dir, GroupId: groups.ops, UserId: created.body.User.UserId });
    const read = await rpc.pop(ak, 'GetUser', { DirectoryId: dir, UserId: created.body.User.UserId }, 'GET');
    const trail = (await rest('/audit-events')).json.events as Record<string, any>[];

    const creation = trail.filter((e) => e.requestId === created.body.RequestId);
    expect(creation).toHaveLength(1);
    expect(creation[0]).toMatchObject({
      channel: 'RPC',
      action: 'cloudsso:CreateUser',
      result: 'Success',
      tenant: { type: 'directory', id: dir },
      actor: { authenticatedBy: 'AccessKey', credentialId: ak.accessKeyId },
      request: { userName: 'audited-user' },
    });
    expect(trail.filter((e) => e.requestId === added.body.RequestId)).toEqual([expect.objectContaining({ channel: 'RPC', action: 'cloudsso:AddUserToGroup' })]);
    expect(trail.filter((e) => e.requestId === read.body.RequestId)).toEqual([]);
  });
});
