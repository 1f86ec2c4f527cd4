import { findAttribute, type AttributeDefinition, type ResourceKind } from './attribute-catalogue';
import { describeAttribute, readValues, resolveAttribute, splitAttributePath, type ResolvedAttribute } from './attribute-path';
import { parseFilterExpression, type CompValue, type CompareOperator, type FilterNode } from './filter-parser';
import { getIgnoringCase, isJsonObject } from './json';
import { err, ok, type Result } from '../shared/result';
import { invalidFilter, type ScimError } from './scim-error';

export type LookupAttribute = 'userName' | 'externalId' | 'id' | 'displayName' | 'members.value';

/** A key lookup that narrows the candidates before `residual` is evaluated on each of them. */
export type FilterLookup = { readonly attribute: LookupAttribute; readonly value: string };

type Resource = Readonly<Record<string, unknown>>;
export type ResourcePredicate = (resource: Resource) => boolean;

export type FilterPlan = {
  /**
   * Present when the filter is, or is an `and` containing, an equality on a key. `value` is the literal as
   * sent: `userName`/`displayName` compare case-insensitively (look them up in the case-insensitive index),
   * `id`/`externalId`/`members.value` exactly. For Groups a members condition is always the lookup.
   */
  readonly lookup?: FilterLookup;
  /** The whole filter over the SCIM JSON representation of a resource. */
  readonly matches: ResourcePredicate;
  /**
   * The filter without the lookup's condition (the whole filter when there is no lookup): what remains to
   * check on each lookup result. Use it after a `members.value` lookup, since group representations are
   * built without their members.
   */
  readonly residual: ResourcePredicate;
};

// Lookups in order of preference: the narrowest key first. For Groups the members condition must be the
// lookup, because the group representations that `residual` sees never carry their members.
const LOOKUP_PRIORITY: Readonly<Record<ResourceKind, readonly LookupAttribute[]>> = {
  User: ['id', 'externalId', 'userName'],
  Group: ['members.value', 'id', 'externalId', 'displayName'],
};

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) for a resource type into a lookup and a predicate. Unknown
 * attributes, operators that do not fit the attribute's type and unparseable text are `invalidFilter`.
 */
export const parseFilter = (text: string, resource: ResourceKind): Result<FilterPlan, ScimError> => {
  const parsed = parseFilterExpression(text);
  if (!parsed.ok) return parsed;
  const conjuncts = parsed.value.kind === 'and' ? parsed.value.filters : [parsed.value];
  const predicates: ResourcePredicate[] = [];
  for (const conjunct of conjuncts) {
    const compiled = compile(conjunct, { kind: resource });
    if (!compiled.ok) return compiled;
    predicates.push(compiled.value);
  }
  const lookups = conjuncts.map((c) => lookupOf(c, resource));
  const members = checkMemberConditions(conjuncts, lookups, resource);
  if (!members.ok) return members;

  let chosen = -1;
  for (const attribute of LOOKUP_PRIORITY[resource]) {
    chosen = lookups.findIndex((l) => l?.attribute === attribute);
    if (chosen >= 0) break;
  }
  const lookup = lookups[chosen];
  const rest = predicates.filter((_, i) => i !== chosen);
  return ok({
    ...(lookup === undefined ? {} : { lookup }),
    matches: (r) => predicates.every((p) => p(r)),
    residual: (r) => rest.every((p) => p(r)),
  });
};

/**
 * Compiles the filter of a PATCH value path (`emails[type eq "work"]`, RFC 7644 §3.5.2) into a predicate
 * over the elements of a multi-valued complex attribute.
 */
export const compileValueFilter = (
  node: FilterNode,
  kind: ResourceKind,
  parent: ResolvedAttribute,
): Result<ResourcePredicate, ScimError> => compile(node, { kind, element: parent });

type Scope = { readonly kind: ResourceKind; readonly element?: ResolvedAttribute };

/** What a comparison reads: the attribute definition that types it and how to read its values. */
type Target = { readonly def: AttributeDefinition; readonly label: string; readonly read: (node: Resource) => unknown[] };

const compile = (node: FilterNode, scope: Scope): Result<ResourcePredicate, ScimError> => {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts: ResourcePredicate[] = [];
      for (const f of node.filters) {
        const c = compile(f, scope);
        if (!c.ok) return c;
        parts.push(c.value);
      }
      return ok(node.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r)));
    }
    case 'not': {
      const inner = compile(node.filter, scope);
      return inner.ok ? ok((r) => !inner.value(r)) : inner;
    }
    case 'valuePath':
      return compileValuePath(node.path, node.filter, scope);
    case 'present': {
      const target = resolveTarget(node.path, scope, false);
      if (!target.ok) return target;
      const { read } = target.value;
      // RFC 7644 §3.4.2.2 "pr": a non-empty value, or a non-empty node for complex attributes.
      return ok((r) => read(r).some(nonEmpty));
    }
    case 'compare': {
      const target = resolveTarget(node.path, scope, true);
      if (!target.ok) return target;
      return compileComparison(target.value, node.op, node.value);
    }
  }
};

const compileValuePath = (path: string, inner: FilterNode, scope: Scope): Result<ResourcePredicate, ScimError> => {
  const split = splitAttributePath(path);
  const resolved = split === undefined || split.subAttribute !== undefined ? undefined : resolveAttribute(scope.kind, split);
  if (scope.element !== undefined || resolved === undefined) {
    return err(invalidFilter(`'${path}[...]' is not a value filter on a known attribute of ${scope.kind}`));
  }
  if (resolved.attribute.type !== 'complex') {
    return err(invalidFilter(`'${describeAttribute(resolved)}' is not a complex attribute, so it takes no [filter]`));
  }
  const readable = checkFilterable(resolved.attribute, describeAttribute(resolved));
  if (!readable.ok) return readable;
  const elementFilter = compile(inner, { kind: scope.kind, element: resolved });
  if (!elementFilter.ok) return elementFilter;
  const test = elementFilter.value;
  // RFC 7644 §3.4.2.2: a value filter matches when any one value satisfies all of its conditions.
  return ok((r) => readValues(r, resolved).some((v) => isJsonObject(v) && test(v)));
};

const resolveTarget = (path: string, scope: Scope, comparing: boolean): Result<Target, ScimError> => {
  const split = splitAttributePath(path);
  if (split === undefined) return err(invalidFilter(`'${path}' is not an attribute path`));

  if (scope.element !== undefined) {
    // Inside a value filter, names are sub-attributes of the filtered attribute (RFC 7644 §3.4.2.2 valFilter).
    const parent = scope.element;
    const sub =
      split.schema === undefined && split.subAttribute === undefined
        ? findAttribute(parent.attribute.subAttributes ?? [], split.attribute)
        : undefined;
    const label = `${describeAttribute(parent)}.${split.attribute}`;
    if (sub === undefined) return err(invalidFilter(`'${path}' is not a sub-attribute of '${describeAttribute(parent)}'`));
    const readable = checkFilterable(sub, label);
    if (!readable.ok) return readable;
    return ok({ def: sub, label, read: (element) => toValues(getIgnoringCase(element, sub.name)) });
  }

  const resolved = resolveAttribute(scope.kind, split);
  if (resolved === undefined) return err(invalidFilter(`'${path}' is not an attribute of ${scope.kind}`));
  const readable = checkFilterable(resolved.subAttribute ?? resolved.attribute, describeAttribute(resolved));
  if (!readable.ok) return readable;
  let target = resolved;
  // Comparing a complex attribute compares its "value" sub-attribute when it has one (`emails co "@x"`,
  // `members eq "id"`, as RFC 7644 §3.4.2.2's examples do); other complex attributes need a sub-attribute.
  if (comparing && resolved.subAttribute === undefined && resolved.attribute.type === 'complex') {
    const value = findAttribute(resolved.attribute.subAttributes ?? [], 'value');
    if (value === undefined) {
      return err(invalidFilter(`'${describeAttribute(resolved)}' is complex: compare one of its sub-attributes`));
    }
    target = { ...resolved, subAttribute: value };
  }
  const def = target.subAttribute ?? target.attribute;
  return ok({ def, label: describeAttribute(target), read: (r) => readValues(r, target) });
};

// RFC 7643 §2.2: a value returned "never" (password) cannot be searched for.
const checkFilterable = (def: AttributeDefinition, label: string): Result<true, ScimError> =>
  def.returned === 'never' ? err(invalidFilter(`'${label}' cannot be used in a filter`)) : ok(true);

const compileComparison = (target: Target, op: CompareOperator, literal: CompValue): Result<ResourcePredicate, ScimError> => {
  const { def, label, read } = target;
  if (def.type === 'boolean' && op !== 'eq' && op !== 'ne') {
    // RFC 7644 §3.4.2.2: gt/ge/lt/le on a Boolean attribute is invalidFilter; substrings make no sense either.
    return err(invalidFilter(`'${op}' cannot be applied to the boolean attribute '${label}'`));
  }
  const value = typed(def, literal);
  if (value === undefined) {
    return err(invalidFilter(`${JSON.stringify(literal)} is not a ${def.type} value, as '${label}' requires`));
  }
  if (value === null) {
    // RFC 7643 §2.5: null means unassigned, so "eq null" is "not present".
    if (op === 'eq') return ok((r) => !read(r).some(nonEmpty));
    if (op === 'ne') return ok((r) => read(r).some(nonEmpty));
    return err(invalidFilter(`'${op}' cannot compare with null`));
  }
  if (def.type === 'complex' || def.type === 'binary') {
    return err(invalidFilter(`'${op}' cannot be applied to '${label}'`));
  }
  const test = comparator(def, op, value);
  // `ne` is the negation of `eq`: a multi-valued attribute matches only when none of its values is equal,
  // and an unassigned attribute matches. RFC 7644 leaves `ne` on multi-valued attributes undefined.
  if (op === 'ne') return ok((r) => !read(r).some(test));
  return ok((r) => read(r).some(test));
};

/** The literal converted to the attribute's type; undefined when it cannot be one. */
const typed = (def: AttributeDefinition, literal: CompValue): CompValue | undefined => {
  if (literal === null) return null;
  switch (def.type) {
    case 'boolean':
      if (typeof literal === 'boolean') return literal;
      // Some clients quote booleans ("True"): accept them as the boolean they spell.
      if (typeof literal === 'string' && /^(true|false)$/i.test(literal)) return literal.toLowerCase() === 'true';
      return undefined;
    case 'integer':
    case 'decimal':
      return typeof literal === 'number' ? literal : undefined;
    case 'dateTime':
      return typeof literal === 'string' && !Number.isNaN(Date.parse(literal)) ? literal : undefined;
    default:
      return typeof literal === 'string' ? literal : undefined;
  }
};

const comparator = (def: AttributeDefinition, op: CompareOperator, literal: string | number | boolean) => {
  if (def.type === 'dateTime' && typeof literal === 'string') {
    // RFC 7644 §3.4.2.2: DateTime comparisons are chronological.
    const at = Date.parse(literal);
    return (v: unknown) => typeof v === 'string' && order(op, Date.parse(v), at);
  }
  if (typeof literal === 'string') {
    // RFC 7644 §3.4.2.2: string case sensitivity follows the attribute's caseExact; ordering is lexicographic.
    const fold = (s: string) => (def.caseExact ? s : s.toLowerCase());
    const want = fold(literal);
    return (v: unknown) => {
      if (typeof v !== 'string') return false;
      const have = fold(v);
      switch (op) {
        case 'co':
          return have.includes(want);
        case 'sw':
          return have.startsWith(want);
        case 'ew':
          return have.endsWith(want);
        default:
          return order(op, have, want);
      }
    };
  }
  return (v: unknown) => typeof v === typeof literal && order(op, v as typeof literal, literal);
};

const order = <T extends string | number | boolean>(op: CompareOperator, a: T, b: T): boolean => {
  if (typeof a === 'number' && Number.isNaN(a)) return false;
  switch (op) {
    case 'eq':
    case 'ne':
      return a === b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
};

const toValues = (v: unknown): unknown[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.filter((x) => x !== undefined && x !== null) : [v];

const nonEmpty = (v: unknown): boolean => {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.some(nonEmpty);
  if (isJsonObject(v)) return Object.values(v).some(nonEmpty);
  return true;
};

/** The key lookup a top-level conjunct amounts to, if any. */
const lookupOf = (node: FilterNode, kind: ResourceKind): FilterLookup | undefined => {
  if (node.kind === 'compare') {
    const r = resolvedPath(node.path, kind);
    if (r === undefined || node.op !== 'eq' || typeof node.value !== 'string' || r.extension) return undefined;
    // `members eq "x"` compares members.value, like `members.value eq "x"`.
    if (kind === 'Group' && r.attribute.name === 'members' && (r.subAttribute?.name ?? 'value') === 'value') {
      return { attribute: 'members.value', value: node.value };
    }
    const name = LOOKUP_PRIORITY[kind].find((a) => a === r.attribute.name);
    if (r.subAttribute !== undefined || name === undefined) return undefined;
    return { attribute: name, value: node.value };
  }
  if (node.kind === 'valuePath' && kind === 'Group') {
    const r = resolvedPath(node.path, kind);
    const inner = node.filter;
    // Only `members[value eq "x"]` exactly: anything more would be dropped from `residual` unchecked.
    if (r?.attribute.name !== 'members' || r.subAttribute !== undefined || inner.kind !== 'compare') return undefined;
    if (inner.op !== 'eq' || typeof inner.value !== 'string' || inner.path.toLowerCase() !== 'value') return undefined;
    return { attribute: 'members.value', value: inner.value };
  }
  return undefined;
};

/**
 * Group representations never carry their members (a group may have 100,000), so a members condition
 * is only answerable as the lookup: one `members[value eq "x"]` (or `members.value eq "x"`) joined by `and`.
 */
const checkMemberConditions = (
  conjuncts: readonly FilterNode[],
  lookups: readonly (FilterLookup | undefined)[],
  kind: ResourceKind,
): Result<true, ScimError> => {
  if (kind !== 'Group') return ok(true);
  const memberLookups = lookups.filter((l) => l?.attribute === 'members.value').length;
  const unanswerable = conjuncts.some((c, i) => lookups[i]?.attribute !== 'members.value' && mentionsMembers(c));
  if (unanswerable || memberLookups > 1) {
    return err(
      invalidFilter('members can only be filtered as one members[value eq "<user id>"] condition, joined to the rest with and'),
    );
  }
  return ok(true);
};

const mentionsMembers = (node: FilterNode): boolean => {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.filters.some(mentionsMembers);
    case 'not':
      return mentionsMembers(node.filter);
    default:
      return resolvedPath(node.path, 'Group')?.attribute.name === 'members';
  }
};

const resolvedPath = (path: string, kind: ResourceKind): ResolvedAttribute | undefined => {
  const split = splitAttributePath(path);
  return split === undefined ? undefined : resolveAttribute(kind, split);
};
