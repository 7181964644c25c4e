import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  DomainException,
  HEADERS,
  MAX_CLOCK_SKEW_MS,
  OrgUnit,
  RequestContext,
  signatureMatches,
  SUPPORTED_PROTOCOLS,
  TransactionalConnection,
  TransferError,
  bodyText,
} from '@chain-erp/shared';
import { createHmac, randomBytes } from 'node:crypto';
import { StoreTransfer } from './hq-transfer.entity';
import { LOCKOUT_LIMITS } from './source-lockout';
import { TransferSourceRepository } from './transfer-source.repository';

/** Failed signatures of one address claiming one store before that pair is locked (docs/security.md §3). */
export const MAX_SIGNATURE_FAILURES = LOCKOUT_LIMITS.perStore;

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
 * Verifies signed transfer requests: protocol, the source's lock, clock, signature (current key, or
 * the previous one during a rotation's grace period), revocation and nonce. A failed signature is
 * counted against its *source* (address × claimed store code, and the address across codes), never
 * against the store: an attacker locks itself out, and a correctly signed request from any other
 * address is served. An unknown store code fails exactly like a wrong password (same answer, same
 * work), so codes cannot be probed. Every refusal is logged with the code, address and reason —
 * never the signature or the key.
 */
@Injectable()
export class TransferAuthService {
  private readonly logger = new Logger('TransferAuth');
  /** checked against when the claimed store does not exist, so that case costs the same as a wrong key */
  private readonly decoyKey = randomBytes(32);

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly sources: TransferSourceRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
      throw new DomainException(
        TransferError.TRANSFER_PROTOCOL_UNSUPPORTED,
        `protocol ${protocol.slice(0, 10)} is not supported; HQ speaks ${SUPPORTED_PROTOCOLS.join(', ')} / 传输协议版本不兼容`,
        undefined,
        {
          supported: SUPPORTED_PROTOCOLS,
        },
      );
    }
    const storeCode = code.slice(0, 16);
    const source = sourceOf(req);
    const m = this.connection.manager(new RequestContext(null));
    const row = await this.sources.requestState(m, storeCode, source);
    // a locked source is refused before its signature is looked at: a lock stops guessing
    if (row.locked_until) {
      this.refused(code, req, 'source locked');
      throw this.locked(source, row.locked_until);
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
    if (!signed(row.key ?? this.decoyKey) || !row.store_id) {
      // the decoy keeps the work the same whether or not there is a previous key
      if (signed(row.previous_key ?? this.decoyKey) && row.previous_key) {
        if (!row.previous_key_until || row.previous_key_until <= new Date()) {
          this.refused(code, req, 'expired key');
          throw new DomainException(
            TransferError.TRANSFER_KEY_EXPIRED,
            'the transfer password was changed at HQ; enter the new one at the store / 传输密码已更换，请在门店输入新密码',
          );
        }
        keyExpiresAt = row.previous_key_until;
      } else {
        await this.countFailure(source, storeCode, req, row.store_id ? 'bad signature' : 'unknown store');
      }
    }
    const storeId = row.store_id!;
    // only now, signed: a revoked store learns it is revoked, an attacker learns nothing
    if (row.status === 'revoked') {
      this.refused(code, req, 'revoked');
      throw new DomainException(TransferError.TRANSFER_STORE_REVOKED, 'the transfer channel of this store has been revoked at HQ / 门店传输已被总部停用');
    }
    if (!/^[0-9a-f]{16,64}$/.test(nonce)) throw new DomainException(TransferError.TRANSFER_UNSIGNED, 'bad nonce / 随机数格式错误');
    if (!(await this.sources.claimNonce(m, storeId, nonce))) {
      this.refused(code, req, 'replayed nonce');
      throw new DomainException(TransferError.TRANSFER_REPLAYED_NONCE, 'this request was already received (replay) / 重复的请求');
    }
    // contact bookkeeping, at most every few seconds per store; stale nonces and quiet counters go now and then
    await this.sources.touchContact(m, storeId);
    if (Math.random() < 0.02) {
      await this.sources.pruneNonces(m, (2 * MAX_CLOCK_SKEW_MS) / 1000);
      await this.sources.prune(m);
    }
    return { storeId, storeCode: row.code!, keyExpiresAt };
  }

  /**
   * The salt `hello` gives for a store code: the store's own, or — for a code with no transfer
   * channel — one derived from a server secret and the code, stable and of the same shape, so the
   * answer does not tell whether the store exists. (JWT_SECRET is shared by every HQ instance.)
   */
  saltFor(storeCode: string, realSalt: string | null): string {
    const decoy = createHmac('sha256', this.config.jwtSecret)
      .update('transfer-hello-salt\0' + storeCode)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    return realSalt ?? decoy;
  }

  private async countFailure(source: string, storeCode: string, req: SignedRequestParts, reason: string): Promise<never> {
    const outcome = await this.connection.withTransaction(new RequestContext(null), (tx) => this.sources.recordFailure(this.connection.manager(tx), source, storeCode, reason));
    this.refused(storeCode, req, reason, { triesLeft: outcome.triesLeft, lockedUntil: outcome.lockedUntil });
    if (outcome.lockedUntil) throw this.locked(source, outcome.lockedUntil);
    throw new DomainException(
      TransferError.TRANSFER_BAD_SIGNATURE,
      `bad signature: wrong transfer password or store code? ${outcome.triesLeft} ${outcome.triesLeft === 1 ? 'try' : 'tries'} left before this address is locked / 签名错误：传输密码或门店编码不正确？再错 ${outcome.triesLeft} 次将锁定本地址`,
      undefined,
      { triesLeft: outcome.triesLeft },
    );
  }

  private locked(source: string, until: Date): DomainException {
    const at = until.toISOString();
    return new DomainException(
      TransferError.TRANSFER_LOCKED,
      `too many failed signatures from this address (${source}): wait until ${at}, or ask HQ to lift the lock (门店传输管理: reinstate the store) / 本地址签名错误次数过多，已锁定至 ${at}；请等待，或请总部在「门店传输管理」中解除锁定`,
      undefined,
      { lockedUntil: at, source },
    );
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

/** Where a signed request comes from, as the lockout counts it (req.ip: see TRUST_PROXY). */
export function sourceOf(req: { ip?: string }): string {
  return (req.ip ?? 'unknown').replace(/^::ffff:/, '').slice(0, 64);
}
