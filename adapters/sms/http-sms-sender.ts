import type { SmsSender } from '../../domain/ciam/one-time-code-ports';

export type HttpSmsSenderOptions = {
  /** The gateway's endpoint, https in production. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Whole request, connection to last byte; a logon waits on it, so keep it short. */
  readonly timeoutMs?: number;
};

/**
 * Hands messages to an SMS gateway: `POST <url>` with JSON `{to, text}` and a bearer token. Anything
 * but a 2xx is a transport failure and is thrown. Error messages name the gateway's status and at most
 * the start of its answer, never the message text (it holds the code) nor the token.
 */
export class HttpSmsSender implements SmsSender {
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpSmsSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    const url = new URL(options.url); // throws on a malformed URL: a configuration bug, found at start
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`SMS gateway URL must be http(s): ${url.protocol}`);
  }

  async send(message: { readonly to: string; readonly text: string }): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify({ to: message.to, text: message.text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') throw new Error(`SMS gateway did not answer within ${this.timeoutMs} ms`, { cause: error });
      throw new Error(`SMS gateway could not be reached: ${(error as Error).message}`, { cause: error });
    }
    if (response.ok) {
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      return;
    }
    const body = await response.text().catch(() => '');
    throw new Error(`SMS gateway refused the message: HTTP ${response.status}${body ? ` ${body.slice(0, 200)}` : ''}`);
  }
}
