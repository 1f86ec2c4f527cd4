import type { ApplicationId, InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Application, SamlApplication } from './application';
import type { Instance } from './instance';

export type ApplicationQuotaExceeded = Failure<'LimitExceeded.Application'>;

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
  /**
   * The instance and its SAML applications registered with this SP entity id, however many (the id is
   * not unique across applications; the caller decides what several mean). Reads the instance's
   * applications, which its edition caps at a few dozen.
   */
  withSpEntityId(instanceId: InstanceId, spEntityId: string): Promise<{ readonly instance: Instance | undefined; readonly applications: readonly SamlApplication[] }>;
  /** One page of the instance's applications, in id order (stable from page to page). */
  list(instanceId: InstanceId, page: PageRequest): Promise<Result<Page<Application>, InvalidNextToken>>;
  /**
   * Stores a new application and counts it against the instance's `maxApplications` in one
   * transaction: of concurrent creates at the limit exactly as many succeed as there is room for.
   * A duplicate id is a broken generator and is thrown.
   */
  create(application: Application, maxApplications: number): Promise<Result<void, ApplicationQuotaExceeded>>;
  /** Writes the application if its stored version is still `expectedVersion`. */
  update(application: Application, expectedVersion: number): Promise<Result<void, ConcurrentModification>>;
  /** Deletes it (and frees its place in the quota) if its stored version is still `application.version`. */
  delete(application: Application): Promise<Result<void, ConcurrentModification>>;
}
