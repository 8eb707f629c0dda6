/**
 * The models against realistic wire JSON: decoding to camelCase with
 * `DateTime.Utc` timestamps and the `null`s real responses show, unknown
 * fields ignored, and encoding back to exactly the wire JSON.
 */
import { Headers } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Option, Schema } from "effect"
import {
  Broadcasting,
  Categories,
  Comments,
  Gifts,
  Models,
  Movies,
  RateLimit,
  Search,
  Supporters,
  Users,
  Webhooks
} from "../src/index.js"
import * as fixtures from "./fixtures.js"

const utc = (seconds: number) => DateTime.unsafeMake(seconds * 1000)

const rateLimitJson = { limit: 60, remaining: 59, reset: 1700000060 }

const subtitleless = { ...fixtures.movie, subtitle: null }

interface ModelCase {
  readonly name: string
  readonly schema: Schema.Schema.AnyNoContext
  readonly json: object
  /** Properties of the decoded value, compared with `toMatchObject`. */
  readonly decoded: object
}

const models: ReadonlyArray<ModelCase> = [
  {
    name: "User",
    schema: Models.User,
    json: fixtures.user,
    decoded: {
      id: "182224938",
      screenId: "twitcasting_jp",
      name: "ツイキャス公式",
      image: fixtures.user.image,
      profile: "ツイキャスの公式アカウントです。",
      level: 24,
      lastMovieId: "189037369",
      isLive: true,
      supporterCount: 0,
      supportingCount: 0,
      created: 0
    }
  },
  {
    name: "User with null last_movie_id and an unknown field",
    schema: Models.User,
    json: fixtures.quietUser,
    decoded: { id: "2880417757", screenId: "casma_jp", profile: "", level: 3, lastMovieId: null, isLive: false }
  },
  {
    name: "User without the deprecated fields",
    schema: Models.User,
    json: (({ created: _c, supporter_count: _s, supporting_count: _t, ...rest }) => rest)(fixtures.user),
    decoded: { id: "182224938", screenId: "twitcasting_jp" }
  },
  {
    name: "App",
    schema: Models.App,
    json: fixtures.app,
    decoded: { clientId: fixtures.app.client_id, name: "サンプルアプリケーション", ownerUserId: "182224938" }
  },
  {
    name: "Movie (live)",
    schema: Models.Movie,
    json: fixtures.movie,
    decoded: {
      id: "189037369",
      userId: "182224938",
      title: "ライブ #189037369",
      subtitle: "雑談",
      lastOwnerComment: "もいもい",
      category: "girls_jcjk_jp",
      link: fixtures.movie.link,
      isLive: true,
      isRecorded: false,
      commentCount: 2124,
      largeThumbnail: fixtures.movie.large_thumbnail,
      smallThumbnail: fixtures.movie.small_thumbnail,
      country: "jp",
      duration: 1186,
      created: utc(1438500282),
      isCollabo: false,
      isProtected: false,
      maxViewCount: 1675,
      currentViewCount: 20848,
      totalViewCount: 20848,
      hlsUrl: fixtures.movie.hls_url
    }
  },
  {
    name: "Movie (recorded, with nulls)",
    schema: Models.Movie,
    json: fixtures.recordedMovie,
    decoded: {
      subtitle: null,
      lastOwnerComment: null,
      category: null,
      hlsUrl: null,
      isLive: false,
      isRecorded: true,
      created: utc(1438400000)
    }
  },
  {
    name: "Live",
    schema: Models.Live,
    json: fixtures.live,
    decoded: {
      movie: { id: "189037369", created: utc(1438500282) },
      broadcaster: { screenId: "twitcasting_jp" },
      tags: ["人気", "雑談"]
    }
  },
  {
    name: "Comment",
    schema: Models.Comment,
    json: fixtures.comment,
    decoded: {
      id: "7134775954",
      message: "モイ！",
      fromUser: { id: "2880417757", screenId: "twitcasting_pr", lastMovieId: "189037369" },
      created: utc(1479579471)
    }
  },
  {
    name: "Gift",
    schema: Models.Gift,
    json: fixtures.gift,
    decoded: {
      id: "2124",
      message: "ありがとう！",
      itemImage: fixtures.gift.item_image,
      itemSubImage: null,
      itemId: "tea",
      itemMp: "10",
      itemName: "お茶",
      userImage: fixtures.gift.user_image,
      userScreenId: "twitcasting_pr",
      userScreenName: "@twitcasting_pr",
      userName: "ツイキャス運営"
    }
  },
  {
    name: "Gift with a sub image",
    schema: Models.Gift,
    json: { ...fixtures.gift, item_sub_image: "https://twitcasting.tv/img/item_tea_sub.png" },
    decoded: { itemSubImage: "https://twitcasting.tv/img/item_tea_sub.png" }
  },
  {
    name: "Supporter",
    schema: Models.Supporter,
    json: fixtures.supporter,
    decoded: {
      id: "2880417757",
      screenId: "casma_jp",
      lastMovieId: null,
      supported: utc(1632716873),
      point: 10,
      totalPoint: 50
    }
  },
  {
    name: "SubCategory",
    schema: Models.SubCategory,
    json: { id: "girls_jcjk_jp", name: "女子中高生", count: 120 },
    decoded: { id: "girls_jcjk_jp", name: "女子中高生", count: 120 }
  },
  {
    name: "Category",
    schema: Models.Category,
    json: fixtures.categories.categories[1]!,
    decoded: {
      id: "girls_jcjk",
      name: "女子中高生",
      subCategories: [
        { id: "girls_jcjk_jp", name: "女子中高生", count: 120 },
        { id: "girls_jcjk_jp_music", name: "女子中高生 (音楽)", count: 0 }
      ]
    }
  },
  {
    name: "WebHook",
    schema: Models.WebHook,
    json: { user_id: "182224938", event: "livestart" },
    decoded: { userId: "182224938", event: "livestart" }
  },
  {
    name: "RateLimit",
    schema: RateLimit.RateLimit,
    json: rateLimitJson,
    decoded: { limit: 60, remaining: 59, reset: utc(1700000060) }
  }
]

const responses: ReadonlyArray<ModelCase> = [
  {
    name: "Users.UserInfo",
    schema: Users.UserInfo,
    json: { user: fixtures.user, supporter_count: 1500, supporting_count: 12 },
    decoded: { user: { screenId: "twitcasting_jp" }, supporterCount: 1500, supportingCount: 12 }
  },
  {
    name: "Users.Credentials",
    schema: Users.Credentials,
    json: { app: fixtures.app, user: fixtures.user, supporter_count: 1500, supporting_count: 12 },
    decoded: { app: { ownerUserId: "182224938" }, supporterCount: 1500 }
  },
  {
    name: "Movies.MovieInfo",
    schema: Movies.MovieInfo,
    json: fixtures.live,
    decoded: { movie: { isLive: true }, tags: ["人気", "雑談"] }
  },
  {
    name: "Movies.MovieList",
    schema: Movies.MovieList,
    json: { total_count: 2, movies: [fixtures.movie, fixtures.recordedMovie] },
    decoded: { totalCount: 2, movies: [{ id: "189037369" }, { id: "189000001", hlsUrl: null }] }
  },
  {
    name: "Movies.Subtitle (set)",
    schema: Movies.Subtitle,
    json: { movie_id: "189037369", subtitle: "雑談" },
    decoded: { movieId: "189037369", subtitle: "雑談" }
  },
  {
    name: "Movies.Subtitle (unset)",
    schema: Movies.Subtitle,
    json: { movie_id: "189037369", subtitle: null },
    decoded: { movieId: "189037369", subtitle: null }
  },
  {
    name: "Movies.Hashtag (unset)",
    schema: Movies.Hashtag,
    json: { movie_id: "189037369", hashtag: null },
    decoded: { movieId: "189037369", hashtag: null }
  },
  {
    name: "Comments.CommentPage",
    schema: Comments.CommentPage,
    json: { movie_id: "189037369", all_count: 2124, comments: [fixtures.comment] },
    decoded: { movieId: "189037369", allCount: 2124, comments: [{ id: "7134775954", created: utc(1479579471) }] }
  },
  {
    name: "Comments.PostedComment",
    schema: Comments.PostedComment,
    json: { movie_id: "189037369", all_count: 2125, comment: fixtures.comment },
    decoded: { movieId: "189037369", allCount: 2125, comment: { message: "モイ！" } }
  },
  {
    name: "Comments.DeletedComment",
    schema: Comments.DeletedComment,
    json: { comment_id: "7134775954" },
    decoded: { commentId: "7134775954" }
  },
  {
    name: "Gifts.GiftPage",
    schema: Gifts.GiftPage,
    json: { slice_id: 2124, gifts: [fixtures.gift] },
    decoded: { sliceId: 2124, gifts: [{ itemName: "お茶" }] }
  },
  {
    name: "Supporters.SupportingStatus (supporting)",
    schema: Supporters.SupportingStatus,
    json: { is_supporting: true, supported: 1632716873, target_user: fixtures.user },
    decoded: { isSupporting: true, supported: utc(1632716873), targetUser: { id: "182224938" } }
  },
  {
    name: "Supporters.SupportingStatus (not supporting, supported null)",
    schema: Supporters.SupportingStatus,
    json: { is_supporting: false, supported: null, target_user: fixtures.quietUser },
    decoded: { isSupporting: false, supported: null, targetUser: { lastMovieId: null } }
  },
  {
    name: "Supporters.Supported",
    schema: Supporters.Supported,
    json: { added_count: 1 },
    decoded: { addedCount: 1 }
  },
  {
    name: "Supporters.Unsupported",
    schema: Supporters.Unsupported,
    json: { removed_count: 1 },
    decoded: { removedCount: 1 }
  },
  {
    name: "Supporters.SupportingPage",
    schema: Supporters.SupportingPage,
    json: { total: 1, supporting: [fixtures.supporter] },
    decoded: { total: 1, supporting: [{ totalPoint: 50 }] }
  },
  {
    name: "Supporters.SupporterPage",
    schema: Supporters.SupporterPage,
    json: { total: 1, supporters: [fixtures.supporter] },
    decoded: { total: 1, supporters: [{ supported: utc(1632716873) }] }
  },
  {
    name: "Categories.CategoryList",
    schema: Categories.CategoryList,
    json: fixtures.categories,
    decoded: { categories: [{ id: "_system", subCategories: [{ count: 37 }] }, { id: "girls_jcjk" }] }
  },
  {
    name: "Search.UserList",
    schema: Search.UserList,
    json: { users: [fixtures.user, fixtures.quietUser] },
    decoded: { users: [{ isLive: true }, { isLive: false }] }
  },
  {
    name: "Search.LiveList",
    schema: Search.LiveList,
    json: { movies: [fixtures.live, { movie: subtitleless, broadcaster: fixtures.quietUser, tags: [] }] },
    decoded: { movies: [{ tags: ["人気", "雑談"] }, { movie: { subtitle: null }, tags: [] }] }
  },
  {
    name: "Webhooks.WebhookList",
    schema: Webhooks.WebhookList,
    json: {
      all_count: 2,
      webhooks: [{ user_id: "182224938", event: "livestart" }, { user_id: "182224938", event: "liveend" }]
    },
    decoded: { allCount: 2, webhooks: [{ event: "livestart" }, { event: "liveend" }] }
  },
  {
    name: "Webhooks.RegisteredWebhook",
    schema: Webhooks.RegisteredWebhook,
    json: { user_id: "182224938", added_events: ["livestart", "liveend"] },
    decoded: { userId: "182224938", addedEvents: ["livestart", "liveend"] }
  },
  {
    name: "Webhooks.RemovedWebhook",
    schema: Webhooks.RemovedWebhook,
    json: { user_id: "182224938", deleted_events: ["liveend"] },
    decoded: { userId: "182224938", deletedEvents: ["liveend"] }
  },
  {
    name: "Broadcasting.RtmpUrl (enabled)",
    schema: Broadcasting.RtmpUrl,
    json: { enabled: true, url: "rtmp://rtmp02.twitcasting.tv/publish/", stream_key: "182224938.abcdef" },
    decoded: { enabled: true, url: "rtmp://rtmp02.twitcasting.tv/publish/", streamKey: "182224938.abcdef" }
  },
  {
    name: "Broadcasting.RtmpUrl (disabled)",
    schema: Broadcasting.RtmpUrl,
    json: { enabled: false, url: null, stream_key: null },
    decoded: { enabled: false, url: null, streamKey: null }
  },
  {
    name: "Broadcasting.WebmUrl",
    schema: Broadcasting.WebmUrl,
    json: { enabled: true, url: "wss://webm.twitcasting.tv/publish/182224938" },
    decoded: { enabled: true, url: "wss://webm.twitcasting.tv/publish/182224938" }
  }
]

/** Adds an unknown field at the top level and in every nested object. */
const withExtras = (json: unknown): unknown => {
  if (Array.isArray(json)) return json.map(withExtras)
  if (typeof json !== "object" || json === null) return json
  return {
    ...Object.fromEntries(Object.entries(json).map(([key, value]) => [key, withExtras(value)])),
    added_later: { nested: [1, 2, 3] }
  }
}

/** Removes the unknown fields of the fixtures, recursively. */
const knownDeep = (json: unknown): unknown => {
  if (Array.isArray(json)) return json.map(knownDeep)
  if (typeof json !== "object" || json === null) return json
  return Object.fromEntries(
    Object.entries(json).filter(([key]) => key !== "brand_new_field").map(([key, value]) => [key, knownDeep(value)])
  )
}

/** Property names of the decoded value, recursively: none may be snake_case. */
const propertyNames = (value: unknown): ReadonlyArray<string> => {
  if (Array.isArray(value)) return value.flatMap(propertyNames)
  if (typeof value !== "object" || value === null || DateTime.isDateTime(value)) return []
  return Object.entries(value).flatMap(([key, nested]) => [key, ...propertyNames(nested)])
}

/** Every DateTime in the decoded value. */
const dateTimes = (value: unknown): ReadonlyArray<DateTime.DateTime> => {
  if (DateTime.isDateTime(value)) return [value]
  if (Array.isArray(value)) return value.flatMap(dateTimes)
  if (typeof value !== "object" || value === null) return []
  return Object.values(value).flatMap(dateTimes)
}

describe("Models", () => {
  describe.each([
    { kind: "models", table: models },
    { kind: "response schemas", table: responses }
  ])("$kind", ({ table }) => {
    it.effect.each(table)("$name decodes to camelCase", ({ decoded, json, schema }) =>
      Effect.gen(function*() {
        const value = yield* Schema.decodeUnknown(schema)(json)
        expect(value).toMatchObject(decoded)
        expect(propertyNames(value).filter((name) => name.includes("_"))).toEqual([])
      }))

    it.effect.each(table)("$name: timestamps are DateTime.Utc", ({ json, schema }) =>
      Effect.gen(function*() {
        const value = yield* Schema.decodeUnknown(schema)(json)
        for (const dateTime of dateTimes(value)) expect(DateTime.isUtc(dateTime)).toBe(true)
      }))

    it.effect.each(table)("$name encodes back to the wire JSON", ({ json, schema }) =>
      Effect.sync(() => {
        // the round trip the brief names, with the synchronous API
        const encoded = Schema.encodeSync(schema)(Schema.decodeUnknownSync(schema)(json))
        expect(encoded).toStrictEqual(knownDeep(json))
      }))

    it.effect.each(table)("$name ignores unknown fields at every level", ({ json, schema }) =>
      Effect.gen(function*() {
        const decoded = yield* Schema.decodeUnknown(schema)(withExtras(json))
        expect(decoded).toEqual(yield* Schema.decodeUnknown(schema)(json))
        expect(yield* Schema.encode(schema)(decoded)).toStrictEqual(knownDeep(json))
      }))
  })

  it.effect("the tables cover every model", () =>
    Effect.sync(() => {
      const covered = new Set(models.map((c) => c.schema))
      for (
        const model of [
          Models.User,
          Models.App,
          Models.Movie,
          Models.Live,
          Models.Comment,
          Models.Gift,
          Models.Supporter,
          Models.Category,
          Models.SubCategory,
          Models.WebHook,
          RateLimit.RateLimit
        ]
      ) {
        expect(covered.has(model)).toBe(true)
      }
    }))

  it.effect("decoded models are instances of their classes", () =>
    Effect.gen(function*() {
      const live = yield* Schema.decodeUnknown(Models.Live)(fixtures.live)
      expect(live).toBeInstanceOf(Models.Live)
      expect(live.movie).toBeInstanceOf(Models.Movie)
      expect(live.broadcaster).toBeInstanceOf(Models.User)
      const comment = yield* Schema.decodeUnknown(Models.Comment)(fixtures.comment)
      expect(comment.fromUser).toBeInstanceOf(Models.User)
      const supporter = yield* Schema.decodeUnknown(Models.Supporter)(fixtures.supporter)
      expect(supporter).toBeInstanceOf(Models.Supporter)
    }))

  it.effect("Unix seconds decode to the exact instant", () =>
    Effect.gen(function*() {
      const movie = yield* Schema.decodeUnknown(Models.Movie)(fixtures.movie)
      expect(DateTime.toEpochMillis(movie.created)).toBe(1438500282 * 1000)
      expect(DateTime.formatIso(movie.created)).toBe("2015-08-02T07:24:42.000Z")
    }))

  describe("wire JSON that is not the documented shape is refused", () => {
    const refused: ReadonlyArray<
      { readonly name: string; readonly schema: Schema.Schema.AnyNoContext; readonly json: unknown }
    > = [
      {
        name: "User without screen_id",
        schema: Models.User,
        json: (({ screen_id: _, ...rest }) => rest)(fixtures.user)
      },
      { name: "User with level as a string", schema: Models.User, json: { ...fixtures.user, level: "24" } },
      { name: "User with is_live null", schema: Models.User, json: { ...fixtures.user, is_live: null } },
      {
        name: "Movie with created as a string",
        schema: Models.Movie,
        json: { ...fixtures.movie, created: "1438500282" }
      },
      {
        name: "Movie with an unrepresentable created",
        schema: Models.Movie,
        json: { ...fixtures.movie, created: 1e20 }
      },
      { name: "Movie with title null", schema: Models.Movie, json: { ...fixtures.movie, title: null } },
      {
        name: "Comment with from_user missing",
        schema: Models.Comment,
        json: (({ from_user: _, ...rest }) => rest)(fixtures.comment)
      },
      {
        name: "WebHook with an unknown event",
        schema: Models.WebHook,
        json: { user_id: "182224938", event: "livepause" }
      },
      {
        name: "Supporter without total_point",
        schema: Models.Supporter,
        json: (({ total_point: _, ...rest }) => rest)(fixtures.supporter)
      },
      {
        name: "SupportingStatus with supported as a string",
        schema: Supporters.SupportingStatus,
        json: { is_supporting: true, supported: "yesterday", target_user: fixtures.user }
      },
      { name: "RateLimit with reset missing", schema: RateLimit.RateLimit, json: { limit: 60, remaining: 59 } }
    ]

    it.effect.each(refused)("$name", ({ json, schema }) =>
      Effect.gen(function*() {
        const result = yield* Effect.either(Schema.decodeUnknown(schema)(json))
        expect(result._tag).toBe("Left")
      }))
  })
})

describe("RateLimit.fromHeaders", () => {
  const complete = { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "59", "x-ratelimit-reset": "1700000060" }

  it.effect("parses the three headers", () =>
    Effect.sync(() => {
      expect(RateLimit.fromHeaders(Headers.fromInput(complete))).toEqual(
        Option.some(new RateLimit.RateLimit({ limit: 60, remaining: 59, reset: utc(1700000060) }))
      )
    }))

  it.effect("reads header names case-insensitively and trims values", () =>
    Effect.sync(() => {
      const parsed = RateLimit.fromHeaders(Headers.fromInput({
        "X-RateLimit-Limit": " 60",
        "X-RateLimit-Remaining": "0 ",
        "X-RateLimit-Reset": "1700000060"
      }))
      expect(Option.map(parsed, ({ limit, remaining, reset }) => [limit, remaining, DateTime.toEpochMillis(reset)]))
        .toEqual(Option.some([60, 0, 1700000060000]))
      expect(Option.map(parsed, RateLimit.isExhausted)).toEqual(Option.some(true))
    }))

  const names = Object.keys(complete) as ReadonlyArray<keyof typeof complete>
  const broken = names.flatMap((name) => [
    { name: `${name} missing`, headers: Object.fromEntries(Object.entries(complete).filter(([key]) => key !== name)) },
    { name: `${name} not a number`, headers: { ...complete, [name]: "soon" } },
    { name: `${name} negative`, headers: { ...complete, [name]: "-1" } },
    { name: `${name} infinite`, headers: { ...complete, [name]: "Infinity" } },
    { name: `${name} empty`, headers: { ...complete, [name]: "" } },
    { name: `${name} blank`, headers: { ...complete, [name]: "  " } },
    { name: `${name} fractional`, headers: { ...complete, [name]: "1.5" } },
    { name: `${name} hexadecimal`, headers: { ...complete, [name]: "0x10" } }
  ])

  it.effect.each(broken)("None when $name", ({ headers }) =>
    Effect.sync(() => {
      expect(RateLimit.fromHeaders(Headers.fromInput(headers))).toEqual(Option.none())
    }))

  it.effect("None without any header", () =>
    Effect.sync(() => {
      expect(RateLimit.fromHeaders(Headers.empty)).toEqual(Option.none())
    }))

  it.effect("the model encodes to the header values", () =>
    Effect.gen(function*() {
      const rateLimit = yield* Schema.decodeUnknown(RateLimit.RateLimit)(rateLimitJson)
      const encoded = yield* Schema.encode(RateLimit.RateLimit)(rateLimit)
      expect(Object.fromEntries(Object.entries(encoded).map(([key, value]) => [`x-ratelimit-${key}`, String(value)])))
        .toEqual({ "x-ratelimit-limit": "60", "x-ratelimit-remaining": "59", "x-ratelimit-reset": "1700000060" })
      expect(RateLimit.fromHeaders(Headers.fromInput(complete))).toEqual(Option.some(rateLimit))
    }))
})
