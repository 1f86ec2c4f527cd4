import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import RPCClient from '@alicloud/pop-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';

// These start whole stacks, browsers or IdPs; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Runs `npm start`'s script as a real process and waits for its banner. */
const start = async (dataDir: string, port: number) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 40_000;
  while (!output.includes('Ctrl-C stops it')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, exited, output: () => output };
};

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

const javaPorts = async (pid: number): Promise<number[]> => {
  // The engine is the dev process's child: find its -port argument in /proc.
  const { readdir } = await import('node:fs/promises');
  const ports: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.split(') ')[1]?.split(' ')[1]) !== pid) continue;
      const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      const i = args.indexOf('-port');
      if (i >= 0) ports.push(Number(args[i + 1]));
    } catch {
      // The process went away while we looked.
    }
  }
  return ports;
};

describe('npm start', () => {
  it('comes up healthy with the time printed, keeps data (and AccessKeys that sign) across a SIGTERM restart, and leaves no engine behind', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'atrium-start-'));
    dirs.push(dataDir);
    const port = await freePort();

    const first = await start(dataDir, port);
    expect(first.output()).toMatch(/healthy in \d+(\.\d+)? s/);
    const demo = JSON.parse(await readFile(join(dataDir, 'demo.json'), 'utf8'));
    const [enginePort] = await javaPorts(first.child.pid!);
    expect(enginePort).toBeGreaterThan(0);

    const folder = await fetch(`http://127.0.0.1:${port}/api/v1/resource-directory/folders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Survives' }),
    });
    expect(folder.status).toBe(201);
    // Alibaba Cloud's RPC API answers the demo's AccessKey pair (signature 1.0, pop-core).
    const directories = async () =>
      ((await new RPCClient({ ...demo.alibabaApi, apiVersion: '2021-05-15' }).request('ListDirectories', {}, { method: 'POST' })) as { Directories: { DirectoryId: string }[] }).Directories;
    expect(await directories()).toEqual([expect.objectContaining({ DirectoryId: demo.cloudsso.directoryId })]);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await portOpen(enginePort!)).toBe(false);
    expect(await portOpen(port)).toBe(false);

    const second = await start(dataDir, port);
    // Not a fresh data dir: no second seed, same demo key, and the folder is still there.
    expect(JSON.parse(await readFile(join(dataDir, 'demo.json'), 'utf8')).adminKey).toBe(demo.adminKey);
    const folders = await fetch(`http://127.0.0.1:${port}/api/v1/resource-directory/folders`, {
      headers: { authorization: `Bearer ${demo.adminKey}` },
    });
    expect(((await folders.json()) as { folders: { name: string }[] }).folders.map((f) => f.name)).toContain('Survives');
    // The AccessKey secret was sealed under the data dir's key, which the restart kept: it still signs.
    expect(await directories()).toEqual([expect.objectContaining({ DirectoryId: demo.cloudsso.directoryId })]);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
