/**
 * Movies: movie info, a user's movies, the current live, and the live's
 * subtitle and hashtag: requests, decoding, input rules, credentials.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect } from "effect"
import { type Auth, Errors, Models, Movies } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, basic, bearer, expectSent, unchecked, using } from "./mock.js"

const emoji = (count: number) => "🎤".repeat(count)

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

describe("Movies.getMovieInfo and getCurrentLive", () => {
  it.effect("GET /movies/:movie_id decodes the movie, its broadcaster and tags", () =>
    Effect.gen(function*() {
      const api = always({ body: fixtures.live })
      const live = yield* Movies.getMovieInfo({ movieId: "189037369" }).pipe(using(api, appAuth))
      expectSent(api.sent, { method: "GET", path: "/movies/189037369", authorization: basic })
      expect(live.movie).toBeInstanceOf(Models.Movie)
      expect(live.movie).toMatchObject({
        userId: "182224938",
        isLive: true,
        commentCount: 2124,
        hlsUrl: expect.any(String)
      })
      expect(DateTime.toEpochMillis(live.movie.created)).toBe(1438500282_000)
      expect(live.broadcaster.screenId).toBe("twitcasting_jp")
      expect(live.tags).toEqual(["人気", "雑談"])
    }))

  it.effect("a recorded movie decodes its nulls (subtitle, last owner comment, category, HLS URL)", () =>
    Effect.gen(function*() {
      const api = always({ body: { ...fixtures.live, movie: fixtures.recordedMovie } })
      const { movie } = yield* Movies.getMovieInfo({ movieId: "189000001" }).pipe(using(api))
      expect(movie).toMatchObject({
        subtitle: null,
        lastOwnerComment: null,
        category: null,
        hlsUrl: null,
        isRecorded: true
      })
    }))

  it.effect("GET /users/:user_id/current_live; a user not live is NotFoundError", () =>
    Effect.gen(function*() {
      const found = always({ body: fixtures.live })
      yield* Movies.getCurrentLive({ screenId: "twitcasting_jp" }).pipe(using(found))
      expectSent(found.sent, { method: "GET", path: "/users/twitcasting_jp/current_live", authorization: bearer })
      const offAir = always({ status: 404, body: fixtures.errorBody(404, "Not Found") })
      const error = yield* Movies.getCurrentLive({ id: "2880417757" }).pipe(using(offAir), Effect.flip)
      expect(error).toBeInstanceOf(Errors.NotFoundError)
    }))

  it.effect("an empty movie id is refused before sending", () =>
    Effect.gen(function*() {
      const api = always({ body: fixtures.live })
      const error = yield* Movies.getMovieInfo({ movieId: "" }).pipe(using(api), Effect.flip)
      expect(error).toMatchObject({ _tag: "ValidationError", source: "client" })
      expect(api.sent).toHaveLength(0)
    }))
})

describe("Movies.getMoviesByUser", () => {
  const page = { total_count: 2, movies: [fixtures.movie, fixtures.recordedMovie] }

  it.effect("GET /users/:user_id/movies with offset and limit; decodes the page", () =>
    Effect.gen(function*() {
      const api = always({ body: page })
      const result = yield* Movies.getMoviesByUser({ screenId: "twitcasting_jp", offset: 20, limit: 10 }).pipe(
        using(api)
      )
      expectSent(api.sent, {
        method: "GET",
        path: "/users/twitcasting_jp/movies",
        query: [["limit", "10"], ["offset", "20"]],
        authorization: bearer
      })
      expect(result.totalCount).toBe(2)
      expect(result.movies.map((movie) => movie.id)).toEqual(["189037369", "189000001"])
    }))

  it.effect("sends slice_id, and nothing it was not given", () =>
    Effect.gen(function*() {
      const api = always({ body: page })
      yield* Movies.getMoviesByUser({ id: "182224938", sliceId: 189000000 }).pipe(using(api))
      expectSent(api.sent, {
        method: "GET",
        path: "/users/182224938/movies",
        query: [["slice_id", "189000000"]],
        authorization: bearer
      })
    }))

  it.effect.each([
    { name: "offset -1", input: { screenId: "a", offset: -1 }, field: "offset" },
    { name: "offset 1001", input: { screenId: "a", offset: 1001 }, field: "offset" },
    { name: "limit 0", input: { screenId: "a", limit: 0 }, field: "limit" },
    { name: "limit 51", input: { screenId: "a", limit: 51 }, field: "limit" },
    { name: "limit 2.5", input: { screenId: "a", limit: 2.5 }, field: "limit" },
    { name: "slice_id 0", input: { screenId: "a", sliceId: 0 }, field: "sliceId" }
  ])("$name is refused before sending, naming $field", ({ field, input }) =>
    Effect.gen(function*() {
      const api = always({ body: page })
      const error = yield* Movies.getMoviesByUser(unchecked(input)).pipe(using(api), Effect.flip)
      if (!(error instanceof Errors.ValidationError)) {
        return expect.fail(`expected a ValidationError, got ${error._tag}`)
      }
      expect(error.issues.map((issue) => issue.field)).toEqual([field])
      expect(api.sent).toHaveLength(0)
    }))

  it.effect.each([
    { name: "offset 0 and limit 1", input: { screenId: "a", offset: 0, limit: 1 } },
    { name: "offset 1000 and limit 50", input: { screenId: "a", offset: 1000, limit: 50 } },
    { name: "slice_id 1", input: { screenId: "a", sliceId: 1 } }
  ])("$name is accepted", ({ input }) =>
    Effect.gen(function*() {
      const api = always({ body: page })
      yield* Movies.getMoviesByUser(input).pipe(using(api))
      expect(api.sent).toHaveLength(1)
    }))
})

describe("Movies subtitle and hashtag", () => {
  it("subtitleWidth counts a half-width character one and any other two; cutSubtitle keeps what fits", () => {
    expect(Movies.subtitleWidth("雑談 live")).toBe(9)
    expect(Movies.subtitleWidth("ｱｲｳ")).toBe(3)
    expect(Movies.subtitleWidth("🌙")).toBe(2)
    expect(Movies.cutSubtitle("a".repeat(40))).toBe("a".repeat(34))
    expect(Movies.cutSubtitle("ab" + "あ".repeat(20))).toBe("ab" + "あ".repeat(16))
    // a full-width character that would pass the limit is left out whole
    expect(Movies.cutSubtitle("a" + "あ".repeat(17))).toBe("a" + "あ".repeat(16))
    expect(Movies.cutSubtitle("short")).toBe("short")
  })

  it.effect("POST /movies/subtitle with cut_out false by default; DELETE to unset", () =>
    Effect.gen(function*() {
      const set = always({ body: { movie_id: "189037369", subtitle: "初見さん歓迎" } })
      const result = yield* Movies.setCurrentLiveSubtitle({ subtitle: "初見さん歓迎" }).pipe(using(set))
      expectSent(set.sent, {
        method: "POST",
        path: "/movies/subtitle",
        body: { subtitle: "初見さん歓迎", cut_out: false },
        authorization: bearer
      })
      expect(result).toMatchObject({ movieId: "189037369", subtitle: "初見さん歓迎" })
      const unset = always({ body: { movie_id: "189037369", subtitle: null } })
      expect((yield* Movies.unsetCurrentLiveSubtitle().pipe(using(unset))).subtitle).toBeNull()
      expectSent(unset.sent, { method: "DELETE", path: "/movies/subtitle", authorization: bearer })
    }))

  it.effect("POST /movies/hashtag with cut_out; DELETE to unset", () =>
    Effect.gen(function*() {
      const set = always({ body: { movie_id: "189037369", hashtag: "#ツイキャス" } })
      yield* Movies.setCurrentLiveHashtag({ hashtag: "#ツイキャス", cutOut: true }).pipe(using(set))
      expectSent(set.sent, {
        method: "POST",
        path: "/movies/hashtag",
        body: { hashtag: "#ツイキャス", cut_out: true },
        authorization: bearer
      })
      const unset = always({ body: { movie_id: "189037369", hashtag: null } })
      expect((yield* Movies.unsetCurrentLiveHashtag().pipe(using(unset))).hashtag).toBeNull()
      expectSent(unset.sent, { method: "DELETE", path: "/movies/hashtag", authorization: bearer })
    }))

  const rules: ReadonlyArray<{ readonly name: string; readonly call: Call; readonly ok: boolean }> = [
    { name: "an empty subtitle", call: Movies.setCurrentLiveSubtitle({ subtitle: "" }), ok: false },
    { name: "17 emoji as a subtitle", call: Movies.setCurrentLiveSubtitle({ subtitle: emoji(17) }), ok: true },
    { name: "18 emoji as a subtitle", call: Movies.setCurrentLiveSubtitle({ subtitle: emoji(18) }), ok: false },
    {
      name: "34 half-width characters as a subtitle",
      call: Movies.setCurrentLiveSubtitle({ subtitle: "a".repeat(34) }),
      ok: true
    },
    {
      name: "35 half-width characters as a subtitle",
      call: Movies.setCurrentLiveSubtitle({ subtitle: "a".repeat(35) }),
      ok: false
    },
    {
      name: "16 full-width and 2 half-width characters as a subtitle (34 wide)",
      call: Movies.setCurrentLiveSubtitle({ subtitle: "あ".repeat(16) + "ｱｲ" }),
      ok: true
    },
    {
      name: "17 full-width and 1 half-width characters as a subtitle (35 wide)",
      call: Movies.setCurrentLiveSubtitle({ subtitle: "漢".repeat(17) + "a" }),
      ok: false
    },
    {
      name: "18 emoji as a subtitle with cutOut",
      call: Movies.setCurrentLiveSubtitle({ subtitle: emoji(18), cutOut: true }),
      ok: true
    },
    { name: "an empty hashtag", call: Movies.setCurrentLiveHashtag({ hashtag: "" }), ok: false },
    {
      name: "26 characters as a hashtag",
      call: Movies.setCurrentLiveHashtag({ hashtag: "#".padEnd(26, "あ") }),
      ok: true
    },
    {
      name: "27 characters as a hashtag",
      call: Movies.setCurrentLiveHashtag({ hashtag: "#".padEnd(27, "あ") }),
      ok: false
    },
    {
      name: "27 characters as a hashtag with cutOut",
      call: Movies.setCurrentLiveHashtag({ hashtag: "#".padEnd(27, "あ"), cutOut: true }),
      ok: true
    }
  ]

  it.effect.each(rules)("$name: accepted $ok", ({ call, ok }) =>
    Effect.gen(function*() {
      const api = always({ body: { movie_id: "1", subtitle: "x", hashtag: "x" } })
      const exit = yield* call.pipe(using(api), Effect.either)
      expect(exit._tag === "Right").toBe(ok)
      expect(api.sent).toHaveLength(ok ? 1 : 0)
      if (exit._tag === "Left") expect(exit.left).toMatchObject({ _tag: "ValidationError", source: "client" })
    }))

  it.effect("each needs a user token", () =>
    Effect.gen(function*() {
      const api = always({ body: { movie_id: "1", subtitle: null, hashtag: null } })
      const calls: ReadonlyArray<Call> = [
        Movies.setCurrentLiveSubtitle({ subtitle: "a" }),
        Movies.unsetCurrentLiveSubtitle(),
        Movies.setCurrentLiveHashtag({ hashtag: "a" }),
        Movies.unsetCurrentLiveHashtag()
      ]
      for (const call of calls) {
        const error = yield* call.pipe(using(api, appAuth), Effect.flip)
        expect(error._tag).toBe("AuthenticationError")
      }
      expect(api.sent).toHaveLength(0)
    }))
})
