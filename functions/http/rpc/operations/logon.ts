import { z } from 'zod';
import type { LogonMethod, LogonSettings } from '../../../../domain/logon/logon-settings';
import {
  getLogonSettings,
  setLoginPreference,
  setLogonMethod,
  setMfaSetting,
  setPasswordPolicy,
  settingsOf,
} from '../../../../domain/logon/logon-settings-use-cases';
import { MFA_SETTINGS, type MfaDevice, type MfaSetting } from '../../../../domain/logon/mfa';
import { deleteUserMfaDevice, listUserMfaDevices } from '../../../../domain/logon/mfa-device-use-cases';
import { PASSWORD_MAX_LENGTH } from '../../../../domain/logon/password-policy';
import { clearSamlIdp, getSamlIdp, setSamlIdp } from '../../../../domain/logon/saml-logon';
import type { SamlBinding, SamlIdpConfig, SamlIdpSettings } from '../../../../domain/saml/idp-config';
import type { Principal } from '../../../../domain/iam/principal';
import type { DirectoryId, UserId } from '../../../../domain/shared/ids';
import { err, ok, type Failure, type Result } from '../../../../domain/shared/result';
import type { Container } from '../../../wire';
import { spAt, spMetadataOf } from '../../portal/saml';
import { invalid, missing } from '../rpc-failure';
import { operation } from '../rpc-operation';
import { pop } from '../rpc-params';
import { DirectoryIdParam } from './directory';
import { UserIdParam } from './users';


/** CloudSSO documents `True`/`False` for some flags; the SDKs send `true`/`false`: both are taken. */
const flag = () => z.enum(['true', 'false', 'True', 'False']).transform((v) => v.toLowerCase() === 'true');

/** POP's Integer is 32-bit; the ranges themselves are the domain's to check (checkPolicySettings). */
const int32 = () => pop.int(-2147483648, 2147483647);

/** POP's names for the SAML bindings. */
const BINDING_TYPES = { Post: 'HTTP-POST', Redirect: 'HTTP-Redirect' } as const satisfies Record<string, SamlBinding>;
const bindingType = (b: SamlBinding) => (b === 'HTTP-POST' ? 'Post' : 'Redirect');

/** SSOStatus is the logon method: SSO on means SSO is how users log on, as in CloudSSO. */
const ssoStatus = (method: LogonMethod) => (method === 'SSO' ? 'Enabled' : 'Disabled');

/** The REST API takes metadata XML up to 512 KiB; its base64 is 4/3 as long. */
const MAX_ENCODED_METADATA = Math.ceil((512 * 1024) / 3) * 4;

/** `SAMLIdentityProviderConfiguration` (Get/SetExternalSAMLIdentityProvider). */
const popIdp = (directoryId: DirectoryId, idp: SamlIdpConfig | undefined, method: LogonMethod) => ({
  DirectoryId: directoryId,
  SSOStatus: ssoStatus(method),
  // CertificateIds, CreateTime and EncodedMetadataDocument are left out: Atrium keeps certificate
  // bodies (no ids), no creation time and not the uploaded document, only what it was read into.
  ...(idp
    ? {
        EntityId: idp.entityId,
        LoginUrl: idp.ssoUrl,
        BindingType: bindingType(idp.binding),
        WantRequestSigned: idp.wantRequestSigned,
        UpdateTime: idp.updatedAt,
      }
    : {}),
});

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const SetIdpParams = z.object({
  ...DirectoryIdParam,
  EncodedMetadataDocument: pop
    .string(MAX_ENCODED_METADATA)
    .transform((v) => v.replace(/\s+/g, ''))
    .refine((v) => BASE64.test(v), 'base64 of the IdP metadata XML')
    .transform((v) => Buffer.from(v, 'base64').toString('utf8'))
    .optional(),
  EntityId: pop.string(4096).optional(),
  LoginUrl: pop.string(4096).optional(),
  BindingType: z.enum(['Post', 'Redirect']).transform((v) => BINDING_TYPES[v]).optional(),
  WantRequestSigned: flag().optional(),
  X509Certificate: pop.string(16384).optional(),
  SSOStatus: z.enum(['Enabled', 'Disabled']).optional(),
});
type SetIdpParams = z.output<typeof SetIdpParams>;

type IdpChange = { readonly metadataXml: string } | SamlIdpSettings;

/**
 * What SetExternalSAMLIdentityProvider asks of the IdP: the metadata document, or fields over the
 * current configuration (CloudSSO's fields not given keep their value; X509Certificate replaces every
 * certificate). The current one is read through the use case, so only a principal allowed to see it
 * gets it merged in. A new IdP needs EntityId, LoginUrl and X509Certificate.
 */
const idpChange = async (deps: Container, principal: Principal, p: SetIdpParams): Promise<Result<IdpChange | undefined, Failure>> => {
  const fields = {
    entityId: p.EntityId,
    ssoUrl: p.LoginUrl,
    binding: p.BindingType,
    wantRequestSigned: p.WantRequestSigned,
    certificates: p.X509Certificate === undefined ? undefined : [p.X509Certificate],
  };
  const given = Object.values(fields).some((v) => v !== undefined);
  if (p.EncodedMetadataDocument !== undefined) {
    if (given) return err(invalid('EncodedMetadataDocument', 'give either the metadata document or EntityId, LoginUrl, X509Certificate, BindingType and WantRequestSigned, not both'));
    return ok({ metadataXml: p.EncodedMetadataDocument });
  }
  if (!given) return ok(undefined);
  const current = await getSamlIdp(deps, principal, p.DirectoryId);
  if (!current.ok) return current;
  const base = current.value;
  const entityId = fields.entityId ?? base?.entityId;
  const ssoUrl = fields.ssoUrl ?? base?.ssoUrl;
  const certificates = fields.certificates ?? base?.certificates;
  const required = (name: string) => err({ ...missing(name), message: `${name} is required: the directory has no identity provider yet.` });
  if (entityId === undefined) return required('EntityId');
  if (ssoUrl === undefined) return required('LoginUrl');
  if (certificates === undefined) return required('X509Certificate');
  return ok({
    entityId,
    ssoUrl,
    certificates,
    // The REST API's defaults for a new IdP.
    binding: fields.binding ?? base?.binding ?? 'HTTP-Redirect',
    wantRequestSigned: fields.wantRequestSigned ?? base?.wantRequestSigned ?? false,
  });
};

/** `PasswordPolicy` (GetPasswordPolicy). */
const popPasswordPolicy = (s: LogonSettings) => ({
  MinPasswordLength: s.passwordPolicy.minLength,
  MaxPasswordLength: PASSWORD_MAX_LENGTH,
  MinPasswordDifferentChars: s.passwordPolicy.minDistinctChars,
  PasswordNotContainUsername: s.passwordPolicy.mustNotContainUserName,
  RequireUpperCaseChars: s.passwordPolicy.requireUpper,
  RequireLowerCaseChars: s.passwordPolicy.requireLower,
  RequireNumbers: s.passwordPolicy.requireDigit,
  RequireSymbols: s.passwordPolicy.requireSymbol,
  MaxPasswordAge: s.passwordPolicy.maxAgeDays,
  PasswordReusePrevention: s.passwordPolicy.reusePrevention,
  MaxLoginAttempts: s.passwordPolicy.maxFailedAttempts,
  // An expired password is changed at the next logon (mustChangeNow), never a locked account.
  HardExpire: false,
});

/** `MFADevices` items (ListMFADevicesForUser). */
const popMfaDevice = (d: MfaDevice) => ({
  DeviceId: d.deviceId,
  DeviceName: d.name,
  DeviceType: d.type,
  UserId: d.userId,
  EffectiveTime: d.createdAt,
  ...(d.lastUsedAt !== undefined ? { LastUseTime: d.lastUsedAt } : {}),
});

/** SAML SSO, logon settings and MFA: the REST API's logon routes (functions/http/cloudsso/logon.ts). */
export const logonOperations = [
  operation({
    // Two use cases, one RAM action (setLogonMethod authorizes this one too). The IdP goes first, so
    // that SSOStatus=Enabled finds it; a bad IdP fails before the logon method changes.
    action: 'SetExternalSAMLIdentityProvider',
    params: SetIdpParams,
    audit: 'cloudsso:SetExternalSAMLIdentityProvider',
    run: async ({ deps, principal }, p) => {
      const change = await idpChange(deps, principal, p);
      if (!change.ok) return change;
      if (change.value === undefined && p.SSOStatus === undefined) {
        return err({ code: 'MissingParameter', message: 'Give EncodedMetadataDocument, the IdP fields (EntityId, LoginUrl, X509Certificate, …) or SSOStatus.' });
      }
      let idp: SamlIdpConfig | undefined;
      if (change.value !== undefined) {
        const set = await setSamlIdp(deps, principal, p.DirectoryId, change.value);
        if (!set.ok) return set;
        idp = set.value;
      }
      let method: LogonMethod;
      if (p.SSOStatus !== undefined) {
        const set = await setLogonMethod(deps, principal, p.DirectoryId, { method: p.SSOStatus === 'Enabled' ? 'SSO' : 'Password' });
        if (!set.ok) return set;
        method = set.value.method;
      } else {
        method = (await settingsOf(deps, p.DirectoryId)).method;
      }
      // Authorized by the use cases above; read again only when the IdP itself was not changed.
      idp ??= await deps.samlIdps.get(p.DirectoryId);
      return ok({ SAMLIdentityProviderConfiguration: popIdp(p.DirectoryId, idp, method) });
    },
  }),
  operation({
    action: 'GetExternalSAMLIdentityProvider',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal }, p) => {
      const idp = await getSamlIdp(deps, principal, p.DirectoryId);
      if (!idp.ok) return idp;
      const settings = await settingsOf(deps, p.DirectoryId);
      return ok({ SAMLIdentityProviderConfiguration: popIdp(p.DirectoryId, idp.value, settings.method) });
    },
  }),
  operation({
    action: 'ClearExternalSAMLIdentityProvider',
    params: z.object(DirectoryIdParam),
    audit: 'cloudsso:ClearExternalSAMLIdentityProvider',
    run: async ({ deps, principal }, p) => {
      const out = await clearSamlIdp(deps, principal, p.DirectoryId);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    // As GET …/saml-sp: authorized as reading the IdP configuration.
    action: 'GetDirectorySAMLServiceProviderInfo',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal, origin }, p) => {
      const out = await getSamlIdp(deps, principal, p.DirectoryId);
      if (!out.ok) return out;
      const sp = spAt(origin, p.DirectoryId);
      const metadata = await spMetadataOf(deps, origin, p.DirectoryId);
      return ok({
        SAMLServiceProvider: {
          DirectoryId: p.DirectoryId,
          EntityId: sp.entityId,
          AcsUrl: sp.acsUrl,
          EncodedMetadataDocument: Buffer.from(metadata, 'utf8').toString('base64'),
          // The directory's signing keys are RSA-2048 / SHA-256 with self-signed certificates
          // (adapters/crypto/signing-key-material.ts); the ACS refuses EncryptedAssertion.
          AuthnSignAlgo: 'rsa-sha256',
          CertificateType: 'self-signed',
          SupportEncryptedAssertion: false,
        },
      });
    },
  }),
  operation({
    // LoginNetworkMasks: `;`-separated; `;` alone clears the list, absent keeps it (CloudSSO's rule).
    action: 'SetLoginPreference',
    params: z.object({
      ...DirectoryIdParam,
      AllowUserToGetCredentials: flag().optional(),
      LoginNetworkMasks: pop
        .string(4096)
        .transform((v) => v.split(';').map((m) => m.trim()).filter((m) => m !== ''))
        .optional(),
    }),
    audit: 'cloudsso:SetLoginPreference',
    run: async ({ deps, principal }, p) => {
      const out = await setLoginPreference(deps, principal, p.DirectoryId, {
        allowUserToGetCredentials: p.AllowUserToGetCredentials,
        loginNetworkMasks: p.LoginNetworkMasks,
      });
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'GetLoginPreference',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal }, p) => {
      const out = await getLogonSettings(deps, principal, p.DirectoryId);
      if (!out.ok) return out;
      const pref = out.value.loginPreference;
      return ok({ LoginPreference: { AllowUserToGetCredentials: pref.allowUserToGetCredentials, LoginNetworkMasks: pref.loginNetworkMasks.join(';') } });
    },
  }),
  operation({
    // Fields not given keep their value; ranges are checked by the domain (InvalidParameter.PasswordPolicy).
    action: 'SetPasswordPolicy',
    params: z.object({
      ...DirectoryIdParam,
      MinPasswordLength: int32().optional(),
      MinPasswordDifferentChars: int32().optional(),
      PasswordNotContainUsername: flag().optional(),
      MaxPasswordAge: int32().optional(),
      PasswordReusePrevention: int32().optional(),
      MaxLoginAttempts: int32().optional(),
    }),
    audit: 'cloudsso:SetPasswordPolicy',
    run: async ({ deps, principal }, p) => {
      const out = await setPasswordPolicy(deps, principal, p.DirectoryId, {
        minLength: p.MinPasswordLength,
        minDistinctChars: p.MinPasswordDifferentChars,
        mustNotContainUserName: p.PasswordNotContainUsername,
        maxAgeDays: p.MaxPasswordAge,
        reusePrevention: p.PasswordReusePrevention,
        maxFailedAttempts: p.MaxLoginAttempts,
      });
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'GetPasswordPolicy',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal }, p) => {
      const out = await getLogonSettings(deps, principal, p.DirectoryId);
      return out.ok ? ok({ PasswordPolicy: popPasswordPolicy(out.value) }) : out;
    },
  }),
  operation({
    // CloudSSO documents Enabled and Disabled; its console (and Atrium) also have ByUser and OnlyRiskyLogon.
    action: 'SetMFAAuthenticationStatus',
    params: z.object({ ...DirectoryIdParam, MFAAuthenticationStatus: z.enum(MFA_SETTINGS as [MfaSetting, ...MfaSetting[]]) }),
    audit: 'cloudsso:SetMFAAuthenticationStatus',
    run: async ({ deps, principal }, p) => {
      const out = await setMfaSetting(deps, principal, p.DirectoryId, p.MFAAuthenticationStatus);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'GetMFAAuthenticationStatus',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal }, p) => {
      const out = await getLogonSettings(deps, principal, p.DirectoryId);
      return out.ok ? ok({ MFAAuthenticationStatus: out.value.mfa }) : out;
    },
  }),
  operation({
    action: 'ListMFADevicesForUser',
    params: z.object({ ...DirectoryIdParam, ...UserIdParam }),
    run: async ({ deps, principal }, p) => {
      const out = await listUserMfaDevices(deps, principal, p.DirectoryId, p.UserId);
      return out.ok ? ok({ MFADevices: out.value.map(popMfaDevice), TotalCounts: out.value.length }) : out;
    },
  }),
  operation({
    // Atrium's devices are TOTP authenticators only: another MfaType names nothing it has.
    action: 'DeleteMFADeviceForUser',
    params: z.object({ ...DirectoryIdParam, ...UserIdParam, MFADeviceId: pop.string(64), MfaType: z.enum(['TOTP']).optional() }),
    audit: 'cloudsso:DeleteMFADeviceForUser',
    run: async ({ deps, principal }, p) => {
      const out = await deleteUserMfaDevice(deps, principal, p.DirectoryId, p.UserId, p.MFADeviceId);
      return out.ok ? ok({}) : out;
    },
  }),
];
