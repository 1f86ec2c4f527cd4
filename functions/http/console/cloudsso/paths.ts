import type { ConsoleContext } from '../env';

/** Paths of the CloudSSO pages and of the API calls they make. */

/** Where the CloudSSO pages live. */
export const ROOT = '/console/cloudsso';

/** Path segments from the URL or from the API, made safe to put back into a path. */
export const seg = (s: string) => encodeURIComponent(s);

/** A query string from the defined, non-empty values (`?a=1&b=2`, or nothing). */
export const qs = (params: Record<string, string | number | undefined>) => {
  const defined = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '');
  return defined.length ? `?${new URLSearchParams(defined.map(([k, v]) => [k, String(v)]))}` : '';
};

/** Rows per page of a list; pickers ask for the API's maximum instead. */
export const PAGE_SIZE = 20;

/** A path parameter of the route (handlers are typed for any path, so read it here). */
export const param = (c: ConsoleContext, name: string): string => c.req.param(name) ?? '';
