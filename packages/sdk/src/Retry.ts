/**
 * How calls wait and retry: on rate limits, and on transient failures of
 * calls that are safe to repeat.
 *
 * **Details**
 *
 * - Rate budget: every call takes a permit of its token's rate-limit bucket
 *   before it is sent (see `Budget`), so a call that would be refused waits
 *   for its window instead, in turn with the other waiting calls.
 * - Rate limit: when the API still answers code 2000 (HTTP 403) or 429
 *   (another client spent the budget), the call goes back to the budget,
 *   which has learned the window from the refusal and holds the call until
 *   its reset, at most `rateLimitRetries` times. A refusal without
 *   rate-limit headers is tried again after between half and all of
 *   `rateLimitJitter`. A rate-limited request was refused by the API, so
 *   this applies to every call, writes included.
 * - A wait longer than `maxRateLimitWait` fails at once with a
 *   `RateLimitError`: `sent: false` when the call was never sent, or the
 *   refusal itself (`sent: true`) when the wait for a retry is that long.
 * - Transient failures (5xx, connection errors, timeouts) of calls declared
 *   idempotent are retried as the `transient` `Schedule` says: by default up
 *   to `retries` times, backing off exponentially from `baseDelay` to at most
 *   `maxDelay`, with jitter. A `POST` (posting a comment, setting a subtitle,
 *   registering a webhook) is never repeated once it may have reached the
 *   server, whatever the schedule.
 * - Timeout: one request, its body included, may take at most `timeout`;
 *   then the attempt is interrupted (which aborts the request) and fails
 *   with a transport `RequestError` (retried as above).
 *
 * @example
 * ```ts
 * import { Duration, Effect } from "effect"
 * import { Retry, Users } from "@effect-twitcasting/sdk"
 *
 * const impatient = Users.getUserInfo({ id: "182224938" }).pipe(
 *   Effect.provide(Retry.layer({ retries: 1, maxRateLimitWait: Duration.seconds(5) }))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import type { CallError } from "./Errors.js"

/**
 * The retry settings.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const timeout = Effect.map(Retry.Retry, (settings: Retry.Settings) => settings.timeout)
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Settings {
  /**
   * When an idempotent call that failed goes again: the schedule sees each
   * failure and decides. Default: {@link transient} with 3 retries from
   * 250 ms to at most 10 s.
   */
  readonly transient: Schedule.Schedule<unknown, CallError>
  /** Retries after a rate-limit answer. Default 3. */
  readonly rateLimitRetries: number
  /** Longest wait for a rate-limit reset. Default 65 s. */
  readonly maxRateLimitWait: Duration.Duration
  /** Wait after a refusal that says no window (no rate-limit headers): between half and all of it. Default 1 s. */
  readonly rateLimitJitter: Duration.Duration
  /** Time allowed for one request, including reading its body. Default 30 s. */
  readonly timeout: Duration.Duration
}

/**
 * Whether a failure may pass if the call is made again: a transport failure
 * (connection refused or reset, timeout, a body that broke off) or a 5xx
 * answer.
 *
 * @example
 * ```ts
 * import { Schedule } from "effect"
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const onceMore = Schedule.recurs(1).pipe(Schedule.whileInput(Retry.isTransient))
 * ```
 *
 * @category predicates
 * @since 0.2.0
 */
export const isTransient = (error: CallError): boolean => {
  switch (error._tag) {
    case "RequestError":
      return error.reason === "Transport"
    case "ApiError":
    case "UnexpectedResponseError":
      return error.status >= 500
    default:
      return false
  }
}

/**
 * The default schedule for transient failures: exponential backoff from
 * `baseDelay`, each delay at most `maxDelay` and jittered, at most
 * `retries` times, and only while the failure {@link isTransient}.
 *
 * **When to use**
 *
 * To keep the default's shape with other numbers; for another shape, pass
 * any `Schedule` as `transient` to {@link layer}.
 *
 * @example
 * ```ts
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const patient = Retry.layer({ transient: Retry.transient({ retries: 6, baseDelay: "1 second", maxDelay: "30 seconds" }) })
 * ```
 *
 * @category constructors
 * @since 0.2.0
 */
export const transient = (options: {
  readonly retries: number
  readonly baseDelay: Duration.DurationInput
  readonly maxDelay: Duration.DurationInput
}): Schedule.Schedule<unknown, CallError> =>
  Schedule.exponential(options.baseDelay).pipe(
    Schedule.union(Schedule.spaced(options.maxDelay)),
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(options.retries)),
    Schedule.whileInput(isTransient)
  )

/**
 * The settings used when none are provided.
 *
 * @example
 * ```ts
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const limit = Retry.defaults.timeout
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaults: Settings = {
  transient: transient({ retries: 3, baseDelay: "250 millis", maxDelay: "10 seconds" }),
  rateLimitRetries: 3,
  maxRateLimitWait: Duration.seconds(65),
  rateLimitJitter: Duration.seconds(1),
  timeout: Duration.seconds(30)
}

/**
 * The retry settings of the calls, with {@link defaults} when not provided.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.map(Retry.Retry, (settings) => settings.rateLimitRetries)
 * ```
 *
 * @category tags
 * @since 0.1.0
 */
export class Retry extends Context.Reference<Retry>()("@effect-twitcasting/sdk/Retry", {
  defaultValue: () => defaults
}) {}

/**
 * What {@link layer} accepts: any setting, with durations as
 * `DurationInput`; `retries`, `baseDelay` and `maxDelay` shape the default
 * `transient` schedule when no schedule is given.
 *
 * @example
 * ```ts
 * import type { Retry } from "@effect-twitcasting/sdk"
 *
 * const overrides: Retry.Overrides = { retries: 0, timeout: "5 seconds" }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Overrides {
  readonly transient?: Schedule.Schedule<unknown, CallError> | undefined
  /** Retries of a transient failure of an idempotent call. Default 3. */
  readonly retries?: number | undefined
  /** First backoff delay. Default 250 ms. */
  readonly baseDelay?: Duration.DurationInput | undefined
  /** Largest backoff delay. Default 10 s. */
  readonly maxDelay?: Duration.DurationInput | undefined
  readonly rateLimitRetries?: number | undefined
  readonly maxRateLimitWait?: Duration.DurationInput | undefined
  readonly rateLimitJitter?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * Retry settings for the calls of a program, from the defaults with some
 * replaced.
 *
 * @example
 * ```ts
 * import { Schedule } from "effect"
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const never = Retry.layer({ transient: Schedule.stop, rateLimitRetries: 0 })
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (overrides: Overrides): Layer.Layer<Retry> => {
  const duration = (value: Duration.DurationInput | undefined, fallback: Duration.Duration) =>
    value === undefined ? fallback : Duration.decode(value)
  const shaped = overrides.retries !== undefined || overrides.baseDelay !== undefined ||
    overrides.maxDelay !== undefined
  return Layer.succeed(Retry, {
    transient: overrides.transient ??
      (shaped
        ? transient({
          retries: overrides.retries ?? 3,
          baseDelay: overrides.baseDelay ?? "250 millis",
          maxDelay: overrides.maxDelay ?? "10 seconds"
        })
        : defaults.transient),
    rateLimitRetries: overrides.rateLimitRetries ?? defaults.rateLimitRetries,
    maxRateLimitWait: duration(overrides.maxRateLimitWait, defaults.maxRateLimitWait),
    rateLimitJitter: duration(overrides.rateLimitJitter, defaults.rateLimitJitter),
    timeout: duration(overrides.timeout, defaults.timeout)
  })
}
