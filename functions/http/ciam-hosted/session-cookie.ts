import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The customer's session cookie for one instance: scoped to the instance's path, so instances on one
 * host never see each other's sessions. HttpOnly, SameSite=Lax (the client's redirect to the
 * authorization endpoint is a top-level GET that must carry it), Secure outside loopback.
 */
export const CUSTOMER_SESSION_COOKIE = 'atrium_ciam_session';

export const instancePath = (instanceId: string) => `/ciam/${instanceId}`;

const secure = (c: Context) => !/^(127\.|localhost|\[::1\])/.test(c.req.header('host') ?? '');

export const readSessionCookie = (c: Context): string | undefined => getCookie(c, CUSTOMER_SESSION_COOKIE);

export const writeSessionCookie = (c: Context, instanceId: string, token: string) =>
  setCookie(c, CUSTOMER_SESSION_COOKIE, token, { path: instancePath(instanceId), httpOnly: true, sameSite: 'Lax', secure: secure(c) });

export const clearSessionCookie = (c: Context, instanceId: string) => deleteCookie(c, CUSTOMER_SESSION_COOKIE, { path: instancePath(instanceId) });
