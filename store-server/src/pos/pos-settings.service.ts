import { Injectable, Logger } from '@nestjs/common';
import { CommonError, DomainException, PaymentMethod, PERMISSIONS, PermissionCode, PosError, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEFAULT_WEIGHED_LAYOUTS } from './weighed-barcode';
import { PosSettingsDto, UpdatePosSettingsDto } from './pos-settings.dto';
import { PosSettingsRepository, type SettingsLayers } from './pos-settings.repository';
import { PosSettingsRow } from './pos-store.entity';

export type PosSettings = PosSettingsDto;
type Section = keyof PosSettings;

const SECTIONS: Section[] = ['checkout', 'receipt', 'peripherals', 'keyboard', 'paymentMethods'];

export const DEFAULT_POS_SETTINGS: PosSettings = {
  checkout: {
    rounding: { unit: '0.01', mode: 'half-up' },
    allowPriceOverride: true,
    allowDiscounts: true,
    lineDiscountLimitPercent: 10,
    saleDiscountLimitPercent: 5,
    memberRequiredForMemberPrice: true,
    voidLineNeedsPermission: true,
    warehouseId: null,
    weighedBarcodes: DEFAULT_WEIGHED_LAYOUTS,
  },
  receipt: {
    header: ['欢迎光临'],
    footer: ['谢谢惠顾，欢迎再来', '凭小票七日内退换'],
    width: 32,
    fields: { cashier: true, till: true, barcode: false, memberRef: true, discounts: true, payments: true },
  },
  peripherals: {
    printer: { kind: 'escpos-usb', address: null, copies: 1, autoCut: true },
    cashDrawer: { enabled: true, openOn: 'cash' },
    scale: { enabled: false, protocol: 'none', port: null },
    customerDisplay: { enabled: false, port: null },
  },
  keyboard: {
    shortcuts: [
      { key: 'F1', action: 'search' },
      { key: 'F2', action: 'quantity' },
      { key: 'F3', action: 'member' },
      { key: 'F4', action: 'line-discount' },
      { key: 'F5', action: 'sale-discount' },
      { key: 'F6', action: 'void-line' },
      { key: 'F8', action: 'suspend' },
      { key: 'F9', action: 'reprint' },
      { key: 'F10', action: 'refund' },
      { key: 'F12', action: 'pay-cash' },
      { key: 'Ctrl+L', action: 'lock' },
    ],
  },
  paymentMethods: { enabled: null },
};

/** Rules no decorator can say: a key used twice, a warehouse or payment method of another store. */
function crossCheck(s: Partial<PosSettings>): string[] {
  const problems: string[] = [];
  const keys = new Map<string, number>();
  s.keyboard?.shortcuts.forEach((k, i) => {
    if (keys.has(k.key)) problems.push(`keyboard.shortcuts.${i}.key`);
    keys.set(k.key, i);
  });
  const ids = s.paymentMethods?.enabled ?? [];
  if (new Set(ids).size !== ids.length) problems.push('paymentMethods.enabled');
  return problems;
}

@Injectable()
export class PosSettingsService {
  private readonly log = new Logger('PosSettings');
  private readonly verdicts = new Map<string, boolean>();

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly repo: PosSettingsRepository,
  ) {}

  /** Defaults ← HQ's (synced) ← the store's own, section by section. Read live, every time. */
  async effective(ctx: RequestContext, storeId: string): Promise<PosSettings> {
    return this.merge(storeId, await this.repo.layers(ctx, storeId));
  }

  /** The effective settings from the two stored layers (read by the caller, e.g. with the sale's other rows). */
  merge(storeId: string, layers: SettingsLayers | undefined): PosSettings {
    const out = { ...DEFAULT_POS_SETTINGS };
    for (const section of SECTIONS) {
      for (const source of [layers?.hq, layers?.own]) {
        const v = source?.[section];
        if (v === undefined || v === null) continue;
        // HQ's defaults arrive by sync: a section this version cannot read falls back instead of breaking the till
        if (this.valid(section, v)) (out as Record<string, unknown>)[section] = v;
        else this.log.warn(`POS settings section ${section} of store ${storeId} is invalid; using the previous layer`);
      }
    }
    return out;
  }

  /**
   * Whether a stored section is readable. Memoised by the section's JSON text: the verdict on a
   * given text never changes, while the settings themselves are still read fresh per request.
   */
  private valid(section: Section, value: unknown): boolean {
    const key = `${section}:${JSON.stringify(value)}`;
    const known = this.verdicts.get(key);
    if (known !== undefined) return known;
    const dto = plainToInstance(UpdatePosSettingsDto, { [section]: value });
    const ok = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).length === 0 && crossCheck(dto).length === 0;
    if (this.verdicts.size >= 256) this.verdicts.clear();
    this.verdicts.set(key, ok);
    return ok;
  }

  async get(ctx: RequestContext) {
    const storeId = requireStore(ctx);
    const own = await this.connection.repo(ctx, PosSettingsRow).findOneBy({ orgUnitId: storeId });
    return { effective: await this.effective(ctx, storeId), ownSections: Object.keys(own?.document ?? {}), updatedAt: own?.updatedAt ?? null };
  }

  async update(ctx: RequestContext, dto: UpdatePosSettingsDto) {
    const storeId = requireStore(ctx);
    const sections = SECTIONS.filter((s) => dto[s] !== undefined && dto[s] !== null);
    if (!sections.length)
      throw new DomainException(CommonError.VALIDATION_FAILED, 'send at least one section / 至少提交一个设置项', [{ field: 'checkout', message: 'no section given' }]);
    const problems = crossCheck(dto);
    if (problems.length)
      throw new DomainException(
        PosError.POS_SETTINGS_INVALID,
        'a shortcut key or payment method is listed twice / 快捷键或付款方式重复',
        problems.map((field) => ({ field, message: 'duplicate' })),
      );
    await this.connection.withTransaction(ctx, async (tx) => {
      if (dto.checkout?.warehouseId) {
        if (!(await this.repo.isSellingWarehouse(tx, storeId, dto.checkout.warehouseId)))
          throw new DomainException(PosError.POS_SETTINGS_INVALID, 'not an active warehouse of this store / 不是本店可用仓库', [
            { field: 'checkout.warehouseId', message: 'unknown warehouse' },
          ]);
      }
      if (dto.paymentMethods?.enabled?.length) {
        const found = await this.repo.methodsByIds(tx, dto.paymentMethods.enabled);
        const known = new Set(found.map((r) => r.id));
        const bad = dto.paymentMethods.enabled
          .map((id, i) => (known.has(id) ? null : { field: `paymentMethods.enabled.${i}`, message: 'unknown payment method' }))
          .filter((f) => !!f);
        if (bad.length) throw new DomainException(PosError.POS_SETTINGS_INVALID, 'unknown payment method / 付款方式不存在', bad);
      }
      await this.repo.saveOwn(tx, storeId, Object.fromEntries(sections.map((s) => [s, dto[s]])), tx.userId);
    });
    return this.get(ctx);
  }

  /** The payment methods a till offers: HQ's active ones, narrowed and ordered by this store's list. */
  async paymentMethods(ctx: RequestContext, storeId: string, settings?: PosSettings): Promise<PaymentMethod[]> {
    const s = settings ?? (await this.effective(ctx, storeId));
    const all = await this.connection.repo(ctx, PaymentMethod).find({ where: { status: 'active', enabled: true }, order: { sortOrder: 'ASC', code: 'ASC' } });
    return enabledMethods(all, s);
  }

  /** 收银员权限: the POS permission codes and which of this store's roles hold them (roles are managed at HQ). */
  async permissions(ctx: RequestContext) {
    const storeId = requireStore(ctx);
    const roles = await this.repo.roles(ctx, storeId);
    return (Object.keys(PERMISSIONS) as PermissionCode[])
      .filter((c) => c.startsWith('pos.'))
      .map((code) => ({
        code,
        ...PERMISSIONS[code],
        roles: roles.filter((r) => r.permissions.includes(code) || r.permissions.includes('*')).map((r) => ({ code: r.code, name: r.name })),
      }));
  }
}

/** POS work happens at a store and in its name: an HQ account signed in at a store cannot sell. */
export function requireStore(ctx: RequestContext): string {
  const id = ctx.storeId;
  if (!id) throw new DomainException(CommonError.FORBIDDEN, 'POS operations need a user of this store / 收银操作需要门店用户');
  return id;
}

/** HQ's active methods (in HQ's order), narrowed and ordered by the store's list when it has one. */
export function enabledMethods<M extends { id: string }>(all: M[], settings: PosSettings): M[] {
  const enabled = settings.paymentMethods.enabled;
  if (!enabled) return all;
  const byId = new Map(all.map((p) => [p.id, p]));
  return enabled.map((id) => byId.get(id)).filter((p): p is M => !!p);
}

/** The warehouse a store sells from: the setting, else its first active normal warehouse (`warehouses` come ordered by code). */
export function sellingWarehouse(warehouses: Array<{ id: string }>, settings: PosSettings): string {
  const wanted = settings.checkout.warehouseId;
  const w = wanted ? warehouses.find((x) => x.id === wanted) : warehouses[0];
  if (!w) throw new DomainException(PosError.POS_NO_WAREHOUSE, 'this store has no active warehouse to sell from / 门店没有可用仓库');
  return w.id;
}
