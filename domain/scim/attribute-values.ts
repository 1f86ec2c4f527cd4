import { findAttribute, type AttributeDefinition } from './attribute-catalogue';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { err, ok, type Result } from '../shared/result';
import { invalidSyntax, invalidValue, type ScimError } from './scim-error';

type Checked = Result<JsonValue | undefined, ScimError>;

/**
 * Checks a value a client sent against its attribute definition (RFC 7643 §2.3) and returns it in canonical
 * form: sub-attribute names in their schema spelling (§2.1: names are case-insensitive), booleans sent as
 * "True"/"false" converted, read-only sub-attributes dropped (RFC 7644 §3.5.1: ignored on input), and
 * unassigned values (null, "", [], {}) as undefined (RFC 7643 §2.5). Unknown sub-attributes are
 * `invalidSyntax`; values of the wrong type `invalidValue`.
 */
export const checkAttributeValue = (def: AttributeDefinition, value: unknown, label: string): Checked => {
  if (value === undefined || value === null) return ok(undefined);
  if (!def.multiValued) return checkSingleValue(def, value, label);
  if (!Array.isArray(value)) return err(invalidValue(`${label} must be an array`));
  const out: JsonValue[] = [];
  for (const [i, element] of value.entries()) {
    const checked = checkSingleValue(def, element, `${label}[${i}]`);
    if (!checked.ok) return checked;
    if (checked.value !== undefined) out.push(checked.value);
  }
  // RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once.
  if (out.filter((v) => isJsonObject(v) && v['primary'] === true).length > 1) {
    return err(invalidValue(`${label} has more than one primary value`));
  }
  return ok(out.length > 0 ? out : undefined);
};

/** One value of the attribute: the attribute itself when single-valued, one element when multi-valued. */
export const checkSingleValue = (def: AttributeDefinition, value: unknown, label: string): Checked => {
  if (value === undefined || value === null) return ok(undefined);
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return ok(value);
      // Entra ID sends booleans as "True" and "False".
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return ok(value.toLowerCase() === 'true');
      return err(invalidValue(`${label} must be a boolean`));
    case 'integer':
      return Number.isInteger(value) ? ok(value as number) : err(invalidValue(`${label} must be an integer`));
    case 'decimal':
      return typeof value === 'number' ? ok(value) : err(invalidValue(`${label} must be a number`));
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return ok(value);
      return err(invalidValue(`${label} must be an xsd:dateTime string`));
    case 'complex':
      return checkComplex(def, value, label);
    default:
      if (typeof value !== 'string') return err(invalidValue(`${label} must be a string`));
      return ok(value === '' ? undefined : value);
  }
};

const checkComplex = (def: AttributeDefinition, raw: unknown, label: string): Checked => {
  const subAttributes = def.subAttributes ?? [];
  // Entra ID sends the enterprise manager as a bare id: a single complex attribute with a "value"
  // sub-attribute takes a string as that value.
  const value =
    typeof raw === 'string' && !def.multiValued && findAttribute(subAttributes, 'value') ? { value: raw } : raw;
  if (!isJsonObject(value)) return err(invalidValue(`${label} must be an object`));
  const out: JsonObject = {};
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const [key, v] of Object.entries(value)) {
    const sub = findAttribute(subAttributes, key);
    if (sub === undefined) {
      if (!isUnassigned(v)) unknown.push(`${label}.${key}`);
      continue;
    }
    if (seen.has(sub.name)) return err(invalidSyntax(`${label}.${sub.name} is given more than once`));
    seen.add(sub.name);
    if (sub.mutability === 'readOnly') continue;
    const checked = checkAttributeValue(sub, v, `${label}.${sub.name}`);
    if (!checked.ok) return checked;
    if (checked.value !== undefined) out[sub.name] = checked.value;
  }
  if (unknown.length > 0) return err(invalidSyntax(`unknown attribute${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`));
  return ok(Object.keys(out).length > 0 ? out : undefined);
};

/**
 * RFC 7643 §2.5: null and an empty array are the same state as an absent attribute. An unknown attribute
 * in that state asks for nothing to be stored, so it is tolerated (Entra ID sends `"roles": []`).
 */
export const isUnassigned = (v: unknown): boolean => v === null || (Array.isArray(v) && v.length === 0);
