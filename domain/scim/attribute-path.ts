import {
  COMMON_ATTRIBUTES,
  RESOURCE_SCHEMAS,
  findAttribute,
  type AttributeDefinition,
  type ResourceKind,
} from './attribute-catalogue';
import { getIgnoringCase, isJsonObject } from './json';
import { sameUrn } from './schema-urns';

/** `[URI ":"] ATTRNAME [ "." subAttr ]`: standard attribute notation (RFC 7644 §3.10). */
export type AttributePath = {
  readonly schema?: string;
  readonly attribute: string;
  readonly subAttribute?: string;
};

// RFC 7644 §3.4.2.2 ABNF: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA;
// `$ref` is the one name outside it that RFC 7643 §2.4 itself uses.
const ATTRNAME = /^(?:[A-Za-z][\w-]*|\$ref)$/;

/** Splits a path into its parts; undefined when it is not standard attribute notation. */
export const splitAttributePath = (text: string): AttributePath | undefined => {
  let schema: string | undefined;
  let rest = text;
  // Attribute names cannot hold ":", so a URN prefix ends at the last one (the URN itself holds dots: "2.0").
  if (/^urn:/i.test(text)) {
    const colon = text.lastIndexOf(':');
    schema = text.slice(0, colon);
    rest = text.slice(colon + 1);
  }
  const [attribute, subAttribute, ...more] = rest.split('.');
  if (attribute === undefined || !ATTRNAME.test(attribute) || more.length > 0) return undefined;
  if (subAttribute !== undefined && !ATTRNAME.test(subAttribute)) return undefined;
  return {
    ...(schema === undefined ? {} : { schema }),
    attribute,
    ...(subAttribute === undefined ? {} : { subAttribute }),
  };
};

/** An attribute path resolved against a resource type's schemas, with canonical names. */
export type ResolvedAttribute = {
  /** The schema that defines the attribute (the core schema for the common attributes). */
  readonly schema: string;
  /** True when the attribute lives in an extension, i.e. under `resource[schema]` (RFC 7643 §3.3). */
  readonly extension: boolean;
  readonly attribute: AttributeDefinition;
  readonly subAttribute?: AttributeDefinition;
};

/**
 * Resolves a path, case-insensitively (RFC 7643 §2.1). Unqualified names resolve in the core schema and
 * the common attributes; extension attributes must carry their schema URN (RFC 7644 §3.10).
 */
export const resolveAttribute = (kind: ResourceKind, path: AttributePath): ResolvedAttribute | undefined => {
  const { core, extensions } = RESOURCE_SCHEMAS[kind];
  let schema = core;
  let candidates: readonly AttributeDefinition[] = [...COMMON_ATTRIBUTES, ...core.attributes];
  if (path.schema !== undefined && !sameUrn(path.schema, core.id)) {
    const extension = extensions.find((s) => sameUrn(s.id, path.schema ?? ''));
    if (extension === undefined) return undefined;
    schema = extension;
    candidates = extension.attributes;
  }
  const attribute = findAttribute(candidates, path.attribute);
  if (attribute === undefined) return undefined;
  const base = { schema: schema.id, extension: schema !== core, attribute };
  if (path.subAttribute === undefined) return base;
  const subAttribute = findAttribute(attribute.subAttributes ?? [], path.subAttribute);
  return subAttribute === undefined ? undefined : { ...base, subAttribute };
};

/** The canonical text of a resolved path, for messages. */
export const describeAttribute = (r: ResolvedAttribute): string =>
  `${r.extension ? `${r.schema}:` : ''}${r.attribute.name}${r.subAttribute ? `.${r.subAttribute.name}` : ''}`;

/** The object an attribute lives in: the resource itself or its extension object. */
export const containerOf = (
  resource: Readonly<Record<string, unknown>>,
  r: ResolvedAttribute,
): Readonly<Record<string, unknown>> | undefined => {
  if (!r.extension) return resource;
  const extension = getIgnoringCase(resource, r.schema);
  return isJsonObject(extension) ? extension : undefined;
};

/**
 * Every value the path designates in a resource, multi-valued attributes flattened (RFC 7644 §3.4.2.2:
 * a filter on a multi-valued attribute matches if any value matches). Unassigned values are left out.
 */
export const readValues = (resource: Readonly<Record<string, unknown>>, r: ResolvedAttribute): unknown[] => {
  const container = containerOf(resource, r);
  if (container === undefined) return [];
  const values = flatten(getIgnoringCase(container, r.attribute.name));
  if (r.subAttribute === undefined) return values;
  const sub = r.subAttribute.name;
  return values.flatMap((v) => (isJsonObject(v) ? flatten(getIgnoringCase(v, sub)) : []));
};

const flatten = (v: unknown): unknown[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.filter((x) => x !== undefined && x !== null) : [v];
