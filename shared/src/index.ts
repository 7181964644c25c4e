// common
export * from './common/errors';
export * from './common/money';
export * from './common/config';
export * from './common/request-context';
export * from './common/transactional-connection';
export * from './common/pagination';
export * from './common/scope';
export * from './common/health';
export * from './common/core.module';
export * from './common/bootstrap';
export * from './common/database/embedded-postgres';
export * from './common/http/decorators';
export * from './common/http/dto-fields';
export * from './common/http/exception.filter';
export * from './common/http/validation';
export * from './common/http/fast-validation';
export * from './common/http/parse-id.pipe';
export * from './common/http/logging';
export * from './common/http/operation-log.middleware';
export * from './common/sql';
export * from './common/pg-copy';
// documents
export * from './documents/documents.entities';
export * from './documents/document-number.service';
export * from './documents/status-machine';
export * from './documents/audit.service';
export * from './documents/operation-log.service';
export * from './documents/audit.controller';
// identity
export * from './identity/permissions';
export * from './identity/identity.entities';
export * from './identity/identity.errors';
export * from './identity/identity.dto';
export * from './identity/password';
export * from './identity/auth.service';
export * from './identity/auth.guards';
export * from './identity/org-unit.service';
export * from './identity/role.service';
export * from './identity/user.service';
export * from './identity/identity.controllers';
export * from './identity/identity-seed.service';
// jobs
export * from './jobs/job-names';
export * from './jobs/job-queue';
export * from './jobs/in-process.adapter';
export * from './jobs/bullmq.adapter';
export * from './jobs/jobs.module';
export * from './jobs/queue-dashboard';
export * from './catalog/catalog.entities';
export * from './catalog/catalog.specs';
export * from './catalog/catalog.errors';
export * from './catalog/catalog-writer';
export * from './catalog/catalog.service';
export * from './catalog/product.service';
export * from './catalog/category.service';
export * from './catalog/store-price.service';
export * from './catalog/catalog.registry';
export * from './catalog/catalog.dto';
export * from './catalog/catalog-read.controllers';
export * from './catalog/barcode';
export * from './inventory/warehouse.entity';
export * from './inventory/stock.entities';
export * from './inventory/inventory.errors';
export * from './inventory/stock.service';
export * from './inventory/inventory.util';
// excel
export * from './excel/excel.errors';
export * from './excel/sheet-schema';
export * from './excel/sheet-reader';
export * from './excel/sheet-writer';
// inventory
export * from './inventory/stock-document.entities';
export * from './inventory/cost.calculator';
export * from './inventory/warehouse.service';
export * from './inventory/inventory-settings.service';
export * from './inventory/stock-document.service';
export * from './inventory/stock-count.service';
export * from './inventory/stock-query.service';
export * from './inventory/stock-alert.service';
export * from './inventory/inventory.dto';
export * from './inventory/inventory.module';
// transfer
export * from './transfer/transfer.errors';
export * from './transfer/transfer.contracts';
export * from './transfer/transfer.signing';
export * from './transfer/transfer.streams';
export * from './transfer/transfer.engine';
export * from './transfer/transfer.http';
// backup
export * from './backup/backup.errors';
export * from './backup/backup.manifest';
export * from './backup/table-checksums';
export * from './backup/pg-tools';
export * from './backup/server-presence';
export * from './backup/backup.service';
export * from './backup/backup.cli';
export * from './backup/backup.dto';
export * from './backup/backup-admin.service';
export * from './backup/backup.controller';
export * from './backup/backup.jobs';
export * from './backup/backup.module';
// membership
export * from './membership/membership.entities';
export * from './membership/membership.errors';
export * from './membership/card-number';
export * from './membership/member-calc';
export * from './membership/member-center.dto';
export * from './membership/card-events';
export * from './membership/member-ledger.service';
export * from './membership/card-issue.service';
// pos
export * from './pos/pos.errors';
export * from './pos/pos.entities';
export * from './pos/pos.contracts';
export * from './pos/pos-journal.dto';
export * from './pos/pos-journal.service';
export * from './pos/pos-journal.controller';
// replenishment
export * from './replenishment/replenishment.entities';
export * from './replenishment/store-purchase.entities';
export * from './replenishment/replenishment.errors';
export * from './replenishment/replenishment.contracts';
export * from './replenishment/replenishment.lifecycle';
export * from './replenishment/allocation.calculator';
export * from './replenishment/suggestion.calculator';
// pure pieces of purchasing, shared by HQ purchasing and store purchasing
export * from './purchasing/purchase-amounts.calculator';
export * from './excel/document-output';
export * from './replenishment/replenishment-reports';
// reports
export * from './reports/reports.errors';
export * from './reports/reports.dto';
export * from './reports/report-output';
export * from './reports/sales-reports.service';
export * from './reports/stock-reports.service';
export * from './reports/member-reports.service';
export * from './reports/reports.controllers';
export * from './reports/reports.module';
// pricing: price changes and promotions (docs/promotions.md)
export * from './pricing/cents';
export * from './pricing/promotion.rules';
export * from './pricing/promotion.engine';
export * from './pricing/promotion.refund';
