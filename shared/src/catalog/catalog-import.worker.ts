// The entry of a catalog import's worker thread (catalog-import-run.ts): TypeORM reads entity column types from decorator metadata.
import 'reflect-metadata';
import { runCatalogImportWorker } from './catalog-import-run';

runCatalogImportWorker();
