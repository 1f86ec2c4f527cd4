/**
 * A real, independent IdP: the `saml-idp` package (samlp 8 signing with xml-crypto 2, its own XML
 * stack), run as a child process on a loopback port. Atrium imports its metadata, sends it an
 * AuthnRequest from createAuthnRequest, "logs in" by submitting its form with plain fetch, takes the
 * SAMLResponse from the auto-submitting page it returns and validates it with validateResponse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSamlReplayGuard } from '../../adapters/dynamodb/saml-replay-guard';
import { DynamoSamlRequestStore } from '../../adapters/dynamodb/saml-request-store';
import { createAuthnRequest, peekInResponseTo, validateResponse } from '../../adapters/saml/samlify-sp';
import { configureSamlIdp, type SamlIdpConfig } from '../../domain/saml/idp-config';
import { parseIdpMetadata, settingsFromMetadata } from '../../domain/saml/idp-metadata';
import type { Clock } from '../../domain/shared/clock';
import type { DirectoryId } from '../../domain/shared/ids';
import { freshTable } from '../support/db';
import { IDP_CERT_BODY, IDP_CERT_FILE, IDP_KEY_FILE } from '../support/saml/test-idp';

const BIN = fileURLToPath(new URL('../../node_modules/saml-idp/bin/run.js', import.meta.url));
// An absolute path: saml-idp resolves a relative --configFile against its own folder and the cwd.
const CONFIG = fileURLToPath(new URL('../../node_modules/saml-idp/config.js', import.meta.url));
const ISSUER = 'urn:atrium:test:saml-idp';
const DIR = 'd-00000000peer' as DirectoryId;
const SP = {
  entityId: 'https://signin.atrium.example/saml/sp/d-00000000peer',
  acsUrl: 'https://signin.atrium.example/portal/d-00000000peer/saml/acs',
};
const systemClock: Clock = { now: () => new Date() };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let idpProcess: ChildProcess | undefined;
let output = '';
let base = '';

const stopIdp = async () => {
  const child = idpProcess;
  idpProcess = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idpProcess = spawn(
    process.execPath,
    [BIN, '--host', '127.0.0.1', '--port', String(port), '--acs', SP.acsUrl, '--aud', SP.entityId, '--issuer', ISSUER,
      '--cert', IDP_CERT_FILE, '--key', IDP_KEY_FILE, '--configFile', CONFIG],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  idpProcess.stdout!.on('data', keep);
  idpProcess.stderr!.on('data', keep);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!idpProcess || idpProcess.exitCode !== null) throw new Error(`saml-idp exited early:\n${output}`);
    try {
      if ((await fetch(`${base}/metadata`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopIdp();
      throw new Error(`saml-idp did not start within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);

afterAll(stopIdp);

const decodeEntities = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const attribute = (tag: string, name: string) => {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i'));
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : undefined;
};

/** The fields a browser would submit from the form whose action is `action`: inputs, and selects' first option. */
const formFields = (html: string, action: string): { action: string; fields: URLSearchParams } => {
  const start = html.search(new RegExp(`<form[^>]*action="${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'i'));
  if (start < 0) throw new Error(`no form posting to ${action} in:\n${html.slice(0, 2000)}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields = new URLSearchParams();
  for (const tag of form.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(tag, 'name');
    if (name && attribute(tag, 'type') !== 'submit') fields.append(name, attribute(tag, 'value') ?? '');
  }
  for (const select of form.match(/<select\b[\s\S]*?<\/select>/gi) ?? []) {
    const name = attribute(select, 'name');
    const option = select.match(/<option[^>]*>\s*([^<]*?)\s*<\/option>/i);
    if (name && option) fields.append(name, decodeEntities(option[1]!));
  }
  return { action: attribute(form.match(/<form\b[^>]*>/i)![0], 'action')!, fields };
};

/** What the IdP's "Sign in" button does, then what its auto-submitting page would post to the ACS. */
const signInAtIdp = async (loginPage: Response, userName: string) => {
  expect(loginPage.status).toBe(200);
  const cookie = loginPage.headers.get('set-cookie')?.split(';')[0];
  const { fields } = formFields(await loginPage.text(), '/signin');
  fields.set('userName', userName);
  const answer = await fetch(`${base}/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: fields,
  });
  expect(answer.status).toBe(200);
  const acsForm = formFields(await answer.text(), SP.acsUrl);
  return { action: acsForm.action, samlResponse: acsForm.fields.get('SAMLResponse')!, relayState: acsForm.fields.get('RelayState') ?? '' };
};

describe('saml-idp (a real IdP) against Atrium as SP', () => {
  let idp: SamlIdpConfig;

  it('its metadata imports into a valid configuration (http allowed on loopback)', async () => {
    const metadata = parseIdpMetadata(await (await fetch(`${base}/metadata`)).text());
    if (!metadata.ok) throw new Error(metadata.error.message);
    expect(metadata.value.entityId).toBe(ISSUER);
    expect(metadata.value.certificates).toEqual([IDP_CERT_BODY]);
    const configured = configureSamlIdp(DIR, { ...settingsFromMetadata(metadata.value, 'HTTP-Redirect'), ssoUrl: `${base}/saml/sso` }, new Date());
    if (!configured.ok) throw new Error(configured.error.message);
    idp = configured.value;
    expect(idp.binding).toBe('HTTP-Redirect');
  });

  it('SP-initiated over HTTP-Redirect: AuthnRequest → login form → signed Response → validateResponse', async () => {
    const { table } = await freshTable();
    const requests = new DynamoSamlRequestStore(table, systemClock);
    const guard = new DynamoSamlReplayGuard(table, systemClock);

    const request = createAuthnRequest(idp, SP, 'portal:/apps');
    await requests.save(request.id, DIR, new Date(Date.now() + 10 * 60_000));
    const posted = await signInAtIdp(await fetch(request.redirectUrl!), 'alice@atrium.example');
    expect(posted.action).toBe(SP.acsUrl);
    expect(posted.relayState).toBe('portal:/apps');
    // saml-idp (samlp) signs both the Response and the Assertion, with KeyInfo.
    const received = Buffer.from(posted.samlResponse, 'base64').toString('utf8');
    expect(received.match(/<(?:\w+:)?Signature[\s>]/g)).toHaveLength(2);

    // The ACS: find the outstanding request the response claims to answer, then validate against it.
    const inResponseTo = peekInResponseTo(posted.samlResponse);
    expect(inResponseTo).toBe(request.id);
    expect(await requests.take(inResponseTo!)).toEqual({ directoryId: DIR });
    const out = await validateResponse({ samlResponse: posted.samlResponse, idp, sp: SP, expectedRequestId: request.id, now: new Date() }, guard);
    if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}\n${Buffer.from(posted.samlResponse, 'base64').toString()}`);
    expect(out.value.nameId).toBe('alice@atrium.example');
    expect(out.value.issuer).toBe(ISSUER);
    expect(out.value.attributes.email).toEqual(['saml.jackson@example.com']);

    // The same POST again (browser back button, or an attacker with the form): refused.
    const again = await validateResponse({ samlResponse: posted.samlResponse, idp, sp: SP, expectedRequestId: request.id, now: new Date() }, guard);
    expect(!again.ok && again.error.code).toBe('Saml.Replay');
    expect(await requests.take(request.id)).toBeUndefined();
  });

  it('SP-initiated over HTTP-POST', async () => {
    const { table } = await freshTable();
    const request = createAuthnRequest({ ...idp, binding: 'HTTP-POST' }, SP, 'rs-post');
    const form = request.postForm!;
    const loginPage = await fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLRequest: form.SAMLRequest, RelayState: form.RelayState! }),
    });
    const posted = await signInAtIdp(loginPage, 'bob@atrium.example');
    expect(posted.relayState).toBe('rs-post');
    const out = await validateResponse(
      { samlResponse: posted.samlResponse, idp, sp: SP, expectedRequestId: request.id, now: new Date() },
      new DynamoSamlReplayGuard(table, systemClock),
    );
    expect(out.ok && out.value.nameId).toBe('bob@atrium.example');
  });

  it('IdP-initiated: no request, no InResponseTo; and the same response is refused as SP-initiated', async () => {
    const { table } = await freshTable();
    const guard = new DynamoSamlReplayGuard(table, systemClock);
    const posted = await signInAtIdp(await fetch(`${base}/`), 'carol@atrium.example');
    expect(peekInResponseTo(posted.samlResponse)).toBeUndefined();
    const asSpInitiated = await validateResponse(
      { samlResponse: posted.samlResponse, idp, sp: SP, expectedRequestId: '_some-request', now: new Date() },
      guard,
    );
    expect(!asSpInitiated.ok && asSpInitiated.error.code).toBe('Saml.InResponseTo');
    const out = await validateResponse({ samlResponse: posted.samlResponse, idp, sp: SP, now: new Date() }, guard);
    expect(out.ok && out.value.nameId).toBe('carol@atrium.example');
  });

  it('a response from this IdP is refused by a directory configured with another certificate or entity id', async () => {
    const { table } = await freshTable();
    const guard = new DynamoSamlReplayGuard(table, systemClock);
    const posted = await signInAtIdp(await fetch(`${base}/`), 'dave@atrium.example');
    const { OTHER_CERT_BODY } = await import('../support/saml/test-idp');
    const wrongCert = await validateResponse({ samlResponse: posted.samlResponse, idp: { ...idp, certificates: [OTHER_CERT_BODY] }, sp: SP, now: new Date() }, guard);
    expect(!wrongCert.ok && wrongCert.error.code).toBe('Saml.Signature');
    const wrongIssuer = await validateResponse({ samlResponse: posted.samlResponse, idp: { ...idp, entityId: 'urn:another-idp' }, sp: SP, now: new Date() }, guard);
    expect(!wrongIssuer.ok && wrongIssuer.error.code).toBe('Saml.Issuer');
  });
});
