import type { Directory } from '../../domain/directory/directory';
import type { DirectoryPorts } from '../../domain/directory/directory-ports';
import type { DirectoryRepository } from '../../domain/directory/ports';
import type { AccountId, DirectoryId } from '../../domain/shared/ids';
import { TtlCache } from './ttl-cache';

class NameCachedDirectories implements DirectoryRepository {
  private readonly byName: TtlCache<Directory | undefined>;
  constructor(private readonly inner: DirectoryRepository, ttlMs: number, clock: DirectoryPorts['clock']) {
    this.byName = new TtlCache(ttlMs, clock);
  }
  findByName(name: string) {
    return this.byName.get(name, () => this.inner.findByName(name));
  }
  get(id: DirectoryId) {
    return this.inner.get(id);
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
}

/**
 * The portal finds its directory by the name in every URL; a directory's name and id change rarely,
 * so a two-second cache per instance saves two reads a page. A renamed directory's old URL may answer
 * for up to two seconds more.
 */
export const withDirectoryNameCache = <P extends DirectoryPorts>(ports: P, ttlMs = 2000): P => ({
  ...ports,
  directories: new NameCachedDirectories(ports.directories, ttlMs, ports.clock),
});
