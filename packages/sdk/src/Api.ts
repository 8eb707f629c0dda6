/**
 * Every endpoint of TwitCasting API v2 that twitcaspy covers, declared once.
 *
 * **Details**
 *
 * This table is the single source of truth: the calls in `Users`, `Movies`,
 * `Comments`, `Gifts`, `Supporters`, `Categories`, `Search`, `Webhooks` and
 * `Broadcasting` are derived from it, and a server (the simulator) can route
 * and validate with it. Each entry holds the method, path, credentials kind,
 * idempotency, input rules and response shape; the response schemas below
 * are the bodies the API answers.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const writes = Api.endpoints.filter((endpoint) => !endpoint.idempotent).map((endpoint) => endpoint.name)
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import { codePoints, Id, key, oneOf, optionalKey, QueryInt, Text, UnixSeconds, withDefault } from "./internal/wire.js"
import { App, Category, Comment, Gift, Live, Movie, Supporter, User, WebHook, WebhookEvent } from "./Models.js"

// ---------------------------------------------------------------------------
// inputs
// ---------------------------------------------------------------------------

/**
 * A user named by `id` or by `screenId` (`id` wins when both are given),
 * sent as the `:user_id` path parameter.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const wire = Schema.encodeSync(Api.UserRef)({ screenId: "twitcasting_jp" }) // { user_id: "twitcasting_jp" }
 * ```
 *
 * @category inputs
 * @since 0.1.0
 */
export const UserRef = Schema.transform(
  Schema.Struct({ user_id: Id }),
  Schema.Union(
    Schema.Struct({ id: Id, screenId: Schema.optional(Schema.String) }),
    // a given `id` must be valid: it is never dropped in favour of `screenId`
    Schema.Struct({ screenId: Id, id: Schema.optional(Schema.Never) })
  ),
  {
    strict: true,
    decode: ({ user_id }) => ({ id: user_id }),
    encode: (ref) => ({ user_id: ref.id !== undefined ? ref.id : ref.screenId })
  }
)

const MovieRef = Schema.Struct({ movieId: key("movie_id", Id) })

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

/** The subtitle / hashtag rule: 1 to `max` characters, or longer with `cutOut`. */
const liveText = (field: "subtitle" | "hashtag", text: string, cutOut: boolean, max: number) => {
  const length = codePoints(text)
  return length >= 1 && (cutOut || length <= max)
    ? undefined
    : { path: [field], message: `must be 1 to ${max} characters (longer is allowed with cutOut: true)` }
}

const TargetUserIds = Schema.Struct({
  targetUserIds: key(
    "target_user_ids",
    Schema.Array(Id).pipe(Schema.filter((ids) => ids.length >= 1 && ids.length <= 20, {
      message: () => "must name 1 to 20 users"
    }))
  )
})

const Events = Schema.Array(WebhookEvent).pipe(
  Schema.filter((events) => events.length >= 1, { message: () => "must name at least one event" })
)

const SearchType = oneOf("tag", "word", "category", "new", "recommend")

// ---------------------------------------------------------------------------
// responses
// ---------------------------------------------------------------------------

/**
 * The decoded body of a successful `Users.getUserInfo` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.UserInfo)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const UserInfo = Schema.Struct({
  user: User,
  supporterCount: key("supporter_count", Schema.Number),
  supportingCount: key("supporting_count", Schema.Number)
})

/**
 * The decoded body of a successful `Users.verifyCredentials` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Credentials)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Credentials = Schema.Struct({ app: App, ...UserInfo.fields })

/**
 * The live thumbnail: image bytes and their content type.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Image)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Image = Schema.Struct({ contentType: Schema.String, bytes: Schema.Uint8ArrayFromSelf })

/**
 * A movie with its broadcaster and tags.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.MovieInfo)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const MovieInfo = Schema.Struct(Live.fields)

/**
 * The decoded body of a successful `Movies.getMoviesByUser` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Movies)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Movies = Schema.Struct({ totalCount: key("total_count", Schema.Number), movies: Schema.Array(Movie) })

/**
 * The decoded body of a successful `Movies.setCurrentLiveSubtitle` and `Movies.unsetCurrentLiveSubtitle` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Subtitle)
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
 * The decoded body of a successful `Movies.setCurrentLiveHashtag` and `Movies.unsetCurrentLiveHashtag` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Hashtag)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Hashtag = Schema.Struct({ movieId: key("movie_id", Schema.String), hashtag: Schema.NullOr(Schema.String) })

/**
 * The decoded body of a successful `Comments.getComments` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Comments)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Comments = Schema.Struct({
  movieId: key("movie_id", Schema.String),
  allCount: key("all_count", Schema.Number),
  comments: Schema.Array(Comment)
})

/**
 * The decoded body of a successful `Comments.postComment` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.PostedComment)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const PostedComment = Schema.Struct({
  movieId: key("movie_id", Schema.String),
  allCount: key("all_count", Schema.Number),
  comment: Comment
})

/**
 * The decoded body of a successful `Comments.deleteComment` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.DeletedComment)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const DeletedComment = Schema.Struct({ commentId: key("comment_id", Schema.String) })

/**
 * The decoded body of a successful `Gifts.getGifts` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Gifts)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Gifts = Schema.Struct({ sliceId: key("slice_id", Schema.Number), gifts: Schema.Array(Gift) })

/**
 * The decoded body of a successful `Supporters.getSupportingStatus` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.SupportingStatus)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const SupportingStatus = Schema.Struct({
  isSupporting: key("is_supporting", Schema.Boolean),
  supported: Schema.NullOr(UnixSeconds),
  targetUser: key("target_user", User)
})

/**
 * The decoded body of a successful `Supporters.supportUser` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Supported)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Supported = Schema.Struct({ addedCount: key("added_count", Schema.Number) })

/**
 * The decoded body of a successful `Supporters.unsupportUser` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Unsupported)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Unsupported = Schema.Struct({ removedCount: key("removed_count", Schema.Number) })

/**
 * The decoded body of a successful `Supporters.supportingList` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Supporting)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Supporting = Schema.Struct({ total: Schema.Number, supporting: Schema.Array(Supporter) })

/**
 * The decoded body of a successful `Supporters.supporterList` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Supporters)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Supporters = Schema.Struct({ total: Schema.Number, supporters: Schema.Array(Supporter) })

/**
 * The decoded body of a successful `Categories.getCategories` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Categories)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Categories = Schema.Struct({ categories: Schema.Array(Category) })

/**
 * The decoded body of a successful `Search.searchUsers` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Users)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Users = Schema.Struct({ users: Schema.Array(User) })

/**
 * The decoded body of a successful `Search.searchLiveMovies` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Lives)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Lives = Schema.Struct({ movies: Schema.Array(Live) })

/**
 * The decoded body of a successful `Webhooks.getWebhookList` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.Webhooks)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const Webhooks = Schema.Struct({ allCount: key("all_count", Schema.Number), webhooks: Schema.Array(WebHook) })

/**
 * The decoded body of a successful `Webhooks.registerWebhook` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.RegisteredWebhook)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const RegisteredWebhook = Schema.Struct({
  userId: key("user_id", Schema.String),
  addedEvents: key("added_events", Schema.Array(WebhookEvent))
})

/**
 * The decoded body of a successful `Webhooks.removeWebhook` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.RemovedWebhook)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const RemovedWebhook = Schema.Struct({
  userId: key("user_id", Schema.String),
  deletedEvents: key("deleted_events", Schema.Array(WebhookEvent))
})

/**
 * The decoded body of a successful `Broadcasting.getRtmpUrl` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.RtmpUrl)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const RtmpUrl = Schema.Struct({
  enabled: Schema.Boolean,
  url: Schema.NullOr(Schema.String),
  streamKey: key("stream_key", Schema.NullOr(Schema.String))
})

/**
 * The decoded body of a successful `Broadcasting.getWebmUrl` answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Api.WebmUrl)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const WebmUrl = Schema.Struct({ enabled: Schema.Boolean, url: Schema.NullOr(Schema.String) })

// ---------------------------------------------------------------------------
// endpoints
// ---------------------------------------------------------------------------

/**
 * Declares `Users.getUserInfo`: `GET /users/:user_id`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getUserInfo.method} ${Api.getUserInfo.path}` // "GET /users/:user_id"
 * ```
 *
 * @category users
 * @since 0.1.0
 */
export const getUserInfo = Endpoint.make({
  name: "Users.getUserInfo",
  method: "GET",
  path: "/users/:user_id",
  auth: "any",
  idempotent: true,
  params: UserRef,
  success: UserInfo
})

/**
 * Declares `Users.verifyCredentials`: `GET /verify_credentials`, with a user token, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.verifyCredentials.method} ${Api.verifyCredentials.path}` // "GET /verify_credentials"
 * ```
 *
 * @category users
 * @since 0.1.0
 */
export const verifyCredentials = Endpoint.make({
  name: "Users.verifyCredentials",
  method: "GET",
  path: "/verify_credentials",
  auth: "user",
  idempotent: true,
  success: Credentials
})

/**
 * Declares `Users.getLiveThumbnailImage`: `GET /users/:user_id/live/thumbnail`, with no credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getLiveThumbnailImage.method} ${Api.getLiveThumbnailImage.path}` // "GET /users/:user_id/live/thumbnail"
 * ```
 *
 * @category users
 * @since 0.1.0
 */
export const getLiveThumbnailImage = Endpoint.make({
  name: "Users.getLiveThumbnailImage",
  method: "GET",
  path: "/users/:user_id/live/thumbnail",
  auth: "none",
  idempotent: true,
  status: 302,
  response: "image",
  params: UserRef,
  query: Schema.Struct({
    size: Schema.optional(oneOf("large", "small")),
    position: Schema.optional(oneOf("beginning", "latest"))
  }),
  success: Image
})

/**
 * Declares `Movies.getMovieInfo`: `GET /movies/:movie_id`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getMovieInfo.method} ${Api.getMovieInfo.path}` // "GET /movies/:movie_id"
 * ```
 *
 * @category movies
 * @since 0.1.0
 */
export const getMovieInfo = Endpoint.make({
  name: "Movies.getMovieInfo",
  method: "GET",
  path: "/movies/:movie_id",
  auth: "any",
  idempotent: true,
  params: MovieRef,
  success: MovieInfo
})

/**
 * Declares `Movies.getMoviesByUser`: `GET /users/:user_id/movies`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getMoviesByUser.method} ${Api.getMoviesByUser.path}` // "GET /users/:user_id/movies"
 * ```
 *
 * @category movies
 * @since 0.1.0
 */
export const getMoviesByUser = Endpoint.make({
  name: "Movies.getMoviesByUser",
  method: "GET",
  path: "/users/:user_id/movies",
  auth: "any",
  idempotent: true,
  params: UserRef,
  query: Schema.Struct({
    offset: Schema.optional(QueryInt(0, 1000)),
    limit: Schema.optional(QueryInt(1, 50)),
    sliceId: optionalKey("slice_id", QueryInt(1))
  }),
  success: Movies
})

/**
 * Declares `Movies.getCurrentLive`: `GET /users/:user_id/current_live`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getCurrentLive.method} ${Api.getCurrentLive.path}` // "GET /users/:user_id/current_live"
 * ```
 *
 * @category movies
 * @since 0.1.0
 */
export const getCurrentLive = Endpoint.make({
  name: "Movies.getCurrentLive",
  method: "GET",
  path: "/users/:user_id/current_live",
  auth: "any",
  idempotent: true,
  params: UserRef,
  success: MovieInfo
})

/**
 * Declares `Movies.setCurrentLiveSubtitle`: `POST /movies/subtitle`, with a user token, never retried once it may have been sent.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.setCurrentLiveSubtitle.method} ${Api.setCurrentLiveSubtitle.path}` // "POST /movies/subtitle"
 * ```
 *
 * @category movies
 * @since 0.1.0
 */
export const setCurrentLiveSubtitle = Endpoint.make({
  name: "Movies.setCurrentLiveSubtitle",
  method: "POST",
  path: "/movies/subtitle",
  auth: "user",
  idempotent: false,
  body: Schema.Struct({
    subtitle: Schema.String,
    cutOut: withDefault(Schema.Boolean, false).pipe(Schema.fromKey("cut_out"))
  }).pipe(Schema.filter(({ cutOut, subtitle }) => liveText("subtitle", subtitle, cutOut === true, 17))),
  success: Subtitle
})

/**
 * Declares `Movies.unsetCurrentLiveSubtitle`: `DELETE /movies/subtitle`, with a user token, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.unsetCurrentLiveSubtitle.method} ${Api.unsetCurrentLiveSubtitle.path}` // "DELETE /movies/subtitle"
 * ```
 *
 * @category movies
 * @since 0.1.0
 */
export const unsetCurrentLiveSubtitle = Endpoint.make({
  name: "Movies.unsetCurrentLiveSubtitle",
  method: "DELETE",
  path: "/movies/subtitle",
  auth: "user",
  idempotent: true,
  success: Subtitle
})

/**
 * Declares `Movies.setCurrentLiveHashtag`: `POST /movies/hashtag`, with a user token, never retried once it may have been sent.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.setCurrentLiveHashtag.method} ${Api.setCurrentLiveHashtag.path}` // "POST /movies/hashtag"
 * ```
 *
 * @category movies
 * @since 0.1.0
 */
export const setCurrentLiveHashtag = Endpoint.make({
  name: "Movies.setCurrentLiveHashtag",
  method: "POST",
  path: "/movies/hashtag",
  auth: "user",
  idempotent: false,
  body: Schema.Struct({
    hashtag: Schema.String,
    cutOut: withDefault(Schema.Boolean, false).pipe(Schema.fromKey("cut_out"))
  }).pipe(Schema.filter(({ cutOut, hashtag }) => liveText("hashtag", hashtag, cutOut === true, 26))),
  success: Hashtag
})

/**
 * Declares `Movies.unsetCurrentLiveHashtag`: `DELETE /movies/hashtag`, with a user token, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.unsetCurrentLiveHashtag.method} ${Api.unsetCurrentLiveHashtag.path}` // "DELETE /movies/hashtag"
 * ```
 *
 * @category movies
 * @since 0.1.0
 */
export const unsetCurrentLiveHashtag = Endpoint.make({
  name: "Movies.unsetCurrentLiveHashtag",
  method: "DELETE",
  path: "/movies/hashtag",
  auth: "user",
  idempotent: true,
  success: Hashtag
})

/**
 * Declares `Comments.getComments`: `GET /movies/:movie_id/comments`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getComments.method} ${Api.getComments.path}` // "GET /movies/:movie_id/comments"
 * ```
 *
 * @category comments
 * @since 0.1.0
 */
export const getComments = Endpoint.make({
  name: "Comments.getComments",
  method: "GET",
  path: "/movies/:movie_id/comments",
  auth: "any",
  idempotent: true,
  params: MovieRef,
  query: Schema.Struct({
    offset: Schema.optional(QueryInt(0)),
    limit: Schema.optional(QueryInt(1, 50)),
    sliceId: optionalKey("slice_id", QueryInt(1))
  }),
  success: Comments
})

/**
 * Declares `Comments.postComment`: `POST /movies/:movie_id/comments`, with a user token, never retried once it may have been sent.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.postComment.method} ${Api.postComment.path}` // "POST /movies/:movie_id/comments"
 * ```
 *
 * @category comments
 * @since 0.1.0
 */
export const postComment = Endpoint.make({
  name: "Comments.postComment",
  method: "POST",
  path: "/movies/:movie_id/comments",
  auth: "user",
  idempotent: false,
  params: MovieRef,
  body: Schema.Struct({
    comment: Text(1, 140),
    sns: withDefault(oneOf("reply", "normal", "none"), "none")
  }),
  success: PostedComment
})

/**
 * Declares `Comments.deleteComment`: `DELETE /movies/:movie_id/comments/:comment_id`, with a user token, never retried once it may have been sent.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.deleteComment.method} ${Api.deleteComment.path}` // "DELETE /movies/:movie_id/comments/:comment_id"
 * ```
 *
 * @category comments
 * @since 0.1.0
 */
export const deleteComment = Endpoint.make({
  name: "Comments.deleteComment",
  method: "DELETE",
  path: "/movies/:movie_id/comments/:comment_id",
  auth: "user",
  idempotent: false,
  params: Schema.Struct({ ...MovieRef.fields, commentId: key("comment_id", Id) }),
  success: DeletedComment
})

/**
 * Declares `Gifts.getGifts`: `GET /gifts`, with a user token, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getGifts.method} ${Api.getGifts.path}` // "GET /gifts"
 * ```
 *
 * @category gifts
 * @since 0.1.0
 */
export const getGifts = Endpoint.make({
  name: "Gifts.getGifts",
  method: "GET",
  path: "/gifts",
  auth: "user",
  idempotent: true,
  query: Schema.Struct({ sliceId: optionalKey("slice_id", QueryInt(-1)) }),
  success: Gifts
})

/**
 * Declares `Supporters.getSupportingStatus`: `GET /users/:user_id/supporting_status`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getSupportingStatus.method} ${Api.getSupportingStatus.path}` // "GET /users/:user_id/supporting_status"
 * ```
 *
 * @category supporters
 * @since 0.1.0
 */
export const getSupportingStatus = Endpoint.make({
  name: "Supporters.getSupportingStatus",
  method: "GET",
  path: "/users/:user_id/supporting_status",
  auth: "any",
  idempotent: true,
  params: UserRef,
  query: Schema.Struct({ targetUserId: key("target_user_id", Id) }),
  success: SupportingStatus
})

/**
 * Declares `Supporters.supportUser`: `PUT /support`, with a user token, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.supportUser.method} ${Api.supportUser.path}` // "PUT /support"
 * ```
 *
 * @category supporters
 * @since 0.1.0
 */
export const supportUser = Endpoint.make({
  name: "Supporters.supportUser",
  method: "PUT",
  path: "/support",
  auth: "user",
  idempotent: true,
  body: TargetUserIds,
  success: Supported
})

/**
 * Declares `Supporters.unsupportUser`: `PUT /unsupport`, with a user token, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.unsupportUser.method} ${Api.unsupportUser.path}` // "PUT /unsupport"
 * ```
 *
 * @category supporters
 * @since 0.1.0
 */
export const unsupportUser = Endpoint.make({
  name: "Supporters.unsupportUser",
  method: "PUT",
  path: "/unsupport",
  auth: "user",
  idempotent: true,
  body: TargetUserIds,
  success: Unsupported
})

/**
 * Declares `Supporters.supportingList`: `GET /users/:user_id/supporting`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.supportingList.method} ${Api.supportingList.path}` // "GET /users/:user_id/supporting"
 * ```
 *
 * @category supporters
 * @since 0.1.0
 */
export const supportingList = Endpoint.make({
  name: "Supporters.supportingList",
  method: "GET",
  path: "/users/:user_id/supporting",
  auth: "any",
  idempotent: true,
  params: UserRef,
  query: Schema.Struct({ offset: Schema.optional(QueryInt(0)), limit: Schema.optional(QueryInt(1, 20)) }),
  success: Supporting
})

/**
 * Declares `Supporters.supporterList`: `GET /users/:user_id/supporters`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.supporterList.method} ${Api.supporterList.path}` // "GET /users/:user_id/supporters"
 * ```
 *
 * @category supporters
 * @since 0.1.0
 */
export const supporterList = Endpoint.make({
  name: "Supporters.supporterList",
  method: "GET",
  path: "/users/:user_id/supporters",
  auth: "any",
  idempotent: true,
  params: UserRef,
  query: Schema.Struct({
    offset: Schema.optional(QueryInt(0)),
    limit: Schema.optional(QueryInt(1, 20)),
    sort: withDefault(oneOf("new", "ranking"), "ranking")
  }),
  success: Supporters
})

/**
 * Declares `Categories.getCategories`: `GET /categories`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getCategories.method} ${Api.getCategories.path}` // "GET /categories"
 * ```
 *
 * @category categories
 * @since 0.1.0
 */
export const getCategories = Endpoint.make({
  name: "Categories.getCategories",
  method: "GET",
  path: "/categories",
  auth: "any",
  idempotent: true,
  query: Schema.Struct({ lang: withDefault(oneOf("ja", "en"), "ja") }),
  success: Categories
})

/**
 * Declares `Search.searchUsers`: `GET /search/users`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.searchUsers.method} ${Api.searchUsers.path}` // "GET /search/users"
 * ```
 *
 * @category search
 * @since 0.1.0
 */
export const searchUsers = Endpoint.make({
  name: "Search.searchUsers",
  method: "GET",
  path: "/search/users",
  auth: "any",
  idempotent: true,
  query: Schema.Struct({ words: Words, limit: Schema.optional(QueryInt(1, 50)), lang: Lang }),
  success: Users
})

/**
 * Declares `Search.searchLiveMovies`: `GET /search/lives`, with a user token or app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.searchLiveMovies.method} ${Api.searchLiveMovies.path}` // "GET /search/lives"
 * ```
 *
 * @category search
 * @since 0.1.0
 */
export const searchLiveMovies = Endpoint.make({
  name: "Search.searchLiveMovies",
  method: "GET",
  path: "/search/lives",
  auth: "any",
  idempotent: true,
  query: Schema.Struct({
    type: withDefault(SearchType, "word"),
    context: Schema.optional(Words),
    limit: Schema.optional(QueryInt(1, 100)),
    lang: Lang
  }).pipe(
    Schema.filter(({ context, type }) =>
      context === undefined && (type === undefined || type === "tag" || type === "word" || type === "category")
        ? { path: ["context"], message: "is required for type tag, word and category" }
        : undefined
    )
  ),
  success: Lives
})

/**
 * Declares `Webhooks.getWebhookList`: `GET /webhooks`, with app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getWebhookList.method} ${Api.getWebhookList.path}` // "GET /webhooks"
 * ```
 *
 * @category webhooks
 * @since 0.1.0
 */
export const getWebhookList = Endpoint.make({
  name: "Webhooks.getWebhookList",
  method: "GET",
  path: "/webhooks",
  auth: "app",
  idempotent: true,
  query: Schema.Struct({
    limit: Schema.optional(QueryInt(1, 50)),
    offset: Schema.optional(QueryInt(0)),
    userId: optionalKey("user_id", Id)
  }),
  success: Webhooks
})

/**
 * Declares `Webhooks.registerWebhook`: `POST /webhooks`, with app credentials, never retried once it may have been sent.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.registerWebhook.method} ${Api.registerWebhook.path}` // "POST /webhooks"
 * ```
 *
 * @category webhooks
 * @since 0.1.0
 */
export const registerWebhook = Endpoint.make({
  name: "Webhooks.registerWebhook",
  method: "POST",
  path: "/webhooks",
  auth: "app",
  idempotent: false,
  status: 201,
  body: Schema.Struct({ userId: key("user_id", Id), events: Events }),
  success: RegisteredWebhook
})

/**
 * Declares `Webhooks.removeWebhook`: `DELETE /webhooks`, with app credentials, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.removeWebhook.method} ${Api.removeWebhook.path}` // "DELETE /webhooks"
 * ```
 *
 * @category webhooks
 * @since 0.1.0
 */
export const removeWebhook = Endpoint.make({
  name: "Webhooks.removeWebhook",
  method: "DELETE",
  path: "/webhooks",
  auth: "app",
  idempotent: true,
  query: Schema.Struct({ userId: key("user_id", Id), events: key("events[]", Events) }),
  success: RemovedWebhook
})

/**
 * Declares `Broadcasting.getRtmpUrl`: `GET /rtmp_url`, with a user token, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getRtmpUrl.method} ${Api.getRtmpUrl.path}` // "GET /rtmp_url"
 * ```
 *
 * @category broadcasting
 * @since 0.1.0
 */
export const getRtmpUrl = Endpoint.make({
  name: "Broadcasting.getRtmpUrl",
  method: "GET",
  path: "/rtmp_url",
  auth: "user",
  idempotent: true,
  success: RtmpUrl
})

/**
 * Declares `Broadcasting.getWebmUrl`: `GET /webm_url`, with a user token, safe to retry.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const route = `${Api.getWebmUrl.method} ${Api.getWebmUrl.path}` // "GET /webm_url"
 * ```
 *
 * @category broadcasting
 * @since 0.1.0
 */
export const getWebmUrl = Endpoint.make({
  name: "Broadcasting.getWebmUrl",
  method: "GET",
  path: "/webm_url",
  auth: "user",
  idempotent: true,
  success: WebmUrl
})

/**
 * All endpoints, in the order of the API reference.
 *
 * @example
 * ```ts
 * import { Api } from "@effect-twitcasting/sdk"
 *
 * const appOnly = Api.endpoints.filter((endpoint) => endpoint.auth === "app").map((endpoint) => endpoint.name)
 * ```
 *
 * @category endpoints
 * @since 0.1.0
 */
export const endpoints: ReadonlyArray<Endpoint.Any> = [
  getUserInfo,
  verifyCredentials,
  getLiveThumbnailImage,
  getMovieInfo,
  getMoviesByUser,
  getCurrentLive,
  setCurrentLiveSubtitle,
  unsetCurrentLiveSubtitle,
  setCurrentLiveHashtag,
  unsetCurrentLiveHashtag,
  getComments,
  postComment,
  deleteComment,
  getGifts,
  getSupportingStatus,
  supportUser,
  unsupportUser,
  supportingList,
  supporterList,
  getCategories,
  searchUsers,
  searchLiveMovies,
  getWebhookList,
  registerWebhook,
  removeWebhook,
  getRtmpUrl,
  getWebmUrl
]
