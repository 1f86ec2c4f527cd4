import { z } from 'zod';
import { err, ok, type Result } from '../../../domain/shared/result';
import { invalid, missing, type RpcFailure } from './rpc-failure';

/**
 * POP sends every parameter as a flat string: lists as `Name.1`, `Name.2`, …, lists of structures as
 * `Tags.1.Key`, `Tags.1.Value` (the SDKs number from 1). This folds them into arrays and objects, so
 * an operation's schema reads `{ Tags: [{ Key, Value }] }`. A list with a gap (`.1`, `.3`) is refused.
 */
export const unflatten = (flat: Readonly<Record<string, string>>): Result<Record<string, unknown>, RpcFailure> => {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flat)) {
    const parts = name.split('.');
    let node: Record<string, unknown> = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const next = parts[i + 1];
      if (last) {
        if (typeof node[part] === 'object') return err(invalid(name, 'it is both a value and a list'));
        node[part] = value;
      } else {
        const child = node[part];
        if (typeof child === 'string') return err(invalid(name, 'it is both a value and a list'));
        const container = (child ?? (/^\d+$/.test(next!) ? { __list: true } : {})) as Record<string, unknown>;
        node[part] = container;
        node = container;
      }
    }
  }
  const fold = (value: unknown, path: string): Result<unknown, RpcFailure> => {
    if (typeof value !== 'object' || value === null) return ok(value);
    const record = value as Record<string, unknown>;
    if (record.__list) {
      const keys = Object.keys(record).filter((k) => k !== '__list');
      const numbers = keys.map(Number).sort((a, b) => a - b);
      if (keys.some((k) => !/^[1-9]\d*$/.test(k)) || numbers.some((n, i) => n !== i + 1)) return err(invalid(path, 'list items are numbered 1, 2, 3, … without gaps'));
      const items: unknown[] = [];
      for (const n of numbers) {
        const item = fold(record[String(n)], `${path}.${n}`);
        if (!item.ok) return item;
        items.push(item.value);
      }
      return ok(items);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
      const folded = fold(v, path ? `${path}.${k}` : k);
      if (!folded.ok) return folded;
      out[k] = folded.value;
    }
    return ok(out);
  };
  return fold(root, '') as Result<Record<string, unknown>, RpcFailure>;
};

const present = (input: Record<string, unknown>, path: readonly PropertyKey[]): boolean => {
  let node: unknown = input;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  return node !== undefined;
};

/** POP's parameter errors: `MissingParameter.<Name>` for an absent one, `InvalidParameter.<Name>` otherwise. */
export const parseParams = <T>(schema: z.ZodType<T>, flat: Readonly<Record<string, string>>): Result<T, RpcFailure> => {
  const input = unflatten(flat);
  if (!input.ok) return input;
  const parsed = schema.safeParse(input.value);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  // A rule over several parameters (at least one of them) names none of them.
  if (issue.path.length === 0) return err({ code: 'MissingParameter', message: issue.message });
  const name = issue.path.map(String).join('.');
  if (issue.path.length > 0 && !present(input.value, issue.path)) return err(missing(name));
  return err(invalid(name, issue.message));
};

/** Parameter types as POP carries them (strings), for the operations' schemas. */
export const pop = {
  /**
   * An identifier, only bounded here: whether it names anything is the use case's answer
   * (`EntityNotExists.User`), as in the REST API.
   */
  id: <T extends string>() => z.string().min(1).max(64).transform((v) => v as T),
  /**
   * A parameter CloudSSO takes but Atrium cannot honour (tags, filter expressions): refused
   * (`InvalidParameter.<Name>`) rather than ignored, since a caller filtering by name and acting on
   * the first result must not get an unfiltered list. The reference page shows it as not supported.
   */
  unsupported: (why: string) => z.unknown().refine((v) => v === undefined, why).optional(),
  string: (max = 1024) => z.string().min(1).max(max),
  /** A string that may be empty (clearing a description). */
  text: (max = 1024) => z.string().max(max),
  int: (min: number, max: number) =>
    z
      .string()
      .regex(/^-?\d+$/, 'an integer')
      .transform(Number)
      .pipe(z.number().int().min(min).max(max)),
  bool: () => z.enum(['true', 'false']).transform((v) => v === 'true'),
  list: <T extends z.ZodType>(item: T, max = 100) => z.array(item).min(1).max(max),
  /** `NextToken`/`MaxResults` paging, as every List operation takes it. */
  paging: (maxResults = 100) => ({
    NextToken: z.string().min(1).max(2048).optional(),
    MaxResults: z
      .string()
      .regex(/^\d+$/, 'an integer')
      .transform(Number)
      .pipe(z.number().int().min(1).max(maxResults))
      .optional(),
  }),
};
