import type { Child } from 'hono/jsx';

// No quotes in here: hono/jsx escapes a <style>'s text, and an escaped quote (&quot;) would void the rule.
const CSS = `
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f5f7fa;--brand:#0f62fe;--brand-ink:#fff;--danger:#b42318;--ok:#067647}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:26rem;margin:3rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
h1{font-size:1.35rem;margin:0 0 1rem}.app{display:flex;align-items:center;gap:.6rem;margin-bottom:1rem}.app img{width:2rem;height:2rem;border-radius:.25rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=password],input[type=tel],input[type=email]{width:100%;padding:.6rem .7rem;border:1px solid #9aa5b1;border-radius:.375rem;font:inherit}
input:focus,button:focus,a:focus{outline:3px solid #8ab4ff;outline-offset:2px}
button{display:block;width:100%;margin-top:1.25rem;padding:.65rem 1.1rem;border:0;border-radius:.375rem;background:var(--brand);color:var(--brand-ink);font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#e4e7eb;color:var(--ink)}a{color:var(--brand)}
.error{border-left:4px solid var(--danger);background:#fef3f2;padding:.75rem 1rem;margin-bottom:1rem}
.notice{border-left:4px solid var(--ok);background:#ecfdf3;padding:.75rem 1rem;margin-bottom:1rem}
.muted{color:var(--muted)}.switch{margin-top:1rem;text-align:center}
.links{margin-top:1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;justify-content:center}
.captcha{display:block;max-width:100%;height:auto;margin:.25rem 0;border:1px solid var(--line);border-radius:.25rem;background:#fff}
.hint{font-size:.875rem;color:var(--muted);margin:.25rem 0 0}
@media (max-width:30rem){main{margin:1rem auto}.card{padding:1rem}}
`;

/** The hosted pages' one frame: works without JavaScript, fits a phone screen. */
export const HostedLayout = (props: { title: string; appName?: string | undefined; icon?: string | undefined; children: Child }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{props.appName ? `${props.title} · ${props.appName}` : props.title}</title>
      <style>{CSS}</style>
    </head>
    <body>
      <main>
        <div class="card">
          {props.appName && (
            <div class="app">
              {props.icon && <img src={props.icon} alt="" />}
              <strong>{props.appName}</strong>
            </div>
          )}
          {props.children}
        </div>
      </main>
    </body>
  </html>
);

/** A page that says what went wrong and what to do, with the OAuth code for whoever debugs the client. */
export const HostedErrorPage = (props: {
  title: string;
  message: string;
  code?: string | undefined;
  /** The way on (back to the sign-in form, say), when there is one to link to. */
  action?: { readonly href: string; readonly label: string } | undefined;
  appName?: string | undefined;
  icon?: string | undefined;
}) => (
  <HostedLayout title={props.title} appName={props.appName} icon={props.icon}>
    <h1>{props.title}</h1>
    <p>{props.message}</p>
    {props.action && (
      <p>
        <a href={props.action.href}>{props.action.label}</a>
      </p>
    )}
    {props.code && (
      <p class="muted">
        Error code: <code>{props.code}</code>
      </p>
    )}
  </HostedLayout>
);
