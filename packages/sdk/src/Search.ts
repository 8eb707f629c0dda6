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
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as Schema from "effect/Schema"
import { type Call, meta, type Of } from "./Endpoint.js"
import { call } from "./internal/client.js"
import { oneOf, QueryInt, withDefault } from "./internal/wire.js"
import { Live, User } from "./Models.js"

/**
 * The decoded body of a successful {@link searchUsers} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Search } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Search.UserList)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const UserList = Schema.Struct({ users: Schema.Array(User) })

/**
 * The decoded body of a successful {@link searchLiveMovies} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Search } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Search.LiveList)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const LiveList = Schema.Struct({ movies: Schema.Array(Live) })

const Words = Schema.transform(
  Schema.String,
  Schema.Union(Schema.String, Schema.Array(Schema.String)).pipe(
    Schema.filter((words) => (typeof words === "string" ? [words] : words).some((word) => word.trim().length > 0), {
      message: () => "needs at least one word"
    })
  ),
  { strict: true, decode: (words) => words, encode: (words) => typeof words === "string" ? words : words.join(" ") }
)

const Lang = withDefault(oneOf("ja"), "ja")

/**
 * The declarations of the Search endpoints.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Search.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Search")
  .add(
    HttpApiEndpoint.get("searchUsers", "/search/users")
      .setUrlParams(Schema.Struct({ words: Words, limit: Schema.optional(QueryInt(1, 50)), lang: Lang }))
      .addSuccess(UserList)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.get("searchLiveMovies", "/search/lives")
      .setUrlParams(
        Schema.Struct({
          type: withDefault(oneOf("tag", "word", "category", "new", "recommend"), "word"),
          context: Schema.optional(Words),
          limit: Schema.optional(QueryInt(1, 100)),
          lang: Lang
        }).pipe(
          Schema.filter(({ context, type }) =>
            context === undefined && (type === undefined || type === "tag" || type === "word" || type === "category")
              ? { path: ["context"], message: "is required for type tag, word and category" }
              : undefined
          )
        )
      )
      .addSuccess(LiveList)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )

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
export const searchUsers: Call<Of<typeof group, "searchUsers">> = call(group, "searchUsers")

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
export const searchLiveMovies: Call<Of<typeof group, "searchLiveMovies">> = call(group, "searchLiveMovies")
