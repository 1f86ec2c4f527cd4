import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../domain/ciam/catalogue';
import { apiWithWorkers } from '../support/access-world';
import { freshTable } from '../support/db';

let world: Awaited<ReturnType<typeof setUp>>;

const setUp = async () => {
  const { table } = await freshTable();
  const { api, queue } = apiWithWorkers(table);
  const root = await api.openAccount('Shop Corp');
  const admin = async (name: string, policies: string[] = []) => {
    const created = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name, policies } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const key = await api.call('POST', `/api/v1/administrators/${created.json.id}/api-keys`, { key: root.key });
    expect(key.status).toBe(201);
    return { id: created.json.id as string, key: key.json.secret as string };
  };
  const buy = async (key: string, body: Record<string, unknown> = { region: 'cn-hangzhou', edition: 'Enterprise' }) =>
    api.call('POST', '/api/v1/ciam/instances', { key, body });
  return { api, queue, root, admin, buy };
};

beforeAll(async () => {
  world = await setUp();
});

describe('CIAM instances', () => {
  it('shows the catalogue: three editions with their hourly fee and the MAU tiers', async () => {
    const res = await world.api.call('GET', '/api/v1/ciam/catalogue', { key: world.root.key });
    expect(res.status).toBe(200);
    expect(res.json.editions.map((e: { id: string; hourlyFee: string }) => `${e.id}:${e.hourlyFee}`)).toEqual(['Basic:3', 'Enterprise:16', 'Ultimate:42']);
    expect(res.json.mauTiers.map((t: { pricePerMau: string }) => t.pricePerMau)).toEqual(['0.24', '0.20', '0.16', '0.12']);
    expect(res.json).toEqual(CATALOGUE);
  });

  it('purchases an instance with an order; it initializes, then runs once its signing keys exist', async () => {
    const bought = await world.buy(world.root.key, { region: 'cn-shanghai', edition: 'Basic', description: 'Shop logons' });
    expect(bought.status, JSON.stringify(bought.json)).toBe(201);
    const { instance, order } = bought.json;
    expect(instance).toMatchObject({ region: 'cn-shanghai', edition: 'Basic', deployment: 'Online', status: 'Initializing', description: 'Shop logons' });
    expect(instance.instanceId).toMatch(/^idaas_[a-z0-9]{26}$/);
    expect(order).toMatchObject({ instanceId: instance.instanceId, type: 'Purchase', hourlyFee: '3', currency: 'USD', edition: 'Basic' });
    await world.queue.idle();
    const got = await world.api.call('GET', `/api/v1/ciam/instances/${instance.instanceId}`, { key: world.root.key });
    expect(got.json.status).toBe('Running');
    const keys = await world.api.container.instanceSigningKeys.get(instance.instanceId);
    expect(keys.keys.map((k) => k.status)).toEqual(['Active']);
    const orders = await world.api.call('GET', `/api/v1/ciam/instances/${instance.instanceId}/orders`, { key: world.root.key });
    expect(orders.json.orders.map((o: { orderId: string }) => o.orderId)).toEqual([order.orderId]);
  });

  it('refuses a region or edition not in the catalogue, and unknown fields, writing nothing', async () => {
    const before = await world.api.call('GET', '/api/v1/ciam/instances', { key: world.root.key });
    for (const body of [
      { region: 'mars-1', edition: 'Basic' },
      { region: 'cn-hangzhou', edition: 'Platinum' },
      { region: 'cn-hangzhou', edition: 'Basic', price: 0 },
      { region: 'cn-hangzhou', edition: 'Basic', description: 'x'.repeat(129) },
    ]) {
      const res = await world.buy(world.root.key, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe('InvalidParameter');
    }
    const after = await world.api.call('GET', '/api/v1/ciam/instances', { key: world.root.key });
    expect(after.json.instances.length).toBe(before.json.instances.length);
  });

  it('lets only the owner or AliyunYundunIdaasFullAccess buy and release; the read-only policy reads', async () => {
    const full = await world.admin('idaas-full', ['AliyunYundunIdaasFullAccess']);
    const reader = await world.admin('idaas-reader', ['AliyunYundunIdaasReadOnlyAccess']);
    const bought = await world.buy(full.key);
    expect(bought.status).toBe(201);
    const id = bought.json.instance.instanceId as string;
    const denied = await world.buy(reader.key);
    expect(denied.status).toBe(403);
    expect(denied.json.message).toContain('idaas:CreateInstance');
    expect((await world.api.call('GET', `/api/v1/ciam/instances/${id}`, { key: reader.key })).status).toBe(200);
    const list = await world.api.call('GET', '/api/v1/ciam/instances', { key: reader.key });
    expect(list.json.instances.map((i: { instanceId: string }) => i.instanceId)).toContain(id);
    const release = await world.api.call('DELETE', `/api/v1/ciam/instances/${id}`, { key: reader.key });
    expect(release.status).toBe(403);
    await world.queue.idle();
    const released = await world.api.call('DELETE', `/api/v1/ciam/instances/${id}`, { key: full.key });
    expect(released.status).toBe(200);
    expect(released.json.status).toBe('Released');
    expect((await world.api.call('DELETE', `/api/v1/ciam/instances/${id}`, { key: full.key })).json.code).toBe('OperationConflict.InstanceReleased');
    const orders = await world.api.call('GET', `/api/v1/ciam/instances/${id}/orders`, { key: world.root.key });
    expect(orders.json.orders.map((o: { type: string }) => o.type)).toEqual(['Purchase', 'Release']);
  });

  it('scopes instance administrators to their instance: an administrator of A cannot see or touch B', async () => {
    const a = (await world.buy(world.root.key)).json.instance.instanceId as string;
    const b = (await world.buy(world.root.key)).json.instance.instanceId as string;
    await world.queue.idle();
    const alice = await world.admin('alice');
    const bob = await world.admin('bob');
    const added = await world.api.call('POST', `/api/v1/ciam/instances/${a}/administrators`, {
      key: world.root.key,
      body: { administratorId: alice.id, role: 'SuperAdministrator', externalId: 'okta-00u1' },
    });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect(added.json).toMatchObject({ administratorId: alice.id, accountName: 'alice', role: 'SuperAdministrator', externalId: 'okta-00u1' });
    const again = await world.api.call('POST', `/api/v1/ciam/instances/${a}/administrators`, { key: world.root.key, body: { administratorId: alice.id, role: 'ReadOnly' } });
    expect(again.json.code).toBe('EntityAlreadyExists.InstanceAdministrator');

    // Alice administers A: she reads it, lists only it, and adds Bob to it as read-only.
    expect((await world.api.call('GET', `/api/v1/ciam/instances/${a}`, { key: alice.key })).status).toBe(200);
    const mine = await world.api.call('GET', '/api/v1/ciam/instances', { key: alice.key });
    expect(mine.json.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([a]);
    const addBob = await world.api.call('POST', `/api/v1/ciam/instances/${a}/administrators`, { key: alice.key, body: { administratorId: bob.id, role: 'ReadOnly' } });
    expect(addBob.status).toBe(201);

    // B does not exist for Alice: not readable, not listable, not changeable.
    for (const [method, path, body] of [
      ['GET', `/api/v1/ciam/instances/${b}`],
      ['GET', `/api/v1/ciam/instances/${b}/administrators`],
      ['GET', `/api/v1/ciam/instances/${b}/orders`],
      ['POST', `/api/v1/ciam/instances/${b}/administrators`, { administratorId: alice.id, role: 'SuperAdministrator' }],
      ['DELETE', `/api/v1/ciam/instances/${b}`],
    ] as const) {
      const res = await world.api.call(method, path, { key: alice.key, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.code).toBe('EntityNotExists.Instance');
    }
    // A super administrator still cannot release: that is the owner's (or the policy's) call.
    const release = await world.api.call('DELETE', `/api/v1/ciam/instances/${a}`, { key: alice.key });
    expect(release.status).toBe(403);

    // Bob reads A but may not change its administrators.
    expect((await world.api.call('GET', `/api/v1/ciam/instances/${a}/administrators`, { key: bob.key })).json.administrators).toHaveLength(2);
    const bobAdds = await world.api.call('POST', `/api/v1/ciam/instances/${a}/administrators`, { key: bob.key, body: { administratorId: bob.id, role: 'SuperAdministrator' } });
    expect(bobAdds.status).toBe(403);
    expect(bobAdds.json.message).toContain('idaas:AddInstanceAdministrator');

    // Removing Alice's role takes A away from her at once.
    expect((await world.api.call('DELETE', `/api/v1/ciam/instances/${a}/administrators/${alice.id}`, { key: world.root.key })).status).toBe(204);
    expect((await world.api.call('GET', `/api/v1/ciam/instances/${a}`, { key: alice.key })).status).toBe(404);
    expect((await world.api.call('DELETE', `/api/v1/ciam/instances/${a}/administrators/${alice.id}`, { key: world.root.key })).json.code).toBe(
      'EntityNotExists.InstanceAdministrator',
    );
  });

  it('only admits RAM users of the same account as administrators', async () => {
    const id = (await world.buy(world.root.key)).json.instance.instanceId as string;
    await world.queue.idle();
    const other = await world.api.openAccount('Other Corp');
    const stranger = await world.api.call('POST', '/api/v1/administrators', { key: other.key, body: { name: 'stranger' } });
    const res = await world.api.call('POST', `/api/v1/ciam/instances/${id}/administrators`, { key: world.root.key, body: { administratorId: stranger.json.id, role: 'ReadOnly' } });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('EntityNotExists.Administrator');
    // And another account sees none of this account's instances.
    expect((await world.api.call('GET', `/api/v1/ciam/instances/${id}`, { key: other.key })).status).toBe(404);
    expect((await world.api.call('GET', '/api/v1/ciam/instances', { key: other.key })).json.instances).toEqual([]);
  });

  it('refuses changes while an instance initializes', async () => {
    const { api, root } = world;
    // A purchase whose message is lost stays Initializing until the sweeper re-sends it.
    const crashed = apiWithWorkers(api.container.table);
    crashed.control.crash = true;
    const bought = await crashed.api.call('POST', '/api/v1/ciam/instances', { key: root.key, body: { region: 'cn-hangzhou', edition: 'Basic' } });
    const id = bought.json.instance.instanceId as string;
    const alice = await world.admin('carol');
    const res = await api.call('POST', `/api/v1/ciam/instances/${id}/administrators`, { key: root.key, body: { administratorId: alice.id, role: 'ReadOnly' } });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('OperationConflict.InstanceInitializing');
  });
  it("rotates the instance's signing keys in two phases, and the JWKS follows", async () => {
    const id = (await world.buy(world.root.key)).json.instance.instanceId as string;
    await world.queue.idle();
    const base = `/api/v1/ciam/instances/${id}/signing-keys`;
    const jwksKids = async () => {
      const res = await world.api.gateway.request(`/ciam/${id}/oidc/jwks`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    };
    const listed = await world.api.call('GET', base, { key: world.root.key });
    expect(listed.status).toBe(200);
    expect(listed.json.jwksUri).toMatch(new RegExp(`/ciam/${id}/oidc/jwks$`));
    const [active] = listed.json.keys as { keyId: string; status: string }[];
    expect(active?.status).toBe('Active');
    expect(await jwksKids()).toEqual([active!.keyId]);

    const pending = await world.api.call('POST', base, { key: world.root.key });
    expect(pending.status).toBe(201);
    expect(pending.json.status).toBe('Pending');
    // Published before it signs, so relying parties that cache the JWKS learn it first.
    expect(await jwksKids()).toEqual([active!.keyId, pending.json.keyId]);
    expect((await world.api.call('POST', base, { key: world.root.key })).json.code).toBe('EntityAlreadyExists.PendingSigningKey');

    const activated = await world.api.call('POST', `${base}/${pending.json.keyId}/activate`, { key: world.root.key });
    expect(activated.status).toBe(200);
    expect(activated.json.keys.map((k: { status: string }) => k.status)).toEqual(['Active', 'Previous']);
    expect(await jwksKids()).toEqual([pending.json.keyId, active!.keyId]);
    expect((await world.api.call('POST', `${base}/${active!.keyId}/activate`, { key: world.root.key })).json.code).toBe('OperationConflict.SigningKeyNotPending');

    // Rotation is a change: a read-only administrator may list the keys, not rotate them.
    const reader = await world.admin('key-reader', ['AliyunYundunIdaasReadOnlyAccess']);
    expect((await world.api.call('GET', base, { key: reader.key })).status).toBe(200);
    expect((await world.api.call('POST', base, { key: reader.key })).status).toBe(403);
  });
});
