// `npm start`: the whole of Atrium on one port, with DynamoDB Local and in-process queues.
import { startLocalStack } from './local/stack';

// Lambda runs Node 22; the SDK's warning about Node 20 is noise on a developer's machine.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const started = performance.now();
const dataDir = process.env.DATA_DIR ?? '.data';
const port = Number(process.env.PORT ?? 3000);

// Signals are handled from the first moment: one arriving during start-up waits for the start to
// finish, then stops everything, so no engine is ever left running.
// The demo's local SAML IdP listens next door (DEMO_IDP_PORT to move it; 0 turns it off).
const idpPort = Number(process.env.DEMO_IDP_PORT ?? port + 1);
const starting = startLocalStack({ dataDir, port, seed: process.env.ATRIUM_SEED !== 'none', demoIdpPort: idpPort === 0 ? false : idpPort });
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping (finishing in-flight work)…`);
  const stack = await starting.catch(() => undefined);
  await stack?.stop();
  console.log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const stack = await starting.catch((error: Error) => {
  console.error(`Atrium could not start: ${error.message}`);
  process.exit(1);
});
const health = await fetch(`${stack.url}/healthz`);
if (!health.ok) throw new Error(`health check failed: ${health.status}`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const lines = [
  `Atrium is up at ${stack.url} (healthy in ${seconds} s; data: ${dataDir === 'memory' ? 'in memory' : dataDir})`,
  `  API reference   ${stack.url}/api/v1/docs`,
  `  queues          ${stack.url}/_local/queues`,
];
if (stack.demo) {
  lines.push(
    `  demo.json       ${stack.demoPath}`,
    `  management key  ${stack.demo.adminKey.slice(0, 16)}… (KEY=$(node -p "require('${stack.demoPath}').adminKey"))`,
    `  console         ${stack.demo.consoleUrl}  (sign in with the management key: node -p "require('${stack.demoPath}').adminKey")`,
    `  try             curl -H "Authorization: Bearer $KEY" ${stack.url}/api/v1/me`,
    `  Alibaba API     ${stack.demo.alibabaApi.endpoint}/ (CloudSSO 2021-05-15; AccessKey ${stack.demo.alibabaApi.accessKeyId}, secret: the management key)`,
    `  directory       ${stack.demo.resourceDirectory.id} with ${stack.demo.resourceDirectory.memberAccountIds.length} member accounts`,
    `  user portal     ${stack.demo.cloudsso.portalUrl}  (${stack.demo.cloudsso.user.userName} / ${stack.demo.cloudsso.user.password})`,
  );
  const sso = stack.demo.cloudsso.sso;
  if (sso) lines.push(`  SSO portal      ${sso.portalUrl}  (through the local IdP at ${sso.idpUrl}: "Sign In" as ${sso.user.userName})`);
}
lines.push('Ctrl-C stops it; data in the data dir is kept.');
console.log(lines.join('\n'));
