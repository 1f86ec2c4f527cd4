/**
 * SHA-256 of the UTF-8 bytes of `input`.
 *
 * A parameter rather than an import: `domain/` stays free of the crypto module (and of the runtime it
 * would tie the rules to), while the rules that need a digest (PKCE S256, at_hash) stay pure and testable.
 * The adapter passes e.g. `(s) => createHash('sha256').update(s, 'utf8').digest()` (a Buffer is a
 * Uint8Array).
 */
export type Sha256 = (input: string) => Uint8Array;
