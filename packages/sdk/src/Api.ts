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
 * @category inputs
 * @since 0.1.0
 */
export const UserRef = Schema.transform(
  Schema.Struct({ user_id: Id }),
  Schema.Union(
    Schema.Struct({ id: Id, screenId: Schema.optional(Schema.String) }),
    Schema.Struct({ screenId: Id })
  ),
  {
    strict: true,
    decode: ({ user_id }) => ({ id: user_id }),
    encode: (ref) => ({ user_id: "id" in ref ? ref.id : ref.screenId })
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
 * @category responses
 * @since 0.1.0
 */
export const UserInfo = Schema.Struct({
  user: User,
  supporterCount: key("supporter_count", Schema.Number),
  supportingCount: key("supporting_count", Schema.Number)
})

/**
 * @category responses
 * @since 0.1.0
 */
export const Credentials = Schema.Struct({ app: App, ...UserInfo.fields })

/**
 * The live thumbnail: image bytes and their content type.
 *
 * @category responses
 * @since 0.1.0
 */
export const Image = Schema.Struct({ contentType: Schema.String, bytes: Schema.Uint8ArrayFromSelf })

/**
 * A movie with its broadcaster and tags.
 *
 * @category responses
 * @since 0.1.0
 */
export const MovieInfo = Schema.Struct(Live.fields)

/**
 * @category responses
 * @since 0.1.0
 */
export const Movies = Schema.Struct({ totalCount: key("total_count", Schema.Number), movies: Schema.Array(Movie) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Subtitle = Schema.Struct({
  movieId: key("movie_id", Schema.String),
  subtitle: Schema.NullOr(Schema.String)
})

/**
 * @category responses
 * @since 0.1.0
 */
export const Hashtag = Schema.Struct({ movieId: key("movie_id", Schema.String), hashtag: Schema.NullOr(Schema.String) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Comments = Schema.Struct({
  movieId: key("movie_id", Schema.String),
  allCount: key("all_count", Schema.Number),
  comments: Schema.Array(Comment)
})

/**
 * @category responses
 * @since 0.1.0
 */
export const PostedComment = Schema.Struct({
  movieId: key("movie_id", Schema.String),
  allCount: key("all_count", Schema.Number),
  comment: Comment
})

/**
 * @category responses
 * @since 0.1.0
 */
export const DeletedComment = Schema.Struct({ commentId: key("comment_id", Schema.String) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Gifts = Schema.Struct({ sliceId: key("slice_id", Schema.Number), gifts: Schema.Array(Gift) })

/**
 * @category responses
 * @since 0.1.0
 */
export const SupportingStatus = Schema.Struct({
  isSupporting: key("is_supporting", Schema.Boolean),
  supported: Schema.NullOr(UnixSeconds),
  targetUser: key("target_user", User)
})

/**
 * @category responses
 * @since 0.1.0
 */
export const Supported = Schema.Struct({ addedCount: key("added_count", Schema.Number) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Unsupported = Schema.Struct({ removedCount: key("removed_count", Schema.Number) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Supporting = Schema.Struct({ total: Schema.Number, supporting: Schema.Array(Supporter) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Supporters = Schema.Struct({ total: Schema.Number, supporters: Schema.Array(Supporter) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Categories = Schema.Struct({ categories: Schema.Array(Category) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Users = Schema.Struct({ users: Schema.Array(User) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Lives = Schema.Struct({ movies: Schema.Array(Live) })

/**
 * @category responses
 * @since 0.1.0
 */
export const Webhooks = Schema.Struct({ allCount: key("all_count", Schema.Number), webhooks: Schema.Array(WebHook) })

/**
 * @category responses
 * @since 0.1.0
 */
export const RegisteredWebhook = Schema.Struct({
  userId: key("user_id", Schema.String),
  addedEvents: key("added_events", Schema.Array(WebhookEvent))
})

/**
 * @category responses
 * @since 0.1.0
 */
export const RemovedWebhook = Schema.Struct({
  userId: key("user_id", Schema.String),
  deletedEvents: key("deleted_events", Schema.Array(WebhookEvent))
})

/**
 * @category responses
 * @since 0.1.0
 */
export const RtmpUrl = Schema.Struct({
  enabled: Schema.Boolean,
  url: Schema.NullOr(Schema.String),
  streamKey: key("stream_key", Schema.NullOr(Schema.String))
})

/**
 * @category responses
 * @since 0.1.0
 */
export const WebmUrl = Schema.Struct({ enabled: Schema.Boolean, url: Schema.NullOr(Schema.String) })

// ---------------------------------------------------------------------------
// endpoints
// ---------------------------------------------------------------------------

/**
 * `GET /users/:user_id`
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
 * `GET /verify_credentials`
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
 * `GET /users/:user_id/live/thumbnail` (no credentials; answers 302 to the
 * image)
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
 * `GET /movies/:movie_id`
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
 * `GET /users/:user_id/movies`
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
 * `GET /users/:user_id/current_live`
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
 * `POST /movies/subtitle`
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
 * `DELETE /movies/subtitle`
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
 * `POST /movies/hashtag`
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
 * `DELETE /movies/hashtag`
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
 * `GET /movies/:movie_id/comments`
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
 * `POST /movies/:movie_id/comments`
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
 * `DELETE /movies/:movie_id/comments/:comment_id`
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
 * `GET /gifts`
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
 * `GET /users/:user_id/supporting_status`
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
 * `PUT /support`
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
 * `PUT /unsupport`
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
 * `GET /users/:user_id/supporting`
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
 * `GET /users/:user_id/supporters`
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
 * `GET /categories`
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
 * `GET /search/users`
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
 * `GET /search/lives`
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
 * `GET /webhooks` (app credentials only)
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
 * `POST /webhooks` (app credentials only; answers 201)
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
 * `DELETE /webhooks` (app credentials only)
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
 * `GET /rtmp_url` (user token only)
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
 * `GET /webm_url` (user token only)
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
