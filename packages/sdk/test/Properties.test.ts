/**
 * Properties over generated values (`FastCheck`, Schema `Arbitrary`): models
 * round-trip, invalid inputs never reach the network, valid inputs always
 * do, and requests decode back to the input a server would see.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, Exit, FastCheck, Schema } from "effect"
import {
  Api,
  type Auth,
  Comments,
  Endpoint,
  type Errors,
  Gifts,
  Models,
  Movies,
  RateLimit,
  Search,
  Supporters,
  Webhooks
} from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, unchecked, userAuth } from "./mock.js"

const runs = { numRuns: 150 }

describe("every model round-trips", () => {
  const models = [
    Models.User,
    Models.App,
    Models.Movie,
    Models.Live,
    Models.Comment,
    Models.Gift,
    Models.Supporter,
    Models.SubCategory,
    Models.Category,
    Models.WebHook,
    RateLimit.RateLimit
  ] as const

  it.each(models.map((model) => ({ name: model.identifier, model })))("$name: decode(encode(x)) is x", ({ model }) => {
    const schema: Schema.Schema<unknown, unknown> = model as Schema.Schema<unknown, unknown>
    const encode = Schema.encodeSync(schema)
    const decode = Schema.decodeUnknownSync(schema)
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(schema), (value) => {
        const wire = encode(value)
        const back = decode(wire)
        expect(back).toEqual(value)
        expect(encode(back)).toEqual(wire)
        // extra fields the API may add are ignored
        expect(decode({ ...(wire as object), added_later: [1, 2, 3] })).toEqual(value)
      }),
      runs
    )
  })
})

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

/** Runs a call against a mock answering `body`; what it sent, and how it ended. */
const attempt = (call: Call, body: unknown, app = false) => {
  const api = always({ body })
  const exit = Effect.runSyncExit(
    call.pipe(Effect.provide(api.client), Effect.provide(app ? appAuth : userAuth), Effect.timeout("1 second"))
  )
  return { sent: api.sent, exit }
}

const runAsync = (call: Call, body: unknown, app = false) =>
  Effect.gen(function*() {
    const api = always({ body })
    const exit = yield* call.pipe(Effect.provide(api.client), Effect.provide(app ? appAuth : userAuth), Effect.exit)
    return { sent: api.sent, exit }
  })

const outsideInt = (min: number, max: number) =>
  FastCheck.oneof(
    FastCheck.integer({ min: -1_000_000, max: min - 1 }),
    FastCheck.integer({ min: max + 1, max: 1_000_000 }),
    FastCheck.double({ min, max, noNaN: true }).filter((n) => !Number.isInteger(n))
  )

const text = (min: number, max: number) =>
  FastCheck.array(FastCheck.constantFrom("あ", "👋", "a", "🎤", "字", " ", "é"), { minLength: min, maxLength: max })
    .map((chars) => chars.join(""))

describe("invalid inputs never reach the network", () => {
  const invalid: ReadonlyArray<{ readonly name: string; readonly calls: FastCheck.Arbitrary<Call> }> = [
    {
      name: "getMoviesByUser with a limit outside 1–50",
      calls: outsideInt(1, 50).map((limit) => Movies.getMoviesByUser(unchecked({ screenId: "a", limit })))
    },
    {
      name: "getMoviesByUser with an offset outside 0–1000",
      calls: outsideInt(0, 1000).map((offset) => Movies.getMoviesByUser(unchecked({ screenId: "a", offset })))
    },
    {
      name: "getComments with a limit outside 1–50",
      calls: outsideInt(1, 50).map((limit) => Comments.getComments(unchecked({ movieId: "1", limit })))
    },
    {
      name: "postComment over 140 code points",
      calls: text(141, 400).map((comment) => Comments.postComment({ movieId: "1", comment }))
    },
    {
      name: "setCurrentLiveSubtitle over 17 code points",
      calls: text(18, 60).map((subtitle) => Movies.setCurrentLiveSubtitle({ subtitle }))
    },
    {
      name: "setCurrentLiveHashtag over 26 code points",
      calls: text(27, 80).map((hashtag) => Movies.setCurrentLiveHashtag({ hashtag }))
    },
    {
      name: "supportUser with more than 20 users",
      calls: FastCheck.array(FastCheck.stringMatching(/^[a-z0-9_]{1,15}$/), { minLength: 21, maxLength: 60 })
        .map((targetUserIds) => Supporters.supportUser({ targetUserIds }))
    },
    {
      name: "supporterList with a limit outside 1–20",
      calls: outsideInt(1, 20).map((limit) => Supporters.supporterList(unchecked({ screenId: "a", limit })))
    },
    {
      name: "searchUsers with a limit outside 1–50",
      calls: outsideInt(1, 50).map((limit) => Search.searchUsers(unchecked({ words: "a", limit })))
    },
    {
      name: "searchLiveMovies with a limit outside 1–100",
      calls: outsideInt(1, 100).map((limit) => Search.searchLiveMovies(unchecked({ type: "new", limit })))
    },
    {
      name: "searchLiveMovies with an unknown type",
      calls: FastCheck.string().filter((type) => !["tag", "word", "category", "new", "recommend"].includes(type))
        .map((type) => Search.searchLiveMovies(unchecked({ type, context: "a" })))
    },
    {
      name: "getGifts with a slice_id under -1",
      calls: FastCheck.integer({ min: -1_000_000, max: -2 }).map((sliceId) => Gifts.getGifts({ sliceId }))
    }
  ]

  it.each(invalid)("$name", ({ calls }) => {
    FastCheck.assert(
      FastCheck.property(calls, (call) => {
        const { exit, sent } = attempt(call, {})
        expect(sent).toHaveLength(0)
        expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error._tag).toBe("ValidationError")
      }),
      runs
    )
  })
})

describe("valid inputs are sent as given", () => {
  it.effect("getMoviesByUser: offset and limit in range reach the query", () =>
    Effect.promise(() =>
      FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.integer({ min: 0, max: 1000 }),
          FastCheck.integer({ min: 1, max: 50 }),
          (offset, limit) =>
            Effect.runPromise(Effect.gen(function*() {
              const { exit, sent } = yield* runAsync(
                Movies.getMoviesByUser({ screenId: "twitcasting_jp", offset, limit }),
                { total_count: 0, movies: [] }
              )
              expect(Exit.isSuccess(exit)).toBe(true)
              expect(sent).toHaveLength(1)
              expect(sent[0]?.url.searchParams.get("offset")).toBe(String(offset))
              expect(sent[0]?.url.searchParams.get("limit")).toBe(String(limit))
            }))
        ),
        runs
      )
    ))

  it.effect("postComment: any text of 1–140 code points is sent as is", () =>
    Effect.promise(() =>
      FastCheck.assert(
        FastCheck.asyncProperty(text(1, 140).filter((comment) => comment.length > 0), (comment) =>
          Effect.runPromise(Effect.gen(function*() {
            const { exit, sent } = yield* runAsync(
              Comments.postComment({ movieId: "189037369", comment }),
              { movie_id: "189037369", all_count: 1, comment: fixtures.comment }
            )
            expect(Exit.isSuccess(exit)).toBe(true)
            expect(sent[0]?.body).toEqual({ comment, sns: "none" })
          }))),
        runs
      )
    ))

  it.effect("supportUser and registerWebhook: their lists reach the body", () =>
    Effect.promise(() =>
      FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.array(FastCheck.stringMatching(/^[a-z0-9_]{1,15}$/), { minLength: 1, maxLength: 20 }),
          FastCheck.subarray(["livestart", "liveend"] as const, { minLength: 1 }),
          (targetUserIds, events) =>
            Effect.runPromise(Effect.gen(function*() {
              const support = yield* runAsync(Supporters.supportUser({ targetUserIds }), { added_count: 0 })
              expect(support.sent[0]?.body).toEqual({ target_user_ids: targetUserIds })
              const hook = yield* runAsync(
                Webhooks.registerWebhook({ userId: "182224938", events }),
                { user_id: "182224938", added_events: events },
                true
              )
              expect(hook.sent[0]?.body).toEqual({ user_id: "182224938", events })
            }))
        ),
        runs
      )
    ))
})

describe("a request decodes back to its input, as a server reads it", () => {
  const cases: ReadonlyArray<{ readonly endpoint: Endpoint.Any; readonly inputs: FastCheck.Arbitrary<unknown> }> = [
    {
      endpoint: Api.getMoviesByUser,
      inputs: FastCheck.record({
        id: FastCheck.stringMatching(/^[0-9]{1,12}$/),
        offset: FastCheck.integer({ min: 0, max: 1000 }),
        limit: FastCheck.integer({ min: 1, max: 50 })
      })
    },
    {
      endpoint: Api.getComments,
      inputs: FastCheck.record({
        movieId: FastCheck.stringMatching(/^[0-9]{1,12}$/),
        sliceId: FastCheck.integer({ min: 1 })
      })
    },
    {
      endpoint: Api.postComment,
      inputs: FastCheck.record({
        movieId: FastCheck.stringMatching(/^[0-9]{1,12}$/),
        comment: text(1, 140).filter((comment) => comment.length > 0),
        sns: FastCheck.constantFrom("reply", "normal", "none")
      })
    },
    {
      endpoint: Api.supporterList,
      inputs: FastCheck.record({
        id: FastCheck.stringMatching(/^[0-9]{1,12}$/),
        offset: FastCheck.nat(),
        limit: FastCheck.integer({ min: 1, max: 20 }),
        sort: FastCheck.constantFrom("new", "ranking")
      })
    },
    {
      endpoint: Api.removeWebhook,
      inputs: FastCheck.record({
        userId: FastCheck.stringMatching(/^[0-9]{1,12}$/),
        events: FastCheck.subarray(["livestart", "liveend"], { minLength: 1 })
      })
    }
  ]

  it.each(cases.map((c) => ({ ...c, name: c.endpoint.name })))("$name", ({ endpoint, inputs }) => {
    FastCheck.assert(
      FastCheck.property(inputs, (input) => {
        const request = Effect.runSync(Endpoint.encodeRequest(endpoint, input))
        expect(Effect.runSync(Endpoint.decodeRequest(endpoint, request))).toEqual(input)
      }),
      runs
    )
  })
})
