import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
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
})
