/**
 * The simulator's in-memory state and the rules of the service: who exists,
 * who is live, comments, supporters, gifts, apps, tokens and webhooks.
 *
 * Every operation is synchronous on plain maps (one JavaScript thread, so no
 * operation interleaves with another) and returns SDK models, so answers are
 * encoded with the very schemas the SDK decodes with.
 *
 * @internal
 */
import { Models } from "@effect-twitcasting/sdk"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type { Seed } from "../Seed.js"

/** An API error answer. */
export class Refusal {
  readonly _tag = "Refusal"
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly details?: Record<string, ReadonlyArray<string>>
  ) {}
}

export const notFound = new Refusal(404, 404, "Not Found")
export const invalidToken = new Refusal(401, 1000, "Invalid token")
export const forbidden = new Refusal(403, 403, "Forbidden")

const validation = (field: string, reason: string) => new Refusal(400, 1001, "Validation error", { [field]: [reason] })

interface UserRow {
  readonly id: string
  readonly screenId: string
  readonly name: string
  readonly profile: string
  readonly level: number
}

interface MovieRow {
  readonly id: string
  readonly userId: string
  title: string
  subtitle: string | null
  hashtag: string | null
  readonly category: string | null
  readonly tags: ReadonlyArray<string>
  live: boolean
  readonly created: number
  duration: number
  views: number
  readonly protected: boolean
  /** Kept as a recording once it ended. */
  readonly recorded: boolean
  lastOwnerComment: string | null
}

interface CommentRow {
  readonly id: bigint
  readonly movieId: string
  readonly userId: string
  readonly message: string
  readonly created: number
}

interface SupportRow {
  point: number
  totalPoint: number
  readonly since: number
}

interface GiftRow {
  readonly id: number
  readonly fromUserId: string
  readonly toUserId: string
  readonly item: GiftItem
  readonly message: string
  readonly at: number
}

export interface GiftItem {
  readonly id: string
  readonly name: string
  readonly mp: string
}

/** The gifts a viewer can send. */
export const giftItems: ReadonlyArray<GiftItem> = [
  { id: "tea", name: "お茶", mp: "10" },
  { id: "star", name: "スター", mp: "100" },
  { id: "cake", name: "ケーキ", mp: "500" }
]

interface AppRow {
  readonly clientId: string
  readonly clientSecret: string
  readonly name: string
  readonly ownerUserId: string
  readonly webhookSignature: string
  webhookUrl: string | null
  readonly callbackUrl: string | null
}

interface TokenRow {
  readonly token: string
  readonly userId: string
  readonly clientId: string
}

/** Who made a request, after its `Authorization` header was checked. */
export type Caller =
  | { readonly _tag: "User"; readonly userId: string; readonly clientId: string; readonly key: string }
  | { readonly _tag: "App"; readonly clientId: string; readonly key: string }
  | { readonly _tag: "Anonymous"; readonly key: string }

/** Where an app's notifications go, signed with its signature. */
export interface Target {
  readonly url: string
  readonly signature: string
}

/** A live started or ended: what a webhook delivery and the realtime socket carry. */
export interface LiveEvent {
  readonly event: "livestart" | "liveend"
  readonly movie: Models.Movie
  readonly broadcaster: Models.User
  readonly tags: ReadonlyArray<string>
  /** The apps with a webhook for this user and event. */
  readonly apps: ReadonlyArray<Target>
}

/** A live schedule was created, updated or deleted: what a webhook delivery carries. */
export interface ScheduleEvent {
  readonly event: "liveschedulecreate" | "livescheduleupdate" | "livescheduledelete"
  readonly schedule: Models.LiveSchedule
  /** The apps with a webhook for this user and event. */
  readonly apps: ReadonlyArray<Target>
}

/** What the world tells the simulator about. */
export type Notice = LiveEvent | ScheduleEvent

/** What a schedule can be created or updated with. */
export interface ScheduleFields {
  readonly title: string
  readonly startAt: Date
  readonly thumbnail?: string | null | undefined
}

const digits = /^\d+$/

/**
 * Orders movie ids as the numbers they are, exactly (`BigInt`: a real id
 * may pass 2^53, where `Number` rounds); a seed's id that is not all digits
 * goes after the numeric ones, by text.
 */
const byId = ({ id: a }: { readonly id: string }, { id: b }: { readonly id: string }) => {
  if (digits.test(a) && digits.test(b)) {
    const difference = BigInt(a) - BigInt(b)
    return difference < 0n ? -1 : difference > 0n ? 1 : 0
  }
  return Number(digits.test(b)) - Number(digits.test(a)) || (a < b ? -1 : a > b ? 1 : 0)
}

/** Index of the first element whose id is greater than `id` (ids ascending). */
const after = (rows: ReadonlyArray<{ readonly id: bigint }>, id: bigint) => {
  let low = 0
  let high = rows.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (rows[mid]!.id <= id) low = mid + 1
    else high = mid
  }
  return low
}

const utc = (millis: number) => DateTime.unsafeMake(millis)

const giftWindowMillis = 10_000

export class World {
  private readonly users = new Map<string, UserRow>()
  private readonly screenIds = new Map<string, string>()
  private readonly movies = new Map<string, MovieRow>()
  private readonly moviesByUser = new Map<string, Array<MovieRow>>()
  private readonly comments = new Map<string, Array<CommentRow>>()
  /** supporters.get(target).get(supporter) */
  private readonly supporters = new Map<string, Map<string, SupportRow>>()
  private readonly gifts: Array<GiftRow> = []
  private readonly categories: Seed["categories"]
  private schedules: Seed["schedules"]
  private readonly commentSlice: Seed["commentSlice"]
  private readonly apps = new Map<string, AppRow>()
  private readonly tokens = new Map<string, TokenRow>()
  private readonly codes = new Map<string, { readonly clientId: string; readonly userId: string }>()
  /** webhooks.get(clientId): "userId/event" */
  private readonly webhooks = new Map<string, Array<Models.WebHook>>()
  /** New movies take the next id after the greatest numeric one. */
  private nextMovieId = 0n
  /** Comment ids continue from here, as real ones are large numbers. */
  private nextCommentId = 500_000_000n
  private nextGiftId = 0
  /** Schedule ids look like the service's: `timetable-<n>`. */
  private nextScheduleId = 90_000

  constructor(
    seed: Seed,
    private readonly now: () => number,
    private readonly onNotice: (notice: Notice) => void,
    /** Serve `GET /webm_url`, which the API removed on 2025-06-11. */
    private readonly webm = false
  ) {
    this.commentSlice = seed.commentSlice
    for (const user of seed.users) {
      this.users.set(user.id, user)
      this.screenIds.set(user.screenId, user.id)
    }
    for (const movie of [...seed.movies].sort(byId)) {
      this.addMovie({ ...movie, created: movie.created.getTime(), lastOwnerComment: null })
    }
    for (const comment of [...seed.comments].sort((a, b) => a.created.getTime() - b.created.getTime())) {
      this.addComment(comment.movieId, comment.userId, comment.message, comment.created.getTime())
    }
    for (const support of seed.supports) {
      this.supportersOf(support.targetId).set(support.supporterId, {
        point: support.point,
        totalPoint: support.totalPoint,
        since: support.since.getTime()
      })
    }
    this.categories = seed.categories
    this.schedules = seed.schedules
    for (const app of seed.apps) this.apps.set(app.clientId, { ...app })
    for (const token of seed.tokens) this.tokens.set(token.token, token)
  }

  // -------------------------------------------------------------------------
  // credentials

  /** Checks an `Authorization` header. */
  authenticate(authorization: string | undefined): Effect.Effect<Caller, Refusal> {
    return Effect.suspend((): Effect.Effect<Caller, Refusal> => {
      if (authorization === undefined) return Effect.fail(invalidToken)
      const [scheme, value = ""] = authorization.split(" ", 2)
      if (scheme?.toLowerCase() === "bearer") {
        const token = this.tokens.get(value)
        return token === undefined
          ? Effect.fail(invalidToken)
          : Effect.succeed({ _tag: "User", userId: token.userId, clientId: token.clientId, key: `token:${value}` })
      }
      if (scheme?.toLowerCase() === "basic") {
        const decoded = Buffer.from(value, "base64").toString("utf8")
        const colon = decoded.indexOf(":")
        const app = this.apps.get(decoded.slice(0, colon))
        return colon < 0 || app === undefined || app.clientSecret !== decoded.slice(colon + 1)
          ? Effect.fail(invalidToken)
          : Effect.succeed({ _tag: "App", clientId: app.clientId, key: `app:${app.clientId}` })
      }
      return Effect.fail(invalidToken)
    })
  }

  app(clientId: string): AppRow | undefined {
    return this.apps.get(clientId)
  }

  /** Issues a new user token for an app (the end of an OAuth flow). */
  issueToken(clientId: string, userId: string): string {
    const token = `sim-${crypto.randomUUID()}`
    this.tokens.set(token, { token, userId, clientId })
    return token
  }

  issueCode(clientId: string, userId: string): string {
    const code = `code-${crypto.randomUUID()}`
    this.codes.set(code, { clientId, userId })
    return code
  }

  /** Spends an authorization code; `undefined` when unknown, used, or another app's. */
  redeemCode(code: string, clientId: string): string | undefined {
    const grant = this.codes.get(code)
    if (grant === undefined || grant.clientId !== clientId) return undefined
    this.codes.delete(code)
    return this.issueToken(clientId, grant.userId)
  }

  // -------------------------------------------------------------------------
  // models

  private supportersOf(targetId: string) {
    let map = this.supporters.get(targetId)
    if (map === undefined) {
      map = new Map()
      this.supporters.set(targetId, map)
    }
    return map
  }

  private liveOf(userId: string): MovieRow | undefined {
    const movies = this.moviesByUser.get(userId) ?? []
    const last = movies[movies.length - 1]
    return last?.live === true ? last : undefined
  }

  private userModel(row: UserRow): Models.User {
    const movies = this.moviesByUser.get(row.id) ?? []
    return new Models.User({
      id: row.id,
      screenId: row.screenId,
      name: row.name,
      image: `https://simulator.twitcasting.invalid/users/${encodeURIComponent(row.id)}/icon.jpg`,
      profile: row.profile,
      level: row.level,
      lastMovieId: movies[movies.length - 1]?.id ?? null,
      isLive: this.liveOf(row.id) !== undefined,
      supporterCount: 0,
      supportingCount: 0,
      created: 0
    })
  }

  /**
   * A movie as the API describes it. `link` is the movie's page, or, in a
   * live search result, the broadcaster's.
   */
  private movieModel(row: MovieRow, link: "movie" | "user" = "movie"): Models.Movie {
    const screenId = this.users.get(row.userId)?.screenId ?? row.userId
    return new Models.Movie({
      id: row.id,
      userId: row.userId,
      title: row.title,
      subtitle: row.subtitle,
      lastOwnerComment: row.lastOwnerComment,
      category: row.category,
      link: link === "user"
        ? `https://twitcasting.tv/${screenId}`
        : `https://twitcasting.tv/${screenId}/movie/${row.id}`,
      isLive: row.live,
      isRecorded: !row.live && row.recorded,
      commentCount: this.comments.get(row.id)?.length ?? 0,
      largeThumbnail: `https://simulator.twitcasting.invalid/movies/${row.id}/large.jpg`,
      smallThumbnail: `https://simulator.twitcasting.invalid/movies/${row.id}/small.jpg`,
      country: "jp",
      duration: row.live ? Math.max(0, Math.floor((this.now() - row.created) / 1000)) : row.duration,
      created: utc(Math.floor(row.created / 1000) * 1000),
      isCollabo: false,
      isProtected: row.protected,
      // the service reports the peak once the live has ended: 0 while it runs
      maxViewCount: row.live ? 0 : row.views,
      currentViewCount: row.live ? Math.ceil(row.views / 12) : 0,
      totalViewCount: row.views,
      hlsUrl: row.live ? `https://twitcasting.tv/${screenId}/metastream.m3u8` : null
    })
  }

  private liveModel(row: MovieRow, link: "movie" | "user" = "movie"): Models.Live {
    return new Models.Live({
      movie: this.movieModel(row, link),
      broadcaster: this.userModel(this.users.get(row.userId)!),
      tags: row.tags
    })
  }

  private commentModel(row: CommentRow): Models.Comment {
    return new Models.Comment({
      id: String(row.id),
      message: row.message,
      fromUser: this.userModel(this.users.get(row.userId)!),
      created: utc(Math.floor(row.created / 1000) * 1000)
    })
  }

  private supporterModel(userId: string, row: SupportRow): Models.Supporter {
    return new Models.Supporter({
      ...this.userModel(this.users.get(userId)!),
      supported: utc(Math.floor(row.since / 1000) * 1000),
      point: row.point,
      totalPoint: row.totalPoint
    })
  }

  // -------------------------------------------------------------------------
  // lookups

  /** A user by id, or by screen id (the API accepts either in `:user_id`). */
  findUser(ref: string): Effect.Effect<UserRow, Refusal> {
    return Effect.suspend(() => {
      const row = this.users.get(ref) ?? this.users.get(this.screenIds.get(ref) ?? "")
      return row === undefined ? Effect.fail(notFound) : Effect.succeed(row)
    })
  }

  private findMovie(id: string): Effect.Effect<MovieRow, Refusal> {
    return Effect.suspend(() => {
      const row = this.movies.get(id)
      return row === undefined ? Effect.fail(notFound) : Effect.succeed(row)
    })
  }

  private currentLiveOf(userId: string): Effect.Effect<MovieRow, Refusal> {
    return Effect.suspend(() => {
      const row = this.liveOf(userId)
      return row === undefined ? Effect.fail(notFound) : Effect.succeed(row)
    })
  }

  // -------------------------------------------------------------------------
  // users

  userInfo(ref: string) {
    return Effect.map(this.findUser(ref), (row) => ({
      user: this.userModel(row),
      supporterCount: this.supporters.get(row.id)?.size ?? 0,
      supportingCount: this.supportingOf(row.id).length
    }))
  }

  /** The user's schedules ahead, within `inDays` days when given, the nearest first. */
  upcomingLiveSchedules(ref: string, inDays: number | undefined) {
    return Effect.map(this.findUser(ref), (user) => {
      const now = this.now()
      const until = inDays === undefined ? Infinity : now + inDays * 24 * 60 * 60_000
      return {
        liveSchedules: this.schedules
          .filter((s) => s.userId === user.id && s.startAt.getTime() > now && s.startAt.getTime() <= until)
          .sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
          .map((s) => this.scheduleModel(s))
      }
    })
  }

  private scheduleModel(schedule: Seed["schedules"][number]) {
    const user = this.users.get(schedule.userId)
    return new Models.LiveSchedule({
      id: schedule.id,
      userId: schedule.userId,
      userScreenId: user?.screenId ?? schedule.userId,
      startAt: utc(Math.floor(schedule.startAt.getTime() / 1000) * 1000),
      title: schedule.title,
      thumbnail: schedule.thumbnail
    })
  }

  /** Adds a schedule for a user (a `liveschedulecreate` webhook goes out). */
  createSchedule(ref: string, fields: ScheduleFields) {
    return Effect.map(this.findUser(ref), (user) => {
      const schedule = {
        id: `timetable-${++this.nextScheduleId}`,
        userId: user.id,
        startAt: fields.startAt,
        title: fields.title,
        thumbnail: fields.thumbnail ?? null
      }
      this.schedules = [...this.schedules, schedule]
      return this.notifySchedule("liveschedulecreate", schedule)
    })
  }

  /** Changes a schedule (a `livescheduleupdate` webhook goes out). */
  updateSchedule(id: string, fields: { readonly [K in keyof ScheduleFields]?: ScheduleFields[K] | undefined }) {
    return Effect.map(this.findSchedule(id), (found) => {
      const schedule = {
        ...found,
        ...(fields.title === undefined ? {} : { title: fields.title }),
        ...(fields.startAt === undefined ? {} : { startAt: fields.startAt }),
        ...(fields.thumbnail === undefined ? {} : { thumbnail: fields.thumbnail })
      }
      this.schedules = this.schedules.map((s) => s.id === id ? schedule : s)
      return this.notifySchedule("livescheduleupdate", schedule)
    })
  }

  /** Removes a schedule (a `livescheduledelete` webhook goes out). */
  deleteSchedule(id: string) {
    return Effect.map(this.findSchedule(id), (schedule) => {
      this.schedules = this.schedules.filter((s) => s.id !== id)
      return this.notifySchedule("livescheduledelete", schedule)
    })
  }

  private findSchedule(id: string): Effect.Effect<Seed["schedules"][number], Refusal> {
    const schedule = this.schedules.find((s) => s.id === id)
    return schedule === undefined ? Effect.fail(notFound) : Effect.succeed(schedule)
  }

  private notifySchedule(event: ScheduleEvent["event"], row: Seed["schedules"][number]) {
    const schedule = this.scheduleModel(row)
    this.onNotice({ event, schedule, apps: this.subscribers(row.userId, event) })
    return schedule
  }

  /** The apps with a webhook for this user and event, and a URL to deliver to. */
  private subscribers(userId: string, event: Models.WebhookEvent): ReadonlyArray<Target> {
    const apps: Array<Target> = []
    for (const [clientId, hooks] of this.webhooks) {
      const app = this.apps.get(clientId)
      if (app?.webhookUrl == null) continue
      if (hooks.some((hook) => hook.userId === userId && hook.event === event)) {
        apps.push({ url: app.webhookUrl, signature: app.webhookSignature })
      }
    }
    return apps
  }

  credentials(caller: Caller & { readonly _tag: "User" }) {
    return Effect.flatMap(this.userInfo(caller.userId), (info) => {
      const app = this.apps.get(caller.clientId)
      return app === undefined
        ? Effect.fail(invalidToken)
        : Effect.succeed({
          app: new Models.App({ clientId: app.clientId, name: app.name, ownerUserId: app.ownerUserId }),
          ...info
        })
    })
  }

  isLive(ref: string) {
    return Effect.map(this.findUser(ref), (row) => this.liveOf(row.id) !== undefined)
  }

  // -------------------------------------------------------------------------
  // movies

  private addMovie(row: MovieRow) {
    this.movies.set(row.id, row)
    const list = this.moviesByUser.get(row.userId) ?? []
    list.push(row)
    this.moviesByUser.set(row.userId, list)
    this.comments.set(row.id, [])
    if (digits.test(row.id) && BigInt(row.id) > this.nextMovieId) this.nextMovieId = BigInt(row.id)
  }

  movieInfo(id: string) {
    return Effect.map(this.findMovie(id), (row) => this.liveModel(row))
  }

  currentLive(ref: string) {
    return this.findUser(ref).pipe(
      Effect.flatMap((user) => this.currentLiveOf(user.id)),
      Effect.map((row) => this.liveModel(row))
    )
  }

  /** Newest first; `sliceId` gives the movies older than it and overrides `offset`. */
  moviesOf(
    ref: string,
    page: { readonly offset: number; readonly limit: number; readonly sliceId?: number | string | undefined }
  ) {
    return Effect.map(this.findUser(ref), (user) => {
      const all = [...(this.moviesByUser.get(user.id) ?? [])].reverse()
      // a slice_id comes decoded as a number while exact, else as its digits
      const slice = page.sliceId === undefined ? undefined : { id: String(page.sliceId) }
      const chosen = slice === undefined
        ? all.slice(page.offset, page.offset + page.limit)
        : all.filter((movie) => byId(movie, slice) < 0).slice(0, page.limit)
      return { totalCount: all.length, movies: chosen.map((row) => this.movieModel(row)) }
    })
  }

  startLive(
    ref: string,
    options: {
      readonly title?: string | undefined
      readonly category?: string | undefined
      readonly tags?: ReadonlyArray<string> | undefined
    } = {}
  ) {
    return Effect.flatMap(this.findUser(ref), (user) => {
      if (this.liveOf(user.id) !== undefined) return Effect.fail(new Refusal(409, 409, "already live"))
      const row: MovieRow = {
        id: String(this.nextMovieId + 1n),
        userId: user.id,
        title: options.title ?? `${user.name}の配信`,
        subtitle: null,
        hashtag: null,
        category: options.category ?? null,
        tags: options.tags ?? [],
        live: true,
        created: this.now(),
        duration: 0,
        views: 0,
        protected: false,
        recorded: false,
        lastOwnerComment: null
      }
      this.addMovie(row)
      const live = this.liveModel(row)
      this.emit("livestart", row)
      return Effect.succeed(live)
    })
  }

  endLive(ref: string) {
    return this.findUser(ref).pipe(
      Effect.flatMap((user) => this.currentLiveOf(user.id)),
      Effect.map((row) => {
        row.duration = Math.max(0, Math.floor((this.now() - row.created) / 1000))
        row.live = false
        this.emit("liveend", row)
        return this.liveModel(row)
      })
    )
  }

  private emit(event: LiveEvent["event"], row: MovieRow) {
    this.onNotice({
      event,
      movie: this.movieModel(row),
      broadcaster: this.userModel(this.users.get(row.userId)!),
      tags: row.tags,
      apps: this.subscribers(row.userId, event)
    })
  }

  setText(userId: string, field: "subtitle" | "hashtag", text: string | null) {
    return Effect.map(this.currentLiveOf(userId), (row) => {
      row[field] = text
      return { movieId: row.id, text }
    })
  }

  // -------------------------------------------------------------------------
  // comments

  private addComment(movieId: string, userId: string, message: string, created: number) {
    const list = this.comments.get(movieId)!
    const row: CommentRow = { id: ++this.nextCommentId, movieId, userId, message, created }
    list.push(row)
    const movie = this.movies.get(movieId)!
    if (userId === movie.userId) movie.lastOwnerComment = message
    return row
  }

  /**
   * Newest first. With `sliceId`, at most `limit` of the comments that
   * follow it: the oldest of them or the newest, as the seed's
   * `commentSlice` says; `offset` is then ignored.
   */
  commentsOf(
    movieId: string,
    page: { readonly offset: number; readonly limit: number; readonly sliceId?: number | string | undefined }
  ) {
    return Effect.map(this.findMovie(movieId), (movie) => {
      const all = this.comments.get(movie.id)!
      const first = page.sliceId === undefined ? 0 : after(all, BigInt(page.sliceId))
      const chosen = page.sliceId === undefined
        ? all.slice(Math.max(0, all.length - page.offset - page.limit), Math.max(0, all.length - page.offset))
        : this.commentSlice === "oldest"
        ? all.slice(first, first + page.limit)
        : all.slice(Math.max(first, all.length - page.limit))
      return {
        movieId: movie.id,
        allCount: all.length,
        comments: chosen.map((row) => this.commentModel(row)).reverse()
      }
    })
  }

  /** Adds `count` comments by a user at once (for load tests); the new comment count. */
  addComments(movieId: string, userId: string, count: number) {
    return Effect.flatMap(
      Effect.all([this.findMovie(movieId), this.findUser(userId)]),
      ([movie, user]) =>
        Effect.sync(() => {
          const now = this.now()
          for (let i = 0; i < count; i++) this.addComment(movie.id, user.id, `bulk #${i + 1}`, now)
          return this.comments.get(movie.id)!.length
        })
    )
  }

  /** Every comment id of a movie, oldest first (for checking what happened). */
  commentIds(movieId: string) {
    return Effect.map(this.findMovie(movieId), (movie) => this.comments.get(movie.id)!.map((row) => String(row.id)))
  }

  postComment(movieId: string, userId: string, message: string) {
    return Effect.flatMap(this.findMovie(movieId), (movie) =>
      this.findUser(userId).pipe(Effect.map((user) => {
        const row = this.addComment(movie.id, user.id, message, this.now())
        return { movieId: movie.id, allCount: this.comments.get(movie.id)!.length, comment: this.commentModel(row) }
      })))
  }

  /** The poster may delete their comment; the movie's owner may delete any. */
  deleteComment(movieId: string, commentId: string, userId: string) {
    return Effect.flatMap(this.findMovie(movieId), (movie) => {
      const list = this.comments.get(movie.id)!
      const index = list.findIndex((row) => String(row.id) === commentId)
      if (index < 0) return Effect.fail(notFound)
      if (list[index]!.userId !== userId && movie.userId !== userId) return Effect.fail(forbidden)
      list.splice(index, 1)
      return Effect.succeed({ commentId })
    })
  }

  // -------------------------------------------------------------------------
  // gifts

  sendGift(fromRef: string, toRef: string, itemId: string, message: string) {
    return Effect.flatMap(Effect.all([this.findUser(fromRef), this.findUser(toRef)]), ([from, to]) => {
      const item = giftItems.find((item) => item.id === itemId)
      if (item === undefined) {
        return Effect.fail(validation("item_id", `must be one of ${giftItems.map((i) => i.id).join(", ")}`))
      }
      const row: GiftRow = {
        id: ++this.nextGiftId,
        fromUserId: from.id,
        toUserId: to.id,
        item,
        message,
        at: this.now()
      }
      this.gifts.push(row)
      return Effect.succeed(this.giftModel(row))
    })
  }

  private giftModel(row: GiftRow): Models.Gift {
    const from = this.users.get(row.fromUserId)!
    return new Models.Gift({
      id: String(row.id),
      message: row.message,
      itemImage: `https://simulator.twitcasting.invalid/gifts/${row.item.id}.png`,
      itemSubImage: null,
      itemId: row.item.id,
      itemMp: row.item.mp,
      itemName: row.item.name,
      userImage: this.userModel(from).image,
      userScreenId: from.screenId,
      userScreenName: `@${from.screenId}`,
      userName: from.name
    })
  }

  /** Gifts the user received in the last 10 seconds, after `sliceId`, oldest first. */
  giftsTo(userId: string, sliceId: number) {
    return Effect.sync(() => {
      const since = this.now() - giftWindowMillis
      const chosen = this.gifts.filter((row) => row.toUserId === userId && row.id > sliceId && row.at >= since)
      const last = chosen[chosen.length - 1]
      return { sliceId: last === undefined ? sliceId : last.id, gifts: chosen.map((row) => this.giftModel(row)) }
    })
  }

  // -------------------------------------------------------------------------
  // supporters

  private supportingOf(userId: string) {
    const out: Array<[string, SupportRow]> = []
    for (const [targetId, supporters] of this.supporters) {
      const row = supporters.get(userId)
      if (row !== undefined) out.push([targetId, row])
    }
    return out
  }

  supportingStatus(ref: string, targetRef: string) {
    return Effect.map(Effect.all([this.findUser(ref), this.findUser(targetRef)]), ([user, target]) => {
      const row = this.supporters.get(target.id)?.get(user.id)
      return {
        isSupporting: row !== undefined,
        supported: row === undefined ? null : utc(Math.floor(row.since / 1000) * 1000),
        targetUser: this.userModel(target)
      }
    })
  }

  /** Adds or removes the caller's support; the count of changes. */
  support(userId: string, targetRefs: ReadonlyArray<string>, on: boolean) {
    return Effect.map(Effect.all(targetRefs.map((ref) => this.findUser(ref))), (targets) => {
      let changed = 0
      for (const target of new Set(targets)) {
        if (target.id === userId) continue
        const supporters = this.supportersOf(target.id)
        if (on && !supporters.has(userId)) {
          supporters.set(userId, { point: 0, totalPoint: 0, since: this.now() })
          changed++
        } else if (!on && supporters.delete(userId)) {
          changed++
        }
      }
      return changed
    })
  }

  supporting(ref: string, page: { readonly offset: number; readonly limit: number }) {
    return Effect.map(this.findUser(ref), (user) => {
      const all = this.supportingOf(user.id).sort(([, a], [, b]) => b.since - a.since)
      return {
        total: all.length,
        supporting: all.slice(page.offset, page.offset + page.limit).map(([id, row]) => this.supporterModel(id, row))
      }
    })
  }

  supportersList(
    ref: string,
    page: { readonly offset: number; readonly limit: number; readonly sort?: "new" | "ranking" | undefined }
  ) {
    return Effect.map(this.findUser(ref), (user) => {
      const all = [...(this.supporters.get(user.id) ?? new Map<string, SupportRow>())].sort(([, a], [, b]) =>
        page.sort === "new" ? b.since - a.since : b.totalPoint - a.totalPoint
      )
      return {
        total: all.length,
        supporters: all.slice(page.offset, page.offset + page.limit).map(([id, row]) => this.supporterModel(id, row))
      }
    })
  }

  // -------------------------------------------------------------------------
  // categories and search

  private lives(): Array<MovieRow> {
    return [...this.movies.values()].filter((row) => row.live)
  }

  /** Categories with lives on air, counted per sub-category. */
  categoriesList(lang: "ja" | "en" | undefined) {
    return Effect.sync(() => {
      const counts = new Map<string, number>()
      for (const live of this.lives()) {
        if (live.category !== null) counts.set(live.category, (counts.get(live.category) ?? 0) + 1)
      }
      return {
        categories: this.categories.flatMap((category) => {
          const subs = category.subCategories.filter((sub) => (counts.get(sub.id) ?? 0) > 0)
          return subs.length === 0 ? [] : [
            new Models.Category({
              id: category.id,
              name: lang === "en" ? category.nameEn : category.name,
              subCategories: subs.map((sub) =>
                new Models.SubCategory({
                  id: sub.id,
                  name: lang === "en" ? sub.nameEn : sub.name,
                  count: counts.get(sub.id)!
                })
              )
            })
          ]
        })
      }
    })
  }

  searchUsers(words: ReadonlyArray<string>, limit: number) {
    return Effect.sync(() => {
      const wanted = words.map((word) => word.toLowerCase())
      const users = [...this.users.values()].filter((user) => {
        const text = `${user.name} ${user.screenId} ${user.profile}`.toLowerCase()
        return wanted.every((word) => text.includes(word))
      })
      return { users: users.slice(0, limit).map((row) => this.userModel(row)) }
    })
  }

  searchLives(type: string | undefined, words: ReadonlyArray<string>, limit: number) {
    return Effect.sync(() => {
      const wanted = words.map((word) => word.toLowerCase())
      const matches = (row: MovieRow) => {
        switch (type) {
          case "tag":
            return wanted.every((word) => row.tags.some((tag) => tag.toLowerCase() === word))
          case "word": {
            const user = this.users.get(row.userId)!
            const text = [row.title, row.subtitle ?? "", ...row.tags, user.name, user.screenId].join(" ").toLowerCase()
            return wanted.every((word) => text.includes(word))
          }
          case "category":
            return row.category !== null && wanted.includes(row.category.toLowerCase())
          default:
            return true
        }
      }
      const found = this.lives().filter(matches).sort((a, b) =>
        type === "recommend" ? b.views - a.views : b.created - a.created
      )
      return { movies: found.slice(0, limit).map((row) => this.liveModel(row, "user")) }
    })
  }

  // -------------------------------------------------------------------------
  // webhooks

  private hooksOf(clientId: string) {
    let hooks = this.webhooks.get(clientId)
    if (hooks === undefined) {
      hooks = []
      this.webhooks.set(clientId, hooks)
    }
    return hooks
  }

  webhookList(
    clientId: string,
    page: { readonly offset: number; readonly limit: number; readonly userId?: string | undefined }
  ) {
    return Effect.sync(() => {
      const all = this.hooksOf(clientId).filter((hook) => page.userId === undefined || hook.userId === page.userId)
      return { allCount: all.length, webhooks: all.slice(page.offset, page.offset + page.limit) }
    })
  }

  registerWebhook(clientId: string, userId: string, events: ReadonlyArray<Models.WebhookEvent>) {
    return Effect.map(this.findUser(userId), (user) => {
      const hooks = this.hooksOf(clientId)
      const added = [...new Set(events)]
      for (const event of added) {
        if (!hooks.some((hook) => hook.userId === user.id && hook.event === event)) {
          hooks.push(new Models.WebHook({ userId: user.id, event }))
        }
      }
      return { userId: user.id, addedEvents: added }
    })
  }

  removeWebhook(clientId: string, userId: string, events: ReadonlyArray<Models.WebhookEvent>) {
    return Effect.map(this.findUser(userId), (user) => {
      const hooks = this.hooksOf(clientId)
      const deleted = [...new Set(events)].filter((event) => {
        const index = hooks.findIndex((hook) => hook.userId === user.id && hook.event === event)
        if (index >= 0) hooks.splice(index, 1)
        return index >= 0
      })
      return { userId: user.id, deletedEvents: deleted }
    })
  }

  setWebhookUrl(clientId: string, url: string | null) {
    return Effect.suspend(() => {
      const app = this.apps.get(clientId)
      if (app === undefined) return Effect.fail(notFound)
      app.webhookUrl = url
      return Effect.void
    })
  }

  // -------------------------------------------------------------------------
  // broadcasting

  rtmpUrl(userId: string) {
    return Effect.map(this.findUser(userId), (user) => ({
      enabled: true,
      url: `rtmp://rtmp.simulator.twitcasting.invalid/live`,
      streamKey: `${user.screenId}.${user.id.slice(-6)}`
    }))
  }

  webmUrl(userId: string) {
    // removed from the API on 2025-06-11: a 404, as the API answers now
    if (!this.webm) return Effect.fail(notFound)
    return Effect.map(this.findUser(userId), (user) => ({
      enabled: true,
      url: `wss://webm.simulator.twitcasting.invalid/live/${user.screenId}`
    }))
  }

  // -------------------------------------------------------------------------
  // inspection

  subtitleOf(movieId: string) {
    return Effect.map(this.findMovie(movieId), (row) => ({ subtitle: row.subtitle, hashtag: row.hashtag }))
  }
}
