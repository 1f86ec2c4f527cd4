/**
 * Appends parameters to a registered redirect URI, keeping its own query as registered (RFC 6749 §3.1.2:
 * the query component "MUST be retained when adding additional query parameters"). The URI is one the
 * client registered and the request matched exactly, so it is not parsed or re-serialised; undefined
 * values are left out.
 */
export const appendQuery = (uri: string, params: Readonly<Record<string, string | undefined>>): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.append(name, value);
  if (query.size === 0) return uri;
  const separator = !uri.includes('?') ? '?' : uri.endsWith('?') || uri.endsWith('&') ? '' : '&';
  return `${uri}${separator}${query.toString()}`;
};
