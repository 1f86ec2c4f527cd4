/**
 * Whether `candidate` is one of the `registered` URIs.
 *
 * RFC 6749 §3.1.2.3 and OIDC Core §3.1.2.1 ("MUST exactly match one of the Redirection URI values ...
 * Simple String Comparison", RFC 3986 §6.2.1), RFC 9700 §2.1 and §4.1.3: exact string comparison. No
 * prefix or pattern matching, no normalisation of case, trailing slash, default port or percent-encoding:
 * every lenient comparison has been an open redirector or a code leak somewhere.
 */
export const isRegisteredUri = (registered: readonly string[], candidate: string): boolean =>
  registered.some((uri) => uri === candidate);
