import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import { createHash } from "node:crypto"
import * as Budget from "../src/Budget.js"
import { Retry, Supporters, Users } from "../src/index.js"
import { type Answer, makeFakeServer, observeAnswer, settle } from "./budgetServer.js"
import * as fixtures from "./fixtures.js"
import { userAuth } from "./mock.js"

const T0 = 1_700_000_000_000 // whole seconds: the server's windows end on a second

// a budget of its own per test: the process-wide store is for programs, not tests
const isolated = Budget.layer().pipe(
  Layer.provide(Layer.sync(Budget.Store, Budget.makeMemoryStore)),
  Layer.provide(RateLimiter.layer.pipe(Layer.provide(RateLimiter.layerStoreMemory)))
)

const key = (bucket = "default"): Budget.Key => ({ fingerprint: Budget.fingerprint(Redacted.make("t")), bucket })

interface Done {
  readonly label: string
  readonly at: number
}

/** Forks one call per label, in order, each queued before the next starts. */
const forkCalls = (
  labels: ReadonlyArray<string>,
  call: (label: string) => Effect.Effect<Answer, Budget.WaitTooLong, Budget.Budget>
) =>
  Effect.gen(function*() {
    const done: Array<Done> = []
    const fibers: Array<Fiber.RuntimeFiber<void, Budget.WaitTooLong>> = []
    for (const label of labels) {
      fibers.push(
        yield* Effect.fork(
          Effect.flatMap(call(label), () =>
            Effect.flatMap(Clock.currentTimeMillis, (at) => Effect.sync(() => void done.push({ label, at }))))
        )
      )
      yield* Effect.yieldNow()
    }
    return { done, fibers }
  })

const sender =
  (server: ReturnType<typeof makeFakeServer>, bucket = "default", maxWait: Duration.DurationInput = "10 minutes") =>
  (label: string) =>
    Effect.flatMap(
      Budget.Budget,
      (budget) => budget.withPermit(key(bucket), { maxWait, observe: observeAnswer }, server.handle(bucket, label))
    )

const labels = (n: number, prefix = "") => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe("Budget", () => {
  it.effect("herd: 200 callers send exactly the allowance per window, in order, with no refusal", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const server = makeFakeServer({ limits: { default: { limit: 60, windowSeconds: 60 } } })
      const { done, fibers } = yield* forkCalls(labels(200), sender(server))
      yield* settle(() => server.seen.length === 60)
      for (const expected of [120, 180, 200]) {
        yield* TestClock.adjust("60 seconds")
        yield* settle(() => server.seen.length === expected)
      }
      yield* Fiber.joinAll(fibers)
      expect(server.refused()).toBe(0)
      expect(server.perWindow()).toEqual([60, 60, 60, 20])
      expect(server.seen.map((s) => s.label)).toEqual(labels(200))
      const finished = (from: number, to: number) => done.filter((d) => d.at - T0 >= from && d.at - T0 <= to).length
      expect([finished(0, 0), finished(60_000, 60_000), finished(120_000, 120_000), finished(180_000, 180_000)])
        .toEqual([60, 60, 60, 20])
    }).pipe(Effect.provide(isolated)))

  it.effect("before the first answer exactly one call goes; then as many as remaining allows, in order", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const gate = yield* Deferred.make<void>()
      const server = makeFakeServer({ limits: { default: { limit: 3, windowSeconds: 60 } }, gate })
      const { done, fibers } = yield* forkCalls(labels(5), sender(server))
      yield* settle(() => server.seen.length === 1)
      for (let i = 0; i < 200; i++) yield* Effect.yieldNow()
      expect(server.seen.length).toBe(1) // the others wait for its headers
      yield* Deferred.succeed(gate, undefined)
      yield* settle(() => server.seen.length === 3)
      for (let i = 0; i < 200; i++) yield* Effect.yieldNow()
      expect(server.seen.length).toBe(3) // remaining said 2 more, not 4
      yield* TestClock.adjust("60 seconds")
      yield* Fiber.joinAll(fibers)
      expect(server.refused()).toBe(0)
      expect(server.seen.map((s) => s.label)).toEqual(labels(5))
      expect(done.map((d) => d.at - T0)).toEqual([0, 0, 0, 60_000, 60_000])
    }).pipe(Effect.provide(isolated)))

  for (const skew of [-120_000, 120_000]) {
    it.effect(`waits on the server's clock: local clock ${skew > 0 ? "behind" : "ahead of"} the server by 2 minutes`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        const server = makeFakeServer({ limits: { default: { limit: 3, windowSeconds: 60 } }, offsetMillis: skew })
        const { done, fibers } = yield* forkCalls(labels(7), sender(server, "default", "5 minutes"))
        yield* settle(() => server.seen.length === 3)
        yield* TestClock.adjust("59 seconds")
        for (let i = 0; i < 200; i++) yield* Effect.yieldNow()
        expect(server.seen.length).toBe(3) // not a second early
        yield* TestClock.adjust("1 second")
        yield* settle(() => server.seen.length === 6)
        yield* TestClock.adjust("60 seconds")
        yield* Fiber.joinAll(fibers)
        expect(server.refused()).toBe(0)
        expect(done.map((d) => d.at - T0)).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000])
      }).pipe(Effect.provide(isolated)))
  }

  const scripted = (answers: ReadonlyArray<Budget.Observation>) => {
    let next = 0
    const seen: Array<string> = []
    const send = (label: string) =>
      Effect.sync((): Answer => {
        seen.push(label)
        return { label, observation: answers[Math.min(next++, answers.length - 1)]! }
      })
    return { seen, send }
  }
  const window = (remaining: number, resetIn = 60, status = 200): Budget.Observation => ({
    status,
    headers: {
      date: new Date(T0).toUTCString(),
      "x-ratelimit-limit": "60",
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String(T0 / 1000 + resetIn)
    }
  })
  const unauthorized: Budget.Observation = {
    status: 401,
    headers: {
      date: new Date(T0).toUTCString(),
      "x-ratelimit-limit": "0",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(T0 / 1000)
    }
  }
  const headerless: Budget.Observation = { status: 200, headers: { date: new Date(T0).toUTCString() } }

  for (
    const [name, answer] of [["a 401 with zeros", unauthorized], ["an answer without headers", headerless]] as const
  ) {
    it.effect(`${name} gives its permit back and leaves the known window as it was`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        // the window says 2 left; the next answer is `answer`; then 2 calls go at once and the 3rd waits
        const { seen, send } = scripted([window(2), answer, window(1), window(0), window(59, 120)])
        const call = (label: string) =>
          Effect.flatMap(
            Budget.Budget,
            (budget) => budget.withPermit(key(), { maxWait: "5 minutes", observe: observeAnswer }, send(label))
          )
        const first = yield* forkCalls(["first", "odd"], call)
        yield* Fiber.joinAll(first.fibers)
        const { done, fibers } = yield* forkCalls(["a", "b", "c"], call)
        yield* settle(() => seen.length === 4)
        yield* TestClock.adjust("60 seconds")
        yield* Fiber.joinAll(fibers)
        expect(seen).toEqual(["first", "odd", "a", "b", "c"])
        expect(done.map((d) => d.at - T0)).toEqual([0, 0, 60_000])
      }).pipe(Effect.provide(isolated)))

    it.effect(`${name} as a bucket's first answer does not stall the next call`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(T0)
        const { seen, send } = scripted([answer, window(59)])
        const call = (label: string) =>
          Effect.flatMap(
            Budget.Budget,
            (budget) => budget.withPermit(key(), { maxWait: "1 second", observe: observeAnswer }, send(label))
          )
        yield* call("first")
        yield* call("second")
        expect(seen).toEqual(["first", "second"])
        expect(yield* Clock.currentTimeMillis).toBe(T0)
      }).pipe(Effect.provide(isolated)))
  }

  it.effect("a spent supporters bucket does not delay a default call", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const server = makeFakeServer({
        limits: { default: { limit: 60, windowSeconds: 60 }, supporters: { limit: 2, windowSeconds: 30 } }
      })
      const supporters = yield* forkCalls(labels(3, "s"), sender(server, "supporters"))
      yield* settle(() => server.seen.length === 2)
      const defaults = yield* forkCalls(labels(2, "d"), sender(server, "default"))
      yield* Fiber.joinAll(defaults.fibers)
      expect(defaults.done.map((d) => d.at - T0)).toEqual([0, 0])
      yield* TestClock.adjust("30 seconds")
      yield* Fiber.joinAll(supporters.fibers)
      expect(supporters.done.map((d) => d.at - T0)).toEqual([0, 0, 30_000])
      expect(server.refused()).toBe(0)
    }).pipe(Effect.provide(isolated)))

  it.effect("fails with WaitTooLong at once when the permit is beyond maxWait", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const server = makeFakeServer({ limits: { supporters: { limit: 1, windowSeconds: 30 } } })
      yield* sender(server, "supporters")("first")
      const error = yield* Effect.flip(sender(server, "supporters", "10 seconds")("too late"))
      expect(error).toBeInstanceOf(Budget.WaitTooLong)
      expect(error.bucket).toBe("supporters")
      expect(Option.map(error.reset, DateTime.toEpochMillis)).toEqual(Option.some(T0 + 30_000))
      expect(yield* Clock.currentTimeMillis).toBe(T0) // not after waiting
      expect(server.seen.map((s) => s.label)).toEqual(["first"])
      // within maxWait, it waits
      const fiber = yield* Effect.fork(sender(server, "supporters", "30 seconds")("in time"))
      yield* TestClock.adjust("30 seconds")
      yield* Fiber.join(fiber)
      expect(server.seen.map((s) => s.label)).toEqual(["first", "in time"])
      expect(server.refused()).toBe(0)
    }).pipe(Effect.provide(isolated)))

  it.effect("state reports the running window on the local clock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const server = makeFakeServer({ limits: { default: { limit: 60, windowSeconds: 60 } }, offsetMillis: 120_000 })
      const budget = yield* Budget.Budget
      expect(yield* budget.state(key())).toEqual(Option.none())
      yield* sender(server)("one")
      const state = yield* budget.state(key())
      expect(Option.map(state, (s) => [s.limit, s.remaining, DateTime.toEpochMillis(s.reset)])).toEqual(
        Option.some([60, 59, T0 + 60_000])
      )
    }).pipe(Effect.provide(isolated)))

  it.effect("keeps the earliest estimate of a window's reset: a Date header is late by up to a second", () =>
    Effect.gen(function*() {
      const budget = yield* Budget.Budget
      const answered = (date: number, remaining: number) =>
        budget.withPermit(
          key(),
          { maxWait: "1 second", observe: observeAnswer },
          Effect.succeed<Answer>({
            label: "call",
            observation: {
              status: 200,
              headers: {
                date: new Date(date).toUTCString(),
                "x-ratelimit-limit": "60",
                "x-ratelimit-remaining": String(remaining),
                "x-ratelimit-reset": String(T0 / 1000 + 60)
              }
            }
          })
        )
      const reset = Effect.map(budget.state(key()), Option.map((state) => DateTime.toEpochMillis(state.reset)))
      // answered 900 ms into the server's second: its Date says the second's start
      yield* TestClock.setTime(T0 + 900)
      yield* answered(T0, 59)
      expect(yield* reset).toEqual(Option.some(T0 + 60_900))
      // answered on the next second exactly: the nearer, true reset stays
      yield* TestClock.setTime(T0 + 1000)
      yield* answered(T0 + 1000, 58)
      expect(yield* reset).toEqual(Option.some(T0 + 60_000))
      yield* TestClock.setTime(T0 + 1900)
      yield* answered(T0 + 1000, 57)
      expect(yield* reset).toEqual(Option.some(T0 + 60_000))
    }).pipe(Effect.provide(isolated)))

  it.effect("WaitTooLong encodes to JSON-friendly values", () =>
    Effect.gen(function*() {
      const error = new Budget.WaitTooLong({
        bucket: "default",
        reset: Option.some(DateTime.unsafeMake(T0)),
        maxWait: Duration.seconds(1)
      })
      const encoded = yield* Schema.encode(Budget.WaitTooLong)(error)
      expect(encoded).toMatchObject({ _tag: "WaitTooLong", bucket: "default", reset: new Date(T0).toISOString() })
    }))

  it("fingerprint is a SHA-256 prefix, not the token", () => {
    const token = "secret-token-1234"
    const print = Budget.fingerprint(Redacted.make(token))
    expect(print).toBe(createHash("sha256").update(`effect-twitcasting:${token}`).digest("hex").slice(0, 32))
    expect(print).not.toContain(token)
    expect(Budget.fingerprint(Redacted.make("other"))).not.toBe(print)
    const long = "x".repeat(1000) + "日本語"
    expect(Budget.fingerprint(Redacted.make(long))).toBe(
      createHash("sha256").update(`effect-twitcasting:${long}`).digest("hex").slice(0, 32)
    )
  })
})

/** The fake server behind the SDK's calls: the supporter lists in their own bucket. */
const asClient = (server: ReturnType<typeof makeFakeServer>) =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request, url) =>
      Effect.gen(function*() {
        const bucket = /\/(supporters|supporting)$/.test(url.pathname) ? "supporters" : "default"
        const { observation } = yield* server.handle(bucket, url.pathname)
        const body = observation.status !== 200
          ? fixtures.errorBody(2000, "Execution Count Limitation")
          : bucket === "supporters"
          ? { total: 1, supporters: [fixtures.supporter] }
          : { user: fixtures.user, supporter_count: 1, supporting_count: 1 }
        return HttpClientResponse.fromWeb(
          request,
          new Response(JSON.stringify(body), {
            status: observation.status,
            headers: { "content-type": "application/json", ...observation.headers }
          })
        )
      })
    )
  )

describe("Budget, through the calls", () => {
  const getUserInfo = Users.getUserInfo({ id: "182224938" })

  it.effect("200 concurrent getUserInfo on one token: exactly 60 per window go out, none refused", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const server = makeFakeServer({ limits: { default: { limit: 60, windowSeconds: 60 } } })
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: 200 }, () => getUserInfo), { concurrency: "unbounded" }).pipe(
          Effect.provide(asClient(server)),
          // a wait of up to 4 windows
          Effect.provide(Retry.layer({ maxRateLimitWait: "4 minutes" }))
        )
      )
      yield* settle(() => server.seen.length === 60)
      for (const expected of [120, 180, 200]) {
        yield* TestClock.adjust("60 seconds")
        yield* settle(() => server.seen.length === expected)
      }
      const results = yield* Fiber.join(fiber)
      expect(results).toHaveLength(200)
      expect(server.refused()).toBe(0)
      expect(server.perWindow()).toEqual([60, 60, 60, 20])
    }).pipe(Effect.provide(userAuth)))

  it.effect("30 supporterList calls spend their own bucket: getUserInfo does not wait", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const server = makeFakeServer({
        limits: { default: { limit: 60, windowSeconds: 60 }, supporters: { limit: 30, windowSeconds: 30 } }
      })
      yield* Effect.gen(function*() {
        yield* Effect.all(
          Array.from({ length: 30 }, () => Supporters.supporterList({ id: "182224938" })),
          { concurrency: "unbounded" }
        )
        const next = yield* Effect.fork(Supporters.supporterList({ id: "182224938" }))
        const user = yield* getUserInfo
        expect(user.user.id).toBe("182224938")
        expect(yield* Clock.currentTimeMillis).toBe(T0)
        // the 31st supporters call waits for its own window, 30 s
        yield* TestClock.adjust("29 seconds")
        expect(server.seen.filter((s) => s.bucket === "supporters")).toHaveLength(30)
        yield* TestClock.adjust("1 second")
        yield* Fiber.join(next)
        expect(server.refused()).toBe(0)
      }).pipe(Effect.provide(asClient(server)))
    }).pipe(Effect.provide(userAuth)))

  it.effect("a refused call retries through the budget: refusals from another client start no stampede", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const server = makeFakeServer({ limits: { default: { limit: 10, windowSeconds: 60 } } })
      // another client (not this budget) spent the window before us
      for (let i = 0; i < 10; i++) yield* server.handle("default", "other")
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: 15 }, () => getUserInfo), { concurrency: "unbounded" }).pipe(
          Effect.provide(asClient(server)),
          Effect.provide(Retry.layer({ maxRateLimitWait: "3 minutes" }))
        )
      )
      yield* settle(() => server.seen.length === 11)
      for (let i = 0; i < 200; i++) yield* Effect.yieldNow()
      // one probe was refused; the refusal's window holds the other 14
      expect(server.refused()).toBe(1)
      yield* TestClock.adjust("60 seconds")
      yield* settle(() => server.seen.length === 21)
      yield* TestClock.adjust("60 seconds")
      yield* Fiber.join(fiber)
      expect(server.refused()).toBe(1)
      expect(server.perWindow()).toEqual([11, 10, 5])
    }).pipe(Effect.provide(userAuth)))
})
