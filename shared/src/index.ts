// common
export * from './common/errors';
export * from './common/money';
export * from './common/clock';
export * from './common/config';
export * from './common/request-context';
export * from './common/transactional-connection';
export * from './common/pagination';
export * from './common/scope';
export * from './app/health';
export * from './app/core.module';
export * from './app/bootstrap';
export * from './app/openapi';
export * from './common/console-static';
export * from './common/database/embedded-postgres';
export * from './common/http/decorators';
export * from './identity/require-permission';
export * from './common/http/api-contract';
export * from './common/http/dto-fields';
export * from './common/validation/fields';
export * from './common/http/exception.filter';
export * from './common/http/validation';
export * from './common/http/input-guard';
export * from './common/text';
export * from './common/http-client';
export * from './common/http/fast-validation';
export * from './common/http/parse-id.pipe';
export * from './common/http/logging';
export * from './documents/operation-log.middleware';
export * from './common/sql';
export * from './common/sql-statements';
export * from './common/idempotent-create';
export * from './common/pg-copy';
export * from './common/pg-cursor';
// documents
export * from './documents/documents.entity';
export * from './documents/document-number.service';
export * from './documents/status-machine';
export * from './documents/audit.service';
export * from './documents/operation-log.service';
export * from './documents/audit.controller';
// identity
export * from './identity/permissions';
export * from './identity/identity.entity';
export * from './identity/identity.errors';
export * from './identity/identity.dto';
export * from './identity/password';
export * from './identity/auth.service';
export * from './identity/auth-session.repository';
export * from './identity/session-cache';
export * from './identity/auth.guards';
export * from './identity/org-unit.service';
export * from './identity/role.service';
export * from './identity/user.service';
export * from './identity/identity.controller';
export * from './identity/identity-seed.service';
// jobs
export * from './jobs/job-names';
export * from './jobs/job-queue';
export * from './jobs/in-process.adapter';
export * from './jobs/bullmq.adapter';
export * from './jobs/jobs.module';
export * from './jobs/queue-dashboard';
export * from './catalog/catalog.entity';
export * from './catalog/catalog.definitions';
export * from './catalog/catalog.errors';
export * from './catalog/catalog-writer';
export * from './catalog/catalog.service';
export * from './catalog/product.service';
export * from './catalog/category.service';
export * from './catalog/store-price.service';
export * from './catalog/party.service';
export * from './catalog/catalog.registry';
export * from './catalog/catalog.dto';
export * from './catalog/catalog-read.controller';
export * from './catalog/barcode';
export * from './catalog/catalog.responses';
export * from './inventory/warehouse.entity';
export * from './inventory/stock.entity';
export * from './inventory/inventory.errors';
export * from './inventory/stock.service';
export * from './inventory/inventory.util';
// excel
export * from './excel/excel.errors';
export * from './excel/sheet-schema';
export * from './excel/sheet-reader';
export * from './excel/import-limits';
export * from './excel/sheet-header';
export * from './excel/xlsx-reader';
export * from './excel/number-format';
export * from './excel/sheet-writer';
// inventory
export * from './inventory/stock-document.entity';
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
export * from './transfer'; // also `@chain-erp/shared/transfer`, alone
// backup
export * from './backup/backup.errors';
export * from './backup/database-incarnation.entity';
export * from './backup/backup.manifest';
export * from './backup/table-checksums';
export * from './backup/pg-tools';
export * from './backup/server-presence';
export * from './backup/backup.service';
export * from './backup/backup-runs';
export * from './backup/backup.cli';
export * from './backup/backup.dto';
export * from './backup/backup-admin.service';
export * from './backup/backup.controller';
export * from './backup/backup.jobs';
export * from './backup/backup.module';
// membership
export * from './membership/membership.entity';
export * from './membership/membership.errors';
export * from './membership/card-number';
export * from './membership/member-calc';
export * from './membership/member-center.dto';
export * from './membership/card-events';
export * from './membership/member-ledger.service';
export * from './membership/card-issue.service';
// pos
export * from './pos/pos.errors';
export * from './pos/pos.entity';
export * from './pos/pos.contracts';
export * from './pos/pos-journal.dto';
export * from './pos/pos-journal.service';
export * from './pos/pos-journal.controller';
// replenishment
export * from './replenishment/replenishment.entity';
export * from './replenishment/store-purchase.entity';
export * from './replenishment/replenishment.errors';
export * from './replenishment/replenishment.contracts';
export * from './replenishment/replenishment.lifecycle';
export * from './replenishment/allocation.calculator';
export * from './replenishment/suggestion.calculator';
// pure pieces of purchasing, shared by HQ purchasing and store purchasing
export * from './purchasing/purchase-amounts.calculator';
export * from './excel/document-output';
export * from './replenishment/replenishment-reports';
export * from './replenishment/shipment-settlements';
// reports
export * from './reports/reports.errors';
export * from './reports/reports.dto';
export * from './reports/report-output';
export * from './reports/sales-reports.service';
export * from './reports/stock-reports.service';
export * from './reports/member-reports.service';
export * from './reports/reports.controller';
export * from './reports/reports.module';
// pricing: price changes and promotions (docs/promotions.md)
export * from './pricing/cents';
export * from './pricing/promotion.rules';
export * from './pricing/promotion.engine';
export * from './pricing/promotion.refund';
export * from './pricing/pricing.entity';
export * from './pricing/pricing.errors';
export * from './pricing/price-history.service';
export * from './pricing/promotion-report.service';
export * from './pricing/pricing-read.module';
// vouchers and gift cards: 代金券 / 礼品卡 (docs/promotions.md)
export * from './vouchers/voucher.entity';
export * from './vouchers/voucher.errors';
export * from './vouchers/voucher.dto';
export * from './vouchers/voucher-number';
// the storage port: files every instance reaches (docs/operations.md)
export * from './storage/byte-source';
export * from './storage/file-store';
export * from './storage/storage.errors';
export * from './storage/stored-file.entity';
export * from './storage/storage.module';
