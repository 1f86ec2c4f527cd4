import { beforeAll, describe, expect, it } from 'vitest';
import { Argon2idHasher, OWASP_ARGON2ID } from '../../adapters/crypto/argon2-hasher';
import { findByLogonIdentifier, registerCustomer } from '../../domain/ciam/customer-use-cases';
import type { CustomerId, InstanceId } from '../../domain/shared/ids';
import { apiWithWorkers } from '../support/access-world';
import { buyInstance } from '../support/ciam';
import { freshTable } from '../support/db';

// Real argon2id at test-sized cost: hashes are still PHC strings the production hasher verifies.
const hasher = new Argon2idHasher({ ...OWASP_ARGON2ID, memorySize: 64, iterations: 1 });

let world: Awaited<ReturnType<typeof setUp>>;

const setUp = async () => {
  const { table, countItems } = await freshTable();
  const { api, queue } = apiWithWorkers(table, { hasher });
  const root = await api.openAccount('Shop Corp');
  const buy = () => buyInstance(api, root.key);
  const a = await buy();
  const b = await buy();
  await queue.idle();
  const admin = async (name: string, instanceId: InstanceId, role: 'SuperAdministrator' | 'ApplicationAdministrator' | 'ReadOnly') => {
    const created = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const key = await api.call('POST', `/api/v1/administrators/${created.json.id}/api-keys`, { key: root.key });
    const added = await api.call('POST', `/api/v1/ciam/instances/${instanceId}/administrators`, { key: root.key, body: { administratorId: created.json.id, role } });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    return key.json.secret as string;
  };
  return { api, queue, root, a, b, buy, admin, countItems };
};

beforeAll(async () => {
  world = await setUp();
});

const accounts = (instanceId: string) => `/api/v1/ciam/instances/${instanceId}/accounts`;

// Distinct, valid Chinese mobile numbers (the 139 range), one per call.
let serial = 0;
const nextPhone = () => `139${String(++serial).padStart(8, '0')}`;
const e164 = (national: string) => `+86${national}`;

const create = (instanceId: string, body: Record<string, unknown>, key = world.root.key) =>
  world.api.call('POST', accounts(instanceId), { key, body: { password: 'Sesame-0pen!', phone: nextPhone(), ...body } });

const created = async (instanceId: string, body: Record<string, unknown>) => {
  const res = await create(instanceId, body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { customerId: CustomerId; username: string; phone: string; email?: string } & Record<string, unknown>;
};

const storedHash = async (instanceId: InstanceId, customerId: CustomerId) => (await world.api.container.customers.getCredential(instanceId, customerId))?.hash;

const parseLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const exportAll = async (instanceId: string, maxResults: number) => {
  const lines: Record<string, unknown>[] = [];
  const pages: number[] = [];
  let token: string | null = null;
  do {
    const res = await fetchExport(instanceId, `?maxResults=${maxResults}${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    expect(res.status).toBe(200);
    const page = parseLines(res.text);
    pages.push(page.length);
    lines.push(...page);
    token = res.headers.get('x-next-token');
  } while (token);
  return { lines, pages };
};

const fetchExport = async (instanceId: string, query = '', key = world.root.key) => {
  const res = await world.api.gateway.request(`${accounts(instanceId)}:export${query}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

describe('CIAM accounts: create and read', () => {
  it('creates an account with a normalised phone number; no response ever carries the password or its hash', async () => {
    const res = await create(world.a, { username: 'Alice.Wong', phone: '138 0013 8000', email: 'Alice@Example.com', displayName: 'Alice Wong' });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({
      username: 'Alice.Wong',
      phone: '+8613800138000',
      email: 'Alice@Example.com',
      displayName: 'Alice Wong',
      status: 'Enabled',
      source: 'Administrator',
      mustChangePassword: true,
    });
    expect(res.json.customerId).toMatch(/^user_[a-z0-9]{26}$/);
    expect(res.json.passwordChangedAt).toBe(res.json.createdAt);
    const id = res.json.customerId as CustomerId;

    const got = await world.api.call('GET', `${accounts(world.a)}/${id}`, { key: world.root.key });
    expect(got.status).toBe(200);
    expect(got.json).toEqual(res.json);
    const list = await world.api.call('GET', `${accounts(world.a)}?usernamePrefix=alice.`, { key: world.root.key });
    expect(list.json.accounts.map((c: { customerId: string }) => c.customerId)).toEqual([id]);
    for (const body of [res.json, got.json, list.json]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('argon2');
      expect(text).not.toContain('Sesame');
      expect(text).not.toMatch(/"password(Hash)?"/);
    }
    // The hash is stored, apart from the account, and is of the password given.
    const hash = await storedHash(world.a, id);
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(await hasher.verify(hash!, 'Sesame-0pen!')).toBe(true);
  });

  it('keeps account names, phone numbers and e-mails unique per instance; another instance may reuse them', async () => {
    const phone = nextPhone();
    await created(world.a, { username: 'bob', phone, email: 'bob@example.com' });
    for (const [body, code] of [
      [{ username: 'BOB' }, 'EntityAlreadyExists.Username'],
      [{ username: 'bob2', phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` }, 'EntityAlreadyExists.PhoneNumber'],
      [{ username: 'bob3', email: 'BOB@EXAMPLE.COM' }, 'EntityAlreadyExists.Email'],
    ] as const) {
      const res = await create(world.a, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.json.code).toBe(code);
    }
    const elsewhere = await create(world.b, { username: 'bob', phone, email: 'bob@example.com' });
    expect(elsewhere.status).toBe(201);
    const inA = await world.api.call('GET', `${accounts(world.a)}?usernamePrefix=bob`, { key: world.root.key });
    expect(inA.json.accounts.map((c: { username: string }) => c.username)).toEqual(['bob']);
  });

  it('lets exactly one of concurrent creates of the same account name win', async () => {
    const phones = Array.from({ length: 8 }, nextPhone);
    const results = await Promise.all(phones.map((phone) => create(world.a, { username: 'race.winner', phone })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.json.code === 'EntityAlreadyExists.Username')).toBe(true);
    const list = await world.api.call('GET', `${accounts(world.a)}?usernamePrefix=race.`, { key: world.root.key });
    expect(list.json.accounts).toHaveLength(1);
    // The losers' transactions took nothing: their phone numbers are still free.
    const losers = phones.filter((_, i) => results[i]!.status === 409);
    for (const [i, phone] of losers.entries()) expect((await create(world.a, { username: `race.loser${i}`, phone })).status).toBe(201);
  });

  it('pages through accounts by account name and filters by status', async () => {
    const names = ['page.c', 'page.a', 'page.e', 'page.b', 'page.d'];
    for (const username of names) await created(world.a, { username });
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const res = await world.api.call('GET', `${accounts(world.a)}?usernamePrefix=PAGE.&maxResults=2${nextToken ? `&nextToken=${nextToken}` : ''}`, { key: world.root.key });
      expect(res.status).toBe(200);
      expect(res.json.accounts.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.accounts.map((c: { username: string }) => c.username));
      nextToken = res.json.nextToken;
    } while (nextToken);
    expect(seen).toEqual([...names].sort());
    const bad = await world.api.call('GET', `${accounts(world.a)}?nextToken=bm90LWEtdG9rZW4`, { key: world.root.key });
    expect(bad.status).toBe(400);
    // A token from instance A's listing does not page instance B.
    const first = await world.api.call('GET', `${accounts(world.a)}?maxResults=1`, { key: world.root.key });
    const crossed = await world.api.call('GET', `${accounts(world.b)}?maxResults=1&nextToken=${first.json.nextToken}`, { key: world.root.key });
    expect(crossed.json.code).toBe('InvalidParameter.NextToken');
  });
});

describe('CIAM accounts: changes', () => {
  it('moves the phone and e-mail guards on update: the old values become free, the new ones taken', async () => {
    const oldPhone = nextPhone();
    const newPhone = nextPhone();
    const carol = await created(world.a, { username: 'carol', phone: oldPhone, email: 'carol@old.example' });
    const res = await world.api.call('PATCH', `${accounts(world.a)}/${carol.customerId}`, {
      key: world.root.key,
      body: { phone: newPhone, email: 'carol@new.example', displayName: 'Carol' },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ phone: e164(newPhone), email: 'carol@new.example', displayName: 'Carol' });

    expect((await create(world.a, { username: 'carol.next', phone: newPhone })).json.code).toBe('EntityAlreadyExists.PhoneNumber');
    expect((await create(world.a, { username: 'carol.next', email: 'CAROL@new.example' })).json.code).toBe('EntityAlreadyExists.Email');
    const reuse = await create(world.a, { username: 'carol.next', phone: oldPhone, email: 'carol@old.example' });
    expect(reuse.status, JSON.stringify(reuse.json)).toBe(201);

    // Taking a number another account holds fails and changes nothing.
    const taken = await world.api.call('PATCH', `${accounts(world.a)}/${carol.customerId}`, { key: world.root.key, body: { phone: oldPhone, displayName: 'Carol Changed' } });
    expect(taken.status).toBe(409);
    expect(taken.json.code).toBe('EntityAlreadyExists.PhoneNumber');
    const after = await world.api.call('GET', `${accounts(world.a)}/${carol.customerId}`, { key: world.root.key });
    expect(after.json).toMatchObject({ phone: e164(newPhone), displayName: 'Carol' });

    // null removes the e-mail, and frees it.
    const removed = await world.api.call('PATCH', `${accounts(world.a)}/${carol.customerId}`, { key: world.root.key, body: { email: null } });
    expect(removed.json.email).toBeUndefined();
    expect((await create(world.a, { username: 'carol.mail', email: 'carol@new.example' })).status).toBe(201);
  });

  it('disables and enables an account, and the status filter follows', async () => {
    const dave = await created(world.a, { username: 'status.dave' });
    await created(world.a, { username: 'status.erin' });
    const disabled = await world.api.call('PUT', `${accounts(world.a)}/${dave.customerId}/status`, { key: world.root.key, body: { status: 'Disabled' } });
    expect(disabled.status).toBe(200);
    expect(disabled.json.status).toBe('Disabled');
    const names = async (status: string) =>
      (await world.api.call('GET', `${accounts(world.a)}?usernamePrefix=status.&status=${status}`, { key: world.root.key })).json.accounts.map((c: { username: string }) => c.username);
    expect(await names('Disabled')).toEqual(['status.dave']);
    expect(await names('Enabled')).toEqual(['status.erin']);
    const enabled = await world.api.call('PUT', `${accounts(world.a)}/${dave.customerId}/status`, { key: world.root.key, body: { status: 'Enabled' } });
    expect(enabled.json.status).toBe('Enabled');
    expect(await names('Enabled')).toEqual(['status.dave', 'status.erin']);
    expect(await names('Disabled')).toEqual([]);
  });

  it('deletes an account with its password: its name, phone and e-mail become free', async () => {
    const phone = nextPhone();
    const frank = await created(world.a, { username: 'frank', phone, email: 'frank@example.com' });
    expect(await storedHash(world.a, frank.customerId)).toBeDefined();
    expect((await world.api.call('DELETE', `${accounts(world.a)}/${frank.customerId}`, { key: world.root.key })).status).toBe(204);
    const gone = await world.api.call('GET', `${accounts(world.a)}/${frank.customerId}`, { key: world.root.key });
    expect(gone.status).toBe(404);
    expect(gone.json.code).toBe('EntityNotExists.Customer');
    expect(await storedHash(world.a, frank.customerId)).toBeUndefined();
    expect((await world.api.call('DELETE', `${accounts(world.a)}/${frank.customerId}`, { key: world.root.key })).status).toBe(404);
    const again = await create(world.a, { username: 'Frank', phone, email: 'frank@example.com' });
    expect(again.status, JSON.stringify(again.json)).toBe(201);
  });

  it("resets an account's password: the stored hash is the new password's", async () => {
    const gina = await created(world.a, { username: 'gina.green' });
    const path = `${accounts(world.a)}/${gina.customerId}/password`;
    const before = await storedHash(world.a, gina.customerId);
    const res = await world.api.call('PUT', path, { key: world.root.key, body: { password: 'a brand new passphrase', mustChangePassword: false } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.mustChangePassword).toBe(false);
    expect(res.json.passwordChangedAt).toBe(res.json.updatedAt);
    expect(JSON.stringify(res.json)).not.toContain('argon2');
    const after = await storedHash(world.a, gina.customerId);
    expect(after).not.toBe(before);
    expect(await hasher.verify(after!, 'a brand new passphrase')).toBe(true);
    expect(await hasher.verify(after!, 'Sesame-0pen!')).toBe(false);

    // A password that breaks the policy is refused, and the stored one stays.
    for (const password of ['short', 'GINA.GREEN', 'x'.repeat(129)]) {
      const refused = await world.api.call('PUT', path, { key: world.root.key, body: { password } });
      expect(refused.status, password).toBe(400);
      expect(refused.json.code).toBe('InvalidParameter.Password');
    }
    expect(await storedHash(world.a, gina.customerId)).toBe(after);
    // Without the option, the customer must change it at the next logon.
    const forced = await world.api.call('PUT', path, { key: world.root.key, body: { password: 'yet another one' } });
    expect(forced.json.mustChangePassword).toBe(true);
    expect(await hasher.verify((await storedHash(world.a, gina.customerId))!, 'yet another one')).toBe(true);
    const missing = await world.api.call('PUT', `${accounts(world.a)}/user_doesnotexist00000000000000/password`, { key: world.root.key, body: { password: 'yet another one' } });
    expect(missing.json.code).toBe('EntityNotExists.Customer');
  });
});

describe('CIAM accounts: export and import', () => {
  it('exports accounts as JSON lines with their hashes, and imports them elsewhere keeping the passwords', async () => {
    const from = await world.buy();
    const to = await world.buy();
    await world.queue.idle();
    const people = [
      { username: 'exp.henry', password: 'henry password 1', email: 'henry@example.com', displayName: 'Henry' },
      { username: 'exp.iris', password: 'iris password 22' },
      { username: 'exp.jack', password: 'jack password 333', email: 'jack@example.com' },
    ];
    for (const p of people) await created(from, p);

    const first = await fetchExport(from, '?maxResults=2');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/x-ndjson');
    expect(first.text.endsWith('\n')).toBe(true);
    expect(parseLines(first.text)).toHaveLength(2);
    expect(first.headers.get('x-next-token')).toBeTruthy();
    const { lines, pages } = await exportAll(from, 2);
    expect(pages).toEqual([2, 1]);
    expect(lines.map((l) => l.username)).toEqual(['exp.henry', 'exp.iris', 'exp.jack']);
    for (const line of lines) expect(line.passwordHash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);

    // Export lines go back as they are.
    const imported = await world.api.call('POST', `${accounts(to)}:import`, { key: world.root.key, body: { records: lines } });
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    expect(imported.json).toMatchObject({ imported: 3, failed: 0 });
    for (const [index, result] of (imported.json.results as { index: number; customerId: CustomerId }[]).entries()) {
      expect(result.index).toBe(index);
      const line = lines[index]!;
      const got = await world.api.call('GET', `${accounts(to)}/${result.customerId}`, { key: world.root.key });
      expect(got.json).toMatchObject({ username: line.username, phone: line.phone, source: 'Import', createdAt: line.createdAt, passwordChangedAt: line.passwordChangedAt });
      expect(got.json.customerId).not.toBe(line.customerId);
      expect(got.json.email).toBe(line.email);
      const hash = await storedHash(to, result.customerId);
      expect(hash).toBe(line.passwordHash);
      expect(await hasher.verify(hash!, people[index]!.password)).toBe(true);
    }

    // Importing the same lines again fails each record on its own: nothing is duplicated.
    const again = await world.api.call('POST', `${accounts(to)}:import`, { key: world.root.key, body: { records: lines } });
    expect(again.json).toMatchObject({ imported: 0, failed: 3 });
    expect(again.json.results.map((r: { code: string }) => r.code)).toEqual(Array(3).fill('EntityAlreadyExists.Username'));
    const listed = await world.api.call('GET', accounts(to), { key: world.root.key });
    expect(listed.json.accounts).toHaveLength(3);
  });

  it('fails only the records that are wrong; clear passwords are hashed', async () => {
    await created(world.a, { username: 'imp.taken' });
    const goodHash = await hasher.hash('migrated password');
    const records = [
      { username: 'imp.kate', phone: nextPhone(), password: 'kate password 1' },
      { username: 'IMP.TAKEN', password: 'whatever it is' },
      { username: 'imp.liam', passwordHash: goodHash, email: 'liam@example.com', status: 'Disabled', createdAt: '2020-01-02T03:04:05Z' },
      { username: 'imp.mia', passwordHash: '$2b$12$notargon2notargon2notargon2notargon2notargon2notargon' },
      { username: 'imp.noah', password: 'short' },
      { username: 'imp noah' },
      { username: 'imp.olga', phone: '12345' },
      { username: 'imp.pete', password: 'both given here', passwordHash: goodHash },
      { username: 'imp.quinn', createdAt: '2999-01-01T00:00:00Z' },
      { username: 'imp.rosa' },
    ];
    const res = await world.api.call('POST', `${accounts(world.a)}:import`, { key: world.root.key, body: { records } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const outcome = (res.json.results as { index: number; customerId?: string; code?: string }[]).map((r) => r.customerId ? 'ok' : r.code);
    expect(outcome).toEqual([
      'ok',
      'EntityAlreadyExists.Username',
      'ok',
      'InvalidParameter.PasswordHash',
      'InvalidParameter.Password',
      'InvalidParameter.Username',
      'InvalidParameter.PhoneNumber',
      'InvalidParameter.PasswordHash',
      'InvalidParameter.Timestamp',
      'ok',
    ]);
    expect(res.json).toMatchObject({ imported: 3, failed: 7 });
    const [kate, , liam, , , , , , , rosa] = res.json.results as { customerId: CustomerId }[];
    expect(await hasher.verify((await storedHash(world.a, kate!.customerId))!, 'kate password 1')).toBe(true);
    expect(await storedHash(world.a, liam!.customerId)).toBe(goodHash);
    const liamRead = await world.api.call('GET', `${accounts(world.a)}/${liam!.customerId}`, { key: world.root.key });
    expect(liamRead.json).toMatchObject({ status: 'Disabled', createdAt: '2020-01-02T03:04:05.000Z', mustChangePassword: false });
    // An account without a password (SMS logon only) is allowed from an import.
    expect(await storedHash(world.a, rosa!.customerId)).toBeUndefined();
    const failedNames = await world.api.call('GET', `${accounts(world.a)}?usernamePrefix=imp.`, { key: world.root.key });
    expect(failedNames.json.accounts.map((c: { username: string }) => c.username)).toEqual(['imp.kate', 'imp.liam', 'imp.rosa', 'imp.taken']);
  });

  it('refuses a malformed batch as a whole, writing nothing', async () => {
    const before = await world.countItems();
    const many = (n: number, extra: (i: number) => Record<string, unknown>) => Array.from({ length: n }, (_, i) => ({ username: `bulk.${i}`, ...extra(i) }));
    for (const [records, code] of [
      [[], 'InvalidParameter.Records'],
      [many(1001, () => ({})), 'InvalidParameter.Records'],
      [many(65, () => ({ password: 'clear password' })), 'InvalidParameter.Records'],
      [[{ username: 'bulk.x', unknown: 1 }], 'InvalidParameter'],
      [[{ username: 7 }], 'InvalidParameter'],
    ] as const) {
      const res = await world.api.call('POST', `${accounts(world.a)}:import`, { key: world.root.key, body: { records } });
      expect(res.status, `${records.length} records`).toBe(400);
      expect(res.json.code).toBe(code);
    }
    expect(await world.countItems()).toBe(before);
  });

  it('routes the custom methods literally', async () => {
    expect((await fetchExport(world.a, '?maxResults=1')).status).toBe(200);
    const wrong = await world.api.call('GET', `${accounts(world.a)}:exports`, { key: world.root.key });
    expect(wrong.status).toBe(404);
    const post = await world.api.call('POST', `${accounts(world.a)}:export`, { key: world.root.key, body: {} });
    expect(post.status).toBe(404);
  });
});

describe('CIAM accounts: who may do what', () => {
  it('hides another instance from an instance administrator: 404 on every account route of B', async () => {
    const superA = await world.admin('super-a', world.a, 'SuperAdministrator');
    const inB = await created(world.b, { username: 'only.in.b' });
    const inA = await create(world.a, { username: 'made.by.super.a' }, superA);
    expect(inA.status, JSON.stringify(inA.json)).toBe(201);
    for (const [method, path, body] of [
      ['GET', accounts(world.b)],
      ['POST', accounts(world.b), { username: 'sneaky', password: 'Sesame-0pen!', phone: nextPhone() }],
      ['GET', `${accounts(world.b)}/${inB.customerId}`],
      ['PATCH', `${accounts(world.b)}/${inB.customerId}`, { displayName: 'x' }],
      ['PUT', `${accounts(world.b)}/${inB.customerId}/status`, { status: 'Disabled' }],
      ['PUT', `${accounts(world.b)}/${inB.customerId}/password`, { password: 'Sesame-0pen!' }],
      ['DELETE', `${accounts(world.b)}/${inB.customerId}`],
      ['GET', `${accounts(world.b)}:export`],
      ['POST', `${accounts(world.b)}:import`, { records: [{ username: 'sneaky' }] }],
    ] as const) {
      const res = await world.api.call(method, path, { key: superA, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.code).toBe('EntityNotExists.Instance');
    }
    // B's account id means nothing in A either.
    const viaA = await world.api.call('GET', `${accounts(world.a)}/${inB.customerId}`, { key: superA });
    expect(viaA.json.code).toBe('EntityNotExists.Customer');
    expect((await world.api.call('GET', `${accounts(world.b)}/${inB.customerId}`, { key: world.root.key })).json.displayName).toBeUndefined();
  });

  it('lets a read-only administrator read accounts but change, export or import nothing', async () => {
    const reader = await world.admin('reader-a', world.a, 'ReadOnly');
    const target = await created(world.a, { username: 'read.only.target' });
    expect((await world.api.call('GET', accounts(world.a), { key: reader })).status).toBe(200);
    expect((await world.api.call('GET', `${accounts(world.a)}/${target.customerId}`, { key: reader })).status).toBe(200);
    for (const [method, path, body, action] of [
      ['POST', accounts(world.a), { username: 'nope', password: 'Sesame-0pen!', phone: nextPhone() }, 'idaas:CreateUser'],
      ['PATCH', `${accounts(world.a)}/${target.customerId}`, { displayName: 'x' }, 'idaas:UpdateUser'],
      ['PUT', `${accounts(world.a)}/${target.customerId}/status`, { status: 'Disabled' }, 'idaas:DisableUser'],
      ['PUT', `${accounts(world.a)}/${target.customerId}/password`, { password: 'Sesame-0pen!' }, 'idaas:SetUserPassword'],
      ['DELETE', `${accounts(world.a)}/${target.customerId}`, undefined, 'idaas:DeleteUser'],
      ['GET', `${accounts(world.a)}:export`, undefined, 'idaas:ExportUsers'],
      ['POST', `${accounts(world.a)}:import`, { records: [{ username: 'nope' }] }, 'idaas:ImportUsers'],
    ] as const) {
      const res = await world.api.call(method, path, { key: reader, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.message).toContain(action);
    }
    const unchanged = await world.api.call('GET', `${accounts(world.a)}/${target.customerId}`, { key: world.root.key });
    expect(unchanged.json).toMatchObject({ status: 'Enabled', updatedAt: target.updatedAt });
    expect(unchanged.json.displayName).toBeUndefined();
    // An application administrator is no account administrator either.
    const appAdmin = await world.admin('apps-a', world.a, 'ApplicationAdministrator');
    expect((await create(world.a, { username: 'nope' }, appAdmin)).status).toBe(403);
  });

  it('refuses invalid input with a precise code and writes nothing', async () => {
    const existing = await created(world.a, { username: 'valid.victor', email: 'victor@example.com' });
    const before = await world.countItems();
    for (const [body, code] of [
      [{ username: 'has space' }, 'InvalidParameter.Username'],
      [{ username: 'x'.repeat(65) }, 'InvalidParameter.Username'],
      [{ username: 'bad.phone', phone: '12800138000' }, 'InvalidParameter.PhoneNumber'],
      [{ username: 'bad.phone', phone: '' }, 'InvalidParameter.PhoneNumber'],
      [{ username: 'bad.mail', email: 'victor@example' }, 'InvalidParameter.Email'],
      [{ username: 'bad.name', displayName: 'x'.repeat(65) }, 'InvalidParameter.DisplayName'],
      [{ username: 'bad.password', password: 'short' }, 'InvalidParameter.Password'],
      [{ username: 'same.as.name', password: 'Same.As.Name' }, 'InvalidParameter.Password'],
      [{ username: 'unknown.field', age: 30 }, 'InvalidParameter'],
      [{ username: 'typed', mustChangePassword: 'yes' }, 'InvalidParameter'],
    ] as const) {
      const res = await create(world.a, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code, JSON.stringify(body)).toBe(code);
    }
    const noPhone = await world.api.call('POST', accounts(world.a), { key: world.root.key, body: { username: 'no.phone', password: 'Sesame-0pen!' } });
    expect(noPhone.status).toBe(400);
    for (const [body, code] of [
      [{ phone: 'call me' }, 'InvalidParameter.PhoneNumber'],
      [{ email: 'not-an-email' }, 'InvalidParameter.Email'],
      [{}, 'InvalidParameter'],
      [{ phone: null }, 'InvalidParameter'],
      [{ username: 'renamed' }, 'InvalidParameter'],
    ] as const) {
      const res = await world.api.call('PATCH', `${accounts(world.a)}/${existing.customerId}`, { key: world.root.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe(code);
    }
    const badId = await world.api.call('GET', `${accounts(world.a)}/u-not-a-customer`, { key: world.root.key });
    expect(badId.status).toBe(400);
    const badStatus = await world.api.call('PUT', `${accounts(world.a)}/${existing.customerId}/status`, { key: world.root.key, body: { status: 'Locked' } });
    expect(badStatus.status).toBe(400);
    expect(await world.countItems()).toBe(before);
    const unchanged = await world.api.call('GET', `${accounts(world.a)}/${existing.customerId}`, { key: world.root.key });
    expect(unchanged.json).toMatchObject({ email: 'victor@example.com', status: 'Enabled', updatedAt: existing.updatedAt });
  });

  it('refuses writes on a released instance but still shows its accounts', async () => {
    const id = await world.buy();
    await world.queue.idle();
    const kept = await created(id, { username: 'released.sam' });
    expect((await world.api.call('DELETE', `/api/v1/ciam/instances/${id}`, { key: world.root.key })).status).toBe(200);
    const res = await create(id, { username: 'released.tom' });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('OperationConflict.InstanceReleased');
    expect((await world.api.call('GET', `${accounts(id)}/${kept.customerId}`, { key: world.root.key })).status).toBe(200);
  });
});

describe('CIAM accounts: hosted-page helpers', () => {
  it('registers a customer by phone number, the account name defaulting to its digits', async () => {
    const ports = world.api.container;
    const phone = nextPhone();
    const out = await registerCustomer(ports, world.a, { phone: `+86 ${phone}`, password: 'my own password', email: 'Uma@Example.com' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toMatchObject({ username: `86${phone}`, phone: e164(phone), source: 'SelfRegistration', mustChangePassword: false, status: 'Enabled' });
    expect(await hasher.verify((await storedHash(world.a, out.value.id))!, 'my own password')).toBe(true);
    const twice = await registerCustomer(ports, world.a, { phone, username: 'uma.again' });
    expect(twice.ok ? 'registered' : twice.error.code).toBe('EntityAlreadyExists.PhoneNumber');
    const smsOnly = await registerCustomer(ports, world.a, { phone: nextPhone() });
    expect(smsOnly.ok && (await storedHash(world.a, smsOnly.value.id))).toBeUndefined();
    expect(smsOnly.ok && smsOnly.value.passwordChangedAt).toBeUndefined();
    const noPhone = await registerCustomer(ports, world.a, { phone: '' });
    expect(noPhone.ok ? 'registered' : noPhone.error.code).toBe('InvalidParameter.PhoneNumber');
    const nowhere = await registerCustomer(ports, 'idaas_doesnotexist0000000000000' as InstanceId, { phone: nextPhone() });
    expect(nowhere.ok ? 'registered' : nowhere.error.code).toBe('EntityNotExists.Instance');
  });

  it('finds a customer by account name, e-mail or phone number, in its own instance only', async () => {
    const ports = world.api.container;
    const phone = nextPhone();
    const vera = await created(world.a, { username: 'Vera.Logon', phone, email: 'Vera@Example.org' });
    for (const identifier of ['vera.logon', 'VERA.LOGON', 'vera@example.org', ' Vera@Example.org ', phone, `+86 ${phone}`, `0086${phone}`, `＋８６${phone}`]) {
      expect((await findByLogonIdentifier(ports, world.a, identifier))?.id, identifier).toBe(vera.customerId);
      expect(await findByLogonIdentifier(ports, world.b, identifier), `${identifier} in B`).toBeUndefined();
    }
    expect(await findByLogonIdentifier(ports, world.a, 'nobody@example.org')).toBeUndefined();
    expect(await findByLogonIdentifier(ports, world.a, '')).toBeUndefined();
    // An account name copying someone's e-mail does not capture that customer's logons.
    const squatter = await created(world.a, { username: 'vera@example.org' });
    expect((await findByLogonIdentifier(ports, world.a, 'vera@example.org'))?.id).toBe(vera.customerId);
    // …while a name that is no one's e-mail still finds its owner.
    const named = await created(world.a, { username: 'wes@example.net' });
    expect((await findByLogonIdentifier(ports, world.a, 'WES@example.net'))?.id).toBe(named.customerId);
    expect(squatter.customerId).not.toBe(vera.customerId);
  });
});
