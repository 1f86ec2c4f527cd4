import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../adapters/local/dynamodb-local';
import { groupStopper } from './process-group';

/** Debian's Apache and its mod_auth_openidc (`apt-get install -y apache2 libapache2-mod-auth-openidc`); CI installs them. */
export const APACHE = process.env.APACHE_PATH ?? '/usr/sbin/apache2';
export const APACHE_MODULES = process.env.APACHE_MODULES_DIR ?? '/usr/lib/apache2/modules';

export type ApacheOpenIdc = {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The protected location; signing in starts here. */
  readonly protectedUrl: string;
  /** mod_auth_openidc's OIDCRedirectURI (register it with the OP). */
  readonly redirectUri: string;
  /** The session's claims as mod_auth_openidc holds them (its OIDCInfoHook). */
  readonly infoUrl: string;
  /** Apache's whole error log so far, at debug level for mod_auth_openidc (it logs what it refuses there). */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
};

export type ApacheOpenIdcOptions = {
  /** `<issuer>/.well-known/openid-configuration` */
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** A port chosen beforehand (the redirect URI depends on it); a free one when not given. */
  port?: number;
  scope?: string;
};

/**
 * GET as a browser navigates (no redirect followed): Node's fetch sends `Sec-Fetch-Mode: cors`, which
 * mod_auth_openidc takes for an XHR and answers 401 instead of redirecting to the OP.
 */
export const navigate = (url: string): Promise<{ status: number; location: string | undefined }> =>
  new Promise((resolve, reject) => {
    get(url, { headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    }).on('error', reject);
  });

/** A quoted Apache directive argument. */
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The redirect URI a mod_auth_openidc started on `port` uses, to register before starting it. */
export const apacheRedirectUri = (port: number) => `http://127.0.0.1:${port}/protected/redirect_uri`;

/**
 * A private Apache (not the system service) in the foreground, on a loopback port, with
 * mod_auth_openidc as an OpenID Connect relying party protecting `/protected`. Its configuration,
 * pid file, logs and pages live in a temporary directory; nothing under /etc/apache2 is read.
 *
 * `/protected/` is a server-side include that shows REMOTE_USER and a few claims from the environment
 * mod_auth_openidc sets; `/protected/redirect_uri?info=json` is its OIDCInfoHook (the ID token's claims
 * and UserInfo of the session, as JSON).
 */
export const startApacheOpenIdc = async (options: ApacheOpenIdcOptions): Promise<ApacheOpenIdc> => {
  const module = join(APACHE_MODULES, 'mod_auth_openidc.so');
  if (!existsSync(APACHE) || !existsSync(module)) {
    throw new Error(`Apache with mod_auth_openidc not found (${APACHE}, ${module}): apt-get install -y apache2 libapache2-mod-auth-openidc`);
  }
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const redirectUri = apacheRedirectUri(port);
  const root = await mkdtemp(join(tmpdir(), 'atrium-apache-openidc-'));
  const docs = join(root, 'htdocs');
  const logs = join(root, 'logs');
  await mkdir(join(docs, 'protected'), { recursive: true });
  await mkdir(logs, { recursive: true });
  // Run as root, Apache serves as an unprivileged user (it refuses to serve as root): that user must
  // read the pages. The configuration and logs are opened before it drops privileges.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    await chmod(root, 0o755);
    await chmod(docs, 0o755);
    await chmod(join(docs, 'protected'), 0o755);
  }
  await writeFile(
    join(docs, 'protected', 'index.shtml'),
    `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Protected by mod_auth_openidc</title></head>
<body>
<h1>Protected by mod_auth_openidc</h1>
<p>REMOTE_USER: <span id="remote-user"><!--#echo var="REMOTE_USER" --></span></p>
<p>preferred_username: <span id="preferred-username"><!--#echo var="OIDC_CLAIM_preferred_username" --></span></p>
<p>iss: <span id="iss"><!--#echo var="OIDC_CLAIM_iss" --></span></p>
</body></html>
`,
    { mode: 0o644 },
  );

  const load = (name: string, file: string) => `LoadModule ${name} ${quote(join(APACHE_MODULES, file))}`;
  const config = join(root, 'httpd.conf');
  await writeFile(
    config,
    `# Atrium test: a private Apache with mod_auth_openidc as a relying party.
ServerRoot ${quote(root)}
ServerName 127.0.0.1:${port}
Listen 127.0.0.1:${port}
PidFile ${quote(join(root, 'httpd.pid'))}
DefaultRuntimeDir ${quote(root)}
Mutex file:${root} default
ErrorLog ${quote(join(logs, 'error.log'))}
LogLevel warn auth_openidc:debug
${asRoot ? 'User www-data\nGroup www-data' : ''}
${load('mpm_event_module', 'mod_mpm_event.so')}
${load('authz_core_module', 'mod_authz_core.so')}
${load('authn_core_module', 'mod_authn_core.so')}
${load('authz_user_module', 'mod_authz_user.so')}
${load('mime_module', 'mod_mime.so')}
${load('dir_module', 'mod_dir.so')}
${load('include_module', 'mod_include.so')}
${load('headers_module', 'mod_headers.so')}
${load('auth_openidc_module', 'mod_auth_openidc.so')}
StartServers 1
ThreadsPerChild 16
MaxRequestWorkers 16
KeepAlive On
KeepAliveTimeout 2
TypesConfig /dev/null
AddType text/html .shtml
DocumentRoot ${quote(docs)}
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory ${quote(docs)}>
  Options +IncludesNoExec
  AddOutputFilter INCLUDES .shtml
  DirectoryIndex index.shtml
  Require all granted
</Directory>

OIDCProviderMetadataURL ${quote(options.discoveryUrl)}
OIDCClientID ${quote(options.clientId)}
OIDCClientSecret ${quote(options.clientSecret)}
OIDCRedirectURI ${quote(redirectUri)}
OIDCCryptoPassphrase ${quote(`atrium-test-${Math.random().toString(36).slice(2)}`)}
OIDCScope ${quote(options.scope ?? 'openid profile email phone')}
OIDCPKCEMethod S256
OIDCSessionType server-cache
OIDCCacheType shm
OIDCRemoteUserClaim sub
OIDCPassClaimsAs environment
OIDCInfoHook iat access_token_expires id_token userinfo remote_user exp timeout
OIDCHTTPTimeoutLong 20
OIDCHTTPTimeoutShort 10

<Location /protected>
  AuthType openid-connect
  Require valid-user
</Location>
`,
  );

  const child: ChildProcess = spawn(APACHE, ['-X', '-f', config], {
    cwd: root,
    // Debian's apache2 reads APACHE_* variables only through its own apache2.conf, which is not used.
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const errorLog = async () => {
    const log = await readFile(join(logs, 'error.log'), 'utf8').catch(() => '');
    return `${output}${log}`;
  };
  const stop = groupStopper(child, root);
  const started: ApacheOpenIdc = {
    baseUrl,
    protectedUrl: `${baseUrl}/protected/`,
    redirectUri,
    infoUrl: `${redirectUri}?info=json`,
    errorLog,
    stop,
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await errorLog();
      await stop();
      throw new Error(`Apache exited early (${child.exitCode ?? child.signalCode}):\n${log.slice(-20_000)}`);
    }
    // Unauthenticated, the protected location answers with a redirect to the OP: that proves
    // mod_auth_openidc read the discovery document too.
    const status = await navigate(started.protectedUrl).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 302) return started;
    if (status !== 0 || Date.now() > deadline) {
      const log = await errorLog();
      await stop();
      throw new Error(`Apache with mod_auth_openidc did not start (GET /protected/ answered ${status || 'nothing'}):\n${log.slice(-20_000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};
