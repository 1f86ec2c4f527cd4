import { SAML } from '@node-saml/node-saml';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoIdpSigningKeyRepository } from '../../adapters/dynamodb/idp-signing-key-repository';
import type { Table } from '../../adapters/dynamodb/table';
import type { SignInResponseSigner } from '../../domain/access/cloud';
import { idpEntityId } from '../../domain/access/idp-entity';
import { toPem } from '../../domain/saml/certificate';
import { parseIdpMetadata } from '../../domain/saml/idp-metadata';
import type { DirectoryId } from '../../domain/shared/ids';
import { registerIdp } from '../../functions/http/portal/idp';
import { freshTable } from '../support/db';
import { apiOver } from '../support/stack';

const DEST = 'http://127.0.0.1:3000/sandbox-cloud/saml-role/sso';
const AUDIENCE = 'urn:alibaba:cloudcomputing';

let table: Table;
let api: ReturnType<typeof apiOver>;
let org: { key: string; dir: DirectoryId; name: string };

const keysApi = (method: string, path = '') =>
  api.call(method, `/api/v1/cloudsso/directories/${org.dir}/saml-idp/signing-keys${path}`, { key: org.key, headers: { host: '127.0.0.1:3000' } });

/** A response signed now (real time: node-saml checks against its own clock). */
const signNow = (signer: SignInResponseSigner, directoryId: DirectoryId) => {
  const now = new Date();
  return signer.sign({
    directoryId,
    issuer: idpEntityId(directoryId),
    destination: DEST,
    audience: AUDIENCE,
    nameId: 'ada',
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    attributes: { 'https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName': ['ada'] },
    now,
    validForSeconds: 300,
    sessionNotOnOrAfter: new Date(now.getTime() + 3600_000),
  });
};

const nodeSaml = (certificates: readonly string[], directoryId: DirectoryId) =>
  new SAML({
    idpCert: certificates.map(toPem),
    issuer: AUDIENCE,
    audience: AUDIENCE,
    callbackUrl: DEST,
    idpIssuer: idpEntityId(directoryId),
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: 'never' as never,
  });

beforeAll(async () => {
  ({ table } = await freshTable());
  api = apiOver(table);
  const acct = await api.openAccount('Idp Keys Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: acct.key });
  const d = (await api.call('POST', '/api/v1/cloudsso/directories', { key: acct.key, body: { name: 'idp-keys', region: 'cn-shanghai' } })).json;
  org = { key: acct.key, dir: d.id, name: d.name };
});

describe('IdP signing keys in the store', () => {
  it('concurrent first uses end with exactly one Active key, which every caller gets; another directory sees nothing', async () => {
    const repo = new DynamoIdpSigningKeyRepository(table);
    const dir = 'd-concurrent001' as DirectoryId;
    const results = await Promise.all(Array.from({ length: 6 }, () => repo.activeSigningKey(dir, new Date())));
    expect(new Set(results.map((r) => r.keyId)).size).toBe(1);
    const set = await repo.get(dir);
    expect(set.keys.map((k) => k.status)).toEqual(['Active']);
    expect(set.version).toBe(1);
    const stored = await table.all({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DIR#${dir}` } });
    expect(stored.filter((i) => i.kind === 'IdpSigningKey')).toHaveLength(1);
    // The port never hands out the private key.
    expect(JSON.stringify(set)).not.toContain('PRIVATE KEY');
    expect(await repo.get('d-othertenant01' as DirectoryId)).toEqual({ version: 0, keys: [] });
  });

  it('a rotation loses to a concurrent one: the stale version is refused', async () => {
    const repo = new DynamoIdpSigningKeyRepository(table);
    const dir = 'd-staleversion1' as DirectoryId;
    const first = await repo.ensureActive(dir, new Date());
    expect(await repo.addPending(dir, first.version, new Date())).not.toBe('Conflict');
    expect(await repo.addPending(dir, first.version, new Date())).toBe('Conflict');
    expect(await repo.replace(dir, first.version, first.keys)).toBe(false);
  });
});

describe('rotation through the management API', () => {
  it('lists, adds a Pending key, activates it; a response signed before activation still verifies against the published set', async () => {
    const first = await keysApi('GET');
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json.entityId).toBe(`urn:atrium:cloudsso:${org.dir}`);
    expect(first.json.metadataUrl).toBe(`http://127.0.0.1:3000/saml/${org.dir}/idp/metadata`);
    expect(first.json.keys.map((k: { status: string }) => k.status)).toEqual(['Active']);
    const oldKey = first.json.keys[0];

    const signer = api.container.signInSigner;
    const signedBefore = await signNow(signer, org.dir);

    const added = await keysApi('POST');
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect(added.json.status).toBe('Pending');
    expect((await keysApi('POST')).json.code).toBe('EntityAlreadyExists.PendingSigningKey');
    // Pending is published but does not sign yet.
    const stillOld = await signNow(signer, org.dir);
    await expect(nodeSaml([oldKey.certificate], org.dir).validatePostResponseAsync({ SAMLResponse: stillOld })).resolves.toBeTruthy();

    const activated = await keysApi('POST', `/${added.json.keyId}/activate`);
    expect(activated.status, JSON.stringify(activated.json)).toBe(200);
    expect(activated.json.keys.map((k: { keyId: string; status: string }) => `${k.keyId}:${k.status}`)).toEqual([
      `${added.json.keyId}:Active`,
      `${oldKey.keyId}:Previous`,
    ]);
    const published = activated.json.keys.map((k: { certificate: string }) => k.certificate);
    await expect(nodeSaml(published, org.dir).validatePostResponseAsync({ SAMLResponse: signedBefore })).resolves.toBeTruthy();
    const signedAfter = await signNow(signer, org.dir);
    await expect(nodeSaml([oldKey.certificate], org.dir).validatePostResponseAsync({ SAMLResponse: signedAfter })).rejects.toThrow(/signature/i);
    await expect(nodeSaml(published, org.dir).validatePostResponseAsync({ SAMLResponse: signedAfter })).resolves.toBeTruthy();

    // Activating again, or a key that is not Pending: refused. A second rotation drops the oldest key.
    expect((await keysApi('POST', `/${added.json.keyId}/activate`)).json.code).toBe('OperationConflict.SigningKeyNotPending');
    expect((await keysApi('POST', '/idpkey-0000000000000000/activate')).status).toBe(404);
    const third = (await keysApi('POST')).json;
    const after = (await keysApi('POST', `/${third.keyId}/activate`)).json;
    expect(after.keys.map((k: { keyId: string }) => k.keyId)).toEqual([third.keyId, added.json.keyId]);
  });

  it('serves IdP metadata with every published certificate, as a download', async () => {
    const keys = (await keysApi('GET')).json.keys.map((k: { certificate: string }) => k.certificate);
    // The route as registerIdp adds it to the portal app (functions/http/portal/app.tsx).
    const portal = new Hono();
    registerIdp(portal as never, () => api.container);
    const res = await portal.request(`/saml/${org.dir}/idp/metadata`, { headers: { host: '127.0.0.1:3000' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/samlmetadata+xml');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const parsed = parseIdpMetadata(await res.text());
    expect(parsed.ok && parsed.value).toMatchObject({
      entityId: idpEntityId(org.dir),
      certificates: keys,
      ssoUrls: expect.arrayContaining([{ binding: 'HTTP-POST', location: `http://127.0.0.1:3000/portal/${org.name}/login` }]),
    });
    expect((await portal.request('/saml/d-nosuchdir0001/idp/metadata')).status).toBe(404);
  });

  it('another account cannot see or rotate the keys', async () => {
    const other = await api.openAccount('Other Corp');
    const res = await api.call('GET', `/api/v1/cloudsso/directories/${org.dir}/saml-idp/signing-keys`, { key: other.key });
    expect(res.status).toBe(404);
    expect((await api.call('POST', `/api/v1/cloudsso/directories/${org.dir}/saml-idp/signing-keys`, { key: other.key })).status).toBe(404);
  });
});
