// `npm run bench [-- bundles|stack|store|scim|logon|saml|access|ciam-token|ciam-pages|metering|rpc]`: prints figures and ratios. Targets are reported,
// never asserted: benchmarks inform, tests decide.
import { mkdir, writeFile } from 'node:fs/promises';

// Set before the suites load: the logger reads its level once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'error';
// The suites drive one stack from one address far past the request limits (docs: RATE_LIMITS).
process.env.RATE_LIMITS ??= 'off';

const suites = {
  bundles: async () => (await import('./bundles')).benchBundles(),
  stack: async () => (await import('./local-stack')).benchLocalStack(),
  store: async () => (await import('./store')).benchStore(),
  scim: async () => (await import('./scim')).benchScim(),
  logon: async () => (await import('./logon')).benchLogon(),
  saml: async () => (await import('./saml')).benchSaml(),
  access: async () => (await import('./access')).benchAccess(),
  'ciam-token': async () => (await import('./ciam-token')).benchCiamToken(),
  'ciam-pages': async () => (await import('./ciam-pages')).benchCiamPages(),
  metering: async () => (await import('./metering')).benchMetering(),
  rpc: async () => (await import('./rpc')).benchRpc(),
} as const;
const chosen = process.argv.slice(2).filter((a) => a in suites) as (keyof typeof suites)[];
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
for (const name of chosen.length ? chosen : (Object.keys(suites) as (keyof typeof suites)[])) {
  results[name] = await suites[name]();
}
await mkdir('dist', { recursive: true });
await writeFile('dist/bench.json', JSON.stringify(results, null, 2));
console.log('\n(figures also in dist/bench.json)');
