/**
 * The TwitCasting API v2 for Effect: every module as a namespace.
 *
 * @example
 * ```ts
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const info = Users.getUserInfo({ screenId: "twitcasting_jp" })
 * ```
 *
 * @since 0.1.0
 */

/**
 * The whole API as one `HttpApi`, assembled from every module's group.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const paths = Api.endpoints.map(({ endpoint }) => `${endpoint.method} ${endpoint.path}`)
 * ```
 *
 * @since 0.1.0
 */
export * as Api from "./Api.js"

/**
 * Credentials and per-token state.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 *
 * const AuthLive = Auth.layer({ credentials: Auth.userToken(Redacted.make("token")) })
 * ```
 *
 * @since 0.1.0
 */
export * as Auth from "./Auth.js"

/**
 * The rate budget: a permit per (token, rate-limit bucket) before every
 * call, so that many fibers, `Auth`s or processes on one token spend its
 * windows exactly and are not refused. In this process's memory by default;
 * in Redis with `@effect-twitcasting/sdk/Redis`.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Auth, Budget } from "@effect-twitcasting/sdk"
 *
 * const supportersLeft = Effect.gen(function*() {
 *   const { user } = yield* Auth.Auth
 *   if (Option.isNone(user)) return Option.none<number>()
 *   const budget = yield* Budget.Budget
 *   const state = yield* budget.state({ fingerprint: user.value.fingerprint, bucket: "supporters" })
 *   return Option.map(state, (window) => window.remaining)
 * })
 * ```
 *
 * @since 0.2.0
 */
export * as Budget from "./Budget.js"

/**
 * The broadcaster's ingest URLs.
 *
 * @example
 * ```ts
 * import { Broadcasting } from "@effect-twitcasting/sdk"
 *
 * const rtmp = Broadcasting.getRtmpUrl()
 * ```
 *
 * @since 0.1.0
 */
export * as Broadcasting from "./Broadcasting.js"

/**
 * Categories of current lives.
 *
 * @example
 * ```ts
 * import { Categories } from "@effect-twitcasting/sdk"
 *
 * const categories = Categories.getCategories({ lang: "en" })
 * ```
 *
 * @since 0.1.0
 */
export * as Categories from "./Categories.js"

/**
 * Reading, posting and deleting comments.
 *
 * @example
 * ```ts
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const latest = Comments.getComments({ movieId: "189037369", limit: 10 })
 * ```
 *
 * @since 0.1.0
 */
export * as Comments from "./Comments.js"

/**
 * What the SDK adds to an `HttpApiEndpoint` declaration: credentials kind,
 * idempotency and rate-limit bucket, the API's error bodies, and the types
 * of the calls.
 *
 * @example
 * ```ts
 * import { Api, Endpoint } from "@effect-twitcasting/sdk"
 *
 * const buckets = Api.endpoints.map(({ endpoint }) => Endpoint.metaOf(endpoint).bucket)
 * ```
 *
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.js"

/**
 * Typed failures.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const info = Users.getUserInfo({ screenId: "nobody" }).pipe(Effect.catchTag("NotFoundError", () => Effect.succeed(null)))
 * ```
 *
 * @since 0.1.0
 */
export * as Errors from "./Errors.js"

/**
 * Gifts (items) sent to the token user.
 *
 * @example
 * ```ts
 * import { Gifts } from "@effect-twitcasting/sdk"
 *
 * const gifts = Gifts.getGifts()
 * ```
 *
 * @since 0.1.0
 */
export * as Gifts from "./Gifts.js"

/**
 * The API's data model.
 *
 * @example
 * ```ts
 * import type { Models } from "@effect-twitcasting/sdk"
 *
 * const title = (movie: Models.Movie) => movie.subtitle ?? movie.title
 * ```
 *
 * @since 0.1.0
 */
export * as Models from "./Models.js"

/**
 * Movies, the current live, subtitle and hashtag.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const live = Movies.getCurrentLive({ screenId: "twitcasting_jp" })
 * ```
 *
 * @since 0.1.0
 */
export * as Movies from "./Movies.js"

/**
 * OAuth 2: authorization URLs, code exchange, redirect parsing.
 *
 * @example
 * ```ts
 * import { OAuth } from "@effect-twitcasting/sdk"
 *
 * const start = OAuth.authorizationUrl({ clientId: "182224938.abc" })
 * ```
 *
 * @since 0.1.0
 */
export * as OAuth from "./OAuth.js"

/**
 * The per-token rate limit.
 *
 * @example
 * ```ts
 * import type { RateLimit } from "@effect-twitcasting/sdk"
 *
 * const left = (rateLimit: RateLimit.RateLimit) => `${rateLimit.remaining}/${rateLimit.limit}`
 * ```
 *
 * @since 0.1.0
 */
export * as RateLimit from "./RateLimit.js"

/**
 * The realtime stream of lives that start.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { Realtime } from "@effect-twitcasting/sdk"
 *
 * const firstLive = Realtime.lives().pipe(Stream.take(1), Stream.runCollect)
 * ```
 *
 * @since 0.1.0
 */
export * as Realtime from "./Realtime.js"

/**
 * Retry and rate-limit wait settings.
 *
 * @example
 * ```ts
 * import { Retry } from "@effect-twitcasting/sdk"
 *
 * const FailFast = Retry.layer({ retries: 0, rateLimitRetries: 0 })
 * ```
 *
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * Searching users and lives.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-twitcasting/sdk"
 *
 * const users = Search.searchUsers({ words: "ツイキャス" })
 * ```
 *
 * @since 0.1.0
 */
export * as Search from "./Search.js"

/**
 * Supporter relations.
 *
 * @example
 * ```ts
 * import { Supporters } from "@effect-twitcasting/sdk"
 *
 * const top = Supporters.supporterList({ screenId: "twitcasting_jp", sort: "ranking" })
 * ```
 *
 * @since 0.1.0
 */
export * as Supporters from "./Supporters.js"

/**
 * Users and live thumbnails.
 *
 * @example
 * ```ts
 * import { Users } from "@effect-twitcasting/sdk"
 *
 * const info = Users.getUserInfo({ screenId: "twitcasting_jp" })
 * ```
 *
 * @since 0.1.0
 */
export * as Users from "./Users.js"

/**
 * The webhook registry and incoming notifications.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const hooks = Webhooks.getWebhookList()
 * ```
 *
 * @since 0.1.0
 */
export * as Webhooks from "./Webhooks.js"
