import { applyDecorators, CanActivate, ExecutionContext, Injectable, Logger, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { bodyText, DomainException, HEADERS, MAX_CLOCK_SKEW_MS, Public, signatureMatches, TransferError } from '@chain-erp/shared';
import type { Request } from 'express';
import { StoreSetupService } from './store-setup.service';

/**
 * The store's local transfer API (what the transfer tool drives) takes the same signed requests
 * as HQ, with the same store key: whoever knows the transfer password may sync, nobody else.
 * Nonces are remembered in memory for the clock window (one store server per database).
 */
@Injectable()
export class LocalSignatureGuard implements CanActivate {
  private readonly logger = new Logger('LocalTransferAuth');
  private readonly nonces = new Map<string, number>();

  constructor(private readonly setup: StoreSetupService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const h = (n: string) => req.header(n);
    const [code, ts, nonce, sig] = [h(HEADERS.store), h(HEADERS.timestamp), h(HEADERS.nonce), h(HEADERS.signature)];
    if (!code || !ts || !nonce || !sig) throw new DomainException(TransferError.TRANSFER_UNSIGNED, 'transfer requests must be signed / 传输请求缺少签名');
    const link = await this.setup.requireLink();
    const refuse = (reason: string, code2: string, msg: string) => {
      this.logger.warn({ store: code.slice(0, 16), ip: req.ip, path: req.path, reason }, 'local transfer request refused');
      return new DomainException(code2, msg);
    };
    if (code !== link.storeCode) throw refuse('other store', TransferError.TRANSFER_OTHER_STORE, 'this is another store’s server / 不是本门店的服务器');
    if (!/^\d{10,16}$/.test(ts) || Math.abs(Date.now() - Number(ts)) > MAX_CLOCK_SKEW_MS)
      throw refuse('stale timestamp', TransferError.TRANSFER_STALE_TIMESTAMP, 'request time out of range / 请求时间超出范围');
    if (!signatureMatches(link.key, sig, req.method, req.originalUrl, ts, nonce, bodyText(req.method === 'GET' ? undefined : req.body))) {
      throw refuse('bad signature', TransferError.TRANSFER_BAD_SIGNATURE, 'bad signature: wrong transfer password? / 签名错误');
    }
    const now = Date.now();
    if (this.nonces.has(nonce)) throw refuse('replayed nonce', TransferError.TRANSFER_REPLAYED_NONCE, 'replayed request / 重复的请求');
    this.nonces.set(nonce, now);
    if (this.nonces.size > 10_000) for (const [n, at] of this.nonces) if (now - at > 2 * MAX_CLOCK_SKEW_MS) this.nonces.delete(n);
    return true;
  }
}

export const LocalSigned = () =>
  applyDecorators(
    Public(),
    UseGuards(LocalSignatureGuard),
    ApiHeader({ name: HEADERS.store, required: true }),
    ApiHeader({ name: HEADERS.timestamp, required: true }),
    ApiHeader({ name: HEADERS.nonce, required: true }),
    ApiHeader({ name: HEADERS.signature, required: true }),
  );
