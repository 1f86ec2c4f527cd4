import type { DirectoryUser, ScimAddress, ScimMultiValue, ScimProfile } from '../directory/user';
import { describeAttribute, resolveAttribute, splitAttributePath, type ResolvedAttribute } from './attribute-path';
import { checkAttributeValue, isUnassigned } from './attribute-values';
import { etagOf } from './etag';
import { isJsonObject, optional, type JsonObject, type JsonValue } from './json';
import { err, ok, type Result } from '../shared/result';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA, sameUrn } from './schema-urns';
import { invalidSyntax, invalidValue, type ScimError } from './scim-error';

/** A SCIM User representation (RFC 7643 §4.1), as plain JSON. */
export type ScimUserJson = JsonObject;

/** What a SCIM User body (POST, PUT, or a patched document) sets on a directory user. */
export type ScimUserFields = {
  readonly userName: string;
  readonly displayName?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  /** The primary email, else the `work` one, else the first. */
  readonly email?: string;
  readonly active: boolean;
  readonly externalId?: string;
  readonly scim: ScimProfile;
  /** Sent by Okta on create; for the caller to use or refuse, never to store in the profile. */
  readonly password?: string;
};

export type UserRepresentationContext = {
  /** The SCIM root, e.g. `https://host/scim/v2`. */
  readonly baseUrl: string;
  /** The user's groups, when the caller has them; `groups` is left out otherwise. */
  readonly groups?: readonly { readonly id: string; readonly displayName: string }[];
};

/** The SCIM representation of a directory user. It never carries a password (RFC 7643 §4.1.1: returned never). */
export const userToScim = (user: DirectoryUser, ctx: UserRepresentationContext): ScimUserJson => {
  const scim = user.scim ?? {};
  const enterprise = enterpriseJson(scim.enterprise, ctx.baseUrl);
  // Stored emails read back as the IdP wrote them; a user without them shows its one email as the work one.
  const emails =
    scim.emails !== undefined && scim.emails.length > 0
      ? scim.emails.map(multiValueJson)
      : user.email !== undefined
        ? [{ value: user.email, type: 'work', primary: true }]
        : undefined;
  const groups = ctx.groups?.map(
    (g): JsonObject => ({ value: g.id, $ref: `${ctx.baseUrl}/Groups/${g.id}`, display: g.displayName, type: 'direct' }),
  );
  return {
    schemas: enterprise === undefined ? [USER_SCHEMA] : [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    id: user.id,
    ...optional('externalId', user.externalId),
    userName: user.userName,
    ...optional(
      'name',
      compact({
        formatted: scim.name?.formatted,
        familyName: user.lastName,
        givenName: user.firstName,
        middleName: scim.name?.middleName,
        honorificPrefix: scim.name?.honorificPrefix,
        honorificSuffix: scim.name?.honorificSuffix,
      }),
    ),
    ...optional('displayName', user.displayName),
    ...optional('nickName', scim.nickName),
    ...optional('profileUrl', scim.profileUrl),
    ...optional('title', scim.title),
    ...optional('userType', scim.userType),
    ...optional('preferredLanguage', scim.preferredLanguage),
    ...optional('locale', scim.locale),
    ...optional('timezone', scim.timezone),
    active: user.status === 'Enabled',
    ...optional('emails', emails),
    ...optional('phoneNumbers', nonEmpty(scim.phoneNumbers?.map(multiValueJson))),
    ...optional('addresses', nonEmpty(scim.addresses?.map(addressJson))),
    ...optional('groups', nonEmpty(groups)),
    ...(enterprise === undefined ? {} : { [ENTERPRISE_USER_SCHEMA]: enterprise }),
    meta: {
      resourceType: 'User',
      created: user.createdAt,
      lastModified: user.updatedAt,
      location: `${ctx.baseUrl}/Users/${user.id}`,
      version: etagOf(user.version),
    },
  };
};

/**
 * Reads a User body: a POST or PUT (RFC 7644 §3.3, §3.5.1) or a document patched by `applyUserPatch`.
 * Attribute names are case-insensitive (RFC 7643 §2.1). Read-only attributes (`id`, `meta`, `groups`) are
 * ignored (RFC 7644 §3.5.1). Unlike RFC 7644's lenient default, attributes Atrium does not store are
 * refused with `invalidSyntax` so that nothing an IdP sends is silently dropped, unless they are unassigned
 * (null or []), which asks for nothing to be stored.
 */
export const scimToUserFields = (json: unknown): Result<ScimUserFields, ScimError> => {
  if (!isJsonObject(json)) return err(invalidSyntax('a User must be a JSON object'));
  const core: JsonObject = {};
  const enterprise: JsonObject = {};
  const unknown: string[] = [];
  const seen = new Set<string>();

  const put = (r: ResolvedAttribute, raw: unknown): Result<true, ScimError> => {
    const label = describeAttribute(r);
    if (seen.has(label)) return err(invalidSyntax(`${label} is given more than once`));
    seen.add(label);
    if (r.attribute.mutability === 'readOnly') return ok(true);
    const checked = checkAttributeValue(r.attribute, raw, label);
    if (!checked.ok) return checked;
    if (checked.value !== undefined) (r.extension ? enterprise : core)[r.attribute.name] = checked.value;
    return ok(true);
  };

  for (const [key, raw] of Object.entries(json)) {
    if (key.toLowerCase() === 'schemas') {
      if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string')) {
        return err(invalidSyntax('schemas must be an array of schema URIs'));
      }
      continue;
    }
    if (sameUrn(key, ENTERPRISE_USER_SCHEMA)) {
      // RFC 7643 §3.3: extension attributes sit in an object keyed by the extension's URN.
      if (raw === null) continue;
      if (!isJsonObject(raw)) return err(invalidValue(`${ENTERPRISE_USER_SCHEMA} must be an object`));
      for (const [name, value] of Object.entries(raw)) {
        const r = resolveAttribute('User', { schema: ENTERPRISE_USER_SCHEMA, attribute: name });
        if (r === undefined) {
          if (!isUnassigned(value)) unknown.push(`${ENTERPRISE_USER_SCHEMA}:${name}`);
          continue;
        }
        const put1 = put(r, value);
        if (!put1.ok) return put1;
      }
      continue;
    }
    // A top-level key is an attribute name, possibly URN-qualified (RFC 7644 §3.10), never a dotted path.
    const split = splitAttributePath(key);
    const r = split === undefined || split.subAttribute !== undefined ? undefined : resolveAttribute('User', split);
    if (r === undefined) {
      if (!isUnassigned(raw)) unknown.push(key);
      continue;
    }
    const put1 = put(r, raw);
    if (!put1.ok) return put1;
  }
  if (unknown.length > 0) {
    return err(invalidSyntax(`attribute${unknown.length > 1 ? 's' : ''} not supported for a User: ${unknown.join(', ')}`));
  }
  return fieldsFrom(core, enterprise);
};

const fieldsFrom = (core: JsonObject, enterprise: JsonObject): Result<ScimUserFields, ScimError> => {
  const userName = str(core['userName'])?.trim();
  // RFC 7643 §4.1.1: userName is REQUIRED; RFC 7644 §3.12: a missing required value is invalidValue.
  if (userName === undefined || userName === '') return err(invalidValue('userName is required'));
  const name = obj(core['name']);
  const emails = list(core['emails'])?.map(multiValue);
  const email = primaryEmail(emails ?? []);
  const manager = obj(enterprise['manager']);
  const scim: ScimProfile = {
    ...optional(
      'name',
      compact({
        formatted: str(name?.['formatted']),
        middleName: str(name?.['middleName']),
        honorificPrefix: str(name?.['honorificPrefix']),
        honorificSuffix: str(name?.['honorificSuffix']),
      }),
    ),
    ...optional('nickName', str(core['nickName'])),
    ...optional('profileUrl', str(core['profileUrl'])),
    ...optional('title', str(core['title'])),
    ...optional('userType', str(core['userType'])),
    ...optional('preferredLanguage', str(core['preferredLanguage'])),
    ...optional('locale', str(core['locale'])),
    ...optional('timezone', str(core['timezone'])),
    ...optional('emails', emails),
    ...optional('phoneNumbers', list(core['phoneNumbers'])?.map(multiValue)),
    ...optional('addresses', list(core['addresses'])?.map(address)),
    ...optional(
      'enterprise',
      compact({
        employeeNumber: str(enterprise['employeeNumber']),
        costCenter: str(enterprise['costCenter']),
        organization: str(enterprise['organization']),
        division: str(enterprise['division']),
        department: str(enterprise['department']),
        manager: compact({ value: str(manager?.['value']), displayName: str(manager?.['displayName']) }),
      }),
    ),
  };
  const active = core['active'];
  return ok({
    userName,
    ...optional('displayName', str(core['displayName'])),
    ...optional('firstName', str(name?.['givenName'])),
    ...optional('lastName', str(name?.['familyName'])),
    ...optional('email', email),
    // RFC 7643 §4.1.1 gives no default; a user created without `active` is enabled, as IdPs expect.
    active: typeof active === 'boolean' ? active : true,
    ...optional('externalId', str(core['externalId'])),
    scim,
    ...optional('password', str(core['password'])),
  });
};

const primaryEmail = (emails: readonly ScimMultiValue[]): string | undefined => {
  const withValue = emails.filter((e) => e.value !== undefined);
  const chosen =
    withValue.find((e) => e.primary === true) ??
    withValue.find((e) => e.type?.toLowerCase() === 'work') ??
    withValue[0];
  return chosen?.value;
};

const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: JsonValue | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const obj = (v: JsonValue | undefined): JsonObject | undefined => (isJsonObject(v) ? (v as JsonObject) : undefined);
const list = (v: JsonValue | undefined): JsonObject[] | undefined =>
  Array.isArray(v) ? v.filter((e): e is JsonObject => isJsonObject(e)) : undefined;

const multiValue = (o: JsonObject): ScimMultiValue => ({
  ...optional('value', str(o['value'])),
  ...optional('type', str(o['type'])),
  ...optional('primary', bool(o['primary'])),
  ...optional('display', str(o['display'])),
});

const address = (o: JsonObject): ScimAddress => ({
  ...optional('formatted', str(o['formatted'])),
  ...optional('streetAddress', str(o['streetAddress'])),
  ...optional('locality', str(o['locality'])),
  ...optional('region', str(o['region'])),
  ...optional('postalCode', str(o['postalCode'])),
  ...optional('country', str(o['country'])),
  ...optional('type', str(o['type'])),
  ...optional('primary', bool(o['primary'])),
});

const multiValueJson = (v: ScimMultiValue): JsonObject =>
  compact({ value: v.value, display: v.display, type: v.type, primary: v.primary }) ?? {};

const addressJson = (a: ScimAddress): JsonObject =>
  compact({
    formatted: a.formatted,
    streetAddress: a.streetAddress,
    locality: a.locality,
    region: a.region,
    postalCode: a.postalCode,
    country: a.country,
    type: a.type,
    primary: a.primary,
  }) ?? {};

const enterpriseJson = (e: ScimProfile['enterprise'], baseUrl: string): JsonObject | undefined =>
  e === undefined
    ? undefined
    : compact({
        employeeNumber: e.employeeNumber,
        costCenter: e.costCenter,
        organization: e.organization,
        division: e.division,
        department: e.department,
        manager:
          e.manager === undefined
            ? undefined
            : compact({
                value: e.manager.value,
                // RFC 7643 §4.3: "$ref" is the URI of the manager's SCIM resource.
                $ref: e.manager.value === undefined ? undefined : `${baseUrl}/Users/${e.manager.value}`,
                displayName: e.manager.displayName,
              }),
      });

/** The object without its undefined members; undefined when nothing is left (RFC 7643 §2.5: unassigned). */
const compact = <T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } | undefined => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length > 0 ? (out as { [K in keyof T]?: Exclude<T[K], undefined> }) : undefined;
};

const nonEmpty = <T>(a: T[] | undefined): T[] | undefined => (a !== undefined && a.length > 0 ? a : undefined);
