import { findAttribute, type AttributeDefinition } from './attribute-catalogue';
import { describeAttribute, resolveAttribute, type ResolvedAttribute } from './attribute-path';
import { checkAttributeValue, checkSingleValue } from './attribute-values';
import { compileValueFilter } from './filter';
import type { FilterNode } from './filter-parser';
import { cloneJson, getIgnoringCase, isJsonObject, keyOf, type JsonObject, type JsonValue } from './json';
import type { PatchOperation } from './patch';
import type { PatchPath } from './patch-path';
import { err, ok, type Result } from '../shared/result';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA, sameUrn } from './schema-urns';
import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget, type ScimError } from './scim-error';
import type { ScimUserJson } from './user-mapping';

type Applied = Result<true, ScimError>;
const done: Applied = ok(true);

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a full SCIM User document, in order, and returns the new
 * document; `current` is not modified. The result still has to pass `scimToUserFields`, which is where
 * attributes are checked as a whole. Refusals: read-only targets (`id` unless unchanged, `meta`, `groups`,
 * `schemas`) are `mutability`; removing `userName` is `invalidValue`; unknown paths are `invalidPath`.
 */
export const applyUserPatch = (
  current: ScimUserJson,
  ops: readonly PatchOperation[],
): Result<ScimUserJson, ScimError> => {
  const doc = cloneJson(current);
  for (const op of ops) {
    const applied = applyOperation(doc, op, current['id']);
    if (!applied.ok) return applied;
  }
  syncExtensionSchemas(doc);
  return ok(doc);
};

const applyOperation = (doc: JsonObject, op: PatchOperation, currentId: JsonValue | undefined): Applied => {
  const { path } = op;
  // RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with ... noTarget".
  if (path === undefined) return err(noTarget(`"${op.op}" needs a path`));
  if (path.attribute === undefined) return applyToSchema(doc, op, path, currentId);

  if (path.schema === undefined && path.attribute.toLowerCase() === 'schemas') {
    return err(mutability('schemas cannot be modified'));
  }
  const resolved = resolveAttribute('User', {
    ...(path.schema === undefined ? {} : { schema: path.schema }),
    attribute: path.attribute,
    ...(path.subAttribute === undefined ? {} : { subAttribute: path.subAttribute }),
  });
  if (resolved === undefined) return err(invalidPath(`${JSON.stringify(path.text)} is not an attribute of User`));
  const label = describeAttribute(resolved);

  if (!resolved.extension && resolved.attribute.name === 'id') {
    // Some IdPs echo the id back in a path-less replace: no change, so nothing to refuse.
    if (op.op !== 'remove' && op.value === currentId) return done;
    return err(mutability('id cannot be modified'));
  }
  // RFC 7644 §3.5.2: operations MUST be compatible with the attribute's mutability (RFC 7643 §2.2).
  if (resolved.attribute.mutability === 'readOnly' || resolved.subAttribute?.mutability === 'readOnly') {
    return err(mutability(`${label} is read-only`));
  }
  const container = containerFor(doc, resolved, op.op !== 'remove');
  if (container === undefined) return done;

  if (path.filter !== undefined) return applyFiltered(container, op, resolved, path.filter);
  if (resolved.subAttribute !== undefined) return applySubAttribute(container, op, resolved, resolved.subAttribute);
  return applyAttribute(container, op, resolved);
};

/** A path naming a whole schema: the enterprise extension object, or the core schema (its attributes). */
const applyToSchema = (doc: JsonObject, op: PatchOperation, path: PatchPath, currentId: JsonValue | undefined): Applied => {
  const schema = path.schema ?? '';
  const isExtension = sameUrn(schema, ENTERPRISE_USER_SCHEMA);
  if (!isExtension && !sameUrn(schema, USER_SCHEMA)) return err(invalidPath(`${schema} is not a schema of User`));
  if (op.op === 'remove') {
    if (!isExtension) return err(invalidPath('the core User schema cannot be removed'));
    setAttribute(doc, ENTERPRISE_USER_SCHEMA, undefined);
    return done;
  }
  if (!isJsonObject(op.value)) return err(invalidValue(`the value for ${schema} must be an object`));
  // RFC 7644 §3.5.2.1/§3.5.2.3: a complex target takes a set of sub-attributes, each added or replaced.
  const base = isExtension ? ENTERPRISE_USER_SCHEMA : USER_SCHEMA;
  for (const [name, value] of Object.entries(op.value)) {
    const applied = applyOperation(doc, { op: op.op, path: { text: `${base}:${name}`, schema: base, attribute: name }, value }, currentId);
    if (!applied.ok) return applied;
  }
  return done;
};

/** `attr` with neither filter nor sub-attribute. */
const applyAttribute = (container: JsonObject, op: PatchOperation, r: ResolvedAttribute): Applied => {
  const def = r.attribute;
  const label = describeAttribute(r);
  if (op.op === 'remove') {
    if (def.required) return err(invalidValue(`${label} is required and cannot be removed`));
    // Removing chosen values of a multi-valued attribute by value, as Entra ID does for members.
    if (op.value !== undefined && op.value !== null && def.multiValued) return removeByValue(container, def, op.value, label);
    // RFC 7644 §3.5.2.2: the attribute and its values are removed, and it is then unassigned.
    setAttribute(container, def.name, undefined);
    return done;
  }
  const value = op.value ?? null;
  if (def.multiValued) {
    const checked = checkAttributeValue(def, Array.isArray(value) ? value : value === null ? [] : [value], label);
    if (!checked.ok) return checked;
    const items = Array.isArray(checked.value) ? checked.value.filter((v): v is JsonObject => isJsonObject(v)) : [];
    if (op.op === 'replace') {
      // RFC 7644 §3.5.2.3: a multi-valued attribute without a filter is replaced with all its values.
      setAttribute(container, def.name, items.length > 0 ? items : undefined);
      return done;
    }
    // RFC 7644 §3.5.2.1: the values are added; one that is already there is not added twice.
    const existing = elementsOf(container, def.name);
    const added = items.filter((item) => !existing.some((e) => jsonEqual(e, item)));
    const all = [...existing, ...added];
    demoteOtherPrimaries(all, added);
    setAttribute(container, def.name, all.length > 0 ? all : undefined);
    return done;
  }
  if (def.type === 'complex') {
    // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes given replace their values; those not given are unchanged.
    if (value === null) return setAndDone(container, def.name, undefined);
    const merged = mergeComplex(def, objectAt(container, def.name), value, label);
    if (!merged.ok) return merged;
    return setAndDone(container, def.name, merged.value);
  }
  const checked = checkSingleValue(def, value, label);
  if (!checked.ok) return checked;
  if (checked.value === undefined && def.required) return err(invalidValue(`${label} is required and cannot be removed`));
  return setAndDone(container, def.name, checked.value);
};

/** `attr.sub`: a sub-attribute of a complex attribute, or of every value of a multi-valued one. */
const applySubAttribute = (container: JsonObject, op: PatchOperation, r: ResolvedAttribute, sub: AttributeDefinition): Applied => {
  const def = r.attribute;
  const value = op.op === 'remove' ? undefined : checkAttributeValue(sub, op.value, describeAttribute(r));
  if (value !== undefined && !value.ok) return value;
  const v = value?.value;
  if (!def.multiValued) {
    const object = { ...(objectAt(container, def.name) ?? {}) };
    setAttribute(object, sub.name, v);
    return setAndDone(container, def.name, Object.keys(object).length > 0 ? object : undefined);
  }
  let elements = elementsOf(container, def.name);
  if (elements.length === 0 && v !== undefined) elements = [{}];
  for (const e of elements) setAttribute(e, sub.name, v);
  elements = elements.filter((e) => Object.keys(e).length > 0);
  if (sub.name === 'primary' && v === true && elements.length > 1) {
    return err(invalidValue(`${describeAttribute(r)} would make every value primary`));
  }
  return setAndDone(container, def.name, elements.length > 0 ? elements : undefined);
};

/** `attr[filter]` and `attr[filter].sub` (RFC 7644 §3.5.2, valuePath). */
const applyFiltered = (container: JsonObject, op: PatchOperation, r: ResolvedAttribute, filter: FilterNode): Applied => {
  const def = r.attribute;
  const label = describeAttribute(r);
  if (!def.multiValued || def.type !== 'complex') {
    return err(invalidPath(`${def.name} is not a multi-valued complex attribute, so it takes no [filter]`));
  }
  const whole: ResolvedAttribute = { schema: r.schema, extension: r.extension, attribute: def };
  const compiled = compileValueFilter(filter, 'User', whole);
  if (!compiled.ok) return err(invalidPath(compiled.error.detail));
  const test = compiled.value;
  const elements = elementsOf(container, def.name);
  const matched = elements.filter((e) => test(e));
  const sub = r.subAttribute;

  if (op.op === 'remove') {
    // RFC 7644 §3.5.2.2: the matching values (or their sub-attribute) are removed; with none left the
    // attribute is unassigned. Nothing matching is nothing to remove.
    let rest = sub === undefined ? elements.filter((e) => !matched.includes(e)) : elements;
    if (sub !== undefined) for (const e of matched) setAttribute(e, sub.name, undefined);
    rest = rest.filter((e) => Object.keys(e).length > 0);
    return setAndDone(container, def.name, rest.length > 0 ? rest : undefined);
  }

  let touched: JsonObject[];
  if (matched.length === 0) {
    // RFC 7644 §3.5.2.3 wants noTarget here, but Entra ID adds `emails[type eq "work"].value` with either
    // op: when the filter only states equalities, the value they describe is created (as scim-patch does).
    const seed = equalitiesOf(filter, def);
    if (seed === undefined) return err(noTarget(`no value of ${label} matches ${JSON.stringify(op.path?.text ?? '')}`));
    const created = sub === undefined ? mergeComplex(def, seed, op.value ?? null, label) : withSub(def, seed, sub, op.value, label);
    if (!created.ok) return created;
    if (created.value === undefined) return done;
    elements.push(created.value);
    touched = [created.value];
  } else {
    touched = [];
    for (const e of matched) {
      const next =
        sub !== undefined
          ? withSub(def, e, sub, op.value, label)
          : op.op === 'replace'
            ? // RFC 7644 §3.5.2.3: with a filter and no sub-attribute, the matching values are replaced.
              checkElement(def, op.value, label)
            : mergeComplex(def, e, op.value ?? null, label);
      if (!next.ok) return next;
      const at = elements.indexOf(e);
      if (next.value === undefined) elements.splice(at, 1);
      else {
        elements[at] = next.value;
        touched.push(next.value);
      }
    }
  }
  demoteOtherPrimaries(elements, touched);
  return setAndDone(container, def.name, elements.length > 0 ? elements : undefined);
};

const withSub = (
  def: AttributeDefinition,
  element: JsonObject,
  sub: AttributeDefinition,
  value: JsonValue | undefined,
  label: string,
): Result<JsonObject | undefined, ScimError> => {
  const checked = checkAttributeValue(sub, value, `${label}.${sub.name}`);
  if (!checked.ok) return checked;
  const next = { ...element };
  setAttribute(next, sub.name, checked.value);
  return checkElement(def, next, label);
};

const checkElement = (def: AttributeDefinition, value: unknown, label: string): Result<JsonObject | undefined, ScimError> => {
  const checked = checkSingleValue(def, value, label);
  if (!checked.ok) return checked;
  return ok(isJsonObject(checked.value) ? (checked.value as JsonObject) : undefined);
};

/** The existing object with the given sub-attributes laid over it, checked as a whole. */
const mergeComplex = (
  def: AttributeDefinition,
  existing: JsonObject | undefined,
  value: JsonValue,
  label: string,
): Result<JsonObject | undefined, ScimError> => {
  const hasValueSub = findAttribute(def.subAttributes ?? [], 'value') !== undefined;
  // Entra ID sends the manager as a bare id.
  const given = typeof value === 'string' && hasValueSub && !def.multiValued ? { value } : value;
  if (!isJsonObject(given)) return err(invalidValue(`${label} must be an object`));
  const merged: JsonObject = { ...(existing ?? {}) };
  for (const [key, v] of Object.entries(given as JsonObject)) {
    const sub = findAttribute(def.subAttributes ?? [], key);
    if (sub === undefined) return err(invalidSyntax(`unknown attribute: ${label}.${key}`));
    setAttribute(merged, sub.name, v);
  }
  return checkElement(def, merged, label);
};

/** The sub-attribute values a filter made only of `sub eq literal` joined by `and` describes. */
const equalitiesOf = (filter: FilterNode, def: AttributeDefinition): JsonObject | undefined => {
  const parts = filter.kind === 'and' ? filter.filters : [filter];
  const seed: JsonObject = {};
  for (const p of parts) {
    if (p.kind !== 'compare' || p.op !== 'eq' || p.value === null) return undefined;
    const sub = findAttribute(def.subAttributes ?? [], p.path);
    if (sub === undefined) return undefined;
    seed[sub.name] = p.value;
  }
  return seed;
};

/** Removes the values equal to any of those given (objects compare on the sub-attributes they give). */
const removeByValue = (container: JsonObject, def: AttributeDefinition, value: JsonValue, label: string): Applied => {
  const wanted = Array.isArray(value) ? value : [value];
  const subs = def.subAttributes ?? [];
  const matches = (e: JsonObject, w: JsonValue): boolean => {
    if (typeof w === 'string') return sameValue(subs, 'value', e['value'], w);
    if (!isJsonObject(w)) return false;
    return Object.entries(w as JsonObject).every(([k, v]) => {
      const sub = findAttribute(subs, k);
      return sub !== undefined && sameValue(subs, sub.name, getIgnoringCase(e, sub.name), v);
    });
  };
  if (!wanted.every((w) => typeof w === 'string' || isJsonObject(w))) {
    return err(invalidValue(`the values to remove from ${label} must be objects or strings`));
  }
  const rest = elementsOf(container, def.name).filter((e) => !wanted.some((w) => matches(e, w)));
  return setAndDone(container, def.name, rest.length > 0 ? rest : undefined);
};

const sameValue = (subs: readonly AttributeDefinition[], name: string, have: unknown, want: unknown): boolean => {
  const caseExact = findAttribute(subs, name)?.caseExact ?? false;
  if (typeof have === 'string' && typeof want === 'string') {
    return caseExact ? have === want : have.toLowerCase() === want.toLowerCase();
  }
  return have === want;
};

/**
 * RFC 7644 §3.5.2: setting "primary" to true on one value sets it to false on the others (RFC 7643 §2.4:
 * true appears at most once).
 */
const demoteOtherPrimaries = (elements: JsonObject[], touched: readonly JsonObject[]): void => {
  const chosen = [...touched].reverse().find((e) => e['primary'] === true);
  if (chosen === undefined) return;
  for (const e of elements) if (e !== chosen && e['primary'] === true) e['primary'] = false;
};

/** The object holding the attribute: the document, or its extension object (created when writing). */
const containerFor = (doc: JsonObject, r: ResolvedAttribute, create: boolean): JsonObject | undefined => {
  if (!r.extension) return doc;
  const key = keyOf(doc, r.schema);
  const existing = key === undefined ? undefined : doc[key];
  if (isJsonObject(existing)) return existing as JsonObject;
  if (!create) return undefined;
  const created: JsonObject = {};
  setAttribute(doc, r.schema, created);
  return created;
};

/** RFC 7643 §3: `schemas` lists the extension exactly when the document has extension attributes. */
const syncExtensionSchemas = (doc: JsonObject): void => {
  const key = keyOf(doc, ENTERPRISE_USER_SCHEMA);
  const extension = key === undefined ? undefined : doc[key];
  const present = isJsonObject(extension) && Object.keys(extension).length > 0;
  if (!present) setAttribute(doc, ENTERPRISE_USER_SCHEMA, undefined);
  const schemas = Array.isArray(doc['schemas']) ? doc['schemas'].filter((s) => typeof s === 'string') : [USER_SCHEMA];
  const listed = schemas.some((s) => sameUrn(s, ENTERPRISE_USER_SCHEMA));
  if (present && !listed) doc['schemas'] = [...schemas, ENTERPRISE_USER_SCHEMA];
  if (!present && listed) doc['schemas'] = schemas.filter((s) => !sameUrn(s, ENTERPRISE_USER_SCHEMA));
};

/** Sets (or, with undefined, removes) an attribute under its canonical name, dropping other spellings. */
const setAttribute = (o: JsonObject, name: string, value: JsonValue | undefined): void => {
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) delete o[k];
  if (value !== undefined) o[name] = value;
};

const setAndDone = (o: JsonObject, name: string, value: JsonValue | undefined): Applied => {
  setAttribute(o, name, value);
  return done;
};

const objectAt = (o: JsonObject, name: string): JsonObject | undefined => {
  const v = getIgnoringCase(o, name);
  return isJsonObject(v) ? (v as JsonObject) : undefined;
};

const elementsOf = (o: JsonObject, name: string): JsonObject[] => {
  const v = getIgnoringCase(o, name);
  return Array.isArray(v) ? v.filter((e): e is JsonObject => isJsonObject(e)).map((e) => ({ ...e })) : [];
};

const jsonEqual = (a: JsonValue, b: JsonValue): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i] ?? null));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k] ?? null, b[k] ?? null));
};
