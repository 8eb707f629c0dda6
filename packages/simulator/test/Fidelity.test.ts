/**
 * Where the simulator is as unkind as the service, through the SDK: ids that
 * are not numbers or pass 2^53, `slice_id` pages of comments cut either way
 * (and `Comments.tail` whole against both), and the thumbnail's redirect to
 * an image on another origin.
 */
import { Auth, Comments, Movies, Supporters, Users } from "@effect-twitcasting/sdk"
import * as Budget from "@effect-twitcasting/sdk/Budget"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Layer, Redacted, Schedule, Stream } from "effect"
import { Seed, Simulator } from "../src/index.js"

/** A simulator on a free port with `seed`, the fetch client, a user's token and a budget of its own. */
const served = (seed: Seed.Seed, screenId = "twitcasting_jp") =>
  Simulator.userAuth(screenId).pipe(
    Layer.provideMerge(Layer.mergeAll(
      Simulator.layer({ seed, rateLimit: { limit: 100_000, window: "60 seconds" } }),
      FetchHttpClient.layer,
      Budget.layerIsolated()
    ))
  )

const world = (commentSlice: Seed.Seed["commentSlice"] = "oldest") => ({
  ...Seed.defaultSeed(new Date()),
  commentSlice
})

const mio = "c:mio_draws"
const leo = "1098765432109876543"
const yukiLive = "189037370"
const officialLive = "189037369"

describe("ids as the service makes them", () => {
  it.live("a non-numeric user id and one beyond 2^53 round-trip exactly", () =>
    Effect.gen(function*() {
      const [byMio, byLeo] = yield* Effect.all([Users.getUserInfo({ id: mio }), Users.getUserInfo({ id: leo })])
      expect([byMio.user.id, byMio.user.screenId]).toEqual([mio, "mio_draws"])
      expect([byLeo.user.id, byLeo.user.screenId]).toEqual([leo, "leo_dj"])
      expect((yield* Users.getUserInfo({ screenId: "leo_dj" })).user.id).toBe(leo)
      expect(byMio.supportingCount).toBe(1)

      const supporters = yield* Supporters.supporterList({ screenId: "hanako_cooks", sort: "ranking" })
      expect(supporters.supporters.map((user) => user.id)).toEqual([mio, leo])
      const supporting = yield* Supporters.supportingList({ id: leo })
      expect(supporting.supporting.map((user) => user.screenId)).toEqual(["hanako_cooks"])
      const status = yield* Supporters.getSupportingStatus({ id: "hanako_cooks", targetUserId: mio })
      expect([status.isSupporting, status.targetUser.id]).toEqual([false, mio])
      const supported = yield* Supporters.getSupportingStatus({ id: leo, targetUserId: "hanako_cooks" })
      expect(supported.isSupporting).toBe(true)

      for (const id of [mio, leo]) {
        const { movies } = yield* Movies.getMoviesByUser({ id })
        expect(movies.map((movie) => movie.userId)).toEqual([id])
        const info = yield* Movies.getMovieInfo({ movieId: movies[0]!.id })
        expect(info.broadcaster.id).toBe(id)
      }

      const { comments } = yield* Comments.getComments({ movieId: yukiLive })
      expect(comments.map((comment) => comment.fromUser.id)).toEqual([leo, mio])
      const posted = yield* Comments.postComment({ movieId: yukiLive, comment: "また来ます" }).pipe(
        Effect.provide(Simulator.userAuth("leo_dj"))
      )
      expect(posted.comment.fromUser.id).toBe(leo)
      expect((yield* Users.verifyCredentials().pipe(Effect.provide(Simulator.userAuth("mio_draws")))).user.id)
        .toBe(mio)
    }).pipe(Effect.provide(served(world()))))

  it.live("movie ids beyond 2^53 are ordered and sliced exactly, and new ones follow the greatest", () => {
    const base = world()
    // one apart, the same Number: 9007199254740993 rounds to 9007199254740992
    const movie = (id: string, daysAgo: number) => ({
      ...base.movies[0]!,
      id,
      userId: leo,
      title: `mix ${id}`,
      created: new Date(Date.now() - daysAgo * 86_400_000)
    })
    const seed: Seed.Seed = {
      ...base,
      movies: [...base.movies, movie("9007199254740993", 1), movie("9007199254740992", 2)]
    }
    return Effect.gen(function*() {
      const { movies } = yield* Movies.getMoviesByUser({ id: leo })
      expect(movies.map((movie) => movie.id)).toEqual(["9007199254740993", "9007199254740992", "189000007"])
      const older = yield* Movies.getMoviesByUser({ id: leo, sliceId: "9007199254740993" })
      expect(older.movies.map((movie) => movie.id)).toEqual(["9007199254740992", "189000007"])
      const all = yield* Stream.runCollect(Movies.allMoviesByUser({ id: leo, pageSize: 1 }))
      expect(Chunk.toReadonlyArray(all).map((movie) => movie.id)).toEqual(movies.map((movie) => movie.id))
      const simulator = yield* Simulator.Simulator
      expect((yield* simulator.startLive("leo_dj")).movie.id).toBe("9007199254740994")
    }).pipe(Effect.provide(served(seed)))
  })
})

/** Waits until the simulator has answered at least `count` API requests. */
const answered = (count: number) =>
  Simulator.Simulator.pipe(
    Effect.flatMap((simulator) => simulator.stats),
    Effect.repeat({ schedule: Schedule.spaced("10 millis"), until: (stats) => stats.requests >= count }),
    Effect.timeout("20 seconds")
  )

describe.each(["oldest", "newest"] as const)("slice_id pages holding the %s comments", (commentSlice) => {
  it.live("getComments with slice_id gives that end of what follows the id", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const before = yield* simulator.commentIds(officialLive)
      yield* simulator.addComments(officialLive, "casma_jp", 120)
      const burst = (yield* simulator.commentIds(officialLive)).slice(before.length)
      const page = yield* Comments.getComments({
        movieId: officialLive,
        sliceId: before[before.length - 1]!,
        limit: 50
      })
      const expected = commentSlice === "oldest" ? burst.slice(0, 50) : burst.slice(-50)
      expect(page.comments.map((comment) => comment.id)).toEqual([...expected].reverse())
      expect(page.allCount).toBe(before.length + 120)
    }).pipe(Effect.provide(served(world(commentSlice)))))

  it.live(
    "Comments.tail gives a burst of 180 between two polls whole, oldest first, each once",
    () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        const fiber = yield* Comments.tail({ movieId: officialLive, minInterval: "20 millis", liveCheck: "1 hour" })
          .pipe(
            Stream.take(180),
            Stream.runCollect,
            Effect.fork
          )
        // the tail has its starting point and polls: the burst lands between two polls, at once
        yield* answered(2)
        const before = (yield* simulator.commentIds(officialLive)).length
        yield* simulator.addComments(officialLive, "emily_plays", 180)
        const burst = (yield* simulator.commentIds(officialLive)).slice(before)
        const received = yield* Fiber.join(fiber).pipe(Effect.timeout("20 seconds"))
        expect(Chunk.toReadonlyArray(received).map((comment) => comment.id)).toEqual(burst)
      }).pipe(Effect.provide(served(world(commentSlice)))),
    60_000
  )
})

describe("the thumbnail", () => {
  /**
   * The fetch client, with `fetch` recording each request and not following
   * redirects itself, so that each hop is the SDK's own.
   */
  const recording = () => {
    const sent: Array<{ readonly url: URL; readonly authorization: string | null }> = []
    const layer = FetchHttpClient.layer.pipe(
      Layer.provide(Layer.succeed(FetchHttpClient.Fetch, (input, init) => {
        const request = new Request(input, { ...init, redirect: "manual" })
        sent.push({ url: new URL(request.url), authorization: request.headers.get("authorization") })
        return fetch(request)
      }))
    )
    return { sent, layer }
  }

  const png = [0x89, 0x50, 0x4e, 0x47]

  it.live("redirects to an image on another origin, over http: it arrives, and no credentials go there", () => {
    const { layer, sent } = recording()
    return Effect.gen(function*() {
      const { baseUrl, imagesUrl } = yield* Simulator.Simulator
      const image = yield* Users.getLiveThumbnailImage({ screenId: "twitcasting_jp", size: "large" })
      expect(image.contentType).toBe("image/png")
      expect(Array.from(image.bytes.slice(0, 4))).toEqual(png)
      expect(sent.map((request) => request.url.origin)).toEqual([new URL(baseUrl).origin, new URL(imagesUrl).origin])
      expect(new URL(imagesUrl).origin).not.toBe(new URL(baseUrl).origin)
      expect(sent[1]!.url.protocol).toBe("http:")
      // Auth holds a user token and app credentials; neither is sent for the thumbnail, nor to the image host
      expect(sent.map((request) => request.authorization)).toEqual([null, null])
      // and the image host answers without rate-limit headers
      const answer = yield* Effect.promise(() => fetch(sent[1]!.url))
      expect(answer.headers.has("x-ratelimit-limit")).toBe(false)
    }).pipe(
      Effect.provide(Simulator.bothAuth()),
      Effect.provide(Layer.mergeAll(
        Simulator.layer({ seed: world() }),
        layer,
        Budget.layerIsolated()
      ))
    )
  })

  it.live("arrives when fetch follows the redirect itself, and without a socket", () =>
    Effect.gen(function*() {
      const followed = yield* Users.getLiveThumbnailImage({ screenId: "casma_jp" }).pipe(
        Effect.provide(Simulator.userAuth()),
        Effect.provide(Layer.merge(Simulator.layer({ seed: world() }), FetchHttpClient.layer))
      )
      expect(Array.from(followed.bytes.slice(0, 4))).toEqual(png)
      const socketless = yield* Users.getLiveThumbnailImage({ screenId: "casma_jp" }).pipe(
        Effect.provide(Simulator.userAuth()),
        Effect.provide(Simulator.layerClient({ seed: world() }))
      )
      expect([socketless.contentType, Array.from(socketless.bytes.slice(0, 4))]).toEqual(["image/png", png])
    }))
})

describe("a path the API does not have", () => {
  it.live("is a web server's 404, so a wrong base URL is told apart from a missing user", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const wrongBase = Layer.merge(
        Auth.layer({
          credentials: Auth.userToken(Redacted.make(Seed.demoToken("casma_jp"))),
          baseUrl: `${simulator.baseUrl}/api/v2`
        }),
        Budget.layerIsolated()
      )
      const wrong = yield* Users.getUserInfo({ screenId: "casma_jp" }).pipe(Effect.provide(wrongBase), Effect.flip)
      expect(wrong._tag).toBe("UnexpectedResponseError")
      expect(wrong.message).toContain(`is ${simulator.baseUrl}/api/v2 the TwitCasting API? (check the base URL)`)
      // the right base URL and a user who does not exist: the API's own 404
      const missing = yield* Users.getUserInfo({ screenId: "nobody_here" }).pipe(Effect.flip)
      expect(missing._tag).toBe("NotFoundError")
      // and a user who is not live says so
      const offline = yield* Movies.getCurrentLive({ screenId: "casma_jp" }).pipe(Effect.flip)
      expect(offline.message).toContain("the user is not live now")
    }).pipe(Effect.provide(served(world()))))
})
