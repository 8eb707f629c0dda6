/**
 * The declaration of one API endpoint: the single source from which the
 * client call, the simulator's route and the documentation are derived.
 *
 * **Details**
 *
 * A declaration names the HTTP method and path template, the kind of
 * credentials the API accepts, whether repeating the call is harmless, and
 * three schemas that map the caller's camelCase input onto the wire:
 * `params` (path), `query` and `body`. Each schema's type side carries the
 * validation rules; its encoded side is what travels. The caller's input is
 * the intersection of the three type sides.
 *
 * The client encodes input with {@link encodeRequest} (a failure is a
 * `ValidationError` and nothing is sent); a server decodes what it received
 * with {@link decodeRequest}, and encodes its answer with `success`.
 *
 * @example
 * ```ts
 * import { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * for (const endpoint of Api.endpoints) {
 *   console.log(endpoint.method, endpoint.path, endpoint.auth, endpoint.idempotent)
 * }
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Auth } from "./Auth.js"
import type { CallError, Issue } from "./Errors.js"
import { decoder } from "./internal/decoder.js"
import { issuesOf as formatIssues } from "./internal/issues.js"
import { memoize } from "./internal/memo.js"
import type { RateLimit } from "./RateLimit.js"

/**
 * The HTTP methods the API uses.
 *
 * @example
 * ```ts
 * import type { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const safe: ReadonlyArray<Endpoint.Method> = ["GET"]
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Method = "GET" | "POST" | "PUT" | "DELETE"

/**
 * Which credentials the API accepts for an endpoint: a user token only, app
 * credentials only, either, or none at all.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const kind = Api.registerWebhook.auth // "app"
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type AuthKind = "user" | "app" | "any" | "none"

/**
 * How a successful answer is read: JSON decoded with `success`, or image
 * bytes (`{ contentType, bytes }`) reached through a redirect.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const kind = Api.getLiveThumbnailImage.response // "image"
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type ResponseKind = "json" | "image"

/**
 * The encoded path parameters, keyed by the `:name`s of the path template.
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const params: Endpoint.Params = { user_id: "twitcasting_jp" }
 * const path = Endpoint.fillPath("/users/:user_id", params)
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Params = { readonly [name: string]: string }

/**
 * The encoded query: a string per parameter, or several for repeated keys
 * such as `events[]`.
 *
 * @example
 * ```ts
 * import type { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const query: Endpoint.Query = { user_id: "182224938", "events[]": ["livestart", "liveend"] }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Query = { readonly [name: string]: string | ReadonlyArray<string> | undefined }

/**
 * The parts of a request on the wire.
 *
 * @example
 * ```ts
 * import type { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const request: Endpoint.Request = { params: { user_id: "twitcasting_jp" }, query: {}, body: undefined }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Request {
  readonly params: Params
  readonly query: Query
  readonly body: unknown
}

/**
 * An endpoint declaration.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const writes = Api.endpoints.filter((endpoint) => !endpoint.idempotent)
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Endpoint<in out Input, in out Success, in out SuccessEncoded> {
  /** `Module.call`, the span name of the call. */
  readonly name: string
  readonly method: Method
  /** Path template with `:name` parameters, e.g. `/users/:user_id`. */
  readonly path: string
  readonly auth: AuthKind
  /** Whether a transient failure may be retried without risk of doing it twice. */
  readonly idempotent: boolean
  /** Status of a successful answer. */
  readonly status: number
  readonly response: ResponseKind
  readonly params: Schema.Schema.AnyNoContext | undefined
  readonly query: Schema.Schema.AnyNoContext | undefined
  readonly body: Schema.Schema.AnyNoContext | undefined
  readonly success: Schema.Schema<Success, SuccessEncoded>
  /** Phantom: the caller's input. */
  readonly Input: (_: never) => Input
}

/**
 * Any endpoint.
 *
 * @example
 * ```ts
 * import { Api, type Endpoint } from "@effect-twitcasting/sdk"
 *
 * const describe = (endpoint: Endpoint.Any) => `${endpoint.name}: ${endpoint.method} ${endpoint.path}`
 * const all = Api.endpoints.map(describe)
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Any = Endpoint<any, any, any>

/**
 * The input a caller passes.
 *
 * @example
 * ```ts
 * import type { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const input: Endpoint.Input<typeof Api.getComments> = { movieId: "189037369", limit: 10 }
 * ```
 *
 * @category type-level
 * @since 0.1.0
 */
export type Input<E> = E extends Endpoint<infer I, any, any> ? I : never

/**
 * The decoded success body.
 *
 * @example
 * ```ts
 * import type { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const count = (body: Endpoint.Success<typeof Api.getComments>) => body.allCount
 * ```
 *
 * @category type-level
 * @since 0.1.0
 */
export type Success<E> = E extends Endpoint<any, infer A, any> ? A : never

/**
 * The arguments of a derived call: the input, optional when every input
 * field is.
 *
 * @example
 * ```ts
 * import type { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const none: Endpoint.Args<typeof Api.verifyCredentials> = []
 * ```
 *
 * @category type-level
 * @since 0.1.0
 */
export type Args<E extends Any> = {} extends Input<E> ? [input?: Input<E>] : [input: Input<E>]

/**
 * What a derived call succeeds with: the decoded body, plus the rate-limit
 * state reported by the response that produced it.
 *
 * @example
 * ```ts
 * import { Option } from "effect"
 * import type { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const left = (result: Endpoint.Result<typeof Api.getUserInfo>) => Option.map(result.rateLimit, (r) => r.remaining)
 * ```
 *
 * @category type-level
 * @since 0.1.0
 */
export type Result<E extends Any> = Success<E> & { readonly rateLimit: Option.Option<RateLimit> }

/**
 * The call derived from a declaration: validates its input, sends it with
 * the `Auth` credentials through the `HttpClient`, waits and retries as the
 * `Retry` settings say, and decodes the answer.
 *
 * @example
 * ```ts
 * import { Api, Endpoint, Users } from "@effect-twitcasting/sdk"
 *
 * const lookUp: Endpoint.Call<typeof Api.getUserInfo> = Users.getUserInfo
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Call<E extends Any> = (
  ...args: Args<E>
) => Effect.Effect<Result<E>, CallError, HttpClient.HttpClient | Auth>

/**
 * Declares an endpoint.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const getThing = Endpoint.make({
 *   name: "Things.getThing",
 *   method: "GET",
 *   path: "/things/:thing_id",
 *   auth: "any",
 *   idempotent: true,
 *   params: Schema.Struct({ thingId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("thing_id")) }),
 *   success: Schema.Struct({ name: Schema.String })
 * })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <
  A,
  I,
  P = {},
  PI extends Params = {},
  Q = {},
  QI extends Query = {},
  B = {},
  BI = unknown
>(options: {
  readonly name: string
  readonly method: Method
  readonly path: string
  readonly auth: AuthKind
  readonly idempotent: boolean
  readonly status?: number
  readonly response?: ResponseKind
  readonly params?: Schema.Schema<P, PI>
  readonly query?: Schema.Schema<Q, QI>
  readonly body?: Schema.Schema<B, BI>
  readonly success: Schema.Schema<A, I>
}): Endpoint<P & Q & B, A, I> => ({
  name: options.name,
  method: options.method,
  path: options.path,
  auth: options.auth,
  idempotent: options.idempotent,
  status: options.status ?? 200,
  response: options.response ?? "json",
  params: options.params,
  query: options.query,
  body: options.body,
  success: options.success,
  Input: absurd
})

const absurd = (_: never): never => _

const parseOptions = { errors: "all", onExcessProperty: "ignore" } as const

/**
 * The broken rules of a parse error, one per field: an optional field that
 * fails reports its rule, not also that it could have been left out.
 */
const issuesOf = (error: ParseResult.ParseError): ReadonlyArray<Issue> => {
  const byField = new Map<string, string>()
  for (const issue of formatIssues(error, "is not a valid input")) {
    const field = issue.path.map(String).join(".")
    if (!byField.has(field)) byField.set(field, issue.message)
  }
  return Array.from(byField, ([field, message]) => ({ field, message }))
}

type Part = (value: unknown) => Either.Either<unknown, ParseResult.ParseError>

interface Parts {
  readonly params: Part
  readonly query: Part
  readonly body: Part
}

const absentPart = (absent: unknown): Part => () => Either.right(absent)

/** The parsers of an endpoint's three parts, compiled once per endpoint. */
const partsOf = (
  compile: (schema: Schema.Schema.AnyNoContext) => Part,
  absent: { readonly params: unknown; readonly query: unknown; readonly body: unknown }
) =>
  memoize((endpoint: Any): Parts => ({
    params: endpoint.params === undefined ? absentPart(absent.params) : compile(endpoint.params),
    query: endpoint.query === undefined ? absentPart(absent.query) : compile(endpoint.query),
    body: endpoint.body === undefined ? absentPart(absent.body) : compile(endpoint.body)
  }))

const encoders = partsOf(
  (schema) => Schema.encodeUnknownEither(schema, parseOptions),
  { params: {}, query: {}, body: undefined }
)
const decoders = partsOf(
  (schema) => Schema.decodeUnknownEither(schema, parseOptions),
  { params: {}, query: {}, body: {} }
)

/** The three parts, or the broken rules of all of them. */
const collect = (
  params: Either.Either<unknown, ParseResult.ParseError>,
  query: Either.Either<unknown, ParseResult.ParseError>,
  body: Either.Either<unknown, ParseResult.ParseError>
): Either.Either<{ readonly params: any; readonly query: any; readonly body: any }, ReadonlyArray<Issue>> =>
  Either.isRight(params) && Either.isRight(query) && Either.isRight(body)
    ? Either.right({ params: params.right, query: query.right, body: body.right })
    : Either.left([params, query, body].flatMap((part) => Either.isLeft(part) ? issuesOf(part.left) : []))

/**
 * Encodes a caller's input into the wire parts of a request, checking every
 * rule on the way; the failure lists every broken rule, by input field.
 *
 * **Details**
 *
 * The result is an `Either`, which is also an `Effect`: `yield*` it in
 * `Effect.gen`, or match it synchronously. Each endpoint's parsers are
 * compiled on first use and kept.
 *
 * @example
 * ```ts
 * import { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * Endpoint.encodeRequest(Api.getMoviesByUser, { screenId: "twitcasting_jp", limit: 5 })
 * // succeeds with { params: { user_id: "twitcasting_jp" }, query: { limit: "5" }, body: undefined }
 * ```
 *
 * @category encoding
 * @since 0.1.0
 */
export const encodeRequest = <E extends Any>(
  endpoint: E,
  input: unknown
): Either.Either<Request, ReadonlyArray<Issue>> => {
  const value = input ?? {}
  const parts = encoders(endpoint)
  return collect(parts.params(value), parts.query(value), parts.body(value))
}

/**
 * Decodes the wire parts of a request back into a caller's input, checking
 * every rule: what a server does with what it received. The failure lists
 * every broken rule, by wire parameter.
 *
 * **Details**
 *
 * Like {@link encodeRequest}, the result is an `Either`, which is also an
 * `Effect`.
 *
 * @example
 * ```ts
 * import { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * Endpoint.decodeRequest(Api.getMoviesByUser, { params: { user_id: "twitcasting_jp" }, query: { limit: "5" }, body: undefined })
 * ```
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeRequest = <E extends Any>(
  endpoint: E,
  request: Request
): Either.Either<Input<E>, ReadonlyArray<Issue>> => {
  const parts = decoders(endpoint)
  return Either.map(
    collect(parts.params(request.params), parts.query(request.query), parts.body(request.body)),
    ({ body, params, query }) => ({ ...params, ...query, ...body })
  )
}

/** Each endpoint's decoder of successful answers, made once. */
const successDecoder = memoize((endpoint: Any) => decoder(endpoint.success as Schema.Schema<unknown, unknown>))

/**
 * Decodes the body of a successful answer into the endpoint's success
 * value, as a call does: the parsed JSON of a JSON endpoint, or the
 * `{ contentType, bytes }` of an image endpoint.
 *
 * **When to use**
 *
 * To decode an answer obtained some other way (a recorded one, say) exactly
 * as the SDK decodes the answers it receives.
 *
 * **Details**
 *
 * A valid body is decoded in one pass, straight from its wire shape into
 * the models (each key renamed as the value is built), which costs a
 * fraction of what `Schema.decodeUnknownEither(endpoint.success)` costs;
 * the value is the same. A body it refuses is decoded by Schema instead, so
 * the failure is Schema's own `ParseError`, with its path and message. The
 * decoder is made once per endpoint.
 *
 * @example
 * ```ts
 * import { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const info = Endpoint.decodeSuccess(Api.getUserInfo, JSON.parse(
 *   `{"user":{"id":"182224938","screen_id":"twitcasting_jp","name":"ツイキャス公式","image":"https://example.com/a.jpg",` +
 *     `"profile":"","level":24,"last_movie_id":null,"is_live":false},"supporter_count":0,"supporting_count":0}`
 * ))
 * // succeeds with { user: User { screenId: "twitcasting_jp", ... }, supporterCount: 0, supportingCount: 0 }
 * ```
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeSuccess = <E extends Any>(
  endpoint: E,
  body: unknown
): Either.Either<Success<E>, ParseResult.ParseError> =>
  // the decoder of this endpoint's success schema
  successDecoder(endpoint)(body) as Either.Either<Success<E>, ParseResult.ParseError>

/**
 * Fills a path template with encoded parameters, each URL-encoded.
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * Endpoint.fillPath("/users/:user_id/movies", { user_id: "twitcasting_jp" }) // "/users/twitcasting_jp/movies"
 * ```
 *
 * @category encoding
 * @since 0.1.0
 */
export const fillPath = (template: string, params: Params): string => {
  const parts = templateParts(template)
  let path = parts[0]!
  for (let i = 1; i < parts.length; i += 2) path += encodeURIComponent(params[parts[i]!] ?? "") + parts[i + 1]!
  return path
}

/** A template split into literal text and parameter names, alternately; split once per template. */
const templateParts = (() => {
  const cache = new Map<string, ReadonlyArray<string>>()
  return (template: string): ReadonlyArray<string> => {
    const cached = cache.get(template)
    if (cached !== undefined) return cached
    const parts = template.split(/:([a-z_]+)/)
    // the API has a few dozen templates; anything beyond is not worth keeping
    if (cache.size < 256) cache.set(template, parts)
    return parts
  }
})()
