import { Injectable } from '@nestjs/common';
import { type PaymentMethodType, queryRows, RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

/** The two stored layers of the settings: HQ's (org_settings.extra.pos, synced) and the store's own. */
export interface SettingsLayers {
  hq: Record<string, unknown> | null;
  own: Record<string, unknown> | null;
}

export interface MethodRow {
  id: string;
  code: string;
  name: string;
  type: PaymentMethodType;
}

export interface RoleRow {
  code: string;
  name: string;
  permissions: string[];
}

const SQL = sqlStatements(
  'pos.settings',
  {
    layers: `SELECT (SELECT extra->'pos' FROM org_settings WHERE org_unit_id = $1) AS hq,
              (SELECT document FROM pos_settings WHERE org_unit_id = $1) AS own`,
    sellingWarehouse: `SELECT 1 FROM warehouse WHERE id = $1 AND org_unit_id = $2 AND kind = 'normal' AND status = 'active'`,
    methodsByIds: 'SELECT id, code, name, type FROM payment_method WHERE id = ANY($1::uuid[])',
    // the store's sections replace its earlier ones; the sections it does not send stay
    saveOwn: `INSERT INTO pos_settings (org_unit_id, document, updated_by, row_version, updated_at) VALUES ($1, $2, $3, 1, now())
         ON CONFLICT (org_unit_id) DO UPDATE SET document = pos_settings.document || EXCLUDED.document, updated_by = EXCLUDED.updated_by,
           row_version = pos_settings.row_version + 1, updated_at = now()`,
    roles: `SELECT code, name, permissions FROM role WHERE org_unit_id = $1 OR org_unit_id IS NULL ORDER BY code`,
  },
  ['store'],
);

/** SQL of 收银设置 and the payment methods the till names. */
@Injectable()
export class PosSettingsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Both stored layers (each null when absent). */
  async layers(ctx: RequestContext, storeId: string): Promise<SettingsLayers> {
    const [row] = await queryRows<SettingsLayers>(this.connection.manager(ctx), SQL.layers, [storeId]);
    return row;
  }

  /** Whether the warehouse is an active normal one of the store (one a till may sell from). */
  async isSellingWarehouse(ctx: RequestContext, storeId: string, warehouseId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.sellingWarehouse, [warehouseId, storeId])).length > 0;
  }

  /** The payment methods of these ids that exist (any status). */
  methodsByIds(ctx: RequestContext, ids: string[]): Promise<MethodRow[]> {
    return queryRows<MethodRow>(this.connection.manager(ctx), SQL.methodsByIds, [ids]);
  }

  /** Writes the store's own sections over its earlier ones (`patch`: section → value). */
  async saveOwn(ctx: RequestContext, storeId: string, patch: Record<string, unknown>, userId: string | null): Promise<void> {
    await queryRows(this.connection.manager(ctx), SQL.saveOwn, [storeId, JSON.stringify(patch), userId]);
  }

  /** This store's roles and the chain's, with their permission codes. */
  roles(ctx: RequestContext, storeId: string): Promise<RoleRow[]> {
    return queryRows<RoleRow>(this.connection.manager(ctx), SQL.roles, [storeId]);
  }
}
