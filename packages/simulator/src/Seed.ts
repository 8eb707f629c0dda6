/**
 * The world a simulator starts with: users, movies (one of them live),
 * comments, supporters, categories, registered apps and their user tokens.
 *
 * **Details**
 *
 * A seed is plain JSON (camelCase keys, ISO-8601 times), so it can live in a
 * file and be passed to the command with `--seed file.json`, or be built in
 * code with {@link defaultSeed} as a starting point. Times of the default
 * seed are relative to when it is made, so its live is always "just started".
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const seed = Seed.defaultSeed(new Date())
 * const emptyApp: Seed.Seed = { ...seed, comments: [] }
 * ```
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const Time = Schema.Date

/**
 * A user of the world.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const user: typeof Seed.SeedUser.Encoded = { id: "1", screenId: "me", name: "Me" }
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const SeedUser = Schema.Struct({
  id: Schema.String,
  screenId: Schema.String,
  name: Schema.String,
  profile: Schema.optionalWith(Schema.String, { default: () => "" }),
  level: Schema.optionalWith(Schema.Number, { default: () => 1 })
})

/**
 * A movie; `live: true` makes it its broadcaster's current live (at most one
 * per user).
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const live: typeof Seed.SeedMovie.Encoded = { id: "200", userId: "1", title: "雑談", live: true, created: "2026-11-23T12:00:00Z" }
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const SeedMovie = Schema.Struct({
  id: Schema.String,
  userId: Schema.String,
  title: Schema.String,
  subtitle: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  hashtag: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  category: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  tags: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] }),
  live: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  created: Time,
  /** Seconds; for a live, counted from `created` instead. */
  duration: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  views: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  protected: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  /** Whether an ended movie was kept as a recording; most are not. */
  recorded: Schema.optionalWith(Schema.Boolean, { default: () => false })
})

/**
 * A comment on a movie, by a user of the world.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const comment: typeof Seed.SeedComment.Encoded = { movieId: "200", userId: "1", message: "こんばんは", created: "2026-11-23T12:01:00Z" }
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const SeedComment = Schema.Struct({
  movieId: Schema.String,
  userId: Schema.String,
  message: Schema.String,
  created: Time
})

/**
 * `supporterId` supports `targetId`.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const support: typeof Seed.SeedSupport.Encoded = { supporterId: "2", targetId: "1", totalPoint: 100, since: "2026-01-01T00:00:00Z" }
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const SeedSupport = Schema.Struct({
  supporterId: Schema.String,
  targetId: Schema.String,
  point: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  totalPoint: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  since: Time
})

/**
 * A category and its sub-categories, with English names for `lang=en`.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const talk: typeof Seed.SeedCategory.Encoded = {
 *   id: "talk",
 *   name: "雑談",
 *   nameEn: "Talk",
 *   subCategories: [{ id: "talk_jp", name: "雑談", nameEn: "Chatting" }]
 * }
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const SeedCategory = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  nameEn: Schema.String,
  subCategories: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String, nameEn: Schema.String }))
})

/**
 * A registered application: its credentials, the signature it puts in
 * webhook payloads, where webhooks are delivered and where OAuth redirects.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const app: typeof Seed.SeedApp.Encoded = {
 *   clientId: "1.myapp",
 *   clientSecret: "secret",
 *   name: "My app",
 *   ownerUserId: "1",
 *   webhookSignature: "signature",
 *   webhookUrl: "http://127.0.0.1:3000/hook"
 * }
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const SeedApp = Schema.Struct({
  clientId: Schema.String,
  clientSecret: Schema.String,
  name: Schema.String,
  ownerUserId: Schema.String,
  webhookSignature: Schema.String,
  webhookUrl: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  callbackUrl: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null })
})

/**
 * A user access token an app holds for a user.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const token: typeof Seed.SeedToken.Encoded = { token: "my-test-token", userId: "1", clientId: "1.myapp" }
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const SeedToken = Schema.Struct({ token: Schema.String, userId: Schema.String, clientId: Schema.String })

/**
 * A live `userId` has scheduled, served by
 * `GET /users/:user_id/upcoming_live_schedules` once it is ahead.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const schedule: typeof Seed.SeedSchedule.Encoded = {
 *   id: "timetable-1",
 *   userId: "1",
 *   startAt: "2027-01-01T20:00:00Z",
 *   title: "New year's live"
 * }
 * ```
 *
 * @category schemas
 * @since 0.2.0
 */
export const SeedSchedule = Schema.Struct({
  id: Schema.String,
  userId: Schema.String,
  startAt: Time,
  title: Schema.String,
  thumbnail: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null })
})

/**
 * Which comments a `slice_id` page of `GET /movies/:movie_id/comments`
 * holds when more than `limit` follow the id: the `"oldest"` of them (what
 * a client paging forward hopes for) or the `"newest"` (the page then
 * skips the ones in between). The API does not say which it does; test a
 * tail against both.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const harsh: Seed.Seed = { ...Seed.defaultSeed(new Date()), commentSlice: "newest" }
 * ```
 *
 * @category schemas
 * @since 0.3.0
 */
export const CommentSlice = Schema.Literal("oldest", "newest")

/**
 * The whole seed, as JSON.
 *
 * **Details**
 *
 * Besides the world's content, `commentSlice` says how `slice_id` pages of
 * comments are cut (see {@link CommentSlice}); `"oldest"` by default.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const fromFile = (json: string) => Schema.decodeUnknown(Schema.parseJson(Seed.Seed))(json)
 * ```
 *
 * @category schemas
 * @since 0.1.0
 */
export const Seed = Schema.Struct({
  users: Schema.Array(SeedUser),
  movies: Schema.optionalWith(Schema.Array(SeedMovie), { default: () => [] }),
  comments: Schema.optionalWith(Schema.Array(SeedComment), { default: () => [] }),
  supports: Schema.optionalWith(Schema.Array(SeedSupport), { default: () => [] }),
  categories: Schema.optionalWith(Schema.Array(SeedCategory), { default: () => [] }),
  apps: Schema.optionalWith(Schema.Array(SeedApp), { default: () => [] }),
  tokens: Schema.optionalWith(Schema.Array(SeedToken), { default: () => [] }),
  schedules: Schema.optionalWith(Schema.Array(SeedSchedule), { default: () => [] }),
  commentSlice: Schema.optionalWith(CommentSlice, { default: () => "oldest" as const })
})

/**
 * A decoded seed: what the simulator starts from.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const quiet: Seed.Seed = { ...Seed.defaultSeed(new Date()), comments: [] }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Seed = typeof Seed.Type

/**
 * The client id of the default seed's app.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const credentials = Auth.appCredentials({ clientId: Seed.demoClientId, clientSecret: Redacted.make(Seed.demoClientSecret) })
 * ```
 *
 * @category default world
 * @since 0.1.0
 */
export const demoClientId = "182224938.d3m0app"

/**
 * The client secret of the default seed's app.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const basic = btoa(`${Seed.demoClientId}:${Seed.demoClientSecret}`)
 * ```
 *
 * @category default world
 * @since 0.1.0
 */
export const demoClientSecret = "demo-client-secret-0123456789abcdef"

/**
 * The webhook signature of the default seed's app.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Auth } from "@effect-twitcasting/sdk"
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const options: Auth.Options = {
 *   credentials: Auth.userToken(Redacted.make(Seed.demoToken("casma_jp"))),
 *   webhookSignature: Redacted.make(Seed.demoWebhookSignature)
 * }
 * ```
 *
 * @category default world
 * @since 0.1.0
 */
export const demoWebhookSignature = "demo-webhook-signature-fedcba9876543210"

/**
 * The access token of a default-seed user, held by the default app.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * Seed.demoToken("casma_jp") // "demo-token-casma_jp"
 * ```
 *
 * @category default world
 * @since 0.1.0
 */
export const demoToken = (screenId: string) => `demo-token-${screenId}`

const people = [
  {
    id: "182224938",
    screenId: "twitcasting_jp",
    name: "ツイキャス公式",
    profile: "ツイキャスの公式アカウントです。",
    level: 24
  },
  { id: "2880417757", screenId: "casma_jp", name: "キャスマ", profile: "毎晩22時から雑談配信", level: 12 },
  { id: "3141592653", screenId: "emily_plays", name: "Emily", profile: "Indie games and chill chats", level: 8 },
  { id: "4242424242", screenId: "yuki_sings", name: "ゆき🎤", profile: "歌枠メインです。リクエスト歓迎！", level: 31 },
  { id: "5151515151", screenId: "ken_speedruns", name: "Ken", profile: "Speedrunning retro games, JP/EN", level: 17 },
  { id: "6060606060", screenId: "hanako_cooks", name: "はなこ", profile: "料理配信・おつまみ研究中", level: 5 },
  // ids as the service makes them too: not a number at all, and a number beyond 2^53
  { id: "c:mio_draws", screenId: "mio_draws", name: "みお", profile: "お絵かき配信。リクエストはコメントで", level: 9 },
  { id: "1098765432109876543", screenId: "leo_dj", name: "Leo", profile: "Late-night DJ sets from Osaka", level: 14 }
] as const

const [official, casma, emily, yuki, ken, hanako, mio, leo] = people

const chat = [
  [casma, "こんばんは！"],
  [emily, "Hello from London 👋"],
  [yuki, "待ってました〜"],
  [ken, "first time here, hi all"],
  [hanako, "今日のテーマは何ですか？"],
  [casma, "888888"],
  [emily, "このBGMいいね"],
  [yuki, "わこつです"],
  [ken, "GG"],
  [hanako, "おつまみの話もしてほしい🍢"]
] as const

/**
 * A world that feels real: eight users with Japanese and English names,
 * `twitcasting_jp` live with comments, recorded movies, supporters with
 * points, categories, scheduled lives, one app (`demoClientId`) holding a
 * token for every user (`demoToken(screenId)`).
 *
 * **Details**
 *
 * User ids are strings, as the service's are: most are numeric, but
 * `mio_draws` is `c:mio_draws` and `leo_dj` is `1098765432109876543`
 * (beyond 2^53, which a JavaScript number cannot hold exactly). They have
 * movies, comment on `yuki_sings`' live and support `hanako_cooks`.
 *
 * @example
 * ```ts
 * import { Seed } from "@effect-twitcasting/simulator"
 *
 * const seed = Seed.defaultSeed(new Date())
 * seed.users.map((user) => user.screenId)
 * ```
 *
 * @category default world
 * @since 0.1.0
 */
export const defaultSeed = (now: Date): Seed => {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000)
  const day = 24 * 60
  const ended = (
    id: string,
    userId: string,
    title: string,
    daysAgo: number,
    category: string | null,
    recorded: boolean
  ) => ({
    id,
    userId,
    title,
    subtitle: null,
    hashtag: null,
    category,
    tags: [],
    live: false,
    created: ago(daysAgo * day),
    duration: 3600 + daysAgo * 60,
    views: 100 + daysAgo * 37,
    protected: false,
    recorded
  })
  return {
    users: people,
    movies: [
      // as on the service, most ended movies were not kept as recordings
      ended("189000001", official.id, "ツイキャス公式 朝の雑談", 3, "talk_jp", false),
      ended("189000002", official.id, "新機能のお知らせ", 1, "talk_jp", true),
      ended("189000003", casma.id, "深夜の作業配信", 2, "talk_jp", false),
      ended("189000004", emily.id, "Cozy indie games night", 4, "game_indie", true),
      ended("189000005", ken.id, "Any% world record attempts", 1, "game_retro", false),
      ended("189000006", mio.id, "イラストメイキング", 2, null, true),
      ended("189000007", leo.id, "Friday night mix", 5, null, false),
      {
        id: "189037369",
        userId: official.id,
        title: "ツイキャス公式の夜ふかし雑談",
        subtitle: "初見さん歓迎",
        hashtag: "#ツイキャス",
        category: "talk_jp",
        tags: ["雑談", "初見さん歓迎"],
        live: true,
        created: ago(20),
        duration: 0,
        views: 20848,
        protected: false,
        recorded: false
      },
      {
        id: "189037370",
        userId: yuki.id,
        title: "歌枠 🎤 リクエストどうぞ",
        subtitle: null,
        hashtag: null,
        category: "music_sing",
        tags: ["歌枠", "リクエスト"],
        live: true,
        created: ago(45),
        duration: 0,
        views: 5120,
        protected: false,
        recorded: false
      }
    ],
    comments: [
      ...chat.map(([user, message], i) => ({
        movieId: "189037369",
        userId: user.id,
        message,
        created: ago(19 - i)
      })),
      { movieId: "189037370", userId: mio.id, message: "歌枠きた！", created: ago(40) },
      { movieId: "189037370", userId: leo.id, message: "Great voice 🎶", created: ago(38) }
    ],
    supports: [
      { supporterId: casma.id, targetId: official.id, point: 120, totalPoint: 1520, since: ago(30 * day) },
      { supporterId: emily.id, targetId: official.id, point: 10, totalPoint: 10, since: ago(2 * day) },
      { supporterId: yuki.id, targetId: official.id, point: 48, totalPoint: 860, since: ago(90 * day) },
      { supporterId: ken.id, targetId: official.id, point: 3, totalPoint: 35, since: ago(6 * day) },
      { supporterId: official.id, targetId: yuki.id, point: 0, totalPoint: 240, since: ago(60 * day) },
      { supporterId: casma.id, targetId: yuki.id, point: 22, totalPoint: 300, since: ago(12 * day) },
      { supporterId: emily.id, targetId: ken.id, point: 5, totalPoint: 70, since: ago(20 * day) },
      { supporterId: mio.id, targetId: hanako.id, point: 30, totalPoint: 410, since: ago(8 * day) },
      { supporterId: leo.id, targetId: hanako.id, point: 12, totalPoint: 95, since: ago(3 * day) }
    ],
    categories: [
      {
        id: "talk",
        name: "雑談",
        nameEn: "Talk",
        subCategories: [
          { id: "talk_jp", name: "雑談", nameEn: "Chatting" },
          { id: "talk_night", name: "夜ふかし", nameEn: "Late night" }
        ]
      },
      {
        id: "music",
        name: "音楽",
        nameEn: "Music",
        subCategories: [
          { id: "music_sing", name: "歌ってみた", nameEn: "Singing" },
          { id: "music_play", name: "演奏", nameEn: "Instruments" }
        ]
      },
      {
        id: "game",
        name: "ゲーム",
        nameEn: "Games",
        subCategories: [
          { id: "game_indie", name: "インディーゲーム", nameEn: "Indie games" },
          { id: "game_retro", name: "レトロゲーム", nameEn: "Retro games" }
        ]
      }
    ],
    apps: [
      {
        clientId: demoClientId,
        clientSecret: demoClientSecret,
        name: "effect-twitcasting demo",
        ownerUserId: official.id,
        webhookSignature: demoWebhookSignature,
        webhookUrl: null,
        callbackUrl: "http://127.0.0.1:8788/callback"
      }
    ],
    tokens: people.map((user) => ({ token: demoToken(user.screenId), userId: user.id, clientId: demoClientId })),
    schedules: [
      {
        id: "timetable-80959",
        userId: official.id,
        startAt: ago(-2 * day),
        title: "ツイキャス公式 週末生配信",
        thumbnail: null
      },
      {
        id: "timetable-80960",
        userId: official.id,
        startAt: ago(-10 * day),
        title: "新機能紹介ライブ",
        thumbnail: "https://twitcasting.tv/img/schedule_80960.jpg"
      },
      { id: "timetable-80961", userId: yuki.id, startAt: ago(-1 * day), title: "夜の歌枠", thumbnail: null }
    ],
    commentSlice: "oldest"
  }
}
