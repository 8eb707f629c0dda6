/**
 * The typed failures of every call, each a `Schema.TaggedError` you can
 * handle with `Effect.catchTag`.
 *
 * **Details**
 *
 * | error | when |
 * | --- | --- |
 * | `ValidationError` | input broke a rule (checked before sending), or the API answered 1001 |
 * | `AuthenticationError` | the API answered 1000 / 401, or the call needs the other kind of credentials |
 * | `RateLimitError` | the API answered 2000 (or 429) and retries were spent, or the wait exceeds the configured maximum |
 * | `NotFoundError` | the API answered 404 |
 * | `ApiError` | any other API error, with its status, code, message and details |
 * | `UnexpectedResponseError` | a response that is not JSON or not the documented shape |
 * | `SignatureError` | an incoming webhook whose signature does not match |
 * | `OptionsError` | a layer was given options it cannot work with (an empty token, a malformed base URL) |
 * | `HttpClientError.RequestError` | transport failures (from `@effect/platform`) |
 *
 * No error carries a token, client secret or webhook signature.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const program = Users.getUserInfo({ screenId: "nobody_here" }).pipe(
 *   Effect.map(({ user }) => user.name),
 *   Effect.catchTag("NotFoundError", () => Effect.succeed("(no such user)"))
 * )
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#error-codes
 * @since 0.1.0
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as Schema from "effect/Schema"

/**
 * One broken rule: the input field (or, for API answers, the wire
 * parameter) and what is wrong with it.
 *
 * @example
 * ```ts
 * import { Errors } from "@effect-twitcasting/sdk"
 *
 * const issue: Errors.Issue = { field: "limit", message: "must be an integer from 1 to 50" }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export const Issue = Schema.Struct({ field: Schema.String, message: Schema.String })

/**
 * A broken input rule: the field and what is wrong with it.
 *
 * @example
 * ```ts
 * import type { Errors } from "@effect-twitcasting/sdk"
 *
 * const line = (issue: Errors.Issue) => `${issue.field}: ${issue.message}`
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Issue = typeof Issue.Type

/**
 * Input that breaks one of the API's rules.
 *
 * **Details**
 *
 * With `source: "client"` the SDK found the problem before sending anything;
 * with `source: "api"` the API answered code 1001 and `issues` lists its
 * `details` (one entry per reason); with `source: "webhook"` an incoming
 * webhook payload was not the documented shape.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const program = Comments.postComment({ movieId: "189037369", comment: "" }).pipe(
 *   Effect.catchTag("ValidationError", (error) => Effect.logWarning(error.issues))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class ValidationError extends Schema.TaggedError<ValidationError>("@effect-twitcasting/sdk/ValidationError")(
  "ValidationError",
  {
    endpoint: Schema.String,
    source: Schema.Literal("client", "api", "webhook"),
    issues: Schema.Array(Issue)
  }
) {
  override get message(): string {
    const issues = this.issues.map((issue) => issue.field === "" ? issue.message : `${issue.field} ${issue.message}`)
    return `${this.endpoint}: invalid input (${this.source}): ${issues.join("; ")}`
  }
}

/**
 * The credentials were refused (code 1000 / HTTP 401), or the call needs the
 * other kind of credentials than the `Auth` layer holds (checked before
 * sending).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const program = Users.verifyCredentials().pipe(
 *   Effect.catchTag("AuthenticationError", (error) => Effect.logError(`log in again: ${error.message}`))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class AuthenticationError extends Schema.TaggedError<AuthenticationError>(
  "@effect-twitcasting/sdk/AuthenticationError"
)("AuthenticationError", {
  endpoint: Schema.String,
  status: Schema.optional(Schema.Number),
  code: Schema.optional(Schema.Number),
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.endpoint}: ${this.reason}`
  }
}

/**
 * The token's call budget is spent (code 2000, answered with HTTP 403, or a
 * 429), and waiting for the reset was not allowed or did not help.
 *
 * **Details**
 *
 * `reset` is when the window resets, from `X-RateLimit-Reset`, when the API
 * said. The client already waited and retried as far as the `Retry` policy
 * allows before failing with this.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Search } from "@effect-twitcasting/sdk"
 *
 * const program = Search.searchUsers({ words: "ツイキャス" }).pipe(
 *   Effect.catchTag("RateLimitError", (error) =>
 *     Effect.logWarning(`try again after ${Option.getOrElse(error.reset, () => "a minute")}`))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class RateLimitError extends Schema.TaggedError<RateLimitError>("@effect-twitcasting/sdk/RateLimitError")(
  "RateLimitError",
  {
    endpoint: Schema.String,
    reset: Schema.Option(Schema.DateTimeUtc),
    sent: Schema.Boolean
  }
) {
  override get message(): string {
    const when = this.reset._tag === "Some" ? ` until ${this.reset.value.toJSON()}` : ""
    return `${this.endpoint}: rate limit reached${when}${this.sent ? "" : " (not sent)"}`
  }
}

/**
 * The API answered 404: the user, movie or comment does not exist (or the
 * user is not live, for `getCurrentLive`).
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const currentLive = Movies.getCurrentLive({ screenId: "twitcasting_jp" }).pipe(
 *   Effect.map(Option.some),
 *   Effect.catchTag("NotFoundError", () => Effect.succeedNone)
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class NotFoundError extends Schema.TaggedError<NotFoundError>("@effect-twitcasting/sdk/NotFoundError")(
  "NotFoundError",
  {
    endpoint: Schema.String,
    code: Schema.Number,
    /** What the API said. */
    reason: Schema.String,
    /** What the 404 means for this call: `"not found"`, or for `getCurrentLive` that the user is not live. */
    meaning: Schema.optionalWith(Schema.String, { default: () => "not found" })
  }
) {
  override get message(): string {
    return `${this.endpoint}: ${this.meaning} (the API said: ${this.reason})`
  }
}

/**
 * Any other error the API answered, as it said it: the HTTP status, the
 * API's code and message, and its details when present.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const program = Comments.postComment({ movieId: "189037369", comment: "hi" }).pipe(
 *   Effect.catchTag("ApiError", (error) =>
 *     error.code === 2004 ? Effect.logWarning("too many comments, slow down") : Effect.fail(error))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class ApiError extends Schema.TaggedError<ApiError>("@effect-twitcasting/sdk/ApiError")("ApiError", {
  endpoint: Schema.String,
  status: Schema.Number,
  code: Schema.Number,
  reason: Schema.String,
  details: Schema.optional(Schema.Unknown)
}) {
  override get message(): string {
    return `${this.endpoint}: API error ${this.code} (HTTP ${this.status}): ${this.reason}`
  }
}

/**
 * A response that could not be understood: not JSON (an HTML error page, an
 * empty or truncated body), or JSON that is not the documented shape.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Categories } from "@effect-twitcasting/sdk"
 *
 * const program = Categories.getCategories().pipe(
 *   Effect.catchTag("UnexpectedResponseError", (error) => Effect.logError(error.description))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class UnexpectedResponseError
  extends Schema.TaggedError<UnexpectedResponseError>("@effect-twitcasting/sdk/UnexpectedResponseError")(
    "UnexpectedResponseError",
    {
      endpoint: Schema.String,
      status: Schema.Number,
      description: Schema.String
    }
  )
{
  override get message(): string {
    return `${this.endpoint}: unexpected response (HTTP ${this.status}): ${this.description}`
  }
}

/**
 * Options a service was built with break a rule (an empty token, a base
 * URL that is not one): the layer fails before any call is sent.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const checked = Auth.make({ credentials: Auth.userToken(Redacted.make("")) }).pipe(
 *   Effect.catchTag("OptionsError", (error) => Effect.logError(error.message))
 * )
 * ```
 *
 * @category errors
 * @since 0.3.0
 */
export class OptionsError extends Schema.TaggedError<OptionsError>("@effect-twitcasting/sdk/OptionsError")(
  "OptionsError",
  {
    module: Schema.String,
    issues: Schema.Array(Issue)
  }
) {
  override get message(): string {
    return `${this.module}: ${this.issues.map((issue) => `${issue.field} ${issue.message}`).join("; ")}`
  }
}

/**
 * An incoming webhook whose signature is missing or does not match the
 * app's. The signatures themselves are never included.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const handle = (payload: unknown) =>
 *   Webhooks.incomingWebhook(payload).pipe(
 *     Effect.catchTag("SignatureError", () => Effect.logWarning("forged webhook ignored"))
 *   )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class SignatureError extends Schema.TaggedError<SignatureError>("@effect-twitcasting/sdk/SignatureError")(
  "SignatureError",
  {
    reason: Schema.Literal("mismatch", "missing", "not-configured")
  }
) {
  override get message(): string {
    switch (this.reason) {
      case "mismatch":
        return "webhook signature does not match"
      case "missing":
        return "webhook payload has no signature"
      case "not-configured":
        return "no webhook signature to verify against: set TWITCASTING_WEBHOOK_SIGNATURE " +
          "(or Auth's webhookSignature) to your app's signature"
    }
  }
}

/**
 * The realtime lives socket failed and gave up reconnecting: it could not
 * connect (`"open"`: unreachable, or the credentials were refused), or it
 * kept being closed (`"closed"`). Never carries the URL, which holds the
 * credentials.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Realtime } from "@effect-twitcasting/sdk"
 *
 * const lives = Realtime.lives().pipe(
 *   Stream.catchTag("RealtimeError", (error) => Stream.fromEffect(Effect.logError(error.message)).pipe(Stream.drain))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class RealtimeError extends Schema.TaggedError<RealtimeError>("@effect-twitcasting/sdk/RealtimeError")(
  "RealtimeError",
  {
    reason: Schema.Literal("open", "closed"),
    attempts: Schema.Number,
    code: Schema.optional(Schema.Number)
  }
) {
  override get message(): string {
    const code = this.code === undefined ? "" : ` (close code ${this.code})`
    return this.reason === "open"
      ? `realtime lives: could not connect after ${this.attempts} attempts${code}`
      : `realtime lives: connection kept closing, gave up after ${this.attempts} attempts${code}`
  }
}

/**
 * An OAuth step failed: the redirect's `state` is not the one sent
 * (`"state-mismatch"`), the user or the service refused (`"denied"`), the
 * redirect lacks its code or token (`"invalid-redirect"`), or the code could
 * not be exchanged (`"exchange-failed"`, with the HTTP status when there was
 * an answer). Never carries the code, the token or the client secret.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { OAuth } from "@effect-twitcasting/sdk"
 *
 * const code = OAuth.parseCodeRedirect("https://example.com/cb?code=c&state=x", Redacted.make("y")).pipe(
 *   Effect.catchTag("OAuthError", (error) => Effect.logWarning(error.message).pipe(Effect.as(undefined)))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class OAuthError extends Schema.TaggedError<OAuthError>("@effect-twitcasting/sdk/OAuthError")(
  "OAuthError",
  {
    reason: Schema.Literal("state-mismatch", "denied", "invalid-redirect", "exchange-failed"),
    status: Schema.optional(Schema.Number),
    description: Schema.String
  }
) {
  override get message(): string {
    return `OAuth (${this.reason}): ${this.description}`
  }
}

/**
 * Every failure an API call can end in.
 *
 * @example
 * ```ts
 * import type { Errors } from "@effect-twitcasting/sdk"
 *
 * const describe = (error: Errors.CallError): string => `${error._tag}: ${error.message}`
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type CallError =
  | ValidationError
  | AuthenticationError
  | RateLimitError
  | NotFoundError
  | ApiError
  | UnexpectedResponseError
  | HttpClientError.RequestError

const callErrors: ReadonlyArray<new(...args: ReadonlyArray<never>) => CallError> = [
  ValidationError,
  AuthenticationError,
  RateLimitError,
  NotFoundError,
  ApiError,
  UnexpectedResponseError
]

/**
 * Whether a value is one of the failures an API call can end in: one of
 * the SDK's call errors, or a transport `RequestError`.
 *
 * **When to use**
 *
 * To tell the SDK's typed failures from anything else in a `Cause` or a
 * value of unknown type (a defect, an error of your own).
 *
 * @example
 * ```ts
 * import { Errors } from "@effect-twitcasting/sdk"
 *
 * const typed = (value: unknown) => Errors.isCallError(value) ? value._tag : "something else"
 * ```
 *
 * @category guards
 * @since 0.2.0
 */
export const isCallError = (value: unknown): value is CallError =>
  callErrors.some((error) => value instanceof error) ||
  (HttpClientError.isHttpClientError(value) && value._tag === "RequestError")
