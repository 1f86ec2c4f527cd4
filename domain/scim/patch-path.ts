import { ALL_SCHEMA_IDS } from './attribute-catalogue';
import { splitAttributePath } from './attribute-path';
import { parseFilterExpression, type FilterNode } from './filter-parser';
import { err, ok, type Result } from '../shared/result';
import { sameUrn } from './schema-urns';
import { invalidPath, type ScimError } from './scim-error';

/**
 * A PATCH target, RFC 7644 §3.5.2: `PATH = attrPath / valuePath [subAttr]`, i.e. `[urn:]attr`,
 * `[urn:]attr.sub`, `[urn:]attr[filter]` or `[urn:]attr[filter].sub`. Names are as sent; the appliers
 * resolve them against the resource's schemas. A path without `attribute` names a whole extension object.
 */
export type PatchPath = {
  /** The path as sent, for messages. */
  readonly text: string;
  readonly schema?: string;
  readonly attribute?: string;
  readonly filter?: FilterNode;
  readonly subAttribute?: string;
};

/** Parses a PATCH path; anything that is not one is `invalidPath` (RFC 7644 §3.12). */
export const parsePatchPath = (text: string): Result<PatchPath, ScimError> => {
  const bad = (why: string) => err(invalidPath(`invalid path ${JSON.stringify(text)}: ${why}`));
  const path = text.trim();
  const known = ALL_SCHEMA_IDS.find((id) => sameUrn(id, path));
  if (known !== undefined) return ok({ text, schema: known });

  const open = path.indexOf('[');
  if (open < 0) {
    const split = splitAttributePath(path);
    return split === undefined ? bad('not an attribute path') : ok({ text, ...split });
  }
  const close = closingBracket(path, open);
  if (close < 0) return bad("'[' is not closed");
  const head = splitAttributePath(path.slice(0, open));
  if (head === undefined || head.subAttribute !== undefined) return bad('a value filter must follow an attribute name');
  const after = path.slice(close + 1);
  let subAttribute: string | undefined;
  if (after !== '') {
    const sub = after.startsWith('.') ? splitAttributePath(after.slice(1)) : undefined;
    if (sub === undefined || sub.schema !== undefined || sub.subAttribute !== undefined) {
      return bad(`unexpected ${JSON.stringify(after)} after the value filter`);
    }
    subAttribute = sub.attribute;
  }
  const filter = parseFilterExpression(path.slice(open + 1, close));
  if (!filter.ok) return bad(filter.error.detail);
  return ok({ text, ...head, filter: filter.value, ...(subAttribute === undefined ? {} : { subAttribute }) });
};

/** The index of the `]` closing the `[` at `open`, skipping quoted strings; -1 when there is none. */
const closingBracket = (text: string, open: number): number => {
  let i = open + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') {
      i += 1;
      while (i < text.length && text.charAt(i) !== '"') i += text.charAt(i) === '\\' ? 2 : 1;
    } else if (c === ']') {
      return i;
    }
    i += 1;
  }
  return -1;
};
