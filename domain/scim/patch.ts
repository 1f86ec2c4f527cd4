import { ALL_SCHEMA_IDS, ENTERPRISE_USER_SCHEMA_DEFINITION, GROUP_SCHEMA_DEFINITION, USER_SCHEMA_DEFINITION, type AttributeDefinition } from './attribute-catalogue';
import { getIgnoringCase, isJsonObject, keyOf, type JsonValue } from './json';
import { parsePatchPath, type PatchPath } from './patch-path';
import { err, ok, type Result } from '../shared/result';
import { PATCH_OP_SCHEMA, sameUrn } from './schema-urns';
import { invalidPath, invalidSyntax, invalidValue, type ScimError } from './scim-error';

export { applyUserPatch } from './user-patch';
export { planGroupPatch, type GroupPatchPlan } from './group-patch';
export type { PatchPath } from './patch-path';

export type PatchOp = 'add' | 'remove' | 'replace';

/**
 * One normalized PATCH operation (RFC 7644 §3.5.2). After `normalizePatch`, every `add` and `replace`
 * has a path (path-less ones are expanded attribute by attribute); only a `remove` may lack one, which
 * the appliers refuse with `noTarget`. `value` is absent when the operation had none.
 */
export type PatchOperation = {
  readonly op: PatchOp;
  readonly path?: PatchPath;
  readonly value?: JsonValue;
};

const OPS: ReadonlySet<string> = new Set(['add', 'remove', 'replace']);

// Entra ID and other IdPs extend resources with schemas of their own, named by URN or by URL.
const SCHEMA_URI = /^(urn:|https?:\/\/)/i;

const booleanNames = (attributes: readonly AttributeDefinition[]): string[] =>
  attributes.flatMap((a) => [...(a.type === 'boolean' ? [a.name.toLowerCase()] : []), ...booleanNames(a.subAttributes ?? [])]);

// The boolean attributes of every resource type (active, primary): only their string values are converted.
const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set(
  [USER_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA_DEFINITION, GROUP_SCHEMA_DEFINITION].flatMap((s) => booleanNames(s.attributes)),
);

/**
 * Validates a PatchOp message (RFC 7644 §3.5.2) and normalizes the dialects IdPs send: op names in any
 * case (Entra ID's "Replace"), member and key names in any case, booleans sent as "True"/"False" for
 * boolean attributes, and path-less `add`/`replace` values, including keys that are dotted paths
 * (`name.givenName`), URN-qualified (`urn:...:enterprise:2.0:User:department`) or whole extension
 * objects, expanded into one operation per attribute.
 */
export const normalizePatch = (body: unknown): Result<PatchOperation[], ScimError> => {
  if (!isJsonObject(body)) return err(invalidSyntax('a PATCH body must be a JSON object'));
  const schemas = getIgnoringCase(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && sameUrn(s, PATCH_OP_SCHEMA))) {
    return err(invalidSyntax(`schemas must include ${PATCH_OP_SCHEMA}`));
  }
  const operations = getIgnoringCase(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    return err(invalidSyntax('Operations must be a non-empty array'));
  }
  const out: PatchOperation[] = [];
  for (const [i, raw] of operations.entries()) {
    const normalized = normalizeOperation(raw, `Operations[${i}]`);
    if (!normalized.ok) return normalized;
    out.push(...normalized.value);
  }
  return ok(out);
};

const normalizeOperation = (raw: unknown, label: string): Result<PatchOperation[], ScimError> => {
  if (!isJsonObject(raw)) return err(invalidSyntax(`${label} must be an object`));
  const opName = getIgnoringCase(raw, 'op');
  if (typeof opName !== 'string' || !OPS.has(opName.toLowerCase())) {
    return err(invalidSyntax(`${label}.op must be "add", "remove" or "replace", not ${JSON.stringify(opName ?? null)}`));
  }
  const op = opName.toLowerCase() as PatchOp;
  const hasValue = keyOf(raw, 'value') !== undefined;
  const value = getIgnoringCase(raw, 'value') as JsonValue;
  // RFC 7644 §3.5.2.1 and §3.5.2.3: add and replace MUST carry a value.
  if (op !== 'remove' && !hasValue) return err(invalidSyntax(`${label}: "${op}" requires a value`));

  const pathRaw = getIgnoringCase(raw, 'path');
  if (pathRaw !== undefined && pathRaw !== null && typeof pathRaw !== 'string') {
    return err(invalidPath(`${label}.path must be a string`));
  }
  if (typeof pathRaw === 'string' && pathRaw.trim() !== '') {
    const path = parsePatchPath(pathRaw);
    if (!path.ok) return path;
    return ok([{ op, path: path.value, ...(hasValue ? { value: coerceBoolean(path.value, value) } : {}) }]);
  }
  // RFC 7644 §3.5.2.2: a remove without a path is noTarget; the appliers say so.
  if (op === 'remove') return ok([{ op, ...(hasValue ? { value } : {}) }]);
  // RFC 7644 §3.5.2.1 and §3.5.2.3: without a path, the value is an object of attributes to add or replace.
  if (!isJsonObject(value)) return err(invalidSyntax(`${label}: "${op}" without a path needs an object of attributes as its value`));
  return expandPathless(op, value as { [key: string]: JsonValue }, label);
};

const expandPathless = (
  op: PatchOp,
  value: { readonly [key: string]: JsonValue },
  label: string,
): Result<PatchOperation[], ScimError> => {
  const out: PatchOperation[] = [];
  const push = (text: string, v: JsonValue): Result<true, ScimError> => {
    const path = parsePatchPath(text);
    if (!path.ok) return path;
    out.push({ op, path: path.value, value: coerceBoolean(path.value, v) });
    return ok(true);
  };
  for (const [key, v] of Object.entries(value)) {
    const schema = ALL_SCHEMA_IDS.find((id) => sameUrn(id, key));
    if (schema !== undefined) {
      // A whole extension object (RFC 7643 §3.3): one operation per attribute in it.
      if (!isJsonObject(v)) return err(invalidValue(`${label}: ${key} must be an object`));
      for (const [name, inner] of Object.entries(v as { [key: string]: JsonValue })) {
        const pushed = push(`${schema}:${name}`, inner);
        if (!pushed.ok) return pushed;
      }
      continue;
    }
    const prefix = key.slice(0, Math.max(0, key.lastIndexOf(':')));
    if (SCHEMA_URI.test(key) && !ALL_SCHEMA_IDS.some((id) => sameUrn(id, prefix))) {
      // An extension this service does not know: kept whole, so that each applier decides (Users refuse
      // it, Groups ignore it as they ignore such objects in a POST).
      out.push({ op, path: { text: key, schema: key }, value: v });
      continue;
    }
    const pushed = push(key, v);
    if (!pushed.ok) return pushed;
  }
  return ok(out);
};

const coerceBoolean = (path: PatchPath, value: JsonValue): JsonValue => {
  const name = (path.subAttribute ?? path.attribute ?? '').toLowerCase();
  if (typeof value === 'string' && BOOLEAN_ATTRIBUTES.has(name) && /^(true|false)$/i.test(value)) {
    return value.toLowerCase() === 'true';
  }
  return value;
};
