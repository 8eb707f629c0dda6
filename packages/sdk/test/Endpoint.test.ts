/**
 * The declaration helpers: paths filled from templates, and requests
 * encoded from a caller's input and decoded back, each part checked and
 * every broken rule reported at once; successful answers decoded as Schema
 * decodes them.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, ParseResult, Schema } from "effect"
import { Api, Endpoint, Models } from "../src/index.js"
import * as fixtures from "./fixtures.js"

describe("Endpoint.fillPath", () => {
  it.each([
    { template: "/verify_credentials", params: {}, path: "/verify_credentials" },
    { template: "/users/:user_id", params: { user_id: "twitcasting_jp" }, path: "/users/twitcasting_jp" },
    {
      template: "/movies/:movie_id/comments/:comment_id",
      params: { movie_id: "189037369", comment_id: "500" },
      path: "/movies/189037369/comments/500"
    },
    // every parameter is URL-encoded: it cannot add a segment or a query
    { template: "/users/:user_id/movies", params: { user_id: "a/b?c=d#e" }, path: "/users/a%2Fb%3Fc%3Dd%23e/movies" },
    {
      template: "/users/:user_id",
      params: { user_id: "ツイキャス" },
      path: "/users/%E3%83%84%E3%82%A4%E3%82%AD%E3%83%A3%E3%82%B9"
    },
    // a parameter not given leaves its segment empty
    { template: "/users/:user_id/supporters", params: {}, path: "/users//supporters" }
  ])("$template with $params → $path", ({ params, path, template }) => {
    expect(Endpoint.fillPath(template, params)).toBe(path)
    // the same template again (split once, then reused) gives the same path
    expect(Endpoint.fillPath(template, params)).toBe(path)
  })

  it("templates beyond the ones kept are still filled", () => {
    for (let i = 0; i < 300; i++) {
      expect(Endpoint.fillPath(`/things/:thing_id/part${i}`, { thing_id: String(i) })).toBe(`/things/${i}/part${i}`)
    }
  })
})

describe("Endpoint.encodeRequest", () => {
  it.effect("encodes each part of a valid input", () =>
    Effect.gen(function*() {
      const request = yield* Endpoint.encodeRequest(Api.getMoviesByUser, { screenId: "twitcasting_jp", limit: 5 })
      expect(request.params).toEqual({ user_id: "twitcasting_jp" })
      expect(request.query).toMatchObject({ limit: "5" })
      expect(request.body).toBeUndefined()
    }))

  it.effect("reports the broken rules of every part at once", () =>
    Effect.gen(function*() {
      const issues = yield* Endpoint.encodeRequest(Api.getComments, { movieId: "..", limit: 0 }).pipe(Effect.flip)
      // one from the path, one from the query
      expect(issues.map((issue) => issue.field).sort()).toEqual(["limit", "movieId"])
    }))

  it.effect("the same endpoint encodes many inputs alike (its parsers are compiled once)", () =>
    Effect.gen(function*() {
      for (const screenId of ["twitcasting_jp", "casma_jp", "emily_plays"]) {
        const request = yield* Endpoint.encodeRequest(Api.getUserInfo, { screenId })
        expect(request.params).toEqual({ user_id: screenId })
      }
    }))
})

describe("Endpoint.decodeRequest", () => {
  it.effect("decodes what encodeRequest made back into the input", () =>
    Effect.gen(function*() {
      const input = { movieId: "189037369", comment: "モイ！", sns: "none" as const }
      const request = yield* Endpoint.encodeRequest(Api.postComment, input)
      expect(yield* Endpoint.decodeRequest(Api.postComment, request)).toEqual(input)
    }))

  it.effect("reports every broken rule by wire name", () =>
    Effect.gen(function*() {
      const issues = yield* Endpoint.decodeRequest(Api.postComment, {
        params: { movie_id: "" },
        query: {},
        body: { comment: "" }
      }).pipe(Effect.flip)
      expect(issues.length).toBeGreaterThanOrEqual(2)
    }))
})

describe("Endpoint.decodeSuccess", () => {
  const wire = { user: fixtures.user, supporter_count: 3, supporting_count: 4 }

  it("decodes a JSON answer into models, as Schema does", () => {
    const info = Either.getOrThrow(Endpoint.decodeSuccess(Api.getUserInfo, wire))
    expect(info.user).toBeInstanceOf(Models.User)
    expect(info).toStrictEqual(Schema.decodeUnknownSync(Api.UserInfo)(wire))
    expect(info.supportingCount).toBe(4)
  })

  it("fails with Schema's ParseError, path and message included", () => {
    const broken = { ...wire, user: { ...fixtures.user, is_live: "yes" } }
    const result = Endpoint.decodeSuccess(Api.getUserInfo, broken)
    const expected = Schema.decodeUnknownEither(Api.UserInfo)(broken)
    expect(Either.isLeft(result) && Either.isLeft(expected)).toBe(true)
    const error = Either.flip(result).pipe(Either.getOrThrow)
    expect(ParseResult.isParseError(error)).toBe(true)
    expect(error.message).toBe(Either.flip(expected).pipe(Either.getOrThrow).message)
    expect(error.message).toContain("is_live")
  })

  it("decodes an image answer", () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff])
    const image = Either.getOrThrow(
      Endpoint.decodeSuccess(Api.getLiveThumbnailImage, { contentType: "image/jpeg", bytes })
    )
    expect(image).toStrictEqual({ contentType: "image/jpeg", bytes })
  })
})
