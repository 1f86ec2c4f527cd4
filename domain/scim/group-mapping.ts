import type { DirectoryGroup } from '../directory/group';
import { GROUP_SCHEMA_DEFINITION, findAttribute } from './attribute-catalogue';
import { resolveAttribute, splitAttributePath } from './attribute-path';
import { checkAttributeValue, isUnassigned } from './attribute-values';
import { etagOf } from './etag';
import { getIgnoringCase, isJsonObject, optional, type JsonObject, type JsonValue } from './json';
import { err, ok, type Result } from '../shared/result';
import { GROUP_SCHEMA } from './schema-urns';
import { invalidSyntax, invalidValue, type ScimError } from './scim-error';

/** A SCIM Group representation (RFC 7643 §4.2), as plain JSON. */
export type ScimGroupJson = JsonObject;

export type ScimGroupFields = {
  readonly displayName: string;
  readonly externalId?: string;
  /** Member user ids, deduplicated, in the order sent. */
  readonly members: string[];
};

export type GroupRepresentationContext = {
  /** The SCIM root, e.g. `https://host/scim/v2`. */
  readonly baseUrl: string;
  /** The members, when the caller has loaded them; `members` is left out otherwise. */
  readonly members?: readonly { readonly value: string; readonly display?: string }[];
};

export const groupToScim = (group: DirectoryGroup, ctx: GroupRepresentationContext): ScimGroupJson => {
  const members = ctx.members?.map(
    (m): JsonObject => ({
      value: m.value,
      ...optional('display', m.display),
      $ref: `${ctx.baseUrl}/Users/${m.value}`,
      type: 'User',
    }),
  );
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...optional('externalId', group.externalId),
    displayName: group.name,
    ...(members === undefined || members.length === 0 ? {} : { members }),
    meta: {
      resourceType: 'Group',
      created: group.createdAt,
      lastModified: group.updatedAt,
      location: `${ctx.baseUrl}/Groups/${group.id}`,
      version: etagOf(group.version),
    },
  };
};

// Entra ID tags groups with extension schemas of its own (`urn:...` or `http://schemas.microsoft.com/...`).
const SCHEMA_URI = /^(urn:|https?:\/\/)/i;

/**
 * Reads a Group body (POST or PUT). Names are case-insensitive (RFC 7643 §2.1); read-only attributes are
 * ignored (RFC 7644 §3.5.1). Unknown extension objects keyed by a schema URI are ignored, since Entra ID
 * sends them; other unknown attributes are `invalidSyntax` unless unassigned (null or []).
 */
export const scimToGroupFields = (json: unknown): Result<ScimGroupFields, ScimError> => {
  if (!isJsonObject(json)) return err(invalidSyntax('a Group must be a JSON object'));
  const values: JsonObject = {};
  const unknown: string[] = [];
  for (const [key, raw] of Object.entries(json)) {
    if (key.toLowerCase() === 'schemas') {
      if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string')) {
        return err(invalidSyntax('schemas must be an array of schema URIs'));
      }
      continue;
    }
    const split = splitAttributePath(key);
    const r = split === undefined || split.subAttribute !== undefined ? undefined : resolveAttribute('Group', split);
    if (r === undefined) {
      if (!SCHEMA_URI.test(key) && !isUnassigned(raw)) unknown.push(key);
      continue;
    }
    if (Object.hasOwn(values, r.attribute.name)) return err(invalidSyntax(`${r.attribute.name} is given more than once`));
    if (r.attribute.mutability === 'readOnly') continue;
    if (r.attribute.name === 'members') {
      // Checked by memberIds, which also refuses a member without a value.
      values['members'] = raw === undefined ? null : (raw as JsonValue);
      continue;
    }
    const checked = checkAttributeValue(r.attribute, raw, r.attribute.name);
    if (!checked.ok) return checked;
    values[r.attribute.name] = checked.value ?? null;
  }
  if (unknown.length > 0) {
    return err(invalidSyntax(`attribute${unknown.length > 1 ? 's' : ''} not supported for a Group: ${unknown.join(', ')}`));
  }
  const displayName = values['displayName'];
  // RFC 7643 §4.2: displayName is REQUIRED; RFC 7644 §3.12: a missing required value is invalidValue.
  if (typeof displayName !== 'string' || displayName.trim() === '') return err(invalidValue('displayName is required'));
  const members = memberIds(values['members']);
  if (!members.ok) return members;
  const externalId = values['externalId'];
  return ok({
    displayName: displayName.trim(),
    ...optional('externalId', typeof externalId === 'string' ? externalId : undefined),
    members: members.value,
  });
};

/**
 * The user ids of `members` values (RFC 7643 §4.2), deduplicated. Values must carry a `value`; a `type`
 * other than "User" is refused, since Atrium has no nested groups.
 */
const MEMBER_SUB_ATTRIBUTES: ReadonlySet<string> = new Set(
  (findAttribute(GROUP_SCHEMA_DEFINITION.attributes, 'members')?.subAttributes ?? []).map((a) => a.name.toLowerCase()),
);

export const memberIds = (members: unknown): Result<string[], ScimError> => {
  if (members === undefined || members === null) return ok([]);
  if (!Array.isArray(members)) return err(invalidValue('members must be an array'));
  const ids = new Set<string>();
  for (const [i, m] of members.entries()) {
    const unknown = isJsonObject(m)
      ? Object.keys(m).filter((k) => !MEMBER_SUB_ATTRIBUTES.has(k.toLowerCase()) && !isUnassigned(m[k]))
      : [];
    if (unknown.length > 0) return err(invalidSyntax(`unknown attribute: ${unknown.map((k) => `members[${i}].${k}`).join(', ')}`));
    const value = isJsonObject(m) ? getIgnoringCase(m, 'value') : undefined;
    if (typeof value !== 'string' || value === '') return err(invalidValue(`members[${i}].value must be a user id`));
    const type = isJsonObject(m) ? getIgnoringCase(m, 'type') : undefined;
    if (type !== undefined && type !== null && (typeof type !== 'string' || type.toLowerCase() !== 'user')) {
      return err(invalidValue(`members[${i}] is of type ${JSON.stringify(type)}: only users can be members`));
    }
    ids.add(value);
  }
  return ok([...ids]);
};
