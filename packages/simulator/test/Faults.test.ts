/**
 * Fault injection: the sequence is deterministic (in `Faults.source` and on
 * the wire of two simulators), each kind reaches the SDK as the typed error
 * it stands for (over real HTTP and without a socket), a faulted write may or
 * may not have been carried out but is never sent twice by the SDK, and
 * faults can be turned off and are counted.
 */
import { Comments, Errors, Retry, Users } from "@effect-twitcasting/sdk"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { Faults, Seed, Simulator } from "../src/index.js"

const noRetry = Retry.layer({ retries: 0, rateLimitRetries: 0 })

const live = "189037369"

/** The SDK's client for a simulator, with twitcasting_jp's token. */
const transports = {
  http: (options: Simulator.Options) =>
    Simulator.userAuth().pipe(Layer.provideMerge(Layer.merge(Simulator.layer(options), FetchHttpClient.layer))),
  socketless: (options: Simulator.Options) =>
    Simulator.userAuth().pipe(Layer.provideMerge(Simulator.layerClient(options)))
} as const

const transportNames = ["http", "socketless"] as const

const failingKinds: ReadonlyArray<Faults.Kind> = ["error", "drop", "html", "truncated", "malformed"]

/** The next `n` faults of `options`, as a fresh simulator draws them. */
const predict = (options: Faults.Options, n: number) => {
  const source = Faults.source(options)
  return Array.from({ length: n }, () => source.next())
}

/** What a client can see of a fault on the wire (a latency fault looks like no fault). */
type Seen = "ok" | Exclude<Faults.Kind, "latency">

const seenOf = (fault: Faults.Fault | undefined): Seen =>
  fault === undefined || fault.kind === "latency" ? "ok" : fault.kind

/** Classifies a raw answer to GET /users/twitcasting_jp. */
const classify = (status: number, contentType: string, text: string): Seen | `unexpected ${number}` => {
  if (status === 502 && contentType.startsWith("text/html")) return "html"
  if (status >= 500) return "error"
  if (status !== 200) return `unexpected ${status}`
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return "truncated"
  }
  return typeof value === "object" && value !== null && "user" in value ? "ok" : "malformed"
}

/** One raw GET of a user, as the simulator's HTTP client sends it, and what it looked like. */
const observe = (simulator: Simulator.Simulator["Type"]) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    return yield* client.get(`${simulator.baseUrl}/users/twitcasting_jp`, {
      headers: { authorization: `Bearer ${Seed.demoToken("twitcasting_jp")}`, "x-api-version": "2.0" }
    }).pipe(
      Effect.flatMap((response) =>
        Effect.map(response.text, (text) => classify(response.status, response.headers["content-type"] ?? "", text))
      ),
      // the connection broke: before the status line on a socket, mid-body without one
      Effect.catchTag("RequestError", "ResponseError", () => Effect.succeed<Seen>("drop"))
    )
  })

const observeMany = (simulator: Simulator.Simulator["Type"], n: number) =>
  Effect.forEach(Array.from({ length: n }), () => observe(simulator))

/** A simulator served over HTTP, built in the current scope (several can run at once). */
const serve = (options: Simulator.Options) =>
  Effect.map(Layer.build(Simulator.layer(options)), (context) => Context.get(context, Simulator.Simulator))

/** Faults of every kind on 60% of the requests, with a short latency. */
const varied: Faults.Options = { seed: 5, rate: 0.6, kinds: Faults.allKinds, latencyMillis: 1 }

describe("determinism", () => {
  it("the same seed gives the same faults; another seed gives others", () => {
    const options = { seed: 7, rate: 0.5, kinds: Faults.allKinds }
    const first = predict(options, 200)
    expect(predict(options, 200)).toEqual(first)
    expect(predict({ ...options, seed: 8 }, 200)).not.toEqual(first)
    // every kind shows up, and about `rate` of the requests are faulted
    expect(new Set(first.map((fault) => fault?.kind))).toEqual(new Set([...Faults.allKinds, undefined]))
    const faulted = first.filter((fault) => fault !== undefined).length
    expect(faulted).toBeGreaterThan(60)
    expect(faulted).toBeLessThan(140)
  })

  it("count() counts the faults drawn; rate 0 or no kinds give none; rate 1 faults every request", () => {
    const source = Faults.source({ seed: 3, rate: 0.5, kinds: ["error"] })
    const drawn = Array.from({ length: 50 }, () => source.next())
    expect(source.count()).toBe(drawn.filter((fault) => fault !== undefined).length)
    expect(predict({ seed: 3, rate: 0, kinds: Faults.allKinds }, 100).every((fault) => fault === undefined)).toBe(true)
    expect(predict({ seed: 3, rate: 1, kinds: [] }, 100).every((fault) => fault === undefined)).toBe(true)
    expect(predict(Faults.none, 100).every((fault) => fault === undefined)).toBe(true)
    const always = predict({ seed: 3, rate: 1, kinds: ["drop", "html"] }, 100)
    expect(always.every((fault) => fault?.kind === "drop" || fault?.kind === "html")).toBe(true)
  })

  it("a latency fault is always applied; the others are applied about half the time", () => {
    const faults = predict({ seed: 11, rate: 1, kinds: Faults.allKinds }, 400)
    expect(faults.filter((fault) => fault?.kind === "latency").every((fault) => fault?.applied)).toBe(true)
    const others = faults.filter((fault) => fault?.kind !== "latency")
    const applied = others.filter((fault) => fault?.applied).length
    expect(applied).toBeGreaterThan(others.length * 0.3)
    expect(applied).toBeLessThan(others.length * 0.7)
  })

  it.live("two simulators with the same seed fault the same requests the same way, as Faults.source predicts", () =>
    Effect.gen(function*() {
      const faults = varied
      const n = 30
      const expected = predict(faults, n).map(seenOf)
      // the prediction is varied enough to tell sequences apart
      expect(new Set(expected).size).toBeGreaterThanOrEqual(5)
      const a = yield* serve({ faults })
      const b = yield* serve({ faults })
      const other = yield* serve({ faults: { ...faults, seed: 6 } })
      const seenA = yield* observeMany(a, n)
      const seenB = yield* observeMany(b, n)
      expect(seenA).toEqual(expected)
      expect(seenB).toEqual(seenA)
      expect(yield* observeMany(other, n)).not.toEqual(seenA)
      const count = predict(faults, n).filter((fault) => fault !== undefined).length
      expect((yield* a.stats).faults).toBe(count)
      expect((yield* b.stats).faults).toBe(count)
      expect((yield* a.stats).requests).toBe(n)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("the socketless client sees the same sequence", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      expect(yield* observeMany(simulator, 30)).toEqual(predict(varied, 30).map(seenOf))
    }).pipe(Effect.provide(Simulator.layerClient({ faults: varied }))))

  it.live("setFaults restarts the sequence", () =>
    Effect.gen(function*() {
      const faults: Faults.Options = { seed: 9, rate: 0.7, kinds: failingKinds }
      const simulator = yield* Simulator.Simulator
      yield* simulator.setFaults(faults)
      const first = yield* observeMany(simulator, 15)
      yield* simulator.setFaults(faults)
      expect(yield* observeMany(simulator, 15)).toEqual(first)
      expect(first).toEqual(predict(faults, 15).map(seenOf))
    }).pipe(Effect.provide(Simulator.layerClient())))
})

interface Expectation {
  readonly kind: Faults.Kind
  /** The SDK error's tag; `undefined`: the call succeeds. */
  readonly tag: "ApiError" | "UnexpectedResponseError" | "RequestError" | undefined
  /** How the test is named. */
  readonly outcome: string
  readonly check: (error: Errors.CallError) => void
}

const expectations: ReadonlyArray<Expectation> = [
  {
    kind: "error",
    tag: "ApiError",
    outcome: "ApiError (5xx)",
    check: (error) => {
      if (!(error instanceof Errors.ApiError)) return expect.fail(`not an ApiError: ${error._tag}`)
      expect(error.status).toBeGreaterThanOrEqual(500)
      expect([500, 502, 503]).toContain(error.status)
      expect(error.code).toBe(error.status)
      expect(error.endpoint).toBe("Users.getUserInfo")
    }
  },
  {
    kind: "html",
    tag: "UnexpectedResponseError",
    outcome: "UnexpectedResponseError (502)",
    check: (error) => {
      if (!(error instanceof Errors.UnexpectedResponseError)) {
        return expect.fail(`not an UnexpectedResponseError: ${error._tag}`)
      }
      expect(error.status).toBe(502)
    }
  },
  {
    kind: "truncated",
    tag: "UnexpectedResponseError",
    outcome: "UnexpectedResponseError (200)",
    check: (error) => {
      if (!(error instanceof Errors.UnexpectedResponseError)) {
        return expect.fail(`not an UnexpectedResponseError: ${error._tag}`)
      }
      expect(error.status).toBe(200)
    }
  },
  {
    kind: "malformed",
    tag: "UnexpectedResponseError",
    outcome: "UnexpectedResponseError (200)",
    check: (error) => {
      if (!(error instanceof Errors.UnexpectedResponseError)) {
        return expect.fail(`not an UnexpectedResponseError: ${error._tag}`)
      }
      expect(error.status).toBe(200)
    }
  },
  {
    kind: "drop",
    tag: "RequestError",
    outcome: "RequestError (Transport)",
    check: (error) => {
      if (error._tag !== "RequestError") return expect.fail(`not a RequestError: ${error._tag}`)
      expect(error.reason).toBe("Transport")
    }
  },
  { kind: "latency", tag: undefined, outcome: "success, later", check: () => undefined }
]

const latencyMillis = 50

describe("each kind of fault is the SDK's typed error", () => {
  for (const transport of transportNames) {
    it.live.each(expectations)(`${transport}: $kind → $outcome`, ({ check, kind, tag }) =>
      Effect.gen(function*() {
        const started = Date.now()
        const result = yield* Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(Effect.either)
        const elapsed = Date.now() - started
        if (tag === undefined) {
          if (result._tag === "Left") return expect.fail(`expected a success, got ${result.left._tag}`)
          expect(result.right.user.screenId).toBe("twitcasting_jp")
          // the answer was held back by the latency fault
          expect(elapsed).toBeGreaterThanOrEqual(latencyMillis - 5)
        } else {
          if (result._tag === "Right") return expect.fail(`expected ${tag}, got a success`)
          expect(result.left._tag).toBe(tag)
          check(result.left)
        }
        // one request, one fault: nothing was retried
        const stats = yield* Effect.flatMap(Simulator.Simulator, (simulator) => simulator.stats)
        expect({ requests: stats.requests, faults: stats.faults }).toEqual({ requests: 1, faults: 1 })
      }).pipe(
        Effect.provide(noRetry),
        Effect.provide(transports[transport]({ faults: { seed: 1, rate: 1, kinds: [kind], latencyMillis } }))
      ))
  }

  const errors: Faults.Options = { seed: 2, rate: 1, kinds: ["error"] }
  for (const transport of transportNames) {
    it.live(`${transport}: the status of an error fault is 500, 502 or 503 as drawn`, () =>
      Effect.gen(function*() {
        const expected = predict(errors, 12).map((fault) => [500, 502, 503][(fault?.pick ?? 0) % 3])
        expect(new Set(expected).size).toBe(3)
        const statuses = yield* Effect.forEach(
          expected,
          () =>
            Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(
              Effect.flip,
              Effect.map((error) => error instanceof Errors.ApiError ? error.status : error._tag)
            )
        )
        expect(statuses).toEqual(expected)
      }).pipe(Effect.provide(noRetry), Effect.provide(transports[transport]({ faults: errors }))))
  }

  it.live("with the SDK's retries, a faulted GET is sent again (it is idempotent)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Users.getUserInfo({ screenId: "twitcasting_jp" }))
      expect(error._tag).toBe("ApiError")
      const stats = yield* Effect.flatMap(Simulator.Simulator, (simulator) => simulator.stats)
      // the first attempt and the default 3 retries
      expect({ requests: stats.requests, faults: stats.faults }).toEqual({ requests: 4, faults: 4 })
    }).pipe(
      Effect.provide(Retry.layer({ baseDelay: "1 millis", maxDelay: "5 millis" })),
      Effect.provide(transports.socketless({ faults: { seed: 1, rate: 1, kinds: ["error"] } }))
    ))
})

/** The SDK error tag a fault of this kind gives a call. */
const tagOf = (kind: Faults.Kind) => expectations.find((expectation) => expectation.kind === kind)?.tag

describe("faulted writes", () => {
  const failingWrites: Faults.Options = { seed: 2, rate: 1, kinds: failingKinds }
  for (const transport of transportNames) {
    it.live(
      `${transport}: a failed postComment was stored exactly when its fault was applied, and never sent twice`,
      () =>
        Effect.gen(function*() {
          const n = 12
          const predicted = predict(failingWrites, n)
          // the sequence has faults both before and after the write, and every failing kind
          expect(predicted.some((fault) => fault?.applied)).toBe(true)
          expect(predicted.some((fault) => !fault?.applied)).toBe(true)
          expect(new Set(predicted.map((fault) => fault?.kind))).toEqual(new Set(failingKinds))
          const simulator = yield* Simulator.Simulator
          const start = yield* simulator.commentIds(live)
          const calls: Array<{ readonly tag: string | undefined; readonly added: ReadonlyArray<string> }> = []
          for (let i = 0; i < n; i++) {
            const before = new Set(yield* simulator.commentIds(live))
            const result = yield* Effect.either(Comments.postComment({ movieId: live, comment: `faulted write ${i}` }))
            const after = yield* simulator.commentIds(live)
            calls.push({
              tag: result._tag === "Left" ? result.left._tag : undefined,
              added: after.filter((id) => !before.has(id))
            })
          }
          // every call failed, each with the error its fault stands for
          expect(calls.map((call) => call.tag)).toEqual(predicted.map((fault) => tagOf(fault!.kind)))
          // at most one comment per call, and one exactly when the fault came after the write
          for (const call of calls) expect(call.added.length).toBeLessThanOrEqual(1)
          expect(calls.map((call) => call.added.length)).toEqual(predicted.map((fault) => (fault?.applied ? 1 : 0)))
          const end = yield* simulator.commentIds(live)
          const total = end.length - start.length
          expect(total).toBeLessThanOrEqual(n)
          expect(total).toBe(predicted.filter((fault) => fault?.applied).length)
          expect(new Set(end).size).toBe(end.length)
          // the default retry settings sent each postComment once, 5xx and dropped connections included
          const stats = yield* simulator.stats
          expect({ requests: stats.requests, faults: stats.faults }).toEqual({ requests: n, faults: n })
        }).pipe(Effect.provide(transports[transport]({ faults: failingWrites })))
    )
  }

  const mixed: Faults.Options = { seed: 5, rate: 0.5, kinds: Faults.allKinds, latencyMillis: 1 }
  it.live("with some requests unfaulted: successes are stored once, failures at most once", () =>
    Effect.gen(function*() {
      const n = 16
      const predicted = predict(mixed, n)
      const simulator = yield* Simulator.Simulator
      const start = new Set(yield* simulator.commentIds(live))
      const results = yield* Effect.forEach(
        Array.from({ length: n }, (_, i) => i),
        (i) => Effect.either(Comments.postComment({ movieId: live, comment: `mixed ${i}` }))
      )
      const added = (yield* simulator.commentIds(live)).filter((id) => !start.has(id))
      const succeeded = results.flatMap((result) => result._tag === "Right" ? [result.right.comment.id] : [])
      // a call succeeds exactly when its request was not faulted or only delayed
      expect(results.map((result) => result._tag)).toEqual(
        predicted.map((fault) => fault === undefined || fault.kind === "latency" ? "Right" : "Left")
      )
      // each success is stored, under the id it answered with
      for (const id of succeeded) expect(added).toContain(id)
      const appliedFailures = predicted.filter((fault) =>
        fault !== undefined && fault.kind !== "latency" && fault.applied
      )
      expect(added.length).toBe(succeeded.length + appliedFailures.length)
      expect(added.length).toBeLessThanOrEqual(n)
      expect((yield* simulator.stats).requests).toBe(n)
    }).pipe(Effect.provide(transports.http({ faults: mixed }))))
})

describe("turning faults off, and counting them", () => {
  for (const transport of transportNames) {
    it.live(`${transport}: setFaults(Faults.none) stops them; stats counts the faults injected`, () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        for (let i = 0; i < 3; i++) {
          const error = yield* Effect.flip(Users.getUserInfo({ screenId: "twitcasting_jp" }))
          expect(error._tag).toBe("ApiError")
        }
        expect(yield* simulator.stats).toMatchObject({ requests: 3, faults: 3, limited: 0 })
        yield* simulator.setFaults(Faults.none)
        for (let i = 0; i < 3; i++) {
          const info = yield* Users.getUserInfo({ screenId: "twitcasting_jp" })
          expect(info.user.screenId).toBe("twitcasting_jp")
        }
        const posted = yield* Comments.postComment({ movieId: live, comment: "clean" })
        expect(yield* simulator.commentIds(live)).toContain(posted.comment.id)
        expect(yield* simulator.stats).toMatchObject({ requests: 7, faults: 3 })
        // and on again
        yield* simulator.setFaults({ seed: 1, rate: 1, kinds: ["html"] })
        const error = yield* Effect.flip(Users.getUserInfo({ screenId: "twitcasting_jp" }))
        expect(error).toMatchObject({ _tag: "UnexpectedResponseError", status: 502 })
        expect(yield* simulator.stats).toMatchObject({ requests: 8, faults: 4 })
      }).pipe(
        Effect.provide(noRetry),
        Effect.provide(transports[transport]({ faults: { seed: 1, rate: 1, kinds: ["error"] } }))
      ))
  }

  it.live("the control API turns faults on and off over HTTP, and its stats count them", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const client = yield* HttpClient.HttpClient
      const put = (faults: Faults.Options) =>
        HttpClientRequest.put(`${baseUrl}/_simulator/faults`).pipe(
          HttpClientRequest.bodyUnsafeJson(faults),
          client.execute,
          Effect.map((response) => response.status)
        )
      const stats = Effect.flatMap(client.get(`${baseUrl}/_simulator/stats`), (response) => response.json)
      expect(yield* Users.getUserInfo({ screenId: "twitcasting_jp" })).toBeDefined()
      expect(yield* put({ seed: 4, rate: 1, kinds: ["malformed"] })).toBe(200)
      const error = yield* Effect.flip(Users.getUserInfo({ screenId: "twitcasting_jp" }))
      expect(error).toMatchObject({ _tag: "UnexpectedResponseError", status: 200 })
      expect(yield* stats).toMatchObject({ requests: 2, faults: 1 })
      expect(yield* put(Faults.none)).toBe(200)
      expect(yield* Users.getUserInfo({ screenId: "twitcasting_jp" })).toBeDefined()
      expect(yield* stats).toMatchObject({ requests: 3, faults: 1 })
      // settings that are not fault options are refused and change nothing
      const refused = yield* HttpClientRequest.put(`${baseUrl}/_simulator/faults`).pipe(
        HttpClientRequest.bodyUnsafeJson({ seed: 1, rate: 2, kinds: ["error"] }),
        client.execute
      )
      expect(refused.status).toBe(400)
      expect(yield* Users.getUserInfo({ screenId: "twitcasting_jp" })).toBeDefined()
    }).pipe(Effect.provide(noRetry), Effect.provide(transports.http({}))))

  it.live("control, OAuth and image routes are never faulted", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const client = yield* HttpClient.HttpClient
      for (let i = 0; i < 5; i++) {
        const comments = yield* client.get(`${simulator.baseUrl}/_simulator/movies/${live}/comments`)
        expect(comments.status).toBe(200)
        expect(yield* comments.json).toMatchObject({ ids: expect.any(Array) })
        const image = yield* client.get(`${simulator.imagesUrl}/images/live-small.png`)
        expect([image.status, image.headers["content-type"]]).toEqual([200, "image/png"])
        const authorize = yield* client.get(`${simulator.baseUrl}/oauth2/authorize`, {
          urlParams: { client_id: Seed.demoClientId, response_type: "code", state: "s" }
        })
        expect(authorize.status).toBe(302)
        expect(authorize.headers["location"]).toContain("code=")
      }
      expect(yield* simulator.stats).toMatchObject({ requests: 0, faults: 0 })
      // while every API request is
      const error = yield* Effect.flip(Users.getUserInfo({ screenId: "twitcasting_jp" }))
      expect(error._tag).toBe("RequestError")
      expect(yield* simulator.stats).toMatchObject({ requests: 1, faults: 1 })
    }).pipe(
      Effect.provide(noRetry),
      Effect.provide(
        Simulator.userAuth().pipe(
          Layer.provideMerge(
            Layer.merge(
              Simulator.layer({ faults: { seed: 1, rate: 1, kinds: ["drop"] } }),
              FetchHttpClient.layer.pipe(
                Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" }))
              )
            )
          )
        )
      )
    ))
})
