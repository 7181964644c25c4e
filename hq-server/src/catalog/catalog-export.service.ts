import { Injectable, StreamableFile } from '@nestjs/common';
import {
  attachment,
  CatalogEntityKey,
  CatalogListQuery,
  CatalogRegistry,
  RequestContext,
  toCell,
  writeHeaderRows,
  writeTemplate,
  XLSX_MIME,
  XlsxStreamWriter,
} from '@chain-erp/shared';
import { Logger } from '@nestjs/common';
import { PassThrough } from 'node:stream';

/** Exports (same filters as the lists, same columns as the import) and templates, streamed as .xlsx. */
@Injectable()
export class CatalogExportService {
  private readonly logger = new Logger('CatalogExport');

  constructor(private readonly registry: CatalogRegistry) {}

  template(key: CatalogEntityKey): StreamableFile {
    const spec = this.registry.get(key).spec;
    const out = new PassThrough();
    writeTemplate(spec.sheet, out).catch((e) => out.destroy(e));
    return new StreamableFile(out, { type: XLSX_MIME, disposition: attachment(`${spec.key}-template.xlsx`) });
  }

  async export(ctx: RequestContext, key: CatalogEntityKey, q: CatalogListQuery): Promise<StreamableFile> {
    const svc = this.registry.get(key);
    const spec = svc.spec;
    // the first chunk is read before answering, so a bad filter is still a 4xx and not a broken file
    const chunks = svc.iterate(ctx, q);
    const first = await chunks.next();
    const out = new PassThrough();
    const write = async () => {
      const w = new XlsxStreamWriter(out);
      const ws = w.sheet(`${spec.zh} ${spec.key}`);
      writeHeaderRows(ws, spec.sheet.columns);
      for (let c = first; !c.done; c = await chunks.next()) {
        for (const row of await svc.toSheetRows(ctx, c.value)) {
          ws.addRow(spec.sheet.columns.map((col) => toCell(col, row[col.key] as never))).commit();
        }
      }
      ws.commit();
      await w.commit();
    };
    write().catch((e) => {
      this.logger.error({ err: e }, 'export failed mid-stream');
      out.destroy(e);
    });
    return new StreamableFile(out, { type: XLSX_MIME, disposition: attachment(`${spec.key}-${new Date().toISOString().slice(0, 10)}.xlsx`) });
  }
}
