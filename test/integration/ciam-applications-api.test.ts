import { timingSafeEqual } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { secrets } from '../../adapters/crypto/secrets';
import { DynamoApplicationRepository } from '../../adapters/dynamodb/application-repository';
import { applicationCountKey, applicationKey } from '../../adapters/dynamodb/keys';
import { newApplication, oidcClientOf, type Application, type OidcApplication } from '../../domain/ciam/application';
import { authenticateClient } from '../../domain/ciam/oidc/client-authentication';
import type { ApplicationId, InstanceId } from '../../domain/shared/ids';
import { apiWithWorkers } from '../support/access-world';
import { TEST_NOW } from '../support/clock';
import { freshTable } from '../support/db';

let world: Awaited<ReturnType<typeof setUp>>;

const website = (name = 'Shop web', oidc: Record<string, unknown> = {}) => ({
  name,
  type: 'Website',
  protocol: 'OIDC',
  oidc: { redirectUris: ['https://shop.example.com/callback'], ...oidc },
});
const samlApp = {
  name: 'Partner wiki',
  type: 'Website',
  protocol: 'SAML',
  saml: { spEntityId: 'https://wiki.example.com/saml', acsUrl: 'https://wiki.example.com/saml/acs', attributeMapping: [{ name: 'mail', source: 'email' }] },
};

const setUp = async () => {
  const { table, countItems } = await freshTable();
  const { api, queue } = apiWithWorkers(table);
  const root = await api.openAccount('Shop Corp');
  const admin = async (name: string) => {
    const created = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const key = await api.call('POST', `/api/v1/administrators/${created.json.id}/api-keys`, { key: root.key });
    return { id: created.json.id as string, key: key.json.secret as string };
  };
  const instance = async (edition = 'Enterprise') => {
    const bought = await api.call('POST', '/api/v1/ciam/instances', { key: root.key, body: { region: 'cn-hangzhou', edition } });
    expect(bought.status).toBe(201);
    await queue.idle();
    return bought.json.instance.instanceId as string;
  };
  const apps = (instanceId: string) => `/api/v1/ciam/instances/${instanceId}/applications`;
  const create = (instanceId: string, body: unknown, key = root.key) => api.call('POST', apps(instanceId), { key, body });
  const createdId = async (instanceId: string, body: unknown = website()) => {
    const res = await create(instanceId, body);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.application.applicationId as string;
  };
  const ids = async (instanceId: string, key = root.key) => {
    const res = await api.call('GET', `${apps(instanceId)}?maxResults=100`, { key });
    expect(res.status).toBe(200);
    return (res.json.applications as { applicationId: string }[]).map((a) => a.applicationId).sort();
  };
  return { api, queue, table, countItems, root, admin, instance, apps, create, createdId, ids, repository: new DynamoApplicationRepository(table) };
};

beforeAll(async () => {
  world = await setUp();
});

describe('CIAM applications', () => {
  it('registers an OIDC website: its client secret is shown once, only its hash is stored, and it authenticates', async () => {
    const instanceId = await world.instance();
    const res = await world.create(instanceId, website('Shop web', { postLogoutRedirectUris: ['https://shop.example.com/bye'] }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const { application, clientSecret } = res.json;
    expect(application).toMatchObject({
      instanceId,
      name: 'Shop web',
      type: 'Website',
      protocol: 'OIDC',
      status: 'Enabled',
      oidc: {
        clientType: 'confidential',
        redirectUris: ['https://shop.example.com/callback'],
        postLogoutRedirectUris: ['https://shop.example.com/bye'],
        grantTypes: ['authorization_code', 'refresh_token'],
        accessTokenSeconds: 3600,
        idTokenSeconds: 3600,
        refreshTokenSeconds: 2592000,
      },
    });
    expect(application.applicationId).toMatch(/^app_[a-z0-9]{26}$/);
    expect(application.oidc.clientId).toBe(application.applicationId);
    expect(clientSecret.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(clientSecret.clientSecretId).toMatch(/^cs_[A-Za-z0-9]{20}$/);

    // Every later read: no secret, no hash.
    const hash = secrets.hash(clientSecret.clientSecret);
    const base = `${world.apps(instanceId)}/${application.applicationId}`;
    for (const path of [base, world.apps(instanceId), `${base}/client-secrets`]) {
      const read = await world.api.call('GET', path, { key: world.root.key });
      expect(read.status, path).toBe(200);
      expect(JSON.stringify(read.json)).not.toContain(clientSecret.clientSecret);
      expect(JSON.stringify(read.json)).not.toContain(hash);
    }
    const listed = await world.api.call('GET', `${base}/client-secrets`, { key: world.root.key });
    expect(listed.json.clientSecrets).toEqual([{ clientSecretId: clientSecret.clientSecretId, createdAt: TEST_NOW }]);

    const item = await world.table.get(applicationKey(instanceId as InstanceId, application.applicationId as ApplicationId));
    expect(JSON.stringify(item)).not.toContain(clientSecret.clientSecret);
    expect((item?.clientSecrets as { hash: string }[])[0]?.hash).toBe(hash);

    // The stored application is what the token endpoint will authenticate against.
    const stored = (await world.api.container.applications.get(instanceId as InstanceId, application.applicationId)) as OidcApplication;
    const authenticate = (secret: string) =>
      authenticateClient(
        {
          instanceId,
          credentials: { method: 'client_secret_post', clientId: application.applicationId, secret },
          client: oidcClientOf(stored),
          secrets: stored.clientSecrets,
          now: world.api.clock.now(),
        },
        { hash: secrets.hash, constantTimeEqual: (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b)) },
      ).ok;
    expect([authenticate(clientSecret.clientSecret), authenticate('guess')]).toEqual([true, false]);
  });

  it('registers public clients without a secret, and SAML applications with their defaults', async () => {
    const instanceId = await world.instance();
    const mobile = await world.create(instanceId, { name: 'Shop iOS', type: 'MobileApp', protocol: 'OIDC', oidc: { redirectUris: ['com.example.shop:/oauth2redirect', 'http://127.0.0.1/cb'] } });
    expect(mobile.status, JSON.stringify(mobile.json)).toBe(201);
    expect(mobile.json.application.oidc.clientType).toBe('public');
    expect(mobile.json.clientSecret).toBeUndefined();
    const rotate = await world.api.call('POST', `${world.apps(instanceId)}/${mobile.json.application.applicationId}/client-secrets`, { key: world.root.key });
    expect(rotate.status).toBe(409);
    expect(rotate.json.code).toBe('OperationNotSupported.ClientSecret');

    const saml = await world.create(instanceId, samlApp);
    expect(saml.status, JSON.stringify(saml.json)).toBe(201);
    expect(saml.json.clientSecret).toBeUndefined();
    expect(saml.json.application.oidc).toBeUndefined();
    expect(saml.json.application.saml).toEqual({
      spEntityId: 'https://wiki.example.com/saml',
      acsUrl: 'https://wiki.example.com/saml/acs',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      nameIdSource: 'username',
      attributeMapping: [{ name: 'mail', source: 'email' }],
    });
    const got = await world.api.call('GET', `${world.apps(instanceId)}/${saml.json.application.applicationId}`, { key: world.root.key });
    expect(got.json).toEqual(saml.json.application);
  });

  it('refuses invalid applications with a clear code and writes nothing', async () => {
    const instanceId = await world.instance();
    const before = await world.countItems();
    const cases: [unknown, string][] = [
      [website('Shop', { redirectUris: ['https://shop.example.com/cb#frag'] }), 'InvalidParameter.RedirectUri'],
      [website('Shop', { redirectUris: ['https://*.example.com/cb'] }), 'InvalidParameter.RedirectUri'],
      [website('Shop', { redirectUris: ['http://shop.example.com/cb'] }), 'InvalidParameter.RedirectUri'],
      [website('Shop', { redirectUris: ['com.example.shop:/cb'] }), 'InvalidParameter.RedirectUri'],
      [website('Shop', { redirectUris: [] }), 'InvalidParameter.RedirectUri'],
      [website('Shop', { postLogoutRedirectUris: ['https://shop.example.com/bye#x'] }), 'InvalidParameter.PostLogoutRedirectUri'],
      [website('Shop', { grantTypes: ['refresh_token'] }), 'InvalidParameter.GrantTypes'],
      [website('Shop', { accessTokenSeconds: 60 }), 'InvalidParameter.TokenLifetime'],
      [website('Shop', { refreshTokenSeconds: 7_776_001 }), 'InvalidParameter.TokenLifetime'],
      [website(' '), 'InvalidParameter.ApplicationName'],
      [website('n'.repeat(65)), 'InvalidParameter.ApplicationName'],
      [{ ...website(), icon: 'http://cdn.example.com/i.png' }, 'InvalidParameter.Icon'],
      [{ ...website(), icon: 'data:image/gif;base64,AAAA' }, 'InvalidParameter.Icon'],
      [{ name: 'Shop', type: 'Website', protocol: 'OIDC' }, 'InvalidParameter.ProtocolSettings'],
      [{ ...samlApp, oidc: website().oidc }, 'InvalidParameter.ProtocolSettings'],
      [{ ...samlApp, saml: { ...samlApp.saml, acsUrl: 'http://wiki.example.com/acs' } }, 'InvalidParameter.AcsUrl'],
      [{ ...samlApp, saml: { ...samlApp.saml, attributeMapping: [{ name: 'a', source: 'email' }, { name: 'a', source: 'phone' }] } }, 'InvalidParameter.AttributeMapping'],
      // Shapes the edge refuses before any rule runs.
      [{ ...website(), secret: 'mine' }, 'InvalidParameter'],
      [{ ...website(), type: 'Desktop' }, 'InvalidParameter'],
      [website('Shop', { clientSecret: 'x' }), 'InvalidParameter'],
      [website('Shop', { redirectUris: Array.from({ length: 11 }, (_, i) => `https://shop.example.com/${i}`) }), 'InvalidParameter'],
      [website('Shop', { grantTypes: ['implicit'] }), 'InvalidParameter'],
    ];
    for (const [body, code] of cases) {
      const res = await world.create(instanceId, body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(res.json.code, JSON.stringify(body).slice(0, 200)).toBe(code);
    }
    expect(await world.countItems()).toBe(before);
    expect(await world.ids(instanceId)).toEqual([]);
  });

  it('updates settings; a refused change leaves the application as it was', async () => {
    const instanceId = await world.instance();
    const id = await world.createdId(instanceId);
    const path = `${world.apps(instanceId)}/${id}`;
    const changed = await world.api.call('PATCH', path, {
      key: world.root.key,
      body: { name: 'Shop web 2', icon: 'https://cdn.example.com/shop.png', oidc: { redirectUris: ['https://shop.example.com/cb2', 'http://localhost:3000/cb'], idTokenSeconds: 600 } },
    });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json).toMatchObject({ name: 'Shop web 2', icon: 'https://cdn.example.com/shop.png', oidc: { redirectUris: ['https://shop.example.com/cb2', 'http://localhost:3000/cb'], idTokenSeconds: 600, accessTokenSeconds: 3600 } });

    for (const [body, code] of [
      [{ oidc: { redirectUris: ['https://shop.example.com/cb#x'] } }, 'InvalidParameter.RedirectUri'],
      [{ oidc: { redirectUris: ['https://shop.example.com/*'] } }, 'InvalidParameter.RedirectUri'],
      [{ saml: { acsUrl: 'https://shop.example.com/acs' } }, 'InvalidParameter.ProtocolSettings'],
      [{ oidc: { clientType: 'public' } }, 'InvalidParameter'],
      [{ type: 'MobileApp' }, 'InvalidParameter'],
    ] as const) {
      const res = await world.api.call('PATCH', path, { key: world.root.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe(code);
    }
    const unchanged = await world.api.call('GET', path, { key: world.root.key });
    expect(unchanged.json).toEqual(changed.json);

    const noIcon = await world.api.call('PATCH', path, { key: world.root.key, body: { icon: null } });
    expect(noIcon.json.icon).toBeUndefined();
  });

  it('keeps SAML SP entity ids unique per instance: create, change and delete move the claim, other instances are free', async () => {
    const [a, b] = [await world.instance(), await world.instance()];
    const entity = samlApp.saml.spEntityId;
    const first = await world.createdId(a, samlApp);
    const twin = await world.create(a, { ...samlApp, name: 'Wiki copy' });
    expect(twin.status).toBe(409);
    expect(twin.json.code).toBe('EntityAlreadyExists.SpEntityId');
    expect(twin.json.message).toContain(entity);
    expect(await world.ids(a)).toEqual([first]);
    // Another instance has SPs of its own.
    await world.createdId(b, samlApp);

    const other = await world.createdId(a, { ...samlApp, name: 'Wiki 2', saml: { ...samlApp.saml, spEntityId: 'https://wiki2.example.com/saml' } });
    const patch = (id: string, spEntityId: string) => world.api.call('PATCH', `${world.apps(a)}/${id}`, { key: world.root.key, body: { saml: { spEntityId } } });
    const taken = await patch(other, entity);
    expect(taken.status).toBe(409);
    expect(taken.json.code).toBe('EntityAlreadyExists.SpEntityId');
    expect((await world.api.call('GET', `${world.apps(a)}/${other}`, { key: world.root.key })).json.saml.spEntityId).toBe('https://wiki2.example.com/saml');
    // SAML SSO's lookup follows the claim.
    expect((await world.repository.withSpEntityId(a as InstanceId, entity)).application?.id).toBe(first);

    // The first moves away: its old id is free, and taken by the other.
    expect((await patch(first, 'https://wiki-old.example.com/saml')).status).toBe(200);
    expect((await patch(other, entity)).status).toBe(200);
    expect((await world.repository.withSpEntityId(a as InstanceId, entity)).application?.id).toBe(other);
    expect((await world.repository.withSpEntityId(a as InstanceId, 'https://wiki2.example.com/saml')).application).toBeUndefined();
    // Deleting frees it too.
    expect((await world.api.call('DELETE', `${world.apps(a)}/${other}`, { key: world.root.key })).status).toBe(204);
    expect((await world.repository.withSpEntityId(a as InstanceId, entity)).application).toBeUndefined();
    await world.createdId(a, { ...samlApp, name: 'Wiki again' });
  });

  it('disables and enables; a disabled application stays configurable; deleting frees its id', async () => {
    const instanceId = await world.instance();
    const id = await world.createdId(instanceId);
    const path = `${world.apps(instanceId)}/${id}`;
    const disabled = await world.api.call('PUT', `${path}/status`, { key: world.root.key, body: { status: 'Disabled' } });
    expect(disabled.status).toBe(200);
    expect(disabled.json.status).toBe('Disabled');
    expect((await world.api.container.applications.get(instanceId as InstanceId, id as ApplicationId))?.status).toBe('Disabled');
    // Disabled again: nothing to change, still 200.
    expect((await world.api.call('PUT', `${path}/status`, { key: world.root.key, body: { status: 'Disabled' } })).json.status).toBe('Disabled');
    expect((await world.api.call('PATCH', path, { key: world.root.key, body: { name: 'Renamed while off' } })).status).toBe(200);
    expect((await world.api.call('POST', `${path}/client-secrets`, { key: world.root.key })).status).toBe(201);
    expect((await world.api.call('PUT', `${path}/status`, { key: world.root.key, body: { status: 'Paused' } })).status).toBe(400);
    const enabled = await world.api.call('PUT', `${path}/status`, { key: world.root.key, body: { status: 'Enabled' } });
    expect(enabled.json).toMatchObject({ status: 'Enabled', name: 'Renamed while off' });

    expect((await world.api.call('DELETE', path, { key: world.root.key })).status).toBe(204);
    for (const [method, p] of [
      ['GET', path],
      ['DELETE', path],
      ['PATCH', path],
      ['GET', `${path}/logon-methods`],
      ['POST', `${path}/client-secrets`],
    ] as const) {
      const res = await world.api.call(method, p, { key: world.root.key, ...(method === 'PATCH' ? { body: { name: 'x' } } : {}) });
      expect(res.status, `${method} ${p}`).toBe(404);
      expect(res.json.code).toBe('EntityNotExists.Application');
    }
    expect(await world.ids(instanceId)).toEqual([]);
    expect((await world.table.get(applicationCountKey(instanceId as InstanceId)))?.applications).toBe(0);
  });

  it('rotates client secrets: the new one is current, the old one expires after the overlap, a third drops the oldest', async () => {
    const instanceId = await world.instance();
    const created = await world.create(instanceId, website());
    const id = created.json.application.applicationId as string;
    const first = created.json.clientSecret.clientSecretId as string;
    const path = `${world.apps(instanceId)}/${id}/client-secrets`;
    const day = new Date(Date.parse(TEST_NOW) + 86_400_000).toISOString();

    const second = await world.api.call('POST', path, { key: world.root.key });
    expect(second.status, JSON.stringify(second.json)).toBe(201);
    expect(second.json.clientSecret.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.json.clientSecret.clientSecret).not.toBe(created.json.clientSecret.clientSecret);
    expect(second.json.clientSecrets).toEqual([
      { clientSecretId: second.json.clientSecret.clientSecretId, createdAt: TEST_NOW },
      { clientSecretId: first, createdAt: TEST_NOW, expiresAt: day },
    ]);

    const third = await world.api.call('POST', path, { key: world.root.key, body: { overlapSeconds: 3600 } });
    const hour = new Date(Date.parse(TEST_NOW) + 3_600_000).toISOString();
    expect(third.json.clientSecrets).toEqual([
      { clientSecretId: third.json.clientSecret.clientSecretId, createdAt: TEST_NOW },
      { clientSecretId: second.json.clientSecret.clientSecretId, createdAt: TEST_NOW, expiresAt: hour },
    ]);

    for (const overlapSeconds of [-1, 7 * 86_400 + 1]) {
      const refused = await world.api.call('POST', path, { key: world.root.key, body: { overlapSeconds } });
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe('InvalidParameter.SecretOverlap');
    }
    expect((await world.api.call('POST', path, { key: world.root.key, body: { overlapSeconds: 'soon' } })).status).toBe(400);
    expect((await world.api.call('GET', path, { key: world.root.key })).json.clientSecrets).toEqual(third.json.clientSecrets);

    // Revocation: no overlap, the previous secret is gone at once.
    const revoked = await world.api.call('POST', path, { key: world.root.key, body: { overlapSeconds: 0 } });
    expect(revoked.json.clientSecrets).toEqual([{ clientSecretId: revoked.json.clientSecret.clientSecretId, createdAt: TEST_NOW }]);
    const stored = await world.api.container.applications.get(instanceId as InstanceId, id as ApplicationId);
    expect(stored?.clientSecrets.map((s) => s.hash)).toEqual([secrets.hash(revoked.json.clientSecret.clientSecret)]);
  });

  it('keeps per-application logon methods and refuses inconsistent ones', async () => {
    const instanceId = await world.instance();
    const [a, b] = [await world.createdId(instanceId), await world.createdId(instanceId)];
    const path = (id: string) => `${world.apps(instanceId)}/${id}/logon-methods`;
    const defaults = { phoneCode: true, password: true, primary: 'Password', selfRegistration: false, smsSecondFactor: false };
    expect((await world.api.call('GET', path(a), { key: world.root.key })).json).toEqual(defaults);

    const chosen = { phoneCode: true, password: false, primary: 'PhoneCode', selfRegistration: true, smsSecondFactor: false };
    const put = await world.api.call('PUT', path(a), { key: world.root.key, body: chosen });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toEqual(chosen);
    expect((await world.api.call('GET', path(a), { key: world.root.key })).json).toEqual(chosen);
    expect((await world.api.call('GET', path(b), { key: world.root.key })).json).toEqual(defaults);

    for (const [body, code] of [
      [{ ...defaults, phoneCode: false, password: false }, 'InvalidParameter.NoLogonMethod'],
      [{ ...defaults, password: false }, 'InvalidParameter.PrimaryLogonMethod'],
      [{ ...defaults, password: false, primary: 'PhoneCode', smsSecondFactor: true }, 'InvalidParameter.SmsSecondFactor'],
      [{ ...defaults, primary: 'Fingerprint' }, 'InvalidParameter'],
      [{ phoneCode: true, password: true }, 'InvalidParameter'],
      [{ ...defaults, mfa: true }, 'InvalidParameter'],
    ] as const) {
      const res = await world.api.call('PUT', path(a), { key: world.root.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe(code);
    }
    expect((await world.api.call('GET', path(a), { key: world.root.key })).json).toEqual(chosen);
  });

  it("holds a Basic instance to its edition's 10 applications, also under concurrent creates", async () => {
    const instanceId = await world.instance('Basic');
    for (let i = 0; i < 7; i++) await world.createdId(instanceId, website(`App ${i}`));
    const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => world.create(instanceId, website(`Racer ${i}`))));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    for (const refused of racing.filter((r) => r.status === 409)) expect(refused.json.code).toBe('LimitExceeded.Application');
    expect(await world.ids(instanceId)).toHaveLength(10);
    expect((await world.table.get(applicationCountKey(instanceId as InstanceId)))?.applications).toBe(10);

    // Pages cover every application once.
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await world.api.call('GET', `${world.apps(instanceId)}?maxResults=4${nextToken ? `&nextToken=${nextToken}` : ''}`, { key: world.root.key });
      expect(page.status).toBe(200);
      seen.push(...page.json.applications.map((a: { applicationId: string }) => a.applicationId));
      nextToken = page.json.nextToken;
    } while (nextToken);
    expect(seen.sort()).toEqual(await world.ids(instanceId));

    // Deleting one makes room for exactly one more.
    const [victim] = await world.ids(instanceId);
    expect((await world.api.call('DELETE', `${world.apps(instanceId)}/${victim}`, { key: world.root.key })).status).toBe(204);
    expect((await world.create(instanceId, website('Replacement'))).status).toBe(201);
    expect((await world.create(instanceId, website('One too many'))).json.code).toBe('LimitExceeded.Application');
  });

  it("lets an ApplicationAdministrator of A manage A's applications and see none of B's", async () => {
    const a = await world.instance();
    const b = await world.instance();
    const bApp = await world.createdId(b);
    const alice = await world.admin('app-admin-alice');
    const role = await world.api.call('POST', `/api/v1/ciam/instances/${a}/administrators`, { key: world.root.key, body: { administratorId: alice.id, role: 'ApplicationAdministrator' } });
    expect(role.status).toBe(201);

    const created = await world.create(a, website('Alice app'), alice.key);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const mine = `${world.apps(a)}/${created.json.application.applicationId}`;
    for (const [method, path, body, status] of [
      ['GET', mine, undefined, 200],
      ['PATCH', mine, { name: 'Alice app 2' }, 200],
      ['PUT', `${mine}/status`, { status: 'Disabled' }, 200],
      ['POST', `${mine}/client-secrets`, { overlapSeconds: 0 }, 201],
      ['GET', `${mine}/client-secrets`, undefined, 200],
      ['PUT', `${mine}/logon-methods`, { phoneCode: true, password: true, primary: 'PhoneCode', selfRegistration: true, smsSecondFactor: true }, 200],
      ['GET', `${mine}/logon-methods`, undefined, 200],
    ] as const) {
      const res = await world.api.call(method, path, { key: alice.key, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path} ${JSON.stringify(res.json)}`).toBe(status);
    }
    expect(await world.ids(a, alice.key)).toEqual([created.json.application.applicationId]);

    // B does not exist for her, nor does B's application under A's id.
    const theirs = `${world.apps(b)}/${bApp}`;
    for (const [method, path, body] of [
      ['GET', world.apps(b)],
      ['POST', world.apps(b), website('Intruder')],
      ['GET', theirs],
      ['PATCH', theirs, { name: 'Mine now' }],
      ['DELETE', theirs],
      ['POST', `${theirs}/client-secrets`],
      ['PUT', `${theirs}/logon-methods`, { phoneCode: true, password: true, primary: 'Password', selfRegistration: false, smsSecondFactor: false }],
    ] as const) {
      const res = await world.api.call(method, path, { key: alice.key, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.code).toBe('EntityNotExists.Instance');
    }
    const crossed = await world.api.call('GET', `${world.apps(a)}/${bApp}`, { key: alice.key });
    expect(crossed.status).toBe(404);
    expect(crossed.json.code).toBe('EntityNotExists.Application');
    expect((await world.api.call('DELETE', `${world.apps(a)}/${bApp}`, { key: world.root.key })).json.code).toBe('EntityNotExists.Application');
    expect(await world.ids(b)).toEqual([bApp]);
    expect((await world.api.call('GET', theirs, { key: world.root.key })).json.name).toBe('Shop web');

    // Her role is about applications: instance administrators are not hers to change.
    const escalate = await world.api.call('POST', `/api/v1/ciam/instances/${a}/administrators`, { key: alice.key, body: { administratorId: alice.id, role: 'SuperAdministrator' } });
    expect(escalate.status).toBe(403);
  });

  it('gives a ReadOnly instance administrator reads and 403 on every write', async () => {
    const instanceId = await world.instance();
    const id = await world.createdId(instanceId);
    const reader = await world.admin('app-reader');
    expect((await world.api.call('POST', `/api/v1/ciam/instances/${instanceId}/administrators`, { key: world.root.key, body: { administratorId: reader.id, role: 'ReadOnly' } })).status).toBe(201);
    const path = `${world.apps(instanceId)}/${id}`;
    for (const p of [world.apps(instanceId), path, `${path}/client-secrets`, `${path}/logon-methods`]) {
      expect((await world.api.call('GET', p, { key: reader.key })).status, p).toBe(200);
    }
    const before = await world.api.call('GET', path, { key: world.root.key });
    for (const [method, p, body, action] of [
      ['POST', world.apps(instanceId), website('Nope'), 'idaas:CreateApplication'],
      ['PATCH', path, { name: 'Nope' }, 'idaas:UpdateApplication'],
      ['PUT', `${path}/status`, { status: 'Disabled' }, 'idaas:DisableApplication'],
      ['DELETE', path, undefined, 'idaas:DeleteApplication'],
      ['POST', `${path}/client-secrets`, undefined, 'idaas:CreateApplicationClientSecret'],
      ['PUT', `${path}/logon-methods`, { phoneCode: true, password: true, primary: 'PhoneCode', selfRegistration: false, smsSecondFactor: false }, 'idaas:SetApplicationLogonMethods'],
    ] as const) {
      const res = await world.api.call(method, p, { key: reader.key, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${p}`).toBe(403);
      expect(res.json.message).toContain(action);
    }
    const after = await world.api.call('GET', path, { key: world.root.key });
    expect(after.json).toEqual(before.json);
    expect(await world.ids(instanceId)).toEqual([id]);
    expect((await world.api.call('GET', `${path}/client-secrets`, { key: world.root.key })).json.clientSecrets).toHaveLength(1);
  });

  it('refuses changes on a released instance; its applications stay readable', async () => {
    const instanceId = await world.instance();
    const id = await world.createdId(instanceId);
    expect((await world.api.call('DELETE', `/api/v1/ciam/instances/${instanceId}`, { key: world.root.key })).status).toBe(200);
    const path = `${world.apps(instanceId)}/${id}`;
    for (const [method, p, body] of [
      ['POST', world.apps(instanceId), website()],
      ['PATCH', path, { name: 'Late' }],
      ['DELETE', path],
      ['POST', `${path}/client-secrets`],
    ] as const) {
      const res = await world.api.call(method, p, { key: world.root.key, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${p}`).toBe(409);
      expect(res.json.code).toBe('OperationConflict.InstanceReleased');
    }
    expect((await world.api.call('GET', path, { key: world.root.key })).status).toBe(200);
  });
});

describe('DynamoApplicationRepository', () => {
  const now = new Date(TEST_NOW);
  const app = (instanceId: string, id: string): Application => {
    const made = newApplication(
      { name: id, type: 'Website', protocol: 'OIDC', oidc: { redirectUris: ['https://shop.example.com/cb'] } },
      { instanceId: instanceId as InstanceId, applicationId: id as ApplicationId },
      now,
    );
    if (!made.ok) throw new Error(made.error.message);
    return made.value;
  };

  it('another instance sees nothing: not by id, not in its listing, not through a cursor', async () => {
    const repo = world.repository;
    const [x, y] = ['idaas_repox', 'idaas_repoy'] as InstanceId[];
    for (const id of ['app_x1', 'app_x2', 'app_x3']) expect((await repo.create(app(x!, id), 10)).ok).toBe(true);
    expect(await repo.get(x!, 'app_x1' as ApplicationId)).toMatchObject({ id: 'app_x1', instanceId: x, version: 1 });
    expect(await repo.get(y!, 'app_x1' as ApplicationId)).toBeUndefined();
    const mine = await repo.list(x!, { limit: 2 });
    expect(mine.ok && mine.value.items.map((a) => a.id)).toEqual(['app_x1', 'app_x2']);
    expect(await repo.list(y!, { limit: 10 })).toEqual({ ok: true, value: { items: [] } });
    const cursor = mine.ok ? mine.value.nextToken : undefined;
    expect(cursor).toBeDefined();
    const stolen = await repo.list(y!, { limit: 10, nextToken: cursor });
    expect(!stolen.ok && stolen.error.code).toBe('InvalidParameter.NextToken');
    // Deleting in one instance leaves the other's counter alone.
    expect((await repo.create(app(y!, 'app_y1'), 1)).ok).toBe(true);
    expect((await repo.create(app(y!, 'app_y2'), 1)).ok).toBe(false);
    expect((await repo.delete(app(x!, 'app_x1'))).ok).toBe(true);
    expect((await world.table.get(applicationCountKey(y!)))?.applications).toBe(1);
    expect((await world.table.get(applicationCountKey(x!)))?.applications).toBe(2);
  });

  it('writes only over the version it read: of two concurrent updates one wins; a stale delete is refused', async () => {
    const repo = world.repository;
    const z = 'idaas_repoz' as InstanceId;
    const original = app(z, 'app_z1');
    expect((await repo.create(original, 10)).ok).toBe(true);
    const renamed = (name: string): Application => ({ ...original, name, version: 2 });
    const outcomes = await Promise.all([repo.update(renamed('left'), original), repo.update(renamed('right'), original)]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ ok: false, error: { code: 'ConcurrentModification' } });
    const stored = await repo.get(z, original.id);
    expect(['left', 'right']).toContain(stored?.name);
    expect(stored?.version).toBe(2);
    expect(await repo.delete(original)).toMatchObject({ ok: false, error: { code: 'ConcurrentModification' } });
    expect(await repo.get(z, original.id)).toBeDefined();
    expect((await world.table.get(applicationCountKey(z)))?.applications).toBe(1);
  });
});
