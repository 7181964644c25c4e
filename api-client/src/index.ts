/**
 * Typed clients of both servers: `createHqClient({ baseUrl })`, `createStoreClient({ baseUrl })`
 * (openapi-fetch over the types generated from docs/openapi/*.json by `npm run openapi`).
 */
import createClient, { ClientOptions } from 'openapi-fetch';
import type { paths as HqPaths, components as HqComponents } from './hq';
import type { paths as StorePaths, components as StoreComponents } from './store';

export type { HqPaths, HqComponents, StorePaths, StoreComponents };
export type HqSchemas = HqComponents['schemas'];
export type StoreSchemas = StoreComponents['schemas'];

/** Arrays in queries as the documents declare them (`style: form, explode: false`): `sort=-createdAt,number`. */
const QUERY_ARRAYS: ClientOptions = { querySerializer: { array: { style: 'form', explode: false } } };

export const createHqClient = (options?: ClientOptions) => createClient<HqPaths>({ ...QUERY_ARRAYS, ...options });
export const createStoreClient = (options?: ClientOptions) => createClient<StorePaths>({ ...QUERY_ARRAYS, ...options });
export type HqClient = ReturnType<typeof createHqClient>;
export type StoreClient = ReturnType<typeof createStoreClient>;

/** The error body every route answers with (docs/api.md). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
  details?: Record<string, unknown>;
  requestId?: string;
}

export { ean13Check, labelCodes, readWeighedLabel, type WeighedLabel, type WeighedLabelLayout } from './weighed-label';
