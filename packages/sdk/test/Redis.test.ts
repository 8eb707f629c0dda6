import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Deferred from "effect/Deferred"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Redis as Client } from "ioredis"
import * as Budget from "../src/Budget.js"
import * as Redis from "../src/Redis.js"
import { type Answer, makeFakeServer, observeAnswer } from "./budgetServer.js"
import { type RedisServer, startRedis } from "./redisServer.js"

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
}, 30_000)
afterAll(async () => {
  await redis?.stop()
})

describe("Redis budget", () => {
  // Live clock: two stores talk to one redis-server; nothing is asserted on time,
  // only what the fake server counted and the order it saw.
  it.live(
    "two processes on one token never exceed the allowance together, and wait in order",
    () =>
      Effect.gen(function*() {
        const prefix = `test-${Date.now()}:`
        const options = { host: "127.0.0.1", port: redis.port, prefix, pollInterval: "20 millis" } as const
        // two budgets, each with its own connections: two processes
        const [one, two] = yield* Effect.all([
          Layer.build(Redis.layer(options)),
          Layer.build(Redis.layer(options))
        ]).pipe(Effect.map((contexts) => contexts.map((context) => Budget.Budget.pipe(Effect.provide(context)))))
        const budgets = [yield* one!, yield* two!]
        const token = Redacted.make("shared-token")
        const key: Budget.Key = { fingerprint: Budget.fingerprint(token), bucket: "default" }
        const gate = yield* Deferred.make<void>()
        const server = makeFakeServer({ limits: { default: { limit: 4, windowSeconds: 1 } }, gate })
        const client = new Client({ host: "127.0.0.1", port: redis.port })
        yield* Effect.addFinalizer(() => Effect.promise(() => client.quit()))
        const queued = () => Effect.promise(() => client.zcard(`${prefix}{${key.fingerprint}:${key.bucket}}:q`))

        const labels = Array.from({ length: 16 }, (_, i) => String(i))
        const fibers: Array<Fiber.RuntimeFiber<Answer, Budget.WaitTooLong>> = []
        for (const [i, label] of labels.entries()) {
          const budget = budgets[i % 2]!
          fibers.push(
            yield* Effect.fork(
              budget.withPermit(key, { maxWait: "1 minute", observe: observeAnswer }, server.handle("default", label))
            )
          )
          // the first call is the probe (held by the gate); each later one is in the queue before the next is asked
          if (i === 0) {
            while (server.seen.length === 0) yield* Effect.sleep("5 millis")
          } else {
            while ((yield* queued()) < i) yield* Effect.sleep("5 millis")
          }
        }
        yield* Deferred.succeed(gate, undefined)
        yield* Fiber.joinAll(fibers)

        expect(server.refused()).toBe(0)
        // exactly the allowance per window, across both processes
        expect(server.perWindow().every((count) => count <= 4)).toBe(true)
        expect(server.seen.length).toBe(16)
        // in order: a call asked later never got an earlier window (calls granted in
        // one window are sent concurrently, so their arrival order within it is free)
        const windowOf = new Map(server.seen.map((s) => [s.label, s.window]))
        const windows = labels.map((label) => windowOf.get(label) ?? 0)
        expect(windows).toEqual([...windows].sort((a, b) => a - b))
        const state = yield* budgets[0]!.state(key)
        expect(state._tag === "None" || state.value.limit === 4).toBe(true)
      }).pipe(Effect.scoped),
    60_000
  )

  /** A Redis budget of its own (a fresh prefix), as a scoped effect. */
  const isolated = Effect.gen(function*() {
    const context = yield* Layer.build(
      Redis.layer({ host: "127.0.0.1", port: redis.port, prefix: `test-${Math.random()}:`, pollInterval: "20 millis" })
    )
    return yield* Effect.provide(Budget.Budget, context)
  })
  const key = (bucket = "default"): Budget.Key => ({ fingerprint: Budget.fingerprint(Redacted.make("t")), bucket })
  /** An answer of a server whose clock is `skew` ms ahead, `remaining` left until `resetIn` s after its now. */
  const answer = (remaining: number, resetIn: number, options: { status?: number; skew?: number } = {}) =>
    Effect.sync((): Answer => {
      const serverNow = Date.now() + (options.skew ?? 0)
      return {
        label: "call",
        observation: {
          status: options.status ?? 200,
          headers: {
            date: new Date(serverNow).toUTCString(),
            "x-ratelimit-limit": "60",
            "x-ratelimit-remaining": String(remaining),
            "x-ratelimit-reset": String(Math.floor(serverNow / 1000) + resetIn)
          }
        }
      }
    })
  const send = (
    budget: Budget.Budget["Type"],
    sent: Effect.Effect<Answer>,
    maxWait: Duration.DurationInput = "1 second",
    bucket = "default"
  ) => budget.withPermit(key(bucket), { maxWait, observe: observeAnswer }, sent)

  it.live("a spent window refuses a permit beyond maxWait at once, and the call is not sent", () =>
    Effect.gen(function*() {
      const budget = yield* isolated
      yield* send(budget, answer(0, 60))
      let sent = false
      const exit = yield* Effect.exit(
        send(budget, Effect.sync(() => (sent = true)).pipe(Effect.zipRight(answer(59, 60))))
      )
      expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error._tag).toBe("WaitTooLong")
      expect(sent).toBe(false)
    }).pipe(Effect.scoped))

  it.live("a spent supporters bucket does not hold a default call", () =>
    Effect.gen(function*() {
      const budget = yield* isolated
      yield* send(budget, answer(0, 60), "1 second", "supporters")
      const supporters = yield* Effect.exit(send(budget, answer(29, 60), "1 second", "supporters"))
      expect(Exit.isFailure(supporters)).toBe(true)
      const other = yield* send(budget, answer(59, 60))
      expect(other.label).toBe("call")
    }).pipe(Effect.scoped))

  it.live("a 401 with zeros, and an answer without headers, do not mark the bucket spent", () =>
    Effect.gen(function*() {
      const budget = yield* isolated
      yield* send(budget, answer(5, 60))
      const zeros: Answer = {
        label: "401",
        observation: {
          status: 401,
          headers: { "x-ratelimit-limit": "0", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0" }
        }
      }
      yield* send(budget, Effect.succeed(zeros))
      yield* send(budget, Effect.succeed<Answer>({ label: "bare", observation: { status: 200, headers: {} } }))
      // the window (5 left, 60 s to go) is as it was: a call goes at once
      const next = yield* send(budget, answer(4, 60), "1 second")
      expect(next.label).toBe("call")
      const state = yield* budget.state(key())
      expect(state._tag === "Some" && [state.value.limit, state.value.remaining]).toEqual([60, 4])
    }).pipe(Effect.scoped))

  it.live("waits are measured on the server's clock: a server 2 minutes ahead, 1 s to its reset", () =>
    Effect.gen(function*() {
      const budget = yield* isolated
      yield* send(budget, answer(0, 2, { skew: 120_000 }))
      // on the local clock the reset is 2 minutes away (beyond maxWait); on the server's, at most 2 s
      const next = yield* send(budget, answer(59, 60, { skew: 120_000 }), "10 seconds")
      expect(next.label).toBe("call")
    }).pipe(Effect.scoped))

  it.live("layerConfig finds Redis through Config: two budgets of one environment share a window", () =>
    Effect.gen(function*() {
      const environment = ConfigProvider.fromMap(
        new Map([
          ["TWITCASTING_REDIS_PORT", String(redis.port)],
          ["TWITCASTING_REDIS_PREFIX", `config-${Math.random()}:`]
        ])
      )
      const configured = Layer.build(Redis.layerConfig()).pipe(
        Effect.flatMap((context) => Effect.provide(Budget.Budget, context)),
        Effect.withConfigProvider(environment)
      )
      const one = yield* configured
      const two = yield* configured
      yield* send(one, answer(0, 60))
      // the other budget saw that window: nothing is left in it for 60 s
      const exit = yield* Effect.exit(send(two, answer(59, 60)))
      expect(Exit.isFailure(exit)).toBe(true)
    }).pipe(Effect.scoped))

  it.effect("layerConfig fails with a ConfigError for a port that is not one", () =>
    Effect.gen(function*() {
      const error = yield* Layer.build(Redis.layerConfig()).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["TWITCASTING_REDIS_PORT", "not-a-port"]]))),
        Effect.scoped,
        Effect.flip
      )
      expect(ConfigError.isConfigError(error)).toBe(true)
    }))
})
