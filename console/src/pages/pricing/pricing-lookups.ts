import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, ok } from '../../lib/api';
import type { Option } from '../../lib/lookups';

interface Named {
  id: string;
  code: string;
  name: string;
}

/** The stores (org units of kind store), for the "which stores" selects. */
export function useStores(): Option[] {
  const q = useQuery({
    queryKey: ['lookup', 'stores'],
    staleTime: 300_000,
    queryFn: async () =>
      ok<{ items: Named[] }>(await api.GET('/api/org-units', { params: { query: { kind: 'store', pageSize: 500 } } })).items.map((s) => ({
        label: `${s.code} ${s.name}`,
        value: s.id,
      })),
  });
  return q.data ?? [];
}

/** Products matching what the user typed (code, name or barcode). */
export async function searchProducts(keyWords?: string): Promise<Option[]> {
  const page = ok<{ items: Named[] }>(await api.GET('/api/catalog/products', { params: { query: { search: keyWords || undefined, pageSize: 20 } } }));
  return page.items.map((p) => ({ label: `${p.code} ${p.name}`, value: p.id }));
}

/** A picker's value (dayjs or 'YYYY-MM-DD HH:mm:ss') as an ISO time with the browser's offset; empty → undefined. */
export function isoTime(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return dayjs(v as string).format('YYYY-MM-DDTHH:mm:ssZ');
}

export const shortTime = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD HH:mm') : '-');
