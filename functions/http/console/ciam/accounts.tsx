import type { Hono } from 'hono';
import { CUSTOMER_PASSWORD_MAX, CUSTOMER_PASSWORD_MIN } from '../../../../domain/ciam/customer-password-policy';
import type { ConsoleHelpers } from '../app';
import { DataTable, Csrf, Field, Flash, Pager, StatusBadge } from '../components';
import { formText, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { Checkbox, Wide } from './controls';
import { errorsFor } from './form-errors';
import { instanceApi, instancePage, INSTANCES, PAGE_SIZE, query } from './paths';
import { formRaw, InstanceFrame, noticeOf, openInstance, ticked, When, type Abilities, type InstanceView } from './shared';

type AccountView = {
  readonly customerId: string;
  readonly username: string;
  readonly displayName?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly status: string;
  readonly source: string;
  readonly createdAt: string;
  readonly lastLogonAt?: string;
};

type NewAccount = { username: string; displayName: string; phone: string; email: string; mustChangePassword: boolean };

/** Users: an instance's customer accounts, and Create Account (account name, password, phone number). */
export const registerAccountPages = (app: Hono<ConsoleEnv>, { page }: ConsoleHelpers) => {
  const base = `${INSTANCES}/:instanceId/users`;

  const open = (c: ConsoleContext) => openInstance(page, c, 'Users');

  app.get(base, async (c) => {
    const opened = await open(c);
    if ('refused' in opened) return opened.refused;
    const { instance, can } = opened;
    const prefix = c.req.query('usernamePrefix')?.trim() || undefined;
    const nextToken = c.req.query('nextToken');
    const listed = await c.get('api')('GET', instanceApi(instance.instanceId, `/accounts${query({ maxResults: PAGE_SIZE, usernamePrefix: prefix, nextToken })}`));
    const path = instancePage(instance.instanceId, '/users');
    return page(
      c,
      'Users',
      <InstanceFrame instance={instance} tab="users" trail={[['Users', undefined]]}>
        <Flash notice={noticeOf(c)} error={listed.ok ? undefined : listed.json?.message} />
        <div class="actions">
          {can('idaas:CreateUser') && (
            <a class="button" href={`${path}/new`}>
              Create account
            </a>
          )}
          <form method="get" action={path} role="search" class="actions">
            <label for="f-usernamePrefix" style="margin:1rem 0 0">
              Account name starts with
            </label>
            <input id="f-usernamePrefix" name="usernamePrefix" type="text" value={prefix ?? ''} style="max-width:14rem" />
            <button type="submit" class="secondary">
              Search
            </button>
          </form>
        </div>
        {listed.ok && (
          <section class="card" aria-labelledby="users-heading" style="margin-top:1rem">
            <h2 id="users-heading">Accounts</h2>
            {listed.json.accounts.length === 0 ? (
              <p class="muted">{prefix ? 'No account name starts with that.' : 'No accounts yet.'}</p>
            ) : (
              <Wide>
                <DataTable columns={['Account name', 'Display name', 'Phone', 'E-mail', 'Status', 'Source', 'Last logon']}>
                  {(listed.json.accounts as AccountView[]).map((a) => (
                    <tr>
                      <td>{a.username}</td>
                      <td>{a.displayName ?? ''}</td>
                      <td>{a.phone ?? ''}</td>
                      <td>{a.email ?? ''}</td>
                      <td>
                        <StatusBadge status={a.status} />
                      </td>
                      <td>{a.source}</td>
                      <td>
                        <When iso={a.lastLogonAt} />
                      </td>
                    </tr>
                  ))}
                </DataTable>
              </Wide>
            )}
            <Pager path={path} nextToken={listed.json.nextToken} query={prefix ? { usernamePrefix: prefix } : {}} />
          </section>
        )}
      </InstanceFrame>,
      listed.ok ? 200 : listed.status,
    );
  });

  const newPage = (c: ConsoleContext, instance: InstanceView, can: Abilities, v: NewAccount, errors: FieldErrors = NO_ERRORS, status = 200) =>
    page(
      c,
      'Create account',
      <InstanceFrame instance={instance} tab="users" trail={[['Users', instancePage(instance.instanceId, '/users')], ['Create account', undefined]]}>
        <Flash error={errors.form} />
        {can('idaas:CreateUser') ? (
          <section class="card" aria-labelledby="new-heading">
            <h2 id="new-heading">Create account</h2>
            <form method="post" action={instancePage(instance.instanceId, '/users/new')}>
              <Csrf token={c.get('consoleSession').csrfToken} />
              <Field label="Account name" name="username" value={v.username} required errors={errors} hint="letters, digits, . _ - @; unique in the instance" />
              <Field label="Password" name="password" type="password" required errors={errors} autocomplete="new-password" hint={`${CUSTOMER_PASSWORD_MIN}-${CUSTOMER_PASSWORD_MAX} characters, not the account name`} />
              <Field label="Phone number" name="phone" type="tel" value={v.phone} required errors={errors} hint="with +country code; without one it is read as a Chinese (+86) number" placeholder="+86 138 0013 8000" />
              <Field label="E-mail" name="email" type="email" value={v.email} errors={errors} hint="optional" />
              <Field label="Display name" name="displayName" value={v.displayName} errors={errors} hint="optional" />
              <fieldset class="checks">
                <legend>First logon</legend>
                <Checkbox name="mustChangePassword" label="The customer chooses a new password at the first logon" checked={v.mustChangePassword} errors={errors} />
              </fieldset>
              <button type="submit">Create account</button>
            </form>
          </section>
        ) : (
          <p class="warning" role="status">
            Creating accounts needs the idaas:CreateUser permission, or the SuperAdministrator role on this instance.
          </p>
        )}
      </InstanceFrame>,
      status,
    );

  app.get(`${base}/new`, async (c) => {
    const opened = await open(c);
    if ('refused' in opened) return opened.refused;
    return newPage(c, opened.instance, opened.can, { username: '', displayName: '', phone: '', email: '', mustChangePassword: true });
  });

  app.post(`${base}/new`, async (c) => {
    const opened = await open(c);
    if ('refused' in opened) return opened.refused;
    const { instance } = opened;
    const v: NewAccount = {
      username: formText(c, 'username'),
      displayName: formText(c, 'displayName'),
      phone: formText(c, 'phone'),
      email: formText(c, 'email'),
      mustChangePassword: ticked(c, 'mustChangePassword'),
    };
    const answer = await c.get('api')('POST', instanceApi(instance.instanceId, '/accounts'), {
      username: v.username,
      password: formRaw(c, 'password'),
      phone: v.phone,
      ...(v.email ? { email: v.email } : {}),
      ...(v.displayName ? { displayName: v.displayName } : {}),
      mustChangePassword: v.mustChangePassword,
    });
    if (!answer.ok) {
      // The password is never sent back into the page, not even on an error.
      const errors = errorsFor(answer, { username: ['Username'], password: ['Password'], phone: ['PhoneNumber'], email: ['Email'], displayName: ['DisplayName'] });
      return newPage(c, instance, opened.can, v, errors, answer.status);
    }
    return c.redirect(`${instancePage(instance.instanceId, '/users')}?done=account-created`, 303);
  });
};
