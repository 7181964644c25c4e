import { useQuery } from '@tanstack/react-query';
import { api, ok } from './api';
import type { Option } from './lookups';

/**
 * Reference lists the document screens share: warehouses, stores (org units), products searched
 * as one types. Each is read once per session (a chain has tens of stores and warehouses).
 */
export interface WarehouseRef {
  id: string;
  code: string;
  name: string;
  orgUnitId: string;
  kind: 'normal' | 'in_transit';
  status: string;
}
export interface OrgUnitRef {
  id: string;
  code: string;
  name: string;
  kind: 'hq' | 'store';
  status: string;
}
export interface ProductRef {
  id: string;
  code: string;
  name: string;
  barcodes: string[];
  batchManaged: boolean;
  purchasePrice: string;
  taxRate: string;
}

const REF_SIZE = 500;

export function useWarehouses(): WarehouseRef[] {
  const q = useQuery({
    queryKey: ['ref', 'warehouses'],
    staleTime: 300_000,
    queryFn: async () => ok<{ items: WarehouseRef[] }>(await api.GET('/api/inventory/warehouses', { params: { query: { pageSize: REF_SIZE } } })).items,
  });
  return q.data ?? [];
}

/** Stores (and HQ) by id; empty where the user may not list org units (names then fall back to codes the rows carry). */
export function useOrgUnits(): OrgUnitRef[] {
  const q = useQuery({
    queryKey: ['ref', 'org-units'],
    staleTime: 300_000,
    retry: false,
    queryFn: async () => {
      try {
        return ok<{ items: OrgUnitRef[] }>(await api.GET('/api/org-units', { params: { query: { pageSize: REF_SIZE } } })).items;
      } catch {
        return [];
      }
    },
  });
  return q.data ?? [];
}

export const refOptions = (rows: { id: string; code: string; name: string }[]): Option[] => rows.map((r) => ({ label: `${r.code} ${r.name}`, value: r.id }));
export const refEnum = (rows: { id: string; code: string; name: string }[]) => Object.fromEntries(rows.map((r) => [r.id, { text: `${r.code} ${r.name}` }]));
export const refName = (rows: { id: string; code: string; name: string }[], id: string | null | undefined): string => {
  const r = rows.find((x) => x.id === id);
  return r ? `${r.code} ${r.name}` : (id ?? '-');
};

/** Products matching a code, name or exact barcode, for a searchable select (active ones). */
export async function searchProducts(keyWords?: string): Promise<(Option & { product: ProductRef })[]> {
  const text = keyWords?.trim();
  const page = ok<{ items: ProductRef[] }>(await api.GET('/api/catalog/products', { params: { query: { search: text || undefined, pageSize: 20, status: 'active' } } }));
  let items = page.items;
  // a scanned barcode: the keyword search may not cover barcodes
  if (text && /^\d{6,}$/.test(text) && items.length === 0) {
    items = ok<{ items: ProductRef[] }>(await api.GET('/api/catalog/products', { params: { query: { barcode: text, pageSize: 5 } } })).items;
  }
  return items.map((p) => ({ label: `${p.code} ${p.name}`, value: p.id, product: p }));
}

/** One product's code and name (for document lines that carry only its id). */
export function useProduct(id: string | undefined): ProductRef | undefined {
  const q = useQuery({
    queryKey: ['ref', 'product', id],
    enabled: !!id,
    staleTime: 300_000,
    queryFn: async () => ok<ProductRef>(await api.GET('/api/catalog/products/{id}', { params: { path: { id: id! } } })),
  });
  return q.data;
}

/** Today as the API's business date (the browser's local day). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
