import type { Directory } from '../../domain/directory/directory';
import type { DirectoryRepository } from '../../domain/directory/ports';
import type { Clock } from '../../domain/shared/clock';
import type { AccountId, DirectoryId } from '../../domain/shared/ids';
import { TtlCache } from './ttl-cache';

/** A DirectoryRepository whose reads by id and/or by name are cached per instance; writes pass through. */
export class CachedDirectories implements DirectoryRepository {
  private readonly byId: TtlCache<Directory | undefined> | undefined;
  private readonly byName: TtlCache<Directory | undefined> | undefined;

  constructor(
    private readonly inner: DirectoryRepository,
    options: { readonly ttlMs: number; readonly clock: Clock; readonly byId?: boolean; readonly byName?: boolean },
  ) {
    this.byId = options.byId ? new TtlCache(options.ttlMs, options.clock) : undefined;
    this.byName = options.byName ? new TtlCache(options.ttlMs, options.clock) : undefined;
  }

  get(id: DirectoryId) {
    return this.byId ? this.byId.get(id, () => this.inner.get(id)) : this.inner.get(id);
  }
  findByName(name: string) {
    return this.byName ? this.byName.get(name, () => this.inner.findByName(name)) : this.inner.findByName(name);
  }
  findByManagementAccount(accountId: AccountId) {
    return this.inner.findByManagementAccount(accountId);
  }
  create(d: Directory) {
    return this.inner.create(d);
  }
  update(d: Directory, previous: Directory) {
    return this.inner.update(d, previous);
  }
  delete(d: Directory) {
    return this.inner.delete(d);
  }
  serviceEnabledAt(accountId: AccountId) {
    return this.inner.serviceEnabledAt(accountId);
  }
  enableService(accountId: AccountId, at: string) {
    return this.inner.enableService(accountId, at);
  }
}
