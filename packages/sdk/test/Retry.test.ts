/**
 * Waiting and retrying: rate-limit resets, the pre-emptive wait on a spent
 * budget, exponential backoff of transient failures of idempotent calls, no
 * repetition of writes, and the per-request timeout. All time is TestClock
 * time: calls are forked, the clock is moved, and the requests sent so far
 * are counted at chosen instants.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import {
  Chunk,
  Clock,
  DateTime,
  Duration,
  Effect,
  Fiber,
  Layer,
  Option,
  Random,
  Redacted,
  Schedule,
  TestClock
} from "effect"
import type { Errors } from "../src/index.js"
import { Auth, Comments, Movies, Retry, Supporters, Users, Webhooks } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { appAuth, mock, type Reply, userAuth } from "./mock.js"
import { type Local, local } from "./server.js"

type Api = ReturnType<typeof mock>
type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

const userInfo = { user: fixtures.user, supporter_count: 10, supporting_count: 3 }
const posted = { movie_id: "189037369", all_count: 2125, comment: fixtures.comment }

const getUserInfo = Users.getUserInfo({ id: "182224938" })
const postComment = Comments.postComment({ movieId: "189037369", comment: "モイ！" })

const rateLimited = (resetIn: number): Reply => ({
  status: 403,
  body: fixtures.errorBody(2000, "Execution Count Limitation"),
  remaining: 0,
  resetIn
})
const tooManyRequests = (resetIn: number): Reply => ({ status: 429, body: "Too Many Requests", remaining: 0, resetIn })

const html = (status: number, title: string): Reply => ({
  status,
  body: `<!DOCTYPE html><html><head><title>${status} ${title}</title></head><body><h1>${title}</h1></body></html>`,
  headers: { "content-type": "text/html; charset=UTF-8" }
})

const transient: ReadonlyArray<
  { readonly name: string; readonly reply: Reply; readonly tag: Errors.CallError["_tag"] }
> = [
  {
    name: "500 with an API error body",
    reply: { status: 500, body: fixtures.errorBody(500, "Internal Server Error") },
    tag: "ApiError"
  },
  { name: "503 with an HTML page", reply: html(503, "Service Unavailable"), tag: "UnexpectedResponseError" },
  { name: "dropped connection", reply: { drop: true }, tag: "RequestError" }
]

/** Provides the scripted client, an Auth and retry settings (none: the defaults of the `Retry` reference). */
const using = (
  api: Api,
  options: { readonly auth?: Layer.Layer<Auth.Auth, Errors.OptionsError>; readonly retry?: Retry.Overrides } = {}
) =>
<A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Auth.Auth>) =>
  effect.pipe(
    Effect.provide(api.client),
    Effect.provide(options.auth ?? userAuth),
    options.retry === undefined ? (effect) => effect : Effect.provide(Retry.layer(options.retry))
  )

/** Every random draw (the jitter) is `r`: 0 is the shortest wait, 0.999 the longest. */
const jitter = (r: number) => Effect.withRandom(Random.fixed([r]))

/** Moves the TestClock to `millis` after the epoch, running what was due. */
const at = (millis: number) => TestClock.setTime(millis)

/**
 * Checks that request k + 1 is sent exactly at `times[k]`: one millisecond
 * earlier only k requests were out.
 */
const expectRequestsAt = (api: Api, times: ReadonlyArray<number>) =>
  Effect.forEach(times, (time, k) =>
    Effect.gen(function*() {
      if (k === 0) {
        yield* at(time)
        expect(api.sent).toHaveLength(1)
        return
      }
      yield* at(time - 1)
      expect(api.sent, `before request ${k + 1} at ${time} ms`).toHaveLength(k)
      yield* at(time)
      expect(api.sent, `request ${k + 1} at ${time} ms`).toHaveLength(k + 1)
    }), { discard: true })

/**
 * Moves the TestClock from one scheduled wake-up to the next until `fiber`
 * is done (or 10 minutes have passed), and gives the instant each request
 * was sent.
 */
const requestTimes = (api: Api, fiber: Fiber.RuntimeFiber<unknown, unknown>) =>
  Effect.gen(function*() {
    const times: Array<number> = []
    const start = yield* Clock.currentTimeMillis
    let now = start
    const seen = () => {
      while (times.length < api.sent.length) times.push(now)
    }
    for (let idle = 0; idle < 100 && now - start <= 600_000 && Option.isNone(yield* Fiber.poll(fiber));) {
      // let what is due run until it waits again
      yield* TestClock.adjust(0)
      seen()
      const wakeUps = Chunk.toReadonlyArray(yield* TestClock.sleeps())
      if (wakeUps.length === 0) {
        idle++
        yield* Effect.yieldNow()
      } else {
        idle = 0
        yield* TestClock.setTime(Math.max(now, Math.min(...wakeUps)))
      }
      now = yield* Clock.currentTimeMillis
    }
    seen()
    return times
  })

/** Time the wake-ups are off by (fractional jittered delays): at most a millisecond. */
const step = 1

/** Checks each gap between requests against its window `[min, max]` ms, allowing for the step. */
const expectGaps = (times: ReadonlyArray<number>, windows: ReadonlyArray<readonly [number, number]>) => {
  expect(times).toHaveLength(windows.length + 1)
  windows.forEach(([min, max], k) => {
    const gap = times[k + 1]! - times[k]!
    expect(gap, `gap ${k + 1} (${gap} ms)`).toBeGreaterThanOrEqual(min - step)
    expect(gap, `gap ${k + 1} (${gap} ms)`).toBeLessThanOrEqual(max + step)
  })
}

describe("Retry", () => {
  describe("a rate-limit answer", () => {
    const refusals = [
      { name: "403 + code 2000", reply: rateLimited },
      { name: "429", reply: tooManyRequests }
    ]

    it.effect.each(refusals)(
      "$name: no retry before X-RateLimit-Reset, one retry after it, then success",
      ({ reply }) =>
        Effect.gen(function*() {
          const api = mock((_, i) => i === 0 ? reply(30) : { body: userInfo })
          const fiber = yield* Effect.fork(getUserInfo.pipe(using(api)))
          yield* at(1)
          expect(api.sent).toHaveLength(1)
          yield* at(29_999)
          expect(api.sent).toHaveLength(1)
          // reset (30 s) plus at most the default jitter (1 s)
          yield* at(31_000)
          expect(api.sent).toHaveLength(2)
          const result = yield* Fiber.join(fiber)
          expect(result.user.screenId).toBe("twitcasting_jp")
          yield* at(600_000)
          expect(api.sent).toHaveLength(2)
        })
    )

    it.effect.each([0, 0.999])(
      "the retry comes at the reset exactly, whatever the random draws (r = %s)",
      (r) =>
        Effect.gen(function*() {
          const api = mock((_, i) => i === 0 ? rateLimited(30) : { body: userInfo })
          const fiber = yield* Effect.fork(getUserInfo.pipe(using(api), jitter(r)))
          yield* expectRequestsAt(api, [0, 30_000])
          yield* Fiber.join(fiber)
        })
    )

    it.effect("a refusal without rate-limit headers is retried after half to all of rateLimitJitter", () =>
      Effect.gen(function*() {
        const unknown: Reply = { ...rateLimited(30), headers: { "x-ratelimit-reset": "unknown" } }
        const api = mock((_, i) => i === 0 ? unknown : { body: userInfo })
        const fiber = yield* Effect.fork(
          getUserInfo.pipe(using(api, { retry: { rateLimitJitter: Duration.seconds(10) } }), jitter(0.5))
        )
        // 10 s × (0.5 + 0.5 / 2)
        yield* expectRequestsAt(api, [0, 7_500])
        yield* Fiber.join(fiber)
      }))

    it.effect("is retried rateLimitRetries times, each after its reset, then fails with RateLimitError", () =>
      Effect.gen(function*() {
        const api = mock(() => rateLimited(10))
        const fiber = yield* Effect.fork(getUserInfo.pipe(using(api), jitter(0), Effect.flip))
        // each answer says the window resets 10 s after it was given
        yield* expectRequestsAt(api, [0, 10_000, 20_000, 30_000])
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("RateLimitError")
        expect(error).toMatchObject({ sent: true, reset: Option.some(DateTime.unsafeMake(40_000)) })
        expect(api.sent).toHaveLength(4)
      }))
  })

  describe("the pre-emptive wait on a spent budget", () => {
    it.effect("after an answer with remaining 0, the next call sends nothing until the reset", () =>
      Effect.gen(function*() {
        const api = mock((_, i) => i === 0 ? { body: userInfo, remaining: 0, resetIn: 20 } : { body: userInfo })
        yield* Effect.gen(function*() {
          yield* getUserInfo
          const fiber = yield* Effect.fork(getUserInfo)
          yield* at(1)
          expect(api.sent).toHaveLength(1)
          yield* at(19_999)
          expect(api.sent).toHaveLength(1)
          yield* at(21_000)
          expect(api.sent).toHaveLength(2)
          const result = yield* Fiber.join(fiber)
          expect(Option.map(result.rateLimit, (rateLimit) => rateLimit.remaining)).toEqual(Option.some(59))
        }).pipe(using(api))
      }))

    it.effect.each([0, 0.999])(
      "it waits until the reset exactly, whatever the random draws (r = %s)",
      (r) =>
        Effect.gen(function*() {
          const api = mock((_, i) => i === 0 ? { body: userInfo, remaining: 0, resetIn: 20 } : { body: userInfo })
          yield* Effect.gen(function*() {
            yield* getUserInfo
            const fiber = yield* Effect.fork(getUserInfo)
            yield* expectRequestsAt(api, [0, 20_000])
            yield* Fiber.join(fiber)
          }).pipe(using(api), jitter(r))
        })
    )

    it.effect("a write waits too", () =>
      Effect.gen(function*() {
        const api = mock((_, i) => i === 0 ? { body: userInfo, remaining: 0, resetIn: 20 } : { body: posted })
        yield* Effect.gen(function*() {
          yield* getUserInfo
          const fiber = yield* Effect.fork(postComment)
          yield* expectRequestsAt(api, [0, 20_000])
          yield* Fiber.join(fiber)
        }).pipe(using(api), jitter(0))
        expect(api.sent.map((sent) => sent.method)).toEqual(["GET", "POST"])
      }))

    it.effect("no wait when the reset has already passed", () =>
      Effect.gen(function*() {
        const api = mock((_, i) => i === 0 ? { body: userInfo, remaining: 0, resetIn: 20 } : { body: userInfo })
        yield* Effect.gen(function*() {
          yield* getUserInfo
          yield* at(25_000)
          // runs without any further clock movement: it must not sleep
          yield* getUserInfo
          expect(yield* Clock.currentTimeMillis).toBe(25_000)
        }).pipe(using(api))
        expect(api.sent).toHaveLength(2)
      }))

    it.effect("no wait while calls are left", () =>
      Effect.gen(function*() {
        const api = mock(() => ({ body: userInfo, remaining: 1, resetIn: 60 }))
        yield* Effect.gen(function*() {
          yield* getUserInfo
          yield* getUserInfo
        }).pipe(using(api))
        expect(api.sent).toHaveLength(2)
        expect(yield* Clock.currentTimeMillis).toBe(0)
      }))
  })

  describe("a wait longer than maxRateLimitWait", () => {
    it.effect("pre-emptive: fails at once with RateLimitError, sent: false", () =>
      Effect.gen(function*() {
        const api = mock((_, i) => i === 0 ? { body: userInfo, remaining: 0, resetIn: 120 } : { body: userInfo })
        const error = yield* Effect.gen(function*() {
          yield* getUserInfo
          return yield* Effect.flip(getUserInfo)
        }).pipe(using(api))
        expect(error._tag).toBe("RateLimitError")
        expect(error).toMatchObject({
          endpoint: "Users.getUserInfo",
          sent: false,
          reset: Option.some(DateTime.unsafeMake(120_000))
        })
        expect(api.sent).toHaveLength(1)
        expect(yield* Clock.currentTimeMillis).toBe(0)
      }))

    it.effect("answered: fails at once after the one request, sent: true", () =>
      Effect.gen(function*() {
        const api = mock(() => rateLimited(120))
        const error = yield* getUserInfo.pipe(using(api), Effect.flip)
        expect(error._tag).toBe("RateLimitError")
        expect(error).toMatchObject({ sent: true, reset: Option.some(DateTime.unsafeMake(120_000)) })
        expect(api.sent).toHaveLength(1)
        expect(yield* Clock.currentTimeMillis).toBe(0)
      }))

    it.effect("a custom maxRateLimitWait applies", () =>
      Effect.gen(function*() {
        const api = mock(() => rateLimited(30))
        const error = yield* getUserInfo.pipe(
          using(api, { retry: { maxRateLimitWait: Duration.seconds(10) } }),
          Effect.flip
        )
        expect(error._tag).toBe("RateLimitError")
        expect(api.sent).toHaveLength(1)
      }))

    it.effect.each([
      { name: "65 s waits", resetIn: 65, waits: true },
      { name: "66 s fails at once", resetIn: 66, waits: false }
    ])("the limit is inclusive: $name", ({ resetIn, waits }) =>
      Effect.gen(function*() {
        const api = mock((_, i) => i === 0 ? rateLimited(resetIn) : { body: userInfo })
        const fiber = yield* Effect.fork(getUserInfo.pipe(using(api), Effect.either))
        yield* at(70_000)
        const result = yield* Fiber.join(fiber)
        expect(result._tag).toBe(waits ? "Right" : "Left")
        expect(api.sent).toHaveLength(waits ? 2 : 1)
      }))
  })

  describe("waits are measured on the server's clock (its Date header)", () => {
    /**
     * The answers of a server whose clock is `skew` ms ahead of ours: the
     * first says nothing is left until 20 s after its now.
     */
    const withReset = (skew: number) => (_: unknown, i: number): Reply => {
      const serverNow = Date.UTC(2026, 0, 1) + skew
      return {
        body: userInfo,
        remaining: i === 0 ? 0 : 59,
        headers: { date: new Date(serverNow).toUTCString(), "x-ratelimit-reset": String(serverNow / 1000 + 20) }
      }
    }

    it.effect.each([
      { name: "a local clock 2 minutes slow", skew: 120_000 },
      { name: "a local clock 2 minutes fast", skew: -120_000 },
      { name: "a clock that agrees", skew: 0 }
    ])("$name: a spent budget waits the 20 s the server said, no more, no less", ({ skew }) =>
      Effect.gen(function*() {
        const start = Date.UTC(2026, 0, 1)
        yield* at(start)
        const api = mock(withReset(skew))
        yield* Effect.gen(function*() {
          yield* getUserInfo
          const fiber = yield* Effect.fork(getUserInfo)
          yield* expectRequestsAt(api, [start, start + 20_000])
          const result = yield* Fiber.join(fiber)
          expect(Option.map(result.rateLimit, (rateLimit) => rateLimit.remaining)).toEqual(Option.some(59))
        }).pipe(using(api))
      }))
  })

  describe("transient failures of idempotent calls", () => {
    it.effect.each(transient)(
      "$name: retried 3 times by default, each delay in its jittered exponential window; the last error surfaces",
      ({ reply, tag }) =>
        Effect.gen(function*() {
          const api = mock(() => reply)
          // no Retry layer: the default settings
          const fiber = yield* Effect.fork(getUserInfo.pipe(using(api), Effect.flip))
          const times = yield* requestTimes(api, fiber)
          expect(times).toHaveLength(4)
          // 250, 500 and 1000 ms, each jittered by 0.8 to 1.2
          expectGaps(times, [[200, 300], [400, 600], [800, 1_200]])
          const error = yield* Fiber.join(fiber)
          expect(error._tag).toBe(tag)
          yield* TestClock.adjust("10 minutes")
          expect(api.sent).toHaveLength(4)
        })
    )

    it.effect.each(transient)(
      "$name: a retry that succeeds ends the call with its answer",
      ({ reply }) =>
        Effect.gen(function*() {
          const api = mock((_, i) => i < 3 ? reply : { body: userInfo })
          const fiber = yield* Effect.fork(getUserInfo.pipe(using(api)))
          const times = yield* requestTimes(api, fiber)
          expect(times).toHaveLength(4)
          const result = yield* Fiber.join(fiber)
          expect(result.user.id).toBe("182224938")
        })
    )

    it.effect("backoff is capped at maxDelay", () =>
      Effect.gen(function*() {
        const api = mock(() => html(503, "Service Unavailable"))
        const fiber = yield* Effect.fork(
          getUserInfo.pipe(
            using(api, { retry: { retries: 5, baseDelay: Duration.seconds(1), maxDelay: Duration.seconds(3) } }),
            Effect.flip
          )
        )
        const times = yield* requestTimes(api, fiber)
        expect(times).toHaveLength(6)
        // 1, 2, then 3 s (not 4, 8, 16), each jittered by 0.8 to 1.2
        expectGaps(times, [[800, 1_200], [1_600, 2_400], [2_400, 3_600], [2_400, 3_600], [2_400, 3_600]])
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("UnexpectedResponseError")
      }))

    const idempotent: ReadonlyArray<
      { readonly name: string; readonly call: Call; readonly auth: Layer.Layer<Auth.Auth, Errors.OptionsError> }
    > = [
      { name: "GET Users.getUserInfo", call: getUserInfo, auth: userAuth },
      {
        name: "PUT Supporters.supportUser",
        call: Supporters.supportUser({ targetUserIds: ["182224938"] }),
        auth: userAuth
      },
      { name: "DELETE Movies.unsetCurrentLiveSubtitle", call: Movies.unsetCurrentLiveSubtitle(), auth: userAuth },
      {
        name: "DELETE Webhooks.removeWebhook",
        call: Webhooks.removeWebhook({ userId: "182224938", events: ["livestart"] }),
        auth: appAuth
      }
    ]

    it.effect.each(idempotent)("$name is retried on 503", ({ auth, call }) =>
      Effect.gen(function*() {
        const api = mock(() => html(503, "Service Unavailable"))
        const fiber = yield* Effect.fork(call.pipe(using(api, { auth }), Effect.flip))
        const times = yield* requestTimes(api, fiber)
        expect(times).toHaveLength(4)
        expectGaps(times, [[200, 300], [400, 600], [800, 1_200]])
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("UnexpectedResponseError")
      }))

    describe("a transient schedule of one's own replaces the default", () => {
      it.effect("Schedule.recurs(5): an idempotent GET is sent 6 times on 500s, with no delay", () =>
        Effect.gen(function*() {
          const api = mock(() => ({ status: 500, body: fixtures.errorBody(500, "Internal Server Error") }))
          const error = yield* getUserInfo.pipe(
            using(api, { retry: { transient: Schedule.recurs(5) } }),
            Effect.flip
          )
          expect(error._tag).toBe("ApiError")
          expect(api.sent).toHaveLength(6)
        }))

      it.effect("Schedule.recurs(5): a POST is still sent once", () =>
        Effect.gen(function*() {
          const api = mock(() => ({ status: 500, body: fixtures.errorBody(500, "Internal Server Error") }))
          const error = yield* postComment.pipe(
            using(api, { retry: { transient: Schedule.recurs(5) } }),
            Effect.flip
          )
          expect(error._tag).toBe("ApiError")
          yield* TestClock.adjust("10 minutes")
          expect(api.sent).toHaveLength(1)
        }))

      it.effect("the schedule sees each failure: Retry.isTransient keeps a 404 from being retried", () =>
        Effect.gen(function*() {
          const api = mock(() => ({ status: 404, body: fixtures.errorBody(404, "Not Found") }))
          const error = yield* getUserInfo.pipe(
            using(api, { retry: { transient: Schedule.recurs(5).pipe(Schedule.whileInput(Retry.isTransient)) } }),
            Effect.flip
          )
          expect(error._tag).toBe("NotFoundError")
          expect(api.sent).toHaveLength(1)
        }))

      it.effect("Schedule.stop: nothing is retried", () =>
        Effect.gen(function*() {
          const api = mock(() => ({ drop: true }))
          const error = yield* getUserInfo.pipe(using(api, { retry: { transient: Schedule.stop } }), Effect.flip)
          expect(error._tag).toBe("RequestError")
          expect(api.sent).toHaveLength(1)
        }))
    })
  })

  describe("writes", () => {
    const failures: ReadonlyArray<
      { readonly name: string; readonly reply: Reply; readonly tag: Errors.CallError["_tag"] }
    > = [
      ...transient,
      { name: "502 with an empty body", reply: { status: 502 }, tag: "UnexpectedResponseError" }
    ]
    const writes: ReadonlyArray<
      { readonly name: string; readonly call: Call; readonly auth: Layer.Layer<Auth.Auth, Errors.OptionsError> }
    > = [
      { name: "Comments.postComment", call: postComment, auth: userAuth },
      {
        name: "Movies.setCurrentLiveSubtitle",
        call: Movies.setCurrentLiveSubtitle({ subtitle: "雑談" }),
        auth: userAuth
      },
      {
        name: "Movies.setCurrentLiveHashtag",
        call: Movies.setCurrentLiveHashtag({ hashtag: "#ツイキャス" }),
        auth: userAuth
      },
      {
        name: "Comments.deleteComment",
        call: Comments.deleteComment({ movieId: "189037369", commentId: "7134775954" }),
        auth: userAuth
      },
      {
        name: "Webhooks.registerWebhook",
        call: Webhooks.registerWebhook({ userId: "182224938", events: ["livestart", "liveend"] }),
        auth: appAuth
      }
    ]
    const cases = writes.flatMap((write) => failures.map((failure) => ({ ...write, failure })))

    it.effect.each(cases)(
      "$name is not repeated after $failure.name",
      ({ auth, call, failure }) =>
        Effect.gen(function*() {
          const api = mock(() => failure.reply)
          const fiber = yield* Effect.fork(call.pipe(using(api, { auth }), Effect.flip))
          yield* at(600_000)
          const error = yield* Fiber.join(fiber)
          expect(error._tag).toBe(failure.tag)
          expect(api.sent).toHaveLength(1)
        })
    )

    it.effect("a 403/2000 refusal of postComment is retried after the reset, with the same body", () =>
      Effect.gen(function*() {
        const api = mock((_, i) => i === 0 ? rateLimited(10) : { body: posted })
        const fiber = yield* Effect.fork(postComment.pipe(using(api)))
        yield* at(9_999)
        expect(api.sent).toHaveLength(1)
        yield* at(11_000)
        expect(api.sent).toHaveLength(2)
        const result = yield* Fiber.join(fiber)
        expect(result.comment.id).toBe("7134775954")
        expect(api.sent.map((sent) => [sent.method, sent.url.pathname, sent.body])).toEqual([
          ["POST", "/movies/189037369/comments", { comment: "モイ！", sns: "none" }],
          ["POST", "/movies/189037369/comments", { comment: "モイ！", sns: "none" }]
        ])
      }))

    it.effect("a 429 refusal of registerWebhook is retried after the reset", () =>
      Effect.gen(function*() {
        const api = mock((_, i) =>
          i === 0 ? tooManyRequests(10) : { status: 201, body: { user_id: "182224938", added_events: ["livestart"] } }
        )
        const fiber = yield* Effect.fork(
          Webhooks.registerWebhook({ userId: "182224938", events: ["livestart"] }).pipe(
            using(api, { auth: appAuth }),
            jitter(0)
          )
        )
        yield* expectRequestsAt(api, [0, 10_000])
        const result = yield* Fiber.join(fiber)
        expect(result.addedEvents).toEqual(["livestart"])
      }))
  })

  describe("client errors are never retried", () => {
    const refusals: ReadonlyArray<
      { readonly name: string; readonly reply: Reply; readonly tag: Errors.CallError["_tag"] }
    > = [
      { name: "404", reply: { status: 404, body: fixtures.errorBody(404, "Not Found") }, tag: "NotFoundError" },
      {
        name: "401",
        reply: { status: 401, body: fixtures.errorBody(1000, "Invalid token") },
        tag: "AuthenticationError"
      },
      {
        name: "400 / 1001",
        reply: { status: 400, body: fixtures.errorBody(1001, "Validation error", { user_id: ["is invalid"] }) },
        tag: "ValidationError"
      },
      { name: "403 / 2005", reply: { status: 403, body: fixtures.errorBody(2005, "Out of scope") }, tag: "ApiError" },
      { name: "400 with an HTML page", reply: html(400, "Bad Request"), tag: "UnexpectedResponseError" }
    ]

    it.effect.each(refusals)("$name", ({ reply, tag }) =>
      Effect.gen(function*() {
        const api = mock(() => reply)
        const fiber = yield* Effect.fork(getUserInfo.pipe(using(api), Effect.flip))
        yield* at(600_000)
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe(tag)
        expect(api.sent).toHaveLength(1)
      }))
  })

  describe("Retry.layer limits the retries", () => {
    const limits: ReadonlyArray<{
      readonly name: string
      readonly settings: Retry.Overrides
      readonly reply: Reply
      readonly requests: number
      readonly tag: Errors.CallError["_tag"]
    }> = [
      {
        name: "retries: 0",
        settings: { retries: 0 },
        reply: html(503, "Service Unavailable"),
        requests: 1,
        tag: "UnexpectedResponseError"
      },
      {
        name: "retries: 1",
        settings: { retries: 1 },
        reply: html(503, "Service Unavailable"),
        requests: 2,
        tag: "UnexpectedResponseError"
      },
      {
        name: "retries: 1 (dropped)",
        settings: { retries: 1 },
        reply: { drop: true },
        requests: 2,
        tag: "RequestError"
      },
      {
        name: "rateLimitRetries: 0",
        settings: { rateLimitRetries: 0 },
        reply: rateLimited(10),
        requests: 1,
        tag: "RateLimitError"
      },
      {
        name: "rateLimitRetries: 1",
        settings: { rateLimitRetries: 1 },
        reply: rateLimited(10),
        requests: 2,
        tag: "RateLimitError"
      }
    ]

    it.effect.each(limits)(
      "$name → $requests request(s)",
      ({ reply, requests, settings, tag }) =>
        Effect.gen(function*() {
          const api = mock(() => reply)
          const fiber = yield* Effect.fork(getUserInfo.pipe(using(api, { retry: settings }), Effect.flip))
          for (let second = 5; second <= 120; second += 5) yield* at(second * 1_000)
          const error = yield* Fiber.join(fiber)
          expect(error._tag).toBe(tag)
          expect(api.sent).toHaveLength(requests)
        })
    )
  })

  describe("the timeout", () => {
    /** A client whose answer (a user) comes after `delay`; counts the requests. */
    const slow = (delay: Duration.DurationInput) => {
      const sent: Array<string> = []
      const client = HttpClient.make((request) =>
        Effect.sync(() => sent.push(request.method)).pipe(
          Effect.zipRight(Effect.sleep(delay)),
          Effect.as(HttpClientResponse.fromWeb(
            request,
            new Response(JSON.stringify(userInfo), { status: 200, headers: { "content-type": "application/json" } })
          ))
        )
      )
      return { sent, client: Layer.succeed(HttpClient.HttpClient, client) }
    }
    const provideSlow =
      (api: ReturnType<typeof slow>, retry: Retry.Overrides) =>
      <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Auth.Auth>) =>
        effect.pipe(Effect.provide(api.client), Effect.provide(userAuth), Effect.provide(Retry.layer(retry)))

    it.effect.each([
      { name: "a custom timeout", retry: { retries: 0, timeout: Duration.seconds(5) }, limit: 5_000 },
      { name: "the default timeout (30 s)", retry: { retries: 0 }, limit: 30_000 }
    ])("an answer that never comes fails with RequestError after $name", ({ limit, retry }) =>
      Effect.gen(function*() {
        const api = slow(Duration.hours(1))
        const fiber = yield* Effect.fork(getUserInfo.pipe(provideSlow(api, retry), Effect.flip))
        yield* at(limit - 1)
        expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
        yield* at(limit)
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("RequestError")
        expect(error).toMatchObject({ reason: "Transport" })
        expect(api.sent).toHaveLength(1)
      }))

    it.effect("an answer within the timeout succeeds", () =>
      Effect.gen(function*() {
        const api = slow(Duration.seconds(2))
        const fiber = yield* Effect.fork(
          getUserInfo.pipe(provideSlow(api, { retries: 0, timeout: Duration.seconds(5) }))
        )
        yield* at(2_000)
        const result = yield* Fiber.join(fiber)
        expect(result.user.id).toBe("182224938")
      }))

    it.effect("a timed-out GET is retried, after the backoff", () =>
      Effect.gen(function*() {
        const api = slow(Duration.hours(1))
        const fiber = yield* Effect.fork(
          getUserInfo.pipe(provideSlow(api, { retries: 1, timeout: Duration.seconds(5) }), Effect.flip)
        )
        // the first attempt ends at 5 s; the second starts 200 to 300 ms later (250 ms, jittered)
        yield* at(5_199)
        expect(api.sent).toHaveLength(1)
        yield* at(5_300)
        expect(api.sent).toHaveLength(2)
        yield* at(10_300)
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("RequestError")
        expect(api.sent).toHaveLength(2)
      }))

    it.effect("the timeout holds even when the HttpClient ignores the abort signal and never answers", () =>
      Effect.gen(function*() {
        const sent: Array<string> = []
        // never completes, and never looks at its signal
        const deaf = HttpClient.make((request) =>
          Effect.sync(() => sent.push(request.url)).pipe(Effect.zipRight(Effect.never))
        )
        const fiber = yield* Effect.fork(
          getUserInfo.pipe(
            Effect.provide(Layer.succeed(HttpClient.HttpClient, deaf)),
            Effect.provide(userAuth),
            Effect.provide(Retry.layer({ timeout: "100 millis", retries: 0 })),
            Effect.flip
          )
        )
        yield* at(99)
        expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
        yield* at(100)
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({
          _tag: "RequestError",
          reason: "Transport",
          description: "no complete answer within 100ms, after 1 attempt"
        })
        expect(sent).toHaveLength(1)
      }))

    it.effect("a timed-out postComment is not retried", () =>
      Effect.gen(function*() {
        const api = slow(Duration.hours(1))
        const fiber = yield* Effect.fork(
          postComment.pipe(provideSlow(api, { timeout: Duration.seconds(5) }), Effect.flip)
        )
        yield* at(5_000)
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("RequestError")
        yield* at(600_000)
        expect(api.sent).toHaveLength(1)
      }))
  })

  describe("the timeout on the live clock (a real server on 127.0.0.1)", () => {
    /**
     * A server that answers each request with a user after `delay`
     * milliseconds (never, for `Infinity`), and records every request and
     * whether its connection was closed before the answer was sent.
     */
    const server = (options: { readonly delay: number; readonly stallBody?: boolean }) => {
      const seen: Array<{ aborted: boolean }> = []
      return local((_, response) => {
        const record = { aborted: false }
        seen.push(record)
        response.on("close", () => {
          if (!response.writableFinished) record.aborted = true
        })
        const answer = () => {
          const body = JSON.stringify(userInfo)
          if (options.stallBody === true) {
            // the headers and half of the body, then nothing
            response.writeHead(200, { "content-type": "application/json", "content-length": body.length })
            response.write(body.slice(0, body.length / 2))
            return
          }
          response.writeHead(200, { "content-type": "application/json" }).end(body)
        }
        if (Number.isFinite(options.delay)) setTimeout(answer, options.delay)
      }).pipe(Effect.map((running) => ({ ...running, seen })))
    }

    /** Waits on the live clock, at most 2 s, until the server has seen what `check` asks for. */
    const until = (check: () => boolean) =>
      Effect.gen(function*() {
        for (let waited = 0; waited < 2_000 && !check(); waited += 10) yield* Effect.sleep("10 millis")
      })
    const aborted = (api: { readonly seen: ReadonlyArray<{ aborted: boolean }> }, count: number) =>
      until(() => api.seen.length === count && api.seen.every((request) => request.aborted))

    const live =
      (api: Local, retry: Retry.Overrides) => <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Auth.Auth>) =>
        effect.pipe(
          Effect.provide(NodeHttpClient.layerUndici),
          Effect.provide(api.auth),
          Effect.provide(Retry.layer(retry))
        )

    /** A call forked with a limit of `timeout` (and no retry), once the server has seen its request. */
    const inFlight = (api: Local & { readonly seen: ReadonlyArray<unknown> }, timeout: Duration.DurationInput) =>
      Effect.gen(function*() {
        const seen = api.seen.length
        const fiber = yield* Effect.fork(getUserInfo.pipe(live(api, { retries: 0, timeout })))
        yield* until(() => api.seen.length === seen + 1)
        return fiber
      })

    it.live("an answer that never comes fails with RequestError after the timeout, and the request is aborted", () =>
      Effect.gen(function*() {
        const api = yield* server({ delay: Infinity })
        const error = yield* getUserInfo.pipe(live(api, { retries: 0, timeout: "150 millis" }), Effect.flip)
        expect(error._tag).toBe("RequestError")
        expect(error).toMatchObject({
          reason: "Transport",
          description: "no complete answer within 150ms, after 1 attempt"
        })
        yield* aborted(api, 1)
        expect(api.seen).toEqual([{ aborted: true }])
      }).pipe(Effect.scoped))

    it.live("a body that stalls halfway fails after the timeout too", () =>
      Effect.gen(function*() {
        const api = yield* server({ delay: 0, stallBody: true })
        const error = yield* getUserInfo.pipe(live(api, { retries: 0, timeout: "150 millis" }), Effect.flip)
        expect(error).toMatchObject({
          _tag: "RequestError",
          description: "no complete answer within 150ms, after 1 attempt"
        })
        yield* aborted(api, 1)
        expect(api.seen).toEqual([{ aborted: true }])
      }).pipe(Effect.scoped))

    it.live("an answer within the timeout succeeds, and nothing is aborted", () =>
      Effect.gen(function*() {
        const api = yield* server({ delay: 30 })
        const result = yield* getUserInfo.pipe(live(api, { retries: 0, timeout: "2 seconds" }))
        expect(result.user.id).toBe("182224938")
        expect(api.seen).toEqual([{ aborted: false }])
      }).pipe(Effect.scoped))

    it.live("a timed-out GET is retried", () =>
      Effect.gen(function*() {
        const api = yield* server({ delay: Infinity })
        const error = yield* getUserInfo.pipe(
          live(api, { retries: 1, baseDelay: "10 millis", timeout: "100 millis" }),
          Effect.flip
        )
        expect(error._tag).toBe("RequestError")
        yield* aborted(api, 2)
        expect(api.seen).toEqual([{ aborted: true }, { aborted: true }])
      }).pipe(Effect.scoped))

    it.live("a shorter limit than those of the attempts in flight still ends its attempt on time", () =>
      Effect.gen(function*() {
        const api = yield* server({ delay: Infinity })
        const slow = yield* inFlight(api, "20 seconds")
        const error = yield* getUserInfo.pipe(live(api, { retries: 0, timeout: "150 millis" }), Effect.flip)
        expect(error).toMatchObject({
          _tag: "RequestError",
          description: "no complete answer within 150ms, after 1 attempt"
        })
        // the longer attempt is still waiting
        expect(api.seen.map((request) => request.aborted)).toEqual([false, true])
        yield* Fiber.interrupt(slow)
      }).pipe(Effect.scoped))

    it.live("interrupting the caller aborts the request at once", () =>
      Effect.gen(function*() {
        const api = yield* server({ delay: Infinity })
        const fiber = yield* inFlight(api, "30 seconds")
        expect(api.seen).toEqual([{ aborted: false }])
        yield* Fiber.interrupt(fiber)
        yield* aborted(api, 1)
        expect(api.seen).toEqual([{ aborted: true }])
      }).pipe(Effect.scoped))
  })

  describe("Auth.rateLimit", () => {
    it.effect("is the budget's view of the window: the least left it was told, errors included", () =>
      Effect.gen(function*() {
        const replies: ReadonlyArray<Reply> = [
          { body: userInfo, remaining: 58, resetIn: 60 },
          { body: userInfo, remaining: 57, resetIn: 60 },
          { status: 404, body: fixtures.errorBody(404, "Not Found"), remaining: 56, resetIn: 60 },
          { body: userInfo, headers: { "x-ratelimit-remaining": "many" } }
        ]
        const api = mock((_, i) => replies[i] ?? { body: userInfo })
        const seen = yield* Effect.gen(function*() {
          const states = [yield* Auth.rateLimit]
          const first = yield* getUserInfo
          expect(Option.map(first.rateLimit, (rateLimit) => rateLimit.remaining)).toEqual(Option.some(58))
          states.push(yield* Auth.rateLimit)
          yield* getUserInfo
          states.push(yield* Auth.rateLimit)
          yield* Effect.flip(getUserInfo)
          states.push(yield* Auth.rateLimit)
          const unreadable = yield* getUserInfo
          expect(Option.isNone(unreadable.rateLimit)).toBe(true)
          states.push(yield* Auth.rateLimit)
          yield* at(60_000)
          states.push(yield* Auth.rateLimit)
          return states
        }).pipe(using(api))
        expect(seen.map(Option.map(({ limit, remaining, reset }) => [limit, remaining, DateTime.toEpochMillis(reset)])))
          .toEqual([
            Option.none(),
            Option.some([60, 58, 60_000]),
            Option.some([60, 57, 60_000]),
            Option.some([60, 56, 60_000]),
            // headers that cannot be read leave the last known state
            Option.some([60, 56, 60_000]),
            // the window is over: nothing is known of the next one
            Option.none()
          ])
      }))

    it.effect("is per token, shared by every Auth of the token in the process", () =>
      Effect.gen(function*() {
        // Auth.layer without a budget layer: the process's in-memory budget
        const token = Redacted.make(`shared-${Math.random()}`)
        const first = Auth.layer({ credentials: Auth.userToken(token), baseUrl: "http://127.0.0.1:9999" })
        const second = Auth.layer({ credentials: Auth.userToken(token), baseUrl: "http://127.0.0.1:9999" })
        const other = Auth.layer({
          credentials: Auth.userToken(Redacted.make(`other-${Math.random()}`)),
          baseUrl: "http://127.0.0.1:9999"
        })
        const api = mock(() => ({ body: userInfo, remaining: 0, resetIn: 20 }))
        yield* getUserInfo.pipe(Effect.provide(api.client), Effect.provide(first))
        const state = yield* Auth.rateLimit.pipe(Effect.provide(second))
        expect(Option.map(state, (state) => state.remaining)).toEqual(Option.some(0))
        expect(Option.isNone(yield* Auth.rateLimit.pipe(Effect.provide(other)))).toBe(true)
        // the second Auth of the token waits for the reset the first was told of; another token does not
        const waiting = yield* Effect.fork(getUserInfo.pipe(Effect.provide(api.client), Effect.provide(second)))
        yield* getUserInfo.pipe(Effect.provide(api.client), Effect.provide(other))
        expect(api.sent).toHaveLength(2)
        yield* at(20_000)
        yield* Fiber.join(waiting)
        expect(api.sent).toHaveLength(3)
      }))
  })

  it.effect("Retry.layer takes durations in any Duration form and keeps the other defaults", () =>
    Effect.gen(function*() {
      // a 503, then a slow answer, then a rate limit, then the user
      const replies: ReadonlyArray<Reply> = [
        html(503, "Service Unavailable"),
        { body: userInfo, delayMillis: 60_000 },
        rateLimited(10),
        rateLimited(10),
        rateLimited(10),
        { body: userInfo }
      ]
      const api = mock((_, i) => replies[i]!)
      const fiber = yield* Effect.fork(
        getUserInfo.pipe(using(api, { retry: { baseDelay: "50 millis", timeout: 2000, retries: 1 } }), Effect.flip)
      )
      const times = yield* requestTimes(api, fiber)
      // baseDelay "50 millis": the retry 40 to 60 ms later; timeout 2000 (ms): the slow answer given up after 2 s,
      // and with retries: 1 not tried again
      expect(times).toHaveLength(2)
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(40 - step)
      expect(times[1]! - times[0]!).toBeLessThanOrEqual(60 + step)
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({
        _tag: "RequestError",
        description: "no complete answer within 2s, after 2 attempts"
      })
      expect(times[1]!).toBeLessThanOrEqual(60 + step)
      // the rate-limit settings kept their defaults: 3 retries after a refusal
      const second = yield* Effect.fork(getUserInfo.pipe(using(api, { retry: { retries: 0, timeout: 2000 } })))
      yield* TestClock.adjust("10 minutes")
      const result = yield* Fiber.join(second)
      expect(result.user.id).toBe("182224938")
      expect(api.sent).toHaveLength(6)
    }))
})
