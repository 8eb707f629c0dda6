/**
 * Streams: a user's movies page by page, and a live's new comments as they
 * are posted (paced by the token's rate budget).
 */
import { Comments, Movies } from "@effect-twitcasting/sdk"
import { Chunk, Console, Duration, Effect, Stream } from "effect"

export const streams = (screenId: string, follow: Duration.DurationInput) =>
  Effect.gen(function*() {
    const movies = yield* Movies.allMoviesByUser({ screenId, pageSize: 2 }).pipe(Stream.take(3), Stream.runCollect)
    yield* Console.log(
      `latest movies of @${screenId}: ${Chunk.toReadonlyArray(movies).map((movie) => `"${movie.title}"`).join(", ")}`
    )
    const { movie } = yield* Movies.getCurrentLive({ screenId })
    yield* Console.log(`following new comments for ${Duration.format(Duration.decode(follow))}:`)
    const count = yield* Comments.tail({ movieId: movie.id, minInterval: "250 millis" }).pipe(
      Stream.interruptAfter(follow),
      Stream.tap((comment) => Console.log(`  ${comment.fromUser.name}: ${comment.message}`)),
      Stream.runCount
    )
    yield* Console.log(`${count} new comments, each shown once`)
  })
