/**
 * The realtime lives socket (`/lives`): app credentials, a `hello`, then
 * `{ movies: [...] }` for each live that starts.
 *
 * @internal
 */
import { Models } from "@effect-twitcasting/sdk"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Socket from "@effect/platform/Socket"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as PubSub from "effect/PubSub"
import * as Queue from "effect/Queue"
import * as Schema from "effect/Schema"
import type { LiveEvent, World } from "./world.js"

export class Realtime {
  /** Every live event, for every connection. */
  readonly events = Effect.runSync(PubSub.unbounded<LiveEvent>())
  /** A signal to close every connection (to test reconnecting). */
  readonly drops = Effect.runSync(PubSub.unbounded<void>())
  connections = 0

  /** Called from the world's synchronous code; publishing to an unbounded hub never waits. */
  publish(event: LiveEvent) {
    Effect.runSync(PubSub.publish(this.events, event))
  }

  /** Closes every open connection; how many there were. */
  dropAll = Effect.suspend(() => {
    const count = this.connections
    return Effect.as(PubSub.publish(this.drops, undefined), count)
  })
}

const encodeLive = Schema.encode(Models.Live)

const unauthorized = HttpServerResponse.unsafeJson({ error: { code: 1000, message: "Invalid token" } }, { status: 401 })

export const serve = (realtime: Realtime, world: World, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const caller = yield* Effect.either(world.authenticate(request.headers["authorization"]))
    if (caller._tag === "Left" || caller.right._tag !== "App") return unauthorized
    const socket = yield* request.upgrade
    yield* Effect.scoped(Effect.gen(function*() {
      const events = yield* PubSub.subscribe(realtime.events)
      const drops = yield* PubSub.subscribe(realtime.drops)
      realtime.connections++
      yield* Effect.addFinalizer(() => Effect.sync(() => realtime.connections--))
      const write = yield* socket.writer
      const reading = yield* Effect.fork(socket.runRaw(() => {}))
      yield* write(JSON.stringify({ hello: "lives" }))
      const forward = Queue.take(events).pipe(
        Effect.flatMap((event) =>
          event.event === "livestart"
            ? encodeLive(new Models.Live({ movie: event.movie, broadcaster: event.broadcaster, tags: event.tags }))
              .pipe(
                Effect.flatMap((live) => write(JSON.stringify({ movies: [live] })))
              )
            : Effect.void
        ),
        Effect.forever
      )
      const drop = Queue.take(drops).pipe(Effect.zipRight(write(new Socket.CloseEvent(1012, "service restart"))))
      yield* Effect.raceAll([Fiber.join(reading), forward, drop])
    }))
    return HttpServerResponse.empty()
  }).pipe(Effect.catchAll(() => Effect.succeed(HttpServerResponse.empty({ status: 400 }))))
