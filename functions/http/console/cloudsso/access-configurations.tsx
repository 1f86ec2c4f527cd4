import type { Hono } from 'hono';
import type { Action } from '../../../../domain/iam/policies';
import { MAX_SESSION_DURATION, MIN_SESSION_DURATION } from '../../../../domain/access/access-configuration';
import { SYSTEM_POLICIES } from '../../../../domain/access/permission-policies';
import type { ConsoleHelpers } from '../app';
import { DataTable, Card, Csrf, Field, Flash, Pager, Select, TextArea } from '../components';
import { formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { errorsOf, failStatus, fieldError, must, refusal } from './answers';
import { can, type Dir, inDirectory } from './directory';
import { namesFor } from './names';
import { done, noticeOf } from './notices';
import { duration, Heading, principalLink, Submit } from './parts';
import { PAGE_SIZE, param, qs, ROOT, seg } from './paths';

const ACS = `${ROOT}/access-configurations`;
const EDITABLE = ['description', 'sessionDuration', 'relayState'] as const;
const AC_ERRORS = {
  'InvalidParameter.AccessConfigurationName': 'name',
  'EntityAlreadyExists.AccessConfiguration': 'name',
  'InvalidParameter.SessionDuration': 'sessionDuration',
  'InvalidParameter.RelayState': 'relayState',
  'InvalidParameter.Description': 'description',
};
const SESSION_HINT = `seconds, ${MIN_SESSION_DURATION}-${MAX_SESSION_DURATION}: how long a sign-in into an account lasts`;
type AcValues = { name?: string; description: string; sessionDuration: string; relayState: string };

const acValuesOf = (c: ConsoleContext): AcValues => ({
  name: formText(c, 'name'),
  description: formText(c, 'description'),
  sessionDuration: formText(c, 'sessionDuration'),
  relayState: formText(c, 'relayState'),
});

/** The body the API takes from the form; a session duration that is not a number is the console's to refuse. */
const acBody = (v: AcValues): { body: Record<string, string | number> } | { errors: FieldErrors } => {
  const seconds = v.sessionDuration === '' ? undefined : /^\d{1,6}$/.test(v.sessionDuration) ? Number(v.sessionDuration) : NaN;
  if (Number.isNaN(seconds)) return { errors: fieldError('sessionDuration', 'Enter a whole number of seconds.') };
  return { body: { description: v.description, relayState: v.relayState, ...(seconds !== undefined ? { sessionDuration: seconds } : {}) } };
};

const AcFields = (props: { values: Partial<AcValues>; errors: FieldErrors }) => (
  <>
    <Field label="Description" name="description" value={props.values.description} errors={props.errors} />
    <Field label="Session duration" name="sessionDuration" type="number" value={props.values.sessionDuration ?? '3600'} errors={props.errors} hint={SESSION_HINT} />
    <Field label="Relay state" name="relayState" type="url" value={props.values.relayState} errors={props.errors} hint="the cloud console page users land on; optional" />
  </>
);

const listPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, failure?: { values: AcValues; errors: FieldErrors; status: number }) => {
  const list = must(await c.get('api')('GET', `${dir.api}/access-configurations${qs({ maxResults: PAGE_SIZE, nextToken: c.req.query('nextToken') })}`));
  const errors = failure?.errors ?? NO_ERRORS;
  return h.page(
    c,
    'Access configurations',
    <>
      <Heading title="Access configurations" trail={[{ href: ROOT, label: 'CloudSSO' }]}>
        <p class="muted">An access configuration becomes a role in every account it is provisioned into: its permission policies, its session length.</p>
      </Heading>
      {/* A refused create shows its reason here when the form itself is not shown. */}
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure && !can(c, 'cloudsso:CreateAccessConfiguration') ? errors.form : undefined} />
      <Card title="Access configurations">
        {list.ok ? (
          list.json.accessConfigurations.length ? (
            <DataTable columns={['Name', 'Description', 'Session', 'Policies', 'Role in accounts']}>
              {list.json.accessConfigurations.map((a: any) => (
                <tr>
                  <td>
                    <a href={`${ACS}/${seg(a.id)}`}>{a.name}</a>
                  </td>
                  <td>{a.description}</td>
                  <td>{duration(a.sessionDuration)}</td>
                  <td>{(a.permissionPolicies as { name: string }[]).map((p) => p.name).join(', ') || <span class="muted">none</span>}</td>
                  <td>
                    <code>{a.roleName}</code>
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p class="muted">No access configurations yet.</p>
          )
        ) : (
          <Flash error={list.json?.message} />
        )}
        <Pager path={ACS} nextToken={list.json?.nextToken} />
      </Card>
      {can(c, 'cloudsso:CreateAccessConfiguration') && (
        <Card title="Create an access configuration">
          <form method="post" action={ACS} aria-label="Create an access configuration">
            <Csrf token={c.get('consoleSession').csrfToken} />
            <Flash error={errors.form} />
            <Field label="Name" name="name" value={failure?.values.name} errors={errors} required hint="1-32 letters, digits and hyphens; names the role" />
            <AcFields values={failure?.values ?? {}} errors={errors} />
            <Submit>Create access configuration</Submit>
          </form>
        </Card>
      )}
    </>,
    failure?.status ?? 200,
  );
};

/** The permission each form on the page needs: without it the form is hidden and its error shows at the top. */
const FORM_ACTIONS: Record<Exclude<DetailFailure['form'], 'other'>, Action> = { edit: 'cloudsso:UpdateAccessConfiguration', system: 'cloudsso:AddPermissionPolicyToAccessConfiguration', inline: 'cloudsso:AddPermissionPolicyToAccessConfiguration' };

type DetailFailure = { form: 'edit' | 'system' | 'inline' | 'other'; values?: Record<string, string>; errors: FieldErrors; status: number };

const detailPage = async (h: ConsoleHelpers, c: ConsoleContext, dir: Dir, acId: string, failure?: DetailFailure) => {
  const api = c.get('api');
  const path = `${dir.api}/access-configurations/${seg(acId)}`;
  const trail = [{ href: ROOT, label: 'CloudSSO' }, { href: ACS, label: 'Access configurations' }];
  const got = must(await api('GET', path));
  if (!got.ok) return h.page(c, 'Access configuration', <><Heading title="Access configuration" trail={trail} /><Flash error={got.json?.message} /></>, got.status);
  const ac = got.json;
  const assignments = must(await api('GET', `${dir.api}/access-assignments${qs({ accessConfigurationId: acId, maxResults: PAGE_SIZE, nextToken: c.req.query('nextToken') })}`));
  const names = namesFor(api, dir);
  const rows = assignments.ok
    ? await Promise.all(
        (assignments.json.accessAssignments as any[]).map(async (a) => ({
          ...a,
          principalName: await names.principal(a.principalType, a.principalId),
          targetName: a.targetType === 'RD-Account' ? await names.account(a.targetId) : undefined,
        })),
      )
    : [];
  const here = `${ACS}/${seg(acId)}`;
  const csrf = c.get('consoleSession').csrfToken;
  const errorFor = (form: DetailFailure['form']) => (failure?.form === form ? failure.errors : NO_ERRORS);
  const valuesFor = (form: DetailFailure['form']) => (failure?.form === form ? failure.values : undefined);
  const policies = ac.permissionPolicies as { type: string; name: string; document?: string }[];
  const attachable = Object.keys(SYSTEM_POLICIES).filter((n) => !policies.some((p) => p.type === 'System' && p.name === n));
  return h.page(
    c,
    `Access configuration ${ac.name}`,
    <>
      <Heading title={ac.name} trail={trail}>
        <p class="muted">
          Role <code>{ac.roleName}</code> · revision {ac.revision} · ID <code>{ac.id}</code>
        </p>
      </Heading>
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure && (failure.form === 'other' || !can(c, FORM_ACTIONS[failure.form])) ? failure.errors.form : undefined} />
      <Card title="Settings">
        {can(c, 'cloudsso:UpdateAccessConfiguration') ? (
          <form method="post" action={here} aria-label="Edit the access configuration">
            <Csrf token={csrf} />
            <Flash error={errorFor('edit').form} />
            <AcFields values={valuesFor('edit') ?? { description: ac.description, sessionDuration: String(ac.sessionDuration), relayState: ac.relayState ?? '' }} errors={errorFor('edit')} />
            <p class="muted">Accounts where it is provisioned become "re-provision required" after a change.</p>
            <Submit>Save</Submit>
          </form>
        ) : (
          <dl>
            <dt>Description</dt>
            <dd>{ac.description}</dd>
            <dt>Session duration</dt>
            <dd>{duration(ac.sessionDuration)}</dd>
            <dt>Relay state</dt>
            <dd>{ac.relayState ?? <span class="muted">none</span>}</dd>
          </dl>
        )}
      </Card>
      <Card title="Permission policies">
        {policies.length ? (
          <DataTable columns={['Policy', 'Type']} actions={can(c, 'cloudsso:RemovePermissionPolicyFromAccessConfiguration')}>
            {policies.map((p) => (
              <tr>
                <td>
                  {p.name}
                  {p.document && (
                    <details>
                      <summary>Document</summary>
                      <pre>
                        <code>{p.document}</code>
                      </pre>
                    </details>
                  )}
                </td>
                <td>{p.type}</td>
                {can(c, 'cloudsso:RemovePermissionPolicyFromAccessConfiguration') && (
                  <td>
                    {can(c, 'cloudsso:RemovePermissionPolicyFromAccessConfiguration') && (
                      <form method="post" action={`${here}/policies/detach`} class="inline">
                        <Csrf token={csrf} />
                        <input type="hidden" name="type" value={p.type} />
                        <input type="hidden" name="name" value={p.name} />
                        <button type="submit" class="secondary" aria-label={`Detach ${p.name}`}>
                          Detach
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
        ) : (
          <p class="muted">No permission policies: the role can do nothing yet.</p>
        )}
        {can(c, 'cloudsso:AddPermissionPolicyToAccessConfiguration') && (
          <>
            <form method="post" action={`${here}/policies`} aria-label="Attach a system policy">
              <Csrf token={csrf} />
              <input type="hidden" name="type" value="System" />
              <Flash error={errorFor('system').form} />
              <Select
                label="System policy"
                name="systemPolicy"
                options={attachable.map((n) => ({ value: n, label: `${n} — ${SYSTEM_POLICIES[n]}` }))}
                value={valuesFor('system')?.systemPolicy}
                errors={errorFor('system')}
              />
              <Submit>Attach system policy</Submit>
            </form>
            <form method="post" action={`${here}/policies`} aria-label="Set the inline policy">
              <Csrf token={csrf} />
              <input type="hidden" name="type" value="Inline" />
              <Flash error={errorFor('inline').form} />
              <Field label="Inline policy name" name="inlineName" value={valuesFor('inline')?.inlineName} errors={errorFor('inline')} hint="one inline policy at most" />
              <TextArea
                label="Policy document"
                name="document"
                value={valuesFor('inline')?.document ?? '{\n  "Version": "1",\n  "Statement": [{ "Effect": "Allow", "Action": "ecs:Describe*", "Resource": "*" }]\n}'}
                errors={errorFor('inline')}
                hint="RAM policy language, at most 4,096 characters"
              />
              <Submit kind="secondary">Set inline policy</Submit>
            </form>
          </>
        )}
      </Card>
      <Card title="Assignments">
        {rows.length ? (
          <ul>
            {rows.map((a) => (
              <li>
                {principalLink(a.principalType, a.principalId, a.principalName)} on{' '}
                {a.targetType === 'RD-Account' ? <a href={`${ROOT}/permissions/${seg(a.targetId)}`}>{a.targetName ?? a.targetId}</a> : <>folder <code>{a.targetId}</code></>}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">Not assigned anywhere.</p>
        )}
        <Pager path={here} nextToken={assignments.json?.nextToken} />
        <p class="actions">
          {can(c, 'cloudsso:CreateAccessAssignment') && (
            <a class="button secondary" href={`${ROOT}/permissions/assign${qs({ accessConfigurationId: acId })}`}>
              Assign on accounts
            </a>
          )}
          <a href={`${ROOT}/tasks${qs({ accessConfigurationId: acId })}`}>Its tasks</a>
        </p>
      </Card>
      {can(c, 'cloudsso:DeleteAccessConfiguration') && (
        <Card title="Delete">
          <form method="post" action={`${here}/delete`} aria-label="Delete the access configuration">
            <Csrf token={csrf} />
            <p class="muted">Refused while it is assigned or provisioned anywhere.</p>
            <Submit kind="danger">Delete access configuration</Submit>
          </form>
        </Card>
      )}
    </>,
    failure?.status ?? 200,
  );
};

/** Access configurations: the roles CloudSSO provisions, with their policies, session length and relay state. */
export const registerAccessConfigurations = (app: Hono<ConsoleEnv>, h: ConsoleHelpers) => {
  app.get(ACS, inDirectory(h, 'Access configurations', (c, dir) => listPage(h, c, dir)));

  app.post(
    ACS,
    inDirectory(h, 'Access configurations', async (c, dir) => {
      const values = acValuesOf(c);
      const parsed = acBody(values);
      if ('errors' in parsed) return listPage(h, c, dir, { values, errors: parsed.errors, status: 400 });
      const res = await c.get('api')('POST', `${dir.api}/access-configurations`, { name: values.name, ...parsed.body });
      if (res.ok) return done(c, `${ACS}/${seg(res.json.id)}`, 'ac-created');
      return listPage(h, c, dir, { values, errors: errorsOf(res, ['name', ...EDITABLE], AC_ERRORS), status: failStatus(res) });
    }),
  );

  app.get(`${ACS}/:acId`, inDirectory(h, 'Access configuration', (c, dir) => detailPage(h, c, dir, param(c, 'acId'))));

  app.post(
    `${ACS}/:acId`,
    inDirectory(h, 'Access configuration', async (c, dir) => {
      const acId = param(c, 'acId');
      const values = acValuesOf(c);
      const parsed = acBody(values);
      if ('errors' in parsed) return detailPage(h, c, dir, acId, { form: 'edit', values: { ...values }, errors: parsed.errors, status: 400 });
      const res = await c.get('api')('PATCH', `${dir.api}/access-configurations/${seg(acId)}`, parsed.body);
      if (res.ok) return done(c, `${ACS}/${seg(acId)}`, 'ac-updated');
      return detailPage(h, c, dir, acId, { form: 'edit', values: { ...values }, errors: errorsOf(res, [...EDITABLE], AC_ERRORS), status: failStatus(res) });
    }),
  );

  app.post(
    `${ACS}/:acId/policies`,
    inDirectory(h, 'Access configuration', async (c, dir) => {
      const acId = param(c, 'acId');
      const path = `${dir.api}/access-configurations/${seg(acId)}/permission-policies`;
      if (formText(c, 'type') === 'Inline') {
        const values = { inlineName: formText(c, 'inlineName'), document: formText(c, 'document') };
        if (!values.inlineName) return detailPage(h, c, dir, acId, { form: 'inline', values, errors: fieldError('inlineName', 'Name the inline policy.'), status: 400 });
        const res = await c.get('api')('POST', path, { type: 'Inline', name: values.inlineName, document: values.document });
        if (res.ok) return done(c, `${ACS}/${seg(acId)}`, 'policy-attached');
        const errors = errorsOf(res, ['inlineName', 'document'], { 'InvalidParameter.PolicyName': 'inlineName', 'InvalidParameter.PolicyDocument': 'document' });
        return detailPage(h, c, dir, acId, { form: 'inline', values, errors, status: failStatus(res) });
      }
      const values = { systemPolicy: formText(c, 'systemPolicy') };
      const res = await c.get('api')('POST', path, { type: 'System', name: values.systemPolicy });
      if (res.ok) return done(c, `${ACS}/${seg(acId)}`, 'policy-attached');
      const errors = errorsOf(res, ['systemPolicy'], {
        'EntityNotExists.PermissionPolicy': 'systemPolicy',
        'EntityAlreadyExists.PermissionPolicy': 'systemPolicy',
        'QuotaExceeded.PermissionPolicies': 'systemPolicy',
      });
      return detailPage(h, c, dir, acId, { form: 'system', values, errors, status: failStatus(res) });
    }),
  );

  app.post(
    `${ACS}/:acId/policies/detach`,
    inDirectory(h, 'Access configuration', async (c, dir) => {
      const acId = param(c, 'acId');
      const type = formText(c, 'type') === 'Inline' ? 'Inline' : 'System';
      const res = await c.get('api')('DELETE', `${dir.api}/access-configurations/${seg(acId)}/permission-policies/${type}/${seg(formText(c, 'name'))}`);
      if (res.ok) return done(c, `${ACS}/${seg(acId)}`, 'policy-detached');
      return detailPage(h, c, dir, acId, refusal(res));
    }),
  );

  app.post(
    `${ACS}/:acId/delete`,
    inDirectory(h, 'Access configuration', async (c, dir) => {
      const acId = param(c, 'acId');
      const res = await c.get('api')('DELETE', `${dir.api}/access-configurations/${seg(acId)}`);
      if (res.ok) return done(c, ACS, 'ac-deleted');
      return detailPage(h, c, dir, acId, refusal(res));
    }),
  );
};
