import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';

/**
 * Stops a peer started in its own process group (`detached: true`): SIGTERM to the group, SIGKILL after
 * five seconds if it lingers, then its temporary directory goes. Idempotent, so a failed start and the
 * test's afterAll may both call it. Shared by every external peer a test starts (Apache, SimpleSAMLphp).
 */
export const groupStopper = (child: ChildProcess, tempDir: string) => {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    signalGroup('SIGKILL');
    await rm(tempDir, { recursive: true, force: true });
  };
};
