import { applyDecorators, Get, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiErrors, ApiFileResponse } from '../common/http/api-contract';
import { XLSX_MIME } from '../excel/sheet-writer';
import type { PermissionCode } from '../identity/permissions';
import { RequirePermission } from '../identity/require-permission';
import { AuditLog } from './documents.entity';

/** How a document is read: who may, what a read can answer besides the answer, and each route's summary. */
export interface DocumentReadSpec {
  /** several: any one of them lets the caller read (the till's own documents: its cashier or the journal's reader) */
  permission: PermissionCode | readonly PermissionCode[];
  /** the codes every read of the document can answer (NOT_FOUND, the party's…) */
  errors: readonly string[];
  /** `GET :id`: the document's answer; `path` when the controller holds several documents (`transfer-receipts/:id`) */
  get: { type: Type; summary: string; path?: string };
  /** `GET :id/audit`: the summary of its audit trail (absent: the document has no audit route) */
  audit?: string;
  /** `GET :id/document`: the printable page or spreadsheet (`format`), HTML first unless `mediaTypes` says otherwise */
  document?: {
    summary: string;
    mediaTypes?: string[];
    description?: string;
    /** the print route's path when it sits on another controller than the document's (`purchase-orders/:id/document`) */
    path?: string;
  };
}

/** A route the spec does not declare: using its decorator is a programming error, found at start-up. */
const missing =
  (route: 'audit' | 'document'): MethodDecorator =>
  () => {
    throw new Error(`documentReadRoutes: this document has no ${route} route (spec.${route})`);
  };

/**
 * The read routes of a document (get, audit trail, print/export) declared once: the same
 * permission and error codes on each, its own summary, the answer schema of each kind. The
 * controller keeps one short method per route (its service call):
 * `@ORDER.get get(…) {…}`, `@ORDER.audit audit(…) {…}`, `@ORDER.document document(…) {…}`.
 */
export function documentReadRoutes(spec: DocumentReadSpec): { get: MethodDecorator; audit: MethodDecorator; document: MethodDecorator } {
  const read = (path: string) => [Get(path), RequirePermission(...[spec.permission].flat())];
  const print = spec.document;
  return {
    get: applyDecorators(...read(spec.get.path ?? ':id'), ApiOperation({ summary: spec.get.summary }), ApiOkResponse({ type: spec.get.type }), ApiErrors(...spec.errors)),
    audit: spec.audit
      ? applyDecorators(...read(':id/audit'), ApiOperation({ summary: spec.audit }), ApiOkResponse({ type: AuditLog, isArray: true }), ApiErrors(...spec.errors))
      : missing('audit'),
    document: print
      ? applyDecorators(
          ...read(print.path ?? ':id/document'),
          ApiFileResponse(print.mediaTypes ?? ['text/html', XLSX_MIME], print.description ?? 'the document as a printable page or a spreadsheet'),
          ApiOperation({ summary: print.summary }),
          ApiErrors(...spec.errors),
        )
      : missing('document'),
  };
}
