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
import * as Api from "./Api.js"
import type { Call } from "./Endpoint.js"
import { call } from "./internal/client.js"

/**
 * A page of a movie's comments, newest first.
 *
 * **Details**
 *
 * `offset` ≥ 0, `limit` 1–50 (default 10 on the API's side). With `sliceId`
 * (≥ 1) the page holds the comments posted after that comment id, and
 * `offset` is ignored.
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
export const getComments: Call<typeof Api.getComments> = call(Api.getComments)

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
export const postComment: Call<typeof Api.postComment> = call(Api.postComment)

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
export const deleteComment: Call<typeof Api.deleteComment> = call(Api.deleteComment)
