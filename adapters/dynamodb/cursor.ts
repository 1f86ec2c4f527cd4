/**
 * Opaque pagination cursors. A cursor is the query's LastEvaluatedKey, base64url-encoded; on the way
 * back it must name the same partition the query reads, so a cursor from one listing (or one tenant)
 * can never start another listing.
 */
export type Key = Record<string, string>;

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;

export const decodeCursor = (
  token: string | undefined,
  partition: { readonly attribute: string; readonly value: string },
): { ok: true; key: Key | undefined } | { ok: false } => {
  if (token === undefined || token === '') return { ok: true, key: undefined };
  if (token.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(token)) return { ok: false };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false };
    const entries = Object.entries(parsed);
    if (entries.length > 4 || !entries.every(([, v]) => typeof v === 'string')) return { ok: false };
    const key = parsed as Key;
    return key[partition.attribute] === partition.value ? { ok: true, key } : { ok: false };
  } catch {
    return { ok: false };
  }
};
