import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ThrottlerStorage } from '@nestjs/throttler';
import IORedis, { type Redis } from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One fixed window per key and throttler, counted in Redis so every HQ instance behind a load
 * balancer counts the same requests (in memory, N instances allowed N × the limit). Past the
 * limit the key is blocked for `blockDuration` and the hits stop counting, as @nestjs/throttler's
 * own memory store does. Returns [hits, ms to window end, blocked 0/1, ms to block end].
 */
const INCREMENT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  local ttl = redis.call('PTTL', KEYS[1])
  return { hits, ttl, 1, blockTtl }
end
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, ttl, 1, tonumber(ARGV[3]) }
end
return { hits, ttl, 0, 0 }
`;

export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('Throttle');
  private readonly redis: Redis;

  /** `prefix` separates installations sharing one Redis (the job queue's name). */
  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    // no offline queue and one try: while Redis is away a request is let through at once (the
    // account lockout in PostgreSQL still guards sign-in) instead of waiting for it
    this.redis = new IORedis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    this.redis.on('error', (err) => this.logger.warn({ err: err.message }, 'redis connection error'));
    this.redis.defineCommand('throttleHit', { numberOfKeys: 2, lua: INCREMENT });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    try {
      const [hits, ttlMs, blocked, blockMs] = await (this.redis as Redis & { throttleHit(...args: unknown[]): Promise<number[]> }).throttleHit(
        `${base}:hits`,
        `${base}:block`,
        Math.max(1, Math.round(ttl)),
        limit,
        Math.max(1, Math.round(blockDuration || ttl)),
      );
      return { totalHits: hits, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: blocked === 1, timeToBlockExpire: blocked === 1 ? Math.ceil(blockMs / 1000) : 0 };
    } catch (e) {
      this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'throttle store unreachable: request not counted');
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
