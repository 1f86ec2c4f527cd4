import type { ConsoleModule } from './app';
import { may } from './env';
import { registerAccessConfigurations } from './cloudsso/access-configurations';
import { registerGroups } from './cloudsso/groups';
import { registerOverview } from './cloudsso/overview';
import { registerPermissions } from './cloudsso/permissions';
import { registerSettings } from './cloudsso/settings';
import { ROOT } from './cloudsso/paths';
import { registerTasks } from './cloudsso/tasks';
import { registerUsers } from './cloudsso/users';

/**
 * The CloudSSO console: the procedures the seeds script through the API, as pages. Overview (enable
 * CloudSSO, the portal URL), users, groups, settings (logon method, SAML, SCIM, password policy, MFA),
 * access configurations, multi-account permissions and tasks. Every read and write goes through the
 * management API as the signed-in principal; the navigation shows only what its policies allow.
 */
export const cloudSsoConsole: ConsoleModule = {
  register: (app, helpers) => {
    registerOverview(app, helpers);
    registerUsers(app, helpers);
    registerGroups(app, helpers);
    registerSettings(app, helpers);
    registerAccessConfigurations(app, helpers);
    registerPermissions(app, helpers);
    registerTasks(app, helpers);
  },
  nav: (c) => {
    const p = c.get('principal');
    if (!may(p, 'cloudsso:GetServiceStatus')) return undefined;
    const links: { href: string; label: string }[] = [{ href: ROOT, label: 'Directory' }];
    if (may(p, 'cloudsso:ListUsers')) links.push({ href: `${ROOT}/users`, label: 'Users' });
    if (may(p, 'cloudsso:ListGroups')) links.push({ href: `${ROOT}/groups`, label: 'Groups' });
    if (may(p, 'cloudsso:GetDirectory')) links.push({ href: `${ROOT}/settings`, label: 'Settings' });
    if (may(p, 'cloudsso:ListAccessConfigurations')) links.push({ href: `${ROOT}/access-configurations`, label: 'Access configurations' });
    if (may(p, 'cloudsso:ListAccessAssignments')) links.push({ href: `${ROOT}/permissions`, label: 'Multi-account permissions' });
    if (may(p, 'cloudsso:ListTasks')) links.push({ href: `${ROOT}/tasks`, label: 'Tasks' });
    return { title: 'CloudSSO', links };
  },
};
