import type { Child } from 'hono/jsx';

const CSS = `
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f5f7fa;--brand:#ff6a00;--brand-ink:#fff;--danger:#b42318;--ok:#067647}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:.75rem 1.5rem;display:flex;align-items:center;justify-content:space-between;gap:1rem}
header .brand{font-weight:700;letter-spacing:.02em}header .brand span{color:var(--brand)}
main{max-width:56rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.narrow{max-width:26rem;margin:3rem auto}
h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=password],input[type=email]{width:100%;padding:.6rem .7rem;border:1px solid #9aa5b1;border-radius:.375rem;font:inherit}
input:focus,button:focus,a:focus{outline:3px solid #ffb27a;outline-offset:2px}
button,.button{display:inline-block;margin-top:1.25rem;padding:.6rem 1.1rem;border:0;border-radius:.375rem;background:var(--brand);color:var(--brand-ink);font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary{background:#e4e7eb;color:var(--ink)}
form.inline{display:inline}.access{display:flex;gap:.75rem;align-items:center;margin:.25rem 0}.access button{margin-top:0;padding:.35rem .8rem}
button.link{background:none;color:var(--brand);padding:0;font-weight:400;text-decoration:underline}pre{white-space:pre-wrap;word-break:break-all;background:#f4f5f7;padding:.75rem;border-radius:.375rem}
.error{border-left:4px solid var(--danger);background:#fef3f2;padding:.75rem 1rem;margin-bottom:1rem}
.notice{border-left:4px solid var(--ok);background:#ecfdf3;padding:.75rem 1rem;margin-bottom:1rem}
.muted{color:var(--muted)}table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line)}
code{background:#f0f4f8;padding:.1rem .3rem;border-radius:.25rem;word-break:break-all}
@media (max-width:40rem){main{margin:1rem auto}.narrow{margin:1rem auto}}
`;

/** The portal's one page frame: works without JavaScript, landmarks for screen readers. */
export const Layout = (props: { title: string; directoryName: string; signedInAs?: string | undefined; csrf?: string | undefined; children: Child }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${props.title} · ${props.directoryName} · Atrium CloudSSO`}</title>
      <style>{CSS}</style>
    </head>
    <body>
      <header>
        <div class="brand">
          Atrium <span>CloudSSO</span> · {props.directoryName}
        </div>
        {props.signedInAs && (
          <form method="post" action={`/portal/${props.directoryName}/logout`}>
            <span class="muted">{props.signedInAs} </span>
            <input type="hidden" name="csrf" value={props.csrf ?? ''} />
            <button type="submit" class="secondary" style="margin-top:0">
              Sign out
            </button>
          </form>
        )}
      </header>
      <main>{props.children}</main>
    </body>
  </html>
);

export const ErrorBox = (props: { message?: string | undefined }) =>
  props.message ? (
    <div class="error" role="alert">
      {props.message}
    </div>
  ) : null;
