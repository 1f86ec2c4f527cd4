import type { DirectoryId, UserId } from '../shared/ids';

/** A multi-valued SCIM attribute entry (emails, phoneNumbers, …), kept as the IdP sent it. */
export type ScimMultiValue = {
  readonly value?: string;
  readonly type?: string;
  readonly primary?: boolean;
  readonly display?: string;
};

export type ScimAddress = {
  readonly formatted?: string;
  readonly streetAddress?: string;
  readonly locality?: string;
  readonly region?: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly type?: string;
  readonly primary?: boolean;
};

/**
 * The SCIM attributes CloudSSO itself has no field for, stored with the user so that what an IdP
 * writes it reads back unchanged (RFC 7643 §4.1 and the enterprise extension §4.3).
 */
export type ScimProfile = {
  readonly name?: {
    readonly formatted?: string;
    readonly middleName?: string;
    readonly honorificPrefix?: string;
    readonly honorificSuffix?: string;
  };
  readonly nickName?: string;
  readonly profileUrl?: string;
  readonly title?: string;
  readonly userType?: string;
  readonly preferredLanguage?: string;
  readonly locale?: string;
  readonly timezone?: string;
  readonly emails?: readonly ScimMultiValue[];
  readonly phoneNumbers?: readonly ScimMultiValue[];
  readonly addresses?: readonly ScimAddress[];
  readonly enterprise?: {
    readonly employeeNumber?: string;
    readonly costCenter?: string;
    readonly organization?: string;
    readonly division?: string;
    readonly department?: string;
    readonly manager?: { readonly value?: string; readonly displayName?: string };
  };
};

export type UserStatus = 'Enabled' | 'Disabled';
export type ProvisionType = 'Manual' | 'Synchronized';
export type Tag = { readonly key: string; readonly value: string };

/** A CloudSSO directory user (CloudSSO API 2021-05-15 `User`), with its SCIM extras. */
export type DirectoryUser = {
  readonly directoryId: DirectoryId;
  readonly id: UserId;
  /** ≤ 64 of `[A-Za-z0-9@_.-]`, unique in the directory case-insensitively. */
  readonly userName: string;
  readonly displayName?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  /** ≤ 128, unique in the directory case-insensitively. */
  readonly email?: string;
  readonly description?: string;
  readonly status: UserStatus;
  readonly provisionType: ProvisionType;
  /** The IdP's identifier for the user (SCIM `externalId`), unique in the directory. */
  readonly externalId?: string;
  readonly tags: readonly Tag[];
  readonly scim?: ScimProfile;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
};
