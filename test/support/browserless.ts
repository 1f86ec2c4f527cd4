/**
 * A cookie jar and form helper for driving the portal over HTTP without a browser: what a browser
 * would send, nothing more (cookies by path, redirects followed, hidden fields read from the page).
 */
export type Fetcher = (request: Request, env?: Record<string, unknown>) => Response | Promise<Response>;

export class PortalClient {
  private readonly cookies = new Map<string, { value: string; path: string }>();
  html = '';
  status = 0;
  url = '';

  constructor(
    private readonly fetcher: Fetcher,
    private readonly origin = 'http://127.0.0.1:3000',
    private readonly env?: Record<string, unknown>,
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  /** Every Set-Cookie line received, in order. */
  readonly setCookies: string[] = [];

  async go(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<this> {
    let url = new URL(path, this.origin);
    let body: string | undefined = form ? new URLSearchParams(form).toString() : undefined;
    for (let hops = 0; hops < 10; hops++) {
      const cookie = [...this.cookies.entries()]
        .filter(([, c]) => url.pathname.startsWith(c.path))
        .map(([k, c]) => `${k}=${c.value}`)
        .join('; ');
      const headers: Record<string, string> = { host: url.host };
      if (cookie) headers.cookie = cookie;
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await this.fetcher(new Request(url, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' }), this.env);
      const lines = res.headers.getSetCookie();
      this.setCookies.push(...lines);
      for (const line of lines) {
        const [pair, ...attrs] = line.split(';').map((s) => s.trim());
        const [name, ...rest] = pair!.split('=');
        const value = rest.join('=');
        const path = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
        const expired = attrs.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
        if (expired || value === '') this.cookies.delete(name!);
        else this.cookies.set(name!, { value, path });
      }
      this.status = res.status;
      this.url = url.pathname + url.search;
      this.html = await res.text();
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        method = 'GET';
        body = undefined;
        continue;
      }
      return this;
    }
    throw new Error('too many redirects');
  }

  /** Submits the page's form whose action ends with `action`, with its hidden fields plus `fields`. */
  async submit(action: string, fields: Record<string, string>): Promise<this> {
    const hidden: Record<string, string> = {};
    for (const m of this.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) hidden[m[1]!] = m[2]!;
    return this.go('POST', action, { ...hidden, ...fields });
  }

  text(): string {
    return this.html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  }
}
