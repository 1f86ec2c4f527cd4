import { MAX_KEYS_PER_OWNER } from '../../../domain/iam/api-key';
import type { Principal } from '../../../domain/iam/principal';
import type { Action } from '../../../domain/iam/policies';
import { publicOrigin } from '../management/origin';
import { CLOUDSSO_VERSION } from '../rpc/rpc-operation';
import type { ApiAnswer } from './api-client';
import type { ConsoleHelpers, ConsoleModule } from './app';
import { Card, Csrf, DataTable, Flash, Pager, SecretOnce, Select, StatusBadge } from './components';
import { formText, may, type ConsoleContext } from './env';
import { failStatus, must } from './cloudsso/answers';
import { Heading, Submit, When } from './cloudsso/parts';
import { qs, seg } from './cloudsso/paths';

/** Where the AccessKey pages live. */
export const ACCESS_KEYS = '/console/access-keys';

/** A key as the management API lists it (functions/http/iam/routes.ts `ApiKey`). */
type KeyView = { readonly id: string; readonly owner: string; readonly status: 'Active' | 'Inactive'; readonly signsRequests: boolean; readonly createdAt: string };
type AdministratorView = { readonly id: string; readonly name: string; readonly displayName: string };

/** Whose AccessKeys a page is about: the signed-in principal's own, or another administrator's. */
export type KeyOwner = {
  /** The management API path of the owner's keys. */
  readonly api: string;
  /** The administrator named by `?administrator=` (or the forms' field); empty for the principal's own keys. */
  readonly administrator: string;
  /** RAM lets every principal manage its own keys without a policy; another's need `ram:*AccessKey*`. */
  readonly self: boolean;
  readonly kind: 'account' | 'administrator';
};

/**
 * The owner a request names. Without a name it is the principal itself: the account's own (root)
 * keys for the account, the administrator's own keys for an administrator. No name reaches the root
 * keys, so an administrator never addresses them (the API would refuse: Forbidden.RootApiKey).
 */
export const keyOwnerOf = (p: Principal, requested: string): KeyOwner => {
  if (requested && !(p.kind === 'administrator' && requested === p.administratorId)) {
    return { kind: 'administrator', administrator: requested, self: false, api: `/api/v1/administrators/${seg(requested)}/api-keys` };
  }
  return p.kind === 'account'
    ? { kind: 'account', administrator: '', self: true, api: '/api/v1/account/api-keys' }
    : { kind: 'administrator', administrator: '', self: true, api: `/api/v1/administrators/${seg(p.administratorId)}/api-keys` };
};

const pageOf = (owner: KeyOwner) => `${ACCESS_KEYS}${qs({ administrator: owner.administrator })}`;

/** The forms post the owner back, so their answers and redirects stay on the same owner's page. */
const OwnerField = (props: { owner: KeyOwner }) =>
  props.owner.administrator ? <input type="hidden" name="administrator" value={props.owner.administrator} /> : <></>;

/** Fixed notices for `?done=<code>`: no text from the URL reaches the page. */
const NOTICES = {
  'key-enabled': 'The AccessKey is enabled: requests signed with it are accepted again.',
  'key-disabled': 'The AccessKey is disabled: requests signed with it are refused until it is enabled.',
  'key-deleted': 'The AccessKey is deleted.',
} as const;
type NoticeCode = keyof typeof NOTICES;

const noticeOf = (c: ConsoleContext): string | undefined => {
  const code = c.req.query('done');
  return code && Object.prototype.hasOwnProperty.call(NOTICES, code) ? NOTICES[code as NoticeCode] : undefined;
};

/** Post/redirect/get, back to the owner's page. */
const done = (c: ConsoleContext, owner: KeyOwner, code: NoticeCode) => {
  const path = pageOf(owner);
  return c.redirect(`${path}${path.includes('?') ? '&' : '?'}done=${code}`, 303);
};

/** The refusals people meet here, said in the console's words; anything else is the API's own message. */
const KEY_REFUSALS: Readonly<Record<string, string>> = {
  'LimitExceeded.ApiKey': `An owner holds at most ${MAX_KEYS_PER_OWNER} AccessKeys: delete one before creating another.`,
  'Forbidden.RootApiKey': "Only the account itself manages the account's own (root) AccessKeys: sign in with a root AccessKey.",
};

type Failure = { readonly error: string; readonly status: number };

/** An API refusal as the page shows it: a sentence, with the API's code to look it up by. */
export const refusalOf = (answer: ApiAnswer): Failure => {
  const status = failStatus(answer);
  const code = typeof answer.json?.code === 'string' ? (answer.json.code as string) : '';
  const message = KEY_REFUSALS[code] ?? (typeof answer.json?.message === 'string' ? (answer.json.message as string) : `The request failed (HTTP ${status}).`);
  return { error: code ? `${message} Error code: ${code}` : message, status };
};

const listPage = async (h: ConsoleHelpers, c: ConsoleContext, owner: KeyOwner, failure?: Failure) => {
  const api = c.get('api');
  const p = c.get('principal');
  const csrf = c.get('consoleSession').csrfToken;
  const can = (action: Action) => owner.self || may(p, action);
  const keys = must(await api('GET', owner.api));
  // The administrators' section: for whoever may list administrators and read their keys.
  const picking = may(p, 'ram:ListUsers') && may(p, 'ram:ListAccessKeys');
  const admins = picking ? must(await api('GET', `/api/v1/administrators${qs({ maxResults: 100, nextToken: c.req.query('nextToken') })}`)) : undefined;
  const listed = (admins?.ok ? admins.json.administrators : []) as AdministratorView[];
  const others = listed.filter((a) => !(p.kind === 'administrator' && a.id === p.administratorId));
  const shown = listed.find((a) => a.id === owner.administrator);
  const ownerName = shown ? shown.name : owner.administrator;
  const rows = (keys.ok ? keys.json.apiKeys : []) as KeyView[];
  const title = owner.self ? (p.kind === 'account' ? 'AccessKeys' : 'Your AccessKeys') : `AccessKeys of ${ownerName}`;
  return h.page(
    c,
    title,
    <>
      <Heading title={title}>
        <p class="muted">
          {owner.kind === 'account'
            ? "The account's own (root) AccessKeys act as the account: everything is allowed. Give automation an administrator's AccessKey instead, with only the policies it needs."
            : owner.self
              ? `They act as you, administrator ${p.kind === 'administrator' ? p.name : ''}, with your policies.`
              : `They act as administrator ${ownerName}, with its policies.`}{' '}
          Each AccessKey is an AccessKeyId and AccessKeySecret pair for the Alibaba Cloud API, and its secret is also a bearer key for the management API.
        </p>
      </Heading>
      <Flash notice={failure ? undefined : noticeOf(c)} error={failure?.error} />
      {picking && (
        <Card title="Administrators' AccessKeys">
          {admins?.ok ? (
            <>
              <form method="get" action={ACCESS_KEYS} class="actions" aria-label="Choose whose AccessKeys to show">
                <div>
                  <Select
                    label="Show the AccessKeys of"
                    name="administrator"
                    value={owner.administrator}
                    options={[
                      { value: '', label: p.kind === 'account' ? 'The account itself (root AccessKeys)' : 'Yourself' },
                      ...others.map((a) => ({ value: a.id, label: a.displayName && a.displayName !== a.name ? `${a.name} (${a.displayName})` : a.name })),
                    ]}
                  />
                </div>
                <button type="submit" class="secondary">
                  Show
                </button>
              </form>
              {others.length === 0 && <p class="muted">No administrators yet.</p>}
              <Pager path={ACCESS_KEYS} nextToken={admins.json.nextToken} query={owner.administrator ? { administrator: owner.administrator } : {}} />
            </>
          ) : (
            <Flash error={admins && refusalOf(admins).error} />
          )}
        </Card>
      )}
      <Card title={`AccessKeys (${rows.length} of ${MAX_KEYS_PER_OWNER})`}>
        {keys.ok ? (
          rows.length ? (
            <DataTable columns={['AccessKeyId', 'Status', 'Signs requests', 'Created']} label="AccessKeys" actions={can('ram:UpdateAccessKey') || can('ram:DeleteAccessKey')}>
              {rows.map((k) => (
                <tr>
                  <td>
                    <code>{k.id}</code>
                    {/* Disabling or deleting the key the session signed in with ends the session: say so beforehand. */}
                    {k.id === p.keyId && <div class="muted">You are signed in with this AccessKey.</div>}
                  </td>
                  <td>
                    <StatusBadge status={k.status} />
                  </td>
                  <td>
                    {k.signsRequests ? (
                      'Yes'
                    ) : (
                      <>
                        No <div class="muted">Made before AccessKey signatures: it works as a bearer key only. Create a new one to sign API requests.</div>
                      </>
                    )}
                  </td>
                  <td>
                    <When at={k.createdAt} />
                  </td>
                  {(can('ram:UpdateAccessKey') || can('ram:DeleteAccessKey')) && (
                    <td>
                      <div class="actions">
                      {can('ram:UpdateAccessKey') && (
                        <form method="post" action={`${ACCESS_KEYS}/${seg(k.id)}/status`} class="inline">
                          <Csrf token={csrf} />
                          <OwnerField owner={owner} />
                          <input type="hidden" name="status" value={k.status === 'Active' ? 'Inactive' : 'Active'} />
                          <button type="submit" class={k.status === 'Active' ? 'secondary' : undefined} aria-label={`${k.status === 'Active' ? 'Disable' : 'Enable'} AccessKey ${k.id}`}>
                            {k.status === 'Active' ? 'Disable' : 'Enable'}
                          </button>
                        </form>
                      )}
                      {can('ram:DeleteAccessKey') && (
                        // Asks for confirmation on a page of its own before anything is deleted.
                        <form method="post" action={`${ACCESS_KEYS}/${seg(k.id)}/delete`} class="inline">
                          <Csrf token={csrf} />
                          <OwnerField owner={owner} />
                          <button type="submit" class="danger" aria-label={`Delete AccessKey ${k.id}`}>
                            Delete
                          </button>
                        </form>
                      )}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </DataTable>
          ) : (
            <p class="muted">No AccessKeys yet.</p>
          )
        ) : (
          <Flash error={refusalOf(keys).error} />
        )}
      </Card>
      {keys.ok && can('ram:CreateAccessKey') && (
        <Card title="Create an AccessKey">
          <form method="post" action={`${ACCESS_KEYS}/create`} aria-label="Create an AccessKey">
            <Csrf token={csrf} />
            <OwnerField owner={owner} />
            <p class="muted">
              At most {MAX_KEYS_PER_OWNER} per owner, so a new key can be rolled in before the old one goes. The AccessKeySecret is shown once, on the next page.
            </p>
            <Submit>Create AccessKey</Submit>
          </form>
        </Card>
      )}
    </>,
    failure?.status ?? (keys.ok ? 200 : failStatus(keys)),
  );
};

/** The new pair, in the answer to the form and nowhere else: the API keeps only the secret's hash and its sealed copy. */
const createdPage = (h: ConsoleHelpers, c: ConsoleContext, owner: KeyOwner, created: { apiKey: KeyView; secret: string }) =>
  h.page(
    c,
    'AccessKey created',
    <>
      <Heading title="AccessKey created" trail={[{ href: pageOf(owner), label: 'AccessKeys' }]} />
      <Card title="The AccessKey pair">
        <dl>
          <dt>AccessKeyId</dt>
          <dd>
            <code data-access-key-id>{created.apiKey.id}</code>
          </dd>
        </dl>
        <SecretOnce label="AccessKeySecret" value={created.secret} />
        <p>Store both where your automation reads its credentials. If the secret is lost, create a new AccessKey and delete this one.</p>
      </Card>
      <Card title="Calling the Alibaba Cloud API">
        <p>The aliyun CLI, the SDKs and Terraform's alicloud provider sign their requests with the pair; point them at this endpoint:</p>
        <dl>
          <dt>Endpoint</dt>
          <dd>
            <code data-endpoint>{`${publicOrigin(c)}/`}</code>
          </dd>
          <dt>API version</dt>
          <dd>
            <code>{CLOUDSSO_VERSION}</code> (CloudSSO)
          </dd>
        </dl>
        <p class="muted">
          The management REST API takes the AccessKeySecret as a bearer key: <code>Authorization: Bearer &lt;AccessKeySecret&gt;</code>.
        </p>
      </Card>
      <p>
        <a href={pageOf(owner)}>Back to the AccessKeys</a>
      </p>
    </>,
    201,
  );

/** Before deleting: what goes with the key, and a button that means it. */
const confirmDelete = (h: ConsoleHelpers, c: ConsoleContext, owner: KeyOwner, key: KeyView) =>
  h.page(
    c,
    'Delete the AccessKey',
    <>
      <Heading title={`Delete AccessKey ${key.id}?`} trail={[{ href: pageOf(owner), label: 'AccessKeys' }]} />
      <div class="warning" role="alert" data-delete-warning>
        Requests signed with this AccessKey, and management API calls that present its secret, are refused from now on. A deleted AccessKey cannot be restored.
        {key.status === 'Active' && ' It is still active: if you are not sure that nothing uses it, disable it first and watch for failures.'}
        {key.id === c.get('principal').keyId && ' You are signed in to the console with it: deleting it signs you out.'}
      </div>
      <form method="post" action={`${ACCESS_KEYS}/${seg(key.id)}/delete`} aria-label="Confirm the deletion">
        <Csrf token={c.get('consoleSession').csrfToken} />
        <OwnerField owner={owner} />
        <input type="hidden" name="confirm" value="yes" />
        <p class="actions">
          <button type="submit" class="danger">
            Yes, delete AccessKey {key.id}
          </button>
          <a class="button secondary" href={pageOf(owner)}>
            Cancel
          </a>
        </p>
      </form>
    </>,
  );

/**
 * AccessKeys, as RAM's console has them: the signed-in principal's own keys, and (for whoever may
 * manage them) each administrator's; create (the secret shown once), disable, enable, delete after a
 * confirmation. Every read and write is the management API's, as the signed-in principal.
 */
export const accessKeysConsole: ConsoleModule = {
  // Every principal may manage its own keys, so the page is always in the navigation.
  nav: () => ({ title: 'RAM', links: [{ href: ACCESS_KEYS, label: 'AccessKeys' }] }),
  register: (app, h) => {
    const ownerFrom = (c: ConsoleContext, requested: string | undefined) => keyOwnerOf(c.get('principal'), requested?.trim() ?? '');

    app.get(ACCESS_KEYS, (c) => listPage(h, c, ownerFrom(c, c.req.query('administrator'))));

    app.post(`${ACCESS_KEYS}/create`, async (c) => {
      const owner = ownerFrom(c, formText(c, 'administrator'));
      const res = await c.get('api')('POST', owner.api);
      if (res.ok) return createdPage(h, c, owner, res.json);
      return listPage(h, c, owner, refusalOf(res));
    });

    app.post(`${ACCESS_KEYS}/:keyId/status`, async (c) => {
      const owner = ownerFrom(c, formText(c, 'administrator'));
      const status = formText(c, 'status') === 'Inactive' ? 'Inactive' : 'Active';
      const res = await c.get('api')('PATCH', `${owner.api}/${seg(c.req.param('keyId'))}`, { status });
      if (res.ok) return done(c, owner, status === 'Active' ? 'key-enabled' : 'key-disabled');
      return listPage(h, c, owner, refusalOf(res));
    });

    app.post(`${ACCESS_KEYS}/:keyId/delete`, async (c) => {
      const owner = ownerFrom(c, formText(c, 'administrator'));
      const keyId = c.req.param('keyId');
      const api = c.get('api');
      if (formText(c, 'confirm') !== 'yes') {
        // The confirmation first, about the key as the API lists it: nothing is deleted by this answer.
        const keys = must(await api('GET', owner.api));
        if (!keys.ok) return listPage(h, c, owner, refusalOf(keys));
        const key = (keys.json.apiKeys as KeyView[]).find((k) => k.id === keyId);
        if (!key) return listPage(h, c, owner, { error: `AccessKey ${keyId} does not exist. Error code: EntityNotExists.ApiKey`, status: 404 });
        return confirmDelete(h, c, owner, key);
      }
      const res = await api('DELETE', `${owner.api}/${seg(keyId)}`);
      if (res.ok) return done(c, owner, 'key-deleted');
      return listPage(h, c, owner, refusalOf(res));
    });
  },
};
