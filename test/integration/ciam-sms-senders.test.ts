import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSmsSender } from '../../adapters/sms/http-sms-sender';
import { OutboxSmsSender } from '../../adapters/sms/outbox-sms-sender';
import { manualClock, TEST_NOW } from '../support/clock';

type Received = { method: string | undefined; url: string | undefined; headers: IncomingMessage['headers']; body: string };

// A real HTTP gateway on loopback: what it answers depends on the path, so each test picks a behaviour.
let server: Server;
let base: string;
const received: Received[] = [];
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/ok') return void res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"m-1"}');
      if (req.url === '/refuse') return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid number","detail":"' + 'x'.repeat(500) + '"}');
      if (req.url === '/down') return void res.writeHead(503).end();
      if (req.url === '/hang') return; // never answers
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const message = { to: '+8613800138000', text: 'Your verification code is 123456. It expires in 5 minutes.' };

describe('HttpSmsSender', () => {
  it('POSTs JSON {to, text} with the bearer token', async () => {
    const sender = new HttpSmsSender({ url: `${base}/ok`, token: 'gateway-token-1' });
    await sender.send(message);
    const last = received.at(-1);
    expect(last?.method).toBe('POST');
    expect(last?.url).toBe('/ok');
    expect(last?.headers.authorization).toBe('Bearer gateway-token-1');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(last?.body ?? '')).toEqual(message);
  });

  it('throws on a non-2xx answer with the status and the start of the body, never the text or token', async () => {
    const sender = new HttpSmsSender({ url: `${base}/refuse`, token: 'gateway-token-2' });
    const error = await sender.send(message).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^SMS gateway refused the message: HTTP 400 \{"error":"invalid number"/);
    expect(error?.message.length).toBeLessThan(300);
    expect(error?.message).not.toContain('123456');
    expect(error?.message).not.toContain('gateway-token-2');
    await expect(new HttpSmsSender({ url: `${base}/down`, token: 't' }).send(message)).rejects.toThrow(/^SMS gateway refused the message: HTTP 503$/);
  });

  it('gives up after the timeout when the gateway does not answer', async () => {
    const sender = new HttpSmsSender({ url: `${base}/hang`, token: 't', timeoutMs: 300 });
    const started = performance.now();
    await expect(sender.send(message)).rejects.toThrow(/did not answer within 300 ms/);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('throws a clear error when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(new HttpSmsSender({ url: `http://127.0.0.1:${port}/`, token: 't' }).send(message)).rejects.toThrow(/SMS gateway could not be reached/);
  });

  it('refuses a malformed or non-HTTP URL when constructed', () => {
    expect(() => new HttpSmsSender({ url: 'not a url', token: 't' })).toThrow();
    expect(() => new HttpSmsSender({ url: 'ftp://sms.example.com/', token: 't' })).toThrow(/http\(s\)/);
  });
});

describe('OutboxSmsSender', () => {
  it('keeps messages newest first with their time, filters by number, and hands out copies', async () => {
    const clock = manualClock();
    const outbox = new OutboxSmsSender(clock);
    await outbox.send({ to: '+8613800000001', text: 'one' });
    clock.advance(1000);
    await outbox.send({ to: '+8613800000002', text: 'two' });
    clock.advance(1000);
    await outbox.send({ to: '+8613800000001', text: 'three' });
    expect(outbox.list().map((m) => m.text)).toEqual(['three', 'two', 'one']);
    expect(outbox.list({ to: '+8613800000001' })).toEqual([
      { to: '+8613800000001', text: 'three', sentAt: new Date(Date.parse(TEST_NOW) + 2000).toISOString() },
      { to: '+8613800000001', text: 'one', sentAt: TEST_NOW },
    ]);
    expect(outbox.list({ to: '+8613800000009' })).toEqual([]);
    (outbox.list() as unknown[]).length = 0;
    expect(outbox.list()).toHaveLength(3);
  });

  it('keeps at most 200 messages, dropping the oldest', async () => {
    const outbox = new OutboxSmsSender(manualClock());
    for (let i = 1; i <= 205; i++) await outbox.send({ to: '+8613800000001', text: `m${i}` });
    const all = outbox.list();
    expect(all).toHaveLength(200);
    expect(all[0]?.text).toBe('m205');
    expect(all.at(-1)?.text).toBe('m6');
  });
});
