/** A JSON value as SCIM exchanges it (RFC 7159). Mutable, so PATCH can work on a private copy. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7643 §2.1: attribute names are case-insensitive, so look keys up without regard to case. */
export const keyOf = (o: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  if (Object.hasOwn(o, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(o).find((k) => k.toLowerCase() === lower);
};

export const getIgnoringCase = (o: Readonly<Record<string, unknown>>, name: string): unknown => {
  const key = keyOf(o, name);
  return key === undefined ? undefined : o[key];
};

/** A deep copy of a JSON document, so that callers' values are never mutated. */
export const cloneJson = <T extends JsonValue>(v: T): T => structuredClone(v);

/** `{ [key]: value }` when value is defined, `{}` otherwise: optional properties without `undefined`. */
export const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
