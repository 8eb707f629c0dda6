/**
 * Fault injection for the simulator's API answers: added latency, 5xx
 * answers, dropped connections, HTML error pages, truncated and malformed
 * JSON, all drawn deterministically from a seed.
 *
 * **Details**
 *
 * Each API request that passes authentication and the rate limit draws
 * from a pseudo-random sequence started at `seed`:
 * with probability `rate` it gets one of `kinds`. Faults other than
 * `latency` also decide whether the request is carried out before the
 * answer goes wrong, so a write may have happened even though its answer was
 * lost: exactly the case a client must never repeat blindly. The same seed
 * and the same sequence of requests give the same faults.
 *
 * Control, OAuth, image and documentation (`/openapi.json`, `/docs`) routes
 * are never faulted.
 *
 * @example
 * ```ts
 * import { Faults } from "@effect-twitcasting/simulator"
 *
 * const flaky: Faults.Options = { seed: 42, rate: 0.2, kinds: Faults.allKinds }
 * ```
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The kinds of fault, as a schema (to read them from JSON or flags).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Faults } from "@effect-twitcasting/simulator"
 *
 * const isKind = Schema.is(Faults.Kind)
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export const Kind = Schema.Literal("latency", "error", "drop", "html", "truncated", "malformed")

/**
 * - `latency`: the answer comes `latency` later, otherwise intact;
 * - `error`: a `500`, `502` or `503` with an API error body;
 * - `drop`: the connection breaks: on a real socket it is closed before
 *   anything is written; without a socket the headers and half the body
 *   arrive, then the body fails;
 * - `html`: a `502` HTML page, as a proxy sends;
 * - `truncated`: a `200` whose JSON stops halfway;
 * - `malformed`: a `200` whose JSON has the wrong shape.
 *
 * @example
 * ```ts
 * import type { Faults } from "@effect-twitcasting/simulator"
 *
 * const transport: ReadonlyArray<Faults.Kind> = ["drop", "latency"]
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Kind = typeof Kind.Type

/**
 * Every kind of fault.
 *
 * @example
 * ```ts
 * import { Faults } from "@effect-twitcasting/simulator"
 *
 * const chaos: Faults.Options = { seed: 1, rate: 0.3, kinds: Faults.allKinds }
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const allKinds: ReadonlyArray<Kind> = Kind.literals

/**
 * Fault injection settings: a seed, the share of faulted requests, the kinds.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Faults } from "@effect-twitcasting/simulator"
 *
 * const fromJson = Schema.decodeUnknown(Schema.parseJson(Faults.Options))
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export const Options = Schema.Struct({
  seed: Schema.Number,
  /** Share of API requests that get a fault, from 0 to 1. */
  rate: Schema.Number.pipe(Schema.between(0, 1)),
  kinds: Schema.Array(Kind),
  /** The delay of a `latency` fault, in milliseconds (200 when absent). */
  latencyMillis: Schema.optional(Schema.Number)
})

/**
 * Fault injection settings, decoded.
 *
 * @example
 * ```ts
 * import type { Faults } from "@effect-twitcasting/simulator"
 *
 * const everyOther: Faults.Options = { seed: 1, rate: 0.5, kinds: ["error"] }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Options = typeof Options.Type

/**
 * No faults.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Faults, Simulator } from "@effect-twitcasting/simulator"
 *
 * const calm = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.setFaults(Faults.none))
 * ```
 *
 * @category constants
 * @since 0.1.0
 */
export const none: Options = { seed: 0, rate: 0, kinds: [] }

/**
 * A fault drawn for one request.
 *
 * @example
 * ```ts
 * import { Faults } from "@effect-twitcasting/simulator"
 *
 * const fault = Faults.source({ seed: 1, rate: 1, kinds: ["drop"] }).next()
 * const applied = fault?.applied // whether the write happened before the connection broke
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Fault {
  readonly kind: Kind
  /** Whether the request is carried out before the answer goes wrong. */
  readonly applied: boolean
  /** Index into a list of choices (status codes, cut points). */
  readonly pick: number
}

/**
 * A deterministic source of faults.
 *
 * @example
 * ```ts
 * import { Faults } from "@effect-twitcasting/simulator"
 *
 * const source = Faults.source({ seed: 7, rate: 0.5, kinds: Faults.allKinds })
 * const firstTen = Array.from({ length: 10 }, () => source.next()?.kind ?? "none")
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Source {
  readonly options: Options
  /** The fault for the next request, if any. */
  readonly next: () => Fault | undefined
  /** How many faults have been drawn. */
  readonly count: () => number
}

/**
 * Starts the fault sequence of `options`.
 *
 * @example
 * ```ts
 * import { Faults } from "@effect-twitcasting/simulator"
 *
 * const source = Faults.source({ seed: 1, rate: 1, kinds: ["error"] })
 * source.next()?.kind // "error"
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const source = (options: Options): Source => {
  const random = mulberry32(options.seed)
  let drawn = 0
  return {
    options,
    count: () => drawn,
    next: () => {
      const roll = random()
      const kindRoll = random()
      const appliedRoll = random()
      const pick = Math.floor(random() * 1_000_000)
      if (options.kinds.length === 0 || roll >= options.rate) return undefined
      drawn++
      const kind = options.kinds[Math.floor(kindRoll * options.kinds.length)]!
      return { kind, applied: kind === "latency" || appliedRoll < 0.5, pick }
    }
  }
}

/** A small, fast, seeded generator of numbers in [0, 1). */
const mulberry32 = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
