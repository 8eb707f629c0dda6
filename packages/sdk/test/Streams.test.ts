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

/**
 * A movie's comments as the API keeps them, behind the mock: ids beyond 2^53
 * (a `Number` would round them), pages newest first by offset, and
 * `slice_id` pages holding the oldest or the newest of the comments after
 * the id, as `slice` says. `before` runs before each answer is made.
 */
const commentStore = (slice: "oldest" | "newest", before: (query: URLSearchParams) => void = () => {}) => {
  const ids: Array<bigint> = []
  let next = 9_007_199_254_740_993n
  const post = (count: number) => {
    const added = Array.from({ length: count }, () => next++)
    ids.push(...added)
    return added.map(String)
  }
  const wire = (id: bigint) => ({ ...fixtures.comment, id: String(id), message: `#${id}` })
  const api = mock((sent): Reply => {
    if (!sent.url.pathname.endsWith("/comments")) return { body: fixtures.live, remaining: 6000 }
    const query = sent.url.searchParams
    before(query)
    const limit = Number(query.get("limit") ?? "10")
    const sliceId = query.get("slice_id")
    let page: Array<bigint>
    if (sliceId === null) {
      const offset = Number(query.get("offset") ?? "0")
      page = ids.slice(Math.max(0, ids.length - offset - limit), Math.max(0, ids.length - offset))
    } else {
      const after = ids.filter((id) => id > BigInt(sliceId))
      page = slice === "oldest" ? after.slice(0, limit) : after.slice(-limit)
    }
    return {
      body: { movie_id: movieId, all_count: ids.length, comments: page.reverse().map(wire) },
      remaining: 6000
    }
  })
  return { api, post, remove: (id: string) => ids.splice(ids.indexOf(BigInt(id)), 1) }
}

const tailed = (api: ReturnType<typeof mock>, count: number) =>
  Comments.tail({ movieId, minInterval: "1 second", liveCheck: "1 hour" }).pipe(
    Stream.take(count),
    Stream.runCollect,
    Effect.map((comments) => Chunk.toReadonlyArray(comments).map((comment) => comment.id)),
    Effect.provide(api.client),
    Effect.provide(userAuth),
    Effect.fork
  )

const offsets = (sent: ReadonlyArray<{ readonly url: URL }>) =>
  sent.filter((request) => request.url.searchParams.has("offset")).map((request) =>
    Number(request.url.searchParams.get("offset"))
  )

describe("Comments.tail gaps", () => {
  it.effect.each(["oldest", "newest"] as const)(
    "a burst of 180 between two polls comes out whole, oldest first, each once (slice_id pages hold the %s)",
    (slice) =>
      Effect.gen(function*() {
        const store = commentStore(slice)
        const before = store.post(3)
        const fiber = yield* tailed(store.api, 180)
        yield* TestClock.adjust("1 second")
        expect(polls(store.api.sent)).toBe(1)
        const burst = store.post(180)
        yield* TestClock.adjust("1 second")
        expect(yield* Fiber.join(fiber)).toEqual(burst)
        // the slice was the newest comment seen, sent exactly (beyond 2^53)
        expect(store.api.sent[1]!.url.searchParams.get("slice_id")).toBe(before[2])
        expect(store.api.sent[2]!.url.searchParams.get("slice_id")).toBe(before[2])
        // the second poll's page holds 50 of the 180: filled by offset pages from the last comment seen up
        expect(offsets(store.api.sent)).toEqual([131, 82, 33, 0])
      })
  )

  it.effect.each(["oldest", "newest"] as const)(
    "a page that accounts for every new comment is not filled (slice_id pages hold the %s)",
    (slice) =>
      Effect.gen(function*() {
        const store = commentStore(slice)
        store.post(3)
        const fiber = yield* tailed(store.api, 80)
        yield* TestClock.adjust("1 second")
        const first = store.post(50)
        yield* TestClock.adjust("1 second")
        const second = store.post(30)
        yield* TestClock.adjust("1 second")
        expect(yield* Fiber.join(fiber)).toEqual([...first, ...second])
        expect(offsets(store.api.sent)).toEqual([])
      })
  )

  it.effect("a full page with fewer new comments than it holds (some were deleted) is filled too", () =>
    Effect.gen(function*() {
      const store = commentStore("newest")
      const before = store.post(3)
      const fiber = yield* tailed(store.api, 60)
      yield* TestClock.adjust("1 second")
      const burst = store.post(60)
      store.remove(before[0]!)
      store.remove(before[1]!)
      yield* TestClock.adjust("1 second")
      // all_count grew by 58: the page's 50 are not all; the fill goes down to the last comment seen, then up
      expect(yield* Fiber.join(fiber)).toEqual(burst)
      expect(offsets(store.api.sent)).toEqual([9, 59, 10, 0])
    }))

  it.effect("after `since`, a full first page is filled back to `since`", () =>
    Effect.gen(function*() {
      const store = commentStore("newest")
      const [since] = store.post(1)
      const backlog = store.post(120)
      const fiber = yield* Comments.tail({ movieId, since: since!, minInterval: "1 second", liveCheck: "1 hour" }).pipe(
        Stream.take(120),
        Stream.runCollect,
        Effect.provide(store.api.client),
        Effect.provide(userAuth),
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      const ids = Chunk.toReadonlyArray(yield* Fiber.join(fiber)).map((comment) => comment.id)
      expect(ids).toEqual(backlog)
      // two pages find where `since` is, three read the backlog up from it
      expect(offsets(store.api.sent)).toEqual([50, 100, 71, 22, 0])
    }))

  it.effect("comments posted while a gap is filled come after it, none lost or repeated", () =>
    Effect.gen(function*() {
      let extra: ReadonlyArray<string> = []
      const store = commentStore("newest", (query) => {
        if (query.get("offset") === "131") extra = store.post(30)
      })
      store.post(3)
      const fiber = yield* tailed(store.api, 210)
      yield* TestClock.adjust("1 second")
      const burst = store.post(180)
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(fiber)).toEqual([...burst, ...extra])
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
