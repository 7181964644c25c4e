import { type ServerDefinition } from '@chain-erp/shared';
import { StoreAppModule } from './app.module';

export const STORE_SERVER: ServerDefinition = {
  kind: 'store',
  title: 'Chain ERP — store server (门店)',
  description:
    'A store: checkout, stock, replenishment requests, transfer receipts, member cards. Sells without HQ. ' +
    'Errors are `{ statusCode, code, message, fields? }`; lists take page/pageSize/sort and return `{ items, total }`.',
  module: (o) => StoreAppModule.register(o),
};
