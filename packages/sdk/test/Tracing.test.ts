/**
 * What a call traces: one span named after the call, whose child is the
 * platform's `http.client` span of the request; no attribute or event of
 * any span shows the credentials (the `authorization` header attribute is
 * redacted); and no trace context leaves with the request.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Option, Redacted, TestClock } from "effect"
import { inspect } from "node:util"
import { Auth, Users } from "../src/index.js"
import { type RecordedSpan, recorder } from "./capture.js"
import * as fixtures from "./fixtures.js"
import { authLayer, baseUrl } from "./mock.js"

const secret = "tok-SECRET-123"
const auth = authLayer({ credentials: Auth.userToken(Redacted.make(secret)), baseUrl })

/** Every way the attributes, events and links of a span might be exported. */
const printed = (span: RecordedSpan): string =>
  [
    span.name,
    ...Array.from(span.attributes, ([key, value]) => `${key}=${String(value)} ${inspect(value, { depth: 10 })}`),
    ...span.events.map((event) => `${event.name} ${inspect(event.attributes, { depth: 10 })}`),
    ...span.links.map((link) => inspect(link.attributes, { depth: 10 }))
  ].join("\n")

/** A client made with `HttpClient.make` (so the platform traces it), answering `status` and `body`. */
const client = (status: number, body: unknown) => {
  const headers: Array<Record<string, string>> = []
  const http = HttpClient.make((request) =>
    Effect.sync(() => {
      headers.push({ ...request.headers })
      return HttpClientResponse.fromWeb(
        request,
        new Response(JSON.stringify(body), {
          status,
          headers: {
            "content-type": "application/json",
            "x-ratelimit-limit": "60",
            "x-ratelimit-remaining": "59",
            "x-ratelimit-reset": "1700000000"
          }
        })
      )
    })
  )
  return { headers, layer: Layer.succeed(HttpClient.HttpClient, http) }
}

const userInfo = { user: fixtures.user, supporter_count: 1, supporting_count: 2 }

const traced = <A, E>(
  call: Effect.Effect<A, E, HttpClient.HttpClient | Auth.Auth>,
  api: ReturnType<typeof client>
) =>
  Effect.gen(function*() {
    const { spans, tracer } = recorder()
    const exit = yield* call.pipe(
      Effect.provide(api.layer),
      Effect.provide(auth),
      Effect.exit,
      Effect.withTracer(tracer)
    )
    return { exit, spans }
  })

describe("tracing", () => {
  it.effect("Users.getUserInfo makes one span of its name, whose child is the platform's http.client GET span", () =>
    Effect.gen(function*() {
      const api = client(200, userInfo)
      const { exit, spans } = yield* traced(Users.getUserInfo({ id: "182224938" }), api)
      expect(exit._tag).toBe("Success")
      const calls = spans.filter((span) => span.name === "Users.getUserInfo")
      expect(calls).toHaveLength(1)
      const call = calls[0]!
      const http = spans.filter((span) => span.name === "http.client GET")
      expect(http).toHaveLength(1)
      const request = http[0]!
      expect(request.kind).toBe("client")
      expect(Option.map(request.parent, (parent) => parent.spanId)).toEqual(Option.some(call.spanId))
      expect(request.attributes.get("url.full")).toBe(`${baseUrl}/users/182224938`)
      expect(request.attributes.get("http.response.status_code")).toBe(200)
      expect(spans.every((span) => Option.isSome(span.exit))).toBe(true)
    }))

  it.effect.each([
    { name: "a success", status: 200, body: userInfo },
    { name: "an invalid token (401)", status: 401, body: fixtures.errorBody(1000, "Invalid token") },
    { name: "a server error (500), retried", status: 500, body: fixtures.errorBody(500, "Internal Server Error") }
  ])("no attribute, event or link of any span shows the token: $name", ({ body, status }) =>
    Effect.gen(function*() {
      const api = client(status, body)
      const fiber = yield* Effect.fork(traced(Users.getUserInfo({ id: "182224938" }), api))
      // the retries of the 500 wait on the test clock
      yield* TestClock.adjust("10 minutes")
      const { spans } = yield* Fiber.join(fiber)
      // the token did travel, in every request sent
      expect(api.headers).toHaveLength(status === 500 ? 4 : 1)
      for (const headers of api.headers) expect(headers["authorization"]).toBe(`Bearer ${secret}`)
      const http = spans.filter((span) => span.name === "http.client GET")
      expect(http).toHaveLength(api.headers.length)
      for (const span of http) {
        // the header is recorded, redacted
        expect(span.attributes.has("http.request.header.authorization")).toBe(true)
        expect(String(span.attributes.get("http.request.header.authorization"))).toBe("<redacted>")
      }
      for (const span of spans) expect(printed(span)).not.toContain(secret)
    }))

  it.effect("the request carries no trace context (traceparent, b3)", () =>
    Effect.gen(function*() {
      const api = client(200, userInfo)
      const { spans } = yield* traced(Users.getUserInfo({ id: "182224938" }), api)
      expect(spans.some((span) => span.name === "http.client GET")).toBe(true)
      expect(api.headers).toHaveLength(1)
      const names = Object.keys(api.headers[0]!).map((name) => name.toLowerCase())
      expect(names).not.toContain("traceparent")
      expect(names).not.toContain("tracestate")
      expect(names).not.toContain("b3")
      expect(names.filter((name) => name.startsWith("x-b3-"))).toEqual([])
    }))
})
