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
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Auth } from "./Auth.js"
import { type Call, meta, type Of } from "./Endpoint.js"
import type { CallError } from "./Errors.js"
import { call } from "./internal/client.js"
import { CutOut, hashtagRule, MovieRef, subtitleRule, UserRef } from "./internal/inputs.js"
import { bySlice } from "./internal/pages.js"
import { cutToWidth, halfWidths, key, optionalKey, QueryId, QueryInt } from "./internal/wire.js"
import type * as Models from "./Models.js"
import { Live, Movie } from "./Models.js"

/**
 * A movie with its broadcaster and tags: the decoded body of a successful
 * {@link getMovieInfo} and {@link getCurrentLive} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Movies.MovieInfo)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const MovieInfo = Schema.Struct(Live.fields)

/**
 * The decoded body of a successful {@link getMoviesByUser} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Movies.MovieList)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const MovieList = Schema.Struct({ totalCount: key("total_count", Schema.Number), movies: Schema.Array(Movie) })

/**
 * The decoded body of a successful {@link setCurrentLiveSubtitle} and
 * {@link unsetCurrentLiveSubtitle} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Movies.Subtitle)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Subtitle = Schema.Struct({
  movieId: key("movie_id", Schema.String),
  subtitle: Schema.NullOr(Schema.String)
})

/**
 * The decoded body of a successful {@link setCurrentLiveHashtag} and
 * {@link unsetCurrentLiveHashtag} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Movies.Hashtag)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Hashtag = Schema.Struct({ movieId: key("movie_id", Schema.String), hashtag: Schema.NullOr(Schema.String) })

/**
 * The declarations of the Movies endpoints.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Movies.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Movies")
  .add(
    HttpApiEndpoint.get("getMovieInfo", "/movies/:movie_id")
      .setPath(MovieRef)
      .addSuccess(MovieInfo)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.get("getMoviesByUser", "/users/:user_id/movies")
      .setPath(UserRef)
      .setUrlParams(Schema.Struct({
        offset: Schema.optional(QueryInt(0, 1000)),
        limit: Schema.optional(QueryInt(1, 50)),
        sliceId: optionalKey("slice_id", QueryId)
      }))
      .addSuccess(MovieList)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.get("getCurrentLive", "/users/:user_id/current_live")
      .setPath(UserRef)
      .addSuccess(MovieInfo)
      .annotateContext(
        meta({ access: "any", idempotent: true, notFound: "the user is not live now (or does not exist)" })
      )
  )
  .add(
    HttpApiEndpoint.post("setCurrentLiveSubtitle", "/movies/subtitle")
      .setPayload(
        Schema.Struct({
          subtitle: Schema.String,
          cutOut: CutOut
        }).pipe(Schema.filter(({ cutOut, subtitle }) => subtitleRule(subtitle, cutOut === true)))
      )
      .addSuccess(Subtitle)
      .annotateContext(meta({ access: "user", idempotent: false }))
  )
  .add(
    HttpApiEndpoint.del("unsetCurrentLiveSubtitle", "/movies/subtitle")
      .addSuccess(Subtitle)
      .annotateContext(meta({ access: "user", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.post("setCurrentLiveHashtag", "/movies/hashtag")
      .setPayload(
        Schema.Struct({
          hashtag: Schema.String,
          cutOut: CutOut
        }).pipe(Schema.filter(({ cutOut, hashtag }) => hashtagRule(hashtag, cutOut === true)))
      )
      .addSuccess(Hashtag)
      .annotateContext(meta({ access: "user", idempotent: false }))
  )
  .add(
    HttpApiEndpoint.del("unsetCurrentLiveHashtag", "/movies/hashtag")
      .addSuccess(Hashtag)
      .annotateContext(meta({ access: "user", idempotent: true }))
  )

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
export const getMovieInfo: Call<Of<typeof group, "getMovieInfo">> = call(group, "getMovieInfo")

/**
 * A user's movies, newest first.
 *
 * **Details**
 *
 * `offset` is 0–1000 and `limit` 1–50 (the API may return fewer). With
 * `sliceId` (≥ 1) the page holds the movies before that movie id, and
 * `offset` is ignored; an id beyond 2^53 goes as its digits, a string.
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
export const getMoviesByUser: Call<Of<typeof group, "getMoviesByUser">> = call(group, "getMoviesByUser")

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
export const getCurrentLive: Call<Of<typeof group, "getCurrentLive">> = call(group, "getCurrentLive")

/**
 * How wide a subtitle is, as the API measures it: a half-width character
 * (ASCII, half-width katakana) counts one, any other two. A subtitle may be
 * 34 wide.
 *
 * **When to use**
 *
 * To check or shorten a text before {@link setCurrentLiveSubtitle}, e.g.
 * a song title from a player.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * Movies.subtitleWidth("雑談 live") // 9: "雑談" counts 4, " live" 5
 * ```
 *
 * @category text
 * @since 0.2.0
 */
export const subtitleWidth: (subtitle: string) => number = halfWidths

/**
 * The longest start of `text` at most `width` wide (34 by default, a
 * subtitle's limit), as {@link subtitleWidth} measures: what the API keeps
 * of a subtitle set with `cutOut: true`.
 *
 * @example
 * ```ts
 * import { Movies } from "@effect-twitcasting/sdk"
 *
 * Movies.cutSubtitle("ツイキャス公式の雑談配信へようこそ、今日も一日おつかれさまでした") // the first 17 characters
 * ```
 *
 * @category text
 * @since 0.2.0
 */
export const cutSubtitle = (text: string, width: number = 34): string => cutToWidth(text, width)

/**
 * Sets the telop of the token user's current live.
 *
 * **Details**
 *
 * Up to 34 half-width characters wide, as the API has counted since
 * 2023-08-01: a full-width character (kanji, kana, an emoji) counts two, so
 * 17 of them fit ({@link subtitleWidth} measures). Longer text is refused
 * with a `ValidationError` unless `cutOut: true`, which lets the API cut it
 * to that width.
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
export const setCurrentLiveSubtitle: Call<Of<typeof group, "setCurrentLiveSubtitle">> = call(
  group,
  "setCurrentLiveSubtitle"
)

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
export const unsetCurrentLiveSubtitle: Call<Of<typeof group, "unsetCurrentLiveSubtitle">> = call(
  group,
  "unsetCurrentLiveSubtitle"
)

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
export const setCurrentLiveHashtag: Call<Of<typeof group, "setCurrentLiveHashtag">> = call(
  group,
  "setCurrentLiveHashtag"
)

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
export const unsetCurrentLiveHashtag: Call<Of<typeof group, "unsetCurrentLiveHashtag">> = call(
  group,
  "unsetCurrentLiveHashtag"
)

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
  options: typeof UserRef.Type & { readonly pageSize?: number | undefined }
): Stream.Stream<Models.Movie, CallError, HttpClient.HttpClient | Auth> => {
  const { pageSize = 50, ...user } = options
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
