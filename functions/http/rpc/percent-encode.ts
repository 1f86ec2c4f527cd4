/**
 * POP's percent-encoding (RFC 3986 unreserved characters kept, everything else %XX in upper case):
 * `encodeURIComponent` also keeps `!'()*`, which POP encodes. Both signature versions use it.
 */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `k=v` pairs sorted by key, each side percent-encoded: the canonical query of both versions. */
export const canonicalQuery = (params: Readonly<Record<string, string>>): string =>
  Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
