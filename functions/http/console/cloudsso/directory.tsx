import type { Action } from '../../../../domain/iam/policies';
import { publicOrigin } from '../../management/origin';
import type { ApiAnswer, ConsoleApi } from '../api-client';
import type { ConsoleHelpers } from '../app';
import { Card, Flash } from '../components';
import { may, type ConsoleContext } from '../env';
import { failStatus, must } from './answers';
import { ROOT, seg } from './paths';

/** The signed-in account's directory: its id and the management API path every call starts from. */
export type Dir = { readonly id: string; readonly api: string };

export type Handler = (c: ConsoleContext) => Response | Promise<Response>;

/**
 * The management API builds the URLs it hands out (portal, SCIM base, SP endpoints) from the request
 * it was given; the console calls it in process on an internal origin, so those URLs are rebased on
 * the origin the browser used.
 */
export const publicUrl = (c: ConsoleContext, url: string | undefined): string => {
  if (!url) return '';
  try {
    const parsed = new URL(url);
    if (parsed.hostname !== 'console.internal') return url;
    return `${publicOrigin(c)}${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
};

/** The directory of the signed-in management account, or why there is none. */
export const directoryOf = async (api: ConsoleApi): Promise<{ dir: Dir } | { answer: ApiAnswer; enabled: boolean }> => {
  const status = must(await api('GET', '/api/v1/cloudsso/service'));
  if (status.ok && status.json?.status === 'Enabled' && typeof status.json.directoryId === 'string') {
    const id = status.json.directoryId as string;
    return { dir: { id, api: `/api/v1/cloudsso/directories/${seg(id)}` } };
  }
  return { answer: status, enabled: false };
};

/**
 * Wraps a page that needs the directory: without one, it says CloudSSO is not enabled (and where to
 * enable it) instead of failing on every call.
 */
export const inDirectory =
  (h: ConsoleHelpers, title: string, handler: (c: ConsoleContext, dir: Dir) => Response | Promise<Response>): Handler =>
  async (c) => {
    const found = await directoryOf(c.get('api'));
    if ('dir' in found) return handler(c, found.dir);
    if (!found.answer.ok) {
      return h.page(c, title, <><h1>{title}</h1><Flash error={found.answer.json?.message ?? 'You may not read the CloudSSO status.'} /></>, failStatus(found.answer));
    }
    return h.page(
      c,
      title,
      <>
        <h1>{title}</h1>
        <Card title="CloudSSO is not enabled">
          <p>
            This account has no CloudSSO directory yet. <a href={ROOT}>Enable CloudSSO</a> first.
          </p>
        </Card>
      </>,
      c.req.method === 'GET' ? 200 : 409,
    );
  };

/** Whether the signed-in principal may do `action` (what to show; the API still decides). */
export const can = (c: ConsoleContext, action: Action) => may(c.get('principal'), action);
