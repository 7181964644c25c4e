import { useQuery } from '@tanstack/react-query';
import { api, ok } from './api';

export interface Option {
  label: string;
  value: string;
}
interface Named {
  id: string;
  code: string;
  name: string;
}

const toOptions = (rows: Named[]): Option[] => rows.map((r) => ({ label: `${r.code} ${r.name}`, value: r.id }));
const LOOKUP_SIZE = 500;

/**
 * Small reference lists (units, categories, brands) for selects and for names in lists, read once
 * per session (up to 500 each: a chain has tens of them). Suppliers are searched as one types.
 */
export function useLookups() {
  const units = useQuery({
    queryKey: ['lookup', 'units'],
    staleTime: 300_000,
    queryFn: async () => toOptions(ok<{ items: Named[] }>(await api.GET('/api/catalog/units', { params: { query: { pageSize: LOOKUP_SIZE } } })).items),
  });
  const categories = useQuery({
    queryKey: ['lookup', 'categories'],
    staleTime: 300_000,
    queryFn: async () => toOptions(ok<{ items: Named[] }>(await api.GET('/api/catalog/categories', { params: { query: { pageSize: LOOKUP_SIZE } } })).items),
  });
  const brands = useQuery({
    queryKey: ['lookup', 'brands'],
    staleTime: 300_000,
    queryFn: async () => toOptions(ok<{ items: Named[] }>(await api.GET('/api/catalog/brands', { params: { query: { pageSize: LOOKUP_SIZE } } })).items),
  });
  return { units: units.data ?? [], categories: categories.data ?? [], brands: brands.data ?? [] };
}

/** Suppliers matching what the user typed (code or name), for a searchable select. */
export async function searchSuppliers(keyWords?: string): Promise<Option[]> {
  const page = ok<{ items: Named[] }>(await api.GET('/api/catalog/suppliers', { params: { query: { search: keyWords || undefined, pageSize: 20, status: 'active' } } }));
  return toOptions(page.items);
}

/** A map id → label for showing names in a list. */
export const labelsOf = (options: Option[]) => Object.fromEntries(options.map((o) => [o.value, { text: o.label }]));

/**
 * The chain's stores (org units of kind store), for selects and names in lists. Read from
 * `/api/org-units` (`identity.org.read`), or from a screen's own store list where its users hold
 * no such right (`/api/member-cards/stores`: card staff with `member.read`).
 */
export function useStores(via: '/api/org-units' | '/api/member-cards/stores' = '/api/org-units') {
  const stores = useQuery({
    queryKey: ['lookup', 'stores', via],
    staleTime: 300_000,
    queryFn: async () =>
      toOptions(
        via === '/api/org-units'
          ? ok<{ items: Named[] }>(await api.GET('/api/org-units', { params: { query: { kind: 'store', pageSize: LOOKUP_SIZE } } })).items
          : ok<{ items: Named[] }>(await api.GET('/api/member-cards/stores', { params: { query: { pageSize: LOOKUP_SIZE } } })).items,
      ),
  });
  return stores.data ?? [];
}

/** Products matching what the user typed (code, name or barcode), for a searchable select. */
export async function searchProducts(keyWords?: string): Promise<Option[]> {
  const page = ok<{ items: Named[] }>(await api.GET('/api/catalog/products', { params: { query: { search: keyWords || undefined, pageSize: 20, status: 'active' } } }));
  return toOptions(page.items);
}
