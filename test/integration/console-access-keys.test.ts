import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalClient } from '../support/browserless';
import { freshTable } from '../support/db';
import { accessKeyOf, rpcOver, VERSION, type RpcStack } from '../support/rpc';

/**
 * The AccessKeys page, walked by its forms as a browser without JavaScript would, on a stack served
 * on a real port so that the pairs it hands out sign RPC calls (@alicloud/pop-core) against the very
 * origin the console showed. The REST API only sets the scene and checks what the forms did.
 */

const C = '/console/access-keys';

let rpc: RpcStack;
let root: { key: string; accountId: string };
let rootKeyId: string;
let account: PortalClient;
/** What the walk makes, for the steps after. */
const made = { keyId: '', secret: '', admin: '', adminKeyId: '' };

const browser = () => new PortalClient((req, env) => rpc.gateway.fetch(req, env), rpc.endpoint, { testClientIp: '198.51.100.31' });
const signIn = async (key: string) => {
  const b = browser();
  await b.go('GET', '/console/sign-in');
  await b.submit('/console/sign-in', { apiKey: key });
  expect(b.url).toBe('/console');
  return b;
};

type Key = { id: string; status: string; signsRequests: boolean };
const rootKeys = async () => (await rpc.call('GET', '/api/v1/account/api-keys', { key: root.key })).json.apiKeys as Key[];
const adminKeys = async (id: string) => (await rpc.call('GET', `/api/v1/administrators/${id}/api-keys`, { key: root.key })).json.apiKeys as Key[];
const administrator = async (name: string, policies: string[] = []) => {
  const created = await rpc.call('POST', '/api/v1/administrators', { key: root.key, body: { name, policies } });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const key = await rpc.call('POST', `/api/v1/administrators/${created.json.id}/api-keys`, { key: root.key });
  expect(key.status).toBe(201);
  return { id: created.json.id as string, keyId: key.json.apiKey.id as string, secret: key.json.secret as string };
};

/** The secret a page shows once, and the AccessKeyId beside it. */
const secretOn = (html: string) => /<code class="secret" data-secret[^>]*>([^<]+)</.exec(html)?.[1];
const keyIdOn = (html: string) => /<code data-access-key-id[^>]*>([^<]+)</.exec(html)?.[1];

/** Every POST form carries the session's CSRF token, and every field with an id has its label. */
const wellFormed = (b: PortalClient) => {
  const forms = [...b.html.matchAll(/<form method="post"[\s\S]*?<\/form>/g)].map((m) => m[0]);
  for (const form of forms) expect(form, form.slice(0, 120)).toMatch(/<input type="hidden" name="csrf" value="[A-Za-z0-9_-]{20,}"\/>/);
  for (const [, id] of b.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(b.html, `label for ${id}`).toContain(`for="${id}"`);
  expect(b.html).toContain('<main id="main">');
  return forms.length;
};

beforeAll(async () => {
  rpc = await rpcOver((await freshTable()).table);
  root = await rpc.openAccount('Console Keys Corp');
  rootKeyId = accessKeyOf(root.key).accessKeyId;
  account = await signIn(root.key);
});

afterAll(async () => {
  await rpc?.stop();
});

describe('AccessKeys in the console, signed in as the account', () => {
  it('lists the root AccessKeys: AccessKeyId, status, whether they sign requests, when made', async () => {
    await account.go('GET', C);
    expect(account.status).toBe(200);
    expect(account.html).toMatch(/<nav class="side" aria-label="Console">[\s\S]*<h2>RAM<\/h2>[\s\S]*href="\/console\/access-keys"[^>]*>AccessKeys</);
    expect(account.html).toContain('aria-current="page"');
    expect(account.html).toContain(`<code>${rootKeyId}</code>`);
    const text = account.text();
    for (const column of ['AccessKeyId', 'Status', 'Signs requests', 'Created']) expect(text).toContain(column);
    expect(text).toContain('Active');
    expect(text).toContain('Yes');
    expect(text).toContain('You are signed in with this AccessKey');
    expect(account.html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
    // Disable, delete, create, and sign out.
    expect(wellFormed(account)).toBeGreaterThanOrEqual(4);
  });

  it('creates an AccessKey, shows its secret once with the endpoint to call, and the pair signs an RPC call', async () => {
    await account.go('GET', C);
    await account.submit(`${C}/create`, {});
    expect(account.status).toBe(201);
    made.keyId = keyIdOn(account.html) ?? '';
    made.secret = secretOn(account.html) ?? '';
    expect(made.keyId).toMatch(/^AK[A-Z0-9]+$/);
    expect(accessKeyOf(made.secret)).toEqual({ accessKeyId: made.keyId, accessKeySecret: made.secret });
    expect(account.text()).toContain('copy it now; it is not shown again');
    expect(account.html).toContain(`${rpc.endpoint}/`);
    expect(account.html).toContain(VERSION);
    expect((await rootKeys()).find((k) => k.id === made.keyId)).toMatchObject({ status: 'Active', signsRequests: true });

    // The list afterwards names the key, never its secret.
    await account.go('GET', C);
    expect(account.html).toContain(made.keyId);
    expect(account.html).not.toContain(made.secret);
    expect(account.text()).toContain('AccessKeys (2 of 2)');

    expect(await rpc.pop(accessKeyOf(made.secret), 'ListDirectories')).toMatchObject({ status: 200, body: { Directories: [] } });
  });

  it('disables the AccessKey (RPC calls signed with it are refused) and enables it again', async () => {
    const pair = accessKeyOf(made.secret);
    await account.go('GET', C);
    await account.submit(`${C}/${made.keyId}/status`, { status: 'Inactive' });
    expect(account.url).toBe(`${C}?done=key-disabled`);
    expect(account.text()).toContain('The AccessKey is disabled');
    expect(account.html).toContain(`aria-label="Enable AccessKey ${made.keyId}"`);
    expect((await rootKeys()).find((k) => k.id === made.keyId)?.status).toBe('Inactive');
    expect(await rpc.pop(pair, 'ListDirectories')).toMatchObject({ status: 403, body: { Code: 'InvalidAccessKeyId.Inactive' } });

    await account.submit(`${C}/${made.keyId}/status`, { status: 'Active' });
    expect(account.url).toBe(`${C}?done=key-enabled`);
    expect(account.html).toContain(`aria-label="Disable AccessKey ${made.keyId}"`);
    expect((await rpc.pop(pair, 'ListDirectories')).status).toBe(200);
  });

  it('refuses a third AccessKey with a readable message, and shows no secret', async () => {
    await account.go('GET', C);
    await account.submit(`${C}/create`, {});
    expect(account.status).toBe(409);
    expect(account.html).toMatch(/<div class="error" role="alert">An owner holds at most 2 AccessKeys: delete one before creating another\. Error code: LimitExceeded\.ApiKey<\/div>/);
    expect(secretOn(account.html)).toBeUndefined();
    expect(await rootKeys()).toHaveLength(2);
  });

  it('deletes an AccessKey only from a confirmation page of its own; the pair is then unknown over RPC', async () => {
    await account.go('GET', C);
    await account.submit(`${C}/${made.keyId}/delete`, {});
    expect(account.status).toBe(200);
    expect(account.text()).toContain(`Delete AccessKey ${made.keyId}?`);
    expect(account.text()).toContain('cannot be restored');
    expect(account.html).toMatch(/<form method="post" action="\/console\/access-keys\/AK[A-Z0-9]+\/delete" aria-label="Confirm the deletion">/);
    expect(account.html).toContain(`href="${C}"`); // Cancel
    wellFormed(account);
    // Asking is not deleting.
    expect((await rootKeys()).map((k) => k.id)).toContain(made.keyId);

    await account.submit(`${C}/${made.keyId}/delete`, {});
    expect(account.url).toBe(`${C}?done=key-deleted`);
    expect(account.text()).toContain('The AccessKey is deleted.');
    expect(account.html).not.toContain(made.keyId);
    expect((await rootKeys()).map((k) => k.id)).toEqual([rootKeyId]);
    expect(await rpc.pop(accessKeyOf(made.secret), 'ListDirectories')).toMatchObject({ status: 404, body: { Code: 'InvalidAccessKeyId.NotFound' } });

    // A key that is not there has nothing to confirm.
    await account.go('GET', C);
    await account.submit(`${C}/AKNOSUCHKEY/delete`, {});
    expect(account.status).toBe(404);
    expect(account.text()).toContain('AccessKey AKNOSUCHKEY does not exist');
  });

  it("manages an administrator's AccessKeys the same way, from the administrators' section", async () => {
    const ops = await administrator('ak-ops');
    made.admin = ops.id;
    await account.go('GET', C);
    expect(account.html).toMatch(/<label for="f-administrator">/);
    expect(account.html).toContain(`<option value="${ops.id}">ak-ops</option>`);

    await account.go('GET', `${C}?administrator=${ops.id}`);
    expect(account.status).toBe(200);
    expect(account.text()).toContain('AccessKeys of ak-ops');
    expect(account.html).toContain(`<option value="${ops.id}" selected="">ak-ops</option>`);
    expect(account.html).toContain(`<code>${ops.keyId}</code>`);
    expect(account.html).not.toContain(rootKeyId);
    wellFormed(account);

    await account.submit(`${C}/create`, {});
    expect(account.status).toBe(201);
    const secret = secretOn(account.html)!;
    made.adminKeyId = keyIdOn(account.html)!;
    expect(account.html).toContain(`href="${C}?administrator=${ops.id}"`);
    expect((await adminKeys(ops.id)).map((k) => k.id)).toContain(made.adminKeyId);
    // The pair signs, and acts as the administrator: its (empty) policies decide.
    expect(await rpc.pop(accessKeyOf(secret), 'ListDirectories')).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });

    await account.go('GET', `${C}?administrator=${ops.id}`);
    await account.submit(`${C}/${made.adminKeyId}/status`, { status: 'Inactive' });
    expect(account.url).toBe(`${C}?administrator=${ops.id}&done=key-disabled`);
    expect((await adminKeys(ops.id)).find((k) => k.id === made.adminKeyId)?.status).toBe('Inactive');
    expect(await rpc.pop(accessKeyOf(secret), 'ListDirectories')).toMatchObject({ status: 403, body: { Code: 'InvalidAccessKeyId.Inactive' } });

    await account.submit(`${C}/${made.adminKeyId}/delete`, {});
    expect(account.text()).toContain(`Delete AccessKey ${made.adminKeyId}?`);
    await account.submit(`${C}/${made.adminKeyId}/delete`, {});
    expect(account.url).toBe(`${C}?administrator=${ops.id}&done=key-deleted`);
    expect((await adminKeys(ops.id)).map((k) => k.id)).toEqual([ops.keyId]);
  });
});

describe('AccessKeys in the console, signed in as an administrator', () => {
  it('shows only its own AccessKeys, lets it manage them without a policy, and never reaches the root keys', async () => {
    const self = await administrator('ak-self');
    const b = await signIn(self.secret);
    await b.go('GET', C);
    expect(b.status).toBe(200);
    expect(b.text()).toContain('Your AccessKeys');
    expect(b.html).toContain(`<code>${self.keyId}</code>`);
    expect(b.html).not.toContain(rootKeyId);
    expect(b.html).not.toContain('id="f-administrator"');
    expect(b.html).toContain('href="/console/access-keys"');
    wellFormed(b);

    // The forms address the administrator's own keys: a root key id there is no key of its.
    await b.submit(`${C}/${rootKeyId}/status`, { status: 'Inactive' });
    expect(b.status).toBe(404);
    expect(b.text()).toContain(`API key ${rootKeyId} does not exist. Error code: EntityNotExists.ApiKey`);
    await b.go('POST', `${C}/${rootKeyId}/delete`, { csrf: /name="csrf" value="([^"]+)"/.exec(b.html)![1]!, confirm: 'yes' });
    expect(b.status).toBe(404);
    expect(await rootKeys()).toEqual([expect.objectContaining({ id: rootKeyId, status: 'Active' })]);

    // Another administrator's keys need RAM permissions it does not hold.
    await b.go('GET', `${C}?administrator=${made.admin}`);
    expect(b.status).toBe(403);
    expect(b.text()).toContain('missing permission: ram:ListAccessKeys');

    // Its own: created and deleted with no policy at all.
    await b.go('GET', C);
    await b.submit(`${C}/create`, {});
    expect(b.status).toBe(201);
    const created = keyIdOn(b.html)!;
    expect((await adminKeys(self.id)).map((k) => k.id)).toContain(created);
    await b.go('GET', C);
    await b.submit(`${C}/${created}/delete`, {});
    await b.submit(`${C}/${created}/delete`, {});
    expect(b.url).toBe(`${C}?done=key-deleted`);
    expect((await adminKeys(self.id)).map((k) => k.id)).toEqual([self.keyId]);
  });

  it("with AliyunRAMFullAccess manages other administrators' keys, still not the root keys", async () => {
    const ram = await administrator('ak-ram', ['AliyunRAMFullAccess']);
    const b = await signIn(ram.secret);
    await b.go('GET', C);
    expect(b.html).toContain('<option value="" selected="">Yourself</option>');
    expect(b.html).toContain(`<option value="${made.admin}">ak-ops</option>`);
    expect(b.html).not.toContain(`<option value="${ram.id}"`);
    expect(b.text()).not.toContain('root AccessKeys');
    expect(b.html).not.toContain(rootKeyId);

    await b.go('GET', `${C}?administrator=${made.admin}`);
    expect(b.status).toBe(200);
    expect(b.html).toContain(`aria-label="Delete AccessKey `);
    expect(b.html).not.toContain(rootKeyId);
  });
});

describe('CSRF', () => {
  it('puts the session token in every POST form, and refuses a POST without it', async () => {
    for (const path of [C, `${C}?administrator=${made.admin}`]) {
      await account.go('GET', path);
      expect(account.status, path).toBe(200);
      expect(wellFormed(account), path).toBeGreaterThanOrEqual(3);
    }

    await account.go('POST', `${C}/create`, {});
    expect(account.status).toBe(403);
    expect(account.text()).toContain('This form is no longer valid');
    await account.go('POST', `${C}/${rootKeyId}/status`, { status: 'Inactive', csrf: 'forged-token-forged-token' });
    expect(account.status).toBe(403);
    await account.go('POST', `${C}/${rootKeyId}/delete`, { confirm: 'yes' });
    expect(account.status).toBe(403);
    expect(await rootKeys()).toEqual([expect.objectContaining({ id: rootKeyId, status: 'Active' })]);
  });
});
