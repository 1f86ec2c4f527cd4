import { beforeAll, describe, expect, it } from 'vitest';
import { SandboxStsError, type SandboxCloud } from '../../adapters/sandbox-cloud/sandbox-cloud';
import type { SignInAssertion } from '../../domain/access/cloud';
import { idpEntityId } from '../../domain/access/idp-entity';
import type { AccountId, DirectoryId } from '../../domain/shared/ids';
import { SANDBOX_SIGN_IN_PATH } from '../../functions/http/sandbox-cloud';
import { PortalClient } from '../support/browserless';
import { freshTable } from '../support/db';
import { base64, defaultFields, DS, edit, first, IDP_CERT_BODY, responseXml, SAML, signAssertion, signResponse } from '../support/saml/test-idp';
import { apiOver } from '../support/stack';

const ORIGIN = 'http://127.0.0.1:3000';
const SIGN_IN_URL = `${ORIGIN}${SANDBOX_SIGN_IN_PATH}`;
const DIR = 'd-sandboxtest01' as DirectoryId;
const OTHER_DIR = 'd-sandboxother1' as DirectoryId;
const ACCOUNT = '1234567890123456' as AccountId;
const PROVIDER = `AliyunReservedSSO-${DIR}`;
const ROLE = 'AliyunReservedSSO-dev';
const ATTR = {
  role: 'https://www.aliyun.com/SAML-Role/Attributes/Role',
  sessionName: 'https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName',
  duration: 'https://www.aliyun.com/SAML-Role/Attributes/SessionDuration',
};
const roleValue = (role = ROLE, provider = PROVIDER, account: string = ACCOUNT) => `acs:ram::${account}:role/${role},acs:ram::${account}:saml-provider/${provider}`;

let api: ReturnType<typeof apiOver>;
let sandbox: SandboxCloud;

/** A response as Atrium's signer makes it for the sandbox; `over` changes one thing. */
const signed = (over: Partial<SignInAssertion> = {}, attributes: Record<string, string[]> = {}) => {
  const now = api.clock.now();
  return api.container.signInSigner.sign({
    directoryId: DIR,
    issuer: idpEntityId(DIR),
    destination: SIGN_IN_URL,
    audience: 'urn:alibaba:cloudcomputing',
    nameId: 'ada@example.com',
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    attributes: { [ATTR.role]: [roleValue()], [ATTR.sessionName]: ['ada@example.com'], ...attributes },
    now,
    validForSeconds: 300,
    sessionNotOnOrAfter: new Date(now.getTime() + 3600_000),
    ...over,
  });
};
const xmlOf = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
const refusal = async (b64: string) => {
  const out = await sandbox.verifySignIn(b64, SIGN_IN_URL);
  if (out.ok) throw new Error('accepted');
  return out.error;
};

beforeAll(async () => {
  const { table } = await freshTable();
  api = apiOver(table);
  sandbox = api.container.sandboxCloud;
  const keys = await api.container.idpSigningKeys.ensureActive(DIR, api.clock.now());
  await api.container.idpSigningKeys.ensureActive(OTHER_DIR, api.clock.now());
  await sandbox.putSamlProvider({ accountId: ACCOUNT, name: PROVIDER, idpEntityId: idpEntityId(DIR), certificates: keys.keys.map((k) => k.certificate), description: 'Atrium' });
  await sandbox.putRole({ accountId: ACCOUNT, name: ROLE, samlProviderName: PROVIDER, maxSessionDuration: 7200, policies: { system: ['ReadOnlyAccess'], inline: { name: 'extra', document: '{}' } }, description: 'dev' });
  await sandbox.putRole({ accountId: ACCOUNT, name: 'AliyunReservedSSO-elsewhere', samlProviderName: 'AliyunReservedSSO-d-elsewhere', maxSessionDuration: 3600, policies: { system: [] }, description: '' });
});

describe('sandbox sign-in accepts what Atrium signs', () => {
  it('verifies a response and reports the session', async () => {
    const out = await sandbox.verifySignIn(await signed({}, { [ATTR.duration]: ['5400'] }), SIGN_IN_URL);
    expect(out.ok && out.value).toMatchObject({
      accountId: ACCOUNT,
      roleName: ROLE,
      providerName: PROVIDER,
      roleSessionName: 'ada@example.com',
      sessionDuration: 5400,
      expiresAt: new Date(api.clock.now().getTime() + 5400_000),
      policies: { system: ['ReadOnlyAccess'], inline: { name: 'extra', document: '{}' } },
    });
  });

  it('accepts the Role value in either order; the duration defaults to 3600', async () => {
    const reversed = `acs:ram::${ACCOUNT}:saml-provider/${PROVIDER}, acs:ram::${ACCOUNT}:role/${ROLE}`;
    const out = await sandbox.verifySignIn(await signed({}, { [ATTR.role]: [reversed] }), SIGN_IN_URL);
    expect(out.ok && out.value.sessionDuration).toBe(3600);
  });

  it('accepts a response signed only on the Response, or only on the Assertion (as Alibaba Cloud does)', async () => {
    // A second provider trusting the test IdP, whose helpers sign one element or the other.
    await sandbox.putSamlProvider({ accountId: ACCOUNT, name: 'TestIdp', idpEntityId: 'https://idp.test', certificates: [IDP_CERT_BODY], description: '' });
    await sandbox.putRole({ accountId: ACCOUNT, name: 'TestRole', samlProviderName: 'TestIdp', maxSessionDuration: 3600, policies: { system: [] }, description: '' });
    const fields = () => ({
      ...defaultFields({ now: api.clock.now(), issuer: 'https://idp.test', acsUrl: SIGN_IN_URL, audience: 'urn:alibaba:cloudcomputing' }),
      attributes: { [ATTR.role]: [roleValue('TestRole', 'TestIdp')], [ATTR.sessionName]: ['ada'] },
    });
    expect((await sandbox.verifySignIn(base64(signResponse(responseXml(fields()))), SIGN_IN_URL)).ok).toBe(true);
    expect((await sandbox.verifySignIn(base64(signAssertion(responseXml(fields()))), SIGN_IN_URL)).ok).toBe(true);
  });
});

describe('sandbox sign-in refuses, each for its own reason', () => {
  it.each([
    {
      name: 'bad signature (another directory signed it)',
      make: () => signed({ directoryId: OTHER_DIR }),
      code: 'SignIn.Signature',
      reason: /does not verify with any certificate/,
    },
    {
      name: 'tampered content',
      make: async () => base64(xmlOf(await signed()).replace('ada@example.com</saml:NameID>', 'eve@example.com</saml:NameID>')),
      code: 'SignIn.Signature',
      reason: /digest mismatch/,
    },
    {
      name: 'unsigned assertion',
      make: async () => base64(xmlOf(await signed()).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '')),
      code: 'SignIn.Signature',
      reason: /not covered by any signature/,
    },
    {
      name: 'wrapped signature (a forged assertion next to the signed one)',
      make: async () =>
        base64(
          edit(xmlOf(await signed()), (doc) => {
            const original = first(doc, SAML, 'Assertion');
            const forged = original.cloneNode(true) as Element;
            forged.setAttribute('ID', '_forged');
            forged.removeChild(first(forged, DS, 'Signature'));
            original.parentNode!.insertBefore(forged, original);
          }),
        ),
      code: 'SignIn.Signature',
      reason: /exactly one Assertion.*wrapping/,
    },
    {
      name: 'wrapped signature (the signed assertion hidden inside the Response signature)',
      make: async () =>
        base64(
          edit(xmlOf(await signed()), (doc) => {
            const response = doc.documentElement!;
            const original = first(doc, SAML, 'Assertion');
            const forged = original.cloneNode(true) as Element;
            forged.setAttribute('ID', '_forged');
            forged.removeChild(first(forged, DS, 'Signature'));
            const object = doc.createElementNS(DS, 'ds:Object');
            object.appendChild(original);
            first(response, DS, 'Signature').appendChild(object);
            response.appendChild(forged);
          }),
        ),
      code: 'SignIn.Signature',
      reason: /wrapping/,
    },
    { name: 'wrong issuer', make: () => signed({ issuer: 'urn:atrium:cloudsso:d-someoneelse' }), code: 'SignIn.Issuer', reason: /is not the IdP of SAML provider/ },
    { name: 'wrong audience', make: () => signed({ audience: 'urn:amazon:webservices' }), code: 'SignIn.Audience', reason: /urn:amazon:webservices, not urn:alibaba:cloudcomputing/ },
    { name: 'wrong destination', make: () => signed({ destination: 'https://signin.example.test/saml-role/sso' }), code: 'SignIn.Destination', reason: /Destination https:\/\/signin\.example\.test/ },
    {
      name: 'expired',
      make: async () => {
        const b64 = await signed();
        api.clock.advance((300 + 61) * 1000);
        return b64;
      },
      code: 'SignIn.TimeWindow',
      reason: /expired at/,
    },
    { name: 'role missing in the account', make: () => signed({}, { [ATTR.role]: [roleValue('AliyunReservedSSO-ghost')] }), code: 'SignIn.Role', reason: /Role AliyunReservedSSO-ghost does not exist/ },
    {
      name: 'role trusting another provider',
      make: () => signed({}, { [ATTR.role]: [roleValue('AliyunReservedSSO-elsewhere')] }),
      code: 'SignIn.Trust',
      reason: /does not trust SAML provider .* \(it trusts AliyunReservedSSO-d-elsewhere\)/,
    },
    { name: 'SAML provider missing in the account', make: () => signed({}, { [ATTR.role]: [roleValue(ROLE, 'NoSuchProvider')] }), code: 'SignIn.SamlProvider', reason: /NoSuchProvider does not exist/ },
    { name: 'session duration above the role maximum', make: () => signed({}, { [ATTR.duration]: ['7201'] }), code: 'SignIn.SessionDuration', reason: /7201 s is outside 900-7200/ },
    { name: 'missing RoleSessionName', make: () => signed({ attributes: { [ATTR.role]: [roleValue()] } }), code: 'SignIn.RoleSessionName', reason: /got none/ },
    { name: 'RoleSessionName with a space', make: () => signed({}, { [ATTR.sessionName]: ['ada lovelace'] }), code: 'SignIn.RoleSessionName', reason: /2-64/ },
    { name: 'several roles (no role picker)', make: () => signed({}, { [ATTR.role]: [roleValue(), roleValue('AliyunReservedSSO-elsewhere')] }), code: 'SignIn.RoleAttribute', reason: /names 2 roles/ },
    { name: 'roles in two accounts in one value', make: () => signed({}, { [ATTR.role]: [`acs:ram::${ACCOUNT}:role/${ROLE},acs:ram::999:saml-provider/${PROVIDER}`] }), code: 'SignIn.RoleAttribute', reason: /is not "acs:ram/ },
  ])('$name', async ({ make, code, reason }) => {
    const error = await refusal(await make());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(reason);
  });

  it('replay: the second use of a response is refused, and only for that reason', async () => {
    const b64 = await signed();
    expect((await sandbox.verifySignIn(b64, SIGN_IN_URL)).ok).toBe(true);
    const error = await refusal(b64);
    expect(error.code).toBe('SignIn.Replay');
    expect(error.message).toMatch(/already used/);
  });

  it('a refused response is not consumed: once the role exists, the same response is accepted', async () => {
    const b64 = await signed({}, { [ATTR.role]: [roleValue('AliyunReservedSSO-ghost')] });
    expect((await refusal(b64)).code).toBe('SignIn.Role');
    await sandbox.putRole({ accountId: ACCOUNT, name: 'AliyunReservedSSO-ghost', samlProviderName: PROVIDER, maxSessionDuration: 3600, policies: { system: [] }, description: '' });
    expect((await sandbox.verifySignIn(b64, SIGN_IN_URL)).ok).toBe(true);
    await sandbox.deleteRole(ACCOUNT, 'AliyunReservedSSO-ghost');
  });
});

describe('the sandbox HTTP function', () => {
  const client = () => new PortalClient((req, env) => api.gateway.fetch(req, env), ORIGIN);

  it('POST sign-in → 303 to the console, which shows the session; the cookie is HttpOnly and SameSite=Lax', async () => {
    const c = client();
    await c.go('POST', SANDBOX_SIGN_IN_PATH, { SAMLResponse: await signed({}, { [ATTR.duration]: ['1800'] }), RelayState: '/sandbox-cloud/console?from=portal' });
    expect(c.status).toBe(200);
    expect(c.url).toBe('/sandbox-cloud/console');
    const cookie = c.setCookies.find((l) => l.startsWith('sandbox_console='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/sandbox-cloud/);
    const field = (id: string) => new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(c.html)?.[1];
    expect(c.text()).toContain('Sandbox cloud console');
    expect(field('account')).toBe(ACCOUNT);
    expect(field('role')).toBe(ROLE);
    expect(field('session-name')).toBe('ada@example.com');
    expect(field('expires')).toBe(new Date(api.clock.now().getTime() + 1800_000).toISOString());
    expect(field('duration')).toBe('1800');
    expect(c.html).toContain('<a href="/sandbox-cloud/console?from=portal">');
    expect(c.html).toContain('ReadOnlyAccess');
    api.clock.advance(600_000);
    await c.go('GET', '/sandbox-cloud/console');
    expect(field('duration')).toBe('1200');
    api.clock.advance(1200_000);
    await c.go('GET', '/sandbox-cloud/console');
    expect(c.status).toBe(401);
  });

  it('shows an off-site relay state as text only', async () => {
    const c = client();
    await c.go('POST', SANDBOX_SIGN_IN_PATH, { SAMLResponse: await signed(), RelayState: 'https://evil.example/' });
    expect(c.html).toMatch(/data-testid="relay-state">https:\/\/evil\.example\/</);
  });

  it('a refused sign-in is a readable 403 page with the reason, and no session', async () => {
    const c = client();
    await c.go('POST', SANDBOX_SIGN_IN_PATH, { SAMLResponse: await signed({ audience: 'urn:amazon:webservices' }) });
    expect(c.status).toBe(403);
    expect(c.html).toContain('data-code="SignIn.Audience"');
    expect(c.text()).toContain('not urn:alibaba:cloudcomputing');
    expect(c.cookie('sandbox_console')).toBeUndefined();
    await c.go('GET', '/sandbox-cloud/console');
    expect(c.status).toBe(401);
  });
});

describe('the sandbox as CloudProvisioner', () => {
  it('is idempotent: put twice, delete what is absent; listRoles by prefix; other accounts see nothing', async () => {
    const account = '2000000000000002' as AccountId;
    const spec = { accountId: account, name: 'AliyunReservedSSO-ops', samlProviderName: 'P', maxSessionDuration: 3600, policies: { system: ['ReadOnlyAccess'] }, description: 'one' };
    await sandbox.putRole(spec);
    await sandbox.putRole({ ...spec, description: 'two', policies: { system: [] } });
    await sandbox.putRole({ ...spec, name: 'CustomerRole' });
    expect(await sandbox.listRoles(account, 'AliyunReservedSSO-')).toEqual(['AliyunReservedSSO-ops']);
    expect(await sandbox.role(account, 'AliyunReservedSSO-ops')).toMatchObject({ description: 'two', policies: { system: [] } });
    await sandbox.deleteRole(account, 'AliyunReservedSSO-ops');
    await sandbox.deleteRole(account, 'AliyunReservedSSO-ops');
    expect(await sandbox.listRoles(account, 'AliyunReservedSSO-')).toEqual([]);
    const provider = { accountId: account, name: 'P', idpEntityId: 'urn:x', certificates: ['a'], description: '' };
    await sandbox.putSamlProvider(provider);
    await sandbox.putSamlProvider({ ...provider, certificates: ['a', 'b'] });
    expect((await sandbox.samlProvider(account, 'P'))?.certificates).toEqual(['a', 'b']);
    await sandbox.deleteSamlProvider(account, 'P');
    await sandbox.deleteSamlProvider(account, 'P');
    expect(await sandbox.samlProvider(account, 'P')).toBeUndefined();
    expect(await sandbox.listRoles('3000000000000003' as AccountId, '')).toEqual([]);
  });
});

describe('the sandbox as CloudCredentialBroker (STS)', () => {
  const assume = async (durationSeconds: number, b64?: string) =>
    sandbox.assumeRoleWithSaml({ accountId: ACCOUNT, roleName: ROLE, samlProviderName: PROVIDER, samlResponse: b64 ?? (await signed()), durationSeconds });
  const whoAmI = (accessKeyId: string, token: string) =>
    api.call('GET', '/sandbox-cloud/sts/caller-identity', { headers: { 'x-acs-accesskey-id': accessKeyId, 'x-acs-security-token': token } });

  it('issues STS credentials that work until they expire', async () => {
    const creds = await assume(1200);
    expect(creds.accessKeyId).toMatch(/^STS\.[A-Za-z0-9]{24}$/);
    expect(creds.expiration).toBe(new Date(api.clock.now().getTime() + 1200_000).toISOString().replace('.000Z', 'Z'));
    const who = await whoAmI(creds.accessKeyId, creds.securityToken);
    expect(who.status, JSON.stringify(who.json)).toBe(200);
    expect(who.json).toMatchObject({ AccountId: ACCOUNT, Arn: `acs:ram::${ACCOUNT}:assumed-role/${ROLE}/ada@example.com`, IdentityType: 'AssumedRoleUser' });
    expect((await whoAmI(creds.accessKeyId, `${creds.securityToken}x`)).json.Code).toBe('InvalidSecurityToken.Mismatch');
    expect((await whoAmI('STS.nosuchkey', creds.securityToken)).status).toBe(404);
    api.clock.advance(1200_000);
    const late = await whoAmI(creds.accessKeyId, creds.securityToken);
    expect(late.status).toBe(403);
    expect(late.json.Code).toBe('InvalidSecurityToken.Expired');
  });

  it('takes an assertion made for STS at any sandbox origin; refuses another role than the assertion grants, and durations above the maximum', async () => {
    const forSts = await signed({ destination: 'https://sandbox.example.test/sandbox-cloud/sts/assume-role-with-saml' });
    expect((await assume(900, forSts)).accessKeyId).toMatch(/^STS\./);
    await expect(assume(7201)).rejects.toThrow(SandboxStsError);
    const other = sandbox.assumeRoleWithSaml({ accountId: ACCOUNT, roleName: 'AliyunReservedSSO-elsewhere', samlProviderName: PROVIDER, samlResponse: await signed(), durationSeconds: 900 });
    await expect(other).rejects.toThrow(/SignIn.RoleAttribute/);
  });

  it('over HTTP: POST assume-role-with-saml answers credentials, or the refusal', async () => {
    const ok = await api.call('POST', '/sandbox-cloud/sts/assume-role-with-saml', {
      body: { RoleArn: `acs:ram::${ACCOUNT}:role/${ROLE}`, SAMLProviderArn: `acs:ram::${ACCOUNT}:saml-provider/${PROVIDER}`, SAMLAssertion: await signed(), DurationSeconds: 900 },
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect((await whoAmI(ok.json.Credentials.AccessKeyId, ok.json.Credentials.SecurityToken)).status).toBe(200);
    const refused = await api.call('POST', '/sandbox-cloud/sts/assume-role-with-saml', {
      body: { RoleArn: `acs:ram::${ACCOUNT}:role/${ROLE}`, SAMLProviderArn: `acs:ram::${ACCOUNT}:saml-provider/${PROVIDER}`, SAMLAssertion: await signed({ issuer: 'urn:evil' }) },
    });
    expect(refused.status).toBe(403);
    expect(refused.json.Code).toBe('SignIn.Issuer');
  });
});
