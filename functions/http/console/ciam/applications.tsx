import type { Hono } from 'hono';
import { APPLICATION_TYPES, OIDC_CLIENT_TYPES, SAML_NAME_ID_FORMATS, SAML_NAME_ID_SOURCES } from '../../../../domain/ciam/application';
import type { ApiAnswer } from '../api-client';
import type { ConsoleHelpers } from '../app';
import { DataTable, Card, Csrf, Field, Flash, Pager, SecretOnce, Select, StatusBadge } from '../components';
import { formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { Details, Radios, TextArea, Wide } from './controls';
import { errorsFor, type FieldAliases } from './form-errors';
import { applicationApi, applicationPage, instanceApi, instancePage, INSTANCES, PAGE_SIZE, query } from './paths';
import { InstanceFrame, linesOf, noticeOf, openInstance, refusal, When, type Abilities, type InstanceView } from './shared';

export type ApplicationView = {
  readonly applicationId: string;
  readonly name: string;
  readonly icon?: string;
  readonly type: string;
  readonly protocol: 'OIDC' | 'SAML';
  readonly status: string;
  readonly oidc?: {
    readonly clientId: string;
    readonly clientType: string;
    readonly redirectUris: readonly string[];
    readonly postLogoutRedirectUris: readonly string[];
    readonly grantTypes: readonly string[];
    readonly accessTokenSeconds: number;
    readonly idTokenSeconds: number;
    readonly refreshTokenSeconds: number;
  };
  readonly saml?: { readonly spEntityId: string; readonly acsUrl: string; readonly nameIdFormat: string; readonly nameIdSource: string };
  readonly createdAt: string;
  readonly updatedAt: string;
};

const TYPE_LABELS: Readonly<Record<string, string>> = { Website: 'Website', MiniProgram: 'Mini program', MobileApp: 'Mobile app' };
const PROTOCOLS = [
  { value: 'OIDC', label: 'OpenID Connect (OIDC)', hint: 'websites and apps that redirect to the logon page' },
  { value: 'SAML', label: 'SAML 2.0', hint: 'enterprise software acting as a SAML service provider' },
] as const;
const LIFETIMES = ['accessTokenSeconds', 'idTokenSeconds', 'refreshTokenSeconds'] as const;
const OVERLAPS = [
  { value: '0', label: 'Not at all: the previous secret stops working now' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day (recommended)' },
  { value: '604800', label: '7 days' },
];

/** The API's names for each field of the application forms. */
const APPLICATION_FIELDS: FieldAliases = {
  name: ['ApplicationName'],
  icon: ['Icon'],
  type: [],
  protocol: ['ProtocolSettings'],
  clientType: [],
  redirectUris: ['RedirectUri'],
  postLogoutRedirectUris: ['PostLogoutRedirectUri'],
  accessTokenSeconds: [],
  idTokenSeconds: [],
  refreshTokenSeconds: [],
  spEntityId: ['SpEntityId'],
  acsUrl: ['AcsUrl'],
  nameIdFormat: [],
  nameIdSource: [],
};

/** As errorsFor, and a token lifetime error goes to the lifetime its message names. */
const applicationErrors = (answer: ApiAnswer): FieldErrors => {
  const errors = errorsFor(answer, APPLICATION_FIELDS);
  const lifetime = answer.json?.code === 'InvalidParameter.TokenLifetime' ? LIFETIMES.find((f) => String(answer.json.message).startsWith(f)) : undefined;
  return lifetime ? { fields: { ...errors.fields, [lifetime]: String(answer.json.message) } } : errors;
};

type FormValues = Record<string, string>;

const AppIcon = (props: { icon: string | undefined }) =>
  props.icon ? <img src={props.icon} alt="" width="24" height="24" style="vertical-align:middle;border-radius:.25rem" /> : null;

/** Application Management: the list, Add Application and Configure (settings, status, client secrets). */
export const registerApplicationPages = (app: Hono<ConsoleEnv>, { page }: ConsoleHelpers) => {
  const base = `${INSTANCES}/:instanceId/applications`;
  const api = (c: ConsoleContext) => c.get('api');

  /** The instance and the principal's abilities on it, or the API's refusal to show it. */
  const open = (c: ConsoleContext) => openInstance(page, c, 'Application Management');

  app.get(base, async (c) => {
    const opened = await open(c);
    if ('refused' in opened) return opened.refused;
    const { instance, can } = opened;
    const nextToken = c.req.query('nextToken');
    const listed = await api(c)('GET', instanceApi(instance.instanceId, `/applications${query({ maxResults: PAGE_SIZE, nextToken })}`));
    const path = instancePage(instance.instanceId, '/applications');
    return page(
      c,
      'Application Management',
      <InstanceFrame instance={instance} tab="applications" trail={[['Application Management', undefined]]}>
        <Flash notice={noticeOf(c)} error={listed.ok ? undefined : listed.json?.message} />
        {can('idaas:CreateApplication') && (
          <p class="actions">
            <a class="button" href={`${path}/new`}>
              Add application
            </a>
          </p>
        )}
        {listed.ok && (
          <section class="card" aria-labelledby="apps-heading">
            <h2 id="apps-heading">Applications</h2>
            {listed.json.applications.length === 0 ? (
              <p class="muted">No applications yet.</p>
            ) : (
              <Wide>
                <DataTable columns={['Application', 'Type', 'Protocol', 'Status', 'Settings']}>
                  {(listed.json.applications as ApplicationView[]).map((a) => (
                    <tr>
                      <td>
                        <AppIcon icon={a.icon} /> <a href={applicationPage(instance.instanceId, a.applicationId)}>{a.name}</a>
                        <br />
                        <code>{a.applicationId}</code>
                      </td>
                      <td>{TYPE_LABELS[a.type] ?? a.type}</td>
                      <td>{a.protocol}</td>
                      <td>
                        <StatusBadge status={a.status} />
                      </td>
                      <td>
                        <a href={applicationPage(instance.instanceId, a.applicationId)}>Configure</a> ·{' '}
                        <a href={applicationPage(instance.instanceId, a.applicationId, '/logon')}>Registration And Logon Settings</a>
                      </td>
                    </tr>
                  ))}
                </DataTable>
              </Wide>
            )}
            <Pager path={path} nextToken={listed.json.nextToken} />
          </section>
        )}
      </InstanceFrame>,
      listed.ok ? 200 : listed.status,
    );
  });

  const addPage = (c: ConsoleContext, instance: InstanceView, can: Abilities, values: FormValues, errors: FieldErrors = NO_ERRORS, status = 200) =>
    page(
      c,
      'Add application',
      <InstanceFrame instance={instance} tab="applications" trail={[['Application Management', instancePage(instance.instanceId, '/applications')], ['Add application', undefined]]}>
        <Flash error={errors.form} />
        {can('idaas:CreateApplication') ? (
          <section class="card" aria-labelledby="add-heading">
            <h2 id="add-heading">Add application</h2>
            <form method="post" action={instancePage(instance.instanceId, '/applications/new')}>
              <Csrf token={c.get('consoleSession').csrfToken} />
              <Field label="Icon" name="icon" type="url" value={values.icon} hint="optional: an https URL of a square image" errors={errors} placeholder="https://cdn.example.com/shop.png" />
              <Field label="Application name" name="name" value={values.name} required errors={errors} hint="1-64 characters" />
              <Select label="Type" name="type" value={values.type} errors={errors} options={APPLICATION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] ?? t }))} />
              <Radios legend="SSO protocol" name="protocol" value={values.protocol} errors={errors} options={PROTOCOLS} />
              <fieldset>
                <legend>OpenID Connect settings (for OIDC)</legend>
                <TextArea label="Redirect URIs" name="redirectUris" value={values.redirectUris} errors={errors} hint="one a line, matched exactly; https (http only on localhost)" />
                <Select
                  label="Client type"
                  name="clientType"
                  value={values.clientType}
                  errors={errors}
                  options={[{ value: '', label: 'Default: confidential for a website, public for an app' }, ...OIDC_CLIENT_TYPES.map((t) => ({ value: t, label: t }))]}
                />
              </fieldset>
              <fieldset>
                <legend>SAML settings (for SAML)</legend>
                <Field label="SP entity ID" name="spEntityId" value={values.spEntityId} errors={errors} />
                <Field label="ACS URL" name="acsUrl" type="url" value={values.acsUrl} errors={errors} hint="where the service provider receives assertions" />
              </fieldset>
              <button type="submit">Add application</button>
            </form>
          </section>
        ) : (
          <p class="warning" role="status">
            Adding applications needs the idaas:CreateApplication permission, or the SuperAdministrator or ApplicationAdministrator role on this instance.
          </p>
        )}
      </InstanceFrame>,
      status,
    );

  app.get(`${base}/new`, async (c) => {
    const opened = await open(c);
    if ('refused' in opened) return opened.refused;
    return addPage(c, opened.instance, opened.can, { type: 'Website', protocol: 'OIDC' });
  });

  app.post(`${base}/new`, async (c) => {
    const opened = await open(c);
    if ('refused' in opened) return opened.refused;
    const { instance } = opened;
    const v: FormValues = Object.fromEntries(['icon', 'name', 'type', 'protocol', 'redirectUris', 'clientType', 'spEntityId', 'acsUrl'].map((k) => [k, formText(c, k)]));
    const answer = await api(c)('POST', instanceApi(instance.instanceId, '/applications'), {
      name: v.name,
      type: v.type,
      protocol: v.protocol,
      ...(v.icon ? { icon: v.icon } : {}),
      ...(v.protocol === 'SAML'
        ? { saml: { spEntityId: v.spEntityId, acsUrl: v.acsUrl } }
        : { oidc: { redirectUris: linesOf(v.redirectUris ?? ''), ...(v.clientType ? { clientType: v.clientType } : {}) } }),
    });
    if (!answer.ok) return addPage(c, instance, opened.can, v, applicationErrors(answer), answer.status);
    const created = answer.json.application as ApplicationView;
    const secret = answer.json.clientSecret as { clientSecret: string } | undefined;
    // The client secret is shown here, in the POST's own response, once: never in a URL or a later page.
    return page(
      c,
      'Application added',
      <InstanceFrame instance={instance} tab="applications" trail={[['Application Management', instancePage(instance.instanceId, '/applications')], [created.name, undefined]]}>
        <Flash notice={`Application ${created.name} added.`} />
        <Card title="Credentials">
          <Details rows={[['Client ID', <code>{created.applicationId}</code>], ['Protocol', created.protocol], ['Type', TYPE_LABELS[created.type] ?? created.type]]} />
          {secret ? <SecretOnce label="Client secret" value={secret.clientSecret} /> : <p class="muted">This application has no client secret (a public client, or SAML).</p>}
        </Card>
        <p class="actions">
          <a class="button" href={applicationPage(instance.instanceId, created.applicationId)}>
            Configure
          </a>
          <a class="button secondary" href={applicationPage(instance.instanceId, created.applicationId, '/logon')}>
            Registration And Logon Settings
          </a>
          <a class="button secondary" href={instancePage(instance.instanceId, '/applications')}>
            Back to applications
          </a>
        </p>
      </InstanceFrame>,
    );
  });

  const valuesOf = (a: ApplicationView): FormValues => ({
    name: a.name,
    icon: a.icon ?? '',
    ...(a.oidc
      ? {
          redirectUris: a.oidc.redirectUris.join('\n'),
          postLogoutRedirectUris: a.oidc.postLogoutRedirectUris.join('\n'),
          accessTokenSeconds: String(a.oidc.accessTokenSeconds),
          idTokenSeconds: String(a.oidc.idTokenSeconds),
          refreshTokenSeconds: String(a.oidc.refreshTokenSeconds),
        }
      : {}),
    ...(a.saml ? { spEntityId: a.saml.spEntityId, acsUrl: a.saml.acsUrl, nameIdFormat: a.saml.nameIdFormat, nameIdSource: a.saml.nameIdSource } : {}),
  });

  type ConfigureOptions = { values?: FormValues; errors?: FieldErrors; secretErrors?: FieldErrors; error?: string | undefined; issued?: string; status?: number };

  /** Configure: the application's details, its settings form, its status and its client secrets. */
  const configurePage = async (c: ConsoleContext, options: ConfigureOptions = {}) => {
    const opened = await open(c);
    if ('refused' in opened) return opened.refused;
    const { instance, can } = opened;
    const appId = c.req.param('applicationId')!;
    const loaded = await api(c)('GET', applicationApi(instance.instanceId, appId));
    if (!loaded.ok) return refusal(page, c, 'Application', loaded);
    const a = loaded.json as ApplicationView;
    const confidential = a.oidc?.clientType === 'confidential';
    const secrets = confidential && can('idaas:ListApplicationClientSecrets') ? await api(c)('GET', applicationApi(instance.instanceId, appId, '/client-secrets')) : undefined;
    const v = options.values ?? valuesOf(a);
    const errors = options.errors ?? NO_ERRORS;
    const here = applicationPage(instance.instanceId, appId);
    // A refusal with no field, or of a form this principal is not shown, goes above everything.
    const topError =
      options.error ?? (can('idaas:UpdateApplication') ? undefined : errors.form) ?? (can('idaas:CreateApplicationClientSecret') ? undefined : options.secretErrors?.form);
    const csrf = c.get('consoleSession').csrfToken;
    const origin = new URL(c.req.url).origin;
    const issuer = `${origin}/ciam/${instance.instanceId}/oidc`;
    return page(
      c,
      `Configure ${a.name}`,
      <InstanceFrame instance={instance} tab="applications" trail={[['Application Management', instancePage(instance.instanceId, '/applications')], [a.name, undefined]]}>
        <Flash notice={noticeOf(c)} error={topError} />
        {options.issued && <SecretOnce label="New client secret" value={options.issued} />}
        <p class="actions">
          <a class="button secondary" href={`${here}/logon`}>
            Registration And Logon Settings
          </a>
        </p>
        <Card title="General">
          <Details
            rows={[
              ['Application', <><AppIcon icon={a.icon} /> {a.name}</>],
              ['Client ID', <code>{a.applicationId}</code>],
              ['Type', TYPE_LABELS[a.type] ?? a.type],
              ['SSO protocol', a.protocol],
              ['Status', <StatusBadge status={a.status} />],
              ...(a.oidc
                ? ([
                    ['Client type', a.oidc.clientType],
                    ['Grant types', a.oidc.grantTypes.join(', ')],
                    ['Issuer', <code>{issuer}</code>],
                    ['Discovery', <code>{`${issuer}/.well-known/openid-configuration`}</code>],
                  ] as const)
                : ([
                    ['IdP metadata', <code>{`${origin}/ciam/${instance.instanceId}/saml/metadata`}</code>],
                  ] as const)),
              ['Updated', <When iso={a.updatedAt} />],
            ]}
          />
        </Card>
        {can('idaas:UpdateApplication') ? (
          <section class="card" aria-labelledby="settings-heading">
            <h2 id="settings-heading">Settings</h2>
            <Flash error={errors.form} />
            <form method="post" action={here}>
              <Csrf token={csrf} />
              <Field label="Application name" name="name" value={v.name} required errors={errors} />
              <Field label="Icon" name="icon" type="url" value={v.icon} errors={errors} hint="empty removes the icon" />
              {a.protocol === 'OIDC' ? (
                <>
                  <TextArea label="Redirect URIs" name="redirectUris" value={v.redirectUris} errors={errors} hint="one a line" />
                  <TextArea label="Post-logout redirect URIs" name="postLogoutRedirectUris" value={v.postLogoutRedirectUris} errors={errors} hint="optional, one a line" />
                  <Field label="Access token lifetime (seconds)" name="accessTokenSeconds" type="number" value={v.accessTokenSeconds} errors={errors} hint="300-86400" />
                  <Field label="ID token lifetime (seconds)" name="idTokenSeconds" type="number" value={v.idTokenSeconds} errors={errors} hint="300-86400" />
                  <Field label="Refresh token lifetime (seconds)" name="refreshTokenSeconds" type="number" value={v.refreshTokenSeconds} errors={errors} hint="3600-7776000" />
                </>
              ) : (
                <>
                  <Field label="SP entity ID" name="spEntityId" value={v.spEntityId} errors={errors} />
                  <Field label="ACS URL" name="acsUrl" type="url" value={v.acsUrl} errors={errors} />
                  <Select label="NameID format" name="nameIdFormat" value={v.nameIdFormat} errors={errors} options={SAML_NAME_ID_FORMATS} />
                  <Select label="NameID from" name="nameIdSource" value={v.nameIdSource} errors={errors} options={SAML_NAME_ID_SOURCES} />
                </>
              )}
              <button type="submit">Save settings</button>
            </form>
          </section>
        ) : (
          <Card title="Settings">
            <Details
              rows={
                a.oidc
                  ? [
                      ['Redirect URIs', a.oidc.redirectUris.join(', ')],
                      ['Post-logout redirect URIs', a.oidc.postLogoutRedirectUris.join(', ') || '—'],
                      ['Token lifetimes (s)', `access ${a.oidc.accessTokenSeconds}, ID ${a.oidc.idTokenSeconds}, refresh ${a.oidc.refreshTokenSeconds}`],
                    ]
                  : [
                      ['SP entity ID', a.saml?.spEntityId],
                      ['ACS URL', a.saml?.acsUrl],
                      ['NameID', `${a.saml?.nameIdFormat} from ${a.saml?.nameIdSource}`],
                    ]
              }
            />
          </Card>
        )}
        {can('idaas:SetApplicationStatus') && (
          <Card title="Status">
            {a.status === 'Enabled' ? (
              <form method="post" action={`${here}/disable`}>
                <Csrf token={csrf} />
                <p>Customers can log on to this application. Disabling stops new logons; the settings stay.</p>
                <button type="submit" class="danger">
                  Disable application
                </button>
              </form>
            ) : (
              <form method="post" action={`${here}/enable`}>
                <Csrf token={csrf} />
                <p>Disabled: customers cannot log on to this application.</p>
                <button type="submit">Enable application</button>
              </form>
            )}
          </Card>
        )}
        {confidential && (
          <section class="card" aria-labelledby="secrets-heading">
            <h2 id="secrets-heading">Client secrets</h2>
            {secrets?.ok && (
              <Wide>
                <DataTable columns={['Secret ID', 'Created', 'Valid until']}>
                  {(secrets.json.clientSecrets as { clientSecretId: string; createdAt: string; expiresAt?: string }[]).map((s) => (
                    <tr>
                      <td>
                        <code>{s.clientSecretId}</code>
                      </td>
                      <td>
                        <When iso={s.createdAt} />
                      </td>
                      <td>{s.expiresAt ? <When iso={s.expiresAt} /> : 'until replaced'}</td>
                    </tr>
                  ))}
                </DataTable>
              </Wide>
            )}
            {can('idaas:CreateApplicationClientSecret') && (
              <form method="post" action={`${here}/client-secrets`}>
                <Csrf token={csrf} />
                <Flash error={options.secretErrors?.form} />
                <Select label="Keep the previous secret valid for" name="overlapSeconds" value="86400" errors={options.secretErrors} options={OVERLAPS} />
                <button type="submit" class="secondary">
                  Issue a new client secret
                </button>
              </form>
            )}
          </section>
        )}
      </InstanceFrame>,
      options.status ?? 200,
    );
  };

  const one = `${base}/:applicationId`;
  app.get(one, (c) => configurePage(c));

  app.post(one, async (c) => {
    const instanceId = c.req.param('instanceId');
    const appId = c.req.param('applicationId');
    const keys = ['name', 'icon', 'redirectUris', 'postLogoutRedirectUris', ...LIFETIMES, 'spEntityId', 'acsUrl', 'nameIdFormat', 'nameIdSource'];
    const v: FormValues = Object.fromEntries(keys.map((k) => [k, formText(c, k)]));
    // The form shows one protocol's fields; which one was sent says which settings change.
    const oidc = c.get('form').redirectUris !== undefined;
    const seconds = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : s);
    const answer = await c.get('api')('PATCH', applicationApi(instanceId, appId), {
      name: v.name,
      icon: v.icon ? v.icon : null,
      ...(oidc
        ? {
            oidc: {
              redirectUris: linesOf(v.redirectUris ?? ''),
              postLogoutRedirectUris: linesOf(v.postLogoutRedirectUris ?? ''),
              ...Object.fromEntries(LIFETIMES.map((f) => [f, seconds(v[f])])),
            },
          }
        : { saml: { spEntityId: v.spEntityId, acsUrl: v.acsUrl, nameIdFormat: v.nameIdFormat, nameIdSource: v.nameIdSource } }),
    });
    if (!answer.ok) return configurePage(c, { values: v, errors: applicationErrors(answer), status: answer.status });
    return c.redirect(`${applicationPage(instanceId, appId)}?done=application-updated`, 303);
  });

  for (const [action, status] of [
    ['enable', 'Enabled'],
    ['disable', 'Disabled'],
  ] as const) {
    app.post(`${one}/${action}`, async (c) => {
      const instanceId = c.req.param('instanceId');
      const appId = c.req.param('applicationId');
      const answer = await c.get('api')('PUT', applicationApi(instanceId, appId, '/status'), { status });
      if (!answer.ok) return configurePage(c, { error: errorsFor(answer, {}).form, status: answer.status });
      return c.redirect(`${applicationPage(instanceId, appId)}?done=application-${action}d`, 303);
    });
  }

  app.post(`${one}/client-secrets`, async (c) => {
    const overlap = formText(c, 'overlapSeconds');
    const answer = await c.get('api')('POST', applicationApi(c.req.param('instanceId'), c.req.param('applicationId'), '/client-secrets'), {
      ...(/^\d+$/.test(overlap) ? { overlapSeconds: Number(overlap) } : {}),
    });
    if (!answer.ok) return configurePage(c, { secretErrors: errorsFor(answer, { overlapSeconds: ['SecretOverlap'] }), status: answer.status });
    return configurePage(c, { issued: answer.json.clientSecret.clientSecret as string, status: 201 });
  });
};
