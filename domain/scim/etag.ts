/**
 * RFC 7644 §3.14: versions travel as entity tags. Atrium's are weak (RFC 7232 §2.1): the representation
 * may vary (attribute projection) while the version stays the same.
 */
export const etagOf = (version: number): string => `W/"${version}"`;

// An entity-tag (RFC 7232 §2.3), weak or strong, or a bare token from a lenient client.
const ENTITY_TAG = /(?:W\/)?"([^"]*)"|([^\s,]+)/g;

/**
 * Whether an `If-Match` header allows a write to the resource at `version`. An absent header sets no
 * precondition; `*` matches any existing resource (RFC 7232 §3.1). Tags compare by their opaque value,
 * ignoring `W/`: the weak comparison, since every tag Atrium issues is weak and clients echo it back.
 */
export const ifMatchSatisfied = (header: string | undefined, version: number): boolean => {
  if (header === undefined || header.trim() === '') return true;
  if (header.trim() === '*') return true;
  const want = String(version);
  for (const m of header.matchAll(ENTITY_TAG)) {
    if ((m[1] ?? m[2]) === want) return true;
  }
  return false;
};
