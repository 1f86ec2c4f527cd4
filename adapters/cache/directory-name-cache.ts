import type { DirectoryPorts } from '../../domain/directory/directory-ports';
import { CachedDirectories } from './cached-directories';

/**
 * The portal finds its directory by the name in every URL; a directory's name and id change rarely,
 * so a two-second cache per instance saves two reads a page. A renamed directory's old URL may answer
 * for up to two seconds more.
 */
export const withDirectoryNameCache = <P extends DirectoryPorts>(ports: P, ttlMs = 2000): P => ({
  ...ports,
  directories: new CachedDirectories(ports.directories, { ttlMs, clock: ports.clock, byName: true }),
});
