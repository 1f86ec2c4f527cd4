import type { Child } from 'hono/jsx';

const CSS = `
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f5f7fa;--brand:#ff6a00;--brand-ink:#fff;--danger:#b42318;--ok:#067647;--side:#1f2933}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:#c2410c}header{background:#fff;border-bottom:1px solid var(--line);padding:.6rem 1.25rem;display:flex;align-items:center;justify-content:space-between;gap:1rem;flex-wrap:wrap}
header .brand{font-weight:700;letter-spacing:.02em}header .brand span{color:var(--brand)}
.shell{display:flex;min-height:calc(100vh - 3.2rem)}nav.side{width:15rem;flex:none;background:var(--side);color:#e4e7eb;padding:1rem 0}
nav.side h2{font-size:.75rem;text-transform:uppercase;letter-spacing:.08em;color:#9aa5b1;margin:1rem 1.25rem .25rem}
nav.side a{display:block;color:#e4e7eb;text-decoration:none;padding:.35rem 1.25rem}nav.side a[aria-current=page]{background:#323f4b;border-left:3px solid var(--brand);padding-left:calc(1.25rem - 3px)}
main{flex:1;min-width:0;padding:1.5rem 2rem;max-width:72rem}
.card{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1.25rem 1.5rem;margin-bottom:1.25rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.narrow{max-width:28rem;margin:3rem auto}
h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:0 0 .75rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}.hint{font-weight:400;color:var(--muted);font-size:.9em}
input[type=text],input[type=password],input[type=email],input[type=number],input[type=url],input[type=tel],input[type=datetime-local],select,textarea{width:100%;max-width:32rem;padding:.5rem .6rem;border:1px solid #9aa5b1;border-radius:.375rem;font:inherit;background:#fff}
textarea{min-height:8rem;font-family:ui-monospace,monospace;font-size:.9em}
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:var(--danger)}
.field-error{color:var(--danger);font-size:.9em;margin:.25rem 0 0}
input:focus,button:focus,a:focus,select:focus,textarea:focus{outline:3px solid #ffb27a;outline-offset:2px}
button,.button{display:inline-block;margin-top:1rem;padding:.5rem 1rem;border:0;border-radius:.375rem;background:var(--brand);color:var(--brand-ink);font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#e4e7eb;color:var(--ink)}button.danger{background:var(--danger)}
form.inline{display:inline}form.inline button{margin-top:0;padding:.3rem .7rem;font-size:.9em}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
.error{border-left:4px solid var(--danger);background:#fef3f2;padding:.75rem 1rem;margin-bottom:1rem}
.notice{border-left:4px solid var(--ok);background:#ecfdf3;padding:.75rem 1rem;margin-bottom:1rem}
.warning{border-left:4px solid #dc6803;background:#fffaeb;padding:.75rem 1rem;margin-bottom:1rem}
.muted{color:var(--muted)}table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85em;color:var(--muted);font-weight:600}
code,.secret{background:#f0f4f8;padding:.1rem .3rem;border-radius:.25rem;word-break:break-all;font-family:ui-monospace,monospace}
.secret{display:block;padding:.6rem;border:1px dashed #9aa5b1;margin:.5rem 0}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.8em;background:#e4e7eb}.badge.ok{background:#d1fadf;color:#05603a}.badge.bad{background:#fee4e2;color:#912018}.badge.busy{background:#fef0c7;color:#93370d}
fieldset{border:1px solid var(--line);border-radius:.375rem;margin:.75rem 0;padding:.5rem 1rem}legend{font-weight:600}
.checks label{font-weight:400;display:flex;gap:.5rem;align-items:center;margin:.2rem 0}
@media (max-width:48rem){.shell{display:block}nav.side{width:auto;padding:.5rem 0}nav.side h2{display:none}nav.side a{display:inline-block;padding:.3rem .75rem}main{padding:1rem}}
`;

export type NavSection = { readonly title: string; readonly links: readonly { readonly href: string; readonly label: string }[] };

/** The console's page frame: landmarks, a skip link, the navigation the principal may use, no script. */
export const ConsoleLayout = (props: {
  title: string;
  current?: string | undefined;
  signedInAs?: string | undefined;
  csrf?: string | undefined;
  nav?: readonly NavSection[] | undefined;
  children: Child;
}) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${props.title} · Atrium console`}</title>
      <style>{CSS}</style>
    </head>
    <body>
      <a href="#main" class="muted" style="position:absolute;left:-999px">
        Skip to content
      </a>
      <header>
        <div class="brand">
          Atrium <span>console</span>
        </div>
        {props.signedInAs && (
          <form method="post" action="/console/sign-out" class="actions">
            <span class="muted">{props.signedInAs}</span>
            <input type="hidden" name="csrf" value={props.csrf ?? ''} />
            <button type="submit" class="secondary" style="margin-top:0">
              Sign out
            </button>
          </form>
        )}
      </header>
      {props.nav ? (
        <div class="shell">
          <nav class="side" aria-label="Console">
            {props.nav.map((section) => (
              <>
                <h2>{section.title}</h2>
                {section.links.map((l) => (
                  <a href={l.href} aria-current={props.current === l.href ? 'page' : undefined}>
                    {l.label}
                  </a>
                ))}
              </>
            ))}
          </nav>
          <main id="main">{props.children}</main>
        </div>
      ) : (
        <main id="main">{props.children}</main>
      )}
    </body>
  </html>
);
