/**
 * The sandbox cloud's check of a posted SAML Response, done the way Alibaba Cloud's role-based SSO
 * endpoint (signin.aliyun.com/saml-role/sso) and STS AssumeRoleWithSAML do it, using only what the
 * member account holds: its SAML provider (IdP entity id, certificates) and its roles (trusted provider,
 * maximum session duration). Nothing here knows Atrium: that is the point of the sandbox.
 *
 * CHECKS, in order; the first failure is the answer (each has its own code and a readable reason):
 *  Malformed      base64, UTF-8, well-formed, no DOCTYPE, root is samlp:Response
 *  RoleAttribute  https://www.aliyun.com/SAML-Role/Attributes/Role holds exactly one value (see below)
 *                 "acs:ram::<account>:role/<role>,acs:ram::<account>:saml-provider/<provider>", in either
 *                 order, both in the same account. It is read before the signature is checked (it names
 *                 the provider whose certificates verify it) and read again from the signed bytes.
 *  SamlProvider   the provider exists in that account
 *  Signature      exactly one Assertion, a direct child of the Response, no EncryptedAssertion; signatures
 *                 only as direct children of the Response and the Assertion (one each at most); the
 *                 Assertion covered by its own signature or by the Response's; every signature present
 *                 verifies under one of the provider's certificates (KeyInfo ignored), references its own
 *                 parent by a unique ID; everything below is read from the signed bytes, so a wrapped
 *                 copy is never read (XSW1–8, Somorovsky et al. 2012)
 *  Status         top-level StatusCode Success
 *  Issuer         Assertion Issuer (and the Response's, when present) = the provider's IdP entity id
 *  Destination    Response Destination (when present) and the bearer Recipient (required) are this endpoint
 *  Audience       every AudienceRestriction names urn:alibaba:cloudcomputing (and there is one)
 *  TimeWindow     Conditions NotBefore/NotOnOrAfter, bearer NotOnOrAfter (required), AuthnStatement
 *                 SessionNotOnOrAfter, each with `skewSeconds` of tolerance
 *  Role / Trust   the role exists in the account / its trust policy names this provider
 *  RoleSessionName  present, 2–64 characters of [A-Za-z0-9_.@-]
 *  SessionDuration  optional; an integer from 900 to the role's maximum; default 3600 (or the maximum, if lower)
 *  Replay         the assertion id is consumed once (checked last, so a refused response consumes nothing)
 *
 * Several Role values: Alibaba Cloud's console shows a role picker; the sandbox has none, so sign-in
 * refuses more than one value rather than guess. AssumeRoleWithSAML names the role and provider in the
 * request, and then the assertion must carry that pair among its values (as STS does).
 */
import type { RoleSpec, SamlProviderSpec } from '../../domain/access/cloud';
import { attr, child, children, descendants, isElement, NS, parseXml, simpleText } from '../../domain/saml/xml';
import type { AccountId } from '../../domain/shared/ids';
import { fail, ok, type Failure, type Result } from '../../domain/shared/result';
import { trustedKeys, verifyEnvelopedSignature } from '../saml/enveloped-signature';

export const ALIBABA_AUDIENCE = 'urn:alibaba:cloudcomputing';
export const ROLE_ATTRIBUTE = 'https://www.aliyun.com/SAML-Role/Attributes/Role';
export const ROLE_SESSION_NAME_ATTRIBUTE = 'https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName';
export const SESSION_DURATION_ATTRIBUTE = 'https://www.aliyun.com/SAML-Role/Attributes/SessionDuration';
export const MIN_SESSION_DURATION = 900;
export const DEFAULT_SESSION_DURATION = 3600;

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const MAX_RESPONSE_CHARS = 256 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SESSION_NAME = /^[\w.@-]{2,64}$/;

export type SignInRefusal = Failure<
  | 'SignIn.Malformed'
  | 'SignIn.RoleAttribute'
  | 'SignIn.SamlProvider'
  | 'SignIn.Signature'
  | 'SignIn.Status'
  | 'SignIn.Issuer'
  | 'SignIn.Destination'
  | 'SignIn.Audience'
  | 'SignIn.TimeWindow'
  | 'SignIn.Role'
  | 'SignIn.Trust'
  | 'SignIn.RoleSessionName'
  | 'SignIn.SessionDuration'
  | 'SignIn.Replay'
>;

/** A verified sign-in: who may be which role in which account, until when. */
export type VerifiedSignIn = {
  readonly accountId: AccountId;
  readonly roleName: string;
  readonly providerName: string;
  readonly roleSessionName: string;
  readonly nameId: string;
  readonly sessionDuration: number;
  readonly expiresAt: Date;
  readonly policies: RoleSpec['policies'];
};

/** What the verifier reads from, and writes to, the sandbox's store. */
export interface SandboxAccountReader {
  samlProvider(accountId: AccountId, name: string): Promise<SamlProviderSpec | undefined>;
  role(accountId: AccountId, name: string): Promise<RoleSpec | undefined>;
  /** Records a consumed assertion until `until`; false when it was already consumed. */
  rememberAssertion(assertionId: string, until: Date): Promise<boolean>;
}

export type VerifyInput = {
  readonly samlResponse: string;
  readonly now: Date;
  /** Whether a Destination/Recipient names this endpoint; `describe` says which endpoint, for the reason. */
  readonly endpoint: { readonly accepts: (url: string) => boolean; readonly describe: string };
  /** AssumeRoleWithSAML: the role and provider the request names. */
  readonly requested?: { readonly accountId: AccountId; readonly roleName: string; readonly providerName: string };
  readonly skewSeconds?: number;
};

type RolePair = { readonly accountId: AccountId; readonly roleName: string; readonly providerName: string };

const ROLE_ARN = /^acs:ram::(\d{1,32}):role\/([^\s,/]{1,128})$/;
const PROVIDER_ARN = /^acs:ram::(\d{1,32}):saml-provider\/([^\s,/]{1,128})$/;

/** One Role attribute value → the role and provider it names, in either order (as Alibaba Cloud accepts). */
export const parseRoleValue = (value: string): RolePair | undefined => {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 2) return undefined;
  const [a, b] = parts as [string, string];
  const role = ROLE_ARN.exec(a) ?? ROLE_ARN.exec(b);
  const provider = PROVIDER_ARN.exec(a) ?? PROVIDER_ARN.exec(b);
  if (!role || !provider || role[1] !== provider[1]) return undefined;
  return { accountId: role[1] as AccountId, roleName: role[2]!, providerName: provider[2]! };
};

const attributeValues = (assertion: Element, name: string): string[] | undefined => {
  const statements = children(assertion, NS.assertion, 'AttributeStatement');
  const found = statements.flatMap((s) => children(s, NS.assertion, 'Attribute')).filter((a) => attr(a, 'Name') === name);
  if (found.length === 0) return undefined;
  return found.flatMap((a) => children(a, NS.assertion, 'AttributeValue')).map((v) => simpleText(v).text.trim());
};

const pickRole = (assertion: Element, requested: RolePair | undefined): Result<RolePair, SignInRefusal> => {
  const values = attributeValues(assertion, ROLE_ATTRIBUTE);
  if (!values || values.length === 0) return fail('SignIn.RoleAttribute', `The assertion has no ${ROLE_ATTRIBUTE} attribute.`);
  const pairs = values.map(parseRoleValue);
  const bad = values.find((_, i) => !pairs[i]);
  if (bad !== undefined) {
    return fail('SignIn.RoleAttribute', `Role value "${bad}" is not "acs:ram::<account>:role/<role>,acs:ram::<account>:saml-provider/<provider>".`);
  }
  const valid = pairs as RolePair[];
  if (requested) {
    const match = valid.find((p) => p.accountId === requested.accountId && p.roleName === requested.roleName && p.providerName === requested.providerName);
    return match
      ? ok(match)
      : fail('SignIn.RoleAttribute', `The assertion does not grant role ${requested.roleName} with SAML provider ${requested.providerName} in account ${requested.accountId}.`);
  }
  if (valid.length > 1) {
    return fail('SignIn.RoleAttribute', `The assertion names ${valid.length} roles; the sandbox has no role picker, so it takes exactly one.`);
  }
  return ok(valid[0]!);
};

const decode = (samlResponse: string): Result<string, SignInRefusal> => {
  const compact = samlResponse.replace(/[\r\n\t ]+/g, '');
  if (compact.length === 0 || compact.length > MAX_RESPONSE_CHARS || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    return fail('SignIn.Malformed', 'SAMLResponse is not base64 of a reasonable size.');
  }
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64')));
  } catch {
    return fail('SignIn.Malformed', 'SAMLResponse is not UTF-8.');
  }
};

/** saml-core §1.3.3: xs:dateTime in UTC. */
const instant = (value: string | undefined): Date | undefined => {
  const m = value?.match(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/);
  if (!m) return undefined;
  const d = new Date(`${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

const textOf = (el: Element | undefined) => (el ? simpleText(el).text.trim() : undefined);

type Signed = { readonly response: Element; readonly assertion: Element };

/** The signature rules (see CHECKS): returns the Response and Assertion as signed, never as received. */
const checkSignatures = (xml: string, doc: Document, response: Element, certificates: readonly string[]): Result<Signed, SignInRefusal> => {
  const refuse = (why: string) => fail('SignIn.Signature', why);
  if (descendants(doc, NS.assertion, 'EncryptedAssertion').length > 0) return refuse('An EncryptedAssertion is not supported.');
  const assertions = descendants(doc, NS.assertion, 'Assertion');
  if (assertions.length !== 1 || assertions[0]!.parentNode !== response) {
    return refuse(`The Response must carry exactly one Assertion, as its direct child (found ${assertions.length}): possible signature wrapping.`);
  }
  const received = assertions[0]!;
  const onResponse = children(response, NS.ds, 'Signature');
  const onAssertion = children(received, NS.ds, 'Signature');
  if (onResponse.length > 1 || onAssertion.length > 1 || descendants(doc, NS.ds, 'Signature').length !== onResponse.length + onAssertion.length) {
    return refuse('A signature is in an unexpected place (only the Response and the Assertion may carry one each): possible signature wrapping.');
  }
  if (!onResponse[0] && !onAssertion[0]) return refuse('The Assertion is not covered by any signature (neither it nor the Response is signed).');
  const keys = trustedKeys(certificates);
  let response_ = response;
  let assertion = received;
  if (onResponse[0]) {
    const r = verifyEnvelopedSignature(xml, doc, response, onResponse[0], keys, "certificate of the account's SAML provider");
    if (!r.ok) return refuse(`The Response signature ${r.error}.`);
    const signed = parseXml(r.value);
    const root = signed.ok ? signed.value.documentElement : undefined;
    const inner = root ? children(root, NS.assertion, 'Assertion') : [];
    if (!root || !isElement(root, NS.protocol, 'Response') || attr(root, 'ID') !== attr(response, 'ID') || inner.length !== 1 || attr(inner[0]!, 'ID') !== attr(received, 'ID')) {
      return refuse('The signed Response is not the Response that was received: possible signature wrapping.');
    }
    response_ = root;
    assertion = inner[0]!;
  }
  if (onAssertion[0]) {
    const a = verifyEnvelopedSignature(xml, doc, received, onAssertion[0], keys, "certificate of the account's SAML provider");
    if (!a.ok) return refuse(`The Assertion signature ${a.error}.`);
    const signed = parseXml(a.value);
    const root = signed.ok ? signed.value.documentElement : undefined;
    if (!root || !isElement(root, NS.assertion, 'Assertion') || attr(root, 'ID') !== attr(received, 'ID')) {
      return refuse('The signed Assertion is not the Assertion that was received: possible signature wrapping.');
    }
    assertion = root;
  }
  return ok({ response: response_, assertion });
};

/** Verifies a posted SAML Response for the sandbox (see CHECKS above). */
export const verifySignIn = async (store: SandboxAccountReader, input: VerifyInput): Promise<Result<VerifiedSignIn, SignInRefusal>> => {
  const skew = (input.skewSeconds ?? 60) * 1000;
  const now = input.now.getTime();
  const decoded = decode(input.samlResponse);
  if (!decoded.ok) return decoded;
  const xml = decoded.value;
  const parsed = parseXml(xml);
  if (!parsed.ok) return fail('SignIn.Malformed', `SAMLResponse is ${parsed.error}.`);
  const doc = parsed.value;
  const received = doc.documentElement!;
  if (!isElement(received, NS.protocol, 'Response')) return fail('SignIn.Malformed', 'SAMLResponse is not a samlp:Response.');
  const unverified = child(received, NS.assertion, 'Assertion');
  if (!unverified) return fail('SignIn.Malformed', 'The Response carries no Assertion.');

  const claimed = pickRole(unverified, input.requested);
  if (!claimed.ok) return claimed;
  const { accountId, roleName, providerName } = claimed.value;
  const provider = await store.samlProvider(accountId, providerName);
  if (!provider) return fail('SignIn.SamlProvider', `SAML provider ${providerName} does not exist in account ${accountId}.`);

  const signed = checkSignatures(xml, doc, received, provider.certificates);
  if (!signed.ok) return signed;
  const { response, assertion } = signed.value;
  const confirmed = pickRole(assertion, input.requested);
  if (!confirmed.ok || confirmed.value.accountId !== accountId || confirmed.value.roleName !== roleName || confirmed.value.providerName !== providerName) {
    return fail('SignIn.Signature', 'The signed Role attribute differs from the one received: possible signature wrapping.');
  }

  const status = attr(child(child(response, NS.protocol, 'Status') ?? response, NS.protocol, 'StatusCode') ?? response, 'Value');
  if (status !== SUCCESS) return fail('SignIn.Status', `The Response status is ${status ?? '(none)'}, not Success.`);

  const responseIssuer = textOf(child(response, NS.assertion, 'Issuer'));
  const assertionIssuer = textOf(child(assertion, NS.assertion, 'Issuer'));
  if (assertionIssuer !== provider.idpEntityId || (responseIssuer !== undefined && responseIssuer !== provider.idpEntityId)) {
    return fail('SignIn.Issuer', `Issuer ${assertionIssuer ?? '(none)'} is not the IdP of SAML provider ${providerName} (${provider.idpEntityId}).`);
  }

  const destination = attr(response, 'Destination');
  if (destination !== undefined && !input.endpoint.accepts(destination)) {
    return fail('SignIn.Destination', `Destination ${destination} is not ${input.endpoint.describe}.`);
  }
  const subject = child(assertion, NS.assertion, 'Subject');
  const nameId = textOf(subject && child(subject, NS.assertion, 'NameID'));
  if (!subject || !nameId) return fail('SignIn.Malformed', 'The Assertion has no Subject NameID.');
  const bearer = children(subject, NS.assertion, 'SubjectConfirmation')
    .filter((sc) => attr(sc, 'Method') === BEARER)
    .map((sc) => child(sc, NS.assertion, 'SubjectConfirmationData'))
    .find((d): d is Element => d !== undefined);
  if (!bearer) return fail('SignIn.Malformed', 'The Assertion has no bearer SubjectConfirmationData.');
  const recipient = attr(bearer, 'Recipient');
  if (recipient === undefined || !input.endpoint.accepts(recipient)) {
    return fail('SignIn.Destination', `Recipient ${recipient ?? '(none)'} is not ${input.endpoint.describe}.`);
  }

  const conditions = child(assertion, NS.assertion, 'Conditions');
  if (!conditions) return fail('SignIn.Audience', 'The Assertion has no Conditions, so no audience.');
  const restrictions = children(conditions, NS.assertion, 'AudienceRestriction');
  if (restrictions.length === 0 || restrictions.some((r) => !children(r, NS.assertion, 'Audience').some((a) => textOf(a) === ALIBABA_AUDIENCE))) {
    const named = restrictions.flatMap((r) => children(r, NS.assertion, 'Audience').map(textOf)).join(', ') || '(none)';
    return fail('SignIn.Audience', `The audience is ${named}, not ${ALIBABA_AUDIENCE}.`);
  }

  const window = (el: Element, what: string, notBeforeAttr: string | undefined, endAttr: string, requireEnd: boolean): SignInRefusal | undefined => {
    const nb = notBeforeAttr === undefined ? undefined : attr(el, notBeforeAttr);
    const end = attr(el, endAttr);
    const notBefore = instant(nb);
    const notOnOrAfter = instant(end);
    if ((nb !== undefined && !notBefore) || (end !== undefined && !notOnOrAfter)) return { code: 'SignIn.TimeWindow', message: `${what} has a time that is not a UTC dateTime.` };
    if (requireEnd && !notOnOrAfter) return { code: 'SignIn.TimeWindow', message: `${what} has no ${endAttr}.` };
    if (notBefore && now + skew < notBefore.getTime()) return { code: 'SignIn.TimeWindow', message: `${what} is not valid before ${nb}.` };
    if (notOnOrAfter && now - skew >= notOnOrAfter.getTime()) return { code: 'SignIn.TimeWindow', message: `${what} expired at ${end}.` };
    return undefined;
  };
  const authn = child(assertion, NS.assertion, 'AuthnStatement');
  const late =
    window(conditions, 'The Assertion', 'NotBefore', 'NotOnOrAfter', false) ??
    window(bearer, 'The bearer confirmation', 'NotBefore', 'NotOnOrAfter', true) ??
    (authn ? window(authn, 'The authentication session', undefined, 'SessionNotOnOrAfter', false) : undefined);
  if (late) return { ok: false, error: late };

  const role = await store.role(accountId, roleName);
  if (!role) return fail('SignIn.Role', `Role ${roleName} does not exist in account ${accountId}.`);
  if (role.samlProviderName !== providerName) {
    return fail('SignIn.Trust', `Role ${roleName} does not trust SAML provider ${providerName} (it trusts ${role.samlProviderName}).`);
  }

  const sessionNames = attributeValues(assertion, ROLE_SESSION_NAME_ATTRIBUTE);
  const roleSessionName = sessionNames?.[0];
  if (!roleSessionName || sessionNames.length !== 1 || !SESSION_NAME.test(roleSessionName)) {
    return fail('SignIn.RoleSessionName', `${ROLE_SESSION_NAME_ATTRIBUTE} must carry one value of 2-64 letters, digits and . @ - _ (got ${sessionNames ? `"${sessionNames.join('", "')}"` : 'none'}).`);
  }

  const durations = attributeValues(assertion, SESSION_DURATION_ATTRIBUTE);
  let sessionDuration = Math.min(DEFAULT_SESSION_DURATION, role.maxSessionDuration);
  if (durations) {
    const value = durations[0] ?? '';
    if (durations.length !== 1 || !/^\d{1,6}$/.test(value)) return fail('SignIn.SessionDuration', `${SESSION_DURATION_ATTRIBUTE} must be one whole number of seconds.`);
    sessionDuration = Number(value);
    if (sessionDuration < MIN_SESSION_DURATION || sessionDuration > role.maxSessionDuration) {
      return fail('SignIn.SessionDuration', `Session duration ${sessionDuration} s is outside ${MIN_SESSION_DURATION}-${role.maxSessionDuration} s, the range role ${roleName} allows.`);
    }
  }

  // Last, so a response refused for any other reason can still be corrected and sent once.
  const assertionId = attr(assertion, 'ID');
  if (!assertionId) return fail('SignIn.Malformed', 'The Assertion has no ID.');
  const until = instant(attr(bearer, 'NotOnOrAfter'))!;
  if (!(await store.rememberAssertion(assertionId, new Date(until.getTime() + skew)))) {
    return fail('SignIn.Replay', `Assertion ${assertionId} was already used.`);
  }

  return ok({
    accountId,
    roleName,
    providerName,
    roleSessionName,
    nameId,
    sessionDuration,
    expiresAt: new Date(now + sessionDuration * 1000),
    policies: role.policies,
  });
};
