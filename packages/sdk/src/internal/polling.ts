/**
 * How long a polling stream waits between two requests, so that it uses
 * only its share of the token's rate budget and leaves the rest to the
 * user's other calls.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { Auth } from "../Auth.js"
import { Budget } from "../Budget.js"
import type { Meta } from "../Endpoint.js"
import { credentialsFor } from "./client.js"

/** How a polling stream paces itself. */
export interface Pace {
  /** Never poll more often than this. */
  readonly min: Duration.Duration
  /** Never wait longer than this (e.g. gifts stay visible only 10 s). */
  readonly max: Duration.Duration
  /** The share of the remaining budget a stream may use, in (0, 1]. */
  readonly share: number
}

/** What a polling stream's caller may set; the rest comes from the stream's defaults. */
export interface PaceOptions {
  readonly minInterval?: Duration.DurationInput | undefined
  readonly maxInterval?: Duration.DurationInput | undefined
  readonly share?: number | undefined
}

/** The pace of a stream: the caller's options over the stream's own bounds (half the budget by default). */
export const pace = (
  options: PaceOptions,
  bounds: { readonly min: Duration.DurationInput; readonly max: Duration.DurationInput }
): Pace => ({
  min: Duration.decode(options.minInterval ?? bounds.min),
  max: Duration.decode(options.maxInterval ?? bounds.max),
  share: options.share ?? 0.5
})

/**
 * The wait before the next poll: the time left in the window of the
 * stream's rate-limit bucket (of the credentials its calls are sent with) spread over this stream's share of the
 * requests left in it, within `[min, max]`. With no known window, `min`.
 */
export const delay = (pace: Pace, meta: Meta["Type"]): Effect.Effect<Duration.Duration, never, Auth> =>
  Effect.gen(function*() {
    const held = Either.getOrElse(credentialsFor("", meta.access, yield* Auth), Option.none)
    if (Option.isNone(held)) return pace.min
    const budget = yield* Budget
    const state = yield* budget.state({ fingerprint: held.value.fingerprint, bucket: meta.bucket })
    if (Option.isNone(state)) return pace.min
    const now = yield* Clock.currentTimeMillis
    const left = Math.max(0, DateTime.toEpochMillis(state.value.reset) - now)
    const mine = Math.floor(state.value.remaining * pace.share)
    const spread = mine <= 0 ? left : left / mine
    return Duration.millis(
      Math.min(Duration.toMillis(pace.max), Math.max(Duration.toMillis(pace.min), Math.ceil(spread)))
    )
  })
