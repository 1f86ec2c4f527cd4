/** Where the CIAM pages live, and the management API paths they call (ids always encoded). */
export const CIAM_HOME = '/console/ciam';
export const INSTANCES = `${CIAM_HOME}/instances`;
export const PURCHASE = `${CIAM_HOME}/purchase`;
export const BILLS = `${CIAM_HOME}/bills`;

export const instancePage = (instanceId: string, rest = '') => `${INSTANCES}/${encodeURIComponent(instanceId)}${rest}`;
export const applicationPage = (instanceId: string, applicationId: string, rest = '') =>
  instancePage(instanceId, `/applications/${encodeURIComponent(applicationId)}${rest}`);

export const instanceApi = (instanceId: string, rest = '') => `/api/v1/ciam/instances/${encodeURIComponent(instanceId)}${rest}`;
export const applicationApi = (instanceId: string, applicationId: string, rest = '') =>
  instanceApi(instanceId, `/applications/${encodeURIComponent(applicationId)}${rest}`);

/** A query string from the defined values only (`?a=1&b=2`, or nothing). */
export const query = (params: Record<string, string | number | undefined>): string => {
  const defined = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '');
  return defined.length ? `?${new URLSearchParams(defined.map(([k, v]) => [k, String(v)]))}` : '';
};

/** Console lists show this many rows a page. */
export const PAGE_SIZE = 20;
