import type { Hono } from 'hono';
import type { Action } from '../../../../domain/iam/policies';
import type { ConsoleHelpers } from '../app';
import type { ApiAnswer } from '../api-client';
import { DataTable, Card, Csrf, Field, Flash, SecretOnce, Select, StatusBadge, TextArea } from '../components';
import { formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { errorsOf, failStatus, fieldError, must } from './answers';
import { can, type Dir, inDirectory, publicUrl } from './directory';
import { namesFor } from './names';
import { done, noticeOf } from './notices';
import { Check, Heading, Submit, When } from './parts';
import { param, qs, ROOT, seg } from './paths';

const SETTINGS = `${ROOT}/settings`;
const POLICY_NUMBERS = ['minLength', 'minDistinctChars', 'maxAgeDays', 'reusePrevention', 'maxFailedAttempts'] as const;
const POLICY_SWITCHES = ['mustNotContainUserName', 'requireUpper', 'requireLower', 'requireDigit', 'requireSymbol'] as const;
const POLICY_LABELS: Record<(typeof POLICY_NUMBERS)[number] | (typeof POLICY_SWITCHES)[number], string> = {
  minLength: 'Minimum length',
  minDistinctChars: 'Minimum distinct characters',
  maxAgeDays: 'Expires after (days, 0 = never)',
  reusePrevention: 'Previous passwords that may not be reused',
  maxFailedAttempts: 'Failed attempts before a lockout (0 = no lockout)',
  mustNotContainUserName: 'Must not contain the user name',
  requireUpper: 'Requires an upper-case letter',
  requireLower: 'Requires a lower-case letter',
  requireDigit: 'Requires a digit',
  requireSymbol: 'Requires a symbol',
};
const MFA_OPTIONS = [
  { value: 'Enabled', label: 'Required for every password logon' },
  { value: 'ByUser', label: 'Each user decides' },
  { value: 'OnlyRiskyLogon', label: 'Only for risky logons' },
  { value: 'Disabled', label: 'Off' },
];
const METADATA_ERRORS = {
  'InvalidParameter.Metadata': 'metadataXml',
  'InvalidParameter.EntityId': 'metadataXml',
  'InvalidParameter.SSOUrl': 'metadataXml',
  'InvalidParameter.BindingType': 'metadataXml',
  'InvalidParameter.X509Certificate': 'metadataXml',
};

/** What enabling each logon method turns off: said next to the form and again before the switch. */
const SWITCH_WARNING = {
  SSO: 'Enabling SSO disables password logon: users sign in through your identity provider only, except the break-glass users, who keep their passwords.',
  Password: 'Enabling password logon disables SSO: users no longer sign in through your identity provider, and need a password to sign in.',
} as const;

/** The permission each settings form needs (to show it, or else its error at the top). */
const FORM_ACTIONS = {
  method: 'cloudsso:SetLogonMethod',
  idp: 'cloudsso:SetExternalSAMLIdentityProvider',
  scim: 'cloudsso:GetDirectory', // the SCIM card (and its errors) shows to every reader
  policy: 'cloudsso:SetPasswordPolicy',
  mfa: 'cloudsso:SetMFAAuthenticationStatus',
  preference: 'cloudsso:SetLoginPreference',
  access: 'cloudsso:SetAccessSettings',
} as const satisfies Record<string, Action>;

type Failure = { form: keyof typeof FORM_ACTIONS; values?: Record<string, string>; errors: FieldErrors; status: number };

/** Some checks name the field only in their message (`sessionDurationSeconds must be …`). */
const preferenceErrors = (answer: ApiAnswer): FieldErrors => {
  const errors = errorsOf(answer, ['sessionDurationSeconds', 'loginNetworkMasks', 'allowUserToGetCredentials']);
  if (!errors.form || answer.json?.code !== 'InvalidParameter.LoginPreference') return errors;
  const field = /session/i.test(errors.form) ? 'sessionDurationSeconds' : /mask|address|cidr|ip/i.test(errors.form) ? 'loginNetworkMasks' : undefined;
  return field ? fieldError(field, errors.form) : errors;
};

const settingsPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, failure?: Failure) => {
  const api = c.get('api');
  const [logon, idp, sp, directory, credentials, access] = await Promise.all([
    api('GET', `${dir.api}/logon-settings`).then(must),
    api('GET', `${dir.api}/saml-idp`).then(must),
    api('GET', `${dir.api}/saml-sp`).then(must),
    api('GET', dir.api).then(must),
    api('GET', `${dir.api}/scim-credentials`).then(must),
    api('GET', `${dir.api}/access-settings`).then(must),
  ]);
  const names = namesFor(api, dir);
  const breakGlassNames = logon.ok ? (await Promise.all((logon.json.breakGlassUserIds as string[]).map(async (id) => (await names.user(id)) ?? id))).join(', ') : '';
  const csrf = c.get('consoleSession').csrfToken;
  const errorFor = (form: Failure['form']) => (failure?.form === form ? failure.errors : NO_ERRORS);
  const valuesFor = (form: Failure['form']) => (failure?.form === form ? failure.values : undefined);
  const s = logon.ok ? logon.json : undefined;
  const policyValues = valuesFor('policy');
  const prefValues = valuesFor('preference');
  return h.page(
    c,
    'CloudSSO settings',
    <>
      <Heading title="Settings" trail={[{ href: ROOT, label: 'CloudSSO' }]} />
      {/* A refused change shows its reason here when its form is not shown. */}
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure && !can(c, FORM_ACTIONS[failure.form]) ? failure.errors.form : undefined} />

      <div id="logon">
        <Card title="Logon method">
          {s ? (
            <>
              <p>
                Users sign in to the portal with: <strong data-logon-method>{s.method === 'SSO' ? 'SSO (your identity provider)' : 'Password'}</strong>. Portal:{' '}
                <a href={publicUrl(c, s.portalUrl)}>{publicUrl(c, s.portalUrl)}</a>
              </p>
              <div class="warning" role="note">
                Password logon and SSO exclude each other. {SWITCH_WARNING.SSO} {SWITCH_WARNING.Password}
              </div>
              {can(c, 'cloudsso:SetLogonMethod') && (
                <form method="post" action={`${SETTINGS}/logon-method`} aria-label="Change the logon method">
                  <Csrf token={csrf} />
                  <Flash error={errorFor('method').form} />
                  <Select
                    label="Logon method"
                    name="method"
                    options={[
                      { value: 'Password', label: 'Password' },
                      { value: 'SSO', label: 'SSO' },
                    ]}
                    value={valuesFor('method')?.method ?? s.method}
                    errors={errorFor('method')}
                  />
                  <Field
                    label="Break-glass users"
                    name="breakGlass"
                    value={valuesFor('method')?.breakGlass ?? breakGlassNames}
                    errors={errorFor('method')}
                    hint="user names, comma-separated (at most 3): they keep a password while SSO is on"
                  />
                  <Submit>Change logon method</Submit>
                </form>
              )}
            </>
          ) : (
            <Flash error={logon.json?.message} />
          )}
        </Card>
      </div>

      <div id="idp">
        <Card title="SAML identity provider">
          {idp.ok ? (
            idp.json.configured ? (
              <dl>
                <dt>Entity ID</dt>
                <dd>
                  <code data-idp-entity-id>{idp.json.entityId}</code>
                </dd>
                <dt>SSO URL</dt>
                <dd>
                  <code>{idp.json.ssoUrl}</code> ({idp.json.binding})
                </dd>
                <dt>Signing certificates</dt>
                <dd>{idp.json.certificates?.length ?? 0}</dd>
                <dt>Signed AuthnRequests</dt>
                <dd>{idp.json.wantRequestSigned ? 'Wanted' : 'Not wanted'}</dd>
              </dl>
            ) : (
              <p class="muted">No identity provider yet: SSO cannot be enabled until one is configured.</p>
            )
          ) : (
            <Flash error={idp.json?.message} />
          )}
          {can(c, 'cloudsso:SetExternalSAMLIdentityProvider') && (
            <form method="post" action={`${SETTINGS}/saml-idp`} enctype="multipart/form-data" aria-label="Upload IdP metadata">
              <Csrf token={csrf} />
              <Flash error={errorFor('idp').form} />
              <label for="f-metadataFile">
                IdP metadata file <span class="hint">the XML your IdP exports (Entra ID, Okta, AD FS, …)</span>
              </label>
              <input id="f-metadataFile" name="metadataFile" type="file" accept=".xml,application/xml,text/xml" />
              <TextArea label="…or paste the metadata XML" name="metadataXml" value={valuesFor('idp')?.metadataXml} errors={errorFor('idp')} />
              <Submit>Upload metadata</Submit>
            </form>
          )}
          {idp.ok && idp.json.configured && can(c, 'cloudsso:ClearExternalSAMLIdentityProvider') && (
            <form method="post" action={`${SETTINGS}/saml-idp/delete`} aria-label="Remove the IdP">
              <Csrf token={csrf} />
              <div>
                <button type="submit" class="danger">
                  Remove the identity provider
                </button>
                <span class="muted"> (only while the logon method is Password)</span>
              </div>
            </form>
          )}
        </Card>
      </div>

      <div id="sp">
        <Card title="Service provider (give these to your IdP)">
          {sp.ok ? (
            <dl>
              <dt>Entity ID</dt>
              <dd>
                <code data-sp-entity-id>{publicUrl(c, sp.json.entityId)}</code>
              </dd>
              <dt>Assertion consumer service URL</dt>
              <dd>
                <code>{publicUrl(c, sp.json.acsUrl)}</code>
              </dd>
              <dt>SP metadata</dt>
              <dd>
                <a href={publicUrl(c, sp.json.metadataUrl)}>{publicUrl(c, sp.json.metadataUrl)}</a> (download and import it into the IdP)
              </dd>
            </dl>
          ) : (
            <Flash error={sp.json?.message} />
          )}
        </Card>
      </div>

      <div id="scim">
        <Card title="SCIM synchronization">
          <Flash error={errorFor('scim').form} />
          {directory.ok ? (
            <>
              <p>
                Status: <StatusBadge status={directory.json.scimSynchronization} />. While it is on, your IdP owns the users and groups it writes (they are
                read-only here, status excepted).
              </p>
              <p>
                SCIM base URL (the IdP's tenant URL): <code data-scim-base-url>{publicUrl(c, directory.json.scimBaseUrl)}</code>
              </p>
              {can(c, 'cloudsso:SetSCIMSynchronizationStatus') && (
                <form method="post" action={`${SETTINGS}/scim`} aria-label="Turn SCIM synchronization on or off">
                  <Csrf token={csrf} />
                  <input type="hidden" name="enabled" value={directory.json.scimSynchronization === 'Enabled' ? 'false' : 'true'} />
                  {directory.json.scimSynchronization === 'Enabled' ? (
                    <Submit kind="danger">Turn SCIM synchronization off</Submit>
                  ) : (
                    <Submit>Turn SCIM synchronization on</Submit>
                  )}
                </form>
              )}
            </>
          ) : (
            <Flash error={directory.json?.message} />
          )}
          <h3>Credentials</h3>
          {credentials.ok ? (
            credentials.json.credentials.length ? (
              <DataTable columns={['ID', 'Status', 'Created', 'Expires']} actions={(can(c, 'cloudsso:UpdateSCIMServerCredentialStatus') || can(c, 'cloudsso:DeleteSCIMServerCredential'))}>
                {credentials.json.credentials.map((cr: any) => (
                  <tr>
                    <td>
                      <code>{cr.id}</code>
                    </td>
                    <td>
                      <StatusBadge status={cr.status} />
                    </td>
                    <td>
                      <When at={cr.createdAt} />
                    </td>
                    <td>
                      <When at={cr.expiresAt} />
                    </td>
                    {(can(c, 'cloudsso:UpdateSCIMServerCredentialStatus') || can(c, 'cloudsso:DeleteSCIMServerCredential')) && (
                      <td>
                        {can(c, 'cloudsso:UpdateSCIMServerCredentialStatus') && (
                          <form method="post" action={`${SETTINGS}/scim-credentials/${seg(cr.id)}/status`} class="inline">
                            <Csrf token={csrf} />
                            <input type="hidden" name="status" value={cr.status === 'Enabled' ? 'Disabled' : 'Enabled'} />
                            <button type="submit" class="secondary" aria-label={`${cr.status === 'Enabled' ? 'Disable' : 'Enable'} credential ${cr.id}`}>
                              {cr.status === 'Enabled' ? 'Disable' : 'Enable'}
                            </button>
                          </form>
                        )}
                        {can(c, 'cloudsso:DeleteSCIMServerCredential') && (
                          <form method="post" action={`${SETTINGS}/scim-credentials/${seg(cr.id)}/delete`} class="inline">
                            <Csrf token={csrf} />
                            <button type="submit" class="danger" aria-label={`Delete credential ${cr.id}`}>
                              Delete
                            </button>
                          </form>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </DataTable>
            ) : (
              <p class="muted">No SCIM credentials.</p>
            )
          ) : (
            <Flash error={credentials.json?.message} />
          )}
          {can(c, 'cloudsso:CreateSCIMServerCredential') && (
            <form method="post" action={`${SETTINGS}/scim-credentials`} aria-label="Create a SCIM credential">
              <Csrf token={csrf} />
              <p class="muted">At most two credentials; each is valid for a year. The secret is shown once, when it is created.</p>
              <Submit>Create a SCIM credential</Submit>
            </form>
          )}
        </Card>
      </div>

      <div id="password-policy">
        <Card title="Password policy">
          {s ? (
            can(c, 'cloudsso:SetPasswordPolicy') ? (
              <form method="post" action={`${SETTINGS}/password-policy`} aria-label="Password policy">
                <Csrf token={csrf} />
                <Flash error={errorFor('policy').form} />
                {POLICY_NUMBERS.map((f) => (
                  <Field label={POLICY_LABELS[f]} name={f} type="number" value={policyValues?.[f] ?? s.passwordPolicy[f]} errors={errorFor('policy')} required />
                ))}
                <fieldset>
                  <legend>Characters</legend>
                  {POLICY_SWITCHES.map((f) => (
                    <Check label={POLICY_LABELS[f]} name={f} checked={policyValues ? policyValues[f] === 'on' : s.passwordPolicy[f] === true} />
                  ))}
                </fieldset>
                <Submit>Save password policy</Submit>
              </form>
            ) : (
              <ul>
                {POLICY_NUMBERS.map((f) => (
                  <li>
                    {POLICY_LABELS[f]}: {s.passwordPolicy[f]}
                  </li>
                ))}
                {POLICY_SWITCHES.filter((f) => s.passwordPolicy[f]).map((f) => (
                  <li>{POLICY_LABELS[f]}</li>
                ))}
              </ul>
            )
          ) : (
            <Flash error={logon.json?.message} />
          )}
        </Card>
      </div>

      <div id="mfa">
        <Card title="Multi-factor authentication">
          {s &&
            (can(c, 'cloudsso:SetMFAAuthenticationStatus') ? (
              <form method="post" action={`${SETTINGS}/mfa`} aria-label="MFA setting">
                <Csrf token={csrf} />
                <Flash error={errorFor('mfa').form} />
                <Select label="MFA for password logon" name="status" options={MFA_OPTIONS} value={valuesFor('mfa')?.status ?? s.mfa} errors={errorFor('mfa')} />
                <Submit>Save MFA setting</Submit>
              </form>
            ) : (
              <p>MFA for password logon: {MFA_OPTIONS.find((o) => o.value === s.mfa)?.label ?? s.mfa}</p>
            ))}
        </Card>
      </div>

      <div id="login-preference">
        <Card title="Login preference">
          {s &&
            (can(c, 'cloudsso:SetLoginPreference') ? (
              <form method="post" action={`${SETTINGS}/login-preference`} aria-label="Login preference">
                <Csrf token={csrf} />
                <Flash error={errorFor('preference').form} />
                <Field
                  label="Portal session length (seconds)"
                  name="sessionDurationSeconds"
                  type="number"
                  value={prefValues?.sessionDurationSeconds ?? s.loginPreference.sessionDurationSeconds}
                  errors={errorFor('preference')}
                  required
                />
                <TextArea
                  label="Allowed networks"
                  name="loginNetworkMasks"
                  hint="IPv4 addresses or CIDR blocks, one per line; empty allows every address"
                  value={prefValues?.loginNetworkMasks ?? (s.loginPreference.loginNetworkMasks as string[]).join('\n')}
                  errors={errorFor('preference')}
                  rows={3}
                />
                <Check
                  label="Users may get programmatic credentials from the portal"
                  name="allowUserToGetCredentials"
                  checked={prefValues ? prefValues.allowUserToGetCredentials === 'on' : s.loginPreference.allowUserToGetCredentials === true}
                />
                <Submit>Save login preference</Submit>
              </form>
            ) : (
              <p>
                Portal sessions last {s.loginPreference.sessionDurationSeconds} seconds; allowed networks:{' '}
                {(s.loginPreference.loginNetworkMasks as string[]).join(', ') || 'any'}.
              </p>
            ))}
        </Card>
      </div>

      <div id="access-settings">
        <Card title="Access settings">
          {access.ok ? (
            can(c, 'cloudsso:SetAccessSettings') ? (
              <form method="post" action={`${SETTINGS}/access`} aria-label="Access settings">
                <Csrf token={csrf} />
                <Flash error={errorFor('access').form} />
                <Check label="Re-provision changed access configurations automatically" name="autoReprovision" checked={access.json.autoReprovision === true} />
                <Submit>Save access settings</Submit>
              </form>
            ) : (
              <p>Changed access configurations are re-provisioned {access.json.autoReprovision ? 'automatically' : 'by hand'}.</p>
            )
          ) : (
            <Flash error={access.json?.message} />
          )}
        </Card>
      </div>
    </>,
    failure?.status ?? 200,
  );
};

/** Before switching: what the switch turns off, and a button that means it. */
const confirmSwitch = (h: ConsoleHelpers, c: ConsoleContext, method: 'Password' | 'SSO', breakGlass: string) =>
  h.page(
    c,
    'Change the logon method',
    <>
      <Heading title={`Switch to ${method === 'SSO' ? 'SSO' : 'password'} logon?`} trail={[{ href: ROOT, label: 'CloudSSO' }, { href: SETTINGS, label: 'Settings' }]} />
      <div class="warning" role="alert" data-switch-warning>
        {SWITCH_WARNING[method]}
      </div>
      {method === 'SSO' && <p>Break-glass users: {breakGlass || <span class="muted">none</span>}</p>}
      <form method="post" action={`${SETTINGS}/logon-method`} aria-label="Confirm the logon method">
        <Csrf token={c.get('consoleSession').csrfToken} />
        <input type="hidden" name="method" value={method} />
        <input type="hidden" name="breakGlass" value={breakGlass} />
        <input type="hidden" name="confirm" value="yes" />
        <p class="actions">
          <button type="submit" class="danger">
            Yes, enable {method === 'SSO' ? 'SSO' : 'password logon'}
          </button>
          <a class="button secondary" href={`${SETTINGS}#logon`}>
            Cancel
          </a>
        </p>
      </form>
    </>,
  );

const scimSecretPage = (h: ConsoleHelpers, c: ConsoleContext, created: any, baseUrl: string) =>
  h.page(
    c,
    'SCIM credential created',
    <>
      <Heading title="SCIM credential created" trail={[{ href: ROOT, label: 'CloudSSO' }, { href: SETTINGS, label: 'Settings' }]} />
      <SecretOnce label="The SCIM bearer token" value={created.secret} />
      <p>
        Paste it into your IdP's provisioning settings as the secret token, with the tenant URL <code>{baseUrl}</code>. It expires on <When at={created.credential?.expiresAt} />.
      </p>
      <p>
        <a href={`${SETTINGS}#scim`}>Back to the settings</a>
      </p>
    </>,
    201,
  );

const integer = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : undefined);

/** Settings: logon method, SAML IdP and SP, SCIM, password policy, MFA, login and access preferences. */
export const registerSettings = (app: Hono<ConsoleEnv>, h: ConsoleHelpers) => {
  app.get(SETTINGS, inDirectory(h, 'Settings', (c, dir) => settingsPage(h, c, dir)));

  app.post(
    `${SETTINGS}/logon-method`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const method = formText(c, 'method') === 'SSO' ? 'SSO' : 'Password';
      const breakGlass = formText(c, 'breakGlass');
      const values = { method, breakGlass };
      const fail = (errors: FieldErrors, status: number) => settingsPage(h, c, dir, { form: 'method', values, errors, status });
      const userNames = breakGlass.split(/[,\s]+/).filter(Boolean);
      if (userNames.length > 3) return fail(fieldError('breakGlass', 'At most 3 break-glass users.'), 400);
      // The warning first: the switch happens only from the confirmation page.
      if (formText(c, 'confirm') !== 'yes') return confirmSwitch(h, c, method, userNames.join(', '));
      const ids: string[] = [];
      for (const userName of userNames) {
        const found = await c.get('api')('GET', `${dir.api}/users${qs({ userName, maxResults: 1 })}`);
        if (!found.ok) return fail(errorsOf(found, []), failStatus(found));
        const id = (found.json.users as { id: string }[])[0]?.id;
        if (!id) return fail(fieldError('breakGlass', `No user is named ${userName}.`), 400);
        ids.push(id);
      }
      const res = await c.get('api')('PUT', `${dir.api}/logon-settings/method`, { method, ...(method === 'SSO' ? { breakGlassUserIds: ids } : {}) });
      if (res.ok) return done(c, SETTINGS, 'method-set');
      return fail(errorsOf(res, ['method', 'breakGlass'], { 'InvalidParameter.BreakGlass': 'breakGlass' }), failStatus(res));
    }),
  );

  app.post(
    `${SETTINGS}/saml-idp`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const file = c.get('form').metadataFile as unknown;
      const fromFile = file instanceof File && file.size > 0 ? await file.text() : '';
      const pasted = typeof c.get('form').metadataXml === 'string' ? (c.get('form').metadataXml as string).trim() : '';
      const metadataXml = fromFile.trim() || pasted;
      const fail = (errors: FieldErrors, status: number) => settingsPage(h, c, dir, { form: 'idp', values: { metadataXml: pasted }, errors, status });
      if (!metadataXml) return fail(fieldError('metadataXml', 'Choose the metadata file, or paste its XML.'), 400);
      const res = await c.get('api')('PUT', `${dir.api}/saml-idp`, { metadataXml });
      if (res.ok) return done(c, SETTINGS, 'idp-set');
      return fail(errorsOf(res, ['metadataXml'], METADATA_ERRORS), failStatus(res));
    }),
  );

  app.post(
    `${SETTINGS}/saml-idp/delete`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const res = await c.get('api')('DELETE', `${dir.api}/saml-idp`);
      if (res.ok) return done(c, SETTINGS, 'idp-cleared');
      return settingsPage(h, c, dir, { form: 'idp', errors: errorsOf(res, []), status: failStatus(res) });
    }),
  );

  app.post(
    `${SETTINGS}/scim`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const enabled = formText(c, 'enabled') === 'true';
      const res = await c.get('api')('PUT', `${dir.api}/scim-synchronization`, { enabled });
      if (res.ok) return done(c, SETTINGS, enabled ? 'scim-on' : 'scim-off');
      return settingsPage(h, c, dir, { form: 'scim', errors: errorsOf(res, []), status: failStatus(res) });
    }),
  );

  app.post(
    `${SETTINGS}/scim-credentials`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const res = await c.get('api')('POST', `${dir.api}/scim-credentials`);
      if (!res.ok) return settingsPage(h, c, dir, { form: 'scim', errors: errorsOf(res, []), status: failStatus(res) });
      const directory = await c.get('api')('GET', dir.api);
      return scimSecretPage(h, c, res.json, directory.ok ? publicUrl(c, directory.json.scimBaseUrl) : '');
    }),
  );

  app.post(
    `${SETTINGS}/scim-credentials/:credentialId/status`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const status = formText(c, 'status') === 'Disabled' ? 'Disabled' : 'Enabled';
      const res = await c.get('api')('PATCH', `${dir.api}/scim-credentials/${seg(param(c, 'credentialId'))}`, { status });
      if (res.ok) return done(c, SETTINGS, 'credential-updated');
      return settingsPage(h, c, dir, { form: 'scim', errors: errorsOf(res, []), status: failStatus(res) });
    }),
  );

  app.post(
    `${SETTINGS}/scim-credentials/:credentialId/delete`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const res = await c.get('api')('DELETE', `${dir.api}/scim-credentials/${seg(param(c, 'credentialId'))}`);
      if (res.ok) return done(c, SETTINGS, 'credential-deleted');
      return settingsPage(h, c, dir, { form: 'scim', errors: errorsOf(res, []), status: failStatus(res) });
    }),
  );

  app.post(
    `${SETTINGS}/password-policy`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const values: Record<string, string> = {};
      const body: Record<string, number | boolean> = {};
      const local: Record<string, string> = {};
      for (const f of POLICY_NUMBERS) {
        values[f] = formText(c, f);
        const n = integer(values[f]!);
        if (n === undefined) local[f] = 'Enter a whole number.';
        else body[f] = n;
      }
      for (const f of POLICY_SWITCHES) {
        values[f] = formText(c, f);
        body[f] = values[f] === 'on';
      }
      if (Object.keys(local).length) return settingsPage(h, c, dir, { form: 'policy', values, errors: { fields: local }, status: 400 });
      const res = await c.get('api')('PUT', `${dir.api}/logon-settings/password-policy`, body);
      if (res.ok) return done(c, SETTINGS, 'policy-set');
      return settingsPage(h, c, dir, { form: 'policy', values, errors: errorsOf(res, [...POLICY_NUMBERS, ...POLICY_SWITCHES]), status: failStatus(res) });
    }),
  );

  app.post(
    `${SETTINGS}/mfa`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const status = formText(c, 'status');
      const res = await c.get('api')('PUT', `${dir.api}/logon-settings/mfa`, { status });
      if (res.ok) return done(c, SETTINGS, 'mfa-set');
      return settingsPage(h, c, dir, { form: 'mfa', values: { status }, errors: errorsOf(res, ['status']), status: failStatus(res) });
    }),
  );

  app.post(
    `${SETTINGS}/login-preference`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const values = {
        sessionDurationSeconds: formText(c, 'sessionDurationSeconds'),
        loginNetworkMasks: formText(c, 'loginNetworkMasks'),
        allowUserToGetCredentials: formText(c, 'allowUserToGetCredentials'),
      };
      const seconds = integer(values.sessionDurationSeconds);
      if (seconds === undefined) return settingsPage(h, c, dir, { form: 'preference', values, errors: fieldError('sessionDurationSeconds', 'Enter a whole number of seconds.'), status: 400 });
      const res = await c.get('api')('PUT', `${dir.api}/logon-settings/login-preference`, {
        sessionDurationSeconds: seconds,
        loginNetworkMasks: values.loginNetworkMasks.split(/[\s,]+/).filter(Boolean),
        allowUserToGetCredentials: values.allowUserToGetCredentials === 'on',
      });
      if (res.ok) return done(c, SETTINGS, 'preference-set');
      return settingsPage(h, c, dir, { form: 'preference', values, errors: preferenceErrors(res), status: failStatus(res) });
    }),
  );

  app.post(
    `${SETTINGS}/access`,
    inDirectory(h, 'Settings', async (c, dir) => {
      const res = await c.get('api')('PUT', `${dir.api}/access-settings`, { autoReprovision: formText(c, 'autoReprovision') === 'on' });
      if (res.ok) return done(c, SETTINGS, 'access-settings-set');
      return settingsPage(h, c, dir, { form: 'access', errors: errorsOf(res, []), status: failStatus(res) });
    }),
  );
};
