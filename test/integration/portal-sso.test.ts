import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { PortalClient } from '../support/browserless';
import { base64, defaultFields, IDP_CERT_BODY, responseXml, signAssertion } from '../support/saml/test-idp';
import { apiOver } from '../support/stack';

const ORIGIN = 'http://127.0.0.1:3000';
const IDP = 'https://idp.example.test/metadata';

let api: ReturnType<typeof apiOver>;
let org: { key: string; dir: string; name: string; users: Record<string, string> };

const mgmt = (method: string, path: string, body?: unknown) =>
  api.call(method, `/api/v1/cloudsso/directories/${org.dir}${path}`, { key: org.key, ...(body !== undefined ? { body } : {}), headers: { host: '127.0.0.1:3000' } });
const portal = () => new PortalClient((req, env) => api.gateway.fetch(req, env), ORIGIN);
const sp = () => ({ entityId: `${ORIGIN}/saml/${org.dir}/metadata`, acsUrl: `${ORIGIN}/saml/${org.dir}/acs` });

/** A response from the test IdP for `nameId`, signed like Entra ID signs (the assertion). */
const idpResponse = (nameId: string, inResponseTo?: string) => {
  const fields = { ...defaultFields({ now: api.clock.now(), issuer: IDP, acsUrl: sp().acsUrl, audience: sp().entityId }), nameIdXml: nameId, inResponseTo };
  return base64(signAssertion(responseXml(fields)));
};

/** The AuthnRequest id inside a Redirect-binding URL (DEFLATE, base64, URL-encoded). */
const requestIdOf = (location: string) => {
  const xml = inflateRawSync(Buffer.from(new URL(location).searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
  return /ID="([^"]+)"/.exec(xml)![1]!;
};

beforeAll(async () => {
  const t = await freshTable();
  api = apiOver(t.table);
  const acct = await api.openAccount('Sso Portal Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: acct.key });
  const d = (await api.call('POST', '/api/v1/cloudsso/directories', { key: acct.key, body: { name: 'sso-corp', region: 'cn-shanghai' } })).json;
  org = { key: acct.key, dir: d.id, name: d.name, users: {} };
  for (const userName of ['ada@sso.example', 'root.keeper']) org.users[userName] = (await mgmt('POST', '/users', { userName })).json.id;
  await mgmt('PUT', `/users/${org.users['root.keeper']}/password`, { password: 'Break-Glass-2026!', mustChange: false });
  const idp = await mgmt('PUT', '/saml-idp', { entityId: IDP, ssoUrl: 'https://idp.example.test/sso', binding: 'HTTP-Redirect', certificates: [IDP_CERT_BODY] });
  expect(idp.status, JSON.stringify(idp.json)).toBe(200);
  const method = await mgmt('PUT', '/logon-settings/method', { method: 'SSO', breakGlassUserIds: [org.users['root.keeper']] });
  expect(method.json.method).toBe('SSO');
});

describe('SAML single sign-on into the portal', () => {
  it('publishes SP metadata and SP details for the IdP', async () => {
    const details = await mgmt('GET', '/saml-sp');
    expect(details.json).toEqual({ entityId: sp().entityId, acsUrl: sp().acsUrl, metadataUrl: sp().entityId });
    const client = portal();
    await client.go('GET', `/saml/${org.dir}/metadata`);
    expect(client.html).toContain(`entityID="${sp().entityId}"`);
    expect(client.html).toContain(`Location="${sp().acsUrl}"`);
  });

  it('SP-initiated: the sign-in page offers the IdP, the AuthnRequest goes out, the signed response signs the user in', async () => {
    const client = portal();
    await client.go('GET', `/portal/${org.name}/login`);
    expect(client.text()).toContain('Redirect to your identity provider');
    expect(client.html).not.toContain('name="password"');
    const res = await api.gateway.request(`/saml/${org.dir}/login`, { headers: { host: '127.0.0.1:3000' } });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith('https://idp.example.test/sso?SAMLRequest=')).toBe(true);
    const requestId = requestIdOf(location);
    await client.go('POST', `/saml/${org.dir}/acs`, { SAMLResponse: idpResponse('ada@sso.example', requestId) });
    expect(client.url).toBe(`/portal/${org.name}`);
    expect(client.text()).toContain('Welcome');
    // The same request cannot be answered twice.
    const again = portal();
    await again.go('POST', `/saml/${org.dir}/acs`, { SAMLResponse: idpResponse('ada@sso.example', requestId) });
    expect(again.status).toBe(400);
  });

  it('IdP-initiated works once per assertion: a replayed response is refused', async () => {
    const response = idpResponse('ada@sso.example');
    const first = portal();
    await first.go('POST', `/saml/${org.dir}/acs`, { SAMLResponse: response });
    expect(first.url).toBe(`/portal/${org.name}`);
    const replay = portal();
    await replay.go('POST', `/saml/${org.dir}/acs`, { SAMLResponse: response });
    expect(replay.status).toBe(400);
    expect(replay.text()).toContain('could not be accepted');
  });

  it('an IdP user who is not an enabled directory user gets a clear page, never an account', async () => {
    const client = portal();
    await client.go('POST', `/saml/${org.dir}/acs`, { SAMLResponse: idpResponse('stranger@sso.example') });
    expect(client.status).toBe(403);
    expect(client.text()).toContain('not an enabled user of this directory');
    const users = await mgmt('GET', '/users?userName=stranger@sso.example');
    expect(users.json.users).toEqual([]);
  });

  it('RelayState may only point inside the portal', async () => {
    const inside = await api.gateway.request(`/saml/${org.dir}/login?relay=${encodeURIComponent(`/portal/${org.name}/password`)}`, { headers: { host: '127.0.0.1:3000' } });
    expect(new URL(inside.headers.get('location')!).searchParams.get('RelayState')).toBe(`/portal/${org.name}/password`);
    const offsite = await api.gateway.request(`/saml/${org.dir}/login?relay=${encodeURIComponent('https://evil.example/phish')}`, { headers: { host: '127.0.0.1:3000' } });
    expect(new URL(offsite.headers.get('location')!).searchParams.get('RelayState')).toBeNull();
    const client = portal();
    await client.go('POST', `/saml/${org.dir}/acs`, { SAMLResponse: idpResponse('ada@sso.example'), RelayState: 'https://evil.example/phish' });
    expect(client.url).toBe(`/portal/${org.name}`);
  });

  it('under SSO only break-glass users may use a password, and admins cannot reset others', async () => {
    expect((await mgmt('PUT', `/users/${org.users['ada@sso.example']}/password`, { password: 'Whatever-2026!' })).json.code).toBe('OperationForbidden.SSOEnabled');
    const client = portal();
    await client.go('GET', `/portal/${org.name}/login?breakglass`);
    await client.submit(`/portal/${org.name}/login`, { userName: 'root.keeper', password: 'Break-Glass-2026!' });
    expect(client.url).toBe(`/portal/${org.name}`);
  });

  it('switching the logon method ends SSO sessions, and the IdP cannot be cleared while SSO is on', async () => {
    const client = portal();
    await client.go('POST', `/saml/${org.dir}/acs`, { SAMLResponse: idpResponse('ada@sso.example') });
    expect(client.url).toBe(`/portal/${org.name}`);
    expect((await mgmt('DELETE', '/saml-idp')).json.code).toBe('OperationForbidden.SSOEnabled');
    await mgmt('PUT', '/logon-settings/method', { method: 'Password' });
    await client.go('GET', `/portal/${org.name}`);
    expect(client.url).toBe(`/portal/${org.name}/login`);
    await mgmt('PUT', '/logon-settings/method', { method: 'SSO' });
  });

  it('signs AuthnRequests for an IdP that wants them (Redirect and POST bindings), with the certificate its metadata publishes', async () => {
    const { createVerify, X509Certificate } = await import('node:crypto');
    const { SignedXml } = await import('xml-crypto');
    const { toPem } = await import('../../domain/saml/certificate');
    const unsignedMetadata = await portal().go('GET', `/saml/${org.dir}/metadata`);
    expect(unsignedMetadata.html).toContain('AuthnRequestsSigned="false"');
    const published = /<ds:X509Certificate>([^<]+)</.exec(unsignedMetadata.html)![1]!;
    const key = new X509Certificate(toPem(published)).publicKey;
    try {
      const res = await mgmt('PUT', '/saml-idp', { entityId: IDP, ssoUrl: 'https://idp.example.test/sso', binding: 'HTTP-Redirect', certificates: [IDP_CERT_BODY], wantRequestSigned: true });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect((await portal().go('GET', `/saml/${org.dir}/metadata`)).html).toContain('AuthnRequestsSigned="true"');

      // HTTP-Redirect: the signature covers the raw query "SAMLRequest=…&RelayState=…&SigAlg=…" (saml-bindings §3.4.4.1).
      const res1 = await api.gateway.fetch(new Request(`${ORIGIN}/saml/${org.dir}/login?relay=${encodeURIComponent(`/portal/${org.name}`)}`, { redirect: 'manual' }));
      const location = res1.headers.get('location')!;
      const query = location.slice(location.indexOf('?') + 1);
      const signedPart = query.slice(0, query.indexOf('&Signature='));
      const params = new URL(location).searchParams;
      expect(params.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
      expect(createVerify('RSA-SHA256').update(signedPart).verify(key, params.get('Signature')!, 'base64')).toBe(true);
      expect(createVerify('RSA-SHA256').update(signedPart.replace('RelayState=', 'RelayState=x')).verify(key, params.get('Signature')!, 'base64')).toBe(false);

      // HTTP-POST: an enveloped signature inside the AuthnRequest.
      await mgmt('PUT', '/saml-idp', { entityId: IDP, ssoUrl: 'https://idp.example.test/sso', binding: 'HTTP-POST', certificates: [IDP_CERT_BODY], wantRequestSigned: true });
      const page = await portal().go('GET', `/saml/${org.dir}/login`);
      const xml = Buffer.from(/name="SAMLRequest" value="([^"]+)"/.exec(page.html)![1]!, 'base64').toString('utf8');
      const signature = /<(ds:)?Signature[\s\S]*<\/(ds:)?Signature>/.exec(xml)![0];
      const verifier = new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null });
      verifier.loadSignature(signature);
      expect(verifier.checkSignature(xml)).toBe(true);
    } finally {
      await mgmt('PUT', '/saml-idp', { entityId: IDP, ssoUrl: 'https://idp.example.test/sso', binding: 'HTTP-Redirect', certificates: [IDP_CERT_BODY] });
    }
    expect((await mgmt('GET', '/saml-idp')).json.wantRequestSigned).toBe(false);
  });

  it('imports IdP metadata as exported by Okta', async () => {
    const { readFile } = await import('node:fs/promises');
    const xml = await readFile('test/unit/saml/fixtures/okta.xml', 'utf8');
    const other = await api.openAccount('Okta Shop');
    await api.call('POST', '/api/v1/resource-directory', { key: other.key });
    const d = (await api.call('POST', '/api/v1/cloudsso/directories', { key: other.key, body: { region: 'us-west-1' } })).json;
    const res = await api.call('PUT', `/api/v1/cloudsso/directories/${d.id}/saml-idp`, { key: other.key, body: { metadataXml: xml } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ configured: true, entityId: expect.stringContaining('okta') });
  });
});
