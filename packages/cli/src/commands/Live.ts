/**
 * Live work, with the user's token: `comments`, `comment`,
 * `delete-comment`, `gifts`, `subtitle`, `hashtag`, `support`,
 * `unsupport`, `rtmp`; and `lives`, the lives starting now (app
 * credentials for `--follow`).
 *
 * **Details**
 *
 * Where a movie is asked for, a user's screen id also works: it stands for
 * that user's current live. Followed streams (`--follow`) print each item
 * on a line as it arrives and are paced by the token's rate budget.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const count = Live.commands.length
 * ```
 *
 * @since 0.1.0
 */
import * as Auth from "@effect-twitcasting/sdk/Auth"
import * as Broadcasting from "@effect-twitcasting/sdk/Broadcasting"
import * as Comments from "@effect-twitcasting/sdk/Comments"
import * as Gifts from "@effect-twitcasting/sdk/Gifts"
import * as Models from "@effect-twitcasting/sdk/Models"
import * as Movies from "@effect-twitcasting/sdk/Movies"
import * as Realtime from "@effect-twitcasting/sdk/Realtime"
import * as Search from "@effect-twitcasting/sdk/Search"
import * as Supporters from "@effect-twitcasting/sdk/Supporters"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Credentials from "../Credentials.js"
import * as Output from "../Output.js"
import { liveRows } from "./Lookup.js"

const movieArg = Args.text({ name: "movie" }).pipe(
  Args.withDescription("A movie id, or a user's screen id for their current live")
)

const follow = Options.boolean("follow").pipe(Options.withAlias("f"), Options.withDescription("Keep printing new ones"))

/**
 * The movie id an argument names: itself when it is a number, else the
 * current live of the user it names.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const id = Live.movieId("casma_jp")
 * ```
 *
 * @category helpers
 * @since 0.1.0
 */
export const movieId = Effect.fn("Live.movieId")(function*(movie: string) {
  if (/^\d+$/.test(movie)) return movie
  return (yield* Movies.getCurrentLive({ screenId: movie })).movie.id
})

const commentLine = (at: (time: Models.Comment["created"]) => string) => (comment: Models.Comment) =>
  Effect.gen(function*() {
    const who = yield* Output.paint(`@${comment.fromUser.screenId}`, "cyan")
    const when = yield* Output.paint(at(comment.created), "dim")
    yield* Output.line(Models.Comment, comment, `${when}  ${who}  ${comment.message}`)
  })

/**
 * `twitcasting comments <movie> [--limit n] [--follow]`: the latest
 * comments, oldest first; with `--follow`, then each new one until the live
 * ends.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.comments
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const comments = Command.make("comments", {
  movie: movieArg,
  follow,
  limit: Options.integer("limit").pipe(
    Options.withDefault(10),
    Options.withDescription("How many to show first (1–50)")
  )
}, ({ follow, limit, movie }) =>
  Effect.gen(function*() {
    const at = yield* Output.localTime
    const id = yield* movieId(movie)
    const page = yield* Comments.getComments({ movieId: id, limit })
    const latest = [...page.comments].reverse()
    yield* Effect.forEach(latest, commentLine(at))
    if (!follow) return
    const since = page.comments[0]?.id
    yield* Output.notice(`following the comments of movie ${id} (Ctrl-C to stop)`)
    yield* Comments.tail({ movieId: id, ...(since === undefined ? {} : { since }) }).pipe(
      Stream.runForEach(commentLine(at))
    )
    yield* Output.notice("the live has ended")
  }).pipe(Credentials.provide("any"))).pipe(Command.withDescription("Show a movie's comments; --follow for new ones"))

/**
 * `twitcasting comment <movie> <text>`: posts a comment.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.comment
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const comment = Command.make("comment", {
  movie: movieArg,
  text: Args.text({ name: "text" }).pipe(Args.withDescription("1 to 140 characters"))
}, ({ movie, text }) =>
  Effect.gen(function*() {
    const id = yield* movieId(movie)
    const posted = yield* Comments.postComment({ movieId: id, comment: text })
    yield* Output.line(Comments.PostedComment, posted, `posted comment ${posted.comment.id} on movie ${posted.movieId}`)
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Post a comment"))

/**
 * `twitcasting delete-comment <movie> <comment>`: deletes a comment.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.deleteComment
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const deleteComment = Command.make("delete-comment", {
  movie: movieArg,
  comment: Args.text({ name: "comment" }).pipe(Args.withDescription("The comment's id"))
}, ({ comment, movie }) =>
  Effect.gen(function*() {
    const id = yield* movieId(movie)
    const deleted = yield* Comments.deleteComment({ movieId: id, commentId: comment })
    yield* Output.line(Comments.DeletedComment, deleted, `deleted comment ${deleted.commentId}`)
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Delete a comment"))

const giftLine = (gift: Models.Gift) =>
  Effect.gen(function*() {
    const who = yield* Output.paint(`@${gift.userScreenId}`, "cyan")
    const item = yield* Output.paint(gift.itemName, "yellow")
    const message = gift.message === "" ? "" : `  ${gift.message}`
    yield* Output.line(Models.Gift, gift, `${who}  ${item} (${gift.itemMp} MP)${message}`)
  })

/**
 * `twitcasting gifts [--follow]`: the gifts to the token's user in the last
 * seconds; with `--follow`, each new one as it arrives.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.gifts
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const gifts = Command.make("gifts", { follow }, ({ follow }) =>
  Effect.gen(function*() {
    if (!follow) {
      const page = yield* Gifts.getGifts({ sliceId: -1 })
      if (page.gifts.length === 0) return yield* Output.notice("no gift in the last seconds")
      return yield* Effect.forEach(page.gifts, giftLine, { discard: true })
    }
    yield* Output.notice("following your gifts (Ctrl-C to stop)")
    yield* Gifts.tail().pipe(Stream.runForEach(giftLine))
  }).pipe(Credentials.provide("user"))).pipe(
    Command.withDescription("Show the gifts you receive; --follow for new ones")
  )

const cut = Options.boolean("cut").pipe(Options.withDescription("Let the API cut a text that is too long"))

const subtitleSet = Command.make("set", {
  text: Args.text({ name: "text" }).pipe(
    Args.withDescription("Up to 34 half-widths (a full-width character counts 2)")
  ),
  cut
}, ({ cut, text }) =>
  Effect.gen(function*() {
    const set = yield* Movies.setCurrentLiveSubtitle({ subtitle: text, cutOut: cut })
    yield* Output.line(Movies.Subtitle, set, `subtitle of movie ${set.movieId}: ${set.subtitle ?? ""}`)
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Set your live's subtitle"))

const subtitleUnset = Command.make("unset", {}, () =>
  Effect.gen(function*() {
    const unset = yield* Movies.unsetCurrentLiveSubtitle()
    yield* Output.line(Movies.Subtitle, unset, `subtitle of movie ${unset.movieId} removed`)
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Remove your live's subtitle"))

/**
 * `twitcasting subtitle set <text> [--cut]` and `twitcasting subtitle
 * unset`: the current live's subtitle.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.subtitle
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const subtitle = Command.make("subtitle").pipe(
  Command.withDescription("Set or remove your live's subtitle"),
  Command.withSubcommands([subtitleSet, subtitleUnset])
)

const hashtagSet = Command.make("set", {
  tag: Args.text({ name: "hashtag" }).pipe(Args.withDescription("#tag, up to 26 characters")),
  cut
}, ({ cut, tag }) =>
  Effect.gen(function*() {
    const set = yield* Movies.setCurrentLiveHashtag({ hashtag: tag, cutOut: cut })
    yield* Output.line(Movies.Hashtag, set, `hashtag of movie ${set.movieId}: ${set.hashtag ?? ""}`)
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Set your live's hashtag"))

const hashtagUnset = Command.make("unset", {}, () =>
  Effect.gen(function*() {
    const unset = yield* Movies.unsetCurrentLiveHashtag()
    yield* Output.line(Movies.Hashtag, unset, `hashtag of movie ${unset.movieId} removed`)
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Remove your live's hashtag"))

/**
 * `twitcasting hashtag set <tag> [--cut]` and `twitcasting hashtag unset`:
 * the current live's hashtag.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.hashtag
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const hashtag = Command.make("hashtag").pipe(
  Command.withDescription("Set or remove your live's hashtag"),
  Command.withSubcommands([hashtagSet, hashtagUnset])
)

const usersArg = Args.text({ name: "users" }).pipe(Args.atLeast(1), Args.withDescription("1 to 20 users"))

/**
 * `twitcasting support <users..>`: supports users as the token's user.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.support
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const support = Command.make("support", { users: usersArg }, ({ users }) =>
  Effect.gen(function*() {
    const done = yield* Supporters.supportUser({ targetUserIds: users })
    yield* Output.line(Supporters.Supported, done, `now supporting ${done.addedCount} more`)
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Support users"))

/**
 * `twitcasting unsupport <users..>`: stops supporting users.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.unsupport
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const unsupport = Command.make("unsupport", { users: usersArg }, ({ users }) =>
  Effect.gen(function*() {
    const done = yield* Supporters.unsupportUser({ targetUserIds: users })
    yield* Output.line(Supporters.Unsupported, done, `stopped supporting ${done.removedCount}`)
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Stop supporting users"))

/**
 * `twitcasting rtmp`: the token user's RTMP URL and stream key, to
 * broadcast with OBS and the like.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.rtmp
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const rtmp = Command.make("rtmp", {}, () =>
  Effect.gen(function*() {
    const found = yield* Broadcasting.getRtmpUrl()
    yield* Output.record(Broadcasting.RtmpUrl, found, [
      ["enabled", found.enabled ? "yes" : "no"],
      ["url", found.url ?? ""],
      ["stream key", found.streamKey ?? ""]
    ])
  }).pipe(Credentials.provide("user"))).pipe(Command.withDescription("Show your RTMP URL and stream key"))

/**
 * The realtime socket's URL for an `Auth`: the service's for the real API,
 * else `/lives` on the same host (the simulator's).
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * Live.realtimeUrl("http://127.0.0.1:8787") // "ws://127.0.0.1:8787/lives"
 * ```
 *
 * @category helpers
 * @since 0.1.0
 */
export const realtimeUrl = (baseUrl: string): string =>
  baseUrl === Auth.defaultBaseUrl ? Realtime.defaultUrl : `${baseUrl.replace(/^http/, "ws")}/lives`

/**
 * `twitcasting lives [--follow]`: the newest lives; with `--follow`, each
 * live as it starts, from the realtime socket (app credentials).
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const command = Live.lives
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const lives = Command.make("lives", { follow }, ({ follow }) =>
  Effect.gen(function*() {
    if (!follow) {
      const found = yield* Search.searchLiveMovies({ type: "new", limit: 20 }).pipe(Credentials.provide("any"))
      return yield* liveRows(found.movies, "no live now")
    }
    yield* Effect.gen(function*() {
      const { baseUrl } = yield* Auth.Auth
      yield* Output.notice("following the lives that start (Ctrl-C to stop)")
      yield* Realtime.lives({ url: realtimeUrl(baseUrl) }).pipe(
        Stream.runForEach((live) =>
          Effect.gen(function*() {
            const who = yield* Output.paint(`@${live.broadcaster.screenId}`, "cyan")
            yield* Output.line(Models.Live, live, `${who}  ${live.movie.id}  ${live.movie.title}`)
          })
        )
      )
    }).pipe(Credentials.provide("app"))
  })).pipe(Command.withDescription("The newest lives; --follow for each one as it starts (app credentials)"))

/**
 * Every live-work command.
 *
 * @example
 * ```ts
 * import * as Live from "@effect-twitcasting/cli/commands/Live"
 *
 * const count = Live.commands.length
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const commands = [
  comments,
  comment,
  deleteComment,
  gifts,
  subtitle,
  hashtag,
  support,
  unsupport,
  rtmp,
  lives
] as const
