import type { ConsoleContext } from '../env';

/**
 * The notices a page shows after a change: `?done=<code>` names one of these, so no text from the
 * URL ever reaches the page.
 */
const NOTICES = {
  enabled: 'CloudSSO is enabled: the directory is created.',
  renamed: 'The directory is renamed.',
  'user-created': 'The user is created.',
  'user-updated': 'The user is updated.',
  'user-enabled': 'The user is enabled.',
  'user-disabled': 'The user is disabled.',
  'user-deleted': 'The user is deleted.',
  'password-set': 'The password is set.',
  'mfa-deleted': 'The MFA device is deleted.',
  'group-created': 'The group is created.',
  'group-updated': 'The group is updated.',
  'group-deleted': 'The group is deleted.',
  'member-added': 'The user is added to the group.',
  'member-removed': 'The user is removed from the group.',
  'method-set': 'The logon method is changed.',
  'idp-set': 'The SAML identity provider is configured.',
  'idp-cleared': 'The SAML identity provider is removed.',
  'scim-on': 'SCIM synchronization is on.',
  'scim-off': 'SCIM synchronization is off.',
  'credential-updated': 'The SCIM credential is updated.',
  'credential-deleted': 'The SCIM credential is deleted.',
  'policy-set': 'The password policy is saved.',
  'mfa-set': 'The MFA setting is saved.',
  'preference-set': 'The login preference is saved.',
  'access-settings-set': 'The access settings are saved.',
  'ac-created': 'The access configuration is created.',
  'ac-updated': 'The access configuration is updated. Accounts where it is provisioned need re-provisioning.',
  'ac-deleted': 'The access configuration is deleted.',
  'policy-attached': 'The permission policy is attached. Accounts where it is provisioned need re-provisioning.',
  'policy-detached': 'The permission policy is detached. Accounts where it is provisioned need re-provisioning.',
  assigned: 'Access is being assigned: the tasks below provision it into the accounts.',
  unassigned: 'The assignment is being removed: the task below deprovisions what nothing else needs.',
  provisioning: 'Provisioning started: the task below shows how it goes.',
} as const;

export type NoticeCode = keyof typeof NOTICES;

export const noticeOf = (c: ConsoleContext): string | undefined => {
  const done = c.req.query('done');
  return done && Object.prototype.hasOwnProperty.call(NOTICES, done) ? NOTICES[done as NoticeCode] : undefined;
};

/** Post/redirect/get: after a change, a GET page with a fixed notice. */
export const done = (c: ConsoleContext, path: string, code: NoticeCode) =>
  c.redirect(`${path}${path.includes('?') ? '&' : '?'}done=${code}`, 303);
