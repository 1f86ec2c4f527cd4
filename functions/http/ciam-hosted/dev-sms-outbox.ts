import type { Hono } from 'hono';
import { phoneFromForm } from '../../../domain/ciam/customer-phone-logon';
import type { Container } from '../../wire';
import type { RequestLogVariables } from '../request-log';

/**
 * The local SMS outbox, for developers and tests to read codes from: GET /ciam/_dev/sms-outbox?phone=…
 * answers `{messages: [{to, text, sentAt}]}`, newest first. It exists only while the container has an
 * outbox, i.e. no SMS gateway is configured (never in Lambda, see wire.ts); otherwise it is the same
 * 404 page as any unknown path. `_dev` can never be an instance id (ids start with `idaas_`), and the
 * logon pages' paths are longer, so nothing of an instance is shadowed.
 */
export const registerDevSmsOutbox = (app: Hono<{ Variables: RequestLogVariables }>, deps: () => Pick<Container, 'smsOutbox'>) => {
  app.get('/ciam/_dev/sms-outbox', (c) => {
    const outbox = deps().smsOutbox;
    if (!outbox) return c.notFound();
    const raw = c.req.query('phone');
    if (raw === undefined || raw.trim() === '') return c.json({ messages: outbox.list() });
    // A "+" left unencoded in a query string arrives as a space: `?phone=+86139…` reads " 86139…".
    const phone = phoneFromForm(/^\s+\d/.test(raw) ? `+${raw.trim()}` : raw);
    if (!phone.ok) return c.json({ message: phone.error.message }, 400);
    return c.json({ messages: outbox.list({ to: phone.value }) });
  });
};
