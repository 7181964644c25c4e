import { createStoreClient } from '@chain-erp/api-client';
import { authMiddleware } from './api';

/**
 * The typed client of a store server (docs/openapi/store.json): the store's own routes (setup,
 * sync, replenishment, POS, settings). Same origin, token and error handling as `api`.
 */
export const storeApi = createStoreClient({ baseUrl: window.location.origin });
storeApi.use(authMiddleware);
