/**
 * The declarations at work, through the calls against the scripted client:
 * paths filled from the input (each parameter percent-encoded), every part
 * of a request encoded under its wire names, every broken rule reported at
 * once, and successful answers decoded as Schema decodes them. Also what a
 * server reading the same declarations gets back, and the SDK's facts
 * (`Endpoint.metaOf`) on each of them.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Schema } from "effect"
import {
  Api,
  type Auth,
  Comments,
  Endpoint,
  Errors,
  Models,
  Movies,
  Supporters,
  Users,
  Webhooks
} from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, baseUrl, queryOf, unchecked, using } from "./mock.js"

const userInfo = { user: fixtures.user, supporter_count: 3, supporting_count: 4 }

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

describe("paths are filled from the input, each parameter percent-encoded", () => {
  it.effect.each<{ readonly name: string; readonly call: Call; readonly path: string }>([
    { name: "no parameter", call: Users.verifyCredentials(), path: "/verify_credentials" },
    { name: "a screen id", call: Users.getUserInfo({ screenId: "twitcasting_jp" }), path: "/users/twitcasting_jp" },
    {
      name: "two parameters",
      call: Comments.deleteComment({ movieId: "189037369", commentId: "500" }),
      path: "/movies/189037369/comments/500"
    },
    // a parameter cannot add a segment, a query or a fragment
    {
      name: "an id holding / ? = #",
      call: Movies.getMoviesByUser({ id: "a/b?c=d#e" }),
      path: "/users/a%2Fb%3Fc%3Dd%23e/movies"
    },
    { name: "an id holding %", call: Users.getUserInfo({ id: "100%" }), path: "/users/100%25" },
    {
      name: "a non-ASCII id",
      call: Users.getUserInfo({ id: "ツイキャス" }),
      path: "/users/%E3%83%84%E3%82%A4%E3%82%AD%E3%83%A3%E3%82%B9"
    }
  ])("$name → $path", ({ call, path }) =>
    Effect.gen(function*() {
      const api = always({
        body: { ...userInfo, app: fixtures.app, movie_id: "1", comment_id: "500", total_count: 0, movies: [] }
      })
      yield* call.pipe(using(api))
      expect(api.sent).toHaveLength(1)
      const url = api.sent[0]!.url
      expect(url.origin).toBe(baseUrl)
      expect(url.pathname).toBe(path)
      expect(url.search).toBe("")
      expect(url.hash).toBe("")
    }))

  it.effect("the same call sends each input to its own path", () =>
    Effect.gen(function*() {
      const api = always({ body: userInfo })
      for (const screenId of ["twitcasting_jp", "casma_jp", "emily_plays"]) {
        yield* Users.getUserInfo({ screenId }).pipe(using(api))
      }
      expect(api.sent.map((sent) => sent.url.pathname)).toEqual([
        "/users/twitcasting_jp",
        "/users/casma_jp",
        "/users/emily_plays"
      ])
    }))

  it.effect("a path parameter left empty is refused, not sent as an empty segment", () =>
    Effect.gen(function*() {
      const api = always({ body: { total: 0, supporters: [] } })
      const error = yield* Supporters.supporterList(unchecked({ id: "" })).pipe(using(api), Effect.flip)
      expect(error).toMatchObject({ _tag: "ValidationError", source: "client" })
      expect(api.sent).toHaveLength(0)
    }))
})

describe("each part of a request is encoded under its wire names", () => {
  it.effect("path and query: getMoviesByUser({ screenId, limit, sliceId })", () =>
    Effect.gen(function*() {
      const api = always({ body: { total_count: 0, movies: [] } })
      yield* Movies.getMoviesByUser({ screenId: "twitcasting_jp", limit: 5, sliceId: 9 }).pipe(using(api))
      const sent = api.sent[0]!
      expect(sent.method).toBe("GET")
      expect(sent.url.pathname).toBe("/users/twitcasting_jp/movies")
      expect(queryOf(sent)).toEqual([["limit", "5"], ["slice_id", "9"]])
      expect(sent.text).toBeUndefined()
    }))

  it.effect("path and JSON body: postComment fills in the default sns", () =>
    Effect.gen(function*() {
      const api = always({ body: { movie_id: "189037369", all_count: 1, comment: fixtures.comment } })
      yield* Comments.postComment({ movieId: "189037369", comment: "モイ！" }).pipe(using(api))
      const sent = api.sent[0]!
      expect(sent.method).toBe("POST")
      expect(sent.url.pathname).toBe("/movies/189037369/comments")
      expect(queryOf(sent)).toEqual([])
      expect(sent.body).toStrictEqual({ comment: "モイ！", sns: "none" })
    }))

  it.effect("a list in a query: removeWebhook sends events[] once per event", () =>
    Effect.gen(function*() {
      const api = always({ body: { user_id: "182224938", deleted_events: ["livestart", "liveend"] } })
      yield* Webhooks.removeWebhook({ userId: "182224938", events: ["livestart", "liveend"] }).pipe(
        using(api, appAuth)
      )
      const sent = api.sent[0]!
      expect(sent.method).toBe("DELETE")
      expect(queryOf(sent)).toEqual([["events[]", "livestart"], ["events[]", "liveend"], ["user_id", "182224938"]])
    }))
})

describe("every broken rule is reported at once, and nothing is sent", () => {
  it.effect("one from the path and one from the query", () =>
    Effect.gen(function*() {
      const api = always({ body: {} })
      const error = yield* Comments.getComments({ movieId: "..", limit: 0 }).pipe(using(api), Effect.flip)
      expect(api.sent).toHaveLength(0)
      if (error._tag !== "ValidationError") return expect.fail(`expected a ValidationError, got ${error._tag}`)
      expect(error.source).toBe("client")
      expect(error.endpoint).toBe("Comments.getComments")
      expect(error.issues.map((issue) => issue.field).sort()).toEqual(["limit", "movieId"])
    }))

  it.effect("one from the path and one from the body, one issue per field", () =>
    Effect.gen(function*() {
      const api = always({ body: {} })
      const error = yield* Comments.postComment(unchecked({ movieId: "", comment: "", sns: "loud" })).pipe(
        using(api),
        Effect.flip
      )
      expect(api.sent).toHaveLength(0)
      if (error._tag !== "ValidationError") return expect.fail(`expected a ValidationError, got ${error._tag}`)
      expect(error.issues.map((issue) => issue.field).sort()).toEqual(["comment", "movieId", "sns"])
    }))
})

describe("a server reading the declarations", () => {
  const postComment =
    Api.endpoints.find(({ endpoint, group }) => group === "Comments" && endpoint.name === "postComment")!.endpoint
  /** The schema a server reads one part of the request with. */
  const part = (schema: Option.Option<Schema.Schema.Any>) => Option.getOrThrow(schema) as Schema.Schema<object, unknown>

  it.effect("gets back the input a call encoded", () =>
    Effect.gen(function*() {
      const api = always({ body: { movie_id: "189037369", all_count: 1, comment: fixtures.comment } })
      const input = { movieId: "189037369", comment: "モイ！", sns: "reply" as const }
      yield* Comments.postComment(input).pipe(using(api))
      const sent = api.sent[0]!
      const movieId = decodeURIComponent(sent.url.pathname.split("/")[2]!)
      const path = yield* Schema.decodeUnknown(part(postComment.pathSchema))({ movie_id: movieId })
      const payload = yield* Schema.decodeUnknown(part(postComment.payloadSchema))(sent.body)
      expect({ ...path, ...payload }).toEqual(input)
    }))

  it.effect("is told every broken rule, by wire name", () =>
    Effect.sync(() => {
      const path = Schema.decodeUnknownEither(part(postComment.pathSchema), { errors: "all" })
      const payload = Schema.decodeUnknownEither(part(postComment.payloadSchema), { errors: "all" })
      const pathError = path({ movie_id: "" })
      const payloadError = payload({ comment: "", sns: "loud" })
      expect(pathError._tag).toBe("Left")
      expect(payloadError._tag).toBe("Left")
      if (pathError._tag === "Left") expect(pathError.left.message).toContain("movie_id")
      if (payloadError._tag === "Left") {
        expect(payloadError.left.message).toContain("comment")
        expect(payloadError.left.message).toContain("sns")
      }
    }))
})

describe("successful answers are decoded as Schema decodes them", () => {
  it.effect("getUserInfo: models, camelCase, and the rate limit of the answer", () =>
    Effect.gen(function*() {
      const api = always({ body: userInfo, remaining: 41 })
      const { rateLimit, ...info } = yield* Users.getUserInfo({ id: "182224938" }).pipe(using(api))
      expect(info.user).toBeInstanceOf(Models.User)
      expect(info).toStrictEqual(Schema.decodeUnknownSync(Users.UserInfo)(userInfo))
      expect(info.supportingCount).toBe(4)
      expect(Option.map(rateLimit, (limit) => limit.remaining)).toEqual(Option.some(41))
    }))

  it.effect("a body of another shape fails with UnexpectedResponseError naming the path and the rule", () =>
    Effect.gen(function*() {
      const broken = { ...userInfo, user: { ...fixtures.user, is_live: "yes" } }
      const api = always({ body: broken })
      const error = yield* Users.getUserInfo({ id: "182224938" }).pipe(using(api), Effect.flip)
      expect(error).toBeInstanceOf(Errors.UnexpectedResponseError)
      expect(error).toMatchObject({ endpoint: "Users.getUserInfo", status: 200 })
      expect(error.message).toContain("user.is_live")
      expect(error.message).toContain("Expected boolean")
    }))
})

describe("Endpoint.metaOf", () => {
  it("gives each declared endpoint its access, idempotency and bucket", () => {
    const facts = Object.fromEntries(
      Api.endpoints.map(({ endpoint, group }) => [`${group}.${endpoint.name}`, Endpoint.metaOf(endpoint)])
    )
    expect(facts["Users.getUserInfo"]).toEqual({
      access: "any",
      idempotent: true,
      bucket: "default",
      notFound: "not found"
    })
    expect(facts["Movies.getCurrentLive"]?.notFound).toContain("not live")
    expect(facts["Users.getLiveThumbnailImage"]).toMatchObject({ access: "none" })
    expect(facts["Comments.postComment"]).toMatchObject({ access: "user", idempotent: false })
    expect(facts["Webhooks.registerWebhook"]).toMatchObject({ access: "app", idempotent: false })
    expect(facts["Supporters.supporterList"]).toMatchObject({ bucket: "supporters" })
    // every write that repeats harmlessly is idempotent; the POSTs are not
    for (const { endpoint } of Api.endpoints) {
      if (endpoint.method === "GET") expect(Endpoint.metaOf(endpoint).idempotent).toBe(true)
      if (endpoint.method === "POST") expect(Endpoint.metaOf(endpoint).idempotent).toBe(false)
    }
  })

  it("takes an endpoint declared without facts as the strictest", () => {
    expect(Endpoint.metaOf({ annotations: Users.group.annotations })).toEqual({
      access: "user",
      idempotent: false,
      bucket: "default",
      notFound: "not found"
    })
  })
})
