/**
 * A local TwitCasting API v2 for tests and demos.
 *
 * @example
 * ```ts
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const Server = Simulator.layer({ port: 8787 })
 * ```
 *
 * @since 0.1.0
 */

/**
 * The control surface: lives, comments, gifts, faults, deliveries.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const goLive = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.startLive("casma_jp"))
 * ```
 *
 * @since 0.1.0
 */
export * as Control from "./Control.js"

/**
 * Deterministic fault injection.
 *
 * @example
 * ```ts
 * import { Faults } from "@effect-twitcasting/simulator"
 *
 * const flaky: Faults.Options = { seed: 42, rate: 0.1, kinds: ["error", "drop"] }
 * ```
 *
 * @since 0.1.0
 */
export * as Faults from "./Faults.js"

/**
 * The starting world.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const users = Seed.defaultSeed(new Date()).users.map((user) => user.screenId)
 * ```
 *
 * @since 0.1.0
 */
export * as Seed from "./Seed.js"

/**
 * The simulator service and its layers.
 *
 * @example
 * ```ts
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const TestApi = Simulator.layerClient()
 * ```
 *
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.js"
