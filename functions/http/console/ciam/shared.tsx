import type { Child } from 'hono/jsx';
import { roleAllows, type InstanceRole } from '../../../../domain/ciam/instance-administrator';
import type { Action } from '../../../../domain/iam/policies';
import type { ApiAnswer } from '../api-client';
import type { ConsoleHelpers } from '../app';
import { Flash, StatusBadge } from '../components';
import { may, type ConsoleContext } from '../env';
import { instanceApi, instancePage, INSTANCES } from './paths';

/** An instance as the management API shows it. */
export type InstanceView = {
  readonly instanceId: string;
  readonly description: string;
  readonly region: string;
  readonly edition: string;
  readonly deployment: string;
  readonly status: string;
  readonly orderId: string;
  readonly createdAt: string;
  readonly releasedAt?: string;
};

/** Whether to show a form on an instance's pages. A convenience only: the API decides. */
export type Abilities = (action: Action) => boolean;

/**
 * What the principal may do on one instance: its policies, or the role it holds on this very instance
 * (an instance administrator needs no IDaaS policy). The role is read from the instance's
 * administrators, once a page, and only when the policies do not already allow everything.
 */
export const instanceAbilities = async (c: ConsoleContext, instanceId: string): Promise<Abilities> => {
  const principal = c.get('principal');
  if (principal.kind === 'account' || may(principal, 'idaas:*')) return () => true;
  const listed = await c.get('api')('GET', instanceApi(instanceId, '/administrators'));
  const role = listed.ok
    ? ((listed.json.administrators as { administratorId: string; role: InstanceRole }[]).find((a) => a.administratorId === principal.administratorId)?.role ?? undefined)
    : undefined;
  return (action) => may(principal, action) || (role !== undefined && roleAllows(role, action));
};

/** Messages for `?done=<code>` after a change: fixed texts, never echoed from the URL. */
const DONE: Readonly<Record<string, string>> = {
  purchased: 'Order placed. The instance is initializing; it runs in a few seconds.',
  'application-updated': 'Application settings saved.',
  'application-enabled': 'Application enabled: customers can log on to it.',
  'application-disabled': 'Application disabled: customers can no longer log on to it.',
  'logon-saved': 'Registration and logon settings saved.',
  'account-created': 'Account created.',
  'administrator-added': 'Administrator added.',
  'administrator-removed': 'Administrator removed from this instance.',
  'thresholds-saved': 'Usage alert thresholds saved.',
};

export const noticeOf = (c: ConsoleContext): string | undefined => DONE[c.req.query('done') ?? ''];

/** A page showing the API's refusal (not found, forbidden, …) with the status it answered. */
export const refusal = (page: ConsoleHelpers['page'], c: ConsoleContext, title: string, answer: ApiAnswer) =>
  page(
    c,
    title,
    <>
      <h1>{title}</h1>
      <Flash error={typeof answer.json?.message === 'string' ? answer.json.message : `The request failed (HTTP ${answer.status}).`} />
      <p>
        <a href={INSTANCES}>Back to the instances</a>
      </p>
    </>,
    answer.status,
  );

export type InstanceTab = 'overview' | 'applications' | 'users' | 'settings' | 'usage';

const TABS: readonly { tab: InstanceTab; label: string; path: string }[] = [
  { tab: 'overview', label: 'Overview', path: '' },
  { tab: 'applications', label: 'Application Management', path: '/applications' },
  { tab: 'users', label: 'Users', path: '/users' },
  { tab: 'settings', label: 'Settings', path: '/administrators' },
  { tab: 'usage', label: 'Usage', path: '/usage' },
];

export const instanceLabel = (i: InstanceView) => i.description || i.instanceId;

/** An instance's pages: a breadcrumb, its name and status, and its sections. */
export const InstanceFrame = (props: { instance: InstanceView; tab: InstanceTab; trail?: readonly (readonly [string, string | undefined])[]; children: Child }) => {
  const i = props.instance;
  return (
    <>
      <nav aria-label="Breadcrumb" class="muted">
        <a href={INSTANCES}>Instances</a> › <a href={instancePage(i.instanceId)}>{instanceLabel(i)}</a>
        {(props.trail ?? []).map(([label, href]) => (
          <>
            {' › '}
            {href ? <a href={href}>{label}</a> : <span aria-current="page">{label}</span>}
          </>
        ))}
      </nav>
      <h1>
        {instanceLabel(i)} <StatusBadge status={i.status} />
      </h1>
      <nav aria-label="Instance sections" class="actions">
        {TABS.map((t) => (
          <a class={t.tab === props.tab ? 'button' : 'button secondary'} href={instancePage(i.instanceId, t.path)} aria-current={t.tab === props.tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      <div style="margin-top:1.25rem">{props.children}</div>
    </>
  );
};

/** Reads the instance a page is about; the caller shows the API's refusal when it fails. */
export const loadInstance = async (c: ConsoleContext, instanceId: string) => c.get('api')('GET', instanceApi(instanceId));

/** The instance of the route's `:instanceId` and what the principal may do on it, or the page showing the API's refusal. */
export const openInstance = async (page: ConsoleHelpers['page'], c: ConsoleContext, title: string) => {
  const instanceId = c.req.param('instanceId') ?? '';
  const answer = await loadInstance(c, instanceId);
  if (!answer.ok) return { refused: await refusal(page, c, title, answer) } as const;
  return { instance: answer.json as InstanceView, can: await instanceAbilities(c, instanceId) } as const;
};

/** A textarea's lines, blank ones dropped. */
export const linesOf = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A form field as sent, untrimmed (a password's spaces are part of it). */
export const formRaw = (c: ConsoleContext, name: string): string => {
  const v = c.get('form')[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/** A ticked checkbox sends its value; an unticked one sends nothing. */
export const ticked = (c: ConsoleContext, name: string): boolean => c.get('form')[name] !== undefined;

/** An ISO time as people read it, machine-readable too. */
export const When = (props: { iso: string | undefined }) =>
  props.iso ? <time datetime={props.iso}>{props.iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')}</time> : <span class="muted">—</span>;
