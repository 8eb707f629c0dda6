/**
 * Find a user's live, read its latest comments and post one.
 */
import { Comments, Movies } from "@effect-twitcasting/sdk"
import { Console, Effect, Option } from "effect"

export const comments = (screenId: string, message: string) =>
  Effect.gen(function*() {
    const current = yield* Movies.getCurrentLive({ screenId }).pipe(
      Effect.map(Option.some),
      Effect.catchTag("NotFoundError", () => Effect.succeedNone)
    )
    if (Option.isNone(current)) {
      return yield* Console.log(`@${screenId} is not live`)
    }
    const { broadcaster, movie, tags } = current.value
    yield* Console.log(
      `${broadcaster.name} is live: "${movie.title}" [${tags.join(", ")}], ${movie.currentViewCount} watching`
    )
    const page = yield* Comments.getComments({ movieId: movie.id, limit: 5 })
    yield* Console.log(`${page.allCount} comments, newest first:`)
    for (const comment of page.comments) {
      yield* Console.log(`  ${comment.fromUser.name}: ${comment.message}`)
    }
    const posted = yield* Comments.postComment({ movieId: movie.id, comment: message })
    yield* Console.log(`posted comment ${posted.comment.id}: ${posted.comment.message} (now ${posted.allCount})`)
    const invalid = yield* Comments.postComment({ movieId: movie.id, comment: "" }).pipe(Effect.flip)
    yield* Console.log(`an empty comment is refused before sending: ${invalid.message}`)
  })
