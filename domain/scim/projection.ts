import { COMMON_ATTRIBUTES, RESOURCE_SCHEMAS, findAttribute, type AttributeDefinition, type ResourceKind } from './attribute-catalogue';
import { resolveAttribute, splitAttributePath, type ResolvedAttribute } from './attribute-path';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json';
import { sameUrn } from './schema-urns';

/** The `attributes` and `excludedAttributes` query parameters (RFC 7644 §3.4.2.5, §3.9). */
export type AttributeSelection = {
  readonly attributes?: readonly string[] | undefined;
  readonly excludedAttributes?: readonly string[] | undefined;
};

/** Splits a comma-separated attribute list; undefined when absent or empty. */
export const parseAttributeList = (csv: string | undefined): string[] | undefined => {
  if (csv === undefined) return undefined;
  const names = csv
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.length > 0 ? names : undefined;
};

/** Per container ('' for the core, else an extension URN): attribute name → whole, or chosen sub-attributes. */
type Selection = Map<string, Map<string, true | Set<string>> | true>;

/**
 * Projects a resource per RFC 7644 §3.9: with `attributes`, only those (plus `id` and `schemas`, always
 * returned: RFC 7643 §3.1, §2.2 "always") are kept; `excludedAttributes` then removes attributes, except
 * those always returned. Names are case-insensitive, may name sub-attributes (`name.familyName`,
 * `emails.value`), be URN-qualified, or be an extension URN for the whole extension. Names that are not
 * attributes of the resource type select nothing.
 */
export const project = (resource: JsonObject, selection: AttributeSelection, kind: ResourceKind): JsonObject => {
  const all = selection.attributes === undefined || selection.attributes.length === 0;
  const included = select(selection.attributes ?? [], kind);
  const excluded = select(selection.excludedAttributes ?? [], kind);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    let projected: JsonValue | undefined;
    const extension = RESOURCE_SCHEMAS[kind].extensions.find((s) => sameUrn(s.id, key));
    if (ALWAYS.has(key.toLowerCase())) projected = cloneJson(value);
    else if (extension !== undefined) {
      projected = projectContainer(value, all ? true : included.get(extension.id), excluded.get(extension.id));
    } else {
      const core = included.get('');
      projected = projectContainer({ [key]: value }, all ? true : core, excluded.get(''), attributesOf(kind))?.[key];
    }
    if (projected !== undefined) out[key] = projected;
  }
  return out;
};

/**
 * Whether a representation for this selection shows an attribute, so the caller can skip loading
 * expensive ones (`members` of a Group, `groups` of a User).
 */
export const isAttributeRequested = (kind: ResourceKind, selection: AttributeSelection, path: string): boolean => {
  const target = resolve(path, kind);
  if (target === undefined) return false;
  if (target.attribute.returned === 'always') return true;
  const same = (p: string) => {
    const r = resolve(p, kind);
    return r !== undefined && r.schema === target.schema && r.attribute.name === target.attribute.name;
  };
  if (selection.attributes !== undefined && selection.attributes.length > 0 && !selection.attributes.some(same)) return false;
  return !(selection.excludedAttributes ?? []).some((p) => same(p) && resolve(p, kind)?.subAttribute === undefined);
};

const ALWAYS = new Set(['schemas', 'id']);

/**
 * The attributes of a container (the resource, or an extension object) that the selection keeps. With
 * `known`, keys that are not among those attributes are dropped.
 */
const projectContainer = (
  value: JsonValue,
  included: Map<string, true | Set<string>> | true | undefined,
  excluded: Map<string, true | Set<string>> | true | undefined,
  known?: readonly AttributeDefinition[],
): JsonObject | undefined => {
  if (included === undefined || excluded === true || !isJsonObject(value)) return undefined;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value as JsonObject)) {
    if (known !== undefined && findAttribute(known, key) === undefined) continue;
    const pick = included === true ? true : lookup(included, key);
    if (pick === undefined) continue;
    const drop = excluded === undefined ? undefined : lookup(excluded, key);
    const narrowed = narrow(v, pick, drop);
    if (narrowed !== undefined) out[key] = narrowed;
  }
  return Object.keys(out).length > 0 ? out : undefined;
};

/** Keeps the picked sub-attributes of a value (or of each of its values), minus the dropped ones. */
const narrow = (value: JsonValue, pick: true | Set<string>, drop: true | Set<string> | undefined): JsonValue | undefined => {
  if (drop === true) return undefined;
  if (pick === true && drop === undefined) return cloneJson(value);
  const one = (v: JsonValue): JsonValue | undefined => {
    if (!isJsonObject(v)) return pick === true ? cloneJson(v) : undefined;
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v as JsonObject)) {
      const lower = k.toLowerCase();
      if (pick !== true && !pick.has(lower)) continue;
      if (drop?.has(lower)) continue;
      out[k] = cloneJson(x);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  if (!Array.isArray(value)) return one(value);
  const values = value.map(one).filter((v): v is JsonValue => v !== undefined);
  return values.length > 0 ? values : undefined;
};

const select = (paths: readonly string[], kind: ResourceKind): Selection => {
  const selection: Selection = new Map();
  for (const p of paths) {
    const extension = RESOURCE_SCHEMAS[kind].extensions.find((s) => sameUrn(s.id, p.trim()));
    if (extension !== undefined) {
      selection.set(extension.id, true);
      continue;
    }
    const r = resolve(p, kind);
    if (r === undefined) continue;
    const container = r.extension ? r.schema : '';
    const existing = selection.get(container);
    if (existing === true) continue;
    const attributes = existing ?? new Map<string, true | Set<string>>();
    selection.set(container, attributes);
    const current = attributes.get(r.attribute.name);
    if (r.subAttribute === undefined) attributes.set(r.attribute.name, true);
    else if (current !== true) attributes.set(r.attribute.name, new Set([...(current ?? []), r.subAttribute.name.toLowerCase()]));
  }
  return selection;
};

const lookup = (attributes: Map<string, true | Set<string>>, key: string): true | Set<string> | undefined => {
  const lower = key.toLowerCase();
  for (const [name, v] of attributes) if (name.toLowerCase() === lower) return v;
  return undefined;
};

const resolve = (path: string, kind: ResourceKind): ResolvedAttribute | undefined => {
  const split = splitAttributePath(path.trim());
  return split === undefined ? undefined : resolveAttribute(kind, split);
};

const attributesOf = (kind: ResourceKind): readonly AttributeDefinition[] => [
  ...COMMON_ATTRIBUTES,
  ...RESOURCE_SCHEMAS[kind].core.attributes,
];
