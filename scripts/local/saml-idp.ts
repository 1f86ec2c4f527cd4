import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../adapters/local/dynamodb-local';

const PACKAGE = fileURLToPath(new URL('../../node_modules/saml-idp/', import.meta.url));
const BIN = `${PACKAGE}bin/run.js`;
// An absolute path: saml-idp resolves a relative --configFile against its own folder and the cwd.
const CONFIG = `${PACKAGE}config.js`;
/** saml-idp's own test key pair: fine for a loopback demo and tests, never for anything else. */
export const SAML_IDP_CERT_FILE = `${PACKAGE}test/test-public-cert.pem`;
export const SAML_IDP_KEY_FILE = `${PACKAGE}test/test-private-key.pem`;

export type SamlIdpProcess = { readonly base: string; readonly issuer: string; stop(): Promise<void> };

/**
 * The `saml-idp` npm package (a real SAML IdP) on a loopback port, for one SP (ACS and audience):
 * the local stack's demo IdP and the tests' peer.
 */
export const startSamlIdp = async (
  sp: { acsUrl: string; entityId: string },
  options: { issuer?: string; port?: number } = {},
): Promise<SamlIdpProcess> => {
  const issuer = options.issuer ?? 'urn:atrium:test:saml-idp';
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, '--host', '127.0.0.1', '--port', String(port), '--acs', sp.acsUrl, '--aud', sp.entityId, '--issuer', issuer, '--cert', SAML_IDP_CERT_FILE, '--key', SAML_IDP_KEY_FILE, '--configFile', CONFIG],
    // saml-idp listens on $PORT when set, whatever --port says: npm start's own PORT must not leak in.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(port) } },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`saml-idp exited early:\n${output}`);
    if (await fetch(`${base}/metadata`).then((r) => r.ok, () => false)) return { base, issuer, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`saml-idp did not start within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};
