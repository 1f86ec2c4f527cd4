import type { DirectoryId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { parseCertificate } from './certificate';

export type SamlBinding = 'HTTP-POST' | 'HTTP-Redirect';
export const SAML_BINDINGS: readonly SamlBinding[] = ['HTTP-POST', 'HTTP-Redirect'];

/**
 * A directory's external SAML identity provider (CloudSSO SetExternalSAMLIdentityProvider): one per
 * directory. Atrium is the service provider; the IdP's signing certificates are the only trust anchors.
 */
export type SamlIdpConfig = {
  readonly directoryId: DirectoryId;
  readonly entityId: string;
  /** Where AuthnRequests go. */
  readonly ssoUrl: string;
  /** How AuthnRequests go; responses always come back by HTTP-POST. */
  readonly binding: SamlBinding;
  /**
   * Base64 DER bodies (no PEM armour), one or two: during a rollover the IdP's next certificate is added
   * before the old one is removed, and a response signed by either is accepted.
   */
  readonly certificates: readonly string[];
  /** The IdP requires signed AuthnRequests (metadata `WantAuthnRequestsSigned`). */
  readonly wantRequestSigned: boolean;
  readonly updatedAt: string;
  readonly version: number;
};

/** What an administrator sets; the rest is Atrium's bookkeeping. */
export type SamlIdpSettings = Pick<SamlIdpConfig, 'entityId' | 'ssoUrl' | 'binding' | 'certificates' | 'wantRequestSigned'>;

export type InvalidSamlIdpConfig = Failure<
  'InvalidParameter.EntityId' | 'InvalidParameter.SSOUrl' | 'InvalidParameter.BindingType' | 'InvalidParameter.X509Certificate'
>;

/** saml-metadata §2.3.2: entityID is a URI of at most 1024 characters. */
export const MAX_ENTITY_ID_LENGTH = 1024;
export const MAX_SSO_URL_LENGTH = 2048;
export const MAX_CERTIFICATES = 2;

/** Plain http is allowed only to this machine (a test or development IdP), never across a network. */
export const isLoopbackHost = (hostname: string): boolean => {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]') return true;
  return /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(h);
};

const checkEntityId = (entityId: string): InvalidSamlIdpConfig | undefined => {
  if (entityId.trim().length === 0) return { code: 'InvalidParameter.EntityId', message: 'EntityId must not be empty.' };
  if (entityId.length > MAX_ENTITY_ID_LENGTH) {
    return { code: 'InvalidParameter.EntityId', message: `EntityId must be at most ${MAX_ENTITY_ID_LENGTH} characters.` };
  }
  if (entityId !== entityId.trim()) return { code: 'InvalidParameter.EntityId', message: 'EntityId must not start or end with white space.' };
  return undefined;
};

const checkSsoUrl = (ssoUrl: string): InvalidSamlIdpConfig | undefined => {
  const bad = (why: string): InvalidSamlIdpConfig => ({ code: 'InvalidParameter.SSOUrl', message: `SSOUrl ${why}.` });
  if (ssoUrl.length > MAX_SSO_URL_LENGTH) return bad(`must be at most ${MAX_SSO_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(ssoUrl);
  } catch {
    return bad('must be an absolute URL');
  }
  if (url.username || url.password) return bad('must not carry credentials');
  if (url.hash) return bad('must not have a fragment');
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return bad('must use https (plain http only to a loopback address)');
};

/**
 * Checks and normalises an administrator's settings. Certificates must parse as X.509 with an RSA key
 * and must not have expired at `now`; a certificate not valid yet is accepted, so an IdP's next
 * certificate can be added ahead of its rollover. Duplicates are merged.
 */
export const validateSamlIdpSettings = (settings: SamlIdpSettings, now: Date): Result<SamlIdpSettings, InvalidSamlIdpConfig> => {
  const problem = checkEntityId(settings.entityId) ?? checkSsoUrl(settings.ssoUrl);
  if (problem) return { ok: false, error: problem };
  if (!SAML_BINDINGS.includes(settings.binding)) {
    return fail('InvalidParameter.BindingType', `BindingType must be one of ${SAML_BINDINGS.join(', ')}.`);
  }
  const bodies: string[] = [];
  for (const [i, text] of settings.certificates.entries()) {
    const cert = parseCertificate(text);
    if (!cert.ok) return fail('InvalidParameter.X509Certificate', `Certificate ${i + 1} ${cert.error}.`);
    if (cert.value.notAfter.getTime() <= now.getTime()) {
      return fail('InvalidParameter.X509Certificate', `Certificate ${i + 1} (${cert.value.subject}) expired on ${cert.value.notAfter.toISOString()}.`);
    }
    if (!bodies.includes(cert.value.body)) bodies.push(cert.value.body);
  }
  if (bodies.length === 0) return fail('InvalidParameter.X509Certificate', 'At least one signing certificate is required.');
  if (bodies.length > MAX_CERTIFICATES) {
    return fail(
      'InvalidParameter.X509Certificate',
      `At most ${MAX_CERTIFICATES} signing certificates: the current one and, during a rollover, the next.`,
    );
  }
  return ok({ ...settings, certificates: bodies });
};

/** A new configuration, or the next version of `previous`. */
export const configureSamlIdp = (
  directoryId: DirectoryId,
  settings: SamlIdpSettings,
  now: Date,
  previous?: SamlIdpConfig,
): Result<SamlIdpConfig, InvalidSamlIdpConfig> => {
  const checked = validateSamlIdpSettings(settings, now);
  if (!checked.ok) return checked;
  const { entityId, ssoUrl, binding, certificates, wantRequestSigned } = checked.value;
  return ok({
    directoryId,
    entityId,
    ssoUrl,
    binding,
    certificates,
    wantRequestSigned,
    updatedAt: now.toISOString(),
    version: previous ? previous.version + 1 : 1,
  });
};
