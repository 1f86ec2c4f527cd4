import type { Context } from 'hono';

/**
 * The caller's address as the platform saw it: API Gateway's `sourceIp` in Lambda, the socket's peer
 * locally. Never a client-supplied header, which anyone can forge.
 */
export const clientIp = (c: Context): string => {
  const env = c.env as
    | { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } }; testClientIp?: string }
    | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? env?.testClientIp ?? '127.0.0.1';
};
