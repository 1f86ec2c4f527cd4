/**
 * Which URIs an application may register: OIDC redirect URIs, SAML ACS URLs and icons. Redirect URIs
 * are later compared by exact string match (see `oidc/redirect-uri.ts`), so what is stored here is
 * exactly what a relying party must send; these rules decide what is safe to store at all.
 */

export type UriRuleOptions = {
  /** RFC 8252 §7.1: a native app may receive its response on a private-use (reverse domain name) scheme. */
  readonly allowPrivateUseScheme: boolean;
};

export const MAX_URI_LENGTH = 2048;

// RFC 8252 §7.3 and §8.3: plain http is only acceptable on the loopback interface, where the response
// never leaves the device. `localhost` is admitted as the product does, though §8.3 prefers the literal.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

// RFC 8252 §7.1: "a URI scheme based on a domain name under their control, expressed in reverse order";
// requiring a dot also rules out `javascript:`, `data:`, `file:` and every other single-word scheme.
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/;

/** Why a URI is refused, as a sentence the administrator can act on; undefined when it is acceptable. */
export const redirectUriProblem = (uri: string, options: UriRuleOptions): string | undefined => {
  const shape = commonProblem(uri);
  if (shape) return shape;
  const scheme = uri.slice(0, uri.indexOf(':'));
  if (scheme === 'https' || scheme === 'http') return webUriProblem(uri);
  if (!PRIVATE_USE_SCHEME.test(scheme)) return `${uri} must use https (http only on 127.0.0.1, [::1] or localhost).`;
  if (!options.allowPrivateUseScheme) return `${uri} uses a private-use scheme, which only MobileApp applications may register (RFC 8252 section 7.1).`;
  // RFC 3986 §3: the scheme must be followed by something; "com.example.app:" alone names nothing.
  if (uri.length <= scheme.length + 1) return `${uri} has no path after its scheme.`;
  return undefined;
};

/** A SAML ACS URL: https, or http on the loopback interface (a developer's machine). */
export const acsUrlProblem = (uri: string): string | undefined => commonProblem(uri) ?? webUriProblem(uri);

/**
 * Rules every registered URI follows, whatever its scheme:
 * - RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component."
 * - RFC 9700 §4.1.3: no patterns: a `*` is refused rather than stored as a literal someone meant as one.
 * - No whitespace, control characters or backslashes: URL parsers drop or reinterpret them, so the
 *   stored string and what a browser navigates to could differ.
 */
const UNSAFE_CHARACTER = /[\s\u0000-\u001f\u007f\\]/;

const commonProblem = (uri: string): string | undefined => {
  if (uri.length === 0 || uri.length > MAX_URI_LENGTH) return `A URI must be 1-${MAX_URI_LENGTH} characters.`;
  if (uri.includes('#')) return `${uri} contains a fragment; redirect and callback URIs must not (RFC 6749 section 3.1.2).`;
  if (uri.includes('*')) return `${uri} contains a wildcard; URIs are matched exactly, register each one.`;
  if (UNSAFE_CHARACTER.test(uri)) return `${uri} contains whitespace, a control character or a backslash.`;
  if (!/^[a-z][a-z0-9+.-]*:/.test(uri)) return `${uri} is not an absolute URI with a lower-case scheme.`;
  return undefined;
};

const webUriProblem = (uri: string): string | undefined => {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${uri} is not a valid URL.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${uri} must use https.`;
  if (url.username || url.password) return `${uri} carries user information; remove it.`;
  // The parser repairs `https:host`, `https:///host` and the like: insist the authority be written as it
  // is understood, so the stored string is the one the relying party's browser will really be sent to.
  if (!uri.toLowerCase().startsWith(`${url.protocol}//${url.host}`.toLowerCase())) return `${uri} is not written in the standard form scheme://host/path.`;
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return `${uri} uses http on a host other than 127.0.0.1, [::1] or localhost; use https (RFC 8252 section 8.3).`;
  }
  return undefined;
};

export const MAX_ICON_DATA_URI = 32 * 1024;

// Raster images and SVG only. An SVG may hold script; consoles show icons through <img>, which never runs it.
const ICON_DATA_URI = /^data:image\/(png|svg\+xml|jpeg);base64,([A-Za-z0-9+/]+={0,2})$/;

/** An icon: an https URL, or a small inline image (a data URI of at most 32 KB). */
export const iconProblem = (icon: string): string | undefined => {
  if (icon.startsWith('data:')) {
    if (icon.length > MAX_ICON_DATA_URI) return `An inline icon must be at most ${MAX_ICON_DATA_URI / 1024} KB.`;
    const match = ICON_DATA_URI.exec(icon);
    if (!match || match[2]!.length % 4 !== 0) return 'An inline icon must be a data:image/(png|svg+xml|jpeg);base64 URI.';
    return undefined;
  }
  if (icon.length > MAX_URI_LENGTH) return `An icon URL must be at most ${MAX_URI_LENGTH} characters.`;
  if (!icon.startsWith('https://')) return 'An icon must be an https URL or a data:image URI.';
  if (UNSAFE_CHARACTER.test(icon)) return 'An icon URL must not contain whitespace, control characters or backslashes.';
  return webUriProblem(icon);
};
