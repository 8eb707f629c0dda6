/**
 * Runs an endpoint declaration as an HTTP call: validation, credentials,
 * headers, the rate-limit budget, retries, and the mapping of answers to
 * models or typed errors.
 *
 * @internal
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Auth } from "../Auth.js"
import * as Endpoint from "../Endpoint.js"
import {
  ApiError,
  AuthenticationError,
  type CallError,
  type Issue,
  NotFoundError,
  RateLimitError,
  ResponseError,
  ValidationError
} from "../Errors.js"
import * as RateLimit from "../RateLimit.js"
import { Retry, type Settings } from "../Retry.js"
import { readAtMost, TooLarge } from "./body.js"
import { issuesOf as formatIssues } from "./issues.js"
import { userAgent } from "./version.js"

const ErrorBody = Schema.parseJson(Schema.Struct({
  error: Schema.Struct({ code: Schema.Number, message: Schema.String, details: Schema.optional(Schema.Unknown) })
}))
const decodeErrorBody = Schema.decodeUnknownOption(ErrorBody)

const Details = Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) })
const decodeDetails = Schema.decodeUnknownOption(Details)

const redirects = 3

/**
 * Derives the traced call of an endpoint declaration.
 */
export const call = <E extends Endpoint.Any>(endpoint: E): Endpoint.Call<E> => {
  const decode: (wire: unknown) => Effect.Effect<Endpoint.Success<E>, ParseResult.ParseError> = Schema.decodeUnknown(
    endpoint.response === "image" ? endpoint.success : Schema.parseJson(endpoint.success)
  )
  const run = (input: unknown) =>
    Effect.gen(function*() {
      const auth = yield* Auth
      const settings = yield* Retry
      const http = yield* HttpClient.HttpClient
      yield* checkCredentials(endpoint, auth.credentials)
      const parts = yield* Endpoint.encodeRequest(endpoint, input).pipe(
        Effect.mapError((issues) => new ValidationError({ endpoint: endpoint.name, source: "client", issues }))
      )
      const request = toRequest(endpoint, auth, parts)
      // the call's own span (Effect.fn) describes the request; the HTTP
      // client's span would record the raw request, Authorization included,
      // and its propagation headers mean nothing to the API
      const untraced = HttpClient.withTracerDisabledWhen(http, () => true)
      const client = endpoint.response === "image" ? HttpClient.followRedirects(untraced, redirects) : untraced
      const once = client.execute(request).pipe(
        Effect.flatMap((response) =>
          Effect.zipRight(
            Effect.zipRight(
              Effect.annotateCurrentSpan("http.response.status_code", response.status),
              remember(auth, response)
            ),
            read(endpoint, decode, response)
          )
        ),
        Effect.mapError((error) => error instanceof HttpClientError.ResponseError ? lostBody(error) : error),
        Effect.timeoutFail({
          duration: settings.timeout,
          onTimeout: () =>
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              description: `no complete answer within ${Duration.format(settings.timeout)}`
            })
        }),
        Effect.mapError((error) => error._tag === "RequestError" ? withoutCredentials(error) : error)
      )
      const reply = yield* withRetries(endpoint, auth, settings, once)
      return { ...reply.body, rateLimit: reply.rateLimit }
    })
  return Effect.fn(endpoint.name)(function*(...args: Endpoint.Args<E>) {
    yield* Effect.annotateCurrentSpan({ "http.request.method": endpoint.method, "http.route": endpoint.path })
    return yield* run(args[0])
  })
}

const checkCredentials = (
  endpoint: Endpoint.Any,
  credentials: Auth["Type"]["credentials"]
): Effect.Effect<void, AuthenticationError> => {
  if (endpoint.auth === "user" && credentials._tag !== "UserToken") {
    return new AuthenticationError({
      endpoint: endpoint.name,
      reason: "needs a user access token, but Auth holds app credentials"
    })
  }
  if (endpoint.auth === "app" && credentials._tag !== "AppCredentials") {
    return new AuthenticationError({
      endpoint: endpoint.name,
      reason: "needs app credentials (client id and secret), but Auth holds a user access token"
    })
  }
  return Effect.void
}

const toRequest = (
  endpoint: Endpoint.Any,
  auth: Auth["Type"],
  parts: Endpoint.Request
): HttpClientRequest.HttpClientRequest => {
  const request = HttpClientRequest.make(endpoint.method)(
    auth.baseUrl + Endpoint.fillPath(endpoint.path, parts.params),
    {
      urlParams: parts.query,
      headers: { "x-api-version": "2.0", "accept": "application/json", "user-agent": userAgent }
    }
  )
  const withBody = parts.body === undefined ? request : HttpClientRequest.bodyUnsafeJson(request, parts.body)
  if (endpoint.auth === "none") return withBody
  const credentials = auth.credentials
  return credentials._tag === "UserToken"
    ? HttpClientRequest.bearerToken(withBody, credentials.token)
    : HttpClientRequest.basicAuth(withBody, credentials.clientId, credentials.clientSecret)
}

/** Records the rate-limit headers of an answer as the token's latest state. */
const remember = (auth: Auth["Type"], response: HttpClientResponse.HttpClientResponse) =>
  Option.match(RateLimit.fromHeaders(response.headers), {
    onNone: () => Effect.void,
    onSome: (rateLimit) => Ref.set(auth.rateLimit, Option.some(rateLimit))
  })

/** A body that broke off while being read is a transport failure. */
const lostBody = (error: HttpClientError.ResponseError) =>
  new HttpClientError.RequestError({
    request: error.request,
    reason: "Transport",
    cause: error.cause,
    description: `the response body could not be read (${error.reason})`
  })

/**
 * The same transport failure, holding a copy of the request without its
 * `Authorization` header, so that no way of printing the error (including
 * `JSON.stringify` outside a fiber) can show the token or client secret.
 */
const withoutCredentials = (error: HttpClientError.RequestError) =>
  new HttpClientError.RequestError({
    request: HttpClientRequest.make(error.request.method)(error.request.url, {
      urlParams: error.request.urlParams,
      headers: Headers.remove(error.request.headers, "authorization"),
      body: error.request.body
    }),
    reason: error.reason,
    cause: error.cause,
    ...(error.description === undefined ? {} : { description: error.description })
  })

interface Reply<A> {
  readonly body: A
  readonly rateLimit: Option.Option<RateLimit.RateLimit>
}

/**
 * The most a body may weigh: the largest real answer (50 comments with
 * their users) is far below 1 MiB, a thumbnail a few hundred KiB. A larger
 * body is refused without being read further, so a broken or hostile
 * server cannot make a call hold unbounded memory.
 */
const maxBody = { json: 2 * 1024 * 1024, image: 16 * 1024 * 1024, error: 64 * 1024 } as const

const tooLarge = (endpoint: Endpoint.Any, response: HttpClientResponse.HttpClientResponse, max: number) =>
  new ResponseError({ endpoint: endpoint.name, status: response.status, description: `body larger than ${max} bytes` })

/** The body's bytes, at most `max` of them. */
const bytes = (
  endpoint: Endpoint.Any,
  response: HttpClientResponse.HttpClientResponse,
  max: number
): Effect.Effect<Uint8Array, ResponseError | HttpClientError.ResponseError> => {
  const length = response.headers["content-length"]
  const declared = length === undefined ? NaN : Number(length)
  if (declared > max) return Effect.fail(tooLarge(endpoint, response, max))
  return readAtMost(
    // no body at all reads as an empty one
    Stream.catchAll(response.stream, (error) => error.reason === "EmptyBody" ? Stream.empty : Stream.fail(error)),
    max
  ).pipe(Effect.catchIf((error) => error instanceof TooLarge, () => Effect.fail(tooLarge(endpoint, response, max))))
}

const decoder = new TextDecoder()

const text = (endpoint: Endpoint.Any, response: HttpClientResponse.HttpClientResponse, max: number) =>
  Effect.map(bytes(endpoint, response, max), (body) => decoder.decode(body))

/** The wire value of a successful answer: JSON text, or image bytes. */
const wire = (
  endpoint: Endpoint.Any,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<unknown, ResponseError | HttpClientError.ResponseError> =>
  endpoint.response === "image"
    ? Effect.map(bytes(endpoint, response, maxBody.image), (body) => ({
      contentType: response.headers["content-type"] ?? "application/octet-stream",
      bytes: body
    }))
    : text(endpoint, response, maxBody.json)

const read = <A>(
  endpoint: Endpoint.Any,
  decode: (wire: unknown) => Effect.Effect<A, ParseResult.ParseError>,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<Reply<A>, CallError | HttpClientError.ResponseError> => {
  if (response.status < 200 || response.status >= 300) {
    return Effect.flatMap(
      text(endpoint, response, maxBody.error),
      (body) => Effect.fail(toError(endpoint, response, body))
    )
  }
  return Effect.flatMap(wire(endpoint, response), (value) =>
    decode(value).pipe(
      Effect.map((body) => ({ body, rateLimit: RateLimit.fromHeaders(response.headers) })),
      Effect.mapError((error) =>
        new ResponseError({
          endpoint: endpoint.name,
          status: response.status,
          description: describe(error, typeof value === "string" ? value : undefined)
        })
      )
    ))
}

const describe = (error: ParseResult.ParseError, text: string | undefined): string => {
  if (text !== undefined && text.trim() === "") return "empty body"
  const issues = formatIssues(error, "the body is not the documented shape")
  const summary = issues.slice(0, 3).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  ).join("; ")
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ""
  return (summary.length > 300 ? `${summary.slice(0, 300)}…` : summary) + more
}

const toError = (
  endpoint: Endpoint.Any,
  response: HttpClientResponse.HttpClientResponse,
  text: string
): CallError => {
  const status = response.status
  const body = Option.map(decodeErrorBody(text), (body) => body.error)
  const code = Option.getOrUndefined(Option.map(body, (error) => error.code))
  const reason = Option.match(body, { onNone: () => `HTTP ${status}`, onSome: (error) => error.message })
  if (code === 2000 || status === 429) {
    return new RateLimitError({
      endpoint: endpoint.name,
      reset: Option.map(RateLimit.fromHeaders(response.headers), (rateLimit) => rateLimit.reset),
      sent: true
    })
  }
  if (code === 1000 || status === 401) {
    return new AuthenticationError({ endpoint: endpoint.name, status, ...(code === undefined ? {} : { code }), reason })
  }
  if (code === 1001) {
    const details = Option.flatMap(body, (error) => decodeDetails(error.details))
    const issues: ReadonlyArray<Issue> = Option.match(details, {
      onNone: () => [{ field: "", message: reason }],
      onSome: (details) =>
        Object.entries(details).flatMap(([field, reasons]) => reasons.map((message) => ({ field, message })))
    })
    return new ValidationError({ endpoint: endpoint.name, source: "api", issues })
  }
  if (status === 404) {
    return new NotFoundError({ endpoint: endpoint.name, code: code ?? 404, reason })
  }
  return Option.match(body, {
    onNone: () =>
      new ResponseError({
        endpoint: endpoint.name,
        status,
        description: text.trim() === ""
          ? "error status with an empty body"
          : "error status with a body that is not an API error"
      }),
    onSome: (error) =>
      new ApiError({
        endpoint: endpoint.name,
        status,
        code: error.code,
        reason: error.message,
        ...(error.details === undefined ? {} : { details: error.details })
      })
  })
}

const isTransient = (error: CallError): boolean => {
  switch (error._tag) {
    case "RequestError":
      return error.reason === "Transport"
    case "ApiError":
    case "ResponseError":
      return error.status >= 500
    default:
      return false
  }
}

/** A delay of `millis` plus a random extra of up to `jitter`. */
const withJitter = (millis: number, jitter: Duration.Duration) =>
  Effect.map(Random.next, (r) => Duration.millis(Math.max(0, millis) + Math.floor(r * Duration.toMillis(jitter))))

/** Exponential backoff: the upper half of `base * 2^attempt`, at most `max`. */
const backoff = (settings: Settings, attempt: number) => {
  const ceiling = Math.min(Duration.toMillis(settings.maxDelay), Duration.toMillis(settings.baseDelay) * 2 ** attempt)
  return withJitter(ceiling / 2, Duration.millis(ceiling / 2))
}

/** How long until the window of `reset` opens again, jitter included. */
const untilReset = (reset: DateTime.Utc, settings: Settings) =>
  Effect.flatMap(
    Clock.currentTimeMillis,
    (now) => withJitter(DateTime.toEpochMillis(reset) - now, settings.rateLimitJitter)
  )

/** Waits before sending when the token's last answer said its budget is spent. */
const awaitBudget = (endpoint: Endpoint.Any, auth: Auth["Type"], settings: Settings) =>
  Effect.gen(function*() {
    const state = yield* Ref.get(auth.rateLimit)
    if (Option.isNone(state) || !RateLimit.isExhausted(state.value)) return
    const now = yield* Clock.currentTimeMillis
    if (DateTime.toEpochMillis(state.value.reset) <= now) return
    const wait = yield* untilReset(state.value.reset, settings)
    if (Duration.greaterThan(wait, settings.maxRateLimitWait)) {
      return yield* new RateLimitError({ endpoint: endpoint.name, reset: Option.some(state.value.reset), sent: false })
    }
    yield* Effect.annotateCurrentSpan("twitcasting.rate_limit.wait_ms", Duration.toMillis(wait))
    yield* Effect.sleep(wait)
  })

const withRetries = <A>(
  endpoint: Endpoint.Any,
  auth: Auth["Type"],
  settings: Settings,
  once: Effect.Effect<Reply<A>, CallError>
): Effect.Effect<Reply<A>, CallError> => {
  const attempt = (transient: number, limited: number): Effect.Effect<Reply<A>, CallError> =>
    awaitBudget(endpoint, auth, settings).pipe(
      Effect.zipRight(once),
      Effect.catchAll((error) => {
        if (error._tag === "RateLimitError" && error.sent && limited < settings.rateLimitRetries) {
          return Option.match(error.reset, {
            onNone: () => backoff(settings, limited),
            onSome: (reset) => untilReset(reset, settings)
          }).pipe(Effect.flatMap((wait) =>
            Duration.greaterThan(wait, settings.maxRateLimitWait)
              ? Effect.fail(error)
              : Effect.sleep(wait).pipe(Effect.zipRight(attempt(transient, limited + 1)))
          ))
        }
        if (endpoint.idempotent && transient < settings.retries && isTransient(error)) {
          return backoff(settings, transient).pipe(
            Effect.flatMap(Effect.sleep),
            Effect.zipRight(attempt(transient + 1, limited))
          )
        }
        return Effect.fail(error)
      })
    )
  return attempt(0, 0)
}
