import { createHash, randomBytes } from 'node:crypto';
import { freePort } from '../adapters/local/dynamodb-local';
import { createCiamHostedApp } from '../functions/http/ciam-hosted/app';
import { startLocalStack } from '../scripts/local/stack';
import { fmt, median, throughput } from './measure';

const SAMPLES = 200;

/**
 * The hosted logon page: its render time (the parked request and the application read from the store,
 * the page rendered by hono/jsx), one at a time and with 4 in flight, on the one Node thread.
 */
export const benchCiamPages = async () => {
  const stack = await startLocalStack({ dataDir: 'memory', port: await freePort(), serve: false, demoIdpPort: false });
  try {
    await stack.queues.tasks.idle();
    const { ciam } = stack.demo!;
    const app = createCiamHostedApp(() => stack.container);
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const query = new URLSearchParams({ response_type: 'code', client_id: ciam.application.clientId, redirect_uri: ciam.application.redirectUri, scope: 'openid', state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
    const parked = await app.request(`/ciam/${ciam.instanceId}/oidc/authorize?${query}`, { headers: { host: '127.0.0.1' } });
    const loginPath = parked.headers.get('location');
    if (parked.status !== 302 || !loginPath?.includes('/login?request=')) throw new Error(`authorize did not park the request: ${parked.status} ${loginPath}`);
    const render = async () => {
      const res = await app.request(loginPath, { headers: { host: '127.0.0.1' } });
      if (res.status !== 200) throw new Error(`the logon page answered ${res.status}`);
      return res.text();
    };
    for (let i = 0; i < 20; i++) await render();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      bytes = (await render()).length;
      times.push(performance.now() - started);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
    const perSecond = await throughput(3000, 4, render);
    console.log(`\n## CIAM hosted logon page (${SAMPLES} renders, one Node thread, DynamoDB Local)`);
    console.log(`render time: median ${fmt(median(times), 2)} ms, p95 ${fmt(p95, 2)} ms; ${fmt(bytes / 1024, 1)} KB of HTML`);
    console.log(`renders with 4 in flight: ${fmt(perSecond, 0)} /s`);
    return { medianMs: median(times), p95Ms: p95, perSecond, bytes };
  } finally {
    await stack.stop();
  }
};
