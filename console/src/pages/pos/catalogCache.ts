import { labelCodes, readWeighedLabel, type WeighedLabel, type WeighedLabelLayout } from '@chain-erp/api-client';
import { call } from './tillApi';

/**
 * The till's product catalog, cached in this browser (IndexedDB) so that a scan is answered at once
 * and keeps working through a blip of the store server. It holds what a scan needs to put a line
 * on the screen — code, name, barcodes, weighed — and a **reference price** (the price in force when
 * the product was fetched). It never decides a price: every basket is still priced by the store
 * server (quote, then the sale), and while the server does not answer the lines are marked 待定价
 * and the sale cannot be paid. Stock is not cached: it changes with every sale of every till, and
 * the store server checks it when the sale is made.
 *
 * Refresh: the server cuts the catalog into buckets by product id and gives each bucket's digest;
 * the till keeps each bucket's digest beside its products and fetches only the buckets whose digest
 * differs (new, changed, removed products; barcodes; store prices; price changes coming into force).
 */
export interface CachedProduct {
  bucket: number;
  productId: string;
  code: string;
  name: string;
  weighed: boolean;
  retailPrice: string;
  priceSource: string;
  memberPrice: string | null;
  barcodes: string[];
}

interface BucketDigest {
  bucket: number;
  digest: string;
  count: number;
}

const DB = 'chain-erp-till-catalog';
const PRODUCTS = 'products';
const BUCKETS = 'buckets';
/** buckets per request: a first load of a large catalog comes in a few answers, not one huge one */
const CHUNK = 16;

const req = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });

const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

let opening: Promise<IDBDatabase> | null = null;
function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      const db = r.result;
      const products = db.createObjectStore(PRODUCTS, { keyPath: 'productId' });
      products.createIndex('bucket', 'bucket');
      products.createIndex('code', 'code');
      products.createIndex('barcodes', 'barcodes', { multiEntry: true });
      db.createObjectStore(BUCKETS, { keyPath: 'bucket' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB unavailable'));
  }).catch((e: unknown) => {
    opening = null;
    throw e;
  });
  return opening;
}

/**
 * The product a scanned or typed text names exactly, as the store server reads it: a registered
 * barcode, else a weighed-goods label of the store's layouts (its scale code as printed, or without
 * leading zeros), else a product code. `label` is the label read, if it was one.
 */
export async function findCached(text: string, layouts: readonly WeighedLabelLayout[] = []): Promise<{ product: CachedProduct; label: WeighedLabel | null } | null> {
  const db = await open();
  const tx = db.transaction(PRODUCTS, 'readonly');
  const store = tx.objectStore(PRODUCTS);
  const byCode = async (code: string) => ((await req(store.index('code').get(code))) as CachedProduct | undefined) ?? null;
  const byBarcode = (await req(store.index('barcodes').get(text))) as CachedProduct | undefined;
  if (byBarcode) return { product: byBarcode, label: null };
  const label = readWeighedLabel(text, layouts);
  if (label) {
    const [asPrinted, trimmed] = labelCodes(label);
    const product = (await byCode(asPrinted)) ?? (await byCode(trimmed));
    if (product) return { product, label };
  }
  const product = await byCode(text);
  return product ? { product, label: null } : null;
}

export async function cachedCount(): Promise<number> {
  const db = await open();
  return req(db.transaction(PRODUCTS, 'readonly').objectStore(PRODUCTS).count());
}

/** Replaces the buckets' products and digests in one transaction (a bucket left empty is removed). */
async function store(buckets: number[], digests: BucketDigest[], items: CachedProduct[]): Promise<void> {
  const db = await open();
  const tx = db.transaction([PRODUCTS, BUCKETS], 'readwrite');
  const products = tx.objectStore(PRODUCTS);
  const kept = tx.objectStore(BUCKETS);
  for (const b of buckets) {
    const ids = await req(products.index('bucket').getAllKeys(b));
    for (const id of ids) products.delete(id);
    const d = digests.find((x) => x.bucket === b);
    if (d) kept.put({ bucket: b, digest: d.digest });
    else kept.delete(b);
  }
  for (const i of items) products.put(i);
  await done(tx);
}

/**
 * Brings the cache up to date with the store server: compares the buckets' digests and fetches
 * the buckets that changed. Answers how many products are cached and how many buckets were fetched.
 */
export async function refreshCatalog(): Promise<{ count: number; fetched: number }> {
  const db = await open();
  const server = await call<{ bucketCount: number; buckets: BucketDigest[] }>('GET', '/api/pos/products/catalog/digest');
  const local = (await req(db.transaction(BUCKETS, 'readonly').objectStore(BUCKETS).getAll())) as Array<{ bucket: number; digest: string }>;
  const mine = new Map(local.map((b) => [b.bucket, b.digest]));
  const theirs = new Map(server.buckets.map((b) => [b.bucket, b.digest]));
  const changed: number[] = [];
  for (let b = 0; b < server.bucketCount; b++) if ((mine.get(b) ?? '') !== (theirs.get(b) ?? '')) changed.push(b);
  for (const b of mine.keys()) if (b >= server.bucketCount) changed.push(b);
  for (let i = 0; i < changed.length; i += CHUNK) {
    const part = changed.slice(i, i + CHUNK);
    const wanted = part.filter((b) => b < server.bucketCount);
    const got = wanted.length
      ? await call<{ buckets: BucketDigest[]; items: CachedProduct[] }>('GET', `/api/pos/products/catalog?buckets=${wanted.join(',')}`)
      : { buckets: [], items: [] };
    await store(part, got.buckets, got.items);
  }
  return { count: await cachedCount(), fetched: changed.length };
}
