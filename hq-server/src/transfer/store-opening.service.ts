import { Injectable, Logger } from '@nestjs/common';
import {
  AuditService,
  canonicalJson,
  CommonError,
  DomainException,
  OrgSettings,
  OrgUnit,
  OrgUnitService,
  RequestContext,
  Role,
  sha256Hex,
  TransactionalConnection,
  TransferError,
  UserService,
  Warehouse,
} from '@chain-erp/shared';
import { In } from 'typeorm';
import { StoreDataScope, StoreOpening } from './hq-transfer.entity';
import { DataScopeDto, OpenStoreDto } from './store-opening.dto';
import { StoreTransferRepository } from './store-transfer.repository';
import { StoreTransferService } from './store-transfer.service';

export interface OpenStoreResult {
  store: { id: string; code: string; name: string };
  warehouses: Array<{ id: string; code: string; name: string; kind: string }>;
  users: Array<{ id: string; username: string; role: string }>;
  /** only when HQ generated it, and only in the first answer: write it down now */
  transferPassword: string | null;
  setupCode: string;
  setupCodeExpiresAt: string;
  /** true when this answers a retry of an opening already done */
  replayed: boolean;
}

const REQUIRED_ROLES = ['store-admin', 'cashier'];

/**
 * 开新店: one transaction makes the store's org unit, warehouses (plus in-transit), users with
 * roles, transfer key, data scope and settings. The idempotency key makes a retry answer the first
 * result instead of opening a second store.
 */
@Injectable()
export class StoreOpeningService {
  private readonly logger = new Logger('StoreOpening');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly orgUnits: OrgUnitService,
    private readonly users: UserService,
    private readonly transfer: StoreTransferService,
    private readonly audit: AuditService,
    private readonly repo: StoreTransferRepository,
  ) {}

  async open(ctx: RequestContext, dto: OpenStoreDto, requestOrigin: string): Promise<OpenStoreResult> {
    const hqUrl = dto.hqUrl ?? requestOrigin;
    // passwords are left out of the request's fingerprint: nothing derived from them is kept here
    const requestHash = sha256Hex(canonicalJson({ ...dto, hqUrl: undefined, transferPassword: undefined, users: dto.users.map((u) => ({ ...u, password: undefined })) }));
    this.checkRequest(dto);
    return this.connection.withTransaction(ctx, async (tx) => {
      // concurrent retries wait here for the first one, then see its row
      if (!(await this.repo.claimOpening(tx, dto.idempotencyKey, requestHash, ctx.userId))) return this.replay(tx, dto, requestHash, hqUrl);

      const roles = await this.connection.repo(tx, Role).findBy({ code: In([...new Set(dto.users.map((u) => u.role))]) });
      const roleByCode = new Map(roles.map((r) => [r.code, r]));
      const unknown = dto.users.findIndex((u) => !roleByCode.has(u.role) || roleByCode.get(u.role)!.orgUnitId !== null);
      if (unknown >= 0)
        throw new DomainException(CommonError.VALIDATION_FAILED, `unknown role ${dto.users[unknown].role} / 角色不存在`, [
          { field: `users.${unknown}.role`, message: 'unknown chain-wide role' },
        ]);
      if (await this.connection.repo(tx, OrgUnit).exists({ where: { code: dto.code } })) {
        throw new DomainException(TransferError.STORE_CODE_TAKEN, `store code ${dto.code} is in use / 门店编码已存在`, [{ field: 'code', message: 'in use' }]);
      }
      const codes = [...dto.warehouses.map((w) => w.code), this.transitCode(dto)];
      if (await this.connection.repo(tx, Warehouse).exists({ where: { code: In(codes) } })) {
        throw new DomainException(CommonError.DUPLICATE, 'a warehouse code is in use / 仓库编码已存在', [{ field: 'warehouses', message: 'code in use' }]);
      }

      let store;
      try {
        store = await this.orgUnits.create(tx, {
          code: dto.code,
          name: dto.name,
          kind: 'store',
          address: dto.address,
          contact: dto.contact,
          phone: dto.phone,
          openingDate: dto.openingDate,
        });
      } catch (e) {
        if (e instanceof DomainException && e.code === 'IDENTITY_ORG_CODE_TAKEN') {
          throw new DomainException(TransferError.STORE_CODE_TAKEN, `store code ${dto.code} is in use / 门店编码已存在`, [{ field: 'code', message: 'in use' }]);
        }
        throw e;
      }
      await this.repo.setOpeningStore(tx, dto.idempotencyKey, store.id);
      const whRepo = this.connection.repo(tx, Warehouse);
      const warehouses = await whRepo.save([
        ...dto.warehouses.map((w) => whRepo.create({ code: w.code, name: w.name, orgUnitId: store.id, kind: 'normal', status: 'active' })),
        whRepo.create({ code: this.transitCode(dto), name: `${dto.name} 在途仓`, orgUnitId: store.id, kind: 'in_transit', status: 'active' }),
      ]);
      const users = [];
      for (const u of dto.users) {
        const created = await this.users.create(tx, {
          username: u.username,
          displayName: u.displayName,
          password: u.password,
          orgUnitId: store.id,
          roleIds: [roleByCode.get(u.role)!.id],
        });
        users.push({ id: created.id, username: created.username, role: u.role });
      }
      await this.connection.repo(tx, OrgSettings).save({
        orgUnitId: store.id,
        allowStorePurchasing: dto.settings?.allowStorePurchasing ?? false,
        allowNegativeStock: dto.settings?.allowNegativeStock ?? false,
        memberCenterUrl: dto.settings?.memberCenterUrl ?? hqUrl,
        extra: {},
      });
      await this.connection.repo(tx, StoreDataScope).save({ storeId: store.id, ...this.scopeRow(dto.dataScope), version: 1 });
      const key = await this.transfer.createKey(tx, store.id, dto.transferPassword);
      const setup = await this.transfer.newSetupCode(tx, store.id, store.code, hqUrl);
      await this.audit.record(tx, {
        entityType: 'store_opening',
        entityId: store.id,
        action: 'open',
        after: { code: store.code, warehouses: codes, users: users.map((u) => u.username), dataScope: dto.dataScope ?? 'all', settings: dto.settings ?? {} },
      });
      this.logger.log({ store: store.code, by: ctx.user?.username }, 'store opened');
      return {
        store: { id: store.id, code: store.code, name: store.name },
        warehouses: warehouses.map((w) => ({ id: w.id, code: w.code, name: w.name, kind: w.kind })),
        users,
        transferPassword: key.generatedPassword,
        setupCode: setup.code,
        setupCodeExpiresAt: setup.expiresAt.toISOString(),
        replayed: false,
      };
    });
  }

  /** The answer to a retry: the same store, a fresh setup code, never the password again. */
  private async replay(tx: RequestContext, dto: OpenStoreDto, requestHash: string, hqUrl: string): Promise<OpenStoreResult> {
    const opening = await this.connection.repo(tx, StoreOpening).findOneByOrFail({ idempotencyKey: dto.idempotencyKey });
    if (opening.requestHash !== requestHash) {
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key was used for a different opening / 该请求号已用于另一次开店');
    }
    const store = await this.orgUnits.get(tx, opening.storeId);
    const warehouses = await this.connection.repo(tx, Warehouse).find({ where: { orgUnitId: store.id }, order: { code: 'ASC' } });
    const users = await this.users.list(tx, { orgUnitId: store.id, page: 1, pageSize: 100 });
    const setup = await this.transfer.newSetupCode(tx, store.id, store.code, hqUrl);
    return {
      store: { id: store.id, code: store.code, name: store.name },
      warehouses: warehouses.map((w) => ({ id: w.id, code: w.code, name: w.name, kind: w.kind })),
      users: users.items.map((u) => ({ id: u.id, username: u.username, role: u.roles[0]?.code ?? '' })),
      transferPassword: null,
      setupCode: setup.code,
      setupCodeExpiresAt: setup.expiresAt.toISOString(),
      replayed: true,
    };
  }

  private checkRequest(dto: OpenStoreDto): void {
    const roles = new Set(dto.users.map((u) => u.role));
    const missing = REQUIRED_ROLES.filter((r) => !roles.has(r));
    if (missing.length) {
      throw new DomainException(
        TransferError.STORE_OPENING_INCOMPLETE,
        `a new store needs at least a store administrator and a cashier (missing: ${missing.join(', ')}) / 新店至少需要门店管理员和收银员`,
        [{ field: 'users', message: `missing role ${missing.join(', ')}` }],
      );
    }
    const names = dto.users.map((u) => u.username.toLowerCase());
    const dup = names.findIndex((n, i) => names.indexOf(n) !== i);
    if (dup >= 0) throw new DomainException(CommonError.VALIDATION_FAILED, 'a username appears twice / 用户名重复', [{ field: `users.${dup}.username`, message: 'duplicate' }]);
    const codes = [...dto.warehouses.map((w) => w.code.toLowerCase()), this.transitCode(dto).toLowerCase()];
    const dupW = codes.findIndex((c, i) => codes.indexOf(c) !== i);
    if (dupW >= 0) throw new DomainException(CommonError.VALIDATION_FAILED, 'a warehouse code appears twice / 仓库编码重复', [{ field: 'warehouses', message: 'duplicate code' }]);
  }

  private transitCode(dto: OpenStoreDto): string {
    return dto.inTransitWarehouseCode ?? `${dto.code}-TRANSIT`;
  }

  scopeRow(s: DataScopeDto | undefined): Omit<StoreDataScope, 'storeId' | 'version' | 'updatedAt'> {
    return {
      allCategories: s?.allCategories ?? !s?.categoryIds,
      categoryIds: s?.categoryIds ?? [],
      allSuppliers: s?.allSuppliers ?? !s?.supplierIds,
      supplierIds: s?.supplierIds ?? [],
      allCustomers: s?.allCustomers ?? !s?.customerIds,
      customerIds: s?.customerIds ?? [],
      allUsers: s?.allUsers ?? true,
      userIds: s?.userIds ?? [],
    };
  }
}
