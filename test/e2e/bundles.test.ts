import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadServerlessConfig } from '../../scripts/serverless-config';

// These start whole stacks, browsers or IdPs; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const run = promisify(execFile);
const functions = Object.keys(loadServerlessConfig().functions);

beforeAll(async () => {
  await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { timeout: 120_000 });
}, 150_000);

describe('Lambda bundles', () => {
  it.each(functions)('%s imports as ESM in a fresh node and exports a handler', async (name) => {
    // `--input-type=module` gives no global require: a CommonJS dependency without the banner fails here.
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import('./dist/${name}/index.mjs'); console.log(typeof m.handler);`,
    ]);
    expect(stdout.trim()).toBe('function');
  });

  it('every lazily loaded chunk (the SAML validator, argon2id) imports as ESM too', async () => {
    const { readdir } = await import('node:fs/promises');
    const chunks = (await readdir('dist/portal/chunks')).filter((f) => f.endsWith('.mjs'));
    expect(chunks.length).toBeGreaterThan(0);
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `for (const c of ${JSON.stringify(chunks)}) await import('./dist/portal/chunks/' + c); console.log('ok');`,
    ]);
    expect(stdout.trim()).toBe('ok');
  });

  it('records every bundle size', async () => {
    const sizes = JSON.parse(await readFile('dist/sizes.json', 'utf8')) as Record<string, number>;
    expect(Object.keys(sizes).sort()).toEqual([...functions].sort());
  });

  it('the HTTP bundle answers an API Gateway v2 event end to end', async () => {
    const event = {
      version: '2.0',
      routeKey: 'GET /healthz',
      rawPath: '/healthz',
      rawQueryString: '',
      headers: { host: 'example.com' },
      requestContext: { http: { method: 'GET', path: '/healthz', sourceIp: '127.0.0.1' }, requestId: 'r-1', stage: '$default' },
      isBase64Encoded: false,
    };
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import('./dist/meta/index.mjs'); const r = await m.handler(${JSON.stringify(event)}, {}); console.log(JSON.stringify(r));`,
    ]);
    const response = JSON.parse(stdout.trim()) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});
