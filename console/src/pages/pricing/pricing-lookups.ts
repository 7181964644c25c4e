import dayjs from 'dayjs';
import { api, ok } from '../../lib/api';
import type { Option } from '../../lib/lookups';

interface Named {
  id: string;
  code: string;
  name: string;
}

/** The stores, for the "which stores" selects (the console's one store list). */
export { useStores } from '../../lib/lookups';

/** Products matching what the user typed (code, name or barcode). */
export async function searchProducts(keyWords?: string): Promise<Option[]> {
  const page = ok<{ items: Named[] }>(await api.GET('/api/catalog/products', { params: { query: { search: keyWords || undefined, pageSize: 20 } } }));
  return page.items.map((p) => ({ label: `${p.code} ${p.name}`, value: p.id }));
}

/**
 * A product select's `request` that also offers the products a draft being edited already names,
 * so their labels show before any search (a select shows only the labels of its options).
 */
export const productRequest =
  (known: Option[]) =>
  async ({ keyWords }: { keyWords?: string }): Promise<Option[]> => {
    const found = await searchProducts(keyWords);
    return keyWords ? found : [...known.filter((k) => !found.some((f) => f.value === k.value)), ...found];
  };

/** The labels of products named by id (a promotion's rules carry ids only). */
export async function productLabels(ids: string[]): Promise<Option[]> {
  const unique = [...new Set(ids)];
  return Promise.all(
    unique.map(async (id) => {
      const p = ok<Named>(await api.GET('/api/catalog/products/{id}', { params: { path: { id } } }));
      return { value: p.id, label: `${p.code} ${p.name}` };
    }),
  );
}

/** A picker's value (dayjs or 'YYYY-MM-DD HH:mm:ss') as an ISO time with the browser's offset; empty → undefined. */
export function isoTime(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return dayjs(v as string).format('YYYY-MM-DDTHH:mm:ssZ');
}

export const shortTime = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD HH:mm') : '-');
