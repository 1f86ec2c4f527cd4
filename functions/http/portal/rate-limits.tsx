import type { Context, MiddlewareHandler } from 'hono';
import type { Directory } from '../../../domain/directory/directory';
import { byClientNetwork, inWords, rateLimit, type RateLimitDeps, type Throttled } from '../rate-limit';
import { MessagePage } from './pages';

// Published documents IdPs and clouds fetch and cache: reads only, never counted (request-limits.ts).
const METADATA = /^\/saml\/[^/]+\/(idp\/)?metadata$/;
const SAML_DIRECTORY = /^\/saml\/(d-[a-z0-9]{1,32})\//;

const counted = (c: Context) => !METADATA.test(c.req.path);

/** The directory a request is for: the portal's, once resolved by name; the SAML endpoints' id. */
const directoryOf = (c: Context): string | undefined =>
  (c.get('directory') as Directory | undefined)?.id ?? SAML_DIRECTORY.exec(c.req.path)?.[1];

const refuse = (c: Context, t: Throttled) =>
  c.html(
    <MessagePage
      directoryName={(c.get('directory') as Directory | undefined)?.name ?? ''}
      title="Too many requests"
      message={`${t.name === 'portal.ip' ? 'Your network has' : 'This organisation has'} sent too many sign-in requests. Please wait ${inWords(t.retryAfterSeconds)} and try again.`}
    />,
    429,
  );

/** `portal.ip`: every portal and SAML SP request (metadata excepted), before the directory is read. */
export const limitPortalClients = (deps: () => RateLimitDeps): MiddlewareHandler =>
  rateLimit(deps, [{ name: 'portal.ip', scope: (c) => (counted(c) ? byClientNetwork(c) : undefined) }], refuse);

/** `portal.directory`: the same requests per directory; after the portal has resolved the directory. */
export const limitPortalDirectories = (deps: () => RateLimitDeps): MiddlewareHandler =>
  rateLimit(deps, [{ name: 'portal.directory', scope: (c) => (counted(c) ? directoryOf(c) : undefined) }], refuse);
