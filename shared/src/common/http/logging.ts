import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';

/** Paths redacted from every log line: passwords, tokens, keys, signatures. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-transfer-signature"]',
  'req.headers["x-setup-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.transferPassword',
  '*.accessToken',
  '*.token',
  '*.key',
  '*.secret',
  '*.signature',
  '*.setupCode',
];

export function pinoParams(level: string, pretty = false): Params {
  return {
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // Serializers that read only what a line shows. pino-http's default wrapping first copies every
      // request into a full record (headers, address, query…) and every response's headers, per
      // request: each request's child logger serialises its `req` when it is made, at any level.
      wrapSerializers: false,
      serializers: {
        req: (req: { id: unknown; method: string; url: string; originalUrl?: string }) => ({
          id: req.id,
          method: req.method,
          url: String(req.originalUrl ?? req.url).split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: stdSerializers.err,
      },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/health') },
      ...(pretty ? { transport: { target: 'pino-pretty' } } : {}),
    },
  };
}
