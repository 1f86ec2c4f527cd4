import type { AccessConfigurationId, AccountId, DirectoryId } from '../shared/ids';
import type { AccessConfiguration } from './access-configuration';

/**
 * An access configuration as it stands in one account. `revision` is the configuration's revision it
 * applied; when the configuration has moved on, the account reads `ReprovisionRequired` — derived on
 * read, so a change to a configuration provisioned in 1,000 accounts writes one item, not 1,001.
 */
export type Provisioning = {
  readonly directoryId: DirectoryId;
  readonly accountId: AccountId;
  readonly accessConfigurationId: AccessConfigurationId;
  /** The role in the account; kept here so it can be removed after the configuration is gone. */
  readonly roleName: string;
  readonly revision: number;
  readonly state: 'Provisioned' | 'DeprovisionFailed';
  readonly failureReason?: string;
  readonly updatedAt: string;
};

export type ProvisioningStatus = 'Provisioned' | 'ReprovisionRequired' | 'DeprovisionFailed';

export const statusOf = (provisioning: Provisioning, configuration: AccessConfiguration | undefined): ProvisioningStatus => {
  if (provisioning.state === 'DeprovisionFailed') return 'DeprovisionFailed';
  return configuration && configuration.revision > provisioning.revision ? 'ReprovisionRequired' : 'Provisioned';
};
