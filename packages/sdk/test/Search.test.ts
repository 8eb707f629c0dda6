/**
 * Search.searchUsers and Search.searchLiveMovies: the query each sends
 * (words joined with spaces, the defaults), the decoded users and lives
 * (with the nulls real responses show), the input rules, and retries.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Fiber, type Layer, Option, TestClock } from "effect"
import { type Auth, Errors, Models, type RateLimit, Retry, Search } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, baseUrl, basic, bearer, mock, queryOf, unchecked, using } from "./mock.js"

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

const expectRateLimit = (rateLimit: Option.Option<RateLimit.RateLimit>, remaining: number, resetMillis: number) =>
  expect(Option.map(rateLimit, (r) => [r.limit, r.remaining, DateTime.toEpochMillis(r.reset)])).toEqual(
    Option.some([60, remaining, resetMillis])
  )

const users = { users: [fixtures.user, fixtures.quietUser] }

/** A live whose movie has every nullable field null (a just-started live without telop or category). */
const bareLive = {
  movie: {
    ...fixtures.movie,
    id: "189100000",
    subtitle: null,
    last_owner_comment: null,
    category: null,
    hls_url: null
  },
  broadcaster: fixtures.quietUser,
  tags: []
}
const lives = { movies: [fixtures.live, bareLive] }

describe("Search", () => {
  describe("requests", () => {
    const cases: ReadonlyArray<{
      readonly name: string
      readonly call: Call
      readonly auth?: Layer.Layer<Auth.Auth, Errors.OptionsError>
      readonly reply: unknown
      readonly path: string
      readonly query: ReadonlyArray<readonly [string, string]>
    }> = [
      {
        name: "searchUsers with one word sends it and lang=ja, no limit",
        call: Search.searchUsers({ words: "ツイキャス" }),
        reply: users,
        path: "/search/users",
        query: [["lang", "ja"], ["words", "ツイキャス"]]
      },
      {
        name: "searchUsers joins a list of words with spaces",
        call: Search.searchUsers({ words: ["ツイキャス", "公式"], limit: 10 }),
        reply: users,
        path: "/search/users",
        query: [["lang", "ja"], ["limit", "10"], ["words", "ツイキャス 公式"]]
      },
      {
        name: "searchUsers with lang ja and app credentials",
        call: Search.searchUsers({ words: "casma", lang: "ja", limit: 1 }),
        auth: appAuth,
        reply: users,
        path: "/search/users",
        query: [["lang", "ja"], ["limit", "1"], ["words", "casma"]]
      },
      {
        name: "searchLiveMovies defaults to type=word",
        call: Search.searchLiveMovies({ context: "雑談" }),
        reply: lives,
        path: "/search/lives",
        query: [["context", "雑談"], ["lang", "ja"], ["type", "word"]]
      },
      {
        name: "searchLiveMovies by tags joins them with spaces",
        call: Search.searchLiveMovies({ type: "tag", context: ["雑談", "初見さん歓迎"], limit: 20 }),
        reply: lives,
        path: "/search/lives",
        query: [["context", "雑談 初見さん歓迎"], ["lang", "ja"], ["limit", "20"], ["type", "tag"]]
      },
      {
        name: "searchLiveMovies by sub-category id",
        call: Search.searchLiveMovies({ type: "category", context: "girls_jcjk_jp" }),
        reply: lives,
        path: "/search/lives",
        query: [["context", "girls_jcjk_jp"], ["lang", "ja"], ["type", "category"]]
      },
      {
        name: "searchLiveMovies new needs no context",
        call: Search.searchLiveMovies({ type: "new", limit: 100 }),
        reply: lives,
        path: "/search/lives",
        query: [["lang", "ja"], ["limit", "100"], ["type", "new"]]
      },
      {
        name: "searchLiveMovies recommend needs no context; app credentials",
        call: Search.searchLiveMovies({ type: "recommend" }),
        auth: appAuth,
        reply: lives,
        path: "/search/lives",
        query: [["lang", "ja"], ["type", "recommend"]]
      }
    ]

    it.effect.each(cases)("$name", ({ auth, call, path, query, reply }) =>
      Effect.gen(function*() {
        const api = always({ body: reply })
        yield* call.pipe(using(api, auth))
        expect(api.sent).toHaveLength(1)
        const [sent] = api.sent
        if (sent === undefined) return expect.fail("nothing sent")
        expect(sent.method).toBe("GET")
        expect(sent.url.origin + sent.url.pathname).toBe(baseUrl + path)
        expect(queryOf(sent)).toEqual(query)
        expect(sent.body).toBeUndefined()
        expect(sent.headers["x-api-version"]).toBe("2.0")
        expect(sent.headers["accept"]).toBe("application/json")
        expect(sent.headers["user-agent"]).toMatch(/^effect-twitcasting\/\d/)
        expect(sent.headers["authorization"]).toBe(auth === appAuth ? basic : bearer)
      }))

    it.effect("words are URL-encoded on the wire, the space included", () =>
      Effect.gen(function*() {
        const api = always({ body: users })
        yield* Search.searchUsers({ words: ["a&b", "c=d"] }).pipe(using(api))
        const search = api.sent[0]?.url.search ?? ""
        expect(search).toMatch(/(^\?|&)words=a%26b(\+|%20)c%3Dd(&|$)/)
        expect(api.sent[0]?.url.searchParams.getAll("words")).toEqual(["a&b c=d"])
      }))
  })

  describe("responses", () => {
    it.effect("searchUsers decodes users, with a null last movie", () =>
      Effect.gen(function*() {
        const api = always({ body: users, remaining: 20, resetIn: 15 })
        const result = yield* Search.searchUsers({ words: "ツイキャス" }).pipe(using(api))
        expect(result.users).toHaveLength(2)
        const [official, quiet] = result.users
        expect(official).toBeInstanceOf(Models.User)
        expect(official).toMatchObject({
          id: "182224938",
          screenId: "twitcasting_jp",
          name: "ツイキャス公式",
          level: 24,
          lastMovieId: "189037369",
          isLive: true
        })
        expect(quiet).toMatchObject({ screenId: "casma_jp", lastMovieId: null, isLive: false })
        expect(quiet).not.toHaveProperty("brand_new_field")
        expectRateLimit(result.rateLimit, 20, 15_000)
      }))

    it.effect("searchUsers: no match is an empty list", () =>
      Effect.gen(function*() {
        const result = yield* Search.searchUsers({ words: "zzz" }).pipe(using(always({ body: { users: [] } })))
        expect(result.users).toEqual([])
      }))

    it.effect("searchLiveMovies decodes lives: movie, broadcaster, tags, start time", () =>
      Effect.gen(function*() {
        const api = always({ body: lives, remaining: 0, resetIn: 60 })
        const result = yield* Search.searchLiveMovies({ type: "new" }).pipe(using(api))
        expect(result.movies).toHaveLength(2)
        const [live] = result.movies
        expect(live).toBeInstanceOf(Models.Live)
        expect(live?.movie).toBeInstanceOf(Models.Movie)
        expect(live?.broadcaster).toBeInstanceOf(Models.User)
        expect(live?.tags).toEqual(["人気", "雑談"])
        expect(live?.movie).toMatchObject({
          id: "189037369",
          userId: "182224938",
          subtitle: "雑談",
          lastOwnerComment: "もいもい",
          category: "girls_jcjk_jp",
          isLive: true,
          isRecorded: false,
          commentCount: 2124,
          isCollabo: false,
          isProtected: false,
          maxViewCount: 1675,
          currentViewCount: 20848,
          totalViewCount: 20848,
          hlsUrl: "https://twitcasting.tv/twitcasting_jp/metastream.m3u8/?video=1"
        })
        expect(DateTime.isDateTime(live?.movie.created)).toBe(true)
        expect(live === undefined ? undefined : DateTime.toEpochMillis(live.movie.created)).toBe(1438500282000)
        expect(live?.broadcaster.screenId).toBe("twitcasting_jp")
        expectRateLimit(result.rateLimit, 0, 60_000)
      }))

    it.effect("searchLiveMovies: the nullable movie fields decode to null", () =>
      Effect.gen(function*() {
        const result = yield* Search.searchLiveMovies({ type: "recommend" }).pipe(using(always({ body: lives })))
        const bare = result.movies[1]
        expect(bare?.movie).toMatchObject({
          id: "189100000",
          subtitle: null,
          lastOwnerComment: null,
          category: null,
          hlsUrl: null
        })
        expect(bare?.broadcaster.lastMovieId).toBeNull()
        expect(bare?.tags).toEqual([])
      }))

    it.effect("searchLiveMovies: a live without its broadcaster is a UnexpectedResponseError", () =>
      Effect.gen(function*() {
        const api = always({ body: { movies: [{ movie: fixtures.movie, tags: [] }] } })
        const error = yield* Search.searchLiveMovies({ type: "new" }).pipe(using(api), Effect.flip)
        expect(error).toBeInstanceOf(Errors.UnexpectedResponseError)
        expect(error.message).toContain("movies.0.broadcaster")
      }))
  })

  describe("input rules are checked before sending", () => {
    const refused: ReadonlyArray<
      { readonly name: string; readonly call: Call; readonly fields: ReadonlyArray<string> }
    > = [
      { name: "searchUsers without words", call: Search.searchUsers(unchecked({})), fields: ["words"] },
      { name: "searchUsers with empty words", call: Search.searchUsers({ words: "" }), fields: ["words"] },
      { name: "searchUsers with blank words", call: Search.searchUsers({ words: "  " }), fields: ["words"] },
      { name: "searchUsers with an empty list", call: Search.searchUsers({ words: [] }), fields: ["words"] },
      { name: "searchUsers with a list of blanks", call: Search.searchUsers({ words: ["", " "] }), fields: ["words"] },
      { name: "searchUsers with limit 0", call: Search.searchUsers({ words: "a", limit: 0 }), fields: ["limit"] },
      { name: "searchUsers with limit 51", call: Search.searchUsers({ words: "a", limit: 51 }), fields: ["limit"] },
      { name: "searchUsers with limit 2.5", call: Search.searchUsers({ words: "a", limit: 2.5 }), fields: ["limit"] },
      {
        name: "searchUsers with lang en (only ja is supported)",
        call: Search.searchUsers(unchecked({ words: "a", lang: "en" })),
        fields: ["lang"]
      },
      {
        name: "searchUsers reports every broken rule",
        call: Search.searchUsers(unchecked({ words: [], limit: 100, lang: "fr" })),
        fields: ["words", "limit", "lang"]
      },
      {
        name: "searchLiveMovies with an unknown type",
        call: Search.searchLiveMovies(unchecked({ type: "popular", context: "雑談" })),
        fields: ["type"]
      },
      {
        name: "searchLiveMovies with an upper-case type",
        call: Search.searchLiveMovies(unchecked({ type: "NEW" })),
        fields: ["type"]
      },
      { name: "searchLiveMovies without type or context", call: Search.searchLiveMovies({}), fields: ["context"] },
      { name: "searchLiveMovies without input", call: Search.searchLiveMovies(), fields: ["context"] },
      {
        name: "searchLiveMovies tag without context",
        call: Search.searchLiveMovies({ type: "tag" }),
        fields: ["context"]
      },
      {
        name: "searchLiveMovies word without context",
        call: Search.searchLiveMovies({ type: "word" }),
        fields: ["context"]
      },
      {
        name: "searchLiveMovies category without context",
        call: Search.searchLiveMovies({ type: "category" }),
        fields: ["context"]
      },
      {
        name: "searchLiveMovies tag with blank context",
        call: Search.searchLiveMovies({ type: "tag", context: " " }),
        fields: ["context"]
      },
      {
        name: "searchLiveMovies word with an empty list",
        call: Search.searchLiveMovies({ type: "word", context: [] }),
        fields: ["context"]
      },
      {
        name: "searchLiveMovies with limit 0",
        call: Search.searchLiveMovies({ type: "new", limit: 0 }),
        fields: ["limit"]
      },
      {
        name: "searchLiveMovies with limit 101",
        call: Search.searchLiveMovies({ type: "new", limit: 101 }),
        fields: ["limit"]
      },
      {
        name: "searchLiveMovies with lang en",
        call: Search.searchLiveMovies(unchecked({ type: "new", lang: "en" })),
        fields: ["lang"]
      }
    ]

    it.effect.each(refused)("$name", ({ call, fields }) =>
      Effect.gen(function*() {
        const api = always({ body: {} })
        const error = yield* call.pipe(using(api), Effect.flip)
        expect(api.sent).toHaveLength(0)
        if (!(error instanceof Errors.ValidationError)) {
          return expect.fail(`expected a ValidationError, got ${error._tag}`)
        }
        expect(error.source).toBe("client")
        expect(error.endpoint).toMatch(/^Search\.search(Users|LiveMovies)$/)
        expect(error.issues.map((issue) => issue.field)).toEqual(fields)
      }))

    it.effect("the messages say what the rules are", () =>
      Effect.gen(function*() {
        const api = always({ body: {} })
        const users = yield* Search.searchUsers({ words: "a", limit: 51 }).pipe(using(api), Effect.flip)
        expect(users).toMatchObject({ issues: [{ field: "limit", message: expect.stringMatching(/1 to 50/) }] })
        const type = yield* Search.searchLiveMovies(unchecked({ type: "hot" })).pipe(using(api), Effect.flip)
        expect(type).toMatchObject({
          issues: [{ field: "type", message: expect.stringMatching(/tag, word, category, new, recommend/) }]
        })
        const context = yield* Search.searchLiveMovies({ type: "category" }).pipe(using(api), Effect.flip)
        expect(context).toMatchObject({ issues: [{ field: "context", message: expect.stringMatching(/required/) }] })
        expect(api.sent).toHaveLength(0)
      }))

    const accepted: ReadonlyArray<{
      readonly name: string
      readonly call: Call
      readonly reply: unknown
      readonly limit: string
    }> = [
      { name: "searchUsers limit 1", call: Search.searchUsers({ words: "a", limit: 1 }), reply: users, limit: "1" },
      { name: "searchUsers limit 50", call: Search.searchUsers({ words: "a", limit: 50 }), reply: users, limit: "50" },
      {
        name: "searchLiveMovies limit 1",
        call: Search.searchLiveMovies({ type: "new", limit: 1 }),
        reply: lives,
        limit: "1"
      },
      {
        name: "searchLiveMovies limit 100",
        call: Search.searchLiveMovies({ type: "recommend", limit: 100 }),
        reply: lives,
        limit: "100"
      }
    ]

    it.effect.each(accepted)("boundary accepted: $name", ({ call, limit, reply }) =>
      Effect.gen(function*() {
        const api = always({ body: reply })
        yield* call.pipe(using(api))
        expect(api.sent).toHaveLength(1)
        expect(api.sent[0]?.url.searchParams.get("limit")).toBe(limit)
      }))
  })

  describe("retries", () => {
    const calls: ReadonlyArray<{ readonly name: string; readonly call: Call; readonly reply: unknown }> = [
      { name: "searchUsers", call: Search.searchUsers({ words: "ツイキャス" }), reply: users },
      { name: "searchLiveMovies", call: Search.searchLiveMovies({ type: "tag", context: ["雑談"] }), reply: lives }
    ]

    it.effect.each(calls)(
      "GET $name is retried after a 503 and a dropped connection",
      ({ call, reply }) =>
        Effect.gen(function*() {
          const api = mock((_, i) => i === 0 ? { status: 503 } : i === 1 ? { drop: true } : { body: reply })
          const fiber = yield* Effect.fork(
            call.pipe(using(api), Effect.provide(Retry.layer({ retries: 2, baseDelay: Duration.millis(50) })))
          )
          yield* TestClock.adjust(Duration.seconds(10))
          yield* Fiber.join(fiber)
          expect(api.sent).toHaveLength(3)
          expect(new Set(api.sent.map((sent) => sent.url.href)).size).toBe(1)
        })
    )

    it.effect.each(calls)("GET $name stops after 1 + retries requests", ({ call }) =>
      Effect.gen(function*() {
        const api = always({ status: 500, body: fixtures.errorBody(500, "Internal Server Error") })
        const fiber = yield* Effect.fork(
          call.pipe(using(api), Effect.provide(Retry.layer({ retries: 1 })), Effect.flip)
        )
        yield* TestClock.adjust(Duration.minutes(1))
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({ _tag: "ApiError", status: 500, code: 500 })
        expect(api.sent).toHaveLength(2)
      }))
  })
})
