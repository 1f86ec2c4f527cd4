import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../adapters/local/dynamodb-local';
import { IDP_CERT_FILE, IDP_KEY_FILE } from './test-idp';

const BIN = fileURLToPath(new URL('../../../node_modules/saml-idp/bin/run.js', import.meta.url));
// An absolute path: saml-idp resolves a relative --configFile against its own folder and the cwd.
const CONFIG = fileURLToPath(new URL('../../../node_modules/saml-idp/config.js', import.meta.url));

export type SamlIdpProcess = { readonly base: string; readonly issuer: string; stop(): Promise<void> };

/** The `saml-idp` package as a real IdP on a loopback port, for one SP (ACS and audience). */
export const startSamlIdp = async (sp: { acsUrl: string; entityId: string }, issuer = 'urn:atrium:test:saml-idp'): Promise<SamlIdpProcess> => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, '--host', '127.0.0.1', '--port', String(port), '--acs', sp.acsUrl, '--aud', sp.entityId, '--issuer', issuer, '--cert', IDP_CERT_FILE, '--key', IDP_KEY_FILE, '--configFile', CONFIG],
    { stdio: ['ignore', 'pipe', 'pipe'] },
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
