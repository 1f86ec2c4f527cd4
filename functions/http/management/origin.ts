import type { Context } from 'hono';

/**
 * The public origin of this deployment, for URLs the API hands out (SCIM base URL, portal URL):
 * ATRIUM_PUBLIC_URL when set (a custom domain in front of API Gateway), else the request's own.
 */
export const publicOrigin = (c: Context): string => {
  const configured = process.env.ATRIUM_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${c.req.header('host') ?? url.host}`;
};
