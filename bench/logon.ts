import { Argon2idHasher } from '../adapters/crypto/argon2-hasher';
import { freePort } from '../adapters/local/dynamodb-local';
import { createPortalApp } from '../functions/http/portal/app';
import { startLocalStack } from '../scripts/local/stack';
import { fmt, median, throughput } from './measure';

const SECONDS = 6;
const ROUNDS = 5;
// Enough requests in flight that store round trips overlap with hashing on the one Node thread.
const CONCURRENCY = 4;

/**
 * Password logons per second through the portal (store reads, lockout bookkeeping, session write,
 * the page) against bare argon2id verifications per second, both on the one Node thread, in one run.
 * The anchor: Keycloak sizes 15 password logons per second per vCPU.
 */
export const benchLogon = async () => {
  const stack = await startLocalStack({ dataDir: 'memory', port: await freePort(), serve: false });
  try {
    // The seed's provisioning tasks run in the background: let them finish before measuring.
    await stack.queues.tasks.idle();
    const { user } = stack.demo!.cloudsso;
    const portal = createPortalApp(() => stack.container);
    const dirName = new URL(stack.demo!.cloudsso.portalUrl).pathname.split('/')[2]!;
    const loginPage = await portal.request(`/portal/${dirName}/login`);
    const cookie = loginPage.headers.getSetCookie()[0]!.split(';')[0]!;
    const csrf = cookie.split('=')[1]!;
    const logon = async () => {
      const res = await portal.request(`/portal/${dirName}/login`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, userName: user.userName, password: user.password }).toString(),
      });
      if (res.status !== 303) throw new Error(`logon answered ${res.status}`);
    };
    const hasher = new Argon2idHasher();
    const hash = await hasher.hash(user.password);
    const verify = async () => {
      if (!(await hasher.verify(hash, user.password))) throw new Error('verify failed');
    };
    await throughput(2000, CONCURRENCY, verify);
    await throughput(2000, CONCURRENCY, logon);
    // Alternating rounds, medians: the engine's JVM (garbage collection, JIT) and the other CPU's load
    // drift over a run, and one long measurement of each would put the drift into the ratio.
    const bares: number[] = [];
    const logonRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bares.push(await throughput((SECONDS * 1000) / 2, CONCURRENCY, verify));
      logonRates.push(await throughput((SECONDS * 1000) / 2, CONCURRENCY, logon));
    }
    const bare = median(bares);
    const logons = median(logonRates);
    const overhead = bare / logons - 1;
    console.log(`\n## Password logon (one Node thread, ${CONCURRENCY} in flight, medians of ${ROUNDS} alternating rounds of ${SECONDS / 2} s)`);
    console.log(`bare argon2id verifications: ${fmt(bare, 1).padStart(6)} /s  (${fmt(1000 / bare, 1)} ms each)`);
    console.log(`portal password logons:      ${fmt(logons, 1).padStart(6)} /s  overhead ${fmt(overhead * 100, 0)}% (goal ≤ 15%; Keycloak sizes 15/s per vCPU)`);
    return { verifiesPerS: bare, logonsPerS: logons, overhead };
  } finally {
    await stack.stop();
  }
};
