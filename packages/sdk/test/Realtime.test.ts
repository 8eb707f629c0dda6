/**
 * `Realtime.lives` against a scripted socket: what a consumer that falls
 * behind the feed receives. (Against the simulator's socket: the
 * simulator's own tests.)
 */
import { Socket } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Redacted, Stream } from "effect"
import { Auth, Realtime } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { authLayer } from "./mock.js"

/**
 * A socket that is open at once and, on the next turn of the event loop,
 * delivers every message in one go, then signals `delivered`.
 */
class Feed extends EventTarget {
  readonly readyState = 1
  constructor(messages: ReadonlyArray<string>, delivered: Deferred.Deferred<void>) {
    super()
    setTimeout(() => {
      for (const data of messages) this.dispatchEvent(new MessageEvent("message", { data }))
      Deferred.unsafeDone(delivered, Effect.void)
    }, 0)
  }
  close() {}
  send() {}
}

const liveMessage = (id: number) =>
  JSON.stringify({ movies: [{ ...fixtures.live, movie: { ...fixtures.movie, id: String(id) } }] })

const app = authLayer({
  credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret: Redacted.make("secret") }),
  baseUrl: "http://127.0.0.1:9999"
})

describe("Realtime.lives", () => {
  it.live("a consumer that falls behind gets the newest lives: the oldest beyond `buffer` are dropped", () =>
    Effect.gen(function*() {
      const delivered = yield* Deferred.make<void>()
      const feed = () => new Feed(Array.from({ length: 10 }, (_, i) => liveMessage(i + 1)), delivered)
      const ids = (chunk: Iterable<{ readonly movie: { readonly id: string } }>) =>
        Array.from(chunk, (live) => live.movie.id)
      yield* Effect.gen(function*() {
        const pull = yield* Stream.toPull(Realtime.lives({ url: "ws://127.0.0.1:9/", buffer: 3 }))
        // the consumer waits for the first live, then falls behind while nine more arrive
        const first = ids(yield* pull)
        yield* Deferred.await(delivered)
        const rest: Array<string> = []
        while (rest.length < 3) rest.push(...ids(yield* pull))
        expect(first).toEqual(["1"])
        expect(rest).toEqual(["8", "9", "10"])
      }).pipe(Effect.provideService(Socket.WebSocketConstructor, () => feed() as unknown as WebSocket))
    }).pipe(Effect.scoped, Effect.provide(app)))
})
