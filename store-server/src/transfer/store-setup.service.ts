import { Injectable, Logger } from '@nestjs/common';
import {
  claimSetupCode,
  DomainException,
  decodeSetupCode,
  deriveTransferKey,
  fetchHello,
  HandshakeResult,
  HelloResult,
  httpStatusOf,
  HttpHqPort,
  RequestContext,
  setupTokenId,
  SignedClient,
  SUPPORTED_PROTOCOLS,
  TransactionalConnection,
  TransferCallError,
  TransferError,
  unwrapKey,
} from '@chain-erp/shared';
import { StoreSetupRepository } from './store-setup.repository';
import type { ConnectionTestResultDto } from './store-transfer.dto';

export interface SetupInput {
  hqUrl?: string;
  storeCode?: string;
  warehouseCode: string;
  transferPassword?: string;
  setupCode?: string;
}

export interface StoreLink {
  hqUrl: string;
  storeCode: string;
  storeId: string;
  warehouseCode: string;
  key: Buffer;
}

/** An HQ refusal as our own error (same code), or HQ_ERROR for codes this version does not know. */
export function asDomain(e: unknown): DomainException {
  if (e instanceof DomainException) return e;
  if (e instanceof TransferCallError) {
    const code = httpStatusOf(e.code) >= 400 && httpStatusOf(e.code) < 600 && httpStatusOf(e.code) !== 500 ? e.code : TransferError.TRANSFER_HQ_ERROR;
    // HQ's facts go along: tries left after a wrong password, until when the address is locked
    return new DomainException(code, `HQ: ${e.message}`, undefined, e.details);
  }
  return new DomainException(TransferError.TRANSFER_HQ_ERROR, `HQ: ${(e as Error)?.message ?? e}`);
}

/**
 * 门店系统初始化: links this store server to HQ. The key is derived here from the transfer password
 * (or unwrapped from a setup code) and proven with a signed handshake before anything is saved.
 */
@Injectable()
export class StoreSetupService {
  private readonly logger = new Logger('StoreSetup');
  private cached: StoreLink | null | undefined;

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly repo: StoreSetupRepository,
  ) {}

  async link(ctx: RequestContext = new RequestContext(null)): Promise<StoreLink | null> {
    if (this.cached !== undefined) return this.cached;
    const row = await this.repo.link(ctx);
    this.cached = row ? { hqUrl: row.hq_url, storeCode: row.store_code, storeId: row.store_id, warehouseCode: row.warehouse_code, key: row.key } : null;
    return this.cached;
  }

  async requireLink(ctx?: RequestContext): Promise<StoreLink> {
    const link = await this.link(ctx);
    if (!link) throw new DomainException(TransferError.STORE_NOT_INITIALISED, 'this store is not set up yet: POST /api/setup / 门店尚未初始化');
    return link;
  }

  hqPort(link: StoreLink, now?: () => number): HttpHqPort {
    return new HttpHqPort(new SignedClient({ baseUrl: link.hqUrl, storeCode: link.storeCode, key: link.key, now }));
  }

  /** Resolves the key and proves it with HQ; saves nothing. */
  async verify(input: SetupInput): Promise<{ link: Omit<StoreLink, 'storeId' | 'warehouseCode'>; handshake: HandshakeResult; salt: string }> {
    let hqUrl = input.hqUrl;
    let storeCode = input.storeCode;
    let key: Buffer;
    let salt: string;
    try {
      if (input.setupCode) {
        const code = decodeSetupCode(input.setupCode);
        if (!code)
          throw new DomainException(TransferError.TRANSFER_SETUP_CODE_INVALID, 'this is not a setup code / 初始化码格式错误', [{ field: 'setupCode', message: 'malformed' }]);
        hqUrl = input.hqUrl ?? code.hqUrl;
        storeCode = code.storeCode;
        const claim = await claimSetupCode(hqUrl, storeCode, setupTokenId(code.token));
        const unwrapped = unwrapKey(claim.wrappedKey, code.token);
        if (!unwrapped) throw new DomainException(TransferError.TRANSFER_SETUP_CODE_INVALID, 'the setup code does not match / 初始化码不匹配');
        key = unwrapped;
        salt = claim.salt;
      } else {
        if (!hqUrl || !storeCode || !input.transferPassword) {
          throw new DomainException('VALIDATION_FAILED', 'HQ address, store code and transfer password are needed (or a setup code) / 请填写总部地址、门店编码和传输密码', [
            { field: 'transferPassword', message: 'required without setupCode' },
          ]);
        }
        const hello = await fetchHello(hqUrl, storeCode);
        if (!SUPPORTED_PROTOCOLS.some((p) => hello.supportedProtocols.includes(p))) {
          throw new DomainException(
            TransferError.TRANSFER_PROTOCOL_UNSUPPORTED,
            `HQ speaks protocol ${hello.supportedProtocols.join(', ')}, this store ${SUPPORTED_PROTOCOLS.join(', ')}: upgrade / 传输协议版本不兼容`,
          );
        }
        salt = hello.salt;
        key = await deriveTransferKey(input.transferPassword, hello.salt, hello.kdf);
      }
      const link = { hqUrl: hqUrl, storeCode: storeCode, key };
      const handshake = await this.hqPort({ ...link, storeId: '', warehouseCode: '' }).handshake();
      return { link, handshake, salt };
    } catch (e) {
      throw asDomain(e);
    }
  }

  /**
   * 测试连接 (wizard): is a Chain ERP HQ answering at this address, and do we speak a common
   * protocol? Only while the store is not set up (it is public, like setup itself).
   */
  async testConnection(ctx: RequestContext, hqUrl: string, storeCode = 'S000'): Promise<ConnectionTestResultDto> {
    if (await this.link(ctx)) throw this.alreadyInitialised();
    const started = Date.now();
    let hello: HelloResult;
    try {
      hello = await fetchHello(hqUrl, storeCode);
    } catch (e) {
      // something answered but refused the HQ route (e.g. a store server, a web page): not an HQ
      if (e instanceof TransferCallError && e.code !== TransferError.TRANSFER_HQ_UNREACHABLE) {
        throw new DomainException(TransferError.TRANSFER_HQ_ERROR, `${hqUrl} answered ${e.status} ${e.code}, not as a Chain ERP HQ / 该地址不是总部服务器`, [
          { field: 'hqUrl', message: 'not an HQ' },
        ]);
      }
      throw asDomain(e);
    }
    const hqProtocols = Array.isArray(hello?.supportedProtocols) ? hello.supportedProtocols : typeof hello?.protocol === 'number' ? [hello.protocol] : null;
    if (!hqProtocols)
      throw new DomainException(TransferError.TRANSFER_HQ_ERROR, `${hqUrl} answered, but not as a Chain ERP HQ / 该地址不是总部服务器`, [{ field: 'hqUrl', message: 'not an HQ' }]);
    if (!SUPPORTED_PROTOCOLS.some((p) => hqProtocols.includes(p))) {
      throw new DomainException(
        TransferError.TRANSFER_PROTOCOL_UNSUPPORTED,
        `HQ speaks protocol ${hqProtocols.join(', ')}, this store ${SUPPORTED_PROTOCOLS.join(', ')}: upgrade / 传输协议版本不兼容`,
      );
    }
    return { hqUrl, hqProtocol: hello.protocol, hqProtocols, storeProtocols: [...SUPPORTED_PROTOCOLS], elapsedMs: Date.now() - started };
  }

  /** Saves the link (refused when one exists: reset first). */
  async save(ctx: RequestContext, input: SetupInput, verified: Awaited<ReturnType<StoreSetupService['verify']>>): Promise<StoreLink> {
    const wh = verified.handshake.warehouses.find((w) => w.code === input.warehouseCode && w.kind === 'normal');
    if (!wh) {
      throw new DomainException(TransferError.STORE_SETUP_WAREHOUSE_UNKNOWN, `warehouse ${input.warehouseCode} is not one of this store's / 仓库编码不属于本门店`, [
        {
          field: 'warehouseCode',
          message: `one of ${verified.handshake.warehouses
            .filter((w) => w.kind === 'normal')
            .map((w) => w.code)
            .join(', ')}`,
        },
      ]);
    }
    await this.connection.withTransaction(ctx, async (tx) => {
      const inserted = await this.repo.insert(tx, {
        hqUrl: verified.link.hqUrl,
        storeCode: verified.link.storeCode,
        storeId: verified.handshake.storeId,
        warehouseCode: input.warehouseCode,
        keySalt: verified.salt,
        key: verified.link.key,
      });
      if (!inserted) throw this.alreadyInitialised();
    });
    this.cached = undefined;
    this.logger.log({ store: verified.link.storeCode, hq: verified.link.hqUrl }, 'store set up');
    return (await this.link(ctx))!;
  }

  /** A new transfer password (after a rotation at HQ), proven before it replaces the old key. */
  async changeKey(ctx: RequestContext, input: { transferPassword?: string; setupCode?: string }): Promise<void> {
    const current = await this.requireLink(ctx);
    const verified = await this.verify({ hqUrl: current.hqUrl, storeCode: current.storeCode, warehouseCode: current.warehouseCode, ...input });
    if (verified.handshake.storeId !== current.storeId)
      throw new DomainException(TransferError.TRANSFER_OTHER_STORE, 'that password belongs to another store / 该密码属于其他门店');
    await this.repo.changeKey(ctx, verified.link.key, verified.salt);
    this.cached = undefined;
  }

  /** Forgets the link and the sync position (data and unsent records stay; the next setup re-syncs all). */
  async reset(ctx: RequestContext, confirmStoreCode: string): Promise<void> {
    const link = await this.requireLink(ctx);
    if (link.storeCode !== confirmStoreCode)
      throw new DomainException('VALIDATION_FAILED', 'type the store code to confirm / 请输入门店编码确认', [{ field: 'confirmStoreCode', message: 'does not match' }]);
    await this.connection.withTransaction(ctx, (tx) => this.repo.forget(tx));
    this.cached = undefined;
    this.logger.warn({ store: link.storeCode, by: ctx.user?.username }, 'store setup reset');
  }

  alreadyInitialised(): DomainException {
    return new DomainException(TransferError.STORE_ALREADY_INITIALISED, 'this store is already set up; reset it first / 门店已初始化，如需重新初始化请先重置');
  }
}
