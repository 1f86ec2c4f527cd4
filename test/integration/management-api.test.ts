import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { apiOver, OPERATOR_TOKEN } from '../support/stack';

let api: ReturnType<typeof apiOver>;
let countItems: () => Promise<number>;
let root: { accountId: string; key: string };

beforeAll(async () => {
  const t = await freshTable();
  api = apiOver(t.table);
  countItems = t.countItems;
  root = await api.openAccount();
});

/** Runs a bad request and proves it wrote nothing. */
const writesNothing = async (run: () => Promise<{ status: number; json: any }>) => {
  const before = await countItems();
  const res = await run();
  expect(await countItems()).toBe(before);
  return res;
};

describe('authentication', () => {
  it.each([
    ['no key', undefined],
    ['an unknown key', 'atr_AKNOPE_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    ['an absurdly long key', `atr_${'x'.repeat(400)}`],
  ])('answers 401 with the error shape for %s', async (_what, key) => {
    const res = await api.call('GET', '/api/v1/me', { key });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'InvalidApiKey', message: expect.any(String), requestId: expect.any(String) });
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('rejects before validating: a bad body without a key is still 401, and writes nothing', async () => {
    const res = await writesNothing(() => api.call('POST', '/api/v1/administrators', { body: { nope: 1 } }));
    expect(res.status).toBe(401);
  });

  it('puts the request id on every response, success or failure', async () => {
    const ok = await api.call('GET', '/api/v1/me', { key: root.key });
    const bad = await api.call('GET', '/api/v1/me');
    expect(ok.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
    expect(bad.headers.get('x-request-id')).toBe(bad.json.requestId);
  });

  it('logs one structured JSON line per request, with its request id and no secret', async () => {
    const res = await api.call('GET', '/api/v1/me', { key: root.key });
    const line = api.logs.find((l) => l.requestId === res.headers.get('x-request-id') && l.message === 'request');
    expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/api/v1/me', status: 200, principal: { account: root.accountId } });
    expect(JSON.stringify(api.logs)).not.toContain(root.key);
  });

  it('tells the caller who it is', async () => {
    const res = await api.call('GET', '/api/v1/me', { key: root.key });
    expect(res.json).toMatchObject({ kind: 'account', accountId: root.accountId, account: { type: 'Standalone' } });
  });
});

describe('bad input', () => {
  it('malformed JSON → 400 MalformedJson, nothing written', async () => {
    const res = await writesNothing(() =>
      api.call('POST', '/api/v1/administrators', { key: root.key, raw: '{"name": "x",', headers: { 'content-type': 'application/json' } }),
    );
    expect(res).toMatchObject({ status: 400, json: { code: 'MalformedJson' } });
  });

  it('a wrong content type → 415, nothing written', async () => {
    const res = await writesNothing(() =>
      api.call('POST', '/api/v1/administrators', { key: root.key, raw: 'name=bob', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(res).toMatchObject({ status: 415, json: { code: 'UnsupportedMediaType' } });
  });

  it('a body over 1 MB → 413, nothing written', async () => {
    const res = await writesNothing(() =>
      api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'big', displayName: 'x'.repeat(1024 * 1024) } }),
    );
    expect(res).toMatchObject({ status: 413, json: { code: 'PayloadTooLarge' } });
  });

  it('unknown fields → 400 naming them, nothing written', async () => {
    const res = await writesNothing(() =>
      api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'bob', isRoot: true } }),
    );
    expect(res).toMatchObject({ status: 400, json: { code: 'InvalidParameter' } });
    expect(res.json.message).toContain('isRoot');
  });

  it.each([
    ['an invalid name', { name: 'no spaces allowed' }],
    ['an unknown policy', { name: 'bob', policies: ['GodMode'] }],
    ['a missing name', {}],
    ['a wrong type', { name: 42 }],
  ])('%s → 400, nothing written', async (_what, body) => {
    const res = await writesNothing(() => api.call('POST', '/api/v1/administrators', { key: root.key, body }));
    expect(res).toMatchObject({ status: 400, json: { code: 'InvalidParameter' } });
  });

  it('an empty body where one is required → 400', async () => {
    const res = await writesNothing(() => api.call('POST', '/api/v1/administrators', { key: root.key }));
    expect(res.status).toBe(400);
  });

  it('invalid ids and paging parameters → 400', async () => {
    expect((await api.call('GET', '/api/v1/administrators?maxResults=0', { key: root.key })).status).toBe(400);
    expect((await api.call('GET', '/api/v1/administrators?maxResults=101', { key: root.key })).status).toBe(400);
    expect((await api.call('GET', '/api/v1/administrators?nextToken=garbage!!', { key: root.key })).json.code).toBe(
      'InvalidParameter.NextToken',
    );
    expect((await api.call('GET', '/api/v1/administrators?bogus=1', { key: root.key })).status).toBe(400);
  });

  it('an unknown route → 404 in the same shape', async () => {
    const res = await api.call('GET', '/api/v1/administrators/adm-x/nothing-here', { key: root.key });
    expect(res).toMatchObject({ status: 404, json: { code: 'NotFound' } });
  });
});

describe('administrators', () => {
  it('are created, listed in pages, read, updated and deleted', async () => {
    const created = await api.call('POST', '/api/v1/administrators', {
      key: root.key,
      body: { name: 'carol', displayName: 'Carol', policies: ['AliyunCloudSSOReadOnlyAccess'] },
    });
    expect(created).toMatchObject({ status: 201, json: { name: 'carol', policies: ['AliyunCloudSSOReadOnlyAccess'] } });
    const id = created.json.id;
    for (const name of ['dave', 'erin', 'frank']) {
      expect((await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name } })).status).toBe(201);
    }
    const names: string[] = [];
    let next: string | undefined;
    do {
      const page = await api.call('GET', `/api/v1/administrators?maxResults=2${next ? `&nextToken=${next}` : ''}`, { key: root.key });
      expect(page.json.administrators.length).toBeLessThanOrEqual(2);
      names.push(...page.json.administrators.map((a: { name: string }) => a.name));
      next = page.json.nextToken;
    } while (next);
    expect(names.sort()).toEqual(expect.arrayContaining(['carol', 'dave', 'erin', 'frank']));
    expect(new Set(names).size).toBe(names.length);

    const updated = await api.call('PATCH', `/api/v1/administrators/${id}`, {
      key: root.key,
      body: { policies: ['AliyunCloudSSOFullAccess'] },
    });
    expect(updated.json).toMatchObject({ displayName: 'Carol', policies: ['AliyunCloudSSOFullAccess'] });
    expect((await api.call('GET', `/api/v1/administrators/${id}`, { key: root.key })).json.policies).toEqual([
      'AliyunCloudSSOFullAccess',
    ]);
    expect((await api.call('DELETE', `/api/v1/administrators/${id}`, { key: root.key })).status).toBe(204);
    expect((await api.call('GET', `/api/v1/administrators/${id}`, { key: root.key })).json.code).toBe(
      'EntityNotExists.Administrator',
    );
  });

  it('are unique by name, case-insensitively: 409 and nothing written', async () => {
    expect((await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'Grace' } })).status).toBe(201);
    const res = await writesNothing(() => api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'grace' } }));
    expect(res).toMatchObject({ status: 409, json: { code: 'EntityAlreadyExists.Administrator' } });
  });

  it('free their name when deleted', async () => {
    const a = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'heidi' } });
    await api.call('DELETE', `/api/v1/administrators/${a.json.id}`, { key: root.key });
    expect((await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'heidi' } })).status).toBe(201);
  });
});

describe('API keys and policies', () => {
  const adminWithKey = async (name: string, policies: string[]) => {
    const admin = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name, policies } });
    const key = await api.call('POST', `/api/v1/administrators/${admin.json.id}/api-keys`, { key: root.key });
    expect(key.status).toBe(201);
    return { id: admin.json.id as string, key: key.json.secret as string, keyId: key.json.apiKey.id as string };
  };

  it('shows a secret once and never again', async () => {
    const a = await adminWithKey('ivan', []);
    const list = await api.call('GET', `/api/v1/administrators/${a.id}/api-keys`, { key: root.key });
    expect(list.json.apiKeys).toEqual([expect.objectContaining({ id: a.keyId, status: 'Active', signsRequests: true })]);
    expect(JSON.stringify(list.json)).not.toContain(a.key);
  });

  it('403 names the missing permission, and the request writes nothing', async () => {
    const reader = await adminWithKey('judy', ['AliyunCloudSSOReadOnlyAccess']);
    const res = await writesNothing(() => api.call('POST', '/api/v1/administrators', { key: reader.key, body: { name: 'mallory' } }));
    expect(res).toMatchObject({ status: 403, json: { code: 'Forbidden', missingPermission: 'ram:CreateUser' } });
    expect(res.json.message).toContain('ram:CreateUser');
  });

  it('a policy change applies to the very next request', async () => {
    const a = await adminWithKey('ken', []);
    expect((await api.call('GET', '/api/v1/administrators', { key: a.key })).status).toBe(403);
    await api.call('PATCH', `/api/v1/administrators/${a.id}`, { key: root.key, body: { policies: ['AliyunRAMReadOnlyAccess'] } });
    expect((await api.call('GET', '/api/v1/administrators', { key: a.key })).status).toBe(200);
  });

  it('an administrator cannot grant a policy it does not hold', async () => {
    const ram = await adminWithKey('leo', ['AliyunRAMFullAccess']);
    const res = await api.call('POST', '/api/v1/administrators', { key: ram.key, body: { name: 'sneaky', policies: ['AdministratorAccess'] } });
    expect(res).toMatchObject({ status: 403, json: { code: 'Forbidden.PolicyEscalation' } });
    expect((await api.call('POST', '/api/v1/administrators', { key: ram.key, body: { name: 'fine', policies: ['AliyunRAMFullAccess'] } })).status).toBe(201);
  });

  it('at most two keys per owner, enforced even when requested at once', async () => {
    const admin = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'mike' } });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.call('POST', `/api/v1/administrators/${admin.json.id}/api-keys`, { key: root.key })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.status === 409).every((r) => r.json.code === 'LimitExceeded.ApiKey')).toBe(true);
    const list = await api.call('GET', `/api/v1/administrators/${admin.json.id}/api-keys`, { key: root.key });
    expect(list.json.apiKeys).toHaveLength(2);
  });

  it('a deactivated key is refused; reactivated, it works again; deleted, it is gone', async () => {
    const a = await adminWithKey('nina', ['AliyunRAMReadOnlyAccess']);
    const path = `/api/v1/administrators/${a.id}/api-keys/${a.keyId}`;
    expect((await api.call('PATCH', path, { key: root.key, body: { status: 'Inactive' } })).json.status).toBe('Inactive');
    expect((await api.call('GET', '/api/v1/me', { key: a.key })).status).toBe(401);
    await api.call('PATCH', path, { key: root.key, body: { status: 'Active' } });
    expect((await api.call('GET', '/api/v1/me', { key: a.key })).status).toBe(200);
    expect((await api.call('DELETE', path, { key: root.key })).status).toBe(204);
    expect((await api.call('GET', '/api/v1/me', { key: a.key })).status).toBe(401);
  });

  it("deleting an administrator revokes its keys", async () => {
    const a = await adminWithKey('oscar', ['AliyunRAMReadOnlyAccess']);
    expect((await api.call('GET', '/api/v1/me', { key: a.key })).status).toBe(200);
    await api.call('DELETE', `/api/v1/administrators/${a.id}`, { key: root.key });
    expect((await api.call('GET', '/api/v1/me', { key: a.key })).status).toBe(401);
  });

  it('an administrator manages its own keys but never the root keys, and cannot delete itself', async () => {
    const a = await adminWithKey('peggy', []);
    expect((await api.call('GET', `/api/v1/administrators/${a.id}/api-keys`, { key: a.key })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/account/api-keys', { key: a.key })).json.code).toBe('Forbidden.RootApiKey');
    const self = await api.call('DELETE', `/api/v1/administrators/${a.id}`, { key: a.key });
    expect(self.status).toBe(403);
  });

  it('the account rolls its own root key: a second one, then the first deleted', async () => {
    const second = await api.call('POST', '/api/v1/account/api-keys', { key: root.key });
    expect(second.status).toBe(201);
    const third = await api.call('POST', '/api/v1/account/api-keys', { key: root.key });
    expect(third).toMatchObject({ status: 409, json: { code: 'LimitExceeded.ApiKey' } });
    const keys = await api.call('GET', '/api/v1/account/api-keys', { key: second.json.secret });
    const first = keys.json.apiKeys.find((k: { id: string }) => k.id !== second.json.apiKey.id);
    expect((await api.call('DELETE', `/api/v1/account/api-keys/${first.id}`, { key: second.json.secret })).status).toBe(204);
    expect((await api.call('GET', '/api/v1/me', { key: root.key })).status).toBe(401);
    root = { ...root, key: second.json.secret };
  });

  it('lists the policy catalogue', async () => {
    const res = await api.call('GET', '/api/v1/policies', { key: root.key });
    expect(res.json.policies.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'AliyunCloudSSOFullAccess',
        'AliyunCloudSSOReadOnlyAccess',
        'AliyunYundunIdaasFullAccess',
        'AliyunYundunIdaasReadOnlyAccess',
        'AdministratorAccess',
      ]),
    );
  });
});

describe('tenant isolation', () => {
  it("another account's key sees and touches none of this account's administrators", async () => {
    const other = await api.openAccount('Other Corp');
    const mine = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'quentin' } });
    expect((await api.call('GET', `/api/v1/administrators/${mine.json.id}`, { key: other.key })).status).toBe(404);
    expect((await api.call('DELETE', `/api/v1/administrators/${mine.json.id}`, { key: other.key })).status).toBe(404);
    expect((await api.call('POST', `/api/v1/administrators/${mine.json.id}/api-keys`, { key: other.key })).status).toBe(404);
    const list = await api.call('GET', '/api/v1/administrators', { key: other.key });
    expect(list.json.administrators).toEqual([]);
    // A paging token of one account's listing is refused for another's.
    await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'rupert' } });
    const page = await api.call('GET', '/api/v1/administrators?maxResults=1', { key: root.key });
    expect(page.json.nextToken).toBeDefined();
    const stolen = await api.call('GET', `/api/v1/administrators?nextToken=${page.json.nextToken}`, { key: other.key });
    expect(stolen).toMatchObject({ status: 400, json: { code: 'InvalidParameter.NextToken' } });
  });
});

describe('operator', () => {
  it('opens accounts only with the operator token', async () => {
    const bad = await writesNothing(() =>
      api.call('POST', '/api/v1/operator/accounts', { key: root.key, body: { displayName: 'Nope Inc' } }),
    );
    expect(bad).toMatchObject({ status: 401, json: { code: 'InvalidOperatorToken' } });
    const good = await api.call('POST', '/api/v1/operator/accounts', {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: { displayName: 'Yes Inc' },
    });
    expect(good).toMatchObject({ status: 201, json: { account: { type: 'Standalone', enterpriseVerified: false } } });
    expect(good.json.account.id).toMatch(/^\d{16}$/);
  });
});
