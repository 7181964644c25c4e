import { Injectable, Logger } from '@nestjs/common';
import {
  DomainException,
  HEADERS,
  MAX_CLOCK_SKEW_MS,
  OrgUnit,
  queryRows,
  RequestContext,
  signatureMatches,
  SUPPORTED_PROTOCOLS,
  TransactionalConnection,
  TransferError,
  bodyText,
} from '@chain-erp/shared';
import { StoreTransfer } from './hq-transfer.entities';

export const MAX_SIGNATURE_FAILURES = 5;
export const CHANNEL_LOCK_MINUTES = 15;

/** The store a signed request proved to be. */
export interface TransferCaller {
  storeId: string;
  storeCode: string;
  /** the request was signed with the previous key, still accepted until then */
  keyExpiresAt: Date | null;
}

export interface SignedRequestParts {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** the body's bytes as received, when the JSON parser kept them: what the store signed */
  rawBody?: Buffer;
  ip?: string;
}

function header(h: SignedRequestParts['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies signed transfer requests: protocol, store, revocation, lockout, clock, signature (current
 * key, or the previous one during a rotation's grace period) and nonce. Every refusal is logged with
 * the store code, address and reason — never the signature or the key.
 */
@Injectable()
export class TransferAuthService {
  private readonly logger = new Logger('TransferAuth');

  constructor(private readonly connection: TransactionalConnection) {}

  async verify(req: SignedRequestParts): Promise<TransferCaller> {
    const code = header(req.headers, HEADERS.store);
    const timestamp = header(req.headers, HEADERS.timestamp);
    const nonce = header(req.headers, HEADERS.nonce);
    const signature = header(req.headers, HEADERS.signature);
    const protocol = header(req.headers, HEADERS.protocol);
    if (!code || !timestamp || !nonce || !signature || !protocol) {
      throw new DomainException(TransferError.TRANSFER_UNSIGNED, 'transfer requests must be signed / 传输请求缺少签名');
    }
    if (!SUPPORTED_PROTOCOLS.includes(Number(protocol))) {
      this.refused(code, req, 'protocol ' + protocol.slice(0, 10));
      throw new DomainException(TransferError.TRANSFER_PROTOCOL_UNSUPPORTED, `protocol ${protocol.slice(0, 10)} is not supported; HQ speaks ${SUPPORTED_PROTOCOLS.join(', ')} / 传输协议版本不兼容`, undefined, {
        supported: SUPPORTED_PROTOCOLS,
      });
    }
    const m = this.connection.manager(new RequestContext(null));
    const [row] = await queryRows<{ store_id: string; code: string; status: string; org_status: string; key: Buffer; previous_key: Buffer | null; previous_key_until: Date | null; locked_until: Date | null }>(
      m,
      `SELECT t.store_id, o.code, t.status, o.status AS org_status, t.key, t.previous_key, t.previous_key_until, t.locked_until
         FROM store_transfer t JOIN org_unit o ON o.id = t.store_id WHERE o.code = $1 AND o.kind = 'store'`,
      [code.slice(0, 16)],
    );
    if (!row) {
      this.refused(code, req, 'unknown store');
      throw new DomainException(TransferError.TRANSFER_UNKNOWN_STORE, `unknown store ${code.slice(0, 16)} / 门店不存在或未开通传输`);
    }
    if (row.status === 'revoked') {
      this.refused(code, req, 'revoked');
      throw new DomainException(TransferError.TRANSFER_STORE_REVOKED, 'the transfer channel of this store has been revoked at HQ / 门店传输已被总部停用');
    }
    if (row.locked_until && row.locked_until > new Date()) {
      this.refused(code, req, 'locked');
      throw new DomainException(TransferError.TRANSFER_LOCKED, `too many failed signatures; the channel is locked until ${row.locked_until.toISOString()} / 签名错误次数过多，传输已锁定`, undefined, {
        lockedUntil: row.locked_until.toISOString(),
      });
    }
    const ts = Number(timestamp);
    if (!/^\d{10,16}$/.test(timestamp) || Math.abs(Date.now() - ts) > MAX_CLOCK_SKEW_MS) {
      this.refused(code, req, 'stale timestamp');
      throw new DomainException(TransferError.TRANSFER_STALE_TIMESTAMP, 'the request time is too far from HQ time; check the store clock / 请求时间与总部相差过大，请校准门店时钟');
    }
    // the store signs exactly the text it sends (JSON.stringify of its body): the received bytes are
    // that text; serialising the parsed body gives the same text again, at a cost for a large push
    const body = req.method === 'GET' ? '' : (req.rawBody ?? bodyText(req.body));
    const signed = (key: Buffer) => signatureMatches(key, signature, req.method, req.path, timestamp, nonce, body);
    let keyExpiresAt: Date | null = null;
    if (!signed(row.key)) {
      if (row.previous_key && signed(row.previous_key)) {
        if (!row.previous_key_until || row.previous_key_until <= new Date()) {
          this.refused(code, req, 'expired key');
          throw new DomainException(TransferError.TRANSFER_KEY_EXPIRED, 'the transfer password was changed at HQ; enter the new one at the store / 传输密码已更换，请在门店输入新密码');
        }
        keyExpiresAt = row.previous_key_until;
      } else {
        await this.countFailure(row.store_id, code, req);
      }
    }
    if (!/^[0-9a-f]{16,64}$/.test(nonce)) throw new DomainException(TransferError.TRANSFER_UNSIGNED, 'bad nonce / 随机数格式错误');
    const fresh = await queryRows(m, `INSERT INTO transfer_nonce (store_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING nonce`, [row.store_id, nonce]);
    if (!fresh.length) {
      this.refused(code, req, 'replayed nonce');
      throw new DomainException(TransferError.TRANSFER_REPLAYED_NONCE, 'this request was already received (replay) / 重复的请求');
    }
    // contact bookkeeping, at most every few seconds per store; stale nonces go now and then
    await m.query(
      `UPDATE store_transfer SET last_contact_at = now(), failed_count = 0
        WHERE store_id = $1 AND (failed_count > 0 OR last_contact_at IS NULL OR last_contact_at < now() - interval '5 seconds')`,
      [row.store_id],
    );
    if (Math.random() < 0.02) await m.query(`DELETE FROM transfer_nonce WHERE seen_at < now() - make_interval(secs => $1)`, [(2 * MAX_CLOCK_SKEW_MS) / 1000]);
    return { storeId: row.store_id, storeCode: row.code, keyExpiresAt };
  }

  private async countFailure(storeId: string, code: string, req: SignedRequestParts): Promise<never> {
    const m = this.connection.manager(new RequestContext(null));
    const [r] = await queryRows<{ failed_count: number; locked_until: Date | null }>(
      m,
      `UPDATE store_transfer SET failed_count = failed_count + 1,
              locked_until = CASE WHEN failed_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END,
              last_error = 'bad signature', last_error_at = now()
        WHERE store_id = $1 RETURNING failed_count, locked_until`,
      [storeId, MAX_SIGNATURE_FAILURES, CHANNEL_LOCK_MINUTES],
    );
    this.refused(code, req, 'bad signature', { failed: r?.failed_count });
    if (r && r.failed_count >= MAX_SIGNATURE_FAILURES) {
      throw new DomainException(TransferError.TRANSFER_LOCKED, `too many failed signatures; the channel is locked for ${CHANNEL_LOCK_MINUTES} minutes / 签名错误次数过多，传输已锁定`, undefined, {
        lockedUntil: r.locked_until,
      });
    }
    throw new DomainException(TransferError.TRANSFER_BAD_SIGNATURE, 'bad signature: wrong transfer password? / 签名错误：传输密码不正确？');
  }

  private refused(code: string, req: SignedRequestParts, reason: string, extra: Record<string, unknown> = {}): void {
    this.logger.warn({ store: code.slice(0, 16), ip: req.ip, path: req.path, reason, ...extra }, 'transfer request refused');
  }

  /** The org unit of a store code (for hello and claims, which are not signed). */
  async storeByCode(code: string): Promise<OrgUnit | null> {
    return this.connection.repo(new RequestContext(null), OrgUnit).findOneBy({ code, kind: 'store' });
  }

  async transferOf(storeId: string): Promise<StoreTransfer | null> {
    return this.connection.repo(new RequestContext(null), StoreTransfer).findOneBy({ storeId });
  }
}
