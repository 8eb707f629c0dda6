/**
 * How calls wait and retry: on rate limits, and on transient failures of
 * calls that are safe to repeat.
 *
 * **Details**
 *
 * - Rate limit: when the API answers code 2000 (HTTP 403) or 429, the call
 *   waits until `X-RateLimit-Reset` plus a random jitter of up to
 *   `rateLimitJitter`, then tries again, at most `rateLimitRetries` times. A
 *   rate-limited request was refused by the API, so this applies to every
 *   call, writes included.
 * - Spent budget: when the last response of the same token said
 *   `remaining: 0` and its reset is still ahead, the call waits for the reset
 *   before sending instead of burning a request.
 * - Either wait longer than `maxRateLimitWait` fails at once with a
 *   `RateLimitError`.
 * - Transient failures (5xx, connection errors, timeouts) of calls declared
 *   idempotent are retried up to `retries` times, backing off exponentially
 *   from `baseDelay` to at most `maxDelay`, each delay drawn at random from
 *   its upper half. A `POST` (posting a comment, setting a subtitle,
 *   registering a webhook) is never repeated once it may have reached the
 *   server.
 * - Timeout: one request, its body included, may take at most `timeout`;
 *   then the request is aborted and the attempt fails with a transport
 *   `RequestError` (retried as above).
 *
 * **Gotchas**
 *
 * - On the live clock the timeout aborts a request through the abort signal
 *   the `HttpClient` hands to its transport, which every `@effect/platform`
 *   client honours. A hand-written client that ignores the signal is not
 *   cut short: the attempt waits for its answer (and a failure then is
 *   reported as the timeout). Under the `TestClock` the attempt is
 *   interrupted instead, so test doubles time out as expected.
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
  /** Retries of a transient failure of an idempotent call. Default 3. */
  readonly retries: number
  /** First backoff delay. Default 250 ms. */
  readonly baseDelay: Duration.Duration
  /** Largest backoff delay. Default 10 s. */
  readonly maxDelay: Duration.Duration
  /** Retries after a rate-limit answer. Default 3. */
  readonly rateLimitRetries: number
  /** Longest wait for a rate-limit reset. Default 65 s. */
  readonly maxRateLimitWait: Duration.Duration
  /** Largest random delay added after a reset. Default 1 s. */
  readonly rateLimitJitter: Duration.Duration
  /** Time allowed for one request, including reading its body. Default 30 s. */
  readonly timeout: Duration.Duration
}

/**
 * The settings used when none are provided.
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const seconds = Duration.toSeconds(Retry.defaults.maxRateLimitWait) // 65
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const defaults: Settings = {
  retries: 3,
  baseDelay: Duration.millis(250),
  maxDelay: Duration.seconds(10),
  rateLimitRetries: 3,
  maxRateLimitWait: Duration.seconds(65),
  rateLimitJitter: Duration.seconds(1),
  timeout: Duration.seconds(30)
}

/**
 * The retry settings in effect; {@link defaults} unless a layer says
 * otherwise.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const retries = Effect.map(Retry.Retry, (settings) => settings.retries)
 * ```
 *
 * @category tags
 * @since 0.1.0
 */
export class Retry extends Context.Reference<Retry>()("@effect-twitcasting/sdk/Retry", {
  defaultValue: () => defaults
}) {}

/**
 * Some of the settings, durations given in any form `Duration` accepts
 * (`"500 millis"`, `Duration.seconds(2)`, a number of milliseconds).
 *
 * @example
 * ```ts
 * import type { Retry } from "@effect-twitcasting/sdk"
 *
 * const quick: Retry.Overrides = { baseDelay: "50 millis", maxDelay: "2 seconds" }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Overrides = {
  readonly [K in keyof Settings]?: Settings[K] extends Duration.Duration ? Duration.DurationInput : Settings[K]
}

/**
 * A layer overriding some of the retry settings.
 *
 * @example
 * ```ts
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * // fail fast: no retries at all
 * const NoRetry = Retry.layer({ retries: 0, rateLimitRetries: 0 })
 * // a quicker backoff
 * const Quick = Retry.layer({ baseDelay: "50 millis", maxDelay: "1 second" })
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (overrides: Overrides): Layer.Layer<Retry> => {
  const duration = (value: Duration.DurationInput | undefined, fallback: Duration.Duration) =>
    value === undefined ? fallback : Duration.decode(value)
  return Layer.succeed(Retry, {
    retries: overrides.retries ?? defaults.retries,
    baseDelay: duration(overrides.baseDelay, defaults.baseDelay),
    maxDelay: duration(overrides.maxDelay, defaults.maxDelay),
    rateLimitRetries: overrides.rateLimitRetries ?? defaults.rateLimitRetries,
    maxRateLimitWait: duration(overrides.maxRateLimitWait, defaults.maxRateLimitWait),
    rateLimitJitter: duration(overrides.rateLimitJitter, defaults.rateLimitJitter),
    timeout: duration(overrides.timeout, defaults.timeout)
  })
}
