/**
 * Movies: one movie, a user's movies, the current live, and the live's
 * subtitle (telop) and hashtag.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const { movie, broadcaster } = yield* Movies.getCurrentLive({ screenId: "twitcasting_jp" })
 *   yield* Effect.log(`${broadcaster.name} is live: ${movie.title}`)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#movies
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Api from "./Api.js"
import type { Auth } from "./Auth.js"
import type { Call } from "./Endpoint.js"
import type { CallError } from "./Errors.js"
import { call } from "./internal/client.js"
import { bySlice } from "./internal/pages.js"
import type * as Models from "./Models.js"

/**
 * A movie with its broadcaster and tags.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const info = Movies.getMovieInfo({ movieId: "189037369" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-movie-info
 * @category calls
 * @since 0.1.0
 */
export const getMovieInfo: Call<typeof Api.getMovieInfo> = call(Api.getMovieInfo)

/**
 * A user's movies, newest first.
 *
 * **Details**
 *
 * `offset` is 0–1000 and `limit` 1–50 (the API may return fewer). With
 * `sliceId` (≥ 1) the page holds the movies before that movie id, and
 * `offset` is ignored.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const latest = Movies.getMoviesByUser({ screenId: "twitcasting_jp", limit: 10 })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-movies-by-user
 * @category calls
 * @since 0.1.0
 */
export const getMoviesByUser: Call<typeof Api.getMoviesByUser> = call(Api.getMoviesByUser)

/**
 * The live a user is broadcasting now.
 *
 * **Gotchas**
 *
 * A user who is not live is a `NotFoundError`.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const live = Movies.getCurrentLive({ screenId: "twitcasting_jp" }).pipe(
 *   Effect.map(Option.some),
 *   Effect.catchTag("NotFoundError", () => Effect.succeedNone)
 * )
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-current-live
 * @category calls
 * @since 0.1.0
 */
export const getCurrentLive: Call<typeof Api.getCurrentLive> = call(Api.getCurrentLive)

/**
 * Sets the telop of the token user's current live.
 *
 * **Details**
 *
 * 1 to 17 characters (code points: an emoji is one). Longer text is refused
 * with a `ValidationError` unless `cutOut: true`, which lets the API cut it.
 * Needs a user token; not retried on transient failures.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const set = Movies.setCurrentLiveSubtitle({ subtitle: "雑談配信中" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#set-current-live-subtitle
 * @category calls
 * @since 0.1.0
 */
export const setCurrentLiveSubtitle: Call<typeof Api.setCurrentLiveSubtitle> = call(Api.setCurrentLiveSubtitle)

/**
 * Removes the telop of the token user's current live.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const unset = Movies.unsetCurrentLiveSubtitle()
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#unset-current-live-subtitle
 * @category calls
 * @since 0.1.0
 */
export const unsetCurrentLiveSubtitle: Call<typeof Api.unsetCurrentLiveSubtitle> = call(Api.unsetCurrentLiveSubtitle)

/**
 * Sets the hashtag of the token user's current live.
 *
 * **Details**
 *
 * 1 to 26 characters (code points); longer needs `cutOut: true`. Not
 * retried on transient failures.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const set = Movies.setCurrentLiveHashtag({ hashtag: "#ツイキャス" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#set-current-live-hashtag
 * @category calls
 * @since 0.1.0
 */
export const setCurrentLiveHashtag: Call<typeof Api.setCurrentLiveHashtag> = call(Api.setCurrentLiveHashtag)

/**
 * Removes the hashtag of the token user's current live.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const unset = Movies.unsetCurrentLiveHashtag()
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#unset-current-live-hashtag
 * @category calls
 * @since 0.1.0
 */
export const unsetCurrentLiveHashtag: Call<typeof Api.unsetCurrentLiveHashtag> = call(Api.unsetCurrentLiveHashtag)

/**
 * Every movie of a user, newest first, as a `Stream` that fetches a page
 * (`pageSize`, 1–50, default 50) only when the previous one is consumed.
 *
 * **Details**
 *
 * Pages are chained by `slice_id` (the movies before the last one seen), so
 * a movie that starts while the stream runs does not shift the pages and
 * nothing is listed twice. The stream ends at the first short page; take
 * fewer with `Stream.take`, which also stops the requests.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const lastHundredTitles = Movies.allMoviesByUser({ screenId: "twitcasting_jp" }).pipe(
 *   Stream.take(100),
 *   Stream.map((movie) => movie.title),
 *   Stream.runCollect
 * )
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const allMoviesByUser = (
  user: typeof Api.UserRef.Type,
  options: { readonly pageSize?: number | undefined } = {}
): Stream.Stream<Models.Movie, CallError, HttpClient.HttpClient | Auth> => {
  const pageSize = options.pageSize ?? 50
  return bySlice(pageSize, (sliceId) =>
    Effect.map(
      getMoviesByUser({
        ...user,
        limit: pageSize,
        ...Option.match(sliceId, { onNone: () => ({}), onSome: (id) => ({ sliceId: id }) })
      }),
      (page) => page.movies
    )).pipe(Stream.withSpan("Movies.allMoviesByUser"))
}
