/**
 * Runs an `HttpApiEndpoint` declaration as a call: credentials, validation,
 * the rate-limit budget, retries, and the mapping of answers to models or
 * typed errors.
 *
 * **Details**
 *
 * The request is built and the success decoded by `@effect/platform`'s
 * `HttpApiClient`, from the declaration. Under it sits the SDK's transport
 * (an `HttpClient` over the caller's own), which does what HttpApi cannot
 * express for this API:
 *
 * - error answers are told apart by the `code` in their body, not by their
 *   status alone (403 is both the rate limit, 2000, and a missing
 *   permission, 2005), and a rate limit's meaning is in its headers, which
 *   `HttpApiClient` does not hand to error decoders;
 * - a body is read under a size cap (`HttpApiClient` reads it whole);
 * - redirects are followed only for credential-less calls (the thumbnail),
 *   so a token is never sent to another host.
 *
 * @internal
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiClient from "@effect/platform/HttpApiClient"
import type * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import type * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Auth, type Credentials, type Held } from "../Auth.js"
import * as Budget from "../Budget.js"
import * as Endpoint from "../Endpoint.js"
import {
  ApiError,
  AuthenticationError,
  type CallError,
  isCallError,
  type Issue,
  NotFoundError,
  RateLimitError,
  UnexpectedResponseError,
  ValidationError
} from "../Errors.js"
import * as RateLimit from "../RateLimit.js"
import { isTransient, Retry } from "../Retry.js"
import { readAtMost, TooLarge } from "./body.js"
import { type FormattedIssue, issuesOf as formatIssues } from "./issues.js"
import { userAgent } from "./version.js"
import { wholeNumber } from "./wire.js"

/** The names of the endpoints of group `G`. */
export type NameOf<G extends HttpApiGroup.HttpApiGroup.Any> = HttpApiEndpoint.HttpApiEndpoint.Name<
  HttpApiGroup.HttpApiGroup.Endpoints<G>
>

/** What a call needs from its caller's context. */
type Needs = Auth | HttpClient.HttpClient

/**
 * The call of an endpoint, as the modules export it, in a span named after
 * the call (`Users.getUserInfo`): credentials, validation, then
 * `HttpApiClient`'s method under the rate budget and retries, succeeding
 * with the decoded body and the answer's rate limit. An endpoint whose body
 * is not the value its callers want (the thumbnail's bytes) passes `shape`.
 */
export const call = <
  G extends HttpApiGroup.HttpApiGroup.Any,
  const N extends NameOf<G>,
  A = Endpoint.Success<Endpoint.Of<G, N>>
>(
  group: G,
  name: N,
  shape?: (body: Endpoint.Success<Endpoint.Of<G, N>>, response: HttpClientResponse.HttpClientResponse) => A
): Endpoint.Call<Endpoint.Of<G, N>, A> => {
  const declared = group as unknown as HttpApiGroup.HttpApiGroup.AnyWithProps
  const endpoint = declared.endpoints[name]!
  const meta = Endpoint.metaOf(endpoint)
  const label = `${declared.identifier}.${name}`
  const validate = validator(endpoint)
  const success = endpoint.successSchema.ast
  const successes = success._tag === "Union" ? success.types : [success]
  const json = successes.every((ast) => HttpApiSchema.getEncoding(ast).kind === "Json")
  const status = HttpApiSchema.getStatusSuccessAST(successes[0]!)
  const method = clientMethod(declared, name, transport(label, meta, json))
  return Effect.fn(label, {
    attributes: { "http.request.method": endpoint.method, "http.route": endpoint.path }
  })(function*(input?: unknown) {
    const auth = yield* Auth
    const held = yield* credentialsFor(label, meta.access, auth)
    const value = input ?? {}
    const issues = validate(value)
    if (issues.length > 0) return yield* new ValidationError({ endpoint: label, source: "client", issues })
    const settings = yield* Retry
    const once = Effect.flatMap(method, (run) =>
      run({
        path: percentEncoded(value),
        urlParams: value,
        payload: value,
        withResponse: true
      })).pipe(
        Effect.timeoutFail({
          duration: settings.timeout,
          onTimeout: () =>
            new HttpClientError.RequestError({
              request: HttpClientRequest.make(endpoint.method)(auth.baseUrl + endpoint.path),
              reason: "Transport",
              description: `no complete answer within ${Duration.format(settings.timeout)}`
            })
        }),
        Effect.mapError((error) => unexpected(label, status, error))
      )
    const [body, response] = yield* withRetries({ label, meta, held, settings, budget: yield* Budget.Budget }, once)
    const result = shape === undefined ? body : shape(body as Endpoint.Success<Endpoint.Of<G, N>>, response)
    return { ...(result as object), rateLimit: RateLimit.fromHeaders(response.headers) }
  }) as unknown as Endpoint.Call<Endpoint.Of<G, N>, A>
}

// ---------------------------------------------------------------------------
// the request

const parseOptions = { errors: "all", onExcessProperty: "ignore" } as const

/**
 * Checks every rule of the input at once, path, query and payload together,
 * so that the caller learns all that is wrong (`HttpApiClient` stops at the
 * first part that fails). The broken rules come one per field: an optional
 * field that fails reports its rule, not also that it could be left out.
 */
const validator = (endpoint: HttpApiEndpoint.HttpApiEndpoint.AnyWithProps) => {
  const parts = [endpoint.pathSchema, endpoint.urlParamsSchema, endpoint.payloadSchema].flatMap((schema) =>
    Option.isSome(schema) ? [alternatives(schema.value as Schema.Schema<unknown>)] : []
  )
  return (input: unknown): ReadonlyArray<Issue> => {
    const byField = new Map<string, string>()
    for (const encoders of parts) {
      for (const issue of closest(encoders, input)) {
        const field = issue.path.map(String).join(".")
        if (!byField.has(field)) byField.set(field, issue.message)
      }
    }
    return Array.from(byField, ([field, message]) => ({ field, message }))
  }
}

type Encoder = (input: unknown) => Either.Either<unknown, ParseResult.ParseError>

/**
 * The checks of one part of the input: one per member when its caller-side
 * type is a union (a user by `id` or by `screenId`), so that a broken input
 * is judged against the member it meant, not against every member.
 */
const alternatives = (schema: Schema.Schema<unknown>): ReadonlyArray<Encoder> => {
  const side = schema.ast._tag === "Transformation" ? schema.ast.to : schema.ast
  const members = side._tag === "Union" ? side.types.map((ast) => Schema.make<unknown>(ast)) : [schema]
  return members.map((member) => Schema.encodeUnknownEither(member, parseOptions))
}

/**
 * The broken rules of the member the input comes closest to: none if one
 * member takes it; else those of the member missing the fewest keys, then
 * breaking the fewest rules (`{ screenId: "" }` means the `screenId`
 * member, whose rule it breaks, not the `id` member, whose key it lacks);
 * those of all the closest members together when there is a tie (`{}`
 * lacks `id` and `screenId` alike).
 */
const closest = (encoders: ReadonlyArray<Encoder>, input: unknown): ReadonlyArray<FormattedIssue> => {
  const found: Array<ReadonlyArray<FormattedIssue>> = []
  for (const encode of encoders) {
    const result = encode(input)
    if (Either.isRight(result)) return []
    found.push(formatIssues(result.left, "is not a valid input"))
  }
  const distance = (issues: ReadonlyArray<FormattedIssue>) =>
    issues.filter((issue) => issue._tag === "Missing").length * 1000 + issues.length
  const nearest = Math.min(...found.map(distance))
  return found.filter((issues) => distance(issues) === nearest).flat()
}

/**
 * The input with its strings percent-encoded, as the path parameters.
 * `HttpApiClient` puts path parameters into the URL as they are, and an id
 * may hold characters (`/`, `?`, `#`, `%`) that must not reach the path raw.
 */
const percentEncoded = (input: unknown): unknown => {
  if (typeof input !== "object" || input === null) return input
  const encoded: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(input)) {
    encoded[name] = typeof value === "string" ? encodeURIComponent(value) : value
  }
  return encoded
}

type Method = (request: {
  readonly path: unknown
  readonly urlParams: unknown
  readonly payload: unknown
  readonly withResponse: true
}) => Effect.Effect<readonly [unknown, HttpClientResponse.HttpClientResponse], unknown, Needs | Answered>

/**
 * `HttpApiClient`'s method for one endpoint over the SDK's transport, made
 * on first use and kept; it is made without the caller's context, which it
 * would otherwise hold for good.
 */
const clientMethod = (
  group: HttpApiGroup.HttpApiGroup.AnyWithProps,
  name: string,
  httpClient: HttpClient.HttpClient.With<CallError, Needs | Answered>
): Effect.Effect<Method> => {
  let made: Method | undefined
  // the mini API of one group needs no middleware: nothing is left to provide
  const client = HttpApiClient.makeWith(HttpApi.make("twitcasting").add(group), { httpClient }) as Effect.Effect<
    Record<string, Record<string, Method>>
  >
  const make = client.pipe(
    Effect.map((client) => {
      made = client[group.identifier]![name]!
      return made
    }),
    Effect.mapInputContext((_: Context.Context<never>) => Context.empty())
  )
  return Effect.suspend(() => made === undefined ? make : Effect.succeed(made))
}

/** The headers every request carries, credentials aside. */
const baseHeaders = { "x-api-version": "2.0", "accept": "application/json", "user-agent": userAgent }

const anonymous = Headers.fromInput(baseHeaders)

/**
 * The `Authorization` value of credentials: `Bearer` and the user token, or
 * `Basic` and the base64 of the UTF-8 bytes of `client_id:client_secret`
 * (the realtime socket sends the same).
 */
export const authorizationOf = (credentials: Credentials): Redacted.Redacted<string> =>
  Redacted.make(
    credentials._tag === "UserToken"
      ? `Bearer ${Redacted.value(credentials.token)}`
      : `Basic ${Encoding.encodeBase64(`${credentials.clientId}:${Redacted.value(credentials.clientSecret)}`)}`
  )

const authorization = ({ credentials }: Held): Headers.Headers =>
  Headers.set(anonymous, "authorization", Redacted.value(authorizationOf(credentials)))

/**
 * The credentials a call of `access` is sent with: the user token for a
 * user's call, the app's for an app's, the user token (else the app's) for
 * a call either may make; none for a credential-less call. A kind `Auth`
 * does not hold is an `AuthenticationError`.
 */
export const credentialsFor = (
  label: string,
  access: Endpoint.Access,
  auth: Auth["Type"]
): Either.Either<Option.Option<Held>, AuthenticationError> => {
  const held: Option.Option<Held> = access === "none"
    ? Option.none()
    : access === "user"
    ? auth.user
    : access === "app"
    ? auth.app
    : Option.orElse<Held, Held>(auth.user, () => auth.app)
  return access === "none" || Option.isSome(held) ? Either.right(held) : Either.left(missingCredentials(label, access))
}

/** A call needs credentials of a kind `Auth` does not hold. */
export const missingCredentials = (label: string, access: "user" | "app" | "any") =>
  new AuthenticationError({
    endpoint: label,
    reason: access === "user"
      ? "needs a user access token (TWITCASTING_ACCESS_TOKEN), but Auth holds only app credentials"
      : "needs app credentials (TWITCASTING_CLIENT_ID and TWITCASTING_CLIENT_SECRET), " +
        "but Auth holds only a user access token"
  })

// ---------------------------------------------------------------------------
// the transport

const redirects = 3

/**
 * The `HttpClient` that `HttpApiClient` sends through: the caller's own,
 * with the base URL, headers and credentials of the caller's `Auth`, the
 * time limit of the caller's `Retry`, and the answer read under a cap. An
 * error answer fails with the SDK's typed error; a successful one goes on
 * to `HttpApiClient`'s decoding as a response over the bytes read.
 */
const transport = (
  label: string,
  meta: Endpoint.Meta["Type"],
  json: boolean
): HttpClient.HttpClient.With<CallError, Needs | Answered> =>
  HttpClient.makeWith<never, never, CallError, Needs | Answered>(
    (request) =>
      Effect.flatMap(request, (request) =>
        Effect.gen(function*() {
          const auth = yield* Auth
          const answered = yield* Answered
          const base = yield* HttpClient.HttpClient
          const sent = HttpClientRequest.setHeaders(
            HttpClientRequest.prependUrl(request, auth.baseUrl),
            Option.match(Either.getOrElse(credentialsFor(label, meta.access, auth), Option.none), {
              onNone: () => anonymous,
              onSome: authorization
            })
          )
          return yield* traced(meta.access === "none" ? HttpClient.followRedirects(base, redirects) : base)
            .execute(sent).pipe(
              Effect.flatMap((response) => {
                answered.observation = Option.some({ status: response.status, headers: response.headers })
                return settle({ label, meta, baseUrl: auth.baseUrl }, json, response)
              }),
              Effect.mapError((error) => error._tag === "ResponseError" ? sanitized(error) : error)
            )
        })),
    Effect.succeed
  )

/**
 * The caller's client in the platform's own `http.client` span, made by
 * `HttpClient.make` around it, which ends with the failure after its
 * credentials are removed. The caller's client keeps its own span off: a
 * span ending with its raw failure would hold the request's
 * `Authorization` header, which prints unredacted outside a fiber (as a
 * tracer exporting the span prints it). No trace-propagation headers go to
 * the API.
 */
const traced = (base: HttpClient.HttpClient) => {
  const quiet = HttpClient.withTracerDisabledWhen(base, () => true)
  return HttpClient.withTracerPropagation(
    HttpClient.make((request) => Effect.mapError(quiet.execute(request), sanitized)),
    false
  )
}

/**
 * What an answer means: an error status becomes a typed error, and a
 * successful body goes on to be decoded, unless it is over its cap or
 * empty.
 *
 * **Details**
 *
 * The body is read here under its cap, and handed on to `HttpApiClient` as
 * a response over the bytes read.
 */
const settle = (
  asked: Asked,
  json: boolean,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<HttpClientResponse.HttpClientResponse, CallError | HttpClientError.ResponseError> => {
  const { label } = asked
  const ok = response.status >= 200 && response.status < 300
  const max = response.headers["content-type"]?.startsWith("image/") ? maxBody.image : maxBody.json
  const empty = () =>
    Effect.fail(new UnexpectedResponseError({ endpoint: label, status: response.status, description: "empty body" }))
  return !ok
    ? Effect.flatMap(
      capped(label, response, maxBody.error),
      (bytes) =>
        Effect.fail(toError(asked, response.status, RateLimit.fromHeaders(response.headers), utf8.decode(bytes)))
    )
    : Effect.flatMap(
      capped(label, response, max),
      (bytes) =>
        json && bytes.length === 0
          ? empty()
          : Effect.succeed(withBody(response, bytes))
    )
}

/**
 * The answer, its body being the bytes already read, for `HttpApiClient`
 * to decode. A view of the answer, not a new one: a web `Response` built
 * over the bytes would be read again through a web stream, which costs
 * about 60 µs a call (`pnpm bench`, part 1), a fifth of a call on
 * 127.0.0.1.
 */
const withBody = (
  response: HttpClientResponse.HttpClientResponse,
  bytes: Uint8Array
): HttpClientResponse.HttpClientResponse => {
  const text = Effect.sync(() => utf8.decode(bytes))
  const failed = (cause: unknown) =>
    new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause })
  return Object.create(response, {
    text: { get: () => text },
    json: { get: () => Effect.try({ try: () => JSON.parse(utf8.decode(bytes)) as unknown, catch: failed }) },
    arrayBuffer: {
      get: () => Effect.sync(() => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
    },
    stream: { get: () => Stream.succeed(bytes) }
  }) as HttpClientResponse.HttpClientResponse
}

/**
 * The most a body may weigh: the largest real answer (50 comments with
 * their users) is far below 1 MiB, a thumbnail a few hundred KiB. A larger
 * body is refused without being read further, so a broken or hostile
 * server cannot make a call hold unbounded memory.
 */
const maxBody = { json: 2 * 1024 * 1024, image: 16 * 1024 * 1024, error: 64 * 1024 } as const

const utf8 = new TextDecoder()

/** The body's bytes, at most `max` of them: refused at once when its declared length is over. */
const capped = (label: string, response: HttpClientResponse.HttpClientResponse, max: number) => {
  const tooLarge = () =>
    new UnexpectedResponseError({
      endpoint: label,
      status: response.status,
      description: `body larger than ${max} bytes`
    })
  const declared = wholeNumber(response.headers["content-length"])
  if (declared !== undefined && declared > max) {
    // the body is not read: its first chunk is taken and the rest cancelled,
    // so that it does not hold its connection
    return Effect.zipRight(Effect.ignore(Stream.runHead(response.stream)), Effect.fail(tooLarge()))
  }
  // An HTTP/1.1 transport holds a plain body (neither compressed nor
  // chunked) to its declared length, so such a body is read at once, and
  // measured after (a transport that breaks its length is still refused):
  // streaming it costs far more (`pnpm bench`).
  if (declared !== undefined && heldToLength(response.headers)) {
    return Effect.flatMap(
      response.arrayBuffer,
      (buffer) => buffer.byteLength > max ? Effect.fail(tooLarge()) : Effect.succeed(new Uint8Array(buffer))
    )
  }
  return readAtMost(
    // no body at all reads as an empty one
    Stream.catchAll(response.stream, (error) => error.reason === "EmptyBody" ? Stream.empty : Stream.fail(error)),
    max
  ).pipe(Effect.catchIf((error) => error instanceof TooLarge, () => Effect.fail(tooLarge())))
}

/**
 * Whether the transport holds the body to its declared `content-length`:
 * `fetch` inflates a compressed body and keeps the compressed length, and a
 * chunked body has no declared length to hold it to.
 */
const heldToLength = (headers: Headers.Headers): boolean => {
  const encoding = headers["content-encoding"]
  return (encoding === undefined || encoding.toLowerCase() === "identity") &&
    headers["transfer-encoding"] === undefined
}

/**
 * A transport failure as the caller sees it: a body that broke off is a
 * transport failure, and a transport failure carries no credentials.
 */
const sanitized = (error: HttpClientError.HttpClientError): HttpClientError.RequestError =>
  withoutCredentials(error._tag === "ResponseError" ? lostBody(error) : error)

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

/**
 * What `HttpApiClient` fails with, as a call's error: the transport's typed
 * errors pass through; an answer its declaration does not describe (a body
 * of another shape, a status it does not list) is an unexpected response.
 */
const unexpected = (label: string, status: number, error: unknown): CallError => {
  if (isCallError(error)) return error
  if (ParseResult.isParseError(error)) {
    return new UnexpectedResponseError({ endpoint: label, status, description: describe(error) })
  }
  if (HttpClientError.isHttpClientError(error) && error._tag === "ResponseError") {
    // a body that broke off while `HttpApiClient` read it
    if (error.reason !== "StatusCode") return sanitized(error)
    return new UnexpectedResponseError({
      endpoint: label,
      status: error.response.status,
      description: `status ${error.response.status} is not an answer of this endpoint`
    })
  }
  return new UnexpectedResponseError({ endpoint: label, status, description: String(error) })
}

const describe = (error: ParseResult.ParseError): string => {
  const issues = formatIssues(error, "the body is not the documented shape")
  const summary = issues.slice(0, 3).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  ).join("; ")
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ""
  return (summary.length > 300 ? `${summary.slice(0, 300)}…` : summary) + more
}

// ---------------------------------------------------------------------------
// error answers

const ErrorBody = Schema.parseJson(Schema.Struct({ error: Endpoint.ErrorDetail }))
const decodeErrorBody = Schema.decodeUnknownOption(ErrorBody)

const Details = Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) })
const decodeDetails = Schema.decodeUnknownOption(Details)

/** What an answer was the answer to: the call, its declaration's facts, and where it was sent. */
interface Asked {
  readonly label: string
  readonly meta: Endpoint.Meta["Type"]
  readonly baseUrl: string
}

const toError = (
  { baseUrl, label, meta }: Asked,
  status: number,
  rateLimit: Option.Option<RateLimit.RateLimit>,
  text: string
): CallError => {
  const body = Option.map(decodeErrorBody(text), (body) => body.error)
  const code = Option.getOrUndefined(Option.map(body, (error) => error.code))
  const reason = Option.match(body, { onNone: () => `HTTP ${status}`, onSome: (error) => error.message })
  if (code === 2000 || status === 429) {
    return new RateLimitError({
      endpoint: label,
      reset: Option.map(rateLimit, (rateLimit) => rateLimit.reset),
      sent: true
    })
  }
  if (code === 1000 || status === 401) {
    return new AuthenticationError({ endpoint: label, status, ...(code === undefined ? {} : { code }), reason })
  }
  if (code === 1001) {
    const details = Option.flatMap(body, (error) => decodeDetails(error.details))
    const issues: ReadonlyArray<Issue> = Option.match(details, {
      onNone: () => [{ field: "", message: reason }],
      onSome: (details) =>
        Object.entries(details).flatMap(([field, reasons]) => reasons.map((message) => ({ field, message })))
    })
    return new ValidationError({ endpoint: label, source: "api", issues })
  }
  if (status === 404 && Option.isSome(body)) {
    return new NotFoundError({ endpoint: label, code: code ?? 404, reason, meaning: meta.notFound })
  }
  return Option.match(body, {
    onNone: () =>
      new UnexpectedResponseError({
        endpoint: label,
        status,
        description: (text.trim() === ""
          ? "error status with an empty body"
          : "error status with a body that is not an API error") +
          // the API answers every 404 with its JSON error: another server's 404 means another server
          (status === 404 ? `: is ${baseUrl} the TwitCasting API? (check the base URL)` : "")
      }),
    onSome: (error) =>
      new ApiError({
        endpoint: label,
        status,
        code: error.code,
        reason: error.message,
        ...(error.details === undefined ? {} : { details: error.details })
      })
  })
}

// ---------------------------------------------------------------------------
// the budget and retries

/**
 * Where the transport leaves what an attempt's answer said (its status and
 * headers), for the rate budget to learn from, errors included: a refusal
 * (403, code 2000) carries the window's headers too.
 */
class Answered extends Context.Tag("@effect-twitcasting/sdk/internal/Answered")<Answered, {
  observation: Option.Option<Budget.Observation>
}>() {}

/** What the attempts of one call go by: its endpoint, the credentials it is sent with, its `Retry` and `Budget`. */
interface Caller {
  readonly label: string
  readonly meta: Endpoint.Meta["Type"]
  readonly held: Option.Option<Held>
  readonly settings: Retry["Type"]
  readonly budget: Budget.Budget["Type"]
}

/**
 * One attempt under the rate budget: it takes a permit of its bucket
 * before it is sent and gives it back with what the answer said. A
 * credential-less call (the thumbnail) spends no budget. No permit within
 * `maxRateLimitWait` is a rate limit the call was not sent for.
 */
const permitted = <A>(
  { budget, held, label, meta, settings }: Caller,
  once: Effect.Effect<A, CallError, Needs | Answered>
): Effect.Effect<A, CallError, Needs> =>
  Effect.suspend(() => {
    const answered: Answered["Type"] = { observation: Option.none() }
    const sent = Effect.provideService(once, Answered, answered)
    if (Option.isNone(held)) return sent
    return budget.withPermit(
      { fingerprint: held.value.fingerprint, bucket: meta.bucket },
      { maxWait: settings.maxRateLimitWait, observe: () => answered.observation },
      sent
    ).pipe(Effect.catchTag("WaitTooLong", (error) =>
      Effect.fail(new RateLimitError({ endpoint: label, reset: error.reset, sent: false }))))
  })

/**
 * One attempt after another: an idempotent call that failed on the way
 * (transport, 5xx) goes again as the `transient` schedule says; a refused
 * call (rate limit) goes again, up to `rateLimitRetries` times, through the
 * budget, which holds it until its window opens (in turn with the other
 * calls waiting, so refusals do not start a stampede). A call that is not
 * idempotent is never sent twice once it may have reached the server.
 */
const withRetries = <A>(
  caller: Caller,
  once: Effect.Effect<A, CallError, Needs | Answered>
): Effect.Effect<A, CallError, Needs> => {
  const { label, meta, settings } = caller
  let attempts = 0
  let last: CallError | undefined
  const one = permitted(caller, Effect.zipRight(Effect.sync(() => attempts++), once)).pipe(
    Effect.tapError((error) => Effect.sync(() => (last = error)))
  )
  const told = Schedule.onDecision(
    settings.transient,
    (_, decision) =>
      ScheduleDecision.isContinue(decision) && last !== undefined
        ? Effect.flatMap(
          Clock.currentTimeMillis,
          (now) => retrying(label, attempts, last!, ScheduleIntervals.start(decision.intervals) - now)
        )
        : Effect.void
  )
  const tried = meta.idempotent ? Effect.retry(one, { schedule: told, while: isTransient }) : one
  const attempt = (limited: number): Effect.Effect<A, CallError, Needs> =>
    Effect.catchIf(
      tried,
      (error): error is RateLimitError =>
        error._tag === "RateLimitError" && error.sent && limited < settings.rateLimitRetries,
      (error) =>
        Effect.zipRight(
          retrying(label, attempts, error, 0),
          Option.isSome(error.reset)
            // the budget has learned the window from the refusal: it waits
            ? attempt(limited + 1)
            // a refusal without headers: the budget knows no window to wait for
            : Effect.flatMap(
              jittered(settings.rateLimitJitter),
              (wait) => Effect.zipRight(Effect.sleep(wait), attempt(limited + 1))
            )
        ).pipe(
          // too long a wait to try again: the refusal is the answer
          Effect.catchIf((next) => next._tag === "RateLimitError" && !next.sent, () => Effect.fail(error))
        )
    )
  return Effect.mapError(
    attempt(0),
    (error) => error._tag === "RequestError" ? explained(error, attempts) : error
  )
}

/**
 * Says that a call is tried again, at Debug: which call, after which
 * attempt, why, and in how long (a refused call waits in the budget, which
 * says how long itself). Error messages carry no credentials.
 */
const retrying = (label: string, attempt: number, error: CallError, delayMillis: number) =>
  Effect.logDebug("retrying").pipe(
    Effect.annotateLogs({
      "twitcasting.endpoint": label,
      "twitcasting.attempt": attempt,
      "twitcasting.error": error.message,
      ...(delayMillis > 0 ? { "twitcasting.delayMillis": Math.ceil(delayMillis) } : {})
    })
  )

/**
 * A transport failure whose message says what went wrong underneath
 * (connection refused, host name not found, ...), which the platform's
 * message leaves in `cause`, and after how many attempts.
 */
const explained = (error: HttpClientError.RequestError, attempts: number) =>
  new HttpClientError.RequestError({
    request: error.request,
    reason: error.reason,
    cause: error.cause,
    description: [error.description ?? underneath(error.cause), `after ${attempts} attempt${attempts === 1 ? "" : "s"}`]
      .filter((part) => part !== undefined)
      .join(", ")
  })

/** What the system said, in words, by its error code. */
const codes: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed",
  UND_ERR_HEADERS_TIMEOUT: "no answer in time",
  UND_ERR_BODY_TIMEOUT: "the answer stopped in time"
}

/** The innermost error code (or message) of a failure's chain of causes, in words. */
const underneath = (cause: unknown): string | undefined => {
  let last: string | undefined
  for (let current = cause, depth = 0; typeof current === "object" && current !== null && depth < 8; depth++) {
    const error = current as {
      readonly code?: unknown
      readonly message?: unknown
      readonly cause?: unknown
      readonly errors?: unknown
    }
    if (typeof error.code === "string") {
      return codes[error.code] === undefined
        ? error.code
        : `${codes[error.code]} (${error.code})`
    }
    if (typeof error.message === "string" && error.message !== "") last = error.message
    current = error.cause ?? (Array.isArray(error.errors) ? error.errors[0] : undefined)
  }
  return last
}

/** Between half and all of `jitter`, at random. */
const jittered = (jitter: Duration.Duration) =>
  Effect.map(Random.next, (r) => Duration.millis(Math.ceil(Duration.toMillis(jitter) * (0.5 + r / 2))))
