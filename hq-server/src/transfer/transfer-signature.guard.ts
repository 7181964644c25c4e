import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrors, HEADERS, Public, TRANSFER_SIGNATURE_ERRORS } from '@chain-erp/shared';
import type { Request } from 'express';
import { TransferAuthService, TransferCaller } from './transfer-auth.service';

type SignedRequest = Request & { transferCaller?: TransferCaller; rawBody?: Buffer };

/** Admits a request signed with a store's transfer key (see TransferAuthService). */
@Injectable()
export class TransferSignatureGuard implements CanActivate {
  constructor(private readonly auth: TransferAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<SignedRequest>();
    req.transferCaller = await this.auth.verify({ method: req.method, path: req.originalUrl, headers: req.headers, body: req.body, rawBody: req.rawBody, ip: req.ip });
    return true;
  }
}

/** A route of the signed transfer API: no JWT, but a valid store signature. */
export const TransferSigned = () =>
  applyDecorators(
    Public(),
    UseGuards(TransferSignatureGuard),
    ApiHeader({ name: HEADERS.store, required: true, description: 'store code' }),
    ApiHeader({ name: HEADERS.timestamp, required: true, description: 'milliseconds since 1970' }),
    ApiHeader({ name: HEADERS.nonce, required: true, description: 'random hex, once per request' }),
    ApiHeader({ name: HEADERS.protocol, required: true, description: 'protocol version' }),
    ApiHeader({ name: HEADERS.signature, required: true, description: 'HMAC-SHA256(key, method\\npath\\ntimestamp\\nnonce\\nsha256(body))' }),
    ApiErrors(...TRANSFER_SIGNATURE_ERRORS),
  );

export const Caller = createParamDecorator((_d: unknown, host: ExecutionContext) => host.switchToHttp().getRequest<SignedRequest>().transferCaller!);
