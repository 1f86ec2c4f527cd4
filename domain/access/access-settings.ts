import type { DirectoryId } from '../shared/ids';

/** Directory-wide access settings, beyond the product's. */
export type AccessSettings = {
  readonly directoryId: DirectoryId;
  /**
   * Re-provision every account a configuration is provisioned in when it changes, instead of leaving
   * them `ReprovisionRequired` until an administrator provisions them (the product's behaviour, the
   * default).
   */
  readonly autoReprovision: boolean;
  readonly updatedAt: string;
  readonly version: number;
};

export const defaultAccessSettings = (directoryId: DirectoryId): AccessSettings => ({
  directoryId,
  autoReprovision: false,
  updatedAt: new Date(0).toISOString(),
  version: 0,
});
