import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../adapters/local/dynamodb-local';
import { groupStopper } from '../process-group';

/** Debian's package (`apt-get install -y simplesamlphp php-cli php-xml php-mbstring`); CI installs it. */
export const SIMPLESAMLPHP_DIR = process.env.SIMPLESAMLPHP_DIR ?? '/usr/share/simplesamlphp';
export const PHP = process.env.PHP_PATH ?? '/usr/bin/php';

const KEY_FILE = fileURLToPath(new URL('./other-idp-key.pem', import.meta.url));
const CERT_FILE = fileURLToPath(new URL('./other-idp-cert.pem', import.meta.url));

/** Users of the `exampleauth:UserPass` source; the `email` attribute becomes the NameID. */
export const SIMPLESAMLPHP_USERS = {
  alice: { username: 'alice', password: 'alice-pass', email: 'alice@demo-corp.example' },
  intruder: { username: 'intruder', password: 'intruder-pass', email: 'intruder@elsewhere.example' },
} as const;

export type SimpleSamlPhpProcess = {
  readonly base: string;
  readonly entityId: string;
  readonly metadataUrl: string;
  /** IdP-initiated logon for the SP (SimpleSAMLphp 1.x endpoint). */
  idpInitiatedUrl(spEntityId: string): string;
  /** The last lines SimpleSAMLphp and php -S wrote, for failure messages. */
  readonly output: string;
  stop(): Promise<void>;
};

/** A PHP string literal (single-quoted). */
const php = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * SimpleSAMLphp (Debian's 1.19) as a real SAML IdP on a loopback port, served by `php -S`, for one SP.
 * Its whole configuration lives in a temporary directory named by SIMPLESAMLPHP_CONFIG_DIR, so nothing
 * under /etc is read or changed. The IdP signs the Assertion (and the Response) with the test key pair
 * `other-idp-*.pem`, and puts the user's `email` attribute in an emailAddress NameID.
 */
export const startSimpleSamlPhp = async (sp: { entityId: string; acsUrl: string }): Promise<SimpleSamlPhpProcess> => {
  const www = join(SIMPLESAMLPHP_DIR, 'www');
  if (!existsSync(PHP) || !existsSync(join(www, 'saml2/idp/SSOService.php'))) {
    throw new Error(`SimpleSAMLphp not found (${PHP}, ${SIMPLESAMLPHP_DIR}): apt-get install -y simplesamlphp php-cli php-xml php-mbstring`);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const entityId = `${base}/saml2/idp/metadata.php`;
  const root = await mkdtemp(join(tmpdir(), 'atrium-simplesamlphp-'));
  const dirs = Object.fromEntries(['config', 'metadata', 'cert', 'data', 'tmp', 'sessions', 'log'].map((d) => [d, join(root, d)])) as Record<string, string>;
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
  await Promise.all([copyFile(KEY_FILE, join(dirs.cert!, 'idp.key')), copyFile(CERT_FILE, join(dirs.cert!, 'idp.crt'))]);

  await writeFile(
    join(dirs.config!, 'config.php'),
    `<?php
$config = [
    'baseurlpath' => ${php(`${base}/`)},
    'certdir' => ${php(`${dirs.cert}/`)},
    'metadatadir' => ${php(`${dirs.metadata}/`)},
    'datadir' => ${php(`${dirs.data}/`)},
    'tempdir' => ${php(dirs.tmp!)},
    'cachedir' => ${php(dirs.tmp!)},
    'loggingdir' => ${php(`${dirs.log}/`)},
    'secretsalt' => 'atrium-test-salt-not-secret',
    'auth.adminpassword' => 'atrium-test-admin',
    'technicalcontact_email' => 'na@example.org',
    'timezone' => 'UTC',
    'logging.level' => SimpleSAML\\Logger::INFO,
    'logging.handler' => 'stderr',
    'showerrors' => true,
    'errorreporting' => false,
    'admin.checkforupdates' => false,
    'enable.saml20-idp' => true,
    'module.enable' => ['core' => true, 'saml' => true, 'exampleauth' => true],
    'store.type' => 'phpsession',
    'session.phpsession.savepath' => ${php(dirs.sessions!)},
    'session.cookie.secure' => false,
    'session.cookie.samesite' => null,
    'language.cookie.secure' => false,
    'trusted.url.domains' => ['127.0.0.1:${port}'],
    'production' => false,
];
`,
  );
  const users = Object.values(SIMPLESAMLPHP_USERS)
    .map((u) => `    ${php(`${u.username}:${u.password}`)} => ['uid' => [${php(u.username)}], 'email' => [${php(u.email)}]],`)
    .join('\n');
  await writeFile(join(dirs.config!, 'authsources.php'), `<?php
$config = [
    'admin' => ['core:AdminPassword'],
    'example-userpass' => [
        'exampleauth:UserPass',
${users}
    ],
];
`);
  await writeFile(
    join(dirs.metadata!, 'saml20-idp-hosted.php'),
    `<?php
$metadata[${php(entityId)}] = [
    'host' => '__DEFAULT__',
    'privatekey' => 'idp.key',
    'certificate' => 'idp.crt',
    'auth' => 'example-userpass',
    'saml20.sign.assertion' => true,
    'saml20.sign.response' => true,
    'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    'simplesaml.nameidattribute' => 'email',
];
`,
  );
  await writeFile(
    join(dirs.metadata!, 'saml20-sp-remote.php'),
    `<?php
$metadata[${php(sp.entityId)}] = [
    'AssertionConsumerService' => ${php(sp.acsUrl)},
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    'simplesaml.nameidattribute' => 'email',
    'simplesaml.attributes' => true,
];
`,
  );

  const child: ChildProcess = spawn(PHP, ['-S', `127.0.0.1:${port}`, '-t', www], {
    cwd: www,
    env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: dirs.config!, PHP_CLI_SERVER_WORKERS: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: with PHP_CLI_SERVER_WORKERS the workers are children of this process,
    // and stop() signals the whole group so none is left behind.
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = groupStopper(child, root);
  const metadataUrl = `${base}/saml2/idp/metadata.php`;
  const started: SimpleSamlPhpProcess = {
    base,
    entityId,
    metadataUrl,
    idpInitiatedUrl: (spEntityId: string) => `${base}/saml2/idp/SSOService.php?spentityid=${encodeURIComponent(spEntityId)}`,
    stop,
    get output() {
      return output;
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`SimpleSAMLphp (php -S) exited early:\n${output}`);
    }
    const ready = await fetch(metadataUrl).then(
      async (r) => r.ok && (await r.text()).includes('IDPSSODescriptor'),
      () => false,
    );
    if (ready) return started;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`SimpleSAMLphp did not start within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};
