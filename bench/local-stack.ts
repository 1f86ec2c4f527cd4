import { spawn } from 'node:child_process';
import { freePort } from '../adapters/local/dynamodb-local';
import { fmt, median } from './measure';

const RUNS = 3;
const TARGET_S = 10;

/** From spawning `npm start`'s script to the first 200 from /healthz, as a user would see it. */
const startToHealthy = async (seed: boolean): Promise<number> => {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    env: {
      ...process.env,
      DATA_DIR: 'memory',
      PORT: String(port),
      ATRIUM_SEED: seed ? '' : 'none',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return (performance.now() - started) / 1000;
      if (performance.now() - started > 60_000) throw new Error('local stack did not become healthy in 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
};

export const benchLocalStack = async () => {
  const seeded: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    seeded.push(await startToHealthy(true));
    bare.push(await startToHealthy(false));
  }
  const result = { seededS: median(seeded), unseededS: median(bare) };
  console.log(`\n## Local stack: start to healthy (median of ${RUNS}; target ≤ ${TARGET_S} s)`);
  console.log(`with demo seed:    ${fmt(result.seededS, 2)} s  (${fmt(result.seededS / TARGET_S, 2)}x of target)`);
  console.log(`ATRIUM_SEED=none:  ${fmt(result.unseededS, 2)} s  (${fmt(result.unseededS / TARGET_S, 2)}x of target)`);
  return result;
};
