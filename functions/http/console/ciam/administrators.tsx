import type { Hono } from 'hono';
import { INSTANCE_ROLES } from '../../../../domain/ciam/instance-administrator';
import type { ConsoleHelpers } from '../app';
import { Card, Csrf, Field, Flash, Select } from '../components';
import { formText, may, type ConsoleContext, type ConsoleEnv } from '../env';
import { NO_ERRORS, type FieldErrors } from '../field-errors';
import { Wide } from './controls';
import { errorsFor } from './form-errors';
import { instanceApi, instancePage, INSTANCES, query } from './paths';
import { instanceAbilities, InstanceFrame, loadInstance, noticeOf, refusal, When, type InstanceView } from './shared';

type InstanceAdministratorView = { administratorId: string; accountName: string; externalId?: string; role: string; createdAt: string };
type RamUser = { id: string; name: string; displayName: string };
type AddValues = { administratorId: string; accountName: string; externalId: string; role: string };

const ROLE_HINTS: Readonly<Record<string, string>> = {
  SuperAdministrator: 'Super administrator: everything on this instance',
  ApplicationAdministrator: 'Application administrator: applications and their logon settings',
  ReadOnly: 'Read-only: sees everything, changes nothing',
};

// A select lists at most this many RAM users (10 pages of the API's largest page); past it, the ID is typed.
const MAX_RAM_PAGES = 10;

/** The account's RAM users for the select, or undefined when the principal may not list them (the ID is typed then). */
const ramUsers = async (c: ConsoleContext): Promise<RamUser[] | undefined> => {
  if (!may(c.get('principal'), 'ram:ListUsers')) return undefined;
  const users: RamUser[] = [];
  let nextToken: string | undefined;
  for (let pages = 0; pages < MAX_RAM_PAGES; pages++) {
    const listed = await c.get('api')('GET', `/api/v1/administrators${query({ maxResults: 100, nextToken })}`);
    if (!listed.ok) return undefined;
    users.push(...(listed.json.administrators as RamUser[]));
    nextToken = listed.json.nextToken;
    if (!nextToken) return users;
  }
  return undefined;
};

/** Settings → Other Settings → Administrator account: who administers this instance, with which role. */
export const registerAdministratorPages = (app: Hono<ConsoleEnv>, { page }: ConsoleHelpers) => {
  const base = `${INSTANCES}/:instanceId/administrators`;

  const administratorsPage = async (c: ConsoleContext, values: AddValues, errors: FieldErrors = NO_ERRORS, status = 200) => {
    const instanceId = c.req.param('instanceId')!;
    const loaded = await loadInstance(c, instanceId);
    if (!loaded.ok) return refusal(page, c, 'Administrator account', loaded);
    const instance = loaded.json as InstanceView;
    const can = await instanceAbilities(c, instanceId);
    const listed = await c.get('api')('GET', instanceApi(instanceId, '/administrators'));
    const users = can('idaas:AddInstanceAdministrator') ? await ramUsers(c) : undefined;
    const csrf = c.get('consoleSession').csrfToken;
    const here = instancePage(instanceId, '/administrators');
    return page(
      c,
      'Administrator account',
      <InstanceFrame instance={instance} tab="settings" trail={[['Settings', undefined], ['Other Settings', undefined], ['Administrator account', undefined]]}>
        <Flash notice={noticeOf(c)} error={listed.ok ? undefined : listed.json?.message} />
        {!can('idaas:AddInstanceAdministrator') && <Flash error={errors.form} />}
        {listed.ok && (
          <section class="card" aria-labelledby="admins-heading">
            <h2 id="admins-heading">Administrator account</h2>
            {listed.json.administrators.length === 0 ? (
              <p class="muted">No administrator holds a role on this instance. Holders of IDaaS policies and the account itself manage it.</p>
            ) : (
              <Wide>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Account name</th>
                      <th scope="col">RAM sub-account</th>
                      <th scope="col">External ID</th>
                      <th scope="col">Role</th>
                      <th scope="col">Added</th>
                      {can('idaas:RemoveInstanceAdministrator') && <th scope="col">Remove</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {(listed.json.administrators as InstanceAdministratorView[]).map((a) => (
                      <tr>
                        <td>{a.accountName}</td>
                        <td>
                          <code>{a.administratorId}</code>
                        </td>
                        <td>{a.externalId ?? ''}</td>
                        <td>{a.role}</td>
                        <td>
                          <When iso={a.createdAt} />
                        </td>
                        {can('idaas:RemoveInstanceAdministrator') && (
                          <td>
                            <form method="post" action={`${here}/${encodeURIComponent(a.administratorId)}/remove`} class="inline">
                              <Csrf token={csrf} />
                              <button type="submit" class="danger" aria-label={`Remove ${a.accountName}`}>
                                Remove
                              </button>
                            </form>
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Wide>
            )}
          </section>
        )}
        {can('idaas:AddInstanceAdministrator') && (
          <section class="card" aria-labelledby="add-admin-heading">
            <h2 id="add-admin-heading">Add administrator</h2>
            <Flash error={errors.form} />
            <form method="post" action={here}>
              <Csrf token={csrf} />
              <Field label="Account name" name="accountName" value={values.accountName} errors={errors} hint="shown in the console; the RAM user's name when empty" />
              {users ? (
                <Select
                  label="RAM sub-account"
                  name="administratorId"
                  value={values.administratorId}
                  errors={errors}
                  options={[{ value: '', label: 'Choose a RAM user' }, ...users.map((u) => ({ value: u.id, label: `${u.name}${u.displayName && u.displayName !== u.name ? ` (${u.displayName})` : ''}` }))]}
                />
              ) : (
                <Field label="RAM sub-account ID" name="administratorId" value={values.administratorId} required errors={errors} hint="an administrator of this account" />
              )}
              <Field label="External ID" name="externalId" value={values.externalId} errors={errors} hint="optional: the administrator's ID in your own identity provider" />
              <Select label="Authorized role" name="role" value={values.role} errors={errors} options={INSTANCE_ROLES.map((r) => ({ value: r, label: ROLE_HINTS[r] ?? r }))} />
              <button type="submit">Add administrator</button>
            </form>
          </section>
        )}
        {!can('idaas:AddInstanceAdministrator') && (
          <Card title="Add administrator">
            <p class="muted">Adding administrators needs the idaas:AddInstanceAdministrator permission, or the SuperAdministrator role on this instance.</p>
          </Card>
        )}
      </InstanceFrame>,
      status,
    );
  };

  app.get(base, (c) => administratorsPage(c, { administratorId: '', accountName: '', externalId: '', role: 'ReadOnly' }));

  app.post(base, async (c) => {
    const v: AddValues = { administratorId: formText(c, 'administratorId'), accountName: formText(c, 'accountName'), externalId: formText(c, 'externalId'), role: formText(c, 'role') };
    const answer = await c.get('api')('POST', instanceApi(c.req.param('instanceId'), '/administrators'), {
      administratorId: v.administratorId,
      role: v.role,
      ...(v.accountName ? { accountName: v.accountName } : {}),
      ...(v.externalId ? { externalId: v.externalId } : {}),
    });
    if (!answer.ok) {
      // An unknown RAM user, or one already holding a role here, is about the sub-account field.
      const errors = errorsFor(answer, { administratorId: ['InstanceAdministrator'], accountName: ['AccountName'], externalId: ['ExternalId'], role: [] });
      const missing = answer.json?.code === 'EntityNotExists.Administrator';
      return administratorsPage(c, v, missing ? { fields: { administratorId: String(answer.json.message) } } : errors, answer.status);
    }
    return c.redirect(`${instancePage(c.req.param('instanceId'), '/administrators')}?done=administrator-added`, 303);
  });

  app.post(`${base}/:administratorId/remove`, async (c) => {
    const instanceId = c.req.param('instanceId');
    const answer = await c.get('api')('DELETE', instanceApi(instanceId, `/administrators/${encodeURIComponent(c.req.param('administratorId'))}`));
    if (!answer.ok) return administratorsPage(c, { administratorId: '', accountName: '', externalId: '', role: 'ReadOnly' }, errorsFor(answer, {}), answer.status);
    return c.redirect(`${instancePage(instanceId, '/administrators')}?done=administrator-removed`, 303);
  });
};
