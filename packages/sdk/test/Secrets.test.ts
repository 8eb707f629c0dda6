/**
 * Secrets never reach logs, traces or printed errors. Every log line (in
 * four formats) and every span (name, attributes, events, links, exit) of
 * successful and failing calls, OAuth exchanges, incoming webhooks, the
 * webhook receiver and the realtime socket is captured, along with every
 * way of printing the errors, and searched for the user token, the client
 * secret, the Basic credential, the webhook signature and an issued access
 * token. Each check is made non-vacuous by asserting that the secret did
 * travel (in the request the mock recorded, the webhook payload or the
 * socket URL), and that the capture saw the call.
 */
import { HttpApp, type HttpClient, HttpClientResponse, Socket } from "@effect/platform"
import { NodeSocket } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import {
  Cause,
  Deferred,
  Effect,
  Exit,
  Fiber,
  Layer,
  Logger,
  LogLevel,
  Option,
  Redacted,
  Stream,
  TestClock
} from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { Auth, Comments, type Errors, OAuth, Realtime, Users, Webhooks } from "../src/index.js"
import { type RecordedSpan, recorder } from "./capture.js"
import * as fixtures from "./fixtures.js"
import { appAuth, authLayer, baseUrl, basic, bearer, clientSecret, mock, type Reply, token, userAuth } from "./mock.js"

const signature = "whsig-SECRET-7a6b5c4d3e2f1a0b"
const issuedToken = "issued-access-token-SECRET-9abc"
const basicCredential = basic.slice("Basic ".length)

const secrets: ReadonlyArray<readonly [string, string]> = [
  ["user token", Redacted.value(token)],
  ["client secret", Redacted.value(clientSecret)],
  ["Basic credential", basicCredential],
  ["webhook signature", signature],
  ["issued access token", issuedToken]
]

const expectNoSecret = (where: string, text: string) => {
  for (const [name, secret] of secrets) {
    expect(text.includes(secret), `${where} shows the ${name}`).toBe(false)
  }
}

/** JSON, or the reason there is none (cycles, BigInt). */
const json = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? "undefined"
  } catch (error) {
    return `(not JSON: ${String(error)})`
  }
}

/** Every way a program might print a value. */
const printed = (value: unknown): string =>
  [String(value), json(value), inspect(value, { depth: 20, showHidden: true }), inspect(value, { depth: 20 })].join(
    "\n"
  )

/** Every way a program might print an error or a cause. */
const printedError = (error: unknown): string =>
  [
    printed(error),
    error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : "",
    Cause.pretty(Cause.fail(error)),
    Cause.pretty(Cause.die(error)),
    json(Cause.fail(error)),
    inspect(Cause.fail(error), { depth: 20 })
  ].join("\n")

const isResponse = (value: unknown): value is HttpClientResponse.HttpClientResponse =>
  typeof value === "object" && value !== null && HttpClientResponse.TypeId in value

/**
 * An exit as a tracer would record it. An HTTP response (the value of the
 * HTTP client's own span) is shown by status and headers: printing it in
 * full would read its body, which the caller still has to read.
 */
const printedExit = (exit: Exit.Exit<unknown, unknown>): string =>
  Exit.isFailure(exit)
    ? [Cause.pretty(exit.cause), inspect(exit.cause, { depth: 20 }), json(exit.cause)].join("\n")
    : isResponse(exit.value)
    ? `response ${exit.value.status} ${json(exit.value.headers)}`
    : printed(exit.value)

/**
 * The shared span recorder and a logger keeping everything they are given:
 * each span's name, kind, attributes (given at start and added later),
 * events, links and exit; each log line as string, logfmt, JSON and
 * structured output.
 */
const capture = () => {
  const logs: Array<string> = []
  const { spans, tracer } = recorder()
  const logger = Logger.make((options) => {
    logs.push(Logger.stringLogger.log(options))
    logs.push(Logger.logfmtLogger.log(options))
    logs.push(Logger.jsonLogger.log(options))
    logs.push(json(Logger.structuredLogger.log(options)))
  })
  /** Runs `effect` with every log and span captured. */
  const observe = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.withTracer(tracer),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.All)
    )
  const spanNames = () => spans.map((span) => span.name)
  // every attribute ever given (an overwritten one too), event, link and exit
  const spanText = (span: RecordedSpan) => [
    `span ${span.name} (${span.kind})`,
    ...span.links.map((link) => `link ${printed(link.attributes)}`),
    ...span.given.map(([key, value]) => `attribute ${key} = ${printed(value)}`),
    ...span.events.map((event) => `event ${event.name} ${printed(event.attributes)}`),
    ...Option.toArray(Option.map(span.exit, (exit) => `exit ${printedExit(exit)}`))
  ]
  const everything = () => [...logs, ...spans.flatMap(spanText)].join("\n")
  return { observe, logs, spans, spanNames, everything }
}

/**
 * Logs and annotates the outcome of `effect` every way a program might:
 * the error itself, a message with the error, the cause, and span
 * annotations holding the error or the value.
 */
const logOutcome = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.tapBoth({
      onFailure: (error) =>
        Effect.all([
          Effect.logError(error),
          Effect.logError("call failed", error),
          Effect.logWarning(json(error)),
          Effect.annotateCurrentSpan("test.error", error),
          Effect.annotateCurrentSpan({ "test.error.message": String(error), "test.error.json": json(error) })
        ]),
      onSuccess: (value) =>
        Effect.all([
          Effect.log("call succeeded", value),
          Effect.logDebug(value),
          Effect.annotateCurrentSpan("test.value", value)
        ])
    }),
    Effect.tapErrorCause((cause) => Effect.logError(cause)),
    Effect.onExit((exit) => Effect.logInfo("exit", exit)),
    Effect.withSpan("test.outcome")
  )

/** Moves the test clock on, a minute at a time, until `fiber` is done; its exit. */
const settle = <A, E>(fiber: Fiber.RuntimeFiber<A, E>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 60; i++) {
      if (Option.isSome(yield* Fiber.poll(fiber))) break
      yield* TestClock.adjust("1 minute")
    }
    return yield* Fiber.join(fiber)
  })

const userInfo = { user: fixtures.user, supporter_count: 1, supporting_count: 1 }
const posted = { movie_id: "189037369", all_count: 1, comment: fixtures.comment }
const htmlPage = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

interface CallCase {
  readonly name: string
  readonly call: Call
  readonly endpoint: string
  readonly reply: Reply
  readonly auth: "user" | "app"
  /** The tag it fails with, or undefined when it succeeds. */
  readonly fails?: Errors.CallError["_tag"]
}

const getUserInfo = Users.getUserInfo({ screenId: "twitcasting_jp" })
const postComment = Comments.postComment({ movieId: "189037369", comment: "モイ！" })
const slow = 10 * 60 * 1000

const callCases: ReadonlyArray<CallCase> = [
  ...(["user", "app"] as const).flatMap((a): ReadonlyArray<CallCase> => {
    const kind = a === "user" ? "Bearer" : "Basic"
    return [
      { name: `200 (${kind})`, call: getUserInfo, endpoint: "Users.getUserInfo", reply: { body: userInfo }, auth: a },
      {
        name: `401 with an API error (${kind})`,
        call: getUserInfo,
        endpoint: "Users.getUserInfo",
        reply: { status: 401, body: fixtures.errorBody(1000, "Invalid token") },
        auth: a,
        fails: "AuthenticationError"
      },
      {
        name: `401 without a body (${kind})`,
        call: getUserInfo,
        endpoint: "Users.getUserInfo",
        reply: { status: 401 },
        auth: a,
        fails: "AuthenticationError"
      },
      {
        name: `500 with an API error, retried (${kind})`,
        call: getUserInfo,
        endpoint: "Users.getUserInfo",
        reply: { status: 500, body: fixtures.errorBody(500, "Internal Server Error") },
        auth: a,
        fails: "ApiError"
      },
      {
        name: `502 with an HTML page, retried (${kind})`,
        call: getUserInfo,
        endpoint: "Users.getUserInfo",
        reply: { status: 502, body: htmlPage, headers: { "content-type": "text/html" } },
        auth: a,
        fails: "UnexpectedResponseError"
      },
      {
        name: `403 rate limit (${kind})`,
        call: getUserInfo,
        endpoint: "Users.getUserInfo",
        reply: { status: 403, body: fixtures.errorBody(2000, "Execution Count Limitation"), remaining: 0 },
        auth: a,
        fails: "RateLimitError"
      },
      {
        name: `200 that is not JSON (${kind})`,
        call: getUserInfo,
        endpoint: "Users.getUserInfo",
        reply: { body: htmlPage },
        auth: a,
        fails: "UnexpectedResponseError"
      },
      {
        name: `a dropped connection, retried (${kind})`,
        call: getUserInfo,
        endpoint: "Users.getUserInfo",
        reply: { drop: true },
        auth: a,
        fails: "RequestError"
      },
      {
        name: `a timeout on the test clock, retried (${kind})`,
        call: getUserInfo,
        endpoint: "Users.getUserInfo",
        reply: { body: userInfo, delayMillis: slow },
        auth: a,
        fails: "RequestError"
      }
    ]
  }),
  ...[
    {
      name: "a comment posted (Bearer)",
      call: postComment,
      endpoint: "Comments.postComment",
      reply: { body: posted },
      auth: "user"
    },
    {
      name: "a comment whose connection drops (Bearer, body kept in the error)",
      call: postComment,
      endpoint: "Comments.postComment",
      reply: { drop: true },
      auth: "user",
      fails: "RequestError"
    },
    {
      name: "a comment that times out on the test clock (Bearer)",
      call: postComment,
      endpoint: "Comments.postComment",
      reply: { body: posted, delayMillis: slow },
      auth: "user",
      fails: "RequestError"
    }
  ] satisfies ReadonlyArray<CallCase>
]

describe("API calls: no secret in logs, spans or printed errors", () => {
  it.effect.each(callCases)("$name", ({ auth, call, endpoint, fails, reply }) =>
    Effect.gen(function*() {
      const seen = capture()
      const api = mock(() => reply)
      const fiber = yield* logOutcome(call).pipe(
        Effect.provide(api.client),
        Effect.provide(auth === "user" ? userAuth : appAuth),
        Effect.exit,
        seen.observe,
        Effect.fork
      )
      const exit = yield* settle(fiber)

      // the secret did travel, in every request sent
      expect(api.sent.length).toBeGreaterThan(0)
      for (const request of api.sent) {
        expect(request.headers["authorization"]).toBe(auth === "user" ? bearer : basic)
      }
      // and the capture saw the call and its outcome
      expect(seen.spanNames()).toContain(endpoint)
      expect(seen.spanNames()).toContain("test.outcome")
      const everything = seen.everything()
      if (fails === undefined) {
        expect(Exit.isSuccess(exit)).toBe(true)
        expect(everything).toContain("call succeeded")
      } else {
        expect(Exit.isFailure(exit)).toBe(true)
        expect(everything).toContain(fails)
        expect(everything).toContain("call failed")
      }
      // the call's span records the status of an answer (a drop or a timeout has none)
      if (!("drop" in reply) && reply.delayMillis === undefined) {
        expect(everything).toContain("http.response.status_code")
      }
      expectNoSecret("logs and spans", everything)
      expectNoSecret("the exit", printedExit(exit))
      if (Exit.isFailure(exit)) {
        const error = Cause.failureOption(exit.cause)
        expect(Option.isSome(error)).toBe(true)
        if (Option.isSome(error)) {
          expect(error.value._tag).toBe(fails)
          expectNoSecret("the printed error", printedError(error.value))
        }
      }
    }))

  it.effect("a retried call's span events and annotations show no secret (rate limit wait included)", () =>
    Effect.gen(function*() {
      const seen = capture()
      // exhausted budget first, then success: the client waits (annotating the wait), then sends again
      const api = mock((_, index) => index === 0 ? { body: userInfo, remaining: 0, resetIn: 5 } : { body: userInfo })
      const fiber = yield* Effect.all([logOutcome(getUserInfo), logOutcome(getUserInfo)]).pipe(
        Effect.provide(api.client),
        Effect.provide(appAuth),
        Effect.exit,
        seen.observe,
        Effect.fork
      )
      const exit = yield* settle(fiber)
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(api.sent.map((request) => request.headers["authorization"])).toEqual([basic, basic])
      expect(seen.everything()).toContain("twitcasting.rate_limit.wait_ms")
      expectNoSecret("logs and spans", seen.everything())
    }))
})

describe("OAuth.exchangeCode: no client secret or issued token in logs, spans or errors", () => {
  const exchange = OAuth.exchangeCode({
    code: "authorization-code-1",
    clientId: "182224938.app",
    clientSecret,
    redirectUri: "https://example.com/callback",
    baseUrl
  })
  const tokenBody = { token_type: "bearer", expires_in: 15552000, access_token: issuedToken }

  it.effect.each([
    { name: "200 with a token", reply: { body: tokenBody } satisfies Reply, fails: undefined },
    {
      name: "400 whose message echoes the client secret",
      reply: {
        status: 400,
        body: { error: "invalid_client", error_description: `bad secret ${Redacted.value(clientSecret)}` }
      } satisfies Reply,
      fails: "OAuthError"
    },
    {
      name: "500 with an HTML page",
      reply: { status: 500, body: htmlPage, headers: { "content-type": "text/html" } } satisfies Reply,
      fails: "OAuthError"
    },
    {
      name: "200 that is not a token",
      reply: { body: { access_token: 42 } } satisfies Reply,
      fails: "OAuthError"
    },
    { name: "a dropped connection", reply: { drop: true } satisfies Reply, fails: "RequestError" }
  ])("$name", ({ fails, reply }) =>
    Effect.gen(function*() {
      const seen = capture()
      const api = mock(() => reply)
      const exit = yield* logOutcome(exchange).pipe(Effect.provide(api.client), Effect.exit, seen.observe)
      // the secret did travel, in the form
      expect(api.sent).toHaveLength(1)
      expect(api.sent[0]?.text).toContain(`client_secret=${Redacted.value(clientSecret)}`)
      expect(seen.spanNames()).toContain("OAuth.exchangeCode")
      const everything = seen.everything()
      if (fails === undefined) {
        expect(Exit.isSuccess(exit)).toBe(true)
        if (Exit.isSuccess(exit)) expect(Redacted.value(exit.value.token)).toBe(issuedToken)
      } else {
        expect(everything).toContain(fails)
        const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
        expect(Option.map(error, (error) => error._tag)).toEqual(Option.some(fails))
        if (Option.isSome(error)) expectNoSecret("the printed error", printedError(error.value))
      }
      expectNoSecret("logs and spans", everything)
      expectNoSecret("the exit", printedExit(exit))
    }))
})

const webhookAuth = authLayer({
  credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }),
  webhookSignature: Redacted.make(signature),
  baseUrl
})

const notification = (overrides: Record<string, unknown> = {}) => ({
  signature,
  movie: fixtures.movie,
  broadcaster: fixtures.user,
  ...overrides
})

describe("incoming webhooks: no signature in logs, spans or errors", () => {
  const payloads: ReadonlyArray<
    { readonly name: string; readonly payload: unknown; readonly carries: boolean; readonly fails?: string }
  > = [
    { name: "a genuine notification", payload: notification(), carries: true },
    { name: "a genuine notification as raw text", payload: JSON.stringify(notification()), carries: true },
    {
      name: "the real signature with a suffix",
      payload: notification({ signature: `${signature}x` }),
      carries: true,
      fails: "SignatureError"
    },
    {
      name: "the real signature with a prefix",
      payload: notification({ signature: `x${signature}` }),
      carries: true,
      fails: "SignatureError"
    },
    {
      name: "a forged signature",
      payload: notification({ signature: "forged" }),
      carries: false,
      fails: "SignatureError"
    },
    { name: "no signature", payload: notification({ signature: undefined }), carries: false, fails: "SignatureError" },
    {
      name: "a signature that is a number",
      payload: notification({ signature: 12345 }),
      carries: false,
      fails: "SignatureError"
    },
    {
      name: "the real signature, a movie of the wrong shape",
      payload: notification({ movie: { id: 1 } }),
      carries: true,
      fails: "ValidationError"
    },
    {
      name: "the real signature, a broadcaster that is a string",
      payload: notification({ broadcaster: "twitcasting_jp" }),
      carries: true,
      fails: "ValidationError"
    },
    {
      name: "the real signature in truncated JSON text",
      payload: JSON.stringify(notification()).slice(0, 80),
      carries: true,
      fails: "ValidationError"
    },
    {
      name: "the real signature in a JSON array",
      payload: [notification()],
      carries: true,
      fails: "SignatureError"
    }
  ]

  it.effect.each(payloads)("$name", ({ carries, fails, payload }) =>
    Effect.gen(function*() {
      // the signature did travel, in the payload, wherever it was the real one (or contained it)
      const text = typeof payload === "string" ? payload : JSON.stringify(payload)
      expect(text.includes(signature)).toBe(carries)
      const seen = capture()
      const exit = yield* logOutcome(Webhooks.incomingWebhook(payload)).pipe(
        Effect.provide(webhookAuth),
        Effect.exit,
        seen.observe
      )
      expect(seen.spanNames()).toContain("Webhooks.incomingWebhook")
      const everything = seen.everything()
      if (fails === undefined) {
        expect(Exit.isSuccess(exit)).toBe(true)
        if (Exit.isSuccess(exit)) expectNoSecret("the printed webhook", printed(exit.value))
      } else {
        const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
        expect(Option.map(error, (error) => error._tag)).toEqual(Option.some(fails))
        if (Option.isSome(error)) expectNoSecret("the printed error", printedError(error.value))
        expect(everything).toContain(fails)
      }
      expectNoSecret("logs and spans", everything)
      expectNoSecret("the exit", printedExit(exit))
    }))

  it.effect("unverified ({ verify: false }): a broken payload's issues do not quote the signature", () =>
    Effect.gen(function*() {
      const seen = capture()
      const exit = yield* logOutcome(Webhooks.incomingWebhook(notification({ movie: null }), { verify: false })).pipe(
        Effect.provide(webhookAuth),
        Effect.exit,
        seen.observe
      )
      const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      expect(Option.map(error, (error) => error._tag)).toEqual(Option.some("ValidationError"))
      if (Option.isSome(error)) expectNoSecret("the printed error", printedError(error.value))
      expectNoSecret("logs and spans", seen.everything())
    }))
})

describe("Webhooks.receiver: forged and genuine requests leave no signature in logs, spans or answers", () => {
  it.effect("every answer, log line and span", () =>
    Effect.gen(function*() {
      const seen = capture()
      const handled: Array<string> = []
      const done = yield* Deferred.make<void>()
      const answers: Array<{ readonly status: number; readonly text: string }> = []
      yield* Effect.scoped(Effect.gen(function*() {
        const app = yield* Webhooks.receiver((event) =>
          Effect.gen(function*() {
            if (event._tag !== "LiveStart" && event._tag !== "LiveEnd") return
            handled.push(`${event._tag}:${event.movie.id}`)
            yield* Effect.log("received", event)
            if (event.movie.id === "sentinel") return yield* Deferred.succeed(done, undefined)
            // a failing handler: the receiver logs its cause
            if (event._tag === "LiveEnd") return yield* Effect.fail({ failed: event })
          })
        )
        // the runtime of this fiber: the request handling runs with the captured logger and tracer
        const runtime = yield* Effect.runtime<never>()
        const handle = HttpApp.toWebHandlerRuntime(runtime)(app)
        const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
          Effect.promise(async () => {
            const response = await handle(new Request("http://127.0.0.1/hook", { method: "POST", headers, body }))
            answers.push({ status: response.status, text: await response.text() })
          })
        const requests: ReadonlyArray<readonly [unknown, number]> = [
          [notification(), 200],
          [notification(), 200], // a replay
          [notification({ movie: { ...fixtures.movie, is_live: false } }), 200],
          [notification({ signature: `${signature}x` }), 401],
          [notification({ signature: `x${signature}` }), 401],
          [notification({ signature: signature.slice(0, -1) }), 401],
          [notification({ signature: "forged" }), 401],
          [notification({ signature: undefined }), 401],
          [notification({ movie: { id: 1 } }), 400],
          [notification({ broadcaster: null }), 400]
        ]
        for (const [body, status] of requests) {
          yield* post(JSON.stringify(body))
          expect(answers.at(-1)?.status).toBe(status)
        }
        yield* post(JSON.stringify(notification()).slice(0, 90))
        expect(answers.at(-1)?.status).toBe(400)
        yield* post(JSON.stringify(notification()), { "content-type": "text/plain" })
        expect(answers.at(-1)?.status).toBe(415)
        yield* post(JSON.stringify(notification({ movie: { ...fixtures.movie, id: "sentinel" } })))
        expect(answers.at(-1)?.status).toBe(200)
        yield* Deferred.await(done)
      })).pipe(Effect.provide(webhookAuth), seen.observe)

      expect(handled).toEqual([`LiveStart:${fixtures.movie.id}`, `LiveEnd:${fixtures.movie.id}`, "LiveStart:sentinel"])
      const everything = seen.everything()
      expect(seen.spanNames()).toContain("Webhooks.receiver")
      expect(seen.spanNames()).toContain("Webhooks.receiver.handler")
      expect(everything).toContain("the handler failed")
      expectNoSecret("logs and spans", everything)
      expect(answers).toHaveLength(13)
      for (const answer of answers) expectNoSecret(`the ${answer.status} answer`, answer.text)
    }))
})

describe("Realtime.lives: the credentials sent to the socket stay out of logs, spans and errors", () => {
  /** What each socket was opened with (the constructor's second argument); every socket goes to `target` instead. */
  const sockets = (target: string) => {
    const inits: Array<unknown> = []
    const layer = Layer.effect(
      Socket.WebSocketConstructor,
      Effect.map(Socket.WebSocketConstructor, (make) => (_url: string, init?: unknown) => {
        inits.push(init)
        return make(target)
      })
    ).pipe(Layer.provide(NodeSocket.layerWebSocketConstructor))
    return { inits, layer }
  }

  const run = (target: string) =>
    Effect.gen(function*() {
      const seen = capture()
      const socket = sockets(target)
      const exit = yield* logOutcome(
        Realtime.lives({ attempts: 2, baseDelay: "1 millis", maxDelay: "5 millis", openTimeout: "5 seconds" }).pipe(
          Stream.runDrain
        )
      ).pipe(Effect.provide(socket.layer), Effect.provide(appAuth), Effect.exit, seen.observe)
      // the secret did travel, in the Authorization header of every socket's opening request
      // `attempts: 2` gives up after two failed connections
      expect(socket.inits).toEqual([0, 1].map(() => ({ headers: { authorization: `Basic ${basicCredential}` } })))
      expect(seen.spanNames()).toContain("Realtime.lives")
      const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      expect(Option.map(error, (error) => error._tag)).toEqual(Option.some("RealtimeError"))
      if (Option.isSome(error)) expectNoSecret("the printed error", printedError(error.value))
      expect(seen.everything()).toContain("RealtimeError")
      expectNoSecret("logs and spans", seen.everything())
      expectNoSecret("the exit", printedExit(exit))
    })

  it.live("a refused connection", () =>
    Effect.gen(function*() {
      // a port that was just free: nothing listens there
      const port = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          const server = createServer().listen(0, "127.0.0.1", () => {
            const { port } = server.address() as AddressInfo
            server.close(() => resolve(port))
          })
        })
      )
      yield* run(`ws://127.0.0.1:${port}/lives`)
    }))

  it.live("a handshake refused with 401", () =>
    Effect.acquireUseRelease(
      Effect.promise(() =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer((_, response) => response.writeHead(401).end())
          server.on("upgrade", (_, socket) => socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"))
          server.listen(0, "127.0.0.1", () => resolve(server))
        })
      ),
      (server) => run(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/lives`),
      (server) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
    ))
})

describe("the secrets are what was sent", () => {
  it("each secret is long and distinct, so a search for it means something", () => {
    const values = secrets.map(([, secret]) => secret)
    expect(new Set(values).size).toBe(values.length)
    for (const secret of values) expect(secret.length).toBeGreaterThanOrEqual(16)
    expect(Buffer.from(basicCredential, "base64").toString()).toBe(`182224938.app:${Redacted.value(clientSecret)}`)
  })

  it("a leak would be caught: the capture sees what a careless program logs", async () => {
    const seen = capture()
    await Effect.runPromise(
      Effect.gen(function*() {
        yield* Effect.logError("careless", Redacted.value(token))
        yield* Effect.annotateCurrentSpan("careless", basic)
      }).pipe(Effect.withSpan("careless"), seen.observe)
    )
    expect(seen.everything()).toContain(Redacted.value(token))
    expect(seen.everything()).toContain(basicCredential)
    expect(() => expectNoSecret("careless", seen.everything())).toThrow(/shows the user token/)
  })
})
