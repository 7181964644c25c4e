// `@chain-erp/shared/transfer`: the transfer protocol, engine and HTTP ports alone — what the CLI
// (transfer-tool) needs. Nothing here may import Nest, TypeORM, exceljs or embedded PostgreSQL:
// the CLI loads this entry, never the package's main one (eslint.config.js, transfer-tool's
// entry.spec.ts).
export * from './transfer.errors';
export * from './transfer.contracts';
export * from './transfer.signing';
export * from './transfer.streams';
export * from './transfer.engine';
export * from './transfer.http';
