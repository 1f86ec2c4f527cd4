import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTotpDevice } from '../../domain/logon/mfa';
import type { DirectoryId, UserId } from '../../domain/shared/ids';
import { freshTable } from '../support/db';
import { administratorAccessKey, organisationOverRpc, refusedUnchanged, rpcOver, type AccessKey, type RpcAnswer, type RpcStack } from '../support/rpc';
import { OTHER_CERT, OTHER_CERT_BODY } from '../support/saml/test-idp';

let rpc: RpcStack;
let countItems: () => Promise<number>;
let root: { accountId: string; key: string };
let ak: AccessKey;
let reader: AccessKey;
let dir: string;
let okta: string;
let oktaCert: string;

const OKTA_ENTITY = 'http://www.okta.com/exkb1x2y3z4A5B6C7d8';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The REST API's view of the directory, under its own path. */
const rest = async (method: string, path = '', body?: unknown) => {
  const res = await rpc.call(method, `/api/v1/cloudsso/directories/${dir}${path}`, { key: root.key, ...(body !== undefined ? { body } : {}) });
  expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
  return res.json;
};

/** Everything these operations can change, as the REST API shows it, and the number of items. */
const snapshot = async () =>
  JSON.stringify({
    items: await countItems(),
    directory: await rest('GET'),
    idp: await rest('GET', '/saml-idp'),
    logon: await rest('GET', '/logon-settings'),
    credentials: await rest('GET', '/scim-credentials'),
  });

/** Runs a refused call and checks it is POP's error shape and changed nothing. */
const refused = (call: () => Promise<RpcAnswer>) => refusedUnchanged(snapshot, call);

beforeAll(async () => {
  const t = await freshTable();
  countItems = t.countItems;
  rpc = await rpcOver(t.table);
  ({ root, ak, dir } = await organisationOverRpc(rpc, 'Logon Corp', 'logon-corp'));
  reader = await administratorAccessKey(rpc, root.key, 'logon-reader', ['AliyunCloudSSOReadOnlyAccess']);
  okta = await readFile('test/unit/saml/fixtures/okta.xml', 'utf8');
  oktaCert = JSON.parse(await readFile('test/unit/saml/fixtures/expected-certificates.json', 'utf8')).okta[0];
});

afterAll(async () => {
  await rpc?.stop();
});

describe('the SAML identity provider', () => {
  it('is set from metadata sent in the signed body, read back, and its SP details are the REST ones', async () => {
    const set = await rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir }, { EncodedMetadataDocument: base64(okta) });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.SAMLIdentityProviderConfiguration).toEqual({
      DirectoryId: dir,
      EntityId: OKTA_ENTITY,
      LoginUrl: expect.stringMatching(/^https:\/\/.*okta/),
      BindingType: 'Redirect',
      WantRequestSigned: false,
      SSOStatus: 'Disabled',
      UpdateTime: expect.any(String),
    });
    const idp = await rest('GET', '/saml-idp');
    expect(idp).toMatchObject({ configured: true, entityId: OKTA_ENTITY, ssoUrl: set.body.SAMLIdentityProviderConfiguration.LoginUrl, binding: 'HTTP-Redirect', certificates: [oktaCert] });

    const got = await rpc.pop(ak, 'GetExternalSAMLIdentityProvider', { DirectoryId: dir }, 'GET');
    expect(got).toMatchObject({ status: 200, body: { SAMLIdentityProviderConfiguration: set.body.SAMLIdentityProviderConfiguration } });

    const sp = await rpc.acs3(ak, 'GetDirectorySAMLServiceProviderInfo', { DirectoryId: dir });
    expect(sp.status, JSON.stringify(sp.body)).toBe(200);
    const info = sp.body.SAMLServiceProvider;
    const restSp = await rest('GET', '/saml-sp');
    expect(info).toMatchObject({ DirectoryId: dir, AuthnSignAlgo: 'rsa-sha256', SupportEncryptedAssertion: false });
    // The REST call and the RPC call reach the stack under different hosts: compare the paths.
    expect(new URL(info.EntityId).pathname).toBe(new URL(restSp.entityId).pathname);
    expect(new URL(info.AcsUrl).pathname).toBe(new URL(restSp.acsUrl).pathname);
    const metadata = Buffer.from(info.EncodedMetadataDocument, 'base64').toString('utf8');
    expect(metadata).toContain(`entityID="${info.EntityId}"`);
    expect(metadata).toContain(`Location="${info.AcsUrl}"`);
    // The same document the SP serves at its entity id.
    const served = await fetch(info.EntityId);
    expect(await served.text()).toBe(metadata);
  });

  it('turns SSO on and off as the logon method, changes fields in place, and clears the IdP only while SSO is off', async () => {
    const on = await rpc.pop(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, SSOStatus: 'Enabled' });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body.SAMLIdentityProviderConfiguration).toMatchObject({ SSOStatus: 'Enabled', EntityId: OKTA_ENTITY });
    expect((await rest('GET', '/logon-settings')).method).toBe('SSO');
    expect((await rpc.acs3(ak, 'GetExternalSAMLIdentityProvider', { DirectoryId: dir })).body.SAMLIdentityProviderConfiguration.SSOStatus).toBe('Enabled');

    const cleared = await refused(() => rpc.acs3(ak, 'ClearExternalSAMLIdentityProvider', { DirectoryId: dir }));
    expect(cleared).toMatchObject({ status: 409, body: { Code: 'OperationForbidden.SSOEnabled' } });

    // A new certificate and binding; the entity id and URL stay.
    const rotated = await rpc.pop(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, X509Certificate: OTHER_CERT, BindingType: 'Post' });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.SAMLIdentityProviderConfiguration).toMatchObject({ EntityId: OKTA_ENTITY, BindingType: 'Post', SSOStatus: 'Enabled' });
    expect(await rest('GET', '/saml-idp')).toMatchObject({ entityId: OKTA_ENTITY, binding: 'HTTP-POST', certificates: [OTHER_CERT_BODY] });

    const off = await rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, SSOStatus: 'Disabled' });
    expect(off.body.SAMLIdentityProviderConfiguration).toMatchObject({ SSOStatus: 'Disabled', EntityId: OKTA_ENTITY });
    expect((await rest('GET', '/logon-settings')).method).toBe('Password');

    expect((await rpc.acs3(ak, 'ClearExternalSAMLIdentityProvider', { DirectoryId: dir })).status).toBe(200);
    expect(await rest('GET', '/saml-idp')).toEqual({ configured: false });
    const empty = await rpc.pop(ak, 'GetExternalSAMLIdentityProvider', { DirectoryId: dir }, 'GET');
    expect(empty.body.SAMLIdentityProviderConfiguration).toEqual({ DirectoryId: dir, SSOStatus: 'Disabled' });
  });

  it('refuses SSO without an IdP, and a new IdP without its required fields, before changing anything', async () => {
    expect(await refused(() => rpc.pop(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, SSOStatus: 'Enabled' }))).toMatchObject({
      status: 409,
      body: { Code: 'OperationFailed.SSONotConfigured' },
    });
    expect(await refused(() => rpc.pop(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, EntityId: 'https://idp.example.test', SSOStatus: 'Enabled' }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.LoginUrl' },
    });
    expect(await refused(() => rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir }))).toMatchObject({ status: 400, body: { Code: 'MissingParameter' } });
  });

  it('refuses bad metadata, a missing directory id, a bad enum value and an unknown directory, changing nothing', async () => {
    const notMetadata = await refused(() =>
      rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, SSOStatus: 'Enabled' }, { EncodedMetadataDocument: base64('<EntityDescriptor>not metadata</EntityDescriptor>') }),
    );
    expect(notMetadata).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.Metadata' } });
    expect(await refused(() => rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir }, { EncodedMetadataDocument: '<xml>not base64</xml>' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.EncodedMetadataDocument' },
    });
    expect(
      await refused(() => rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, EntityId: OKTA_ENTITY }, { EncodedMetadataDocument: base64(okta) })),
    ).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.EncodedMetadataDocument' } });
    expect(await refused(() => rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', {}, { EncodedMetadataDocument: base64(okta) }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.DirectoryId' },
    });
    expect(await refused(() => rpc.pop(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, SSOStatus: 'On' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.SSOStatus' },
    });
    expect(
      await refused(() => rpc.pop(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, EntityId: 'https://idp.example.test', LoginUrl: 'https://idp.example.test/sso', X509Certificate: OTHER_CERT, BindingType: 'Artifact' })),
    ).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.BindingType' } });
    // A certificate the domain refuses, through the field path.
    expect(
      await refused(() => rpc.pop(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, EntityId: 'https://idp.example.test', LoginUrl: 'https://idp.example.test/sso', X509Certificate: 'not a certificate' })),
    ).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.X509Certificate' } });
    expect(await refused(() => rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: 'd-doesnotexist' }, { EncodedMetadataDocument: base64(okta) }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Directory' },
    });
    expect(await refused(() => rpc.pop(ak, 'GetDirectorySAMLServiceProviderInfo', { DirectoryId: 'd-doesnotexist' }, 'GET'))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Directory' },
    });
  });

  it('lets a read-only administrator read but not set or clear the IdP', async () => {
    expect((await rpc.pop(reader, 'GetExternalSAMLIdentityProvider', { DirectoryId: dir }, 'GET')).status).toBe(200);
    const set = await refused(() => rpc.acs3(reader, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir }, { EncodedMetadataDocument: base64(okta) }));
    expect(set).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
    expect(set.body.Message).toContain('cloudsso:SetExternalSAMLIdentityProvider');
    expect(await refused(() => rpc.pop(reader, 'ClearExternalSAMLIdentityProvider', { DirectoryId: dir }))).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
  });

  it('records one RPC audit event for a call that sets the IdP and turns SSO on', async () => {
    const set = await rpc.acs3(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, SSOStatus: 'Enabled' }, { EncodedMetadataDocument: base64(okta) });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.SAMLIdentityProviderConfiguration).toMatchObject({ SSOStatus: 'Enabled', EntityId: OKTA_ENTITY });
    expect((await rest('GET', '/logon-settings')).method).toBe('SSO');
    const events = (await rest('GET', '/audit-events')).events.filter((e: any) => e.requestId === set.body.RequestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ channel: 'RPC', action: 'cloudsso:SetExternalSAMLIdentityProvider', result: 'Success' });
    // Leave SSO off and no IdP for the other tests.
    expect((await rpc.pop(ak, 'SetExternalSAMLIdentityProvider', { DirectoryId: dir, SSOStatus: 'Disabled' })).status).toBe(200);
    expect((await rpc.pop(ak, 'ClearExternalSAMLIdentityProvider', { DirectoryId: dir })).status).toBe(200);
  });
});

describe('logon settings', () => {
  it('sets and reads the login preference; ";" clears the network masks', async () => {
    const set = await rpc.pop(ak, 'SetLoginPreference', { DirectoryId: dir, AllowUserToGetCredentials: 'False', LoginNetworkMasks: '10.0.0.0/8;192.168.1.1' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(await rpc.pop(ak, 'GetLoginPreference', { DirectoryId: dir }, 'GET')).toMatchObject({
      status: 200,
      body: { LoginPreference: { AllowUserToGetCredentials: false, LoginNetworkMasks: '10.0.0.0/8;192.168.1.1' } },
    });
    expect((await rest('GET', '/logon-settings')).loginPreference).toMatchObject({ allowUserToGetCredentials: false, loginNetworkMasks: ['10.0.0.0/8', '192.168.1.1'] });
    // Absent keeps the masks; ";" clears them.
    expect((await rpc.acs3(ak, 'SetLoginPreference', { DirectoryId: dir, AllowUserToGetCredentials: true })).status).toBe(200);
    expect((await rest('GET', '/logon-settings')).loginPreference).toMatchObject({ allowUserToGetCredentials: true, loginNetworkMasks: ['10.0.0.0/8', '192.168.1.1'] });
    expect((await rpc.acs3(ak, 'SetLoginPreference', { DirectoryId: dir, LoginNetworkMasks: ';' })).status).toBe(200);
    expect((await rpc.acs3(ak, 'GetLoginPreference', { DirectoryId: dir })).body.LoginPreference).toEqual({ AllowUserToGetCredentials: true, LoginNetworkMasks: '' });
  });

  it('refuses a bad network mask and a bad flag, changing nothing', async () => {
    expect(await refused(() => rpc.pop(ak, 'SetLoginPreference', { DirectoryId: dir, LoginNetworkMasks: '10.0.0.0/8;999.1.1.1' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.LoginPreference' },
    });
    expect(await refused(() => rpc.pop(ak, 'SetLoginPreference', { DirectoryId: dir, AllowUserToGetCredentials: 'maybe' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.AllowUserToGetCredentials' },
    });
    expect(await refused(() => rpc.acs3(reader, 'SetLoginPreference', { DirectoryId: dir, LoginNetworkMasks: '10.0.0.0/8' }))).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
  });

  it('sets the password policy (fields not given keep their value) and reads it back', async () => {
    const set = await rpc.acs3(ak, 'SetPasswordPolicy', { DirectoryId: dir, MinPasswordLength: 12, MaxLoginAttempts: 3, PasswordNotContainUsername: false });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const got = await rpc.pop(ak, 'GetPasswordPolicy', { DirectoryId: dir }, 'GET');
    expect(got.body.PasswordPolicy).toMatchObject({
      MinPasswordLength: 12,
      MaxLoginAttempts: 3,
      PasswordNotContainUsername: false,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 1,
      MinPasswordDifferentChars: 0,
      RequireNumbers: false,
      HardExpire: false,
    });
    expect((await rest('GET', '/logon-settings')).passwordPolicy).toMatchObject({ minLength: 12, maxFailedAttempts: 3, mustNotContainUserName: false, maxAgeDays: 90 });

    const events = (await rest('GET', '/audit-events?action=cloudsso:SetPasswordPolicy')).events.filter((e: any) => e.requestId === set.body.RequestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ channel: 'RPC', result: 'Success', actor: { authenticatedBy: 'AccessKey', credentialId: ak.accessKeyId } });
  });

  it('refuses a policy out of range, a non-integer, a missing directory id and a read-only administrator, changing nothing', async () => {
    expect(await refused(() => rpc.pop(ak, 'SetPasswordPolicy', { DirectoryId: dir, MinPasswordLength: 7 }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.PasswordPolicy' },
    });
    expect(await refused(() => rpc.pop(ak, 'SetPasswordPolicy', { DirectoryId: dir, MinPasswordLength: 'twelve' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.MinPasswordLength' },
    });
    expect(await refused(() => rpc.acs3(ak, 'SetPasswordPolicy', { MinPasswordLength: 10 }))).toMatchObject({ status: 400, body: { Code: 'MissingParameter.DirectoryId' } });
    expect(await refused(() => rpc.acs3(ak, 'SetPasswordPolicy', { DirectoryId: 'd-doesnotexist', MinPasswordLength: 10 }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Directory' },
    });
    const denied = await refused(() => rpc.acs3(reader, 'SetPasswordPolicy', { DirectoryId: dir, MinPasswordLength: 10 }));
    expect(denied).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
    expect((await rpc.acs3(reader, 'GetPasswordPolicy', { DirectoryId: dir })).body.PasswordPolicy.MinPasswordLength).toBe(12);
  });

  it('sets and reads the MFA status, refusing an unknown one', async () => {
    expect((await rpc.pop(ak, 'SetMFAAuthenticationStatus', { DirectoryId: dir, MFAAuthenticationStatus: 'Enabled' })).status).toBe(200);
    expect(await rpc.pop(ak, 'GetMFAAuthenticationStatus', { DirectoryId: dir }, 'GET')).toMatchObject({ status: 200, body: { MFAAuthenticationStatus: 'Enabled' } });
    expect((await rest('GET', '/logon-settings')).mfa).toBe('Enabled');
    expect((await rpc.acs3(ak, 'SetMFAAuthenticationStatus', { DirectoryId: dir, MFAAuthenticationStatus: 'Disabled' })).status).toBe(200);
    expect((await rest('GET', '/logon-settings')).mfa).toBe('Disabled');
    expect(await refused(() => rpc.pop(ak, 'SetMFAAuthenticationStatus', { DirectoryId: dir, MFAAuthenticationStatus: 'Sometimes' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.MFAAuthenticationStatus' },
    });
    expect(await refused(() => rpc.acs3(ak, 'SetMFAAuthenticationStatus', { DirectoryId: dir }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.MFAAuthenticationStatus' },
    });
    expect(await refused(() => rpc.acs3(reader, 'SetMFAAuthenticationStatus', { DirectoryId: dir, MFAAuthenticationStatus: 'Enabled' }))).toMatchObject({
      status: 403,
      body: { Code: 'Forbidden' },
    });
  });
});

describe('MFA devices', () => {
  it("lists a user's devices and deletes one, as the REST API sees them", async () => {
    const user = await rest('POST', '/users', { userName: 'mfa.rpc' });
    expect(await rpc.pop(ak, 'ListMFADevicesForUser', { DirectoryId: dir, UserId: user.id }, 'GET')).toMatchObject({ status: 200, body: { MFADevices: [], TotalCounts: 0 } });
    expect(await refused(() => rpc.acs3(ak, 'DeleteMFADeviceForUser', { DirectoryId: dir, UserId: user.id, MFADeviceId: 'mfa-missing' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.MFADevice' },
    });

    // A device as the portal's enrolment stores it.
    const device = newTotpDevice({ directoryId: dir as DirectoryId, userId: user.id as UserId, deviceId: 'mfa-rpcphone', name: 'Phone', secret: 'JBSWY3DPEHPK3PXP', firstStep: 1, now: rpc.clock.now() });
    expect(device.ok).toBe(true);
    if (!device.ok) return;
    expect((await rpc.container.mfaDevices.put(device.value)).ok).toBe(true);

    const listed = await rpc.acs3(ak, 'ListMFADevicesForUser', { DirectoryId: dir, UserId: user.id });
    expect(listed.body).toMatchObject({
      TotalCounts: 1,
      MFADevices: [{ DeviceId: 'mfa-rpcphone', DeviceName: 'Phone', DeviceType: 'TOTP', UserId: user.id, EffectiveTime: device.value.createdAt, LastUseTime: device.value.lastUsedAt }],
    });
    expect((await rest('GET', `/users/${user.id}/mfa-devices`)).devices).toEqual([expect.objectContaining({ deviceId: 'mfa-rpcphone', name: 'Phone' })]);

    expect(await refused(() => rpc.pop(reader, 'DeleteMFADeviceForUser', { DirectoryId: dir, UserId: user.id, MFADeviceId: 'mfa-rpcphone' }))).toMatchObject({
      status: 403,
      body: { Code: 'Forbidden' },
    });
    expect(await refused(() => rpc.pop(ak, 'DeleteMFADeviceForUser', { DirectoryId: dir, UserId: user.id, MFADeviceId: 'mfa-rpcphone', MfaType: 'PlatformPasskey' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.MfaType' },
    });
    expect(await refused(() => rpc.pop(ak, 'DeleteMFADeviceForUser', { DirectoryId: dir, UserId: user.id }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.MFADeviceId' },
    });
    const deleted = await rpc.pop(ak, 'DeleteMFADeviceForUser', { DirectoryId: dir, UserId: user.id, MFADeviceId: 'mfa-rpcphone' });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect((await rest('GET', `/users/${user.id}/mfa-devices`)).devices).toEqual([]);
    const events = (await rest('GET', '/audit-events?action=cloudsso:DeleteMFADeviceForUser')).events.filter((e: any) => e.requestId === deleted.body.RequestId);
    expect(events).toMatchObject([{ channel: 'RPC', result: 'Success' }]);

    expect(await refused(() => rpc.pop(ak, 'ListMFADevicesForUser', { DirectoryId: dir, UserId: 'u-nobody' }))).toMatchObject({ status: 404, body: { Code: 'EntityNotExists.User' } });
  });
});

describe('SCIM', () => {
  it('turns synchronization on, creates a credential whose secret works once shown, disables and deletes it', async () => {
    expect((await rpc.acs3(ak, 'SetSCIMSynchronizationStatus', { DirectoryId: dir, SCIMSynchronizationStatus: 'Enabled' })).status).toBe(200);
    expect(await rpc.pop(ak, 'GetSCIMSynchronizationStatus', { DirectoryId: dir }, 'GET')).toMatchObject({ status: 200, body: { SCIMSynchronizationStatus: 'Enabled' } });
    expect((await rest('GET')).scimSynchronization).toBe('Enabled');

    const created = await rpc.pop(ak, 'CreateSCIMServerCredential', { DirectoryId: dir });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const credential = created.body.SCIMServerCredential;
    expect(credential).toEqual({
      DirectoryId: dir,
      CredentialId: expect.any(String),
      CredentialType: 'BearerToken',
      Status: 'Enabled',
      CreateTime: expect.any(String),
      ExpireTime: expect.any(String),
      CredentialSecret: expect.any(String),
    });
    const token = credential.CredentialSecret as string;
    expect((await rpc.call('GET', '/scim/v2/Users', { key: token })).status).toBe(200);

    const listed = await rpc.acs3(ak, 'ListSCIMServerCredentials', { DirectoryId: dir });
    const { CredentialSecret: _secret, ...shown } = credential;
    expect(listed.body).toEqual({ RequestId: expect.any(String), SCIMServerCredentials: [shown], TotalCounts: 1 });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect((await rest('GET', '/scim-credentials')).credentials).toEqual([expect.objectContaining({ id: credential.CredentialId, status: 'Enabled' })]);

    const disabled = await rpc.acs3(ak, 'UpdateSCIMServerCredentialStatus', { DirectoryId: dir, CredentialId: credential.CredentialId, NewStatus: 'Disabled' });
    expect(disabled.body.SCIMServerCredential).toEqual({ ...shown, Status: 'Disabled' });
    expect((await rest('GET', '/scim-credentials')).credentials[0].status).toBe('Disabled');
    // The SCIM function caches token lookups for two seconds (adapters/cache/scim-read-cache.ts).
    rpc.clock.advance(2_100);
    expect((await rpc.call('GET', '/scim/v2/Users', { key: token })).status).toBe(401);
    expect((await rpc.pop(ak, 'UpdateSCIMServerCredentialStatus', { DirectoryId: dir, CredentialId: credential.CredentialId, NewStatus: 'Enabled' })).status).toBe(200);
    rpc.clock.advance(2_100);
    expect((await rpc.call('GET', '/scim/v2/Users', { key: token })).status).toBe(200);

    // Synchronization off: the token no longer reaches the directory.
    expect((await rpc.pop(ak, 'SetSCIMSynchronizationStatus', { DirectoryId: dir, SCIMSynchronizationStatus: 'Disabled' })).status).toBe(200);
    expect((await rpc.acs3(ak, 'GetSCIMSynchronizationStatus', { DirectoryId: dir })).body.SCIMSynchronizationStatus).toBe('Disabled');
    expect((await rest('GET')).scimSynchronization).toBe('Disabled');
    rpc.clock.advance(2_100);
    expect((await rpc.call('GET', '/scim/v2/Users', { key: token })).status).toBe(403);

    const removed = await rpc.acs3(ak, 'DeleteSCIMServerCredential', { DirectoryId: dir, CredentialId: credential.CredentialId });
    expect(removed.status).toBe(200);
    expect((await rpc.pop(ak, 'ListSCIMServerCredentials', { DirectoryId: dir }, 'GET')).body).toMatchObject({ SCIMServerCredentials: [], TotalCounts: 0 });
    expect((await rest('GET', '/scim-credentials')).credentials).toEqual([]);
    const events = (await rest('GET', '/audit-events?action=cloudsso:DeleteSCIMServerCredential')).events.filter((e: any) => e.requestId === removed.body.RequestId);
    expect(events).toMatchObject([{ channel: 'RPC', result: 'Success', action: 'cloudsso:DeleteSCIMServerCredential' }]);
  });

  it('refuses an unknown credential, a bad status, a missing parameter, an unknown directory and a read-only administrator, changing nothing', async () => {
    expect(await refused(() => rpc.pop(ak, 'UpdateSCIMServerCredentialStatus', { DirectoryId: dir, CredentialId: 'scimcred-nope', NewStatus: 'Disabled' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.SCIMCredential' },
    });
    expect(await refused(() => rpc.acs3(ak, 'DeleteSCIMServerCredential', { DirectoryId: dir, CredentialId: 'scimcred-nope' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.SCIMCredential' },
    });
    expect(await refused(() => rpc.pop(ak, 'SetSCIMSynchronizationStatus', { DirectoryId: dir, SCIMSynchronizationStatus: 'Paused' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.SCIMSynchronizationStatus' },
    });
    expect(await refused(() => rpc.pop(ak, 'UpdateSCIMServerCredentialStatus', { DirectoryId: dir, CredentialId: 'scimcred-nope' }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.NewStatus' },
    });
    expect(await refused(() => rpc.acs3(ak, 'CreateSCIMServerCredential', { DirectoryId: 'd-doesnotexist' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Directory' },
    });
    expect((await rpc.pop(reader, 'ListSCIMServerCredentials', { DirectoryId: dir }, 'GET')).status).toBe(200);
    expect(await refused(() => rpc.acs3(reader, 'CreateSCIMServerCredential', { DirectoryId: dir }))).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
    expect(await refused(() => rpc.pop(reader, 'SetSCIMSynchronizationStatus', { DirectoryId: dir, SCIMSynchronizationStatus: 'Enabled' }))).toMatchObject({
      status: 403,
      body: { Code: 'Forbidden' },
    });
  });
});
