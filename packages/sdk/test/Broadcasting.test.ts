/**
 * Broadcasting.getRtmpUrl and Broadcasting.getWebmUrl: the requests, the
 * decoded ingest URLs (null when disabled), the user-token requirement, and
 * retries.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Fiber, Option, Redacted, TestClock } from "effect"
import { Api, type Auth, Broadcasting, Errors, Retry } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, baseUrl, mock, type Reply, token, using } from "./mock.js"

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

const rtmp = { enabled: true, url: "rtmp://rtmp02.twitcasting.tv/live/", stream_key: "182224938-stream-key-SECRET" }
const webm = { enabled: true, url: "wss://webm.twitcasting.tv/live/182224938?key=SECRET" }

const calls: ReadonlyArray<
  { readonly name: string; readonly call: Call; readonly path: string; readonly reply: unknown }
> = [
  { name: "Broadcasting.getRtmpUrl", call: Broadcasting.getRtmpUrl(), path: "/rtmp_url", reply: rtmp },
  { name: "Broadcasting.getWebmUrl", call: Broadcasting.getWebmUrl(), path: "/webm_url", reply: webm }
]

describe("Broadcasting", () => {
  it.effect.each(calls)(
    "$name sends GET $path with the user token, no query, no body",
    ({ call, path, reply }) =>
      Effect.gen(function*() {
        const api = always({ body: reply })
        yield* call.pipe(using(api))
        expect(api.sent).toHaveLength(1)
        const [sent] = api.sent
        if (sent === undefined) return expect.fail("nothing sent")
        expect(sent.method).toBe("GET")
        expect(sent.url.href).toBe(baseUrl + path)
        expect(sent.body).toBeUndefined()
        expect(sent.headers["x-api-version"]).toBe("2.0")
        expect(sent.headers["accept"]).toBe("application/json")
        expect(sent.headers["user-agent"]).toMatch(/^effect-twitcasting\/\d/)
        expect(sent.headers["authorization"]).toBe(`Bearer ${Redacted.value(token)}`)
      })
  )

  describe("responses", () => {
    it.effect("getRtmpUrl decodes the URL and stream key", () =>
      Effect.gen(function*() {
        const result = yield* Broadcasting.getRtmpUrl().pipe(using(always({ body: rtmp, remaining: 33, resetIn: 25 })))
        expect({ enabled: result.enabled, url: result.url, streamKey: result.streamKey }).toEqual({
          enabled: true,
          url: "rtmp://rtmp02.twitcasting.tv/live/",
          streamKey: "182224938-stream-key-SECRET"
        })
        expect(result).not.toHaveProperty("stream_key")
        expect(Option.map(result.rateLimit, (r) => [r.limit, r.remaining, DateTime.toEpochMillis(r.reset)])).toEqual(
          Option.some([60, 33, 25_000])
        )
      }))

    it.effect("getRtmpUrl: disabled RTMP has a null URL and key", () =>
      Effect.gen(function*() {
        const result = yield* Broadcasting.getRtmpUrl().pipe(
          using(always({ body: { enabled: false, url: null, stream_key: null } }))
        )
        expect([result.enabled, result.url, result.streamKey]).toEqual([false, null, null])
      }))

    it.effect("getWebmUrl decodes the URL", () =>
      Effect.gen(function*() {
        const result = yield* Broadcasting.getWebmUrl().pipe(using(always({ body: webm, remaining: 32, resetIn: 24 })))
        expect([result.enabled, result.url]).toEqual([true, "wss://webm.twitcasting.tv/live/182224938?key=SECRET"])
        expect(Option.map(result.rateLimit, (r) => [r.limit, r.remaining, DateTime.toEpochMillis(r.reset)])).toEqual(
          Option.some([60, 32, 24_000])
        )
      }))

    it.effect("getWebmUrl: the API's 404 since the endpoint's removal is a NotFoundError", () =>
      Effect.gen(function*() {
        const removed = always({ status: 404, body: fixtures.errorBody(404, "Not Found") })
        const error = yield* Broadcasting.getWebmUrl().pipe(using(removed), Effect.flip)
        expect(error._tag).toBe("NotFoundError")
        expect(removed.sent).toHaveLength(1)
      }))

    it("getWebmUrl is deprecated in the OpenAPI document", () => {
      const operation = Api.openApi().paths["/webm_url"]?.get
      expect(operation?.deprecated).toBe(true)
      expect(Api.openApi().paths["/rtmp_url"]?.get?.deprecated).toBeUndefined()
    })

    it.effect("getWebmUrl: disabled WebM has a null URL", () =>
      Effect.gen(function*() {
        const result = yield* Broadcasting.getWebmUrl().pipe(using(always({ body: { enabled: false, url: null } })))
        expect([result.enabled, result.url]).toEqual([false, null])
      }))

    const broken: ReadonlyArray<
      { readonly name: string; readonly call: Call; readonly body: unknown; readonly path: string }
    > = [
      {
        name: "getRtmpUrl without stream_key",
        call: Broadcasting.getRtmpUrl(),
        body: { enabled: true, url: "rtmp://x" },
        path: "stream_key"
      },
      {
        name: "getRtmpUrl with enabled as a string",
        call: Broadcasting.getRtmpUrl(),
        body: { ...rtmp, enabled: "true" },
        path: "enabled"
      },
      { name: "getWebmUrl without url", call: Broadcasting.getWebmUrl(), body: { enabled: false }, path: "url" }
    ]

    it.effect.each(broken)(
      "$name → UnexpectedResponseError naming $path",
      ({ body, call, path }) =>
        Effect.gen(function*() {
          const error = yield* call.pipe(using(always({ body })), Effect.flip)
          expect(error).toBeInstanceOf(Errors.UnexpectedResponseError)
          expect(error).toMatchObject({ status: 200 })
          expect(error.message).toContain(path)
        })
    )
  })

  it.effect.each(calls)(
    "$name refuses app credentials before sending",
    ({ call, name, reply }) =>
      Effect.gen(function*() {
        const api = always({ body: reply })
        const error = yield* call.pipe(using(api, appAuth), Effect.flip)
        expect(api.sent).toHaveLength(0)
        expect(error).toBeInstanceOf(Errors.AuthenticationError)
        expect(error).toMatchObject({ endpoint: name, reason: expect.stringContaining("user access token") })
      })
  )

  describe("retries", () => {
    const failures: ReadonlyArray<
      { readonly name: string; readonly reply: Reply; readonly tag: Errors.CallError["_tag"] }
    > = [
      {
        name: "500 with an API error",
        reply: { status: 500, body: fixtures.errorBody(500, "Internal Server Error") },
        tag: "ApiError"
      },
      { name: "504 with an empty body", reply: { status: 504 }, tag: "UnexpectedResponseError" },
      { name: "a dropped connection", reply: { drop: true }, tag: "RequestError" }
    ]
    const cases = calls.flatMap((call) => failures.map((failure) => ({ ...call, failure })))
    const retry = Retry.layer({ retries: 2, baseDelay: Duration.millis(100) })

    it.effect.each(cases)(
      "$name is retried after $failure.name, then succeeds",
      ({ call, failure, reply }) =>
        Effect.gen(function*() {
          const api = mock((_, i) => i < 2 ? failure.reply : { body: reply })
          const fiber = yield* Effect.fork(call.pipe(using(api), Effect.provide(retry)))
          yield* TestClock.adjust(Duration.minutes(1))
          yield* Fiber.join(fiber)
          expect(api.sent).toHaveLength(3)
        })
    )

    it.effect.each(cases)(
      "$name gives up with $failure.tag after 1 + retries requests",
      ({ call, failure }) =>
        Effect.gen(function*() {
          const api = always(failure.reply)
          const fiber = yield* Effect.fork(call.pipe(using(api), Effect.provide(retry), Effect.flip))
          yield* TestClock.adjust(Duration.minutes(1))
          const error = yield* Fiber.join(fiber)
          expect(error._tag).toBe(failure.tag)
          expect(api.sent).toHaveLength(3)
        })
    )

    it.effect.each(calls)("$name: a 401 is not retried", ({ call }) =>
      Effect.gen(function*() {
        const api = always({ status: 401, body: fixtures.errorBody(1000, "Invalid token") })
        const fiber = yield* Effect.fork(call.pipe(using(api), Effect.provide(retry), Effect.flip))
        yield* TestClock.adjust(Duration.minutes(1))
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({ _tag: "AuthenticationError", status: 401, code: 1000 })
        expect(api.sent).toHaveLength(1)
      }))
  })
})
