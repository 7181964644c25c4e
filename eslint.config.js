// ESLint (flat config): typescript-eslint with type information, the package boundaries of
// docs/design.md §3 (the package map) and the one-stock-writer rule of §4. `npm run lint`.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');
const globals = require('globals');
const reactHooks = require('eslint-plugin-react-hooks');

/** `@chain-erp/x` (and anything under it), and any relative path into the package folder `x`. */
const pkg = (name) => `^@chain-erp/${name}(/|$)|^(\\.\\.?/)+(.*/)?${name}/(src|test)(/|$)`;

const boundary = (forbidden, why) => ({ regex: forbidden.map(pkg).join('|'), message: why });

/** A path that climbs out of a package through its name (`@chain-erp/store-server/../test/x`). */
const climbing = { regex: '^@chain-erp/.*(^|/)\\.\\.(/|$)', message: 'import a package by its own entry, never through `..` out of it' };

const restrict = (...patterns) => ['error', { patterns: [...patterns, climbing] }];

/**
 * Stock tables: the balance, its batches, the ledger and the recorded alerts. Only
 * shared/src/inventory writes them (design §4 "stock moves in one place"); reads are free.
 */
/** Files with typed SQL rows and no `any` left: typescript-eslint's no-unsafe-* rules apply to them (below). */
const TYPED_SQL_FILES = [
  'shared/src/inventory/stock-alert.repository.ts',
  'shared/src/inventory/stock-alert.service.ts',
  'shared/src/inventory/stock-query.repository.ts',
  'shared/src/inventory/stock-query.service.ts',
  'shared/src/inventory/stock.repository.ts',
  'shared/src/inventory/stock.service.ts',
  'hq-server/src/replenishment/replenishment.repository.ts',
  'hq-server/src/replenishment/allocation.service.ts',
  'hq-server/src/replenishment/transfer-settlement.service.ts',
  'hq-server/src/replenishment/transfer-shipment.service.ts',
  'store-server/src/replenishment/replenishment.repository.ts',
  'store-server/src/replenishment/replenishment-request.service.ts',
  'store-server/src/replenishment/transfer-receipt.service.ts',
  'hq-server/src/transfer/transfer-api.repository.ts',
  'hq-server/src/transfer/transfer-api.service.ts',
  'hq-server/src/transfer/transfer-inbox.repository.ts',
  'hq-server/src/transfer/transfer-inbox.service.ts',
  'store-server/src/transfer/store-outbox.repository.ts',
  'store-server/src/transfer/store-outbox.service.ts',
  'hq-server/src/transfer/push-records.repository.ts',
  'hq-server/src/transfer/store-event-log.handler.ts',
  'hq-server/src/transfer/stock-alert.handler.ts',
  'hq-server/src/transfer/change-feed-pruner.service.ts',
  'hq-server/src/transfer/store-transfer.repository.ts',
  'hq-server/src/transfer/store-opening.service.ts',
  'hq-server/src/transfer/store-transfer.service.ts',
  'hq-server/src/transfer/transfer-auth.service.ts',
  'hq-server/src/transfer/transfer-conflicts.service.ts',
  'hq-server/src/transfer/transfer-source.repository.ts',
  'store-server/src/transfer/store-apply.repository.ts',
  'store-server/src/transfer/store-apply.service.ts',
  'store-server/src/transfer/store-restore.repository.ts',
  'store-server/src/transfer/store-restore.service.ts',
  'store-server/src/transfer/store-setup.repository.ts',
  'store-server/src/transfer/store-setup.service.ts',
  'shared/src/replenishment/shipment-settlement.repository.ts',
  'shared/src/reports/report.repository.ts',
  'shared/src/reports/member-reports.repository.ts',
  'shared/src/reports/member-reports.service.ts',
  'shared/src/reports/stock-reports.repository.ts',
  'shared/src/reports/stock-reports.service.ts',
  'shared/src/reports/sales-reports.repository.ts',
  'shared/src/reports/sales-reports.service.ts',
  'shared/src/pricing/promotion-report.repository.ts',
  'shared/src/replenishment/replenishment-reports.repository.ts',
  'hq-server/src/vouchers/voucher.repository.ts',
  'hq-server/src/vouchers/voucher-report.repository.ts',
  'hq-server/src/vouchers/voucher-report.service.ts',
  'hq-server/src/vouchers/voucher-void.service.ts',
  'hq-server/src/vouchers/voucher-batch.service.ts',
  'hq-server/src/vouchers/voucher-ledger.service.ts',
  'hq-server/src/pricing/pricing.repository.ts',
  'hq-server/src/pricing/pricing-support.ts',
  'hq-server/src/pricing/price-change.service.ts',
  'hq-server/src/pricing/promotion-admin.service.ts',
  'store-server/src/pos/pos-sale.repository.ts',
  'store-server/src/pos/pos-till-catalog.repository.ts',
  'store-server/src/pos/pos-gift-card.service.ts',
  'store-server/src/pos/pos-top-up.service.ts',
  'store-server/src/pos/till-value-document.writer.ts',
  // the store's POS services and member channel (issue 25: their SQL in repositories)
  'store-server/src/pos/pos-catalog.repository.ts',
  'store-server/src/pos/pos-catalog.service.ts',
  'store-server/src/pos/pos-receipt.repository.ts',
  'store-server/src/pos/pos-receipt.service.ts',
  'store-server/src/pos/pos-refund.repository.ts',
  'store-server/src/pos/pos-refund.service.ts',
  'store-server/src/pos/pos-promotion.service.ts',
  'store-server/src/pos/pos-settings.repository.ts',
  'store-server/src/pos/pos-settings.service.ts',
  'store-server/src/pos/pos-shift.repository.ts',
  'store-server/src/pos/pos-shift.service.ts',
  'store-server/src/pos/pos-till.service.ts',
  'store-server/src/membership/store-membership.repository.ts',
  'store-server/src/membership/member-settings.service.ts',
  'store-server/src/membership/store-card.service.ts',
  'store-server/src/membership/store-voucher.repository.ts',
  'store-server/src/membership/store-voucher.service.ts',
  'hq-server/src/wholesale/wholesale.repository.ts',
  'hq-server/src/wholesale/wholesale-order.service.ts',
  'hq-server/src/wholesale/wholesale-delivery.service.ts',
  'hq-server/src/wholesale/wholesale-return.service.ts',
  'hq-server/src/wholesale/wholesale-support.service.ts',
  'hq-server/src/wholesale/wholesale-price.service.ts',
  'hq-server/src/settlement/ledger.repository.ts',
  'hq-server/src/settlement/ledger.service.ts',
  'hq-server/src/settlement/settlement.repository.ts',
  'hq-server/src/settlement/settlement-documents.repository.ts',
  'hq-server/src/settlement/settlement-payment.service.ts',
  'hq-server/src/settlement/settlement-reports.service.ts',
  'hq-server/src/settlement/statement.service.ts',
  'hq-server/src/settlement/store-settlement.service.ts',
  'hq-server/src/settlement/supplier-settlement.service.ts',
  'hq-server/src/reports/purchasing-summary.repository.ts',
  'hq-server/src/reports/purchasing-summary.service.ts',
  'shared/src/pricing/promotion-report.service.ts',
  'shared/src/pricing/price-history.repository.ts',
  'shared/src/pricing/price-history.service.ts',
  'hq-server/src/catalog/product-lookup.ts',
  'hq-server/src/purchasing/purchasing.repository.ts',
  'hq-server/src/catalog/catalog-import.repository.ts',
  'hq-server/src/catalog/catalog-import.service.ts',
  'shared/src/catalog/catalog-import.repository.ts',
  'shared/src/catalog/catalog-import-run.ts',
  'hq-server/src/transfer/transfer-lists.repository.ts',
  'hq-server/src/transfer/inbox-records.service.ts',
];
const STOCK_TABLE = 'stock_(balance|batch|ledger|alert)';
const STOCK_ENTITY = '^Stock(Balance|Batch|Ledger|Alert)$';
const STOCK_WRITE_SQL = `/(insert\\s+into|update|delete\\s+from|truncate(\\s+table)?|copy)\\s+"?${STOCK_TABLE}\\b/i`;
const STOCK_WRITE_METHOD = '/^(save|insert|update|upsert|delete|remove|softDelete|softRemove|increment|decrement|clear)$/';
const stockWriters = [
  'error',
  ...[
    [`Literal[value=${STOCK_WRITE_SQL}]`, 'SQL'],
    [`TemplateElement[value.raw=${STOCK_WRITE_SQL}]`, 'SQL'],
    [`CallExpression[callee.property.name=${STOCK_WRITE_METHOD}][callee.object.type='CallExpression'][callee.object.arguments.1.name=/${STOCK_ENTITY}/]`, 'a repository'],
    [`CallExpression[callee.property.name=${STOCK_WRITE_METHOD}][callee.object.type='CallExpression'][callee.object.arguments.0.name=/${STOCK_ENTITY}/]`, 'a repository'],
    [`CallExpression[callee.property.name=${STOCK_WRITE_METHOD}][arguments.0.name=/${STOCK_ENTITY}/]`, 'the entity manager'],
    [`Property[key.name='entity'][value.name=/${STOCK_ENTITY}/]`, 'insertRows'],
  ].map(([selector, how]) => ({
    selector,
    message: `writes a stock table through ${how}: only shared/src/inventory (StockService, StockAlertService) writes stock_balance, stock_batch, stock_ledger and stock_alert (docs/design.md §4)`,
  })),
];

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'api-client/src/**',
      'console/test-results/**',
      'console/test-logs/**',
      'bench/.work/**',
      '.data/**',
      '.demo-data/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.spec.json', './console/tsconfig.json', './console/e2e/tsconfig.json'],
        tsconfigRootDir: __dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allowNumber: true,
          allowBoolean: true,
          allowNullish: true,
          allowNever: true,
          allow: [
            { from: 'lib', name: ['Error', 'URL', 'URLSearchParams'] },
            { from: 'package', name: 'Decimal', package: 'decimal.js' },
          ],
        },
      ],
      // Switched off, with the reason (docs/CONVENTIONS.md "Lint"): `any` enters from pg/TypeORM
      // `query()` rows and supertest bodies, and these rules flag every use of such a value (~3,700
      // places, nine in ten in tests). Our own code may not write `any` (no-explicit-any); typed
      // repository rows (issue 25 §4) are the real fix, and these come back on with them (roadmap).
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // an async method that awaits nothing still answers a promise, as its interface asks
      '@typescript-eslint/require-await': 'off',
      // unknown cells and JSON scalars are stringified on purpose (imports, exports, audit text);
      // an object among them is already refused by the sheet and DTO rules before it gets there
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  // files whose SQL rows are typed (repositories declaring their statements, issue 25 §4): the
  // unsafe-any rules are back on for them; the list grows as services move their SQL
  {
    files: TYPED_SQL_FILES,
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
  // tests read JSON answers of any shape (supertest's body is `any`); `any` there names that, not a shortcut
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'shared/src/testing/**/*.ts', 'console/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/restrict-template-expressions': 'off' },
  },
  // plain JavaScript (scripts, benchmarks, jest and CI glue): no type information
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // hooks and antd hand out functions that are not methods to be bound (useTranslation's t, Form's helpers)
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // ---- the package map (docs/design.md §3): who may import whom, tests included ----
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        boundary(['hq-server', 'store-server', 'transfer-tool', 'system-test'], 'shared is the ground floor: it imports no server and not the transfer tool'),
      ),
    },
  },
  // shared/src/common/ is the ground floor of shared: it imports nothing above it (identity,
  // documents, jobs, the domains; app/ is where they meet). One exception: the configuration reads
  // the import limits' defaults (excel/import-limits.ts). Tests of common/ may use the helpers.
  ...[
    ['shared/src/common/*.ts', '^\\.\\./'],
    ['shared/src/common/*/**/*.ts', '^\\.\\./\\.\\./'],
  ].map(([files, up]) => ({
    files: [files],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        boundary(['hq-server', 'store-server', 'transfer-tool', 'system-test'], 'shared is the ground floor: it imports no server and not the transfer tool'),
        {
          regex: `${up}(?!common/|excel/import-limits$)|^@chain-erp/shared`,
          message: 'shared/src/common/ imports nothing above it: put the wiring in shared/src/app/ (design §3)',
        },
      ),
    },
  })),
  {
    files: ['hq-server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        boundary(['store-server', 'transfer-tool', 'system-test'], 'HQ never imports a store server or the tool (tests included): a test that needs both lives in system-test/'),
      ),
    },
  },
  {
    files: ['store-server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        boundary(['hq-server', 'transfer-tool', 'system-test'], 'a store server never imports HQ or the tool (tests included): a test that needs both lives in system-test/'),
      ),
    },
  },
  {
    files: ['transfer-tool/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        boundary(['hq-server', 'store-server', 'system-test'], 'the transfer tool reaches the servers only over HTTP: a test that boots them lives in system-test/'),
        {
          regex: '^@chain-erp/shared$',
          message: 'the CLI imports `@chain-erp/shared/transfer`: the main entry loads Nest, TypeORM, exceljs and embedded PostgreSQL',
        },
      ),
    },
  },
  {
    files: ['console/**/*.{ts,tsx}', 'api-client/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        boundary(['shared', 'hq-server', 'store-server', 'transfer-tool', 'system-test'], 'the console talks to the servers through @chain-erp/api-client only'),
      ),
    },
  },
  {
    files: ['system-test/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict() },
  },
  // ---- one writer of stock (docs/design.md §4) ----
  {
    files: ['**/src/**/*.ts'],
    ignores: ['shared/src/inventory/**', '**/migrations/**', '**/*.spec.ts'],
    rules: { 'no-restricted-syntax': stockWriters },
  },
  prettier,
);
