import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Hono } from 'hono';

type Cookie = { readonly name: string; readonly value: string; readonly path: string };

/**
 * A browser as far as the hosted pages care, over the in-process gateway: cookies by name and path
 * (Set-Cookie honoured, Max-Age=0 deletes), redirects followed by hand, one client IP.
 */
export class TestBrowser {
  private cookies: Cookie[] = [];

  constructor(
    private readonly gateway: Hono,
    readonly ip: string,
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  dropCookie(name: string): void {
    this.cookies = this.cookies.filter((c) => c.name !== name);
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const url = new URL(path, 'http://localhost');
    const headers: Record<string, string> = {};
    const sent = this.cookies.filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`));
    if (sent.length > 0) headers.cookie = sent.map((c) => `${c.name}=${c.value}`).join('; ');
    let body: string | undefined;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await this.gateway.request(`${url.pathname}${url.search}`, { method, headers, ...(body !== undefined ? { body } : {}) }, { testClientIp: this.ip });
    for (const line of res.headers.getSetCookie()) this.store(line);
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location') ?? undefined, html: text, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, form: Record<string, string>) {
    return this.request('POST', path, form);
  }

  private store(line: string) {
    const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
    const path = attr('path') ?? '/';
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
    const expired = attr('max-age') === '0' || (attr('expires') !== undefined && Date.parse(attr('expires')!) < Date.now());
    if (!expired) this.cookies.push({ name, value, path });
  }
}

/** PKCE S256 (RFC 7636 §4.2), computed here independently of the server's code. */
export const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** The form's CSRF token as the page rendered it. */
export const csrfOf = (html: string): string => {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  expect(m, 'the page has a form with a CSRF token').not.toBeNull();
  return m![1]!;
};

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

/** The text of the page's error box, or undefined. */
export const alertOf = (html: string): string | undefined => {
  const m = /<div class="error" role="alert">([\s\S]*?)<\/div>/.exec(html);
  return m ? decode(m[1]!) : undefined;
};

export const noticeOf = (html: string): string | undefined => {
  const m = /<div class="notice" role="status">([\s\S]*?)<\/div>/.exec(html);
  return m ? decode(m[1]!) : undefined;
};

export const titleOf = (html: string): string | undefined => {
  const m = /<h1>([\s\S]*?)<\/h1>/.exec(html);
  return m ? decode(m[1]!) : undefined;
};

/** The value of a hidden field the page carries. */
export const hiddenOf = (html: string, name: string): string | undefined => new RegExp(`type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1];
