/**
 * A product as HQ's documents look it up for their lines (wholesale, purchasing): one row shape and
 * one statement, to which each module adds the columns only it reads.
 */
export interface ProductLookupRow {
  id: string;
  code: string;
  name: string;
  status: string;
  batchManaged: boolean;
  /** exact text */
  taxRate: string;
  unitName: string | null;
  specification: string | null;
}

/** The look-up of the products `$1` (uuid[]), with a module's extra SELECT terms over `p` (product). */
export function productLookupSql(extra: string[] = []): string {
  const columns = [
    'p.id',
    'p.code',
    'p.name',
    'p.status',
    'p.batch_managed AS "batchManaged"',
    'p.tax_rate::text AS "taxRate"',
    'u.name AS "unitName"',
    'p.specification',
    ...extra,
  ];
  return `SELECT ${columns.join(', ')} FROM product p LEFT JOIN unit u ON u.id = p.unit_id WHERE p.id = ANY($1::uuid[])`;
}
