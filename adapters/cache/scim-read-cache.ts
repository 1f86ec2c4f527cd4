import type { DirectoryPorts } from '../../domain/directory/directory-ports';
import type { ScimCredentialRepository } from '../../domain/directory/ports';
import type { ScimCredential } from '../../domain/directory/scim-credential';
import type { Clock } from '../../domain/shared/clock';
import type { DirectoryId, ScimCredentialId } from '../../domain/shared/ids';
import { CachedDirectories } from './cached-directories';
import { TtlCache } from './ttl-cache';

class CachedCredentials implements ScimCredentialRepository {
  private readonly cache: TtlCache<ScimCredential | undefined>;
  constructor(private readonly inner: ScimCredentialRepository, ttlMs: number, clock: Clock) {
    this.cache = new TtlCache(ttlMs, clock);
  }
  findBySecretHash(hash: string) {
    return this.cache.get(hash, () => this.inner.findBySecretHash(hash));
  }
  get(directoryId: DirectoryId, id: ScimCredentialId) {
    return this.inner.get(directoryId, id);
  }
  list(directoryId: DirectoryId) {
    return this.inner.list(directoryId);
  }
  create(c: ScimCredential) {
    return this.inner.create(c);
  }
  setStatus(c: ScimCredential, status: ScimCredential['status']) {
    return this.inner.setStatus(c, status);
  }
  delete(c: ScimCredential) {
    return this.inner.delete(c);
  }
}

/**
 * IdPs send bursts of SCIM requests with one token against one directory. Caching the token lookup and
 * the directory read for a couple of seconds per instance saves two store reads on every request; the
 * price is that disabling a token or turning SCIM synchronization off takes up to `ttlMs` to bite.
 * Quotas stay exact: they are checked inside the write transactions, not against this cached read.
 * Only the SCIM function uses it; the management API always reads fresh.
 */
export const withScimReadCache = <P extends DirectoryPorts>(ports: P, ttlMs = 2000): P => ({
  ...ports,
  scimCredentials: new CachedCredentials(ports.scimCredentials, ttlMs, ports.clock),
  directories: new CachedDirectories(ports.directories, { ttlMs, clock: ports.clock, byId: true }),
});
