import { type ServerDefinition } from '@chain-erp/shared';
import { HqAppModule } from './app.module';

export const HQ_SERVER: ServerDefinition = {
  kind: 'hq',
  title: 'Chain ERP — HQ server (总部)',
  description:
    'HQ: base data, purchasing, replenishment approval, transfers, membership and the transfer API for stores. ' +
    'Errors are `{ statusCode, code, message, fields? }`; lists take page/pageSize/sort and return `{ items, total }`.',
  module: (o) => HqAppModule.register(o),
};
