import { resolveAttribute } from './attribute-path';
import type { FilterNode } from './filter-parser';
import { memberIds } from './group-mapping';
import { isJsonObject, type JsonValue } from './json';
import type { PatchOperation } from './patch';
import { err, ok, type Result } from '../shared/result';
import { ALL_SCHEMA_IDS } from './attribute-catalogue';
import { GROUP_SCHEMA, sameUrn } from './schema-urns';
import { invalidPath, invalidValue, mutability, noTarget, type ScimError } from './scim-error';

/**
 * What a Group PATCH changes, without the member list ever being loaded (a group may hold 100,000 users).
 * Apply members in this order: when `replaceMembers` is set the members become exactly that list (and the
 * other member fields are empty); otherwise remove everyone if `removeAllMembers`, then `removeMembers`,
 * then add `addMembers`. `addMembers` and `removeMembers` never share an id; operations were folded in
 * request order, so a later one wins. `externalId: null` clears it.
 */
export type GroupPatchPlan = {
  readonly displayName?: string;
  readonly externalId?: string | null;
  readonly addMembers: string[];
  readonly removeMembers: string[];
  readonly removeAllMembers: boolean;
  readonly replaceMembers?: string[];
};

type Base = { readonly kind: 'keep' } | { readonly kind: 'clear' } | { readonly kind: 'replace'; readonly ids: Set<string> };

/** Accumulates operations in request order (RFC 7644 §3.5.2: operations apply sequentially). */
class PlanBuilder {
  displayName: string | undefined;
  externalId: string | null | undefined;
  private base: Base = { kind: 'keep' };
  private readonly adds = new Set<string>();
  private readonly removes = new Set<string>();

  add(id: string): void {
    if (this.base.kind === 'replace') {
      this.base.ids.add(id);
      return;
    }
    this.removes.delete(id);
    this.adds.add(id);
  }

  remove(id: string): void {
    if (this.base.kind === 'replace') {
      this.base.ids.delete(id);
      return;
    }
    this.adds.delete(id);
    if (this.base.kind === 'keep') this.removes.add(id);
  }

  clear(): void {
    this.base = { kind: 'clear' };
    this.adds.clear();
    this.removes.clear();
  }

  replace(ids: readonly string[]): void {
    this.base = { kind: 'replace', ids: new Set(ids) };
    this.adds.clear();
    this.removes.clear();
  }

  build(): GroupPatchPlan {
    return {
      ...(this.displayName === undefined ? {} : { displayName: this.displayName }),
      ...(this.externalId === undefined ? {} : { externalId: this.externalId }),
      addMembers: [...this.adds],
      removeMembers: [...this.removes],
      removeAllMembers: this.base.kind === 'clear',
      ...(this.base.kind === 'replace' ? { replaceMembers: [...this.base.ids] } : {}),
    };
  }
}

type Planned = Result<true, ScimError>;
const done: Planned = ok(true);

/**
 * Turns Group PATCH operations (RFC 7644 §3.5.2) into a plan. Supported: `displayName` and `externalId`
 * (add/replace, and remove for externalId); `members` add, replace (all), remove (all, by a value array as
 * Entra ID sends, or by `members[value eq "id"]`, `or`-joined). `id` may appear when it is unchanged
 * (Okta's rename sends it): `currentId` is the group's id. Unknown extension objects are ignored, as
 * in a POST. No limit on the number of members in one request.
 */
export const planGroupPatch = (ops: readonly PatchOperation[], currentId: string): Result<GroupPatchPlan, ScimError> => {
  const plan = new PlanBuilder();
  for (const op of ops) {
    const planned = planOperation(plan, op, currentId);
    if (!planned.ok) return planned;
  }
  return ok(plan.build());
};

const planOperation = (plan: PlanBuilder, op: PatchOperation, currentId: string): Planned => {
  const { path } = op;
  // RFC 7644 §3.5.2.2: a remove without a path is noTarget.
  if (path === undefined) return err(noTarget(`"${op.op}" needs a path`));
  if (path.attribute === undefined) {
    const schema = path.schema ?? '';
    if (!ALL_SCHEMA_IDS.some((id) => sameUrn(id, schema))) return done;
    if (!sameUrn(schema, GROUP_SCHEMA) || op.op === 'remove' || !isJsonObject(op.value)) {
      return err(invalidPath(`${schema} cannot be patched on a Group`));
    }
    for (const [name, value] of Object.entries(op.value)) {
      const inner = { op: op.op, path: { text: name, attribute: name }, value } as const;
      const planned = planOperation(plan, inner, currentId);
      if (!planned.ok) return planned;
    }
    return done;
  }
  if (path.schema === undefined && path.attribute.toLowerCase() === 'schemas') return err(mutability('schemas cannot be modified'));
  const resolved = resolveAttribute('Group', {
    ...(path.schema === undefined ? {} : { schema: path.schema }),
    attribute: path.attribute,
    ...(path.subAttribute === undefined ? {} : { subAttribute: path.subAttribute }),
  });
  if (resolved === undefined) return err(invalidPath(`${JSON.stringify(path.text)} is not an attribute of Group`));
  const name = resolved.attribute.name;
  const simple = path.filter === undefined && resolved.subAttribute === undefined;

  switch (name) {
    case 'id':
      if (op.op !== 'remove' && op.value === currentId) return done;
      return err(mutability('id cannot be modified'));
    case 'meta':
      return err(mutability(`${path.text} is read-only`));
    case 'displayName': {
      if (!simple) return err(invalidPath(`${JSON.stringify(path.text)} is not a path of Group`));
      const value = op.op === 'remove' ? undefined : op.value;
      if (typeof value !== 'string' || value.trim() === '') {
        // RFC 7643 §4.2: displayName is REQUIRED; RFC 7644 §3.12: a missing required value is invalidValue.
        return err(invalidValue('displayName is required and must be a non-empty string'));
      }
      plan.displayName = value.trim();
      return done;
    }
    case 'externalId': {
      if (!simple) return err(invalidPath(`${JSON.stringify(path.text)} is not a path of Group`));
      const value = op.op === 'remove' ? null : (op.value ?? null);
      if (value !== null && typeof value !== 'string') return err(invalidValue('externalId must be a string'));
      plan.externalId = value === '' ? null : value;
      return done;
    }
    default:
      return planMembers(plan, op, path.filter, resolved.subAttribute?.name);
  }
};

const planMembers = (plan: PlanBuilder, op: PatchOperation, filter: FilterNode | undefined, sub: string | undefined): Planned => {
  if (sub !== undefined) return err(invalidPath(`members.${sub} cannot be patched: add or remove whole members`));
  if (filter !== undefined) {
    const ids = op.op === 'remove' ? filteredIds(filter) : undefined;
    if (ids === undefined) {
      return err(invalidPath('members[...] supports only remove, selecting by value eq "<user id>" (or several joined with or)'));
    }
    for (const id of ids) plan.remove(id);
    return done;
  }
  if (op.op === 'remove' && (op.value === undefined || op.value === null)) {
    // RFC 7644 §3.5.2.2: removing a multi-valued attribute without a filter removes all its values.
    plan.clear();
    return done;
  }
  const ids = memberIds(asArray(op.value ?? null));
  if (!ids.ok) return ids;
  if (op.op === 'add') for (const id of ids.value) plan.add(id);
  // RFC 7644 §3.5.2.3: replacing a multi-valued attribute replaces all of its values.
  else if (op.op === 'replace') plan.replace(ids.value);
  else for (const id of ids.value) plan.remove(id);
  return done;
};

/** The user ids a `value eq "x" [or value eq "y" ...]` filter selects; undefined for any other filter. */
const filteredIds = (filter: FilterNode): string[] | undefined => {
  const parts = filter.kind === 'or' ? filter.filters : [filter];
  const ids: string[] = [];
  for (const p of parts) {
    if (p.kind !== 'compare' || p.op !== 'eq' || p.path.toLowerCase() !== 'value' || typeof p.value !== 'string') {
      return undefined;
    }
    ids.push(p.value);
  }
  return ids;
};

const asArray = (value: JsonValue): unknown =>
  Array.isArray(value) ? value : value === null ? [] : isJsonObject(value) ? [value] : value;
