// `npm run job -- <name> [--key value …]`: runs a scheduled job locally. When `npm start` is running
// it runs inside that stack (which owns the data dir); otherwise it starts the engine, runs the job,
// waits for the work it queued, and stops.
import { startLocalStack } from './local/stack';

// Lambda runs Node 22; the SDK's warning about Node 20 is noise on a developer's machine.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.error('usage: npm run job -- <name> [--key value ...]');
  process.exit(2);
}
const args: Record<string, string> = {};
for (let i = 0; i < rest.length; i += 2) args[rest[i]!.replace(/^--/, '')] = rest[i + 1] ?? 'true';

const port = Number(process.env.PORT ?? 3000);
const remote = await fetch(`http://127.0.0.1:${port}/_local/jobs/${encodeURIComponent(name)}`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(args),
}).catch(() => undefined);

if (remote) {
  const body = (await remote.json()) as unknown;
  console.log(JSON.stringify(body, null, 2));
  process.exit(remote.ok ? 0 : 1);
}

const stack = await startLocalStack({ dataDir: process.env.DATA_DIR ?? '.data', serve: false, seed: false });
try {
  console.log(JSON.stringify({ job: name, result: await stack.runJob(name, args) }, null, 2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await stack.stop();
}
