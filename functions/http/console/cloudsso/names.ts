import type { ConsoleApi } from '../api-client';
import type { Dir } from './directory';
import { seg } from './paths';

/** Names for the ids that assignments and tasks carry, each looked up once per request. */
export const namesFor = (api: ConsoleApi, dir: Dir) => {
  const cache = new Map<string, Promise<string | undefined>>();
  const lookup = (path: string, pick: (json: any) => string | undefined) => {
    let hit = cache.get(path);
    if (!hit) {
      hit = api('GET', path).then((a) => (a.ok ? pick(a.json) : undefined));
      cache.set(path, hit);
    }
    return hit;
  };
  return {
    user: (id: string) => lookup(`${dir.api}/users/${seg(id)}`, (j) => j.userName),
    group: (id: string) => lookup(`${dir.api}/groups/${seg(id)}`, (j) => j.name),
    principal: (type: string, id: string) =>
      type === 'Group' ? lookup(`${dir.api}/groups/${seg(id)}`, (j) => j.name) : lookup(`${dir.api}/users/${seg(id)}`, (j) => j.userName),
    accessConfiguration: (id: string) => lookup(`${dir.api}/access-configurations/${seg(id)}`, (j) => j.name),
    account: (id: string) => lookup(`/api/v1/resource-directory/accounts/${seg(id)}`, (j) => j.displayName),
  };
};

export type Names = ReturnType<typeof namesFor>;
