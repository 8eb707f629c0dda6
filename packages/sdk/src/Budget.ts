/**
 * The rate budget: permits for calls, taken before they are sent, per token
 * and per rate-limit bucket.
 *
 * **Details**
 *
 * TwitCasting counts calls per token in fixed windows that open at a
 * bucket's first request (60 calls per 60 s for most endpoints; the supporter
 * lists are a separate bucket of 30 per 30 s) and refuses the excess with a
 * 403 (code 2000). `Budget` keeps the client inside those windows:
 *
 * - a call takes a permit before it is sent, so the calls in flight never
 *   exceed what the window has left; the rest wait **in order** (FIFO);
 * - before a bucket's first answer exactly one call goes out, and the others
 *   wait for its headers;
 * - waits are measured on the server's clock (`X-RateLimit-Reset` minus the
 *   answer's `Date`) and laid onto the local time the answer arrived, so a
 *   local clock that is minutes off does not matter;
 * - answers without headers, and the zeros of a 401, never mark a bucket
 *   spent.
 *
 * The state lives in a {@link Store}: in this process's memory by default
 * (shared by every user of the same token), or in Redis (see
 * `@effect-twitcasting/sdk/Redis`) for several processes on one token.
 *
 * @example
 * ```ts
 * import { Duration, Effect, Option, Redacted } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const program = Effect.gen(function*() {
 *   const budget = yield* Budget.Budget
 *   const key = { fingerprint: Budget.fingerprint(Redacted.make("token")), bucket: "default" }
 *   return yield* budget.withPermit(key, {
 *     maxWait: Duration.minutes(2),
 *     observe: () => Option.some({ status: 200, headers: {} })
 *   }, Effect.succeed("sent"))
 * }).pipe(Effect.provide(Budget.layerMemory()))
 * ```
 *
 * @since 0.2.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as internal from "./internal/budget.js"

/**
 * A bucket of one token: the token's {@link fingerprint} and the bucket's
 * name (`"default"`, `"supporters"`, ...).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const key: Budget.Key = { fingerprint: Budget.fingerprint(Redacted.make("token")), bucket: "supporters" }
 * ```
 *
 * @category models
 * @since 0.2.0
 */
export interface Key extends internal.Key {}

/**
 * What an answer said: its HTTP status and its headers, with lower-case
 * names (`date`, `x-ratelimit-limit`, `x-ratelimit-remaining`,
 * `x-ratelimit-reset`).
 *
 * @example
 * ```ts
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const refused: Budget.Observation = {
 *   status: 403,
 *   headers: {
 *     date: "Tue, 14 Nov 2023 22:13:20 GMT",
 *     "x-ratelimit-limit": "60",
 *     "x-ratelimit-remaining": "0",
 *     "x-ratelimit-reset": "1700000060"
 *   }
 * }
 * ```
 *
 * @category models
 * @since 0.2.0
 */
export interface Observation extends internal.Observation {}

/**
 * How `withPermit` waits and how it reads the answer.
 *
 * **Details**
 *
 * - `maxWait`: the longest the call may wait for its permit.
 * - `observe`: what the call's outcome said about the bucket. A refused call
 *   (403, code 2000) has headers too and must report them, so `observe` sees
 *   the whole `Exit`, failures included; `None` means no answer came
 *   (transport failure, interruption) and the permit is just given back.
 *
 * @example
 * ```ts
 * import { Option } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const options: Budget.WithPermitOptions<{ status: number; headers: Record<string, string> }, never> = {
 *   maxWait: "1 minute",
 *   observe: (exit) => exit._tag === "Success" ? Option.some(exit.value) : Option.none()
 * }
 * ```
 *
 * @category models
 * @since 0.2.0
 */
export interface WithPermitOptions<A, E> {
  readonly maxWait: Duration.DurationInput
  readonly observe: (exit: Exit.Exit<A, E>) => Option.Option<Observation>
}

/**
 * The known state of a bucket's running window: its limit, what is left to
 * take (the server's remaining minus the permits out), and when it resets on
 * the **local** clock.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const state: Budget.State = { limit: 60, remaining: 12, reset: DateTime.unsafeMake(1_700_000_060_000) }
 * ```
 *
 * @category models
 * @since 0.2.0
 */
export interface State {
  readonly limit: number
  readonly remaining: number
  readonly reset: DateTime.Utc
}

/**
 * A permit could not be had within `maxWait`: the call was not sent.
 *
 * **Details**
 *
 * Fails at once when even the earliest possible permit (the known window's
 * reset) is beyond `maxWait`, or when `maxWait` has passed in the queue.
 * `reset` is the running window's reset on the local clock, when one is
 * known. Serialisable: `reset` encodes to an ISO string or `null`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const handle = <A, R>(call: Effect.Effect<A, Budget.WaitTooLong, R>) =>
 *   call.pipe(Effect.catchTag("WaitTooLong", (error) => Effect.logWarning(error.message)))
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export class WaitTooLong extends Schema.TaggedError<WaitTooLong>("@effect-twitcasting/sdk/Budget/WaitTooLong")(
  "WaitTooLong",
  {
    bucket: Schema.String,
    reset: Schema.OptionFromNullOr(Schema.DateTimeUtc),
    maxWait: Schema.DurationFromMillis
  }
) {
  override get message(): string {
    const until = Option.match(this.reset, { onNone: () => "", onSome: (reset) => ` (resets ${reset.toJSON()})` })
    return `rate budget of bucket ${this.bucket}: no permit within ${Duration.format(this.maxWait)}${until}`
  }
}

/**
 * The rate budget's interface: what the HTTP client calls around every
 * request.
 *
 * **Details**
 *
 * - `withPermit(key, options, send)` waits for a permit of `key` (in FIFO
 *   order), runs `send`, and gives the permit back with what
 *   `options.observe` read from the outcome. It fails with
 *   {@link WaitTooLong} (and `send` does not run) when no permit comes
 *   within `options.maxWait`.
 * - `state(key)` is the known running window of a bucket, for streams that
 *   pace themselves; `None` when no window is known or the last one is over.
 *
 * **Gotchas**
 *
 * - The permit is held while `send` runs: do not call `withPermit` for the
 *   same bucket inside `send`.
 * - An answer without `X-RateLimit-*` headers gives its permit back without
 *   changing the known window; a bucket whose answers never carry headers is
 *   paced by a local fixed window instead (see {@link Options}).
 *
 * @example
 * ```ts
 * import { Effect, Option, Redacted } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const key = { fingerprint: Budget.fingerprint(Redacted.make("token")), bucket: "default" }
 * const left = Effect.flatMap(Budget.Budget, (budget) => budget.state(key)).pipe(
 *   Effect.map(Option.map((state) => state.remaining))
 * )
 * ```
 *
 * @category models
 * @since 0.2.0
 */
export interface Service {
  readonly withPermit: <A, E, R>(
    key: Key,
    options: WithPermitOptions<A, E>,
    send: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | WaitTooLong, R>
  readonly state: (key: Key) => Effect.Effect<Option.Option<State>>
}

/**
 * The rate budget service.
 *
 * **Details**
 *
 * A reference with a default: a program that provides no budget gets the
 * process's in-memory one (see {@link layerMemory}), which every `Auth` of
 * the same token shares. Provide `Redis.layer(...)` to share it between
 * processes, or {@link layerIsolated} in tests.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const program = Effect.flatMap(Budget.Budget, (budget) => Effect.succeed(budget))
 * ```
 *
 * @category tags
 * @since 0.2.0
 */
export class Budget extends Context.Reference<Budget>()("@effect-twitcasting/sdk/Budget", {
  defaultValue: (): Service => Effect.runSync(make().pipe(Effect.provide(sharedMemory)))
}) {}

/**
 * Where the budget keeps its state: the bucket windows, the permits out and
 * the FIFO queue of waiting calls, keyed by `fingerprint:bucket`.
 *
 * **Details**
 *
 * Every operation must be atomic on its key. `layerMemory` provides one in
 * this process's memory; `@effect-twitcasting/sdk/Redis` provides one in
 * Redis.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const isolated = Layer.sync(Budget.Store, Budget.makeMemoryStore)
 * ```
 *
 * @category tags
 * @since 0.2.0
 */
export class Store extends Context.Tag("@effect-twitcasting/sdk/Budget/Store")<Store, internal.StoreService>() {}

/**
 * Options of {@link make} and the layers.
 *
 * **Details**
 *
 * `unmetered` is the pace of a bucket whose answers carry no
 * `X-RateLimit-*` headers (e.g. `GET /users/:id/movies`): a local fixed
 * window of @effect/experimental's `RateLimiter`. Default: 60 per minute,
 * the API's usual budget.
 *
 * @example
 * ```ts
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const options: Budget.Options = { unmetered: { limit: 30, window: "30 seconds" } }
 * ```
 *
 * @category models
 * @since 0.2.0
 */
export interface Options {
  readonly unmetered?: { readonly limit: number; readonly window: Duration.DurationInput } | undefined
}

/**
 * A fingerprint of a token, to key its buckets by: the first 128 bits of a
 * SHA-256 of the token, in hex. Never the token itself.
 *
 * **Details**
 *
 * Synchronous and pure JavaScript (no `node:crypto`), so it runs in
 * browsers too.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * Budget.fingerprint(Redacted.make("my-token")) // 32 hex digits
 * ```
 *
 * @category constructors
 * @since 0.2.0
 */
export const fingerprint: (token: Redacted.Redacted<string>) => string = internal.fingerprint

/**
 * A fresh in-memory store, shared by nothing else.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const store = Layer.sync(Budget.Store, Budget.makeMemoryStore)
 * ```
 *
 * @category constructors
 * @since 0.2.0
 */
export const makeMemoryStore: () => internal.StoreService = internal.makeMemoryStore

/**
 * Makes the budget over the `Store` in context, with a `RateLimiter`
 * (from @effect/experimental) for unmetered buckets.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "@effect/experimental"
 * import { Effect, Layer } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const budget = Budget.make().pipe(
 *   Effect.provide(Layer.sync(Budget.Store, Budget.makeMemoryStore)),
 *   Effect.provide(RateLimiter.layer.pipe(Layer.provide(RateLimiter.layerStoreMemory)))
 * )
 * ```
 *
 * @category constructors
 * @since 0.2.0
 */
export const make = Effect.fn("Budget.make")(function*(options?: Options) {
  const store = yield* Store
  const rateLimiter = yield* RateLimiter.RateLimiter
  const limiter = internal.makeLimiter(
    store,
    rateLimiter,
    { unmetered: options?.unmetered ?? { limit: 60, window: Duration.minutes(1) } },
    ({ bucket, maxWait, resetMillis }) =>
      new WaitTooLong({ bucket, maxWait, reset: Option.map(resetMillis, (ms) => DateTime.unsafeMake(ms)) })
  )
  return Budget.of({
    withPermit: limiter.withPermit,
    state: (key) =>
      Effect.map(
        limiter.state(key),
        Option.map(({ limit, remaining, resetMillis }) => ({
          limit,
          remaining,
          reset: DateTime.unsafeMake(resetMillis)
        }))
      )
  })
})

/**
 * The budget over the `Store` and `RateLimiter` in context.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "@effect/experimental"
 * import { Layer } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const live = Budget.layer().pipe(
 *   Layer.provide(Layer.sync(Budget.Store, Budget.makeMemoryStore)),
 *   Layer.provide(RateLimiter.layer.pipe(Layer.provide(RateLimiter.layerStoreMemory)))
 * )
 * ```
 *
 * @category layers
 * @since 0.2.0
 */
export const layer = (options?: Options): Layer.Layer<Budget, never, Store | RateLimiter.RateLimiter> =>
  Layer.effect(Budget, make(options))

// One store and one unmetered pace per process, made on first use: every
// in-memory budget of the process shares them, so that every `Auth` of a
// token shares its buckets.
const shared: {
  store?: internal.StoreService
  rateLimiterStore?: Context.Tag.Service<RateLimiter.RateLimiterStore>
} = {}

const sharedMemory: Layer.Layer<Store | RateLimiter.RateLimiter> = Layer.merge(
  Layer.sync(Store, () => shared.store ??= internal.makeMemoryStore()),
  RateLimiter.layer.pipe(Layer.provide(Layer.effect(
    RateLimiter.RateLimiterStore,
    Effect.suspend(() =>
      shared.rateLimiterStore !== undefined
        ? Effect.succeed(shared.rateLimiterStore)
        : Effect.map(
          Effect.provide(RateLimiter.RateLimiterStore, RateLimiter.layerStoreMemory),
          (store) => (shared.rateLimiterStore ??= store)
        )
    )
  )))
)

/**
 * The budget in this process's memory: every `layerMemory` of the process
 * shares one store, so two `Auth`s of the same token share its buckets.
 *
 * **When to use**
 *
 * Only to set {@link Options}: without any budget layer, calls use this
 * one with the default options.
 *
 * **Gotchas**
 *
 * Several processes on one token do not see each other's calls: use
 * `@effect-twitcasting/sdk/Redis` for that.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const program = Effect.flatMap(Budget.Budget, (budget) => Effect.succeed(budget)).pipe(
 *   Effect.provide(Budget.layerMemory({ unmetered: { limit: 30, window: "1 minute" } }))
 * )
 * ```
 *
 * @category layers
 * @since 0.2.0
 */
export const layerMemory = (options?: Options): Layer.Layer<Budget> => layer(options).pipe(Layer.provide(sharedMemory))

/**
 * A budget of its own, in memory, sharing nothing with the rest of the
 * process.
 *
 * **When to use**
 *
 * Tests: each test starts from an empty budget, whatever tokens other
 * tests used.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as Budget from "@effect-twitcasting/sdk/Budget"
 *
 * const test = Effect.flatMap(Budget.Budget, (budget) => Effect.succeed(budget)).pipe(
 *   Effect.provide(Budget.layerIsolated())
 * )
 * ```
 *
 * @category layers
 * @since 0.2.0
 */
export const layerIsolated = (options?: Options): Layer.Layer<Budget> =>
  layer(options).pipe(
    Layer.provide(Layer.sync(Store, internal.makeMemoryStore)),
    Layer.provide(RateLimiter.layer.pipe(Layer.provide(RateLimiter.layerStoreMemory)))
  )
