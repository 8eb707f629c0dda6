/**
 * Comments: read, post and delete the comments of a movie.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const { comments } = yield* Comments.getComments({ movieId: "189037369", limit: 10 })
 *   for (const comment of comments) yield* Effect.log(`${comment.fromUser.name}: ${comment.message}`)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#comments
 * @since 0.1.0
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Auth } from "./Auth.js"
import { type Call, meta, metaOf, type Of } from "./Endpoint.js"
import type { CallError } from "./Errors.js"
import { call } from "./internal/client.js"
import { MovieRef } from "./internal/inputs.js"
import { compareIds } from "./internal/pages.js"
import { delay, pace } from "./internal/polling.js"
import { Id, key, oneOf, optionalKey, QueryId, QueryInt, Text, withDefault } from "./internal/wire.js"
import type * as Models from "./Models.js"
import { Comment } from "./Models.js"
import { getMovieInfo } from "./Movies.js"

/**
 * The decoded body of a successful {@link getComments} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Comments.CommentPage)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const CommentPage = Schema.Struct({
  movieId: key("movie_id", Schema.String),
  allCount: key("all_count", Schema.Number),
  comments: Schema.Array(Comment)
})

/**
 * The decoded body of a successful {@link postComment} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Comments.PostedComment)
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
 * The decoded body of a successful {@link deleteComment} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Comments.DeletedComment)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const DeletedComment = Schema.Struct({ commentId: key("comment_id", Schema.String) })

/**
 * The declarations of the Comments endpoints.
 *
 * @example
 * ```ts
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Comments.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Comments")
  .add(
    HttpApiEndpoint.get("getComments", "/movies/:movie_id/comments")
      .setPath(MovieRef)
      .setUrlParams(Schema.Struct({
        offset: Schema.optional(QueryInt(0)),
        limit: Schema.optional(QueryInt(1, 50)),
        sliceId: optionalKey("slice_id", QueryId)
      }))
      .addSuccess(CommentPage)
      .annotateContext(meta({ access: "any", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.post("postComment", "/movies/:movie_id/comments")
      .setPath(MovieRef)
      .setPayload(Schema.Struct({
        comment: Text(1, 140),
        sns: withDefault(oneOf("reply", "normal", "none"), "none")
      }))
      .addSuccess(PostedComment)
      .annotateContext(meta({ access: "user", idempotent: false }))
  )
  .add(
    HttpApiEndpoint.del("deleteComment", "/movies/:movie_id/comments/:comment_id")
      .setPath(Schema.Struct({ ...MovieRef.fields, commentId: key("comment_id", Id) }))
      .addSuccess(DeletedComment)
      .annotateContext(meta({ access: "user", idempotent: false }))
  )

/**
 * A page of a movie's comments, newest first.
 *
 * **Details**
 *
 * `offset` ≥ 0, `limit` 1–50 (default 10 on the API's side). With `sliceId`
 * (≥ 1) the page holds comments posted after that comment id, and `offset`
 * is ignored; an id beyond 2^53 goes as its digits, a string.
 *
 * **Gotchas**
 *
 * When more than `limit` comments follow `sliceId`, the API does not say
 * whether the page holds the oldest or the newest of them: compare the
 * change of `allCount` with what you got ({@link tail} does).
 *
 * @example
 * ```ts
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const newer = Comments.getComments({ movieId: "189037369", sliceId: 500212345 })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-comments
 * @category calls
 * @since 0.1.0
 */
export const getComments: Call<Of<typeof group, "getComments">> = call(group, "getComments")

/**
 * Posts a comment as the token's user.
 *
 * **Details**
 *
 * 1 to 140 characters (code points). `sns` is `"none"` (default),
 * `"reply"` or `"normal"`, for users linked to an SNS account.
 *
 * **Gotchas**
 *
 * Never repeated automatically once the request may have reached the
 * server: a transport failure reaches you as a `RequestError`, and you
 * decide whether to check and post again. A rate-limit refusal (code 2000)
 * is waited out and retried, since the API did not take the comment.
 *
 * @example
 * ```ts
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const post = Comments.postComment({ movieId: "189037369", comment: "こんにちは 👋" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#post-comment
 * @category calls
 * @since 0.1.0
 */
export const postComment: Call<Of<typeof group, "postComment">> = call(group, "postComment")

/**
 * Deletes a comment.
 *
 * **Details**
 *
 * A user may delete their own comments; the owner of the movie may delete
 * anyone's. Needs a user token; not retried on transient failures.
 *
 * @example
 * ```ts
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const remove = Comments.deleteComment({ movieId: "189037369", commentId: "500212345" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#delete-comment
 * @category calls
 * @since 0.1.0
 */
export const deleteComment: Call<Of<typeof group, "deleteComment">> = call(group, "deleteComment")

/**
 * Every comment of a movie, newest first, as a `Stream` that fetches a page
 * (`pageSize`, 1–50, default 50) only when the previous one is consumed.
 *
 * **Details**
 *
 * Pages are addressed by offset, and comments posted while the stream runs
 * push older ones to later offsets; the stream emits each comment once by
 * skipping any not older than the oldest already emitted. For new comments
 * as they arrive, use {@link tail}.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const firstComments = Comments.allComments({ movieId: "189037369" }).pipe(Stream.take(200), Stream.runCollect)
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const allComments = (
  options: { readonly movieId: string; readonly pageSize?: number | undefined }
): Stream.Stream<Models.Comment, CallError, HttpClient.HttpClient | Auth> => {
  const { movieId, pageSize = 50 } = options
  return Stream.paginateChunkEffect(
    { offset: 0, oldest: Option.none<string>() },
    ({ offset, oldest }) =>
      Effect.map(getComments({ movieId, offset, limit: pageSize }), (page) => {
        const unseen = page.comments.filter((comment) =>
          Option.match(oldest, { onNone: () => true, onSome: (id) => compareIds(comment.id, id) < 0 })
        )
        const next = offset + page.comments.length
        const last = unseen[unseen.length - 1]
        return [
          Chunk.fromIterable(unseen),
          page.comments.length < pageSize || next >= page.allCount
            ? Option.none()
            : Option.some({ offset: next, oldest: last === undefined ? oldest : Option.some(last.id) })
        ] as const
      })
  ).pipe(Stream.withSpan("Comments.allComments"))
}

/**
 * Which live {@link tail} follows, and how it polls.
 *
 * @example
 * ```ts
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const polite = Comments.tail({ movieId: "189037369", share: 0.25, liveCheck: "1 minute" })
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export interface TailOptions {
  /** The live's movie id. */
  readonly movieId: string
  /** Start after this comment id; by default after the newest comment when the stream starts. */
  readonly since?: string | undefined
  /** The shortest wait between two polls. Default 1 second. */
  readonly minInterval?: Duration.DurationInput | undefined
  /** The longest wait between two polls. Default 30 seconds. */
  readonly maxInterval?: Duration.DurationInput | undefined
  /** The share of the token's remaining rate budget the tail may use, in (0, 1]. Default 0.5. */
  readonly share?: number | undefined
  /** How often to ask whether the live has ended while no comment arrives. Default 15 seconds. */
  readonly liveCheck?: Duration.DurationInput | undefined
}

/** A page of the API holds at most this many comments. */
const maxPage = 50

/** Whether `comment` follows `sliceId` (every comment does when there is none). */
const follows = (sliceId: Option.Option<string>) => (comment: Models.Comment) =>
  Option.match(sliceId, { onNone: () => true, onSome: (id) => compareIds(comment.id, id) > 0 })

/**
 * Where a page by offset (newest first) meets `sliceId`: the position of
 * its first comment not after it, or of its end when the page is short (no
 * older comment left); `undefined` when every comment of a full page
 * follows it.
 */
const anchorOf = (comments: ReadonlyArray<Models.Comment>, sliceId: Option.Option<string>) => {
  const position = comments.findIndex((comment) => !follows(sliceId)(comment))
  return position >= 0 ? position : comments.length < maxPage ? comments.length : undefined
}

/**
 * About where `sliceId` is now among the comments by offset (newest first),
 * within a page, when nothing tells: pages at doubling offsets until one
 * is past it, then halving the range. A few requests for any backlog.
 */
const locate = (movieId: string, sliceId: Option.Option<string>) =>
  Effect.gen(function*() {
    let low = 0
    let high: number | undefined
    let offset = maxPage
    for (;;) {
      const { comments } = yield* getComments({ movieId, offset, limit: maxPage })
      const anchor = anchorOf(comments, sliceId)
      if (anchor !== undefined && anchor > 0) return offset + anchor
      if (anchor === 0) high = offset
      else low = offset + maxPage
      if (high !== undefined && high - low < maxPage) return high
      offset = high === undefined ? offset * 2 : Math.floor((low + high) / 2)
    }
  })

/**
 * The new comments of a live as they are posted: each exactly once, oldest
 * first, until the live ends.
 *
 * **Details**
 *
 * Polls `getComments` with `slice_id` set to the newest comment seen. A
 * full page is followed at once by the next; otherwise the tail waits, and
 * the wait spreads its share of the token's remaining requests over the
 * time left in the window of its rate-limit bucket, so the tail never
 * starves the user's other calls on the same token (they share its rate
 * budget). While no
 * comment arrives it checks every `liveCheck` whether the movie is still
 * live, and ends once it is not. Interrupting the stream stops polling at
 * once.
 *
 * Each page is checked against the change of its `allCount` (the movie's
 * comment count) since the last poll. When more comments were posted than
 * the page holds, as when a burst of more than 50 arrives between two polls
 * and the API answers with the newest of them, the page is set aside and
 * the gap is filled at once by offset pages (50 a request), from the last
 * comment seen up to the newest: each page must reach back to a comment
 * already emitted, so comments posted or deleted meanwhile cannot open a
 * hole. The comments come out oldest first, each once, whichever end of the
 * burst the API's page holds, a page at a time (a backlog is never held in
 * memory whole).
 *
 * **Gotchas**
 *
 * Errors end the stream like any call's errors: add `Stream.retry` for a bot
 * that must outlive a network outage.
 *
 * `allCount` falls when comments are deleted: a full page whose count
 * differs from the change is filled as a gap too, but deletions that
 * exactly offset a burst's overflow within one interval cannot be seen.
 * After `since` there is no count to compare the first page with, so a
 * full first page is always filled, after a few requests that find where
 * `since` is.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Comments } from "@effect-twitcasting/sdk"
 *
 * const echo = Comments.tail({ movieId: "189037369" }).pipe(
 *   Stream.runForEach((comment) => Effect.log(`${comment.fromUser.name}: ${comment.message}`))
 * )
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const tail = (
  options: TailOptions
): Stream.Stream<Models.Comment, CallError, HttpClient.HttpClient | Auth> => {
  const { movieId } = options
  const paced = pace(options, { min: "1 second", max: "30 seconds" })
  const liveCheck = Duration.toMillis(Duration.decode(options.liveCheck ?? "15 seconds"))
  interface State {
    /** The newest comment emitted (or `since`). */
    readonly sliceId: Option.Option<string>
    /** The movie's `all_count` when every comment up to `sliceId` was read; unknown after `since`. */
    readonly allCount: Option.Option<number>
    /** While a gap is filled: about where `sliceId` is among the comments by offset. */
    readonly gap: Option.Option<number>
    readonly full: boolean
    readonly checked: number
  }
  /** One page of a gap, from just below `sliceId` up: what follows it, oldest first. */
  const fill = (state: State, at: number) =>
    Effect.gen(function*() {
      const offset = Math.max(0, at - (maxPage - 1))
      const page = yield* getComments({ movieId, offset, limit: maxPage })
      const anchor = anchorOf(page.comments, state.sliceId)
      // past the page: comments posted meanwhile moved `sliceId` further down
      if (anchor === undefined) return { emitted: [], next: { ...state, gap: Option.some(at + maxPage) } }
      const emitted = page.comments.slice(0, anchor).reverse()
      const newest = emitted[emitted.length - 1]
      const next: State = {
        ...state,
        sliceId: newest === undefined ? state.sliceId : Option.some(newest.id),
        // at the top, the gap is closed and the count is what was read
        allCount: offset === 0 ? Option.some(page.allCount) : state.allCount,
        gap: offset === 0 ? Option.none() : Option.some(offset),
        full: false
      }
      return { emitted, next }
    })
  const poll = (state: State) =>
    Effect.gen(function*() {
      if (!state.full) yield* Effect.sleep(yield* delay(paced, metaOf(group.endpoints.getComments!)))
      const page = yield* getComments({
        movieId,
        limit: maxPage,
        ...Option.match(state.sliceId, { onNone: () => ({}), onSome: (sliceId) => ({ sliceId }) })
      })
      const fresh = page.comments.filter(follows(state.sliceId))
      const full = page.comments.length >= maxPage
      // a short page holds every comment after the slice, whichever end the API pages from
      const complete = Option.match(state.allCount, {
        onNone: () => !full,
        onSome: (before) => full ? fresh.length === page.allCount - before : fresh.length >= page.allCount - before
      })
      if (!complete) {
        const at = Option.isSome(state.allCount)
          ? page.allCount - state.allCount.value
          : yield* locate(movieId, state.sliceId)
        return { emitted: [], next: { ...state, gap: Option.some(at) } }
      }
      const emitted = [...fresh].sort((a, b) => compareIds(a.id, b.id))
      const newest = emitted[emitted.length - 1]
      const next: State = {
        ...state,
        sliceId: newest === undefined ? state.sliceId : Option.some(newest.id),
        allCount: Option.some(page.allCount),
        full
      }
      return { emitted, next }
    })
  const step = (state: State) =>
    Effect.gen(function*() {
      const { emitted, next } = yield* Option.match(state.gap, {
        onNone: () => poll(state),
        onSome: (at) => fill(state, at)
      })
      const now = yield* Clock.currentTimeMillis
      const idle = emitted.length === 0 && Option.isNone(next.gap) && now - state.checked >= liveCheck
      const ended = idle && !(yield* getMovieInfo({ movieId })).movie.isLive
      return [
        Chunk.fromIterable(emitted),
        ended ? Option.none() : Option.some({ ...next, checked: idle ? now : state.checked })
      ] as const
    })
  return Stream.unwrap(Effect.gen(function*() {
    const start: Pick<State, "sliceId" | "allCount"> = options.since === undefined
      ? yield* Effect.map(getComments({ movieId, limit: 1 }), (page) => ({
        sliceId: Option.map(Option.fromNullable(page.comments[0]), (comment) => comment.id),
        allCount: Option.some(page.allCount)
      }))
      : { sliceId: Option.some(options.since), allCount: Option.none() }
    const checked = yield* Clock.currentTimeMillis
    return Stream.paginateChunkEffect<State, Models.Comment, CallError, HttpClient.HttpClient | Auth>(
      { ...start, gap: Option.none(), full: false, checked },
      step
    )
  })).pipe(Stream.withSpan("Comments.tail"))
}
