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
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
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
import { within } from "./deadline.js"
import { issuesOf as formatIssues } from "./issues.js"
import { memoize } from "./memo.js"
import { userAgent } from "./version.js"
import { wholeNumber } from "./wire.js"

const ErrorBody = Schema.parseJson(Schema.Struct({
  error: Schema.Struct({ code: Schema.Number, message: Schema.String, details: Schema.optional(Schema.Unknown) })
}))
const decodeErrorBody = Schema.decodeUnknownOption(ErrorBody)

const Details = Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) })
const decodeDetails = Schema.decodeUnknownOption(Details)

const redirects = 3

/** The headers every request carries, credentials aside. */
const baseHeaders = { "x-api-version": "2.0", "accept": "application/json", "user-agent": userAgent }

/**
 * Derives the traced call of an endpoint declaration.
 *
 * **Details**
 *
 * Each call gets a span named after it (`Users.getUserInfo`), with the
 * method, route and response status. It is made with `Effect.useSpan`
 * rather than `Effect.fn`, which takes a stack trace of every call site (a
 * `new Error()` per call), and it is passed to where it is annotated
 * rather than provided as context. The HTTP client's own span is off (see
 * `deadline.ts`).
 *
 * Everything a call does besides waiting for the server is on the path of
 * every request, so it is kept to what it must do: the input is encoded and
 * the answer decoded synchronously, with parsers compiled once per
 * endpoint, the answer in one pass (`Endpoint.decodeSuccess`); the request
 * headers are built once per `Auth`; a body of a declared length is read at
 * once; the attempt's time limit needs no fiber of its own, and the
 * attempts in flight share one timer. `pnpm bench` measures the result
 * against `fetch`.
 */
export const call = <E extends Endpoint.Any>(endpoint: E): Endpoint.Call<E> => {
  const decode = decoder(endpoint)
  const follow = endpoint.response === "image"
  const run = (input: unknown, span: Tracer.Span) =>
    Effect.contextWithEffect((context: Context.Context<Auth | HttpClient.HttpClient>) => {
      const auth = Context.get(context, Auth)
      const denied = checkCredentials(endpoint, auth.credentials)
      if (denied !== undefined) return Effect.fail(denied)
      const parts = Endpoint.encodeRequest(endpoint, input)
      if (Either.isLeft(parts)) {
        return Effect.fail(new ValidationError({ endpoint: endpoint.name, source: "client", issues: parts.left }))
      }
      const settings = Context.get(context, Retry)
      const http = Context.get(context, HttpClient.HttpClient)
      const request = toRequest(endpoint, auth, parts.right)
      const once = within(
        http,
        (client) =>
          Effect.flatMap(
            (follow ? HttpClient.followRedirects(client, redirects) : client).execute(request),
            (response) => answer(endpoint, auth, span, decode, response)
          ),
        settings.timeout,
        () =>
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            description: `no complete answer within ${Duration.format(settings.timeout)}`
          })
      ).pipe(Effect.mapError(safe))
      return withRetries(endpoint, auth, span, settings, once)
    })
  const spanOptions = {
    captureStackTrace: false,
    attributes: { "http.request.method": endpoint.method, "http.route": endpoint.path }
  } as const
  return (...args: Endpoint.Args<E>) => Effect.useSpan(endpoint.name, spanOptions, (span) => run(args[0], span))
}

/**
 * A failure as the caller sees it: a body that broke off is a transport
 * failure, and a transport failure carries no credentials.
 */
const safe = (error: CallError | HttpClientError.ResponseError): CallError =>
  error._tag === "ResponseError" && error instanceof HttpClientError.ResponseError
    ? withoutCredentials(lostBody(error))
    : error._tag === "RequestError"
    ? withoutCredentials(error)
    : error

const checkCredentials = (
  endpoint: Endpoint.Any,
  credentials: Auth["Type"]["credentials"]
): AuthenticationError | undefined => {
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
  return undefined
}

/**
 * The headers of every request made with `auth`, credentials included,
 * built once per `Auth` service: a call only adds its path, query and body.
 */
const headersOf = memoize((auth: Auth["Type"]): Headers.Headers => {
  const credentials = auth.credentials
  const authorization = credentials._tag === "UserToken"
    ? `Bearer ${Redacted.value(credentials.token)}`
    : `Basic ${base64(`${credentials.clientId}:${Redacted.value(credentials.clientSecret)}`)}`
  return Headers.fromInput({ ...baseHeaders, authorization })
})

const anonymous = Headers.fromInput(baseHeaders)

/** Base64 of the UTF-8 bytes of `text` (`btoa` alone throws beyond Latin-1). */
const base64 = (text: string) =>
  btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(""))

const toRequest = (
  endpoint: Endpoint.Any,
  auth: Auth["Type"],
  parts: Endpoint.Request
): HttpClientRequest.HttpClientRequest => {
  const headers = endpoint.auth === "none" ? anonymous : headersOf(auth)
  const url = auth.baseUrl + Endpoint.fillPath(endpoint.path, parts.params)
  // most calls have no query: they skip making an empty one
  const request = HttpClientRequest.make(endpoint.method)(
    url,
    endpoint.query === undefined ? { headers } : { urlParams: parts.query, headers }
  )
  return parts.body === undefined ? request : HttpClientRequest.bodyUnsafeJson(request, parts.body)
}

/**
 * An answer with its status and headers read once: a response may build
 * its headers anew on every read (the undici client's does).
 */
interface Received {
  readonly endpoint: Endpoint.Any
  readonly response: HttpClientResponse.HttpClientResponse
  readonly status: number
  readonly headers: Headers.Headers
}

/**
 * What an answer means: its rate-limit headers become the token's latest
 * state, its status goes on the call's span, and its body is decoded or
 * becomes a typed error.
 */
const answer = <A extends object>(
  endpoint: Endpoint.Any,
  auth: Auth["Type"],
  span: Tracer.Span,
  decode: Decoder<A>,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<Reply<A>, CallError | HttpClientError.ResponseError> => {
  const received: Received = { endpoint, response, status: response.status, headers: response.headers }
  const rateLimit = RateLimit.fromHeaders(received.headers)
  const read = received.status < 200 || received.status >= 300
    ? Effect.flatMap(text(received, maxBody.error), (body) => Effect.fail(toError(received, rateLimit, body)))
    : Effect.flatMap(wire(received), (value) =>
      Either.match(decode(value), {
        onLeft: (description) =>
          Effect.fail(new ResponseError({ endpoint: endpoint.name, status: received.status, description })),
        // the decoded body is a fresh object of the call's own: it takes the
        // rate limit as it is, without a copy
        onRight: (body) => Effect.succeed(Object.assign(body, { rateLimit }))
      }))
  span.attribute("http.response.status_code", received.status)
  return Option.isSome(rateLimit) ? Effect.zipRight(Ref.set(auth.rateLimit, rateLimit), read) : read
}

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

/** A decoded body with the rate-limit state of the answer that carried it. */
type Reply<A extends object> = A & { readonly rateLimit: Option.Option<RateLimit.RateLimit> }

/**
 * The most a body may weigh: the largest real answer (50 comments with
 * their users) is far below 1 MiB, a thumbnail a few hundred KiB. A larger
 * body is refused without being read further, so a broken or hostile
 * server cannot make a call hold unbounded memory.
 */
const maxBody = { json: 2 * 1024 * 1024, image: 16 * 1024 * 1024, error: 64 * 1024 } as const

const tooLarge = (received: Received, max: number) =>
  new ResponseError({
    endpoint: received.endpoint.name,
    status: received.status,
    description: `body larger than ${max} bytes`
  })

/**
 * Whether the transport holds the body to its declared `content-length`:
 * an HTTP/1.1 transport reads exactly that many bytes of a body that is
 * neither compressed (`fetch` inflates it, and keeps the compressed length)
 * nor chunked, so reading it whole is safe.
 */
const heldToLength = (headers: Headers.Headers): boolean => {
  const encoding = headers["content-encoding"]
  return (encoding === undefined || encoding.toLowerCase() === "identity") &&
    headers["transfer-encoding"] === undefined
}

/**
 * The body, at most `max` bytes of it: refused at once when its declared
 * length is over the cap, read at once when the transport holds it to a
 * declared length within the cap, else streamed under the cap.
 * `whole` reads the whole body; `join` makes the streamed bytes the same
 * value; `size` measures it, so that a transport that breaks its declared
 * length is still refused.
 */
const capped = <A>(
  received: Received,
  max: number,
  read: {
    readonly whole: Effect.Effect<A, HttpClientError.ResponseError>
    readonly join: (bytes: Uint8Array) => A
    readonly size: (value: A) => number
  }
): Effect.Effect<A, ResponseError | HttpClientError.ResponseError> => {
  const declared = wholeNumber(received.headers["content-length"])
  if (declared !== undefined && declared > max) return Effect.fail(tooLarge(received, max))
  if (declared !== undefined && heldToLength(received.headers)) {
    return Effect.flatMap(
      read.whole,
      (value) => read.size(value) > max ? Effect.fail(tooLarge(received, max)) : Effect.succeed(value)
    )
  }
  return readAtMost(
    // no body at all reads as an empty one
    Stream.catchAll(
      received.response.stream,
      (error) => error.reason === "EmptyBody" ? Stream.empty : Stream.fail(error)
    ),
    max
  ).pipe(
    Effect.map(read.join),
    Effect.catchIf((error) => error instanceof TooLarge, () => Effect.fail(tooLarge(received, max)))
  )
}

const utf8 = new TextDecoder()
const encoder = new TextEncoder()

/** The body's bytes, at most `max` of them. */
const bytes = (received: Received, max: number) =>
  capped(received, max, {
    whole: Effect.map(received.response.arrayBuffer, (buffer) => new Uint8Array(buffer)),
    join: (bytes) => bytes,
    size: (bytes) => bytes.length
  })

/** The body as text, at most `max` bytes of it. */
const text = (received: Received, max: number) =>
  capped(received, max, {
    whole: received.response.text,
    join: (bytes) => utf8.decode(bytes),
    // a UTF-8 text is never shorter in bytes than in UTF-16 units: measure
    // its bytes only when its length alone does not settle it
    size: (text) => text.length * 3 <= max ? text.length : encoder.encode(text).length
  })

/** The wire value of a successful answer: JSON text, or image bytes. */
const wire = (received: Received): Effect.Effect<unknown, ResponseError | HttpClientError.ResponseError> =>
  received.endpoint.response === "image"
    ? Effect.map(bytes(received, maxBody.image), (body) => ({
      contentType: received.headers["content-type"] ?? "application/octet-stream",
      bytes: body
    }))
    : text(received, maxBody.json)

/** Decodes the wire value of a successful answer, or says what is wrong with it. */
type Decoder<A extends object> = (wire: unknown) => Either.Either<A, string>

const decoder = <E extends Endpoint.Any>(endpoint: E): Decoder<Endpoint.Success<E>> => {
  const fromModel = (value: unknown) => Either.mapLeft(Endpoint.decodeSuccess(endpoint, value), describe)
  if (endpoint.response === "image") return fromModel
  return (wire) => {
    const text = wire as string
    if (text.trim() === "") return Either.left("empty body")
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      return Either.left(error instanceof Error ? error.message : "the body is not JSON")
    }
    return fromModel(value)
  }
}

const describe = (error: ParseResult.ParseError): string => {
  const issues = formatIssues(error, "the body is not the documented shape")
  const summary = issues.slice(0, 3).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  ).join("; ")
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ""
  return (summary.length > 300 ? `${summary.slice(0, 300)}…` : summary) + more
}

const toError = (
  { endpoint, status }: Received,
  rateLimit: Option.Option<RateLimit.RateLimit>,
  text: string
): CallError => {
  const body = Option.map(decodeErrorBody(text), (body) => body.error)
  const code = Option.getOrUndefined(Option.map(body, (error) => error.code))
  const reason = Option.match(body, { onNone: () => `HTTP ${status}`, onSome: (error) => error.message })
  if (code === 2000 || status === 429) {
    return new RateLimitError({
      endpoint: endpoint.name,
      reset: Option.map(rateLimit, (rateLimit) => rateLimit.reset),
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
const awaitBudget = (endpoint: Endpoint.Any, auth: Auth["Type"], span: Tracer.Span, settings: Settings) =>
  Effect.flatMap(Ref.get(auth.rateLimit), (state) =>
    Option.isNone(state) || !RateLimit.isExhausted(state.value)
      ? Effect.void
      : Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        if (DateTime.toEpochMillis(state.value.reset) <= now) return
        const wait = yield* untilReset(state.value.reset, settings)
        if (Duration.greaterThan(wait, settings.maxRateLimitWait)) {
          return yield* new RateLimitError({
            endpoint: endpoint.name,
            reset: Option.some(state.value.reset),
            sent: false
          })
        }
        span.attribute("twitcasting.rate_limit.wait_ms", Duration.toMillis(wait))
        yield* Effect.sleep(wait)
      }))

const withRetries = <A extends object>(
  endpoint: Endpoint.Any,
  auth: Auth["Type"],
  span: Tracer.Span,
  settings: Settings,
  once: Effect.Effect<Reply<A>, CallError>
): Effect.Effect<Reply<A>, CallError> => {
  const attempt = (transient: number, limited: number): Effect.Effect<Reply<A>, CallError> =>
    awaitBudget(endpoint, auth, span, settings).pipe(
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
