/**
 * Realtime lives (app credentials): the lives that start, pushed over the
 * realtime WebSocket, for a while.
 */
import { Realtime } from "@effect-twitcasting/sdk"
import { Console, type Duration, Stream } from "effect"

export const realtime = (
  options: { readonly url?: string | undefined; readonly for: Duration.DurationInput; readonly max: number }
) =>
  Realtime.lives({ url: options.url, attempts: 3 }).pipe(
    Stream.take(options.max),
    Stream.interruptAfter(options.for),
    Stream.runForEach(({ broadcaster, movie, tags }) =>
      Console.log(`  live now: ${broadcaster.name} (@${broadcaster.screenId}) "${movie.title}" [${tags.join(", ")}]`)
    )
  )
