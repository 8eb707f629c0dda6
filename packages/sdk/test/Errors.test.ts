/**
 * Every answer of the API mapped to its typed error, through real calls
 * against the scripted client; no error shows a secret.
 */
import { type HttpClient, HttpClientError, HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Cause, DateTime, Duration, Effect, Fiber, Layer, Logger, Option, Redacted, Schema, TestClock } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Auth, Comments, Errors, Movies, Retry, Users, Webhooks } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, baseUrl, clientSecret, mock, type Reply, token, userAuth } from "./mock.js"

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

const userInfo = { user: fixtures.user, supporter_count: 10, supporting_count: 3 }

const getUserInfo = Users.getUserInfo({ id: "182224938" })
const postComment = Comments.postComment({ movieId: "189037369", comment: "モイ！" })
const getComments = Comments.getComments({ movieId: "189037369", limit: 10 })

/** No retries of either kind: the first answer's error surfaces. */
const noRetry = Retry.layer({ retries: 0, rateLimitRetries: 0 })

const run = (
  call: Call,
  reply: Reply,
  options: { readonly auth?: Layer.Layer<Auth.Auth, Errors.OptionsError>; readonly retry?: Layer.Layer<Retry.Retry> } =
    {}
) =>
  Effect.gen(function*() {
    const api = always(reply)
    const error = yield* call.pipe(
      Effect.flip,
      Effect.provide(api.client),
      Effect.provide(options.auth ?? userAuth),
      Effect.provide(options.retry ?? noRetry)
    )
    return { error, sent: api.sent }
  })

const htmlPage = (status: number, title: string): Reply => ({
  status,
  body:
    `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`,
  headers: { "content-type": "text/html" }
})

interface Case {
  readonly name: string
  readonly call: Call
  readonly reply: Reply
  readonly auth?: Layer.Layer<Auth.Auth, Errors.OptionsError>
  readonly tag: Errors.CallError["_tag"]
  /** Fields of the error, compared with `toMatchObject`. */
  readonly fields: Record<string, unknown>
}

const resetIn30 = Option.some(DateTime.unsafeMake(30_000))

const cases: ReadonlyArray<Case> = [
  {
    name: "401 + 1000 Invalid token",
    call: getUserInfo,
    reply: { status: 401, body: fixtures.errorBody(1000, "Invalid token") },
    tag: "AuthenticationError",
    fields: { endpoint: "Users.getUserInfo", status: 401, code: 1000, reason: "Invalid token" }
  },
  {
    name: "401 without a body",
    call: getUserInfo,
    reply: { status: 401 },
    tag: "AuthenticationError",
    fields: { endpoint: "Users.getUserInfo", status: 401, reason: "HTTP 401" }
  },
  {
    name: "400 + 1001 with details",
    call: getComments,
    reply: {
      status: 400,
      body: fixtures.errorBody(1001, "Validation error", {
        limit: ["must be 1-50"],
        offset: ["must be an integer", "must be 0 or more"]
      })
    },
    tag: "ValidationError",
    fields: {
      endpoint: "Comments.getComments",
      source: "api",
      issues: [
        { field: "limit", message: "must be 1-50" },
        { field: "offset", message: "must be an integer" },
        { field: "offset", message: "must be 0 or more" }
      ]
    }
  },
  {
    name: "400 + 1001 without details",
    call: getComments,
    reply: { status: 400, body: fixtures.errorBody(1001, "Validation error") },
    tag: "ValidationError",
    fields: { source: "api", issues: [{ field: "", message: "Validation error" }] }
  },
  {
    name: "403 + 2000 Execution Count Limitation",
    call: getUserInfo,
    reply: { status: 403, body: fixtures.errorBody(2000, "Execution Count Limitation"), remaining: 0, resetIn: 30 },
    tag: "RateLimitError",
    fields: { endpoint: "Users.getUserInfo", sent: true, reset: resetIn30 }
  },
  {
    name: "429 with a plain-text body",
    call: getUserInfo,
    reply: { status: 429, body: "Too Many Requests", remaining: 0, resetIn: 30 },
    tag: "RateLimitError",
    fields: { sent: true, reset: resetIn30 }
  },
  {
    name: "403 + 2000 without rate-limit headers",
    call: getUserInfo,
    reply: {
      status: 403,
      body: fixtures.errorBody(2000, "Execution Count Limitation"),
      headers: { "x-ratelimit-reset": "soon", "x-ratelimit-limit": "unknown" }
    },
    tag: "RateLimitError",
    fields: { sent: true, reset: Option.none() }
  },
  {
    name: "404 + 404 Not Found",
    call: getUserInfo,
    reply: { status: 404, body: fixtures.errorBody(404, "Not Found") },
    tag: "NotFoundError",
    fields: { endpoint: "Users.getUserInfo", code: 404, reason: "Not Found" }
  },
  {
    name: "getCurrentLive of a user who is not live",
    call: Movies.getCurrentLive({ screenId: "twitcasting_jp" }),
    reply: { status: 404, body: fixtures.errorBody(404, "Not Found") },
    tag: "NotFoundError",
    fields: { endpoint: "Movies.getCurrentLive", code: 404, meaning: "the user is not live now (or does not exist)" }
  },
  {
    // another server's page: the API answers every 404 with its JSON error
    name: "404 with an HTML page",
    call: getUserInfo,
    reply: htmlPage(404, "Not Found"),
    tag: "UnexpectedResponseError",
    fields: { status: 404 }
  },
  {
    name: "404 with an empty body",
    call: getUserInfo,
    reply: { status: 404, body: "" },
    tag: "UnexpectedResponseError",
    fields: { status: 404 }
  },
  ...[
    { code: 2001, message: "Application disabled" },
    { code: 2002, message: "Protected" },
    { code: 2003, message: "Duplicate" },
    { code: 2004, message: "Too many comments" },
    { code: 2005, message: "Out of scope" },
    { code: 2006, message: "Email unverified" }
  ].map(({ code, message }): Case => ({
    name: `403 + ${code} ${message}`,
    call: postComment,
    reply: { status: 403, body: fixtures.errorBody(code, message) },
    tag: "ApiError",
    fields: { endpoint: "Comments.postComment", status: 403, code, reason: message }
  })),
  {
    name: "403 + 2002 with details",
    call: getUserInfo,
    reply: { status: 403, body: fixtures.errorBody(2002, "Protected", { password: ["required"] }) },
    tag: "ApiError",
    fields: { status: 403, code: 2002, reason: "Protected", details: { password: ["required"] } }
  },
  {
    name: "400 + 1002 Invalid WebHook URL",
    call: Webhooks.registerWebhook({ userId: "182224938", events: ["livestart"] }),
    auth: appAuth,
    reply: { status: 400, body: fixtures.errorBody(1002, "Invalid WebHook URL", { url: "http://localhost" }) },
    tag: "ApiError",
    fields: {
      endpoint: "Webhooks.registerWebhook",
      status: 400,
      code: 1002,
      reason: "Invalid WebHook URL",
      details: { url: "http://localhost" }
    }
  },
  {
    name: "500 + 500 Internal Server Error",
    call: getUserInfo,
    reply: { status: 500, body: fixtures.errorBody(500, "Internal Server Error") },
    tag: "ApiError",
    fields: { status: 500, code: 500, reason: "Internal Server Error" }
  },
  {
    name: "500 with an HTML page",
    call: getUserInfo,
    reply: htmlPage(500, "Internal Server Error"),
    tag: "UnexpectedResponseError",
    fields: {
      endpoint: "Users.getUserInfo",
      status: 500,
      description: "error status with a body that is not an API error"
    }
  },
  {
    name: "502 with an empty body",
    call: getUserInfo,
    reply: { status: 502 },
    tag: "UnexpectedResponseError",
    fields: { status: 502, description: "error status with an empty body" }
  },
  {
    name: "200 with an HTML page",
    call: getUserInfo,
    reply: htmlPage(200, "Maintenance"),
    tag: "UnexpectedResponseError",
    fields: { endpoint: "Users.getUserInfo", status: 200 }
  },
  {
    name: "200 with an empty body",
    call: getUserInfo,
    reply: { status: 200 },
    tag: "UnexpectedResponseError",
    fields: { status: 200, description: "empty body" }
  },
  {
    name: "200 with truncated JSON",
    call: getUserInfo,
    reply: { status: 200, body: JSON.stringify(userInfo).slice(0, 80) },
    tag: "UnexpectedResponseError",
    fields: { status: 200 }
  },
  {
    name: "200 with a field of the wrong type",
    call: getUserInfo,
    reply: { status: 200, body: { ...userInfo, user: { ...fixtures.user, level: "24" } } },
    tag: "UnexpectedResponseError",
    fields: { status: 200, description: expect.stringContaining("user.level") }
  },
  {
    name: "200 with a required field missing",
    call: getUserInfo,
    reply: { status: 200, body: { supporter_count: 10, supporting_count: 3 } },
    tag: "UnexpectedResponseError",
    fields: { status: 200, description: expect.stringContaining("user") }
  },
  {
    name: "200 with a nested required field missing",
    call: postComment,
    reply: {
      status: 200,
      body: { movie_id: "189037369", all_count: 1, comment: { ...fixtures.comment, from_user: {} } }
    },
    tag: "UnexpectedResponseError",
    fields: { endpoint: "Comments.postComment", status: 200, description: expect.stringContaining("comment.from_user") }
  },
  {
    name: "a dropped connection",
    call: getUserInfo,
    reply: { drop: true },
    tag: "RequestError",
    fields: { reason: "Transport" }
  }
]

/** Errors raised before anything is sent. */
const clientSide: ReadonlyArray<
  { readonly name: string; readonly call: Call; readonly auth: Layer.Layer<Auth.Auth, Errors.OptionsError> }
> = [
  {
    name: "input breaking a rule",
    call: Comments.postComment({ movieId: "189037369", comment: "" }),
    auth: userAuth
  },
  { name: "a user call with app credentials", call: postComment, auth: appAuth },
  { name: "an app call with a user token", call: Webhooks.getWebhookList(), auth: userAuth }
]

const basic = Buffer.from(`182224938.app:${Redacted.value(clientSecret)}`).toString("base64")
const secrets = [Redacted.value(token), Redacted.value(clientSecret), basic]

const expectNoSecret = (text: string) => {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

const classes = {
  ValidationError: Errors.ValidationError,
  AuthenticationError: Errors.AuthenticationError,
  RateLimitError: Errors.RateLimitError,
  NotFoundError: Errors.NotFoundError,
  ApiError: Errors.ApiError,
  UnexpectedResponseError: Errors.UnexpectedResponseError,
  RequestError: HttpClientError.RequestError
} satisfies Record<Errors.CallError["_tag"], unknown>

const tags = Object.keys(classes) as ReadonlyArray<Errors.CallError["_tag"]>

/** Renders what a custom logger receives, the way the default loggers do. */
const captureLogs = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const logger = Logger.make((options) => {
      lines.push(Logger.logfmtLogger.log(options))
      lines.push(Logger.stringLogger.log(options))
    })
    yield* effect.pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
    return lines.join("\n")
  })

describe("Errors", () => {
  describe("API answers map to typed errors", () => {
    it.effect.each(cases)("$name → $tag", ({ auth, call, fields, reply, tag }) =>
      Effect.gen(function*() {
        const { error, sent } = yield* run(call, reply, auth === undefined ? {} : { auth })
        expect(error._tag).toBe(tag)
        expect(error).toBeInstanceOf(classes[tag])
        expect(error).toMatchObject(fields)
        expect(sent).toHaveLength(1)
      }))

    it.effect("every tag is covered", () =>
      Effect.sync(() => {
        expect(new Set(cases.map((c) => c.tag))).toEqual(new Set(tags))
      }))
  })

  describe("messages", () => {
    const messages: ReadonlyArray<{ readonly name: string; readonly message: string | RegExp }> = [
      { name: "401 + 1000 Invalid token", message: "Users.getUserInfo: Invalid token" },
      {
        name: "400 + 1001 with details",
        message:
          "Comments.getComments: invalid input (api): limit must be 1-50; offset must be an integer; offset must be 0 or more"
      },
      {
        name: "403 + 2000 Execution Count Limitation",
        message: "Users.getUserInfo: rate limit reached until 1970-01-01T00:00:30.000Z"
      },
      { name: "404 + 404 Not Found", message: "Users.getUserInfo: not found (the API said: Not Found)" },
      {
        name: "getCurrentLive of a user who is not live",
        message: "Movies.getCurrentLive: the user is not live now (or does not exist) (the API said: Not Found)"
      },
      {
        name: "404 with an HTML page",
        message:
          /^Users\.getUserInfo: unexpected response \(HTTP 404\).*is https?:\/\/\S+ the TwitCasting API\? \(check the base URL\)$/
      },
      {
        name: "403 + 2004 Too many comments",
        message: "Comments.postComment: API error 2004 (HTTP 403): Too many comments"
      },
      { name: "200 with an empty body", message: "Users.getUserInfo: unexpected response (HTTP 200): empty body" },
      { name: "a dropped connection", message: /connection reset/ }
    ]

    it.effect.each(messages)("$name", ({ message, name }) =>
      Effect.gen(function*() {
        const found = cases.find((c) => c.name === name)
        expect(found).toBeDefined()
        if (found === undefined) return
        const { error } = yield* run(found.call, found.reply, found.auth === undefined ? {} : { auth: found.auth })
        if (typeof message === "string") expect(error.message).toBe(message)
        else expect(error.message).toMatch(message)
      }))
  })

  describe("errors that surface only after the retries are spent", () => {
    const retried: ReadonlyArray<
      { readonly name: string; readonly reply: Reply; readonly tag: Errors.CallError["_tag"] }
    > = [
      {
        name: "403 + 2000",
        reply: { status: 403, body: fixtures.errorBody(2000, "Execution Count Limitation"), remaining: 0, resetIn: 10 },
        tag: "RateLimitError"
      },
      { name: "429", reply: { status: 429, remaining: 0, resetIn: 10 }, tag: "RateLimitError" },
      { name: "500 with an HTML page", reply: htmlPage(500, "Internal Server Error"), tag: "UnexpectedResponseError" },
      { name: "a dropped connection", reply: { drop: true }, tag: "RequestError" }
    ]

    it.effect.each(retried)("$name → $tag after 1 + 3 requests", ({ reply, tag }) =>
      Effect.gen(function*() {
        const api = always(reply)
        const fiber = yield* Effect.fork(
          getUserInfo.pipe(Effect.flip, Effect.provide(api.client), Effect.provide(userAuth))
        )
        yield* TestClock.setTime(0)
        expect(api.sent).toHaveLength(1)
        expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
        for (let second = 1; second <= 60; second++) yield* TestClock.setTime(second * 1_000)
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe(tag)
        expect(api.sent).toHaveLength(4)
      }))

    it.effect("the RateLimitError carries the reset of the last answer", () =>
      Effect.gen(function*() {
        const api = mock(() => ({
          status: 403,
          body: fixtures.errorBody(2000, "Execution Count Limitation"),
          remaining: 0,
          resetIn: 10
        }))
        const fiber = yield* Effect.fork(
          getUserInfo.pipe(
            Effect.flip,
            Effect.provide(api.client),
            Effect.provide(userAuth),
            Effect.provide(Retry.layer({ rateLimitRetries: 1, rateLimitJitter: Duration.zero }))
          )
        )
        yield* TestClock.setTime(10_000)
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({
          _tag: "RateLimitError",
          sent: true,
          reset: Option.some(DateTime.unsafeMake(20_000))
        })
      }))
  })

  describe("catchTag", () => {
    const byTag = tags.map((tag) => {
      const found = cases.find((c) => c.tag === tag)
      if (found === undefined) throw new Error(`no case for ${tag}`)
      return { tag, found }
    })

    it.effect.each(byTag)("catches $tag, and only it", ({ found, tag }) =>
      Effect.gen(function*() {
        const api = always(found.reply)
        const provide = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Auth.Auth>) =>
          effect.pipe(Effect.provide(api.client), Effect.provide(found.auth ?? userAuth), Effect.provide(noRetry))
        const caught = yield* found.call.pipe(
          Effect.as("succeeded"),
          Effect.catchTag(tag, (error) => Effect.succeed(`caught ${error._tag}`)),
          provide
        )
        expect(caught).toBe(`caught ${tag}`)
        for (const other of tags.filter((t) => t !== tag)) {
          const escaped = yield* found.call.pipe(
            Effect.catchTag(other, () => Effect.succeed("wrongly caught")),
            Effect.flip,
            provide
          )
          expect(escaped).toMatchObject({ _tag: tag })
        }
      }))

    it.effect("catchTags narrows each error to its fields", () =>
      Effect.gen(function*() {
        const results = yield* Effect.forEach(byTag, ({ found }) => {
          const api = always(found.reply)
          return found.call.pipe(
            Effect.as("succeeded"),
            Effect.catchTags({
              ValidationError: (e) => Effect.succeed(`ValidationError ${e.source} ${e.issues.length}`),
              AuthenticationError: (e) => Effect.succeed(`AuthenticationError ${e.status} ${e.code}`),
              RateLimitError: (e) => Effect.succeed(`RateLimitError ${e.sent} ${Option.isSome(e.reset)}`),
              NotFoundError: (e) => Effect.succeed(`NotFoundError ${e.code}`),
              ApiError: (e) => Effect.succeed(`ApiError ${e.status} ${e.code}`),
              UnexpectedResponseError: (e) => Effect.succeed(`UnexpectedResponseError ${e.status}`),
              RequestError: (e) => Effect.succeed(`RequestError ${e.reason}`)
            }),
            Effect.provide(api.client),
            Effect.provide(found.auth ?? userAuth),
            Effect.provide(noRetry)
          )
        })
        expect(results).toEqual([
          "ValidationError api 3",
          "AuthenticationError 401 1000",
          "RateLimitError true true",
          "NotFoundError 404",
          "ApiError 403 2001",
          "UnexpectedResponseError 404",
          "RequestError Transport"
        ])
      }))
  })

  describe("no error shows a secret", () => {
    it.effect("a transport failure keeps the method, URL and body of the request, not its Authorization", () =>
      Effect.gen(function*() {
        const { error, sent } = yield* run(postComment, { drop: true })
        expect(sent[0]?.headers["authorization"]).toBe(`Bearer ${Redacted.value(token)}`)
        if (error._tag !== "RequestError") return expect.fail(`expected a RequestError, got ${error._tag}`)
        expect(error.request.method).toBe("POST")
        expect(error.request.url).toBe(`${baseUrl}/movies/189037369/comments`)
        expect(error.request.headers["x-api-version"]).toBe("2.0")
        expect(error.request.headers["authorization"]).toBeUndefined()
        expect(error.request.body._tag).toBe("Uint8Array")
      }))

    const answered = cases.flatMap((c) => [
      { name: c.name, call: c.call, reply: c.reply, auth: c.auth ?? userAuth },
      // the same answer to a call made with app credentials (Basic auth)
      { name: `${c.name} (app credentials)`, call: getUserInfo, reply: c.reply, auth: appAuth }
    ])
    const all = [
      ...answered,
      ...clientSide.map((c) => ({ ...c, reply: { body: userInfo } satisfies Reply }))
    ]

    it.effect("the secrets are what the mock sends", () =>
      Effect.sync(() => {
        expect(secrets.every((secret) => secret.length > 8)).toBe(true)
      }))

    it.effect.each(all)("$name", ({ auth, call, reply }) =>
      Effect.gen(function*() {
        const { error, sent } = yield* run(call, reply, { auth })
        expectNoSecret(error.message)
        expectNoSecret(String(error))
        expectNoSecret(Cause.pretty(Cause.fail(error)))
        expectNoSecret(JSON.stringify(error))
        const logged = yield* captureLogs(Effect.logError("call failed", error))
        expect(logged).toContain(error._tag)
        expectNoSecret(logged)
        const loggedCause = yield* captureLogs(Effect.logError(Cause.fail(error)))
        expectNoSecret(loggedCause)
        // the secret did travel (where something was sent), so the checks above are not vacuous
        for (const request of sent) {
          const authorization = request.headers["authorization"] ?? ""
          expect(authorization === `Bearer ${Redacted.value(token)}` || authorization === `Basic ${basic}`).toBe(true)
        }
      }))
  })
})

describe("every error is serialisable", () => {
  const reset = DateTime.unsafeMake(1_700_000_060_000)
  /** A case: an error and the schema it is an instance of. */
  const serialisable = <A extends { readonly _tag: string; readonly message: string }, I>(
    name: string,
    schema: Schema.Schema<A, I>,
    error: A
  ) => ({
    name,
    roundTrip: Effect.gen(function*() {
      const encoded = yield* Schema.encode(schema)(error)
      // what a worker or a log store would receive: plain JSON
      const decoded = yield* Schema.decodeUnknown(schema)(JSON.parse(JSON.stringify(encoded)))
      return { error, decoded }
    })
  })

  const errors = [
    serialisable(
      "ValidationError",
      Errors.ValidationError,
      new Errors.ValidationError({
        endpoint: "Comments.postComment",
        source: "client",
        issues: [{ field: "comment", message: "must be 1 to 140 characters" }]
      })
    ),
    serialisable(
      "AuthenticationError",
      Errors.AuthenticationError,
      new Errors.AuthenticationError({
        endpoint: "Users.verifyCredentials",
        status: 401,
        code: 1000,
        reason: "Invalid token"
      })
    ),
    serialisable(
      "RateLimitError (with a reset)",
      Errors.RateLimitError,
      new Errors.RateLimitError({ endpoint: "Users.getUserInfo", reset: Option.some(reset), sent: true })
    ),
    serialisable(
      "RateLimitError (without)",
      Errors.RateLimitError,
      new Errors.RateLimitError({ endpoint: "Users.getUserInfo", reset: Option.none(), sent: false })
    ),
    serialisable(
      "NotFoundError",
      Errors.NotFoundError,
      new Errors.NotFoundError({ endpoint: "Movies.getCurrentLive", code: 404, reason: "Not Found" })
    ),
    serialisable(
      "ApiError",
      Errors.ApiError,
      new Errors.ApiError({
        endpoint: "Comments.postComment",
        status: 403,
        code: 2001,
        reason: "Application disabled",
        details: { hint: ["x"] }
      })
    ),
    serialisable(
      "UnexpectedResponseError",
      Errors.UnexpectedResponseError,
      new Errors.UnexpectedResponseError({ endpoint: "Users.getUserInfo", status: 502, description: "empty body" })
    ),
    serialisable("SignatureError", Errors.SignatureError, new Errors.SignatureError({ reason: "mismatch" })),
    serialisable(
      "RealtimeError",
      Errors.RealtimeError,
      new Errors.RealtimeError({ reason: "closed", attempts: 5, code: 1006 })
    ),
    serialisable(
      "OAuthError",
      Errors.OAuthError,
      new Errors.OAuthError({ reason: "exchange-failed", status: 400, description: "invalid_grant" })
    )
  ]

  it.effect.each(errors)(
    "$name round-trips through Schema.encode / Schema.decode of its own schema",
    ({ roundTrip }) =>
      Effect.gen(function*() {
        const { decoded, error } = yield* roundTrip
        expect(decoded).toBeInstanceOf(error.constructor)
        expect(decoded).toEqual(error)
        expect(decoded._tag).toBe(error._tag)
        expect(decoded.message).toBe(error.message)
      })
  )

  it.effect("a RateLimitError's reset comes back as the same instant", () =>
    Effect.gen(function*() {
      const error = new Errors.RateLimitError({ endpoint: "Users.getUserInfo", reset: Option.some(reset), sent: true })
      const encoded = yield* Schema.encode(Errors.RateLimitError)(error)
      const back = yield* Schema.decodeUnknown(Errors.RateLimitError)(JSON.parse(JSON.stringify(encoded)))
      expect(Option.map(back.reset, DateTime.toEpochMillis)).toEqual(Option.some(1_700_000_060_000))
    }))
})

describe("UnexpectedResponseError is not the platform's HttpClientError.ResponseError", () => {
  it.effect("catchTag(\"UnexpectedResponseError\") lets the platform's ResponseError through", () =>
    Effect.gen(function*() {
      const request = HttpClientRequest.get(`${baseUrl}/users/182224938`)
      const platform = new HttpClientError.ResponseError({
        request,
        response: HttpClientResponse.fromWeb(request, new Response(null, { status: 502 })),
        reason: "StatusCode"
      })
      const failing: Effect.Effect<string, Errors.UnexpectedResponseError | HttpClientError.ResponseError> = Effect
        .fail(platform)
      const result = yield* failing.pipe(
        Effect.catchTag("UnexpectedResponseError", () => Effect.succeed("caught")),
        Effect.flip
      )
      expect(result).toBe(platform)
      expect(result._tag).toBe("ResponseError")
      expect(Errors.UnexpectedResponseError.prototype._tag).not.toBe(platform._tag)
    }))

  it.effect("and catchTag(\"ResponseError\") does not catch the SDK's error", () =>
    Effect.gen(function*() {
      const sdk = new Errors.UnexpectedResponseError({ endpoint: "Users.getUserInfo", status: 502, description: "x" })
      const failing: Effect.Effect<string, Errors.UnexpectedResponseError | HttpClientError.ResponseError> = Effect
        .fail(sdk)
      const result = yield* failing.pipe(
        Effect.catchTag("ResponseError", () => Effect.succeed("caught")),
        Effect.flip
      )
      expect(result).toBe(sdk)
    }))
})

describe("Errors.isCallError", () => {
  const request = HttpClientRequest.get(`${baseUrl}/users/182224938`)

  it("holds for the SDK's call errors and a transport RequestError", () => {
    const failures: ReadonlyArray<unknown> = [
      new Errors.ValidationError({ endpoint: "Users.getUserInfo", source: "client", issues: [] }),
      new Errors.AuthenticationError({ endpoint: "Users.getUserInfo", reason: "x" }),
      new Errors.RateLimitError({ endpoint: "Users.getUserInfo", reset: Option.none(), sent: true }),
      new Errors.NotFoundError({ endpoint: "Users.getUserInfo", code: 404, reason: "x" }),
      new Errors.ApiError({ endpoint: "Users.getUserInfo", status: 403, code: 2005, reason: "x" }),
      new Errors.UnexpectedResponseError({ endpoint: "Users.getUserInfo", status: 200, description: "x" }),
      new HttpClientError.RequestError({ request, reason: "Transport" })
    ]
    for (const failure of failures) expect(Errors.isCallError(failure)).toBe(true)
  })

  it("does not hold for look-alikes, other SDK errors or the platform's ResponseError", () => {
    const others: ReadonlyArray<unknown> = [
      { _tag: "ApiError", status: 403 },
      new Errors.SignatureError({ reason: "mismatch" }),
      new HttpClientError.ResponseError({
        request,
        response: HttpClientResponse.fromWeb(request, new Response(null, { status: 502 })),
        reason: "StatusCode"
      }),
      new Error("boom"),
      null
    ]
    for (const other of others) expect(Errors.isCallError(other)).toBe(false)
  })
})

describe("a transport failure says what went wrong underneath, and after how many attempts", () => {
  it.live("connection refused, after every attempt of an idempotent call", () =>
    Effect.gen(function*() {
      // a port that was just free: nothing listens on it
      const port = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          const server = createServer()
          server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as AddressInfo
            server.close(() => resolve(port))
          })
        })
      )
      const error = yield* getUserInfo.pipe(
        Effect.provide(NodeHttpClient.layerUndici),
        Effect.provide(
          Auth.layer({ credentials: Auth.userToken(token), baseUrl: `http://127.0.0.1:${port}` })
        ),
        Effect.provide(Retry.layer({ retries: 2, baseDelay: "1 millis", maxDelay: "2 millis" })),
        Effect.flip
      )
      expect(error._tag).toBe("RequestError")
      expect(error.message).toContain("connection refused (ECONNREFUSED), after 3 attempts")
      expect(error.message).not.toContain(Redacted.value(token))
    }))
})
