import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { ApiError } from '../../lib/api';
import { storeApi } from '../../lib/storeApi';

/** The till's settings as `GET /api/pos/settings` gives them (effective = defaults ← HQ ← this store). */
export interface PosSettings {
  checkout: {
    rounding: { unit: '0.01' | '0.1' | '0.5' | '1'; mode: 'half-up' | 'down' | 'up' };
    allowPriceOverride: boolean;
    allowDiscounts: boolean;
    lineDiscountLimitPercent: number;
    saleDiscountLimitPercent: number;
    memberRequiredForMemberPrice: boolean;
    voidLineNeedsPermission: boolean;
    warehouseId?: string | null;
    weighedBarcodes: { prefix: string; codeLength: number; valueLength: number; kind: 'weight' | 'price'; decimals: number }[];
  };
  receipt: { header: string[]; footer: string[]; width: 32 | 42 | 48; fields: Record<'cashier' | 'till' | 'barcode' | 'memberRef' | 'discounts' | 'payments', boolean> };
  peripherals: {
    printer: { kind: string; address?: string | null; copies: number; autoCut: boolean };
    cashDrawer: { enabled: boolean; openOn: 'cash' | 'any' };
    scale: { enabled: boolean; protocol: string; port?: string | null };
    customerDisplay: { enabled: boolean; port?: string | null };
  };
  keyboard: { shortcuts: { key: string; action: string }[] };
  paymentMethods: { enabled: string[] | null };
}
export type Section = keyof PosSettings;
interface SettingsView {
  effective: PosSettings;
  ownSections: string[];
  updatedAt: string | null;
}

export function usePosSettings() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['pos-settings'], queryFn: async () => (await storeApi.GET('/api/pos/settings')).data as unknown as SettingsView });
  /** Saves one section (it replaces the store's copy); the server's field errors go under the fields. */
  async function save<S extends Section>(section: S, value: PosSettings[S], form?: FormInstance): Promise<void> {
    try {
      await storeApi.PUT('/api/pos/settings', { body: { [section]: value } as never });
      await client.invalidateQueries({ queryKey: ['pos-settings'] });
    } catch (e) {
      if (form && e instanceof ApiError && e.fields.length) {
        // `keyboard.shortcuts.3.key` → ['shortcuts', 3, 'key'] inside this section's form
        form.setFields(
          e.fields
            .filter((f) => f.field.startsWith(`${section}.`))
            .map((f) => ({
              name: f.field
                .split('.')
                .slice(1)
                .map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never,
              errors: [f.message],
            })),
        );
      }
      throw e;
    }
  }
  return { ...query, settings: query.data?.effective, own: query.data?.ownSections ?? [], save };
}
