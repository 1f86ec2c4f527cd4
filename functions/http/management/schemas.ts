import { z } from '@hono/zod-openapi';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../domain/shared/page';

export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'EntityNotExists.Account' }),
    message: z.string(),
    requestId: z.string(),
  })
  .catchall(z.unknown())
  .openapi('Error');

export const PageQuery = z.strictObject({
  maxResults: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ description: `Page size, 1-${MAX_PAGE_SIZE}.` }),
  nextToken: z.string().max(2048).optional().openapi({ description: 'Opaque token from the previous page.' }),
});

export const errorResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415)[]) =>
  Object.fromEntries(
    [...new Set([400, 401, 403, ...statuses])].map((s) => [
      s,
      { description: DESCRIPTIONS[s], content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  );

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, unknown fields or invalid values.',
  401: 'Missing, unknown or inactive API key.',
  403: 'The principal lacks the permission named in the message.',
  404: 'The resource does not exist (or is not visible to this account).',
  409: 'The request conflicts with the current state.',
  413: 'The body is larger than 1 MB.',
  415: 'The body is not application/json.',
};

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const BEARER = [{ ApiKey: [] }];

/** `{ nextToken }` when there is a next page, nothing on the last one. */
export const withNextToken = (nextToken: string | undefined) => (nextToken ? { nextToken } : {});
