/**
 * The lookups: `user`, `live`, `movie`, `movies`, `supporters`,
 * `supporting`, `categories`, `search users`, `search lives`, `schedules`.
 * They work with a user token or with app credentials.
 *
 * @example
 * ```ts
 * import { Command } from "@effect/cli"
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const names = Lookup.commands.map((command) => Command.getNames(command))
 * ```
 *
 * @since 0.1.0
 */
import * as Categories from "@effect-twitcasting/sdk/Categories"
import type { CallError } from "@effect-twitcasting/sdk/Errors"
import * as Models from "@effect-twitcasting/sdk/Models"
import * as Movies from "@effect-twitcasting/sdk/Movies"
import * as Search from "@effect-twitcasting/sdk/Search"
import * as Supporters from "@effect-twitcasting/sdk/Supporters"
import * as Users from "@effect-twitcasting/sdk/Users"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Credentials from "../Credentials.js"
import * as Output from "../Output.js"

const userArg = Args.text({ name: "user" }).pipe(Args.withDescription("A user's screen id (casma_jp) or numeric id"))

const all = Options.boolean("all").pipe(Options.withDescription("Every page, not just the first"))

/** The user, a screen id or a numeric id: the API takes either in the path. */
const ref = (user: string) => ({ screenId: user })

/**
 * Every item of a paged stream, with a progress line on a terminal.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const numbers = Lookup.collect(Stream.make(1, 2, 3), "numbers")
 * ```
 *
 * @category helpers
 * @since 0.1.0
 */
export const collect = <A, E, R>(stream: Stream.Stream<A, E, R>, noun: string) =>
  stream.pipe(
    Stream.mapAccum(0, (count, item) => [count + 1, [count + 1, item] as const]),
    Stream.tap(([count]) => Output.status(`${"⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[count % 10]} ${count} ${noun}…`)),
    Stream.map(([, item]) => item),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray),
    Effect.ensuring(Output.status(""))
  )

const yesNo = (value: boolean) => (value ? "yes" : "no")

/**
 * `twitcasting user <user>`: a user and their supporter counts.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.user
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const user = Command.make("user", { user: userArg }, ({ user }) =>
  Effect.gen(function*() {
    const info = yield* Users.getUserInfo(ref(user))
    yield* Output.record(Users.UserInfo, info, [
      ["name", info.user.name],
      ["screen id", `@${info.user.screenId}`],
      ["id", info.user.id],
      ["level", String(info.user.level)],
      ["live", info.user.isLive ? "yes, now" : "no"],
      ["supporters", String(info.supporterCount)],
      ["supporting", String(info.supportingCount)],
      ["profile", info.user.profile]
    ])
  }).pipe(Credentials.provide("any"))).pipe(Command.withDescription("Show a user"))

const liveFields = (info: Models.Live, at: (time: Models.Movie["created"]) => string) =>
  [
    ["title", info.movie.title],
    ["subtitle", info.movie.subtitle ?? ""],
    ["broadcaster", `${info.broadcaster.name} (@${info.broadcaster.screenId})`],
    ["movie id", info.movie.id],
    ["started", at(info.movie.created)],
    ["live", yesNo(info.movie.isLive)],
    ["viewers", `${info.movie.currentViewCount} now, ${info.movie.totalViewCount} in all`],
    ["comments", String(info.movie.commentCount)],
    ["category", info.movie.category ?? ""],
    ["tags", info.tags.join(" ")],
    ["link", info.movie.link]
  ] as const

const NotLive = Schema.Struct({
  screenId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("screen_id")),
  isLive: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("is_live"))
})

/**
 * `twitcasting live <user>`: the user's current live, or a clear line
 * that they are not live (exit code 0).
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.live
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const live = Command.make("live", { user: userArg }, ({ user }) =>
  Effect.gen(function*() {
    const at = yield* Output.localTime
    yield* Movies.getCurrentLive(ref(user)).pipe(
      Effect.flatMap((info) => Output.record(Movies.MovieInfo, info, liveFields(info, at))),
      Effect.catchTag("NotFoundError", (notFound) =>
        // the API answers 404 both for a user who is not live and for no such user
        Users.getUserInfo(ref(user)).pipe(
          Effect.flatMap((info) =>
            Output.line(
              NotLive,
              { screenId: info.user.screenId, isLive: false },
              `@${info.user.screenId} is not live`
            )
          ),
          Effect.catchTag("NotFoundError", () => Effect.fail(notFound))
        ))
    )
  }).pipe(Credentials.provide("any"))).pipe(
    Command.withDescription("Show a user's current live, or say they are not live")
  )

/**
 * `twitcasting movie <movie>`: a movie (live or recorded).
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.movie
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const movie = Command.make(
  "movie",
  { movie: Args.text({ name: "movie" }).pipe(Args.withDescription("A movie id")) },
  ({ movie }) =>
    Effect.gen(function*() {
      const at = yield* Output.localTime
      const info = yield* Movies.getMovieInfo({ movieId: movie })
      yield* Output.record(Movies.MovieInfo, info, liveFields(info, at))
    }).pipe(Credentials.provide("any"))
).pipe(Command.withDescription("Show a movie"))

/**
 * `twitcasting movies <user> [--all]`: a user's movies, newest first.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.movies
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const movies = Command.make("movies", { user: userArg, all }, ({ all, user }) =>
  Effect.gen(function*() {
    const at = yield* Output.localTime
    const found: ReadonlyArray<Models.Movie> = all
      ? yield* collect(Movies.allMoviesByUser(ref(user)), "movies")
      : (yield* Movies.getMoviesByUser({ ...ref(user), limit: 20 })).movies
    yield* Output.rows(found, [
      { header: "started", cell: (row) => at(row.created) },
      { header: "id", cell: (row) => row.id },
      {
        header: "state",
        cell: (row) => (row.isLive ? "LIVE" : row.isRecorded ? "recorded" : "ended"),
        style: (row) => (row.isLive ? "red" : undefined)
      },
      { header: "views", cell: (row) => String(row.totalViewCount), align: "right" },
      { header: "comments", cell: (row) => String(row.commentCount), align: "right" },
      { header: "title", cell: (row) => row.title }
    ], { schema: Models.Movie, empty: `@${user} has no movies` })
  }).pipe(Credentials.provide("any"))).pipe(
    Command.withDescription("List a user's movies, newest first (20, or --all)")
  )

const supporterColumns = (at: (time: Models.Supporter["supported"]) => string) =>
  [
    { header: "user", cell: (row: Models.Supporter) => `@${row.screenId}` },
    { header: "name", cell: (row: Models.Supporter) => row.name },
    { header: "points", cell: (row: Models.Supporter) => String(row.point), align: "right" as const },
    { header: "total", cell: (row: Models.Supporter) => String(row.totalPoint), align: "right" as const },
    { header: "since", cell: (row: Models.Supporter) => at(row.supported) }
  ] as const

const supporterRows = <R>(
  found: Effect.Effect<ReadonlyArray<Models.Supporter>, CallError, R>,
  empty: string
) =>
  Effect.gen(function*() {
    const at = yield* Output.localTime
    yield* Output.rows(yield* found, supporterColumns(at), { schema: Models.Supporter, empty })
  })

/**
 * `twitcasting supporters <user> [--sort ranking|new] [--all]`: who
 * supports a user.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.supporters
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const supporters = Command.make("supporters", {
  user: userArg,
  all,
  sort: Options.choice("sort", ["ranking", "new"]).pipe(
    Options.withDefault("ranking"),
    Options.withDescription("By points (ranking) or newest first (new)")
  )
}, ({ all, sort, user }) =>
  Effect.gen(function*() {
    const found = all
      ? collect(Supporters.allSupporters({ ...ref(user), sort }), "supporters")
      : Effect.map(Supporters.supporterList({ ...ref(user), sort, limit: 20 }), (page) => page.supporters)
    yield* supporterRows(found, `@${user} has no supporters`)
  }).pipe(Credentials.provide("any"))).pipe(Command.withDescription("List a user's supporters (20, or --all)"))

/**
 * `twitcasting supporting <user> [--all]`: whom a user supports.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.supporting
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const supporting = Command.make("supporting", { user: userArg, all }, ({ all, user }) =>
  Effect.gen(function*() {
    const found = all
      ? collect(Supporters.allSupporting(ref(user)), "users")
      : Effect.map(Supporters.supportingList({ ...ref(user), limit: 20 }), (page) => page.supporting)
    yield* supporterRows(found, `@${user} supports no one`)
  }).pipe(Credentials.provide("any"))).pipe(Command.withDescription("List the users a user supports (20, or --all)"))

const SubCategoryRow = Schema.Struct({
  category: Schema.String,
  id: Schema.String,
  name: Schema.String,
  count: Schema.Number
})

/**
 * `twitcasting categories [--lang ja|en]`: the categories with lives now,
 * one sub-category a row.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.categories
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const categories = Command.make("categories", {
  lang: Options.choice("lang", ["ja", "en"]).pipe(Options.withDefault("ja"), Options.withDescription("Names in"))
}, ({ lang }) =>
  Effect.gen(function*() {
    const list = yield* Categories.getCategories({ lang })
    const rows = list.categories.flatMap((category) =>
      category.subCategories.map((sub) => ({ category: category.name, id: sub.id, name: sub.name, count: sub.count }))
    )
    yield* Output.rows(rows, [
      { header: "category", cell: (row) => row.category },
      { header: "sub-category id", cell: (row) => row.id },
      { header: "name", cell: (row) => row.name },
      { header: "lives", cell: (row) => String(row.count), align: "right" }
    ], { schema: SubCategoryRow, empty: "no category has a live now" })
  }).pipe(Credentials.provide("any"))).pipe(Command.withDescription("List the categories that have lives now"))

const limit = (max: number) =>
  Options.integer("limit").pipe(
    Options.withDefault(Math.min(20, max)),
    Options.withDescription(`At most this many (1–${max})`)
  )

const searchUsers = Command.make("users", {
  words: Args.text({ name: "words" }).pipe(Args.atLeast(1)),
  limit: limit(50)
}, ({ limit, words }) =>
  Effect.gen(function*() {
    const found = yield* Search.searchUsers({ words, limit })
    yield* Output.rows(found.users, [
      { header: "user", cell: (row) => `@${row.screenId}` },
      { header: "name", cell: (row) => row.name },
      { header: "level", cell: (row) => String(row.level), align: "right" },
      { header: "live", cell: (row) => (row.isLive ? "LIVE" : ""), style: () => "red" }
    ], { schema: Models.User, empty: "no user found" })
  }).pipe(Credentials.provide("any"))).pipe(Command.withDescription("Find users by words"))

/**
 * The lines of a list of lives: broadcaster, movie id, viewers, title.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const printed = Lookup.liveRows([], "no lives")
 * ```
 *
 * @category helpers
 * @since 0.1.0
 */
export const liveRows = (lives: ReadonlyArray<Models.Live>, empty: string) =>
  Output.rows(lives, [
    { header: "user", cell: (row) => `@${row.broadcaster.screenId}` },
    { header: "movie", cell: (row) => row.movie.id },
    { header: "viewers", cell: (row) => String(row.movie.currentViewCount), align: "right" },
    { header: "title", cell: (row) => row.movie.title }
  ], { schema: Models.Live, empty })

const searchLives = Command.make("lives", {
  type: Options.choice("type", ["tag", "word", "category", "new", "recommend"]).pipe(
    Options.withDefault("word"),
    Options.withDescription("tag, word and category need a context")
  ),
  context: Args.text({ name: "context" }).pipe(Args.repeated),
  limit: limit(100)
}, ({ context, limit, type }) =>
  Effect.gen(function*() {
    const found = yield* Search.searchLiveMovies({
      type,
      limit,
      ...(context.length === 0 ? {} : { context: type === "category" ? context.join(" ") : context })
    })
    yield* liveRows(found.movies, "no live found")
  }).pipe(Credentials.provide("any"))).pipe(Command.withDescription("Find lives streaming now"))

/**
 * `twitcasting search users <words..>` and `twitcasting search lives
 * --type ... [context..]`.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.search
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const search = Command.make("search").pipe(
  Command.withDescription("Search users or lives"),
  Command.withSubcommands([searchUsers, searchLives])
)

/**
 * `twitcasting schedules <user> [--days n]`: a user's upcoming lives.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const command = Lookup.schedules
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const schedules = Command.make("schedules", {
  user: userArg,
  days: Options.integer("days").pipe(Options.withDescription("Only the next n days"), Options.optional)
}, ({ days, user }) =>
  Effect.gen(function*() {
    const at = yield* Output.localTime
    const found = yield* Users.getUpcomingLiveSchedules({
      ...ref(user),
      ...(days._tag === "Some" ? { inDays: days.value } : {})
    })
    yield* Output.rows(found.liveSchedules, [
      { header: "starts", cell: (row) => at(row.startAt) },
      { header: "id", cell: (row) => row.id },
      { header: "title", cell: (row) => row.title }
    ], { schema: Models.LiveSchedule, empty: `@${user} has no upcoming live` })
  }).pipe(Credentials.provide("any"))).pipe(Command.withDescription("List a user's upcoming live schedules"))

/**
 * Every lookup command.
 *
 * @example
 * ```ts
 * import * as Lookup from "@effect-twitcasting/cli/commands/Lookup"
 *
 * const count = Lookup.commands.length
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const commands = [user, live, movie, movies, supporters, supporting, categories, search, schedules] as const
