import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import { randomBytes } from 'node:crypto';
import type { Demo } from './seed';
import { SAMPLE_RP_CALLBACK, SAMPLE_RP_PATH } from './sample-rp-paths';

type Flow = { state: string; nonce: string; verifier: string };
type SignedIn = { claims: Record<string, unknown>; userInfo: Record<string, unknown>; idToken: string };

const Page = (props: { title: string; children: unknown }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{props.title}</title>
      <style>{'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f5f7;padding:.75rem;white-space:pre-wrap;word-break:break-all}a.button{display:inline-block;padding:.6rem 1rem;background:#0f62fe;color:#fff;border-radius:.375rem;text-decoration:none}'}</style>
    </head>
    <body>{props.children}</body>
  </html>
);

/**
 * The demo application's relying party, served by the local stack only: a website that signs its
 * customers in through the demo CIAM instance with openid-client (an independent OIDC client
 * library), the authorization code flow with PKCE, and shows what it learnt. Sessions live in memory.
 */
export const createSampleRp = (demo: () => Demo['ciam'] | undefined, issuerOf: (ciam: Demo['ciam']) => string) => {
  const flows = new Map<string, Flow>();
  const sessions = new Map<string, SignedIn>();
  let config: Promise<oidc.Configuration> | undefined;
  const configuration = (ciam: Demo['ciam']) =>
    (config ??= oidc
      .discovery(new URL(issuerOf(ciam)), ciam.application.clientId, ciam.application.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] })
      .catch((error: unknown) => {
        config = undefined;
        throw error;
      }));

  const app = new Hono();
  app.get(SAMPLE_RP_PATH, (c) => {
    const ciam = demo();
    if (!ciam) return c.text('The demo CIAM application is not seeded.', 404);
    const signedIn = sessions.get(getCookie(c, 'sample_rp') ?? '');
    return c.html(
      <Page title="Demo Shop">
        <h1>Demo Shop</h1>
        {signedIn ? (
          <>
            <p>
              Signed in as <strong>{String(signedIn.userInfo.preferred_username ?? signedIn.claims.sub)}</strong>.
            </p>
            <h2>ID token claims</h2>
            <pre id="claims">{JSON.stringify(signedIn.claims, null, 2)}</pre>
            <h2>UserInfo</h2>
            <pre id="userinfo">{JSON.stringify(signedIn.userInfo, null, 2)}</pre>
          </>
        ) : (
          <p>
            <a class="button" href={`${SAMPLE_RP_PATH}login`}>
              Sign in
            </a>
          </p>
        )}
      </Page>,
    );
  });
  app.get(`${SAMPLE_RP_PATH}login`, async (c) => {
    const ciam = demo();
    if (!ciam) return c.text('The demo CIAM application is not seeded.', 404);
    const flow: Flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    flows.set(flow.state, flow);
    const url = oidc.buildAuthorizationUrl(await configuration(ciam), {
      redirect_uri: ciam.application.redirectUri,
      scope: 'openid profile email phone offline_access',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    return c.redirect(url.href, 302);
  });
  app.get(SAMPLE_RP_CALLBACK, async (c) => {
    const ciam = demo();
    if (!ciam) return c.text('The demo CIAM application is not seeded.', 404);
    const flow = flows.get(c.req.query('state') ?? '');
    if (!flow) return c.html(<Page title="Demo Shop">{<p>This sign-in is unknown or finished. <a href={SAMPLE_RP_PATH}>Start again</a>.</p>}</Page>, 400);
    flows.delete(flow.state);
    const cfg = await configuration(ciam);
    // The callback URL as the browser requested it, on the redirect URI's origin.
    const current = new URL(`${ciam.application.redirectUri}${new URL(c.req.url).search}`);
    const tokens = await oidc.authorizationCodeGrant(cfg, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
    const claims = tokens.claims()!;
    const userInfo = await oidc.fetchUserInfo(cfg, tokens.access_token, claims.sub);
    const id = randomBytes(16).toString('base64url');
    sessions.set(id, { claims: { ...claims }, userInfo: { ...userInfo }, idToken: tokens.id_token ?? '' });
    setCookie(c, 'sample_rp', id, { path: SAMPLE_RP_PATH, httpOnly: true, sameSite: 'Lax' });
    return c.redirect(SAMPLE_RP_PATH, 303);
  });
  return app;
};
