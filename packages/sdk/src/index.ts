/**
 * The TwitCasting API v2 for Effect.
 *
 * @since 0.1.0
 */

/**
 * Every endpoint, declared once.
 *
 * @since 0.1.0
 */
export * as Api from "./Api.js"

/**
 * Credentials and per-token state.
 *
 * @since 0.1.0
 */
export * as Auth from "./Auth.js"

/**
 * The broadcaster's ingest URLs.
 *
 * @since 0.1.0
 */
export * as Broadcasting from "./Broadcasting.js"

/**
 * Categories of current lives.
 *
 * @since 0.1.0
 */
export * as Categories from "./Categories.js"

/**
 * Reading, posting and deleting comments.
 *
 * @since 0.1.0
 */
export * as Comments from "./Comments.js"

/**
 * The endpoint declaration format.
 *
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.js"

/**
 * Typed failures.
 *
 * @since 0.1.0
 */
export * as Errors from "./Errors.js"

/**
 * Gifts (items) sent to the token user.
 *
 * @since 0.1.0
 */
export * as Gifts from "./Gifts.js"

/**
 * The API's data model.
 *
 * @since 0.1.0
 */
export * as Models from "./Models.js"

/**
 * Movies, the current live, subtitle and hashtag.
 *
 * @since 0.1.0
 */
export * as Movies from "./Movies.js"

/**
 * OAuth 2: authorization URLs, code exchange, redirect parsing.
 *
 * @since 0.1.0
 */
export * as OAuth from "./OAuth.js"

/**
 * The per-token rate limit.
 *
 * @since 0.1.0
 */
export * as RateLimit from "./RateLimit.js"

/**
 * The realtime stream of lives that start.
 *
 * @since 0.1.0
 */
export * as Realtime from "./Realtime.js"

/**
 * Retry and rate-limit wait settings.
 *
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * Searching users and lives.
 *
 * @since 0.1.0
 */
export * as Search from "./Search.js"

/**
 * Supporter relations.
 *
 * @since 0.1.0
 */
export * as Supporters from "./Supporters.js"

/**
 * Users and live thumbnails.
 *
 * @since 0.1.0
 */
export * as Users from "./Users.js"

/**
 * The webhook registry and incoming notifications.
 *
 * @since 0.1.0
 */
export * as Webhooks from "./Webhooks.js"
