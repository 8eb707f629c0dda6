/**
 * The API's per-token rate limit, as reported by the `X-RateLimit-*` headers
 * of every response.
 *
 * **Details**
 *
 * TwitCasting allows a fixed number of calls per token in a window (60 seen).
 * The client reads these headers on every answer, remembers the latest per
 * `Auth` (the limit is per token), waits before sending when the budget is
 * spent, and waits for the reset when the API answers "execution count
 * limitation" (code 2000). Every call's result carries the `RateLimit` of the
 * response that produced it.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const { rateLimit } = yield* Users.getUserInfo({ screenId: "twitcasting_jp" })
 *   if (Option.isSome(rateLimit)) console.log(`${rateLimit.value.remaining} calls left`)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#response-headers
 * @since 0.1.0
 */
import type * as Headers from "@effect/platform/Headers"
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { UnixSeconds, wholeNumber } from "./internal/wire.js"

/**
 * The rate-limit state of one token after a response: how many calls the
 * window allows, how many are left, and when the window resets.
 *
 * **Details**
 *
 * Encodes to (and decodes from) `{ limit, remaining, reset }` with `reset` in
 * Unix seconds, the values of the three headers.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { RateLimit } from "@effect-twitcasting/sdk"
 *
 * const rateLimit = new RateLimit.RateLimit({ limit: 60, remaining: 0, reset: DateTime.unsafeMake(1_700_000_060_000) })
 * RateLimit.isExhausted(rateLimit) // true
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export class RateLimit extends Schema.Class<RateLimit>("RateLimit")({
  limit: Schema.Number,
  remaining: Schema.Number,
  reset: UnixSeconds
}) {}

/**
 * Whether no call is left in the window.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { RateLimit } from "@effect-twitcasting/sdk"
 *
 * RateLimit.isExhausted(new RateLimit.RateLimit({ limit: 60, remaining: 3, reset: DateTime.unsafeMake(0) })) // false
 * ```
 *
 * @category predicates
 * @since 0.1.0
 */
export const isExhausted = (rateLimit: RateLimit): boolean => rateLimit.remaining <= 0

/**
 * Reads the `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` headers; `None` when any is missing or not a
 * whole number of digits.
 *
 * @example
 * ```ts
 * import { Headers } from "@effect/platform"
 * import { RateLimit } from "@effect-twitcasting/sdk"
 *
 * RateLimit.fromHeaders(Headers.fromInput({
 *   "x-ratelimit-limit": "60", "x-ratelimit-remaining": "59", "x-ratelimit-reset": "1700000060"
 * }))
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromHeaders = (headers: Headers.Headers): Option.Option<RateLimit> => {
  const limit = wholeNumber(headers["x-ratelimit-limit"])
  const remaining = wholeNumber(headers["x-ratelimit-remaining"])
  const reset = wholeNumber(headers["x-ratelimit-reset"])
  return limit === undefined || remaining === undefined || reset === undefined
    ? Option.none()
    : Option.some(new RateLimit({ limit, remaining, reset: resetTime(reset) }, { disableValidation: true }))
}

/**
 * The reset time of `seconds`: answers in one window share it, so the last
 * one is kept rather than made again for every answer.
 */
const resetTime = (() => {
  let last = { seconds: NaN, time: DateTime.unsafeMake(0) }
  return (seconds: number): DateTime.Utc => {
    if (seconds !== last.seconds) last = { seconds, time: DateTime.unsafeMake(seconds * 1000) }
    return last.time
  }
})()
