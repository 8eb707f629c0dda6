/**
 * What the SDK adds to `@effect/platform`'s `HttpApiEndpoint` declarations:
 * each endpoint's credentials kind, idempotency and rate-limit bucket, the
 * API's error bodies, and the types of the calls derived from a declaration.
 *
 * **Details**
 *
 * Every endpoint is declared once, with `HttpApiEndpoint`, in the
 * `HttpApiGroup` of its module (`Users.group`, `Movies.group`, ...). Its
 * path, query and payload schemas map the caller's camelCase input onto the
 * wire (their type side holds the validation rules, their encoded side is
 * what travels), and its success schema decodes the answer. The SDK's calls,
 * the simulator (through `HttpApiBuilder`) and the OpenAPI document
 * (`Api.openApi`) are all derived from those declarations.
 *
 * @example
 * ```ts
 * import { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * for (const { endpoint, group } of Api.endpoints) {
 *   const { access, bucket, idempotent } = Endpoint.metaOf(endpoint)
 *   console.log(group, endpoint.method, endpoint.path, access, idempotent, bucket)
 * }
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import type * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { Auth } from "./Auth.js"
import type { CallError } from "./Errors.js"
import type { RateLimit } from "./RateLimit.js"

/**
 * Which credentials the API accepts for an endpoint: a user token only, app
 * credentials only, either, or none at all.
 *
 * @example
 * ```ts
 * import { Endpoint, Webhooks } from "@effect-twitcasting/sdk"
 *
 * const access = Endpoint.metaOf(Webhooks.group.endpoints["registerWebhook"]!).access // "app"
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Access = "user" | "app" | "any" | "none"

/**
 * The SDK's facts about an endpoint, carried as an annotation on its
 * `HttpApiEndpoint` declaration.
 *
 * **Details**
 *
 * - `access`: the credentials the API accepts ({@link Access}).
 * - `idempotent`: whether a transient failure may be retried without risk
 *   of doing the call twice. A call that is not idempotent is never sent
 *   again once it may have reached the server.
 * - `bucket`: the rate-limit window the API counts the call in. Most calls
 *   share `"default"`; the supporter lists have their own (`"supporters"`).
 * - `notFound`: what the API's 404 means for this call, for the message of
 *   its `NotFoundError` (`"not found"` by default; `getCurrentLive` says the
 *   user is not live).
 *
 * @example
 * ```ts
 * import { HttpApiEndpoint } from "@effect/platform"
 * import { Schema } from "effect"
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const getThing = HttpApiEndpoint.get("getThing", "/things")
 *   .addSuccess(Schema.Struct({ name: Schema.String }))
 *   .annotateContext(Endpoint.meta({ access: "any", idempotent: true }))
 * ```
 *
 * @category annotations
 * @since 0.2.0
 */
export class Meta extends Context.Tag("@effect-twitcasting/sdk/Endpoint/Meta")<Meta, {
  readonly access: Access
  readonly idempotent: boolean
  readonly bucket: string
  readonly notFound: string
}>() {}

/**
 * The annotation to put on a declaration with `annotateContext`; the
 * bucket defaults to `"default"`, what a 404 means to `"not found"`.
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const annotation = Endpoint.meta({ access: "user", idempotent: false })
 * ```
 *
 * @category annotations
 * @since 0.2.0
 */
export const meta = (options: {
  readonly access: Access
  readonly idempotent: boolean
  readonly bucket?: string | undefined
  readonly notFound?: string | undefined
}): Context.Context<Meta> =>
  Context.make(Meta, {
    access: options.access,
    idempotent: options.idempotent,
    bucket: options.bucket ?? "default",
    notFound: options.notFound ?? "not found"
  })

/**
 * The SDK's facts about a declared endpoint. An endpoint declared without
 * them is taken as the strictest: user credentials, not idempotent.
 *
 * @example
 * ```ts
 * import { Endpoint, Supporters } from "@effect-twitcasting/sdk"
 *
 * Endpoint.metaOf(Supporters.group.endpoints["supporterList"]!).bucket // "supporters"
 * ```
 *
 * @category annotations
 * @since 0.2.0
 */
export const metaOf = (endpoint: { readonly annotations: Context.Context<never> }): Meta["Type"] =>
  Context.getOrElse(endpoint.annotations, Meta, () => strictest)

const strictest: Meta["Type"] = { access: "user", idempotent: false, bucket: "default", notFound: "not found" }

/**
 * The inside of every error the API answers: a numeric `code` (1000 invalid
 * token, 1001 validation, 2000 rate limit, ...), a message, and for
 * validation errors the reasons per parameter in `details`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const detail = Schema.decodeUnknownSync(Endpoint.ErrorDetail)({ code: 1000, message: "Invalid token" })
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export const ErrorDetail = Schema.Struct({
  code: Schema.Number,
  message: Schema.String,
  details: Schema.optional(Schema.Unknown)
})

/**
 * The body of an error answer with status 400: validation (1001) and bad
 * webhook URLs (1002).
 *
 * **Details**
 *
 * The API's error bodies all have one shape; one class per status lets a
 * server built with `HttpApiBuilder` (the simulator) answer each refusal
 * with its status, and the OpenAPI document list them. The SDK's calls do
 * not decode errors through these: the status alone does not tell a rate
 * limit (403, code 2000) from a missing permission (403, code 2005), and a
 * rate limit's meaning is in its headers, so the client reads error answers
 * itself (see `Errors`).
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const refusal = new Endpoint.BadRequest({ error: { code: 1001, message: "Validation error" } })
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export class BadRequest extends Schema.Class<BadRequest>("BadRequest")(
  { error: ErrorDetail },
  HttpApiSchema.annotations({ status: 400 })
) {}

/**
 * The body of an error answer with status 401: invalid credentials (1000).
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const refusal = new Endpoint.Unauthorized({ error: { code: 1000, message: "Invalid token" } })
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export class Unauthorized extends Schema.Class<Unauthorized>("Unauthorized")(
  { error: ErrorDetail },
  HttpApiSchema.annotations({ status: 401 })
) {}

/**
 * The body of an error answer with status 403: the rate limit (2000) and
 * the refusals 2001 to 2006 (application disabled, protected, duplicate,
 * too many comments, out of scope, email unverified).
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const refusal = new Endpoint.Forbidden({ error: { code: 2000, message: "Execution Count Limitation" } })
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export class Forbidden extends Schema.Class<Forbidden>("Forbidden")(
  { error: ErrorDetail },
  HttpApiSchema.annotations({ status: 403 })
) {}

/**
 * The body of an error answer with status 404.
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const refusal = new Endpoint.NotFound({ error: { code: 404, message: "Not Found" } })
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export class NotFound extends Schema.Class<NotFound>("NotFound")(
  { error: ErrorDetail },
  HttpApiSchema.annotations({ status: 404 })
) {}

/**
 * The body of an error answer with status 500.
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const refusal = new Endpoint.InternalServerError({ error: { code: 500, message: "Internal Server Error" } })
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export class InternalServerError extends Schema.Class<InternalServerError>("InternalServerError")(
  { error: ErrorDetail },
  HttpApiSchema.annotations({ status: 500 })
) {}

/**
 * Any error body the API answers.
 *
 * @example
 * ```ts
 * import { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const code = (refusal: Endpoint.Refusal) => refusal.error.code
 * ```
 *
 * @category errors
 * @since 0.2.0
 */
export type Refusal = BadRequest | Unauthorized | Forbidden | NotFound | InternalServerError

/**
 * The declaration of the endpoint named `N` in group `G`.
 *
 * @example
 * ```ts
 * import type { Endpoint, Users } from "@effect-twitcasting/sdk"
 *
 * type GetUserInfo = Endpoint.Of<typeof Users.group, "getUserInfo">
 * ```
 *
 * @category type-level
 * @since 0.2.0
 */
export type Of<G extends HttpApiGroup.HttpApiGroup.Any, N extends string> = HttpApiEndpoint.HttpApiEndpoint.WithName<
  HttpApiGroup.HttpApiGroup.Endpoints<G>,
  N
>

type Part<A> = [A] extends [never] ? {} : A

/**
 * The input a caller passes: the type sides of the path, query and payload
 * schemas, flattened into one object.
 *
 * @example
 * ```ts
 * import type { Comments, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const input: Endpoint.Input<Endpoint.Of<typeof Comments.group, "getComments">> = { movieId: "189037369", limit: 10 }
 * ```
 *
 * @category type-level
 * @since 0.1.0
 */
export type Input<E> = E extends HttpApiEndpoint.HttpApiEndpoint<
  infer _Name,
  infer _Method,
  infer Path,
  infer UrlParams,
  infer Payload,
  infer _Headers,
  infer _Success,
  infer _Error,
  infer _R,
  infer _RE
> ? Part<Path> & Part<UrlParams> & Part<Payload>
  : never

/**
 * The decoded success body.
 *
 * @example
 * ```ts
 * import type { Comments, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const count = (body: Endpoint.Success<Endpoint.Of<typeof Comments.group, "getComments">>) => body.allCount
 * ```
 *
 * @category type-level
 * @since 0.1.0
 */
export type Success<E> = E extends HttpApiEndpoint.HttpApiEndpoint.Any ? HttpApiEndpoint.HttpApiEndpoint.Success<E>
  : never

/**
 * The arguments of a call: the input, optional when every input field is.
 *
 * @example
 * ```ts
 * import type { Endpoint, Users } from "@effect-twitcasting/sdk"
 *
 * const none: Endpoint.Args<Endpoint.Of<typeof Users.group, "verifyCredentials">> = []
 * ```
 *
 * @category type-level
 * @since 0.1.0
 */
export type Args<E> = {} extends Input<E> ? [input?: Input<E>] : [input: Input<E>]

/**
 * What a call succeeds with: the decoded body (or `A`, the value a call
 * makes of it, such as the thumbnail's image), plus the rate-limit state
 * reported by the answer that produced it.
 *
 * **Details**
 *
 * It resolves to the plain object type (`{ readonly user: Models.User; ... }
 * & RateLimited`), so editors and the API
 * reference show the fields rather than the declaration it came from.
 *
 * @example
 * ```ts
 * import { Option } from "effect"
 * import type { Endpoint, Users } from "@effect-twitcasting/sdk"
 *
 * const left = (result: Endpoint.Result<Endpoint.Of<typeof Users.group, "getUserInfo">>) =>
 *   Option.map(result.rateLimit, (r) => r.remaining)
 * ```
 *
 * @category type-level
 * @since 0.1.0
 */
export type Result<E, A = Success<E>> = [E] extends [unknown] ? A & RateLimited : never

/**
 * What every call's result carries besides its body: the rate-limit state
 * reported by the answer that produced it (none when the answer had no
 * `X-RateLimit-*` headers).
 *
 * @example
 * ```ts
 * import { Option } from "effect"
 * import type { Endpoint } from "@effect-twitcasting/sdk"
 *
 * const remaining = (result: Endpoint.RateLimited) => Option.map(result.rateLimit, (r) => r.remaining)
 * ```
 *
 * @category type-level
 * @since 0.2.0
 */
export interface RateLimited {
  readonly rateLimit: Option.Option<RateLimit>
}

/**
 * The call derived from a declaration: validates its input, sends it with
 * the `Auth` credentials through the `HttpClient`, waits and retries as the
 * `Retry` settings say, and decodes the answer.
 *
 * **Details**
 *
 * It resolves to a plain function type over the decoded input and result,
 * so a call reads, in an editor's hover and in the API reference, as
 * `(input: { readonly movieId: string }) => Effect<{ readonly movie:
 * Models.Movie; ... } & RateLimited, CallError, HttpClient | Auth>`, not
 * as its `HttpApiEndpoint` declaration with the wire's snake_case types.
 * The input is optional when every input field is ({@link Args}).
 *
 * @example
 * ```ts
 * import { Endpoint, Users } from "@effect-twitcasting/sdk"
 *
 * const lookUp: Endpoint.Call<Endpoint.Of<typeof Users.group, "getUserInfo">> = Users.getUserInfo
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Call<E, A = Success<E>> = {} extends Input<E>
  ? (input?: Input<E>) => Effect.Effect<A & RateLimited, CallError, HttpClient.HttpClient | Auth>
  : (input: Input<E>) => Effect.Effect<A & RateLimited, CallError, HttpClient.HttpClient | Auth>
