/**
 * The SDK's streams against the simulator over HTTP: paged lists, the live
 * comment tail and the gift tail.
 */
import { Comments, Gifts, Movies, Supporters } from "@effect-twitcasting/sdk"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Layer, Stream } from "effect"
import { Simulator } from "../src/index.js"

const live = "189037369"

/** A simulator with a budget large enough that pacing never slows the tests. */
const served = (screenId = "twitcasting_jp") =>
  Simulator.userAuth(screenId).pipe(
    Layer.provideMerge(
      Layer.merge(Simulator.layer({ rateLimit: { limit: 100_000, window: "60 seconds" } }), FetchHttpClient.layer)
    )
  )

const requests = Effect.flatMap(
  Simulator.Simulator,
  (simulator) => Effect.map(simulator.stats, (stats) => stats.requests)
)

describe("paged streams", () => {
  it.live("allMoviesByUser walks slice_id pages newest first, and Stream.take stops the requests", () =>
    Effect.gen(function*() {
      const all = yield* Stream.runCollect(Movies.allMoviesByUser({ screenId: "twitcasting_jp", pageSize: 1 }))
      expect(Chunk.toReadonlyArray(all).map((movie) => movie.id)).toEqual([live, "189000002", "189000001"])
      const before = yield* requests
      const two = yield* Stream.runCollect(
        Movies.allMoviesByUser({ screenId: "twitcasting_jp", pageSize: 1 }).pipe(Stream.take(2))
      )
      expect(Chunk.size(two)).toBe(2)
      expect((yield* requests) - before).toBe(2)
    }).pipe(Effect.provide(served())))

  it.live("allSupporters and allSupporting page by offset to the total", () =>
    Effect.gen(function*() {
      const ranking = yield* Stream.runCollect(
        Supporters.allSupporters({ screenId: "twitcasting_jp", pageSize: 3 })
      )
      expect(Chunk.toReadonlyArray(ranking).map((s) => s.screenId)).toEqual([
        "casma_jp",
        "yuki_sings",
        "ken_speedruns",
        "emily_plays"
      ])
      const newest = yield* Stream.runCollect(
        Supporters.allSupporters({ screenId: "twitcasting_jp", sort: "new", pageSize: 1 })
      )
      expect(Chunk.toReadonlyArray(newest).map((s) => s.screenId)).toEqual([
        "emily_plays",
        "ken_speedruns",
        "casma_jp",
        "yuki_sings"
      ])
      const supporting = yield* Stream.runCollect(Supporters.allSupporting({ screenId: "casma_jp", pageSize: 1 }))
      expect(Chunk.size(supporting)).toBe(2)
    }).pipe(Effect.provide(served())))

  it.live("allComments lists each comment once even when new ones shift the pages", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const original = yield* simulator.commentIds(live)
      let posted = 0
      const seen = yield* Comments.allComments({ movieId: live, pageSize: 3 }).pipe(
        Stream.tap(() => posted++ % 2 === 0 ? simulator.postComment(live, "casma_jp", "割り込み") : Effect.void),
        Stream.runCollect
      )
      const ids = Chunk.toReadonlyArray(seen).map((comment) => comment.id)
      expect(ids).toEqual([...original].reverse())
    }).pipe(Effect.provide(served())))
})

describe("Comments.tail", () => {
  it.live("emits every new comment once, oldest first, across full pages, and ends with the live", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      // after the newest comment now, however late the stream gets going on a loaded machine
      const since = (yield* simulator.commentIds(live)).at(-1)
      const fiber = yield* Comments.tail({ movieId: live, since, minInterval: "5 millis", liveCheck: "50 millis" })
        .pipe(
          Stream.runCollect,
          Effect.fork
        )
      const sent: Array<string> = []
      for (let i = 0; i < 120; i++) {
        sent.push((yield* simulator.postComment(live, i % 2 === 0 ? "casma_jp" : "emily_plays", `comment ${i}`)).id)
        if (i % 40 === 0) yield* Effect.sleep("20 millis")
      }
      yield* Effect.sleep("200 millis")
      yield* simulator.endLive("twitcasting_jp")
      const received = yield* Fiber.join(fiber).pipe(Effect.timeout("5 seconds"))
      expect(Chunk.toReadonlyArray(received).map((comment) => comment.id)).toEqual(sent)
    }).pipe(Effect.provide(served())))

  it.live("starts after `since`, and interrupting it stops the polling", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const ids = yield* simulator.commentIds(live)
      const lastThree = yield* Comments.tail({ movieId: live, since: ids[ids.length - 4]!, minInterval: "5 millis" })
        .pipe(
          Stream.take(3),
          Stream.runCollect
        )
      expect(Chunk.toReadonlyArray(lastThree).map((comment) => comment.id)).toEqual(ids.slice(-3))
      const fiber = yield* Effect.fork(Stream.runDrain(Comments.tail({ movieId: live, minInterval: "5 millis" })))
      yield* Effect.sleep("100 millis")
      yield* Fiber.interrupt(fiber)
      // a request already on the wire may still arrive; after that, nothing
      yield* Effect.sleep("100 millis")
      const after = yield* requests
      yield* Effect.sleep("200 millis")
      expect(yield* requests).toBe(after)
    }).pipe(Effect.provide(served())))
})

describe("Gifts.tail", () => {
  it.live("emits the gifts sent to the token's user once each, in order", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      yield* simulator.sendGift({ from: "casma_jp", to: "twitcasting_jp", item: "tea" })
      const fiber = yield* Gifts.tail({ minInterval: "5 millis" }).pipe(Stream.take(4), Stream.runCollect, Effect.fork)
      yield* Effect.sleep("50 millis")
      yield* simulator.sendGift({ from: "emily_plays", to: "yuki_sings", item: "cake" })
      for (const item of ["star", "cake", "tea"]) {
        yield* simulator.sendGift({ from: "ken_speedruns", to: "twitcasting_jp", item })
        yield* Effect.sleep("20 millis")
      }
      const gifts = yield* Fiber.join(fiber).pipe(Effect.timeout("5 seconds"))
      expect(Chunk.toReadonlyArray(gifts).map((gift) => [gift.userScreenId, gift.itemId])).toEqual([
        ["casma_jp", "tea"],
        ["ken_speedruns", "star"],
        ["ken_speedruns", "cake"],
        ["ken_speedruns", "tea"]
      ])
    }).pipe(Effect.provide(served())))
})
