import type { CustomerId, InstanceId } from '../shared/ids';
import type { CustomerSession } from './customer-session';
import type { LogonSucceeded } from '../../events/logon-succeeded';
import type { PendingAuthorization } from './pending-authorization';
import type { Application } from './application';
import type { Instance } from './instance';
import type { AuthorizationCodeRecord } from './oidc/authorization-code';
import type { ApplicationId } from '../shared/ids';

/** Customer sessions by the hash of their cookie; expired ones read as absent. */
export interface CustomerSessionRepository {
  create(session: CustomerSession): Promise<void>;
  get(instanceId: InstanceId, idHash: string): Promise<CustomerSession | undefined>;
  update(session: CustomerSession): Promise<void>;
  delete(instanceId: InstanceId, idHash: string): Promise<void>;
  /** Ends every session of a customer (disabled, deleted, password reset). */
  deleteAllFor(instanceId: InstanceId, customerId: CustomerId): Promise<number>;
}

export interface PendingAuthorizationStore {
  put(pending: PendingAuthorization): Promise<void>;
  /** Absent when unknown or expired. */
  get(instanceId: InstanceId, id: string): Promise<PendingAuthorization | undefined>;
  delete(instanceId: InstanceId, id: string): Promise<void>;
}

/** Publishes `logon.succeeded` onto the metering queue (SQS in AWS, in process locally). */
export interface LogonEventPublisher {
  publish(event: LogonSucceeded): Promise<void>;
}

/**
 * What a token request reads before anything else, in one round trip (a BatchGetItem in DynamoDB):
 * the instance, the client's application and, for the code grant, the presented code's record. The
 * token endpoint's throughput is mostly its store round trips.
 */
export interface TokenRequestReads {
  read(
    instanceId: InstanceId,
    applicationId: ApplicationId,
    codeHash: string | undefined,
  ): Promise<{ readonly instance: Instance | undefined; readonly application: Application | undefined; readonly code: AuthorizationCodeRecord | undefined }>;
}
