/**
 * How the polling streams (`Comments.tail`, `Gifts.tail`) pace themselves
 * against the token's rate budget, driven by `TestClock`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"
import { Comments, Gifts } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { mock, type Reply, userAuth } from "./mock.js"

const movieId = "189037369"

/** Comments answers with no new comment, reporting `remaining` requests left in a 60 s window. */
const quietComments = (remaining: number) =>
  mock((sent): Reply =>
    sent.url.pathname.endsWith("/comments")
      ? {
        body: { movie_id: movieId, all_count: 1, comments: [{ ...fixtures.comment, id: "100" }] },
        remaining,
        resetIn: 60
      }
      : { body: fixtures.live, remaining, resetIn: 60 }
  )

const polls = (sent: ReadonlyArray<{ readonly url: URL }>) =>
  sent.filter((request) => request.url.searchParams.has("slice_id")).length

describe("Comments.tail pacing", () => {
  it.effect("spreads its share of the remaining budget over the window", () =>
    Effect.gen(function*() {
      // 10 left for 60 s, half of them for the tail: one poll per 12 s
      const api = quietComments(10)
      const fiber = yield* Comments.tail({ movieId: movieId, liveCheck: "1 hour" }).pipe(
        Stream.runDrain,
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.fork
      )
      yield* TestClock.adjust("11999 millis")
      expect(polls(api.sent)).toBe(0)
      yield* TestClock.adjust("1 millis")
      expect(polls(api.sent)).toBe(1)
      expect(api.sent[1]?.url.searchParams.get("slice_id")).toBe("100")
      yield* TestClock.adjust("12 seconds")
      expect(polls(api.sent)).toBe(2)
      yield* Fiber.interrupt(fiber)
    }))

  it.effect("polls at minInterval when the budget is large, and at most every maxInterval when it is spent", () =>
    Effect.gen(function*() {
      const plenty = quietComments(6000)
      const fast = yield* Comments.tail({ movieId: movieId, minInterval: "2 seconds", liveCheck: "1 hour" }).pipe(
        Stream.runDrain,
        Effect.provide(plenty.client),
        Effect.provide(userAuth),
        Effect.fork
      )
      yield* TestClock.adjust("10 seconds")
      expect(polls(plenty.sent)).toBe(5)
      yield* Fiber.interrupt(fast)

      const spent = quietComments(1)
      const slow = yield* Comments.tail({ movieId: movieId, maxInterval: "20 seconds", liveCheck: "1 hour" }).pipe(
        Stream.runDrain,
        Effect.provide(spent.client),
        Effect.provide(userAuth),
        Effect.fork
      )
      yield* TestClock.adjust("19 seconds")
      expect(polls(spent.sent)).toBe(0)
      yield* TestClock.adjust("1 second")
      expect(polls(spent.sent)).toBe(1)
      yield* Fiber.interrupt(slow)
    }))

  it.effect("asks whether the live ended only while idle, every liveCheck, and ends when it has", () =>
    Effect.gen(function*() {
      const api = mock((sent): Reply =>
        sent.url.pathname.endsWith("/comments")
          ? { body: { movie_id: movieId, all_count: 0, comments: [] }, remaining: 6000 }
          : { body: { ...fixtures.live, movie: { ...fixtures.movie, is_live: false } }, remaining: 6000 }
      )
      const fiber = yield* Comments.tail({ movieId: movieId, minInterval: "1 second", liveCheck: "5 seconds" }).pipe(
        Stream.runCollect,
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.fork
      )
      yield* TestClock.adjust("4 seconds")
      expect(api.sent.filter((request) => request.url.pathname === `/movies/${movieId}`)).toHaveLength(0)
      yield* TestClock.adjust("1 second")
      const collected = yield* Fiber.join(fiber)
      expect(Chunk.size(collected)).toBe(0)
      expect(api.sent.filter((request) => request.url.pathname === `/movies/${movieId}`)).toHaveLength(1)
    }))
})

describe("Gifts.tail pacing", () => {
  it.effect("passes each answer's slice_id back and never waits longer than maxInterval", () =>
    Effect.gen(function*() {
      const api = mock((_, index): Reply => ({
        // the gift as the live API sends it: numbers for id and item_mp
        body: { slice_id: 10 + index, gifts: index === 1 ? [{ ...fixtures.gift, id: 11, item_mp: 10 }] : [] },
        remaining: 0,
        resetIn: 1
      }))
      const fiber = yield* Gifts.tail().pipe(
        Stream.take(1),
        Stream.runCollect,
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("5 seconds")
      const gifts = yield* Fiber.join(fiber)
      expect(Chunk.toReadonlyArray(gifts).map((gift) => gift.id)).toEqual(["11"])
      expect(api.sent.map((request) => request.url.searchParams.get("slice_id"))).toEqual(["-1", "10"])
    }))
})
