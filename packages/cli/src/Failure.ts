/**
 * How a failed command ends: one plain line on standard error saying what
 * went wrong and what to do, and an exit code.
 *
 * **Details**
 *
 * | exit code | when |
 * | --- | --- |
 * | 0 | it worked (and `live` of a user who is not live) |
 * | 1 | the API refused or failed, the network, the token file, a port in use |
 * | 2 | usage: a bad option or argument, input the API's rules refuse before sending, missing credentials or settings |
 *
 * @example
 * ```ts
 * import { Errors } from "@effect-twitcasting/sdk"
 * import { Failure } from "@effect-twitcasting/cli"
 *
 * const { exitCode, line } = Failure.explain(new Errors.AuthenticationError({ endpoint: "Users.verifyCredentials", reason: "invalid token" }))
 * ```
 *
 * @since 0.1.0
 */
import * as Errors from "@effect-twitcasting/sdk/Errors"
import * as ValidationError from "@effect/cli/ValidationError"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as ConfigError from "effect/ConfigError"
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import { LoginError } from "./commands/Login.js"
import * as Credentials from "./Credentials.js"
import * as Store from "./Store.js"

/**
 * What a failure comes to.
 *
 * @example
 * ```ts
 * import { Option } from "effect"
 * import type { Failure } from "@effect-twitcasting/cli"
 *
 * const usage: Failure.Explained = { exitCode: 2, line: Option.none() }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Explained {
  readonly exitCode: 1 | 2
  /** The line to print; none when `@effect/cli` already printed the usage error. */
  readonly line: Option.Option<string>
}

const api = (line: string): Explained => ({ exitCode: 1, line: Option.some(line) })
const usage = (line: string): Explained => ({ exitCode: 2, line: Option.some(line) })

const loginHint = "run `twitcasting login` (or set TWITCASTING_ACCESS_TOKEN)"

/**
 * The line and exit code of a command's failure.
 *
 * @example
 * ```ts
 * import { Failure } from "@effect-twitcasting/cli"
 *
 * const explained = Failure.explain(new Error("boom"))
 * ```
 *
 * @category explaining
 * @since 0.1.0
 */
export const explain = (error: unknown): Explained => {
  if (ValidationError.isValidationError(error)) return { exitCode: 2, line: Option.none() }
  if (ConfigError.isConfigError(error)) return usage(`bad setting: ${String(error)}`)
  if (error instanceof Credentials.MissingCredentials) return usage(error.message)
  if (error instanceof Errors.OptionsError) return usage(`bad setting: ${error.message}`)
  if (error instanceof Errors.ValidationError) {
    const issues = error.issues.map((issue) => issue.field === "" ? issue.message : `${issue.field} ${issue.message}`)
    return error.source === "client"
      ? usage(`invalid input: ${issues.join("; ")}`)
      : api(`the API refused the input: ${issues.join("; ")}`)
  }
  if (error instanceof Errors.AuthenticationError) {
    return error.status === undefined
      ? usage(`${error.reason}`)
      : api(`the API refused the credentials (${error.reason}): ${loginHint}`)
  }
  if (error instanceof Errors.RateLimitError) {
    const until = Option.match(error.reset, {
      onNone: () => "",
      onSome: (reset) => ` until ${DateTime.formatIso(reset)}`
    })
    return api(`rate limited${until}: try again later`)
  }
  if (error instanceof Errors.NotFoundError) return api(`not found (${error.reason}): check the id`)
  if (error instanceof Errors.ApiError) {
    return api(`the API answered ${error.status} (code ${error.code}): ${error.reason}`)
  }
  if (error instanceof Errors.UnexpectedResponseError) {
    return api(`unexpected answer from the API (HTTP ${error.status}): ${error.description}; check --base-url`)
  }
  if (error instanceof Errors.OAuthError) return api(`login failed: ${error.description}`)
  if (error instanceof Errors.RealtimeError) return api(`${error.message}; check your network or --base-url`)
  if (error instanceof Errors.SignatureError) {
    return error.reason === "not-configured"
      ? usage("set TWITCASTING_WEBHOOK_SIGNATURE (your app's webhook signature) to check notifications")
      : api(error.message)
  }
  if (error instanceof Store.StoreError) return api(error.message)
  if (error instanceof LoginError) return error.usage ? usage(error.message) : api(error.message)
  if (error instanceof HttpServerError.ServeError) return api(`could not serve: ${describeCause(error.cause)}`)
  if (HttpClientError.isHttpClientError(error)) {
    return api(`could not reach ${error.request.url} (${error.reason}): check your network or --base-url`)
  }
  if (Predicate.hasProperty(error, "message") && typeof error.message === "string") return api(error.message)
  return api(String(error))
}

/** The message of a cause, for an error that wraps one (a port in use...). */
const describeCause = (cause: unknown): string =>
  Predicate.hasProperty(cause, "message") && typeof cause.message === "string" ? cause.message : String(cause)
