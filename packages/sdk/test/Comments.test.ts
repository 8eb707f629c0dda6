/**
 * Comments: reading, posting and deleting: requests, decoding, input rules
 * (lengths in code points), credentials, and that writes are never repeated.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Fiber, TestClock } from "effect"
import { type Auth, Comments, Errors, Models, Retry } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, basic, bearer, expectSent, unchecked, using } from "./mock.js"

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

const page = { movie_id: "189037369", all_count: 2124, comments: [fixtures.comment] }
const posted = { movie_id: "189037369", all_count: 2125, comment: fixtures.comment }

describe("Comments.getComments", () => {
  it.effect("GET /movies/:movie_id/comments with offset and limit; decodes the page", () =>
    Effect.gen(function*() {
      const api = always({ body: page })
      const result = yield* Comments.getComments({ movieId: "189037369", offset: 10, limit: 50 }).pipe(
        using(api, appAuth)
      )
      expectSent(api.sent, {
        method: "GET",
        path: "/movies/189037369/comments",
        query: [["limit", "50"], ["offset", "10"]],
        authorization: basic
      })
      expect(result).toMatchObject({ movieId: "189037369", allCount: 2124 })
      const [comment] = result.comments
      expect(comment).toBeInstanceOf(Models.Comment)
      expect(comment?.fromUser.screenId).toBe("twitcasting_pr")
      expect(comment && DateTime.toEpochMillis(comment.created)).toBe(1479579471_000)
    }))

  it.effect("sends slice_id", () =>
    Effect.gen(function*() {
      const api = always({ body: page })
      yield* Comments.getComments({ movieId: "189037369", sliceId: 7134775954 }).pipe(using(api))
      expectSent(api.sent, {
        method: "GET",
        path: "/movies/189037369/comments",
        query: [["slice_id", "7134775954"]],
        authorization: bearer
      })
    }))

  it.effect("sends a slice_id beyond 2^53, given as its digits, exactly", () =>
    Effect.gen(function*() {
      const api = always({ body: page })
      yield* Comments.getComments({ movieId: "189037369", sliceId: "9007199254740993" }).pipe(using(api))
      expect(api.sent[0]?.url.searchParams.get("slice_id")).toBe("9007199254740993")
    }))

  it.effect.each([
    { name: "offset -1", input: { movieId: "1", offset: -1 }, field: "offset" },
    { name: "limit 0", input: { movieId: "1", limit: 0 }, field: "limit" },
    { name: "limit 51", input: { movieId: "1", limit: 51 }, field: "limit" },
    { name: "slice_id 0", input: { movieId: "1", sliceId: 0 }, field: "sliceId" },
    { name: "slice_id of other than digits", input: { movieId: "1", sliceId: "12a" }, field: "sliceId" },
    { name: "slice_id digits from 0", input: { movieId: "1", sliceId: "0012" }, field: "sliceId" },
    { name: "an empty movie id", input: { movieId: "" }, field: "movieId" }
  ])("$name is refused before sending, naming $field", ({ field, input }) =>
    Effect.gen(function*() {
      const api = always({ body: page })
      const error = yield* Comments.getComments(unchecked(input)).pipe(using(api), Effect.flip)
      if (!(error instanceof Errors.ValidationError)) {
        return expect.fail(`expected a ValidationError, got ${error._tag}`)
      }
      expect(error.issues.map((issue) => issue.field)).toEqual([field])
      expect(api.sent).toHaveLength(0)
    }))
})

describe("Comments.postComment", () => {
  it.effect("POST /movies/:movie_id/comments with sns none by default; decodes the comment", () =>
    Effect.gen(function*() {
      const api = always({ body: posted })
      const result = yield* Comments.postComment({ movieId: "189037369", comment: "モイ！" }).pipe(using(api))
      expectSent(api.sent, {
        method: "POST",
        path: "/movies/189037369/comments",
        body: { comment: "モイ！", sns: "none" },
        authorization: bearer
      })
      expect(result).toMatchObject({ movieId: "189037369", allCount: 2125 })
      expect(result.comment.message).toBe("モイ！")
    }))

  it.effect.each([
    { name: "an empty comment", comment: "", ok: false },
    { name: "140 emoji", comment: "👋".repeat(140), ok: true },
    { name: "141 emoji", comment: "👋".repeat(141), ok: false },
    { name: "140 characters of kana", comment: "あ".repeat(140), ok: true },
    { name: "141 characters of kana", comment: "あ".repeat(141), ok: false }
  ])("$name: accepted $ok (counted in code points)", ({ comment, ok }) =>
    Effect.gen(function*() {
      const api = always({ body: posted })
      const result = yield* Comments.postComment({ movieId: "1", comment }).pipe(using(api), Effect.either)
      expect(result._tag === "Right").toBe(ok)
      expect(api.sent).toHaveLength(ok ? 1 : 0)
    }))

  it.effect("an sns value outside reply, normal, none is refused before sending", () =>
    Effect.gen(function*() {
      const api = always({ body: posted })
      const error = yield* Comments.postComment(unchecked({ movieId: "1", comment: "a", sns: "twitter" })).pipe(
        using(api),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "ValidationError", source: "client" })
      expect(api.sent).toHaveLength(0)
    }))
})

describe("Comments.deleteComment", () => {
  it.effect("DELETE /movies/:movie_id/comments/:comment_id; decodes the deleted id", () =>
    Effect.gen(function*() {
      const api = always({ body: { comment_id: "7134775954" } })
      const result = yield* Comments.deleteComment({ movieId: "189037369", commentId: "7134775954" }).pipe(using(api))
      expectSent(api.sent, { method: "DELETE", path: "/movies/189037369/comments/7134775954", authorization: bearer })
      expect(result.commentId).toBe("7134775954")
    }))
})

describe("writes need a user token and are never repeated", () => {
  const writes: ReadonlyArray<{ readonly name: string; readonly call: Call }> = [
    { name: "postComment", call: Comments.postComment({ movieId: "1", comment: "a" }) },
    { name: "deleteComment", call: Comments.deleteComment({ movieId: "1", commentId: "2" }) }
  ]

  it.effect.each(writes)("$name with app credentials is refused before sending", ({ call }) =>
    Effect.gen(function*() {
      const api = always({ body: posted })
      const error = yield* call.pipe(using(api, appAuth), Effect.flip)
      expect(error._tag).toBe("AuthenticationError")
      expect(api.sent).toHaveLength(0)
    }))

  it.effect.each(writes)(
    "$name is sent once after a 503 or a dropped connection",
    ({ call }) =>
      Effect.gen(function*() {
        for (const reply of [{ status: 503 }, { drop: true } as const]) {
          const api = always(reply)
          const fiber = yield* call.pipe(
            using(api),
            Effect.provide(Retry.layer({ retries: 3 })),
            Effect.flip,
            Effect.fork
          )
          yield* TestClock.adjust("1 minute")
          yield* Fiber.join(fiber)
          expect(api.sent).toHaveLength(1)
        }
      })
  )

  it.effect("while getComments is retried after a 503", () =>
    Effect.gen(function*() {
      const api = always({ status: 503 })
      const fiber = yield* Comments.getComments({ movieId: "1" }).pipe(
        using(api),
        Effect.provide(Retry.layer({ retries: 3 })),
        Effect.flip,
        Effect.fork
      )
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      expect(api.sent).toHaveLength(4)
    }))
})
