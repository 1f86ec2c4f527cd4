import type { Context } from 'hono';
import { randomBytes } from 'node:crypto';

export type SamlPostForm = {
  /** Where the browser posts: an ACS URL or a cloud's sign-in endpoint, checked by the caller. */
  readonly action: string;
  /** base64 of the signed `<samlp:Response>`. */
  readonly samlResponse: string;
  readonly relayState?: string | undefined;
  readonly title: string;
  readonly button: string;
};

/**
 * The HTTP-POST binding (saml-bindings §3.5.4): a form the browser submits by itself, or by a button
 * when scripts are off. The one script is a constant (hono/jsx escapes the text of a `<script>` like any
 * other, so nothing variable may go in it) allowed by a per-response nonce; the values are escaped as
 * attributes. The CSP allows the form to post to the action's origin only.
 */
export const samlPostPage = (c: Context, form: SamlPostForm) => {
  const nonce = randomBytes(16).toString('base64');
  c.header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; form-action ${new URL(form.action).origin}; frame-ancestors 'none'; base-uri 'none'`);
  c.header('Cache-Control', 'no-store');
  return c.html(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{form.title}</title>
      </head>
      <body>
        <form id="saml" method="post" action={form.action}>
          <input type="hidden" name="SAMLResponse" value={form.samlResponse} />
          {form.relayState !== undefined && <input type="hidden" name="RelayState" value={form.relayState} />}
          <noscript>
            <button type="submit">{form.button}</button>
          </noscript>
        </form>
        <script nonce={nonce}>{'document.forms[0].submit()'}</script>
      </body>
    </html>,
  );
};
