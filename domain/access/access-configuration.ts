import type { Changes } from '../shared/changes';
import type { AccessConfigurationId, DirectoryId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { PermissionPolicies } from './permission-policies';

/**
 * A template of access (CloudSSO's access configuration): the permission policies, session length
 * and landing page a user gets in every account it is assigned on. In each account it becomes a role.
 */
export type AccessConfiguration = {
  readonly directoryId: DirectoryId;
  readonly id: AccessConfigurationId;
  /** Fixed at creation: it names the role in every account. */
  readonly name: string;
  readonly description: string;
  /** Seconds a cloud session lasts. */
  readonly sessionDuration: number;
  /** The console page the user lands on; absent → the cloud's home page. */
  readonly relayState?: string;
  readonly policies: PermissionPolicies;
  /**
   * Bumped by every change that reaches the accounts (policies, session, relay state, description).
   * Each provisioning records the revision it applied; an older one reads `ReprovisionRequired`.
   */
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
};

export type AccessConfigurationFields = {
  readonly name: string;
  readonly description: string;
  readonly sessionDuration: number;
  readonly relayState: string | undefined;
};

export type EditableFields = Pick<AccessConfigurationFields, 'description' | 'sessionDuration' | 'relayState'>;

export type AccessConfigurationInputError = Failure<
  | 'InvalidParameter.AccessConfigurationName'
  | 'InvalidParameter.Description'
  | 'InvalidParameter.SessionDuration'
  | 'InvalidParameter.RelayState'
>;

export const DEFAULT_SESSION_DURATION = 3_600;
export const MIN_SESSION_DURATION = 900;
export const MAX_SESSION_DURATION = 43_200;
const NAME = /^[A-Za-z0-9-]{1,32}$/;
export const ROLE_PREFIX = 'AliyunReservedSSO-';

/** The role an access configuration becomes in an account, and the SAML provider it trusts. */
export const roleNameOf = (configurationName: string) => `${ROLE_PREFIX}${configurationName}`;
export const samlProviderNameOf = (directoryId: DirectoryId) => `${ROLE_PREFIX}${directoryId}`;

const checkEditable = (fields: EditableFields): Result<EditableFields, AccessConfigurationInputError> => {
  if (fields.description.length > 1_024) return fail('InvalidParameter.Description', 'Description is at most 1,024 characters.');
  if (!Number.isInteger(fields.sessionDuration) || fields.sessionDuration < MIN_SESSION_DURATION || fields.sessionDuration > MAX_SESSION_DURATION) {
    return fail('InvalidParameter.SessionDuration', `SessionDuration is a whole number of seconds from ${MIN_SESSION_DURATION} to ${MAX_SESSION_DURATION}.`);
  }
  if (fields.relayState !== undefined && !isConsoleUrl(fields.relayState)) {
    return fail('InvalidParameter.RelayState', 'RelayState is an http(s) URL of at most 1,024 characters.');
  }
  return ok(fields);
};

const isConsoleUrl = (value: string): boolean => {
  if (value.length > 1_024) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

export const newAccessConfiguration = (
  directoryId: DirectoryId,
  id: AccessConfigurationId,
  fields: AccessConfigurationFields,
  now: Date,
): Result<AccessConfiguration, AccessConfigurationInputError> => {
  if (!NAME.test(fields.name)) {
    return fail('InvalidParameter.AccessConfigurationName', 'AccessConfigurationName is 1-32 letters, digits and hyphens.');
  }
  const editable = checkEditable(fields);
  if (!editable.ok) return editable;
  const at = now.toISOString();
  return ok({
    directoryId,
    id,
    name: fields.name,
    description: fields.description,
    sessionDuration: fields.sessionDuration,
    ...(fields.relayState !== undefined ? { relayState: fields.relayState } : {}),
    policies: { system: [] },
    revision: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
};

/** A change the accounts must see: bumps the revision, so provisioned accounts read `ReprovisionRequired`. */
const revise = (configuration: AccessConfiguration, next: Partial<AccessConfiguration>, now: Date): AccessConfiguration => ({
  ...configuration,
  ...next,
  revision: configuration.revision + 1,
  updatedAt: now.toISOString(),
  version: configuration.version + 1,
});

export const changeAccessConfiguration = (
  configuration: AccessConfiguration,
  changes: Changes<EditableFields>,
  now: Date,
): Result<AccessConfiguration, AccessConfigurationInputError> => {
  const merged: EditableFields = {
    description: changes.description ?? configuration.description,
    sessionDuration: changes.sessionDuration ?? configuration.sessionDuration,
    // An empty string clears the relay state; absent keeps it.
    relayState: changes.relayState === undefined ? configuration.relayState : changes.relayState || undefined,
  };
  const checked = checkEditable(merged);
  if (!checked.ok) return checked;
  const { relayState: _old, ...rest } = configuration;
  return ok(
    revise(
      rest as AccessConfiguration,
      { description: merged.description, sessionDuration: merged.sessionDuration, ...(merged.relayState ? { relayState: merged.relayState } : {}) },
      now,
    ),
  );
};

export const withPolicies = (configuration: AccessConfiguration, policies: PermissionPolicies, now: Date): AccessConfiguration =>
  revise(configuration, { policies }, now);
