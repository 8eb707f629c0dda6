/**
 * Search: users by words, and lives by tag, word, sub-category, newness or
 * recommendation.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Search } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const { movies } = yield* Search.searchLiveMovies({ type: "tag", context: ["雑談", "初見さん歓迎"] })
 *   for (const live of movies) yield* Effect.log(live.movie.title)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#search
 * @since 0.1.0
 */
import * as Api from "./Api.js"
import type { Call } from "./Endpoint.js"
import { call } from "./internal/client.js"

/**
 * Users matching all `words` (a string, or a list joined with spaces);
 * `limit` 1–50; `lang` is `"ja"`, the only language the API supports.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-twitcasting/sdk"
 *
 * const users = Search.searchUsers({ words: ["ツイキャス", "公式"], limit: 10 })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#search-users
 * @category calls
 * @since 0.1.0
 */
export const searchUsers: Call<typeof Api.searchUsers> = call(Api.searchUsers)

/**
 * Lives streaming now, found by `type`: `"tag"` or `"word"` (`context`: a
 * string or list of words), `"category"` (`context`: a sub-category id),
 * `"new"` or `"recommend"` (no `context`). `type` defaults to `"word"`;
 * `limit` is 1–100.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-twitcasting/sdk"
 *
 * const fresh = Search.searchLiveMovies({ type: "new", limit: 20 })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#search-live-movies
 * @category calls
 * @since 0.1.0
 */
export const searchLiveMovies: Call<typeof Api.searchLiveMovies> = call(Api.searchLiveMovies)
