import type { ApplicationId, InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Application, SamlApplication } from './application';
import type { Instance } from './instance';

export type ApplicationQuotaExceeded = Failure<'LimitExceeded.Application'>;
/** SAML SSO finds an application by the Issuer of its AuthnRequest: one SP entity id, one application per instance. */
export type SpEntityIdTaken = Failure<'EntityAlreadyExists.SpEntityId'>;

/**
 * An instance's applications. Every call names the instance: an application id given with another
 * instance's id finds nothing. Infrastructure failures are thrown.
 */
export interface ApplicationRepository {
  get(instanceId: InstanceId, id: ApplicationId): Promise<Application | undefined>;
  /**
   * The application with its instance, in one round trip: every OIDC request needs both (is the
   * instance Running, is the application enabled), and reads them before anything else.
   */
  getWithInstance(instanceId: InstanceId, id: ApplicationId): Promise<{ readonly instance: Instance | undefined; readonly application: Application | undefined }>;
  /** The instance and its SAML application registered with this SP entity id, if any (the id is unique per instance). */
  withSpEntityId(instanceId: InstanceId, spEntityId: string): Promise<{ readonly instance: Instance | undefined; readonly application: SamlApplication | undefined }>;
  /** One page of the instance's applications, in id order (stable from page to page). */
  list(instanceId: InstanceId, page: PageRequest): Promise<Result<Page<Application>, InvalidNextToken>>;
  /**
   * Stores a new application and counts it against the instance's `maxApplications` in one
   * transaction: of concurrent creates at the limit exactly as many succeed as there is room for.
   * A SAML application's SP entity id is claimed in the same transaction. A duplicate application id
   * is a broken generator and is thrown.
   */
  create(application: Application, maxApplications: number): Promise<Result<void, ApplicationQuotaExceeded | SpEntityIdTaken>>;
  /** Writes `application` if the stored one is still `previous` (by version), moving its SP entity id claim if it changed. */
  update(application: Application, previous: Application): Promise<Result<void, ConcurrentModification | SpEntityIdTaken>>;
  /** Deletes it (and frees its place in the quota and its SP entity id) if its stored version is still `application.version`. */
  delete(application: Application): Promise<Result<void, ConcurrentModification>>;
}
