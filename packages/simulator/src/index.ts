/**
 * A local TwitCasting API v2 for tests and demos.
 *
 * @since 0.1.0
 */

/**
 * The control surface: lives, comments, gifts, faults, deliveries.
 *
 * @since 0.1.0
 */
export * as Control from "./Control.js"

/**
 * Deterministic fault injection.
 *
 * @since 0.1.0
 */
export * as Faults from "./Faults.js"

/**
 * The starting world.
 *
 * @since 0.1.0
 */
export * as Seed from "./Seed.js"

/**
 * The simulator service and its layers.
 *
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.js"
