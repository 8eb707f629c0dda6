/**
 * The rate budget in Redis, for several processes on one token.
 *
 * **Details**
 *
 * A separate entry point (`@effect-twitcasting/sdk/Redis`), so that only
 * programs that use it need `ioredis` (an optional peer dependency).
 *
 * Two pieces, both atomic in Redis:
 *
 * - the buckets, their permits and their FIFO queue: a few Lua scripts of
 *   our own (below). `@effect/experimental`'s `RateLimiter` stores keep a
 *   window of their own making on their own clock (a counter with a TTL, or
 *   a token bucket); TwitCasting's window is the server's, learned from each
 *   answer's headers (what is left, when it resets, on the server's clock),
 *   and a call must hold a permit until its answer is back. Neither store
 *   can be told "the server says 12 are left until then", nor keep a queue
 *   in order, hence the scripts;
 * - the pace of buckets whose answers carry no headers: exactly what
 *   `RateLimiter` does, so it is `RateLimiter` over its own Redis store.
 *
 * All times in the scripts are Redis's (`TIME`), one clock for every
 * process; waits go back to the processes as durations. Waiters poll (every
 * `pollInterval`, or at the known reset if sooner) and hold their place in
 * the queue with a lease they renew when they poll, and a permit expires
 * after `permitLease`, so a process that dies holds nothing for long.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * const program = Effect.flatMap(Budget.Budget, (budget) => Effect.succeed(budget)).pipe(
 *   Effect.provide(Redis.layer({ host: "127.0.0.1", port: 6379 }))
 * )
 * ```
 *
 * @since 0.2.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { RedisOptions } from "ioredis"
import { Redis } from "ioredis"
import * as Budget from "./Budget.js"
import type * as internal from "./internal/budget.js"

/**
 * Options of the Redis store: `ioredis`'s connection options, plus
 *
 * - `prefix`: of every key (default `"effect-twitcasting:budget:"`);
 * - `pollInterval`: how often a waiting call looks again (default 100 ms);
 * - `queueLease`: how long a place in the queue is kept without a poll
 *   (default 5 s);
 * - `permitLease`: how long a permit is held at most, should its process
 *   die before giving it back (default 2 minutes; longer than any call).
 *
 * @example
 * ```ts
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * const options: Redis.StoreOptions = { host: "127.0.0.1", port: 6379, prefix: "myapp:budget:" }
 * ```
 *
 * @category models
 * @since 0.2.0
 */
export type StoreOptions = RedisOptions & {
  readonly prefix?: string | undefined
  readonly pollInterval?: Duration.DurationInput | undefined
  readonly queueLease?: Duration.DurationInput | undefined
  readonly permitLease?: Duration.DurationInput | undefined
}

const prelude = `
local h, q, ql, p = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local clock = redis.call("TIME")
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function touch()
  for _, key in ipairs(KEYS) do redis.call("PEXPIRE", key, 600000) end
end
`

// ARGV: queue lease (ms)
const enqueueScript = `${prelude}
local ticket = redis.call("HINCRBY", h, "next", 1)
redis.call("ZADD", q, ticket, ticket)
redis.call("HSET", ql, ticket, now + tonumber(ARGV[1]))
touch()
return ticket
`

// ARGV: ticket, queue lease (ms), permit lease (ms)
// returns {1, metered} or {0, earliest wait (ms), time to the reset (ms, -1 when none)}
const acquireScript = `${prelude}
local ticket = tonumber(ARGV[1])
redis.call("ZREMRANGEBYSCORE", p, "-inf", now)
while true do
  local head = redis.call("ZRANGE", q, 0, 0)[1]
  if not head or tonumber(head) == ticket then break end
  if tonumber(redis.call("HGET", ql, head) or "0") >= now then break end
  redis.call("ZREM", q, head)
  redis.call("HDEL", ql, head)
end
redis.call("ZADD", q, ticket, ticket)
redis.call("HSET", ql, ticket, now + tonumber(ARGV[2]))
local position = redis.call("ZRANK", q, ticket)
local s = redis.call("HMGET", h, "mode", "limit", "remaining", "resetAt")
local mode = s[1] or "unknown"
local limit, remaining, resetAt = tonumber(s[2] or "0"), tonumber(s[3] or "0"), tonumber(s[4] or "0")
local out = redis.call("ZCARD", p)
local free
if mode == "unmetered" then
  free = position + 1
elseif mode == "metered" then
  if now < resetAt then free = remaining - out else free = limit - out end
elseif out == 0 then
  free = 1
else
  free = 0
end
touch()
if position == 0 and free > 0 then
  redis.call("ZREM", q, ticket)
  redis.call("HDEL", ql, ticket)
  redis.call("ZADD", p, now + tonumber(ARGV[3]), ticket)
  if mode == "unmetered" then return {1, 0} end
  return {1, 1}
end
local running = mode == "metered" and now < resetAt
local resetIn, earliest = -1, 0
if running then resetIn = resetAt - now end
if running and position >= free then earliest = resetAt - now end
return {0, earliest, resetIn}
`

// ARGV: ticket, what was learned ("Nothing" | "Headerless" | "Window"), limit, remaining, server reset, reset in (ms)
const releaseScript = `${prelude}
redis.call("ZREM", p, ARGV[1])
local s = redis.call("HMGET", h, "mode", "remaining", "sreset", "resetAt")
local mode = s[1] or "unknown"
if ARGV[2] == "Headerless" and mode == "unknown" then
  redis.call("HSET", h, "mode", "unmetered")
elseif ARGV[2] == "Window" then
  local limit, remaining, sreset = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
  local resetAt = now + tonumber(ARGV[6])
  local known = tonumber(s[3] or "0")
  if mode ~= "metered" or sreset > known then
    redis.call("HSET", h, "mode", "metered", "limit", limit, "remaining", remaining, "sreset", sreset, "resetAt", resetAt)
  elseif sreset == known then
    redis.call("HSET", h, "limit", limit, "remaining", math.min(tonumber(s[2]), remaining),
      "resetAt", math.min(tonumber(s[4]), resetAt))
  end
end
touch()
return 1
`

// ARGV: ticket
const leaveScript = `${prelude}
redis.call("ZREM", q, ARGV[1])
redis.call("HDEL", ql, ARGV[1])
redis.call("ZREM", p, ARGV[1])
return 1
`

// returns {} or {limit, left to take, reset in (ms)}
const stateScript = `${prelude}
redis.call("ZREMRANGEBYSCORE", p, "-inf", now)
local s = redis.call("HMGET", h, "mode", "limit", "remaining", "resetAt")
local resetAt = tonumber(s[4] or "0")
if s[1] ~= "metered" or now >= resetAt then return {} end
return {tonumber(s[2]), math.max(0, tonumber(s[3]) - redis.call("ZCARD", p)), resetAt - now}
`

const Reply = Schema.Array(Schema.Number)

/** The store's own options apart from `ioredis`'s, with their defaults. */
const split = ({ permitLease, pollInterval, prefix, queueLease, ...redisOptions }: StoreOptions) => ({
  redisOptions,
  keyPrefix: prefix ?? "effect-twitcasting:budget:",
  permitLease,
  pollInterval,
  queueLease
})

/**
 * Makes a store in Redis; the connection closes with the scope.
 *
 * **Gotchas**
 *
 * A Redis that cannot be reached is a defect of the call that needed it
 * (after `ioredis`'s own retries): the budget cannot promise anything
 * without its store.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * const store = Layer.scoped(Budget.Store, Redis.makeStore({ host: "127.0.0.1" }))
 * ```
 *
 * @category constructors
 * @since 0.2.0
 */
export const makeStore = Effect.fn("Redis.makeStore")(function*(options: StoreOptions) {
  const { keyPrefix, permitLease, pollInterval, queueLease, redisOptions } = split(options)
  const poll = Duration.toMillis(pollInterval ?? Duration.millis(100))
  const queueLeaseMillis = Duration.toMillis(queueLease ?? Duration.seconds(5))
  const permitLeaseMillis = Duration.toMillis(permitLease ?? Duration.minutes(2))
  const redis = yield* Effect.acquireRelease(
    Effect.sync(() => new Redis(redisOptions)),
    (redis) => Effect.promise(() => redis.quit().catch(() => "closed"))
  )

  // a hash tag keeps a bucket's keys on one Redis Cluster slot
  const keys = (key: string) => {
    const h = `${keyPrefix}{${key}}`
    return [h, `${h}:q`, `${h}:ql`, `${h}:p`]
  }
  const run = (name: string, script: string, key: string, args: ReadonlyArray<string | number>) =>
    Effect.tryPromise(() => redis.eval(script, 4, ...keys(key), ...args)).pipe(
      Effect.flatMap((reply) =>
        typeof reply === "number" ? Effect.succeed([reply]) : Schema.decodeUnknown(Reply)(reply)
      ),
      Effect.orDieWith((cause) => new Error(`Budget store (Redis): ${name} failed`, { cause }))
    )

  return Budget.Store.of({
    enqueue: (key) => Effect.map(run("enqueue", enqueueScript, key, [queueLeaseMillis]), ([ticket]) => ticket ?? 0),
    tryAcquire: (key, ticket) =>
      Effect.map(
        run("acquire", acquireScript, key, [ticket, queueLeaseMillis, permitLeaseMillis]),
        ([granted = 0, second = 0, resetIn = -1]): internal.Decision =>
          granted === 1
            ? { _tag: "Granted", metered: second === 1 }
            : {
              _tag: "Wait",
              earliestMillis: second,
              resetInMillis: resetIn >= 0 ? Option.some(resetIn) : Option.none(),
              wake: Effect.sleep(Duration.millis(resetIn >= 0 ? Math.min(resetIn, poll) : poll))
            }
      ),
    release: (key, ticket, learned) =>
      Effect.asVoid(run(
        "release",
        releaseScript,
        key,
        learned._tag === "Window"
          ? [ticket, "Window", learned.limit, learned.remaining, learned.serverReset, learned.resetInMillis]
          : [ticket, learned._tag]
      )),
    leave: (key, ticket) => Effect.asVoid(run("leave", leaveScript, key, [ticket])),
    state: (key) =>
      Effect.map(
        run("state", stateScript, key, []),
        ([limit, remaining, resetInMillis]) =>
          limit === undefined || remaining === undefined || resetInMillis === undefined
            ? Option.none()
            : Option.some({ limit, remaining, resetInMillis })
      )
  })
})

/**
 * The Redis store as a layer.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * const budget = Budget.layer().pipe(
 *   Layer.provide(Redis.layerStore({ host: "127.0.0.1" })),
 *   Layer.provide(Redis.layerRateLimiter({ host: "127.0.0.1" }))
 * )
 * ```
 *
 * @category layers
 * @since 0.2.0
 */
export const layerStore = (options: StoreOptions): Layer.Layer<Budget.Store> =>
  Layer.scoped(Budget.Store, makeStore(options))

/**
 * `@effect/experimental`'s `RateLimiter` over its Redis store, under this
 * module's prefix: the pace of buckets whose answers carry no headers,
 * shared by every process.
 *
 * @example
 * ```ts
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * const rateLimiter = Redis.layerRateLimiter({ host: "127.0.0.1" })
 * ```
 *
 * @category layers
 * @since 0.2.0
 */
export const layerRateLimiter = (options: StoreOptions): Layer.Layer<RateLimiter.RateLimiter> => {
  const { keyPrefix, redisOptions } = split(options)
  return RateLimiter.layer.pipe(Layer.provide(RateLimiterRedis.layerStore({
    ...redisOptions,
    prefix: `${keyPrefix}ratelimiter:`
  })))
}

/**
 * The budget in Redis: every process with the same Redis (and prefix)
 * shares the buckets of a token, its permits and its queue.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * const program = Effect.flatMap(Budget.Budget, (budget) => Effect.succeed(budget)).pipe(
 *   Effect.provide(Redis.layer({ host: "127.0.0.1", port: 6379 }))
 * )
 * ```
 *
 * @category layers
 * @since 0.2.0
 */
export const layer = (options: StoreOptions & { readonly budget?: Budget.Options | undefined }): Layer.Layer<
  Budget.Budget
> => {
  const { budget, ...storeOptions } = options
  return Budget.layer(budget).pipe(
    Layer.provide(layerStore(storeOptions)),
    Layer.provide(layerRateLimiter(storeOptions))
  )
}

/**
 * Where {@link layerConfig} finds Redis: a host, a port, and optionally a
 * password (kept `Redacted` until the connection is made) and a key prefix.
 *
 * @example
 * ```ts
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * const settings: Redis.ConfigOptions = { host: "127.0.0.1", port: 6379 }
 * ```
 *
 * @category models
 * @since 0.2.0
 */
export interface ConfigOptions {
  readonly host: string
  readonly port: number
  readonly password?: Redacted.Redacted<string> | undefined
  readonly prefix?: string | undefined
}

/**
 * The configuration {@link layerConfig} reads by default:
 * `TWITCASTING_REDIS_HOST` (default `127.0.0.1`), `TWITCASTING_REDIS_PORT`
 * (default 6379), and, when set, `TWITCASTING_REDIS_PASSWORD` and
 * `TWITCASTING_REDIS_PREFIX`.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * const prefixed = Config.nested(Redis.optionsConfig, "MY_APP")
 * ```
 *
 * @category config
 * @since 0.2.0
 */
export const optionsConfig: Config.Config<ConfigOptions> = Config.all({
  host: Config.string("TWITCASTING_REDIS_HOST").pipe(Config.withDefault("127.0.0.1")),
  port: Config.port("TWITCASTING_REDIS_PORT").pipe(Config.withDefault(6379)),
  password: Config.option(Config.redacted("TWITCASTING_REDIS_PASSWORD")).pipe(Config.map(Option.getOrUndefined)),
  prefix: Config.option(Config.string("TWITCASTING_REDIS_PREFIX")).pipe(Config.map(Option.getOrUndefined))
})

/**
 * The budget in Redis, found through Effect `Config` (see
 * {@link optionsConfig}): the same code runs on a laptop and in a fleet,
 * told where Redis is by its environment.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Auth, Users } from "@effect-twitcasting/sdk"
 * import * as Redis from "@effect-twitcasting/sdk/Redis"
 *
 * Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(
 *   Effect.provide(Redis.layerConfig()),
 *   Effect.provide(Auth.layerConfig()),
 *   Effect.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @category layers
 * @since 0.2.0
 */
export const layerConfig = (
  config: Config.Config<ConfigOptions> = optionsConfig
): Layer.Layer<Budget.Budget, ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(config, ({ host, password, port, prefix }) =>
    layer({
      host,
      port,
      ...(password === undefined ? {} : { password: Redacted.value(password) }),
      ...(prefix === undefined ? {} : { prefix })
    })))
