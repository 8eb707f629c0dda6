/**
 * The data model of TwitCasting API v2 as `Schema.Class`es.
 *
 * Each model decodes the API's snake_case JSON into camelCase properties,
 * turns Unix timestamps into `DateTime.Utc`, keeps the fields that real
 * responses show as `null` nullable, and ignores fields it does not know (the
 * API adds fields over time). Encoding a model gives back the wire JSON, which
 * is what the simulator serves.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const user = Schema.decodeUnknownSync(Models.User)({
 *   id: "182224938", screen_id: "twitcasting_jp", name: "ツイキャス公式",
 *   image: "https://example.com/icon.jpg", profile: "", level: 24,
 *   last_movie_id: null, is_live: false
 * })
 * console.log(user.screenId) // "twitcasting_jp"
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#response-objects
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { key, LooseString, oneOf, optionalKey, UnixSeconds } from "./internal/wire.js"

/**
 * The fields every user shape shares; {@link Supporter} extends them.
 */
const userFields = {
  id: Schema.String,
  screenId: key("screen_id", Schema.String),
  name: Schema.String,
  image: Schema.String,
  profile: Schema.String,
  level: Schema.Number,
  lastMovieId: key("last_movie_id", Schema.NullOr(Schema.String)),
  isLive: key("is_live", Schema.Boolean),
  supporterCount: optionalKey("supporter_count", Schema.Number),
  supportingCount: optionalKey("supporting_count", Schema.Number),
  created: Schema.optional(Schema.Number)
}

/**
 * A TwitCasting user.
 *
 * **Gotchas**
 *
 * - `screenId` can be changed by its owner; store `id`.
 * - `supporterCount`, `supportingCount` and `created` are deprecated by the
 *   API and always `0` when present. Read the counts from
 *   `Users.getUserInfo`'s result instead.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const isOnAir = (user: Models.User) => user.isLive && user.lastMovieId !== null
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#user-object
 * @category models
 * @since 0.1.0
 */
export class User extends Schema.Class<User>("User")(userFields) {}

/**
 * The application an access token was issued to (from
 * `Users.verifyCredentials`).
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const describe = (app: Models.App) => `${app.name} (${app.clientId})`
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#app-object
 * @category models
 * @since 0.1.0
 */
export class App extends Schema.Class<App>("App")({
  clientId: key("client_id", Schema.String),
  name: Schema.String,
  ownerUserId: key("owner_user_id", Schema.String)
}) {}

/**
 * A live or recorded broadcast.
 *
 * **Details**
 *
 * `created` is when the broadcast started. `subtitle` (the telop),
 * `lastOwnerComment`, `category` and `hlsUrl` are `null` when unset, as real
 * responses show.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const label = (movie: Models.Movie) => `${movie.title} (${DateTime.formatIso(movie.created)})`
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#movie-object
 * @category models
 * @since 0.1.0
 */
export class Movie extends Schema.Class<Movie>("Movie")({
  id: Schema.String,
  userId: key("user_id", Schema.String),
  title: Schema.String,
  subtitle: Schema.NullOr(Schema.String),
  lastOwnerComment: key("last_owner_comment", Schema.NullOr(Schema.String)),
  category: Schema.NullOr(Schema.String),
  link: Schema.String,
  isLive: key("is_live", Schema.Boolean),
  isRecorded: key("is_recorded", Schema.Boolean),
  commentCount: key("comment_count", Schema.Number),
  largeThumbnail: key("large_thumbnail", Schema.String),
  smallThumbnail: key("small_thumbnail", Schema.String),
  country: Schema.String,
  duration: Schema.Number,
  created: UnixSeconds,
  isCollabo: key("is_collabo", Schema.Boolean),
  isProtected: key("is_protected", Schema.Boolean),
  maxViewCount: key("max_view_count", Schema.Number),
  currentViewCount: key("current_view_count", Schema.Number),
  totalViewCount: key("total_view_count", Schema.Number),
  hlsUrl: key("hls_url", Schema.NullOr(Schema.String))
}) {}

/**
 * A movie together with its broadcaster and tags: what the API returns for
 * one movie, the current live, live search results and realtime events.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const headline = (live: Models.Live) => `${live.broadcaster.name}: ${live.movie.title} ${live.tags.join(" ")}`
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export class Live extends Schema.Class<Live>("Live")({
  movie: Movie,
  broadcaster: User,
  tags: Schema.Array(Schema.String)
}) {}

/**
 * A comment on a movie.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const line = (comment: Models.Comment) => `${comment.fromUser.name}: ${comment.message}`
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#comment-object
 * @category models
 * @since 0.1.0
 */
export class Comment extends Schema.Class<Comment>("Comment")({
  id: Schema.String,
  message: Schema.String,
  fromUser: key("from_user", User),
  created: UnixSeconds
}) {}

/**
 * An item (gift) sent by a viewer.
 *
 * **Details**
 *
 * The live API sends `id` as a string or a number and `item_mp` as a number
 * (documented as strings): both decode to strings. `item_sub_image` may be
 * null or missing: `itemSubImage` is then `null`.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const thanks = (gift: Models.Gift) => `Thank you ${gift.userName} for ${gift.itemName}!`
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#gift-object
 * @category models
 * @since 0.1.0
 */
export class Gift extends Schema.Class<Gift>("Gift")({
  id: LooseString("string"),
  message: Schema.String,
  itemImage: key("item_image", Schema.String),
  itemSubImage: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null, exact: true }).pipe(
    Schema.fromKey("item_sub_image")
  ),
  itemId: key("item_id", Schema.String),
  itemMp: key("item_mp", LooseString("number")),
  itemName: key("item_name", Schema.String),
  userImage: key("user_image", Schema.String),
  userScreenId: key("user_screen_id", Schema.String),
  userScreenName: key("user_screen_name", Schema.String),
  userName: key("user_name", Schema.String)
}) {}

/**
 * A live a user has scheduled: when it starts, its title and thumbnail.
 *
 * **Details**
 *
 * The id is a string that is not a number (`timetable-80959`).
 * `thumbnail` is `null` when the schedule has none.
 *
 * @example
 * ```ts
 * import { DateTime } from "effect"
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const line = (schedule: Models.LiveSchedule) => `${DateTime.formatIso(schedule.startAt)} ${schedule.title}`
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-upcoming-live-schedules
 * @category models
 * @since 0.2.0
 */
export class LiveSchedule extends Schema.Class<LiveSchedule>("LiveSchedule")({
  id: Schema.String,
  userId: key("user_id", Schema.String),
  userScreenId: key("user_screen_id", Schema.String),
  startAt: key("start_at", UnixSeconds),
  title: Schema.String,
  thumbnail: Schema.NullOr(Schema.String)
}) {}

/**
 * A user in a supporter or supporting list: a {@link User} plus when the
 * support began and the item points exchanged.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const top = (supporters: ReadonlyArray<Models.Supporter>) =>
 *   [...supporters].sort((a, b) => b.totalPoint - a.totalPoint)[0]
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#supporteruser-object
 * @category models
 * @since 0.1.0
 */
export class Supporter extends Schema.Class<Supporter>("Supporter")({
  ...userFields,
  supported: UnixSeconds,
  point: Schema.Number,
  totalPoint: key("total_point", Schema.Number)
}) {}

/**
 * A sub-category with the number of lives currently streaming in it.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const busiest = (subs: ReadonlyArray<Models.SubCategory>) => Math.max(0, ...subs.map((s) => s.count))
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#sub-category-object
 * @category models
 * @since 0.1.0
 */
export class SubCategory extends Schema.Class<SubCategory>("SubCategory")({
  id: Schema.String,
  name: Schema.String,
  count: Schema.Number
}) {}

/**
 * A category of lives and its sub-categories.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const total = (category: Models.Category) => category.subCategories.reduce((n, s) => n + s.count, 0)
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#category-object
 * @category models
 * @since 0.1.0
 */
export class Category extends Schema.Class<Category>("Category")({
  id: Schema.String,
  name: Schema.String,
  subCategories: key("sub_categories", Schema.Array(SubCategory))
}) {}

/**
 * The events a webhook can be registered for: a live's start and end, and
 * a live schedule's creation, update and deletion (added 2025-12-25).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * Schema.is(Models.WebhookEvent)("livestart") // true
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export const WebhookEvent = oneOf(
  "livestart",
  "liveend",
  "liveschedulecreate",
  "livescheduleupdate",
  "livescheduledelete"
)

/**
 * The notification kinds a webhook can be registered for.
 *
 * @example
 * ```ts
 * import type { Models } from "@effect-twitcasting/sdk"
 *
 * const both: ReadonlyArray<Models.WebhookEvent> = ["livestart", "liveend"]
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type WebhookEvent = typeof WebhookEvent.Type

/**
 * A webhook registration: which user's which event the app is notified of.
 *
 * @example
 * ```ts
 * import { Models } from "@effect-twitcasting/sdk"
 *
 * const key = (hook: Models.WebHook) => `${hook.userId}/${hook.event}`
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#webhook-object
 * @category models
 * @since 0.1.0
 */
export class WebHook extends Schema.Class<WebHook>("WebHook")({
  userId: key("user_id", Schema.String),
  event: WebhookEvent
}) {}
