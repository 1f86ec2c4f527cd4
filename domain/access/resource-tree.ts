import type { CloudAccount } from '../org/cloud-account';
import type { AccountRepository, ResourceDirectoryRepository } from '../org/ports';
import type { AccountId, FolderId, ResourceDirectoryId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Result } from '../shared/result';
import type { AccessTarget } from './access-assignment';

type Ports = { readonly accounts: AccountRepository; readonly resourceDirectories: ResourceDirectoryRepository };

/** An active account of the resource directory (member or management), else undefined. */
export const accountInDirectory = async (ports: Ports, rdId: ResourceDirectoryId, accountId: AccountId): Promise<CloudAccount | undefined> => {
  const account = await ports.accounts.get(accountId);
  return account && account.resourceDirectoryId === rdId && account.status === 'Active' ? account : undefined;
};

/**
 * The targets whose assignments reach an account: the account itself and every folder above it, up to
 * the root (at most six reads: folders nest five levels below the root).
 */
export const targetsReaching = async (ports: Ports, account: CloudAccount): Promise<AccessTarget[]> => {
  const targets: AccessTarget[] = [{ type: 'RD-Account', id: account.id }];
  let folderId: FolderId | null | undefined = account.folderId;
  while (folderId && account.resourceDirectoryId) {
    targets.push({ type: 'RD-Folder', id: folderId });
    const folder = await ports.resourceDirectories.getFolder(account.resourceDirectoryId, folderId);
    folderId = folder?.parentId;
  }
  return targets;
};

const all = async <T>(read: (page: PageRequest) => Promise<Result<Page<T>, unknown>>): Promise<T[]> => {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const out = await read({ limit: 100, nextToken });
    if (!out.ok) throw new Error('listing cursor refused while paging internally');
    items.push(...out.value.items);
    nextToken = out.value.nextToken;
  } while (nextToken);
  return items;
};

/** Every account in a folder and its sub-folders (a folder assignment reaches them all). */
export const accountsUnder = async (ports: Ports, rdId: ResourceDirectoryId, folderId: FolderId): Promise<CloudAccount[]> => {
  const accounts: CloudAccount[] = [];
  const pending: FolderId[] = [folderId];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const [here, children] = await Promise.all([
      all((page) => ports.resourceDirectories.listAccounts(rdId, { folderId: current }, page)),
      all((page) => ports.resourceDirectories.listFolders(rdId, current, page)),
    ]);
    accounts.push(...here.filter((a) => a.status === 'Active'));
    pending.push(...children.map((f) => f.id));
  }
  return accounts;
};

export const allPages = all;
