/**
 * The issuer identifier of a CIAM instance's OpenID provider: `<baseUrl>/ciam/<instanceId>/oidc`, e.g.
 * `http://127.0.0.1:3000/ciam/ci-1/oidc`. One issuer per instance, so tokens of one instance are never
 * accepted for another. OIDC Discovery §3 / RFC 8414 §2: a URL with no query or fragment; Atrium also
 * writes it without a trailing slash, so `${issuer}/token` and the `iss` claim compare as strings.
 */
export const oidcIssuer = (baseUrl: string, instanceId: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/ciam/${encodeURIComponent(instanceId)}/oidc`;

/** Throws for an issuer the configuration got wrong: a bug, not a request error. */
export const assertIssuer = (issuer: string): void => {
  const url = new URL(issuer);
  if (url.search !== '' || url.hash !== '' || issuer.endsWith('/') || issuer.includes('?') || issuer.includes('#')) {
    throw new Error(`not an OpenID issuer identifier: ${issuer}`);
  }
};
