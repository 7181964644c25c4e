import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';

/**
 * Human document numbers, unique per site and type: `PO-HQ-20261123-0001`. The counter row is
 * bumped with one upsert in the caller's transaction, so concurrent creators queue on that row and
 * a rolled-back document gives its number back.
 */
@Injectable()
export class DocumentNumberService {
  constructor(private readonly connection: TransactionalConnection) {}

  async next(ctx: RequestContext, docType: string, site: string, date: Date | string = new Date()): Promise<string> {
    const day = formatDay(date);
    const rows: Array<{ last_value: number }> = await this.connection.manager(ctx).query(nextNumberSql('$1', '$2', '$3'), [site, docType, day]);
    return formatDocumentNumber(docType, site, day, rows[0].last_value);
  }
}

/**
 * The counter bump of `next` as SQL, for a hot document whose numbering rides along in a statement
 * of its own (a data-modifying CTE, e.g. the POS sale's first read): `site`, `docType`, `day`
 * (YYYYMMDD) are SQL expressions, over `from` when given (no row there: no number); it returns
 * `last_value`. Same rules: run it inside the document's transaction, format the result with
 * `formatDocumentNumber`.
 */
export function nextNumberSql(site: string, docType: string, day: string, from?: string): string {
  return `INSERT INTO document_sequence (site, doc_type, day, last_value) SELECT (${site})::varchar, (${docType})::varchar, (${day})::varchar, 1${from ? ` FROM ${from}` : ''}
       ON CONFLICT (site, doc_type, day) DO UPDATE SET last_value = document_sequence.last_value + 1
       RETURNING last_value`;
}

export function formatDay(date: Date | string): string {
  if (typeof date === 'string') return date.slice(0, 10).replace(/-/g, '');
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

export function formatDocumentNumber(docType: string, site: string, day: string, n: number): string {
  return `${docType}-${site}-${day}-${String(n).padStart(4, '0')}`;
}
