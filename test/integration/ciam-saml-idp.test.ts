/**
 * A CIAM instance as the SAML IdP of its SAML applications, through the real routes: @node-saml/node-saml
 * is the service provider (an independent SAML stack: it builds the AuthnRequest and validates the
 * Response against the certificate published in the instance's metadata, with its own clock, audience
 * and InResponseTo cache). The browser is the cookie-carrying test client over the in-process gateway.
 */
import { SAML, ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import { beforeAll, describe, expect, it } from 'vitest';
import { Argon2idHasher, OWASP_ARGON2ID } from '../../adapters/crypto/argon2-hasher';
import { secrets } from '../../adapters/crypto/secrets';
import { toPem } from '../../domain/saml/certificate';
import { parseIdpMetadata } from '../../domain/saml/idp-metadata';
import type { Clock } from '../../domain/shared/clock';
import type { InstanceId } from '../../domain/shared/ids';
import { apiWithWorkers } from '../support/access-world';
import { buyInstance } from '../support/ciam';
import { freshTable } from '../support/db';
import { csrfOf, hiddenOf, TestBrowser, titleOf } from '../support/hosted-browser';

const hasher = new Argon2idHasher({ ...OWASP_ARGON2ID, memorySize: 64, iterations: 1 });
const PASSWORD = 'Sesame-0pen!';
const SESSION_COOKIE = 'atrium_ciam_session';
const ORIGIN = 'http://localhost';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const UNSPECIFIED_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

// node-saml checks every time against the wall clock, so the instance's clock is the wall clock too
// (shifted by `offset` where a test needs the IdP to be later than the SP).
let offset = 0;
const wallClock: Clock = { now: () => new Date(Date.now() + offset) };

let world: Awaited<ReturnType<typeof setUp>>;

type SamlSettings = { spEntityId: string; acsUrl: string; nameIdFormat?: string; nameIdSource?: string; attributeMapping?: { name: string; source: string }[] };

const setUp = async () => {
  const { table } = await freshTable();
  const { api, queue } = apiWithWorkers(table, { hasher, clock: wallClock });
  const root = await api.openAccount('Saml Shop Corp');
  const key = root.key;
  const buy = () => buyInstance(api, key, { queue });
  const apps = (id: string) => `/api/v1/ciam/instances/${id}/applications`;
  const samlApp = async (instanceId: InstanceId, name: string, saml: SamlSettings) => {
    const res = await api.call('POST', apps(instanceId), { key, body: { name, type: 'Website', protocol: 'SAML', saml } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.application.applicationId as string;
  };
  const instanceId = await buy();
  const crm = {
    spEntityId: 'https://crm.example/saml/metadata',
    acsUrl: 'https://crm.example/saml/acs',
    nameIdFormat: EMAIL_FORMAT,
    nameIdSource: 'email',
    attributeMapping: [
      { name: 'uid', source: 'username' },
      { name: 'mobile', source: 'phone' },
      { name: 'displayName', source: 'displayName' },
      { name: 'urn:oid:0.9.2342.19200300.100.1.1', source: 'customerId' },
    ],
  };
  const wiki = { spEntityId: 'urn:wiki.example:sp', acsUrl: 'https://wiki.example/sso/acs' };
  return {
    api,
    queue,
    key,
    buy,
    apps,
    samlApp,
    instanceId,
    crm: { ...crm, id: await samlApp(instanceId, 'Shop CRM', crm) },
    wiki: { ...wiki, id: await samlApp(instanceId, 'Shop wiki', wiki) },
  };
};

beforeAll(async () => {
  world = await setUp();
}, 60_000);

let serial = 0;
const browser = () => new TestBrowser(world.api.gateway, `203.0.113.${++serial}`);

const customer = async (instanceId = world.instanceId, extra: Record<string, string> = {}) => {
  const n = ++serial;
  const body = { username: `saml.user${n}`, phone: `+86138${String(n).padStart(8, '0')}`, email: `user${n}@shop.example`, password: PASSWORD, mustChangePassword: false, ...extra };
  const res = await world.api.call('POST', `/api/v1/ciam/instances/${instanceId}/accounts`, { key: world.key, body });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { id: res.json.customerId as string, ...body };
};

/** The instance's IdP as its metadata describes it, fetched and parsed as an SP administrator would. */
const idpOf = async (instanceId = world.instanceId) => {
  const res = await browser().get(`/ciam/${instanceId}/saml/metadata`);
  expect(res.status, res.html).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/samlmetadata+xml');
  const parsed = parseIdpMetadata(res.html);
  expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
  return (parsed as Extract<typeof parsed, { ok: true }>).value;
};

/** node-saml as the SP of an application, trusting only what the metadata publishes. */
const serviceProvider = async (
  app: { spEntityId: string; acsUrl: string },
  over: Partial<ConstructorParameters<typeof SAML>[0]> = {},
  instanceId = world.instanceId,
) => {
  const idp = await idpOf(instanceId);
  return new SAML({
    entryPoint: idp.ssoUrls.find((s) => s.binding === 'HTTP-Redirect')!.location,
    issuer: app.spEntityId,
    callbackUrl: app.acsUrl,
    audience: app.spEntityId,
    idpIssuer: idp.entityId,
    idpCert: idp.certificates.map(toPem),
    identifierFormat: null,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.always,
    ...over,
  });
};

/** The path (and query) of the SSO URL node-saml sends the browser to. */
const redirectPath = async (sp: SAML, relayState = '') => {
  const url = new URL(await sp.getAuthorizeUrlAsync(relayState, undefined, {}));
  expect(url.origin).toBe(ORIGIN);
  return `${url.pathname}${url.search}`;
};

/** The auto-submitting form of the HTTP-POST binding: where it posts and what. */
const postFormOf = (html: string) => {
  const action = /<form id="saml" method="post" action="([^"]+)"/.exec(html)?.[1];
  const samlResponse = hiddenOf(html, 'SAMLResponse');
  expect(action, html.slice(0, 400)).toBeDefined();
  expect(samlResponse).toBeDefined();
  expect(html).toContain('<script nonce="');
  return { action: action!.replace(/&amp;/g, '&'), samlResponse: samlResponse!, relayState: hiddenOf(html, 'RelayState')?.replace(/&amp;/g, '&') };
};

const xmlOf = (samlResponse: string) => Buffer.from(samlResponse, 'base64').toString('utf8');
const attributeOf = (xml: string, element: string, attribute: string) => new RegExp(`<saml:${element}[^>]* ${attribute}="([^"]+)"`).exec(xml)?.[1];

/** A logon by password on the hosted pages, from the logon page the SSO endpoint redirected to. */
const logOnAt = async (b: TestBrowser, loginLocation: string, identifier: string) => {
  const page = await b.get(loginLocation);
  expect(page.status, page.html.slice(0, 300)).toBe(200);
  const done = await b.post(loginLocation.replace('/login?', '/login/password?'), { csrf: csrfOf(page.html), identifier, password: PASSWORD });
  expect(done.status, done.html.slice(0, 300)).toBe(303);
  return { page, done };
};

const eventsOf = (customerId: string) => world.api.logonEvents.list().filter((e) => e.customerId === customerId);

/** A page of ours refusing the request: never a form towards any ACS. */
const expectRefusalPage = (res: { status: number; html: string }, status: number, code: string) => {
  expect(res.status, res.html.slice(0, 400)).toBe(status);
  expect(titleOf(res.html)).toBe('Sign-in request not accepted');
  expect(res.html).toContain(code);
  expect(res.html).not.toContain('SAMLResponse');
  expect(res.html).not.toContain('<form');
};

describe('CIAM SAML IdP: metadata', () => {
  it("publishes the instance's entity id, SSO endpoint for both bindings and its signing certificate", async () => {
    const idp = await idpOf();
    expect(idp.entityId).toBe(`${ORIGIN}/ciam/${world.instanceId}/saml/metadata`);
    expect(idp.ssoUrls).toEqual(
      expect.arrayContaining([
        { binding: 'HTTP-Redirect', location: `${ORIGIN}/ciam/${world.instanceId}/saml/sso` },
        { binding: 'HTTP-POST', location: `${ORIGIN}/ciam/${world.instanceId}/saml/sso` },
      ]),
    );
    const keys = await world.api.container.instanceSigningKeys.get(world.instanceId);
    expect(idp.certificates).toEqual(keys.keys.map((k) => k.certificate));
    expect(idp.wantAuthnRequestsSigned).toBe(false);
  });
});

describe('CIAM SAML IdP: SP-initiated SSO', () => {
  it('logs the customer on and posts a signed Response that node-saml accepts, with the NameID and attributes the application maps', async () => {
    const c = await customer();
    const b = browser();
    const sp = await serviceProvider(world.crm, { identifierFormat: EMAIL_FORMAT });
    const start = await b.get(await redirectPath(sp, 'deep/link?x=1&y=2'));
    expect(start.status, start.html.slice(0, 300)).toBe(302);
    expect(start.location).toMatch(new RegExp(`^/ciam/${world.instanceId}/login\\?request=`));

    const { page, done } = await logOnAt(b, start.location!, c.username);
    expect(page.html).toContain('<strong>Shop CRM</strong>');
    expect(done.location).toMatch(new RegExp(`^/ciam/${world.instanceId}/saml/sso/continue\\?request=`));
    const answered = await b.get(done.location!);
    expect(answered.status, answered.html.slice(0, 300)).toBe(200);
    expect(answered.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[^']+'; .*form-action https:\/\/crm\.example/);
    const form = postFormOf(answered.html);
    expect(form.action).toBe(world.crm.acsUrl);
    expect(form.relayState).toBe('deep/link?x=1&y=2');

    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: form.samlResponse, RelayState: form.relayState! });
    const p = profile as Profile;
    expect(p.issuer).toBe(`${ORIGIN}/ciam/${world.instanceId}/saml/metadata`);
    expect(p.nameID).toBe(c.email);
    expect(p.nameIDFormat).toBe(EMAIL_FORMAT);
    expect(p.uid).toBe(c.username);
    expect(p.mobile).toBe(c.phone);
    expect(p['urn:oid:0.9.2342.19200300.100.1.1']).toBe(c.id);
    // No display name: the attribute is left out, not sent empty.
    expect(p).not.toHaveProperty('displayName');

    // The times: five minutes to consume it; AuthnInstant is when the customer logged on.
    const xml = xmlOf(form.samlResponse);
    const session = await world.api.container.customerSessions.get(world.instanceId, secrets.hash(b.cookie(SESSION_COOKIE)!));
    const issued = Date.parse(attributeOf(xml, 'Assertion', 'IssueInstant')!);
    expect(Date.parse(attributeOf(xml, 'SubjectConfirmationData', 'NotOnOrAfter')!) - issued).toBe(300_000);
    expect(Date.parse(attributeOf(xml, 'Conditions', 'NotOnOrAfter')!) - issued).toBe(300_000);
    expect(Date.parse(attributeOf(xml, 'AuthnStatement', 'AuthnInstant')!)).toBe(session!.authTime * 1000);
    expect(attributeOf(xml, 'AuthnStatement', 'SessionIndex')).toMatch(/^_/);
    expect(xml).toContain('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    // The logon pages published the logon, once; the SAML answer is not a logon of its own.
    expect(eventsOf(c.id).map((e) => ({ applicationId: e.applicationId, method: e.method }))).toEqual([{ applicationId: world.crm.id, method: 'Password' }]);

    // Answered once: the same continuation again is a page, not a second Response.
    expectRefusalPage(await b.get(done.location!), 404, 'Saml.RequestNotFound');
    // And node-saml will not take the same Response twice (its InResponseTo cache).
    await expect(sp.validatePostResponseAsync({ SAMLResponse: form.samlResponse })).rejects.toThrow(/InResponseTo/);
  });

  it('answers at once from the instance session (single sign-on), for another application too, without a new logon', async () => {
    const c = await customer();
    const b = browser();
    const crm = await serviceProvider(world.crm, { identifierFormat: EMAIL_FORMAT });
    const start = await b.get(await redirectPath(crm));
    const { done } = await logOnAt(b, start.location!, c.email);
    await crm.validatePostResponseAsync({ SAMLResponse: postFormOf((await b.get(done.location!)).html).samlResponse });

    const wiki = await serviceProvider(world.wiki);
    const sso = await b.get(await redirectPath(wiki, 'wiki-home'));
    expect(sso.status, sso.html.slice(0, 300)).toBe(200);
    const form = postFormOf(sso.html);
    expect(form.action).toBe(world.wiki.acsUrl);
    expect(form.relayState).toBe('wiki-home');
    const { profile } = await wiki.validatePostResponseAsync({ SAMLResponse: form.samlResponse });
    // The defaults: the account name, unspecified format, no attributes.
    expect(profile).toMatchObject({ nameID: c.username, nameIDFormat: UNSPECIFIED_FORMAT });
    expect(eventsOf(c.id)).toHaveLength(1);
  });

  it('takes the AuthnRequest by HTTP-POST too (plain, and deflated as node-saml sends it by default), deciding where the session cookie is sent', async () => {
    const c = await customer();
    const b = browser();
    const wiki = await serviceProvider(world.wiki, { skipRequestCompression: true });
    const html = await wiki.getAuthorizeFormAsync('posted', undefined, {});
    const samlRequest = /name="SAMLRequest" value="([^"]+)"/.exec(html)![1]!;
    expect(Buffer.from(samlRequest, 'base64').toString('utf8')).toContain('<samlp:AuthnRequest ');
    const posted = await b.post(`/ciam/${world.instanceId}/saml/sso`, { SAMLRequest: samlRequest, RelayState: 'posted' });
    expect(posted.status, posted.html.slice(0, 300)).toBe(303);
    expect(posted.location).toMatch(/\/saml\/sso\/continue\?request=/);
    const toLogon = await b.get(posted.location!);
    expect(toLogon.status).toBe(302);
    const { done } = await logOnAt(b, toLogon.location!, c.username);
    const form = postFormOf((await b.get(done.location!)).html);
    expect(form.relayState).toBe('posted');
    await expect(wiki.validatePostResponseAsync({ SAMLResponse: form.samlResponse })).resolves.toMatchObject({ profile: { nameID: c.username } });

    // node-saml's default: deflated. Signed in now, the continuation answers at once.
    const deflating = await serviceProvider(world.wiki);
    const deflated = /name="SAMLRequest" value="([^"]+)"/.exec(await deflating.getAuthorizeFormAsync('', undefined, {}))![1]!;
    const again = await b.post(`/ciam/${world.instanceId}/saml/sso`, { SAMLRequest: deflated });
    expect(again.status, again.html.slice(0, 300)).toBe(303);
    const answered = postFormOf((await b.get(again.location!)).html);
    expect(answered.relayState).toBeUndefined();
    await expect(deflating.validatePostResponseAsync({ SAMLResponse: answered.samlResponse })).resolves.toMatchObject({ profile: { nameID: c.username } });
  });

  it('ForceAuthn shows the logon page despite a session; IsPassive without a session is answered NoPassive at the ACS', async () => {
    const c = await customer();
    const b = browser();
    const wiki = await serviceProvider(world.wiki);
    const first = await b.get(await redirectPath(wiki));
    await logOnAt(b, first.location!, c.username);

    const forced = await serviceProvider(world.wiki, { forceAuthn: true });
    const again = await b.get(await redirectPath(forced));
    expect(again.status).toBe(302);
    expect(again.location).toMatch(/\/login\?request=/);
    const { done } = await logOnAt(b, again.location!, c.username);
    await expect(forced.validatePostResponseAsync({ SAMLResponse: postFormOf((await b.get(done.location!)).html).samlResponse })).resolves.toBeTruthy();

    const passive = await serviceProvider(world.wiki, { passive: true });
    const res = await browser().get(await redirectPath(passive));
    expect(res.status).toBe(200);
    const form = postFormOf(res.html);
    expect(form.action).toBe(world.wiki.acsUrl);
    expect(xmlOf(form.samlResponse)).toContain('urn:oasis:names:tc:SAML:2.0:status:NoPassive');
    // node-saml reads the NoPassive status as "not signed in": no profile, no error.
    await expect(passive.validatePostResponseAsync({ SAMLResponse: form.samlResponse })).resolves.toEqual({ profile: null, loggedOut: false });
  });

  it('answers a NameID format the application does not use with InvalidNameIDPolicy, at the registered ACS', async () => {
    const sp = await serviceProvider(world.wiki, { identifierFormat: EMAIL_FORMAT });
    const res = await browser().get(await redirectPath(sp));
    const form = postFormOf(res.html);
    expect(form.action).toBe(world.wiki.acsUrl);
    expect(xmlOf(form.samlResponse)).toContain('urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy');
  });
});

describe('CIAM SAML IdP: refused requests', () => {
  it('an unknown SP, or an ACS other than the registered one, gets a page of ours, never a post', async () => {
    const unknown = await serviceProvider({ spEntityId: 'https://evil.example/sp', acsUrl: 'https://evil.example/acs' });
    expectRefusalPage(await browser().get(await redirectPath(unknown)), 403, 'Saml.UnknownServiceProvider');
    const wrongAcs = await serviceProvider({ spEntityId: world.crm.spEntityId, acsUrl: 'https://evil.example/acs' });
    expectRefusalPage(await browser().get(await redirectPath(wrongAcs)), 400, 'Saml.AcsUrlMismatch');
    // Even with a signed-in browser.
    const c = await customer();
    const b = browser();
    const wiki = await serviceProvider(world.wiki);
    await logOnAt(b, (await b.get(await redirectPath(wiki))).location!, c.username);
    expectRefusalPage(await b.get(await redirectPath(wrongAcs)), 400, 'Saml.AcsUrlMismatch');
  });

  it('refuses garbage, an expired request and an over-long RelayState', async () => {
    expectRefusalPage(await browser().get(`/ciam/${world.instanceId}/saml/sso?SAMLRequest=bm90IGRlZmxhdGVk`), 400, 'Saml.Malformed');
    expectRefusalPage(await browser().get(`/ciam/${world.instanceId}/saml/sso`), 400, 'Saml.Malformed');
    const wiki = await serviceProvider(world.wiki);
    expectRefusalPage(await browser().get(await redirectPath(wiki, 'x'.repeat(81))), 400, 'Saml.RelayState');
    const old = await redirectPath(wiki);
    offset = 10 * 60_000;
    try {
      expectRefusalPage(await browser().get(old), 400, 'Saml.RequestExpired');
    } finally {
      offset = 0;
    }
  });

  it('a disabled application answers as unknown, also for a request parked before it was disabled', async () => {
    const id = await world.samlApp(world.instanceId, 'Shop legacy', { spEntityId: 'urn:legacy.example', acsUrl: 'https://legacy.example/acs' });
    const sp = await serviceProvider({ spEntityId: 'urn:legacy.example', acsUrl: 'https://legacy.example/acs' });
    const b = browser();
    const parked = await b.get(await redirectPath(sp));
    expect(parked.status).toBe(302);
    const off = await world.api.call('PUT', `${world.apps(world.instanceId)}/${id}/status`, { key: world.key, body: { status: 'Disabled' } });
    expect(off.status, JSON.stringify(off.json)).toBe(200);
    expectRefusalPage(await browser().get(await redirectPath(sp)), 403, 'Saml.UnknownServiceProvider');
    const page = await b.get(parked.location!);
    expect(page.status).toBe(403);
    expect(titleOf(page.html)).toBe('Application unavailable');
  });

  it('a released instance publishes no metadata and answers no request', async () => {
    const instanceId = await world.buy();
    const app = { spEntityId: 'urn:released.example', acsUrl: 'https://released.example/acs' };
    await world.samlApp(instanceId, 'Released shop', app);
    const sp = await serviceProvider(app, {}, instanceId);
    const path = await redirectPath(sp);
    expect((await browser().get(path)).status).toBe(302);
    const released = await world.api.call('DELETE', `/api/v1/ciam/instances/${instanceId}`, { key: world.key });
    expect(released.status, JSON.stringify(released.json)).toBeLessThan(300);
    expect((await browser().get(`/ciam/${instanceId}/saml/metadata`)).status).toBe(404);
    expectRefusalPage(await browser().get(await redirectPath(sp)), 403, 'Saml.UnknownServiceProvider');
  });

  it("keeps the protocols' continuations apart: a parked SAML request is no OIDC authorization", async () => {
    const b = browser();
    const parked = await b.get(await redirectPath(await serviceProvider(world.wiki)));
    const pendingId = new URL(parked.location!, ORIGIN).searchParams.get('request')!;
    const oidc = await b.get(`/ciam/${world.instanceId}/oidc/authorize/continue?request=${encodeURIComponent(pendingId)}`);
    expect(oidc.status).toBe(400);
    expect(oidc.html).not.toContain('code=');
  });
});
