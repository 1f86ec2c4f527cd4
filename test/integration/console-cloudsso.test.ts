import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessQueue } from '../../adapters/local/in-process-queue';
import { apiWithWorkers, type Api } from '../support/access-world';
import { PortalClient } from '../support/browserless';
import { freshTable } from '../support/db';

/**
 * The CloudSSO procedure, end to end, by the console's forms only (the API is used to set up the
 * resource directory and to check what the forms did).
 */

const ORIGIN = 'http://127.0.0.1:3000';
const C = '/console/cloudsso';

let api: Api;
let queue: InProcessQueue;
let root: { key: string; accountId: string };
let accounts: { dev: string; prod: string };
let admin: PortalClient;
/** What the walk creates, for the steps after. */
const made: { dir: string; alice: string; bob: string; group: string; ac: string; password: string; scimSecret: string } = {
  dir: '', alice: '', bob: '', group: '', ac: '', password: '', scimSecret: '',
};

const browser = () => new PortalClient((req, env) => api.gateway.fetch(req, env), ORIGIN, { testClientIp: '198.51.100.23' });
const signIn = async (key: string) => {
  const b = browser();
  await b.go('GET', '/console/sign-in');
  await b.submit('/console/sign-in', { apiKey: key });
  expect(b.url).toBe('/console');
  return b;
};
const mgmt = (method: string, path: string, body?: unknown) =>
  api.call(method, `/api/v1/cloudsso/directories/${made.dir}${path}`, { key: root.key, ...(body !== undefined ? { body } : {}) });
const idFrom = (url: string, kind: string) => new RegExp(`${kind}/([a-z0-9-]+)`).exec(url)?.[1] ?? '';

/** The error shown under a field: the paragraph the field's aria-describedby names. */
const fieldError = (html: string, name: string) => {
  expect(html).toMatch(new RegExp(`id="f-${name}"[^>]*aria-invalid="true"[^>]*aria-describedby="f-${name}-error"`));
  return /<p class="field-error" id="f-[^"]+-error">([^<]*)</.exec(html.slice(html.indexOf(`id="f-${name}-error"`) - 40))?.[1] ?? '';
};

/** Every POST form carries the session's CSRF token, and every field with an id has its label. */
const wellFormed = (b: PortalClient) => {
  const forms = [...b.html.matchAll(/<form method="post"[\s\S]*?<\/form>/g)].map((m) => m[0]);
  for (const form of forms) expect(form, form.slice(0, 120)).toMatch(/<input type="hidden" name="csrf" value="[^"]+"/);
  for (const [, id] of b.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(b.html, `label for ${id}`).toContain(`for="${id}"`);
  expect(b.html).toContain('<main id="main">');
  return forms.length;
};

beforeAll(async () => {
  const t = await freshTable();
  ({ api, queue } = apiWithWorkers(t.table));
  root = await api.openAccount('Console SSO Corp');
  expect((await api.call('POST', '/api/v1/resource-directory', { key: root.key })).status).toBe(201);
  const account = async (displayName: string) => (await api.call('POST', '/api/v1/resource-directory/accounts', { key: root.key, body: { displayName } })).json.id as string;
  accounts = { dev: await account('Dev Sandbox'), prod: await account('Prod Web') };
  admin = await signIn(root.key);
});

describe('the CloudSSO console, walked by its forms', () => {
  it('enables CloudSSO from the overview and hands out the user portal sign-in URL', async () => {
    await admin.go('GET', C);
    expect(admin.text()).toContain('Enable CloudSSO');
    expect(admin.html).toMatch(/<nav class="side" aria-label="Console">[\s\S]*CloudSSO[\s\S]*href="\/console\/cloudsso\/users"/);
    wellFormed(admin);

    await admin.submit(`${C}/enable`, { region: 'cn-shanghai', name: 'x' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'name')).not.toBe('');

    await admin.submit(`${C}/enable`, { region: 'cn-shanghai', name: 'console-sso' });
    expect(admin.url).toBe(`${C}?done=enabled`);
    expect(admin.text()).toContain('CloudSSO is enabled');
    const service = await api.call('GET', '/api/v1/cloudsso/service', { key: root.key });
    expect(service.json.status).toBe('Enabled');
    made.dir = service.json.directoryId;
    expect(admin.text()).toContain(made.dir);
    // The URL a user opens, on the origin the browser used (not the console's internal one).
    expect(admin.html).toContain(`href="${ORIGIN}/portal/console-sso/login"`);
  });

  it('creates users, refusing an invalid user name next to its field with what was typed kept', async () => {
    await admin.go('GET', `${C}/users`);
    expect(wellFormed(admin)).toBeGreaterThan(0);
    await admin.submit(`${C}/users`, { userName: 'not a valid name!', displayName: 'Kept Value' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'userName')).toMatch(/userName|pattern|match/i);
    expect(admin.html).toContain('value="Kept Value"');
    expect(admin.html).not.toMatch(/id="f-displayName"[^>]*aria-invalid/);

    await admin.submit(`${C}/users`, { userName: 'alice@console.example', displayName: 'Alice Console', email: 'alice@console.example' });
    expect(admin.url).toMatch(new RegExp(`^${C}/users/u-[a-z0-9]+\\?done=user-created$`));
    expect(admin.text()).toContain('The user is created.');
    made.alice = idFrom(admin.url, 'users');
    await admin.go('GET', `${C}/users`);
    await admin.submit(`${C}/users`, { userName: 'bob@console.example' });
    made.bob = idFrom(admin.url, 'users');
    expect(made.bob).toMatch(/^u-/);

    const taken = await admin.go('GET', `${C}/users`).then((b) => b.submit(`${C}/users`, { userName: 'ALICE@console.example' }));
    expect(taken.status).toBe(409);
    expect(fieldError(taken.html, 'userName')).not.toBe('');

    await admin.go('GET', `${C}/users?prefix=ali`);
    expect(admin.text()).toContain('alice@console.example');
    expect(admin.text()).not.toContain('bob@console.example');
  });

  it('edits a user and disables and enables them', async () => {
    await admin.go('GET', `${C}/users/${made.alice}`);
    wellFormed(admin);
    await admin.submit(`${C}/users/${made.alice}`, { userName: 'alice@console.example', displayName: 'Alice Liddell', email: 'not-an-email' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'email')).not.toBe('');
    await admin.submit(`${C}/users/${made.alice}`, { userName: 'alice@console.example', displayName: 'Alice Liddell', email: 'alice@console.example' });
    expect(admin.url).toContain('done=user-updated');
    expect((await mgmt('GET', `/users/${made.alice}`)).json.displayName).toBe('Alice Liddell');

    await admin.submit(`${C}/users/${made.alice}/status`, { status: 'Disabled' });
    expect(admin.url).toContain('done=user-disabled');
    expect((await mgmt('GET', `/users/${made.alice}`)).json.status).toBe('Disabled');
    expect(admin.html).toContain('Enable user');
    await admin.submit(`${C}/users/${made.alice}/status`, { status: 'Enabled' });
    expect((await mgmt('GET', `/users/${made.alice}`)).json.status).toBe('Enabled');
  });

  it('creates a group and adds a member by user name (an unknown one is refused at the field)', async () => {
    await admin.go('GET', `${C}/groups`);
    await admin.submit(`${C}/groups`, { name: 'Engineers', description: 'Builds things' });
    expect(admin.url).toMatch(/\/groups\/g-[a-z0-9]+\?done=group-created$/);
    made.group = idFrom(admin.url, 'groups');
    wellFormed(admin);

    await admin.submit(`${C}/groups/${made.group}/members`, { userName: 'nobody@console.example' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'userName')).toContain('No user is named nobody@console.example');

    await admin.submit(`${C}/groups/${made.group}/members`, { userName: 'bob@console.example' });
    expect(admin.url).toContain('done=member-added');
    expect(admin.text()).toContain('bob@console.example');
    expect((await mgmt('GET', `/groups/${made.group}/members`)).json.users.map((u: { id: string }) => u.id)).toEqual([made.bob]);

    await admin.go('GET', `${C}/groups`);
    await admin.submit(`${C}/groups`, { name: 'engineers' });
    expect(admin.status).toBe(409);
    expect(fieldError(admin.html, 'name')).not.toBe('');

    // What people type is shown as text, never as markup.
    await admin.go('GET', `${C}/groups`);
    await admin.submit(`${C}/groups`, { name: 'Ops', description: '"><script>alert(1)</script>' });
    expect(admin.url).toContain('done=group-created');
    expect(admin.html).toContain('&quot;&gt;&lt;script&gt;alert(1)');
    expect(admin.html).not.toContain('<script>alert(1)');
  });

  it('resets a password: the generated one is shown once, in the answer to the form only', async () => {
    await admin.go('GET', `${C}/users/${made.bob}`);
    await admin.submit(`${C}/users/${made.bob}/password`, { password: '', mustChange: 'on' });
    expect(admin.status).toBe(200);
    expect(admin.url).toBe(`${C}/users/${made.bob}/password`);
    expect(admin.text()).toContain('not shown again');
    made.password = /<code class="secret" data-secret(?:="[^"]*")?>([^<]+)<\/code>/.exec(admin.html)?.[1] ?? '';
    expect(made.password.length).toBeGreaterThanOrEqual(8);
    await admin.go('GET', `${C}/users/${made.bob}`);
    expect(admin.html).not.toContain(made.password);

    // A chosen password that breaks the policy is refused at its field.
    await admin.submit(`${C}/users/${made.bob}/password`, { password: 'short', mustChange: 'on' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'password')).not.toBe('');
  });

  it('uploads the IdP metadata, refusing a broken one at its field, and shows the SP details', async () => {
    await admin.go('GET', `${C}/settings`);
    wellFormed(admin);
    expect(admin.html).toContain('enctype="multipart/form-data"');
    expect(admin.html).toContain(`${ORIGIN}/saml/${made.dir}/metadata`);
    expect(admin.html).toContain(`${ORIGIN}/saml/${made.dir}/acs`);

    await admin.submit(`${C}/settings/saml-idp`, { metadataXml: '<EntityDescriptor>not metadata</EntityDescriptor>' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'metadataXml')).not.toBe('');

    await admin.submit(`${C}/settings/saml-idp`, { metadataXml: await readFile('test/unit/saml/fixtures/okta.xml', 'utf8') });
    expect(admin.url).toBe(`${C}/settings?done=idp-set`);
    expect(admin.html).toContain('http://www.okta.com/exkb1x2y3z4A5B6C7d8');
    expect((await mgmt('GET', '/saml-idp')).json).toMatchObject({ configured: true, entityId: 'http://www.okta.com/exkb1x2y3z4A5B6C7d8' });

    // As a browser uploads the file: multipart, with the CSRF token beside it.
    const entra = await readFile('test/unit/saml/fixtures/entra-id.xml', 'utf8');
    const form = new FormData();
    form.set('csrf', /name="csrf" value="([^"]+)"/.exec(admin.html)![1]!);
    form.set('metadataFile', new File([entra], 'entra-id.xml', { type: 'application/xml' }));
    form.set('metadataXml', '');
    const res = await api.gateway.fetch(
      new Request(`${ORIGIN}${C}/settings/saml-idp`, { method: 'POST', body: form, headers: { host: '127.0.0.1:3000', cookie: `atrium_console=${admin.cookie('atrium_console')}` }, redirect: 'manual' }),
      { testClientIp: '198.51.100.23' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${C}/settings?done=idp-set`);
    const entityId = /entityID="([^"]+)"/.exec(entra)![1]!;
    expect((await mgmt('GET', '/saml-idp')).json.entityId).toBe(entityId);
  });

  it('switches the logon method only after warning that enabling one disables the other', async () => {
    await admin.go('GET', `${C}/settings`);
    expect(admin.text()).toContain('Enabling SSO disables password logon');
    await admin.submit(`${C}/settings/logon-method`, { method: 'SSO', breakGlass: 'alice@console.example' });
    expect(admin.status).toBe(200);
    expect(admin.html).toMatch(/<div class="warning" role="alert" data-switch-warning="true">Enabling SSO disables password logon/);
    expect((await mgmt('GET', '/logon-settings')).json.method).toBe('Password');

    await admin.submit(`${C}/settings/logon-method`, {});
    expect(admin.url).toBe(`${C}/settings?done=method-set`);
    expect(admin.html).toMatch(/data-logon-method="true">SSO/);
    expect((await mgmt('GET', '/logon-settings')).json).toMatchObject({ method: 'SSO', breakGlassUserIds: [made.alice] });

    // Under SSO a password cannot be reset: the API's reason is shown on the user's page.
    await admin.go('GET', `${C}/users/${made.bob}`);
    await admin.submit(`${C}/users/${made.bob}/password`, { mustChange: 'on' });
    expect(admin.status).toBe(409);
    expect(admin.html).toMatch(/<div class="error" role="alert">[^<]*SSO/i);

    await admin.go('GET', `${C}/settings`);
    await admin.submit(`${C}/settings/logon-method`, { method: 'Password', breakGlass: '' });
    expect(admin.text()).toContain('Enabling password logon disables SSO');
    await admin.submit(`${C}/settings/logon-method`, {});
    expect((await mgmt('GET', '/logon-settings')).json.method).toBe('Password');
  });

  it('turns SCIM synchronization on and creates a credential whose secret is shown once and works', async () => {
    await admin.go('GET', `${C}/settings`);
    await admin.submit(`${C}/settings/scim`, { enabled: 'true' });
    expect(admin.url).toBe(`${C}/settings?done=scim-on`);
    expect((await mgmt('GET', '')).json.scimSynchronization).toBe('Enabled');
    expect(admin.html).toContain(`data-scim-base-url="true">${ORIGIN}/scim/v2`);

    await admin.submit(`${C}/settings/scim-credentials`, {});
    expect(admin.status).toBe(201);
    made.scimSecret = /<code class="secret" data-secret(?:="[^"]*")?>([^<]+)<\/code>/.exec(admin.html)?.[1] ?? '';
    expect(made.scimSecret).not.toBe('');
    const scim = await api.call('GET', '/scim/v2/Users', { headers: { authorization: `Bearer ${made.scimSecret}` } });
    expect(scim.status).toBe(200);
    const credentials = (await mgmt('GET', '/scim-credentials')).json.credentials;
    expect(credentials).toHaveLength(1);
    await admin.go('GET', `${C}/settings`);
    expect(admin.html).toContain(credentials[0].id);
    expect(admin.html).not.toContain(made.scimSecret);
  });

  it('sets the password policy (a value out of range is refused at its field) and MFA', async () => {
    await admin.go('GET', `${C}/settings`);
    const policy = { minLength: '7', minDistinctChars: '0', maxAgeDays: '0', reusePrevention: '0', maxFailedAttempts: '5', requireDigit: 'on' };
    await admin.submit(`${C}/settings/password-policy`, policy);
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'minLength')).not.toBe('');
    expect(admin.html).toMatch(/id="f-minLength"[^>]*value="7"|value="7"[^>]*id="f-minLength"/);
    await admin.submit(`${C}/settings/password-policy`, { ...policy, minLength: '12' });
    expect(admin.url).toBe(`${C}/settings?done=policy-set`);
    expect((await mgmt('GET', '/logon-settings')).json.passwordPolicy).toMatchObject({ minLength: 12, requireDigit: true, requireUpper: false, maxFailedAttempts: 5 });

    await admin.submit(`${C}/settings/mfa`, { status: 'Enabled' });
    expect(admin.url).toBe(`${C}/settings?done=mfa-set`);
    expect((await mgmt('GET', '/logon-settings')).json.mfa).toBe('Enabled');
  });

  it('creates an access configuration and attaches a system policy', async () => {
    await admin.go('GET', `${C}/access-configurations`);
    wellFormed(admin);
    await admin.submit(`${C}/access-configurations`, { name: 'bad_name', sessionDuration: '3600' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'name')).not.toBe('');
    await admin.submit(`${C}/access-configurations`, { name: 'Developer', description: 'For developers', sessionDuration: '60', relayState: '' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'sessionDuration')).not.toBe('');

    await admin.submit(`${C}/access-configurations`, { name: 'Developer', description: 'For developers', sessionDuration: '7200', relayState: 'https://ecs.console.aliyun.com/' });
    expect(admin.url).toMatch(/\/access-configurations\/ac-[a-z0-9]+\?done=ac-created$/);
    made.ac = idFrom(admin.url, 'access-configurations');
    wellFormed(admin);
    await admin.submit(`${C}/access-configurations/${made.ac}/policies`, { type: 'System', systemPolicy: 'AliyunECSFullAccess' });
    expect(admin.url).toContain('done=policy-attached');
    const ac = (await mgmt('GET', `/access-configurations/${made.ac}`)).json;
    expect(ac).toMatchObject({ name: 'Developer', sessionDuration: 7200, relayState: 'https://ecs.console.aliyun.com/', permissionPolicies: [{ type: 'System', name: 'AliyunECSFullAccess' }] });

    await admin.submit(`${C}/access-configurations/${made.ac}/policies`, { type: 'Inline', inlineName: 'Broken', document: '{"Version":"1"' });
    expect(admin.status).toBe(400);
    expect(fieldError(admin.html, 'document')).not.toBe('');
  });

  it('assigns it on an account to a user and to a group, and provisioning reaches a final state', async () => {
    await admin.go('GET', `${C}/permissions`);
    expect(admin.text()).toContain('Dev Sandbox');
    await admin.go('GET', `${C}/permissions/assign`);
    wellFormed(admin);
    await admin.submit(`${C}/permissions/assign`, { principal: `User:${made.alice}`, accessConfigurationId: made.ac });
    expect(admin.status).toBe(400);
    expect(admin.html).toContain('Choose at least one account.');
    expect(admin.html).toMatch(/<fieldset aria-describedby="accountId-error" aria-invalid="true">/);
    expect(admin.html).toMatch(new RegExp(`value="User:${made.alice}" checked`));

    await admin.go('GET', `${C}/permissions/assign?accountId=${accounts.dev}`);
    expect(admin.html).toMatch(new RegExp(`name="accountId" value="${accounts.dev}" checked`));
    await admin.submit(`${C}/permissions/assign`, { accountId: accounts.dev, principal: `User:${made.alice}`, accessConfigurationId: made.ac });
    expect(admin.url).toMatch(/^\/console\/cloudsso\/tasks\?ids=t-[0-9A-Z]{26}&done=assigned$/);
    expect(admin.text()).toContain('Access is being assigned');
    const followed = admin.url;

    await admin.go('GET', `${C}/permissions/assign`);
    await admin.submit(`${C}/permissions/assign`, { accountId: accounts.dev, principal: `Group:${made.group}`, accessConfigurationId: made.ac });
    expect(admin.url).toContain('done=assigned');
    await queue.idle();

    await admin.go('GET', followed);
    expect(admin.text()).toContain('All 1 finished');
    expect(admin.html).toContain('<span class="badge ok">Success</span>');
    expect(admin.html).toMatch(/href="\/console\/cloudsso\/tasks\/t-[0-9A-Z]{26}"/);

    await admin.go('GET', `${C}/permissions/${accounts.dev}`);
    wellFormed(admin);
    expect(admin.text()).toContain('User alice@console.example');
    expect(admin.text()).toContain('Group Engineers');
    expect(admin.html).toMatch(new RegExp(`data-provisioning="${made.ac}"[\\s\\S]*?<span class="badge ok">Provisioned</span>`));
    const assignments = (await mgmt('GET', `/access-assignments?targetType=RD-Account&targetId=${accounts.dev}`)).json.accessAssignments;
    expect(assignments.map((a: { principalType: string }) => a.principalType).sort()).toEqual(['Group', 'User']);

    // The same assignment again is refused, and says why.
    await admin.go('GET', `${C}/permissions/assign`);
    await admin.submit(`${C}/permissions/assign`, { accountId: accounts.dev, principal: `User:${made.alice}`, accessConfigurationId: made.ac });
    expect(admin.status).toBe(409);
    expect(admin.html).toMatch(/<div class="error" role="alert">/);

    // Several accounts at once (ticked boxes repeat their name): one is new, one is refused as a duplicate.
    const csrf = /name="csrf" value="([^"]+)"/.exec(admin.html)![1]!;
    const ticked = new URLSearchParams([['csrf', csrf], ['accountId', accounts.dev], ['accountId', accounts.prod], ['principal', `User:${made.alice}`], ['accessConfigurationId', made.ac]]);
    await admin.go('POST', `${C}/permissions/assign`, ticked as unknown as Record<string, string>);
    expect(admin.status).toBe(200);
    expect(admin.text()).toContain('1 of 2 assignments were refused');
    expect(admin.text()).toMatch(/User alice@console\.example on Dev Sandbox as Developer: /);
    expect([...admin.html.matchAll(/<tr data-task-id=/g)]).toHaveLength(1);
    expect(admin.text()).toContain('Prod Web');
    await queue.idle();
    expect((await mgmt('GET', `/accounts/${accounts.prod}/provisionings`)).json.provisionings).toMatchObject([{ accessConfigurationId: made.ac, status: 'Provisioned' }]);
  });

  it('re-provisions after the access configuration changes, following the task to its end', async () => {
    await admin.go('GET', `${C}/access-configurations/${made.ac}`);
    await admin.submit(`${C}/access-configurations/${made.ac}`, { description: 'For developers', sessionDuration: '3600', relayState: '' });
    expect(admin.url).toContain('done=ac-updated');
    await queue.idle();
    await admin.go('GET', `${C}/permissions/${accounts.dev}`);
    expect(admin.html).toMatch(new RegExp(`data-provisioning="${made.ac}"[\\s\\S]*?<span class="badge busy">ReprovisionRequired</span>`));

    await admin.submit(`${C}/permissions/${accounts.dev}/provision`, { accessConfigurationId: made.ac });
    expect(admin.url).toMatch(/^\/console\/cloudsso\/tasks\/t-[0-9A-Z]{26}\?done=provisioning$/);
    expect(admin.text()).toContain('Provisioning started');
    const taskPage = admin.url.split('?')[0]!;
    await queue.idle();
    await admin.go('GET', taskPage);
    expect(admin.html).toContain('<span class="badge ok">Success</span>');
    expect(admin.text()).toContain('Dev Sandbox');
    await admin.go('GET', `${C}/permissions/${accounts.dev}`);
    expect(admin.html).toMatch(new RegExp(`data-provisioning="${made.ac}"[\\s\\S]*?<span class="badge ok">Provisioned</span>`));

    await admin.go('GET', `${C}/tasks`);
    const rows = [...admin.html.matchAll(/<tr data-task-id="(t-[0-9A-Z]{26})"><td><a href="\/console\/cloudsso\/tasks\/\1">([^<]+)<\/a>[\s\S]*?<span class="badge ([a-z]*)">/g)];
    expect(rows.map((r) => [r[2], r[3]])).toEqual([['Provision', 'ok'], ['Assign access', 'ok'], ['Assign access', 'ok'], ['Assign access', 'ok']]);
    await admin.go('GET', `${C}/tasks?status=Failed`);
    expect(admin.text()).toContain('No tasks.');
  });

  it('pages through long lists with the API\'s nextToken', async () => {
    for (let i = 0; i < 21; i++) expect((await mgmt('POST', '/users', { userName: `pager${String(i).padStart(2, '0')}` })).status).toBe(201);
    await admin.go('GET', `${C}/users?prefix=pager`);
    expect(admin.text()).toContain('pager00');
    expect(admin.text()).not.toContain('pager20');
    const next = /href="(\/console\/cloudsso\/users\?[^"]*nextToken=[^"]+)"/.exec(admin.html)?.[1];
    expect(next).toBeDefined();
    await admin.go('GET', next!.replace(/&amp;/g, '&'));
    expect(admin.text()).toContain('pager20');
    expect(admin.text()).not.toContain('pager00');
  });
});

describe('what the policies allow', () => {
  const adminWith = async (name: string, policies: string[]) => {
    const created = (await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name, policies } })).json;
    const key = (await api.call('POST', `/api/v1/administrators/${created.id}/api-keys`, { key: root.key })).json.secret as string;
    return signIn(key);
  };

  it('a read-only administrator sees the lists but no form that changes anything, and a forged one is refused', async () => {
    const b = await adminWith('sso-reader', ['AliyunCloudSSOReadOnlyAccess']);
    expect(b.html).toContain('href="/console/cloudsso/users"');
    const pages = [`${C}/users`, `${C}/users/${made.alice}`, `${C}/groups`, `${C}/groups/${made.group}`, `${C}/settings`, `${C}/access-configurations`, `${C}/access-configurations/${made.ac}`, `${C}/permissions`, `${C}/permissions/${accounts.dev}`, `${C}/tasks`];
    for (const path of pages) {
      await b.go('GET', path);
      expect(b.status, path).toBe(200);
      // The only form that posts is the layout's sign-out.
      expect([...b.html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]), path).toEqual(['/console/sign-out']);
    }
    await b.go('GET', `${C}/users?prefix=alice`);
    expect(b.text()).toContain('alice@console.example');
    expect(b.text()).not.toContain('Create a user');
    await b.go('GET', `${C}/permissions/${accounts.dev}`);
    expect(b.html).toContain('Provisioned');

    await b.submit(`${C}/users`, { userName: 'mallory' });
    expect(b.status).toBe(403);
    expect(b.html).toMatch(/<div class="error" role="alert">[^<]*cloudsso:CreateUser/);
    expect((await mgmt('GET', '/users?userName=mallory')).json.users).toEqual([]);
  });

  it('an administrator without CloudSSO policies has no CloudSSO navigation', async () => {
    const b = await adminWith('ram-reader', ['AliyunRAMReadOnlyAccess']);
    expect(b.html).not.toContain('href="/console/cloudsso');
    await b.go('GET', `${C}/users`);
    expect(b.status).toBe(403);
  });
});

describe('the audit trail', () => {
  it('records the console\'s changes as made through the console, and never a secret', async () => {
    const events = async (action: string) =>
      (await api.call('GET', `/api/v1/cloudsso/directories/${made.dir}/audit-events?${new URLSearchParams({ action, maxResults: '100' })}`, { key: root.key })).json.events as any[];
    for (const action of ['cloudsso:CreateUser', 'cloudsso:AddUserToGroup', 'cloudsso:ResetUserPassword', 'cloudsso:SetLogonMethod', 'cloudsso:CreateSCIMServerCredential', 'cloudsso:CreateAccessAssignment', 'cloudsso:ProvisionAccessConfiguration']) {
      const found = await events(action);
      const viaConsole = found.filter((e) => e.channel === 'Console');
      expect(viaConsole.length, action).toBeGreaterThan(0);
      for (const e of viaConsole) {
        expect(e.actor.authenticatedBy, action).toBe('ConsoleSession');
        expect(e.source.ip, action).toBe('198.51.100.23'); // the browser's address, not the console's
      }
    }
    const created = (await events('cloudsso:CreateUser')).filter((e) => e.channel === 'Console' && e.result === 'Success');
    expect(created.some((e) => e.resources.some((r: { id: string }) => r.id === made.alice))).toBe(true);
    // The pager users were made over REST: the trail tells the two apart.
    expect((await events('cloudsso:CreateUser')).some((e) => e.channel === 'REST')).toBe(true);
    const refused = (await events('cloudsso:CreateUser')).filter((e) => e.result === 'Failure' && e.channel === 'Console');
    expect(refused.map((e) => e.actor.name)).toContain('sso-reader');

    const everything = JSON.stringify(await events('cloudsso:'));
    expect(everything).not.toContain(made.password);
    expect(everything).not.toContain(made.scimSecret);
  });
});
