/**
 * Supporters: the requests each call sends, the models it decodes, the
 * input rules checked before sending, the credentials it needs, and which
 * failures are retried.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Fiber, type Layer, Option, TestClock } from "effect"
import { type Auth, Errors, Models, type RateLimit, Retry, Supporters } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import {
  always,
  appAuth,
  baseUrl,
  basic,
  bearer,
  mock,
  queryOf,
  type Reply,
  type Sent,
  unchecked,
  using
} from "./mock.js"

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

const expectHeaders = (sent: Sent, authorization: string) => {
  expect(sent.headers["x-api-version"]).toBe("2.0")
  expect(sent.headers["accept"]).toBe("application/json")
  expect(sent.headers["user-agent"]).toMatch(/^effect-twitcasting\/\d/)
  expect(sent.headers["authorization"]).toBe(authorization)
}

const expectRateLimit = (rateLimit: Option.Option<RateLimit.RateLimit>, remaining: number, resetMillis: number) => {
  expect(Option.isSome(rateLimit)).toBe(true)
  const value = Option.getOrThrow(rateLimit)
  expect([value.limit, value.remaining, DateTime.toEpochMillis(value.reset)]).toEqual([60, remaining, resetMillis])
}

/** Runs a call against `api` with `auth`, failing or succeeding. */

const supportingStatus = { is_supporting: true, supported: 1632716873, target_user: fixtures.user }
const officialSupporter = { ...fixtures.user, supported: 1600000000, point: 0, total_point: 0 }
const supporters = { total: 1234, supporters: [fixtures.supporter, officialSupporter] }
const supporting = { total: 1, supporting: [fixtures.supporter] }

const twenty = Array.from({ length: 20 }, (_, i) => `user_${i + 1}`)

describe("Supporters", () => {
  describe("requests", () => {
    const cases: ReadonlyArray<{
      readonly name: string
      readonly call: Call
      readonly auth?: Layer.Layer<Auth.Auth, Errors.OptionsError>
      readonly reply: unknown
      readonly method: string
      readonly path: string
      readonly query: ReadonlyArray<readonly [string, string]>
      readonly body?: unknown
    }> = [
      {
        name: "getSupportingStatus by screenId",
        call: Supporters.getSupportingStatus({ screenId: "casma_jp", targetUserId: "twitcasting_jp" }),
        reply: supportingStatus,
        method: "GET",
        path: "/users/casma_jp/supporting_status",
        query: [["target_user_id", "twitcasting_jp"]]
      },
      {
        name: "getSupportingStatus: id wins over screenId; app credentials are accepted",
        call: Supporters.getSupportingStatus({ id: "2880417757", screenId: "casma_jp", targetUserId: "182224938" }),
        auth: appAuth,
        reply: supportingStatus,
        method: "GET",
        path: "/users/2880417757/supporting_status",
        query: [["target_user_id", "182224938"]]
      },
      {
        name: "supportUser",
        call: Supporters.supportUser({ targetUserIds: ["twitcasting_jp", "182224938"] }),
        reply: { added_count: 2 },
        method: "PUT",
        path: "/support",
        query: [],
        body: { target_user_ids: ["twitcasting_jp", "182224938"] }
      },
      {
        name: "unsupportUser",
        call: Supporters.unsupportUser({ targetUserIds: ["casma_jp"] }),
        reply: { removed_count: 1 },
        method: "PUT",
        path: "/unsupport",
        query: [],
        body: { target_user_ids: ["casma_jp"] }
      },
      {
        name: "supportingList without paging sends no query",
        call: Supporters.supportingList({ screenId: "twitcasting_jp" }),
        reply: supporting,
        method: "GET",
        path: "/users/twitcasting_jp/supporting",
        query: []
      },
      {
        name: "supportingList with offset and limit, app credentials",
        call: Supporters.supportingList({ id: "182224938", offset: 40, limit: 20 }),
        auth: appAuth,
        reply: supporting,
        method: "GET",
        path: "/users/182224938/supporting",
        query: [["limit", "20"], ["offset", "40"]]
      },
      {
        name: "supporterList sends the default sort=ranking",
        call: Supporters.supporterList({ screenId: "twitcasting_jp" }),
        reply: supporters,
        method: "GET",
        path: "/users/twitcasting_jp/supporters",
        query: [["sort", "ranking"]]
      },
      {
        name: "supporterList with sort=new, offset and limit",
        call: Supporters.supporterList({ id: "182224938", sort: "new", offset: 0, limit: 1 }),
        reply: supporters,
        method: "GET",
        path: "/users/182224938/supporters",
        query: [["limit", "1"], ["offset", "0"], ["sort", "new"]]
      },
      {
        name: "a screenId is URL-encoded in the path",
        call: Supporters.supporterList({ screenId: "c:a s/t" }),
        reply: supporters,
        method: "GET",
        path: "/users/c%3Aa%20s%2Ft/supporters",
        query: [["sort", "ranking"]]
      }
    ]

    it.effect.each(cases)("$name", ({ auth, body, call, method, path, query, reply }) =>
      Effect.gen(function*() {
        const api = always({ body: reply })
        yield* call.pipe(using(api, auth))
        expect(api.sent).toHaveLength(1)
        const [sent] = api.sent
        if (sent === undefined) return expect.fail("nothing sent")
        expect(sent.method).toBe(method)
        expect(sent.url.origin + sent.url.pathname).toBe(baseUrl + path)
        expect(queryOf(sent)).toEqual(query)
        expect(sent.body).toEqual(body)
        expectHeaders(sent, auth === appAuth ? basic : bearer)
      }))
  })

  describe("responses", () => {
    it.effect("getSupportingStatus decodes the status, the time as DateTime.Utc and the target user", () =>
      Effect.gen(function*() {
        const api = always({ body: supportingStatus, remaining: 41, resetIn: 30 })
        const result = yield* Supporters.getSupportingStatus({ id: "2880417757", targetUserId: "182224938" }).pipe(
          using(api)
        )
        expect(result.isSupporting).toBe(true)
        expect(DateTime.isDateTime(result.supported)).toBe(true)
        expect(result.supported === null ? null : DateTime.toEpochMillis(result.supported)).toBe(1632716873000)
        expect(result.targetUser).toBeInstanceOf(Models.User)
        expect(result.targetUser).toMatchObject({
          id: "182224938",
          screenId: "twitcasting_jp",
          lastMovieId: "189037369",
          isLive: true
        })
        expectRateLimit(result.rateLimit, 41, 30_000)
      }))

    it.effect("getSupportingStatus: supported is null when not supporting", () =>
      Effect.gen(function*() {
        const api = always({ body: { is_supporting: false, supported: null, target_user: fixtures.quietUser } })
        const result = yield* Supporters.getSupportingStatus({ id: "182224938", targetUserId: "casma_jp" }).pipe(
          using(api)
        )
        expect(result.isSupporting).toBe(false)
        expect(result.supported).toBeNull()
        expect(result.targetUser.lastMovieId).toBeNull()
        expect(result.targetUser.screenId).toBe("casma_jp")
      }))

    it.effect("supportUser decodes added_count", () =>
      Effect.gen(function*() {
        const api = always({ body: { added_count: 2 }, remaining: 7, resetIn: 12 })
        const result = yield* Supporters.supportUser({ targetUserIds: ["a", "b"] }).pipe(using(api))
        expect(result.addedCount).toBe(2)
        expectRateLimit(result.rateLimit, 7, 12_000)
      }))

    it.effect("unsupportUser decodes removed_count", () =>
      Effect.gen(function*() {
        const api = always({ body: { removed_count: 0 }, remaining: 3, resetIn: 5 })
        const result = yield* Supporters.unsupportUser({ targetUserIds: ["a"] }).pipe(using(api))
        expect(result.removedCount).toBe(0)
        expectRateLimit(result.rateLimit, 3, 5_000)
      }))

    it.effect("supporterList decodes supporters with their points and support time", () =>
      Effect.gen(function*() {
        const api = always({ body: supporters, remaining: 58, resetIn: 60 })
        const result = yield* Supporters.supporterList({ screenId: "twitcasting_jp" }).pipe(using(api))
        expect(result.total).toBe(1234)
        expect(result.supporters).toHaveLength(2)
        const [quiet, official] = result.supporters
        expect(quiet).toBeInstanceOf(Models.Supporter)
        expect(quiet).toMatchObject({
          id: "2880417757",
          screenId: "casma_jp",
          name: "キャスマ",
          level: 3,
          lastMovieId: null,
          isLive: false,
          point: 10,
          totalPoint: 50
        })
        expect(quiet === undefined ? undefined : DateTime.toEpochMillis(quiet.supported)).toBe(1632716873000)
        expect(official).toMatchObject({
          screenId: "twitcasting_jp",
          lastMovieId: "189037369",
          point: 0,
          totalPoint: 0
        })
        expect(official === undefined ? undefined : DateTime.toEpochMillis(official.supported)).toBe(1600000000000)
        expectRateLimit(result.rateLimit, 58, 60_000)
      }))

    it.effect("supportingList decodes the supporting list", () =>
      Effect.gen(function*() {
        const api = always({ body: { total: 0, supporting: [] } })
        const empty = yield* Supporters.supportingList({ screenId: "casma_jp" }).pipe(using(api))
        expect(empty.total).toBe(0)
        expect(empty.supporting).toEqual([])
        const full = yield* Supporters.supportingList({ screenId: "casma_jp" }).pipe(
          using(always({ body: supporting, remaining: 10, resetIn: 20 }))
        )
        expect(full.supporting[0]).toBeInstanceOf(Models.Supporter)
        expect(full.supporting[0]).toMatchObject({ id: "2880417757", point: 10, totalPoint: 50 })
        expect(DateTime.isDateTime(full.supporting[0]?.supported)).toBe(true)
        expectRateLimit(full.rateLimit, 10, 20_000)
      }))

    it.effect("a supporter without its points is a UnexpectedResponseError", () =>
      Effect.gen(function*() {
        const { point: _point, ...withoutPoint } = fixtures.supporter
        const api = always({ body: { total: 1, supporters: [withoutPoint] } })
        const error = yield* Supporters.supporterList({ screenId: "twitcasting_jp" }).pipe(using(api), Effect.flip)
        expect(error).toBeInstanceOf(Errors.UnexpectedResponseError)
        expect(error).toMatchObject({ endpoint: "Supporters.supporterList", status: 200 })
        expect(error.message).toContain("supporters.0.point")
      }))
  })

  describe("input rules are checked before sending", () => {
    const refused: ReadonlyArray<
      { readonly name: string; readonly call: Call; readonly fields: ReadonlyArray<string> }
    > = [
      {
        name: "getSupportingStatus without id or screenId",
        call: Supporters.getSupportingStatus(unchecked({ targetUserId: "twitcasting_jp" })),
        fields: ["id", "screenId"]
      },
      {
        name: "getSupportingStatus with an empty screenId",
        call: Supporters.getSupportingStatus({ screenId: "", targetUserId: "twitcasting_jp" }),
        fields: ["screenId"]
      },
      {
        name: "getSupportingStatus with an empty id",
        call: Supporters.getSupportingStatus(unchecked({ id: "", targetUserId: "twitcasting_jp" })),
        fields: ["id"]
      },
      {
        name: "getSupportingStatus without targetUserId",
        call: Supporters.getSupportingStatus(unchecked({ id: "182224938" })),
        fields: ["targetUserId"]
      },
      {
        name: "getSupportingStatus with an empty targetUserId",
        call: Supporters.getSupportingStatus({ id: "182224938", targetUserId: "" }),
        fields: ["targetUserId"]
      },
      {
        name: "supportUser with no target",
        call: Supporters.supportUser({ targetUserIds: [] }),
        fields: ["targetUserIds"]
      },
      {
        name: "supportUser with 21 targets",
        call: Supporters.supportUser({ targetUserIds: [...twenty, "user_21"] }),
        fields: ["targetUserIds"]
      },
      {
        name: "supportUser with an empty target",
        call: Supporters.supportUser({ targetUserIds: ["twitcasting_jp", ""] }),
        fields: ["targetUserIds.1"]
      },
      {
        name: "supportUser without targetUserIds",
        call: Supporters.supportUser(unchecked({})),
        fields: ["targetUserIds"]
      },
      {
        name: "unsupportUser with no target",
        call: Supporters.unsupportUser({ targetUserIds: [] }),
        fields: ["targetUserIds"]
      },
      {
        name: "unsupportUser with 21 targets",
        call: Supporters.unsupportUser({ targetUserIds: [...twenty, "user_21"] }),
        fields: ["targetUserIds"]
      },
      {
        name: "supportingList without id or screenId",
        call: Supporters.supportingList(unchecked({ limit: 5 })),
        fields: ["id", "screenId"]
      },
      {
        name: "supportingList with offset -1",
        call: Supporters.supportingList({ id: "1", offset: -1 }),
        fields: ["offset"]
      },
      {
        name: "supportingList with offset 1.5",
        call: Supporters.supportingList({ id: "1", offset: 1.5 }),
        fields: ["offset"]
      },
      {
        name: "supportingList with limit 0",
        call: Supporters.supportingList({ id: "1", limit: 0 }),
        fields: ["limit"]
      },
      {
        name: "supportingList with limit 21",
        call: Supporters.supportingList({ id: "1", limit: 21 }),
        fields: ["limit"]
      },
      {
        name: "supporterList without id or screenId",
        call: Supporters.supporterList(unchecked({ sort: "new" })),
        fields: ["id", "screenId"]
      },
      {
        name: "supporterList with offset -1",
        call: Supporters.supporterList({ id: "1", offset: -1 }),
        fields: ["offset"]
      },
      { name: "supporterList with limit 0", call: Supporters.supporterList({ id: "1", limit: 0 }), fields: ["limit"] },
      {
        name: "supporterList with limit 21",
        call: Supporters.supporterList({ id: "1", limit: 21 }),
        fields: ["limit"]
      },
      {
        name: "supporterList with limit NaN",
        call: Supporters.supporterList({ id: "1", limit: Number.NaN }),
        fields: ["limit"]
      },
      {
        name: "supporterList with an unknown sort",
        call: Supporters.supporterList(unchecked({ id: "1", sort: "oldest" })),
        fields: ["sort"]
      },
      {
        name: "supporterList reports every broken rule at once",
        call: Supporters.supporterList(unchecked({ id: "1", offset: -5, limit: 100, sort: "Ranking" })),
        fields: ["offset", "limit", "sort"]
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
        expect(error.endpoint).toMatch(/^Supporters\./)
        expect(error.issues.map((issue) => issue.field)).toEqual(fields)
        for (const field of fields) expect(error.message).toContain(field)
      }))

    it.effect("the messages say what the rule is", () =>
      Effect.gen(function*() {
        const api = always({ body: {} })
        const error = yield* Supporters.supporterList(unchecked({ id: "1", limit: 21, sort: "oldest" })).pipe(
          using(api),
          Effect.flip
        )
        expect(error).toMatchObject({
          issues: [
            { field: "limit", message: expect.stringMatching(/1 to 20/) },
            { field: "sort", message: expect.stringMatching(/new, ranking/) }
          ]
        })
      }))

    const accepted: ReadonlyArray<{
      readonly name: string
      readonly call: Call
      readonly reply: unknown
      readonly query?: ReadonlyArray<readonly [string, string]>
      readonly body?: unknown
    }> = [
      {
        name: "supportUser with 1 target",
        call: Supporters.supportUser({ targetUserIds: ["a"] }),
        reply: { added_count: 1 },
        body: { target_user_ids: ["a"] }
      },
      {
        name: "supportUser with 20 targets",
        call: Supporters.supportUser({ targetUserIds: twenty }),
        reply: { added_count: 20 },
        body: { target_user_ids: twenty }
      },
      {
        name: "unsupportUser with 20 targets",
        call: Supporters.unsupportUser({ targetUserIds: twenty }),
        reply: { removed_count: 20 },
        body: { target_user_ids: twenty }
      },
      {
        name: "supportingList with offset 0, limit 1",
        call: Supporters.supportingList({ id: "1", offset: 0, limit: 1 }),
        reply: supporting,
        query: [["limit", "1"], ["offset", "0"]]
      },
      {
        name: "supportingList with a large offset, limit 20",
        call: Supporters.supportingList({ id: "1", offset: 100000, limit: 20 }),
        reply: supporting,
        query: [["limit", "20"], ["offset", "100000"]]
      },
      {
        name: "supporterList with limit 20",
        call: Supporters.supporterList({ id: "1", limit: 20, sort: "ranking" }),
        reply: supporters,
        query: [["limit", "20"], ["sort", "ranking"]]
      }
    ]

    it.effect.each(accepted)("boundary accepted: $name", ({ body, call, query, reply }) =>
      Effect.gen(function*() {
        const api = always({ body: reply })
        yield* call.pipe(using(api))
        expect(api.sent).toHaveLength(1)
        const [sent] = api.sent
        if (query !== undefined) expect(sent === undefined ? undefined : queryOf(sent)).toEqual(query)
        if (body !== undefined) expect(sent?.body).toEqual(body)
      }))
  })

  describe("credentials", () => {
    const userOnly: ReadonlyArray<{ readonly name: string; readonly call: Call }> = [
      { name: "Supporters.supportUser", call: Supporters.supportUser({ targetUserIds: ["twitcasting_jp"] }) },
      { name: "Supporters.unsupportUser", call: Supporters.unsupportUser({ targetUserIds: ["twitcasting_jp"] }) }
    ]

    it.effect.each(userOnly)(
      "$name refuses app credentials before sending",
      ({ call, name }) =>
        Effect.gen(function*() {
          const api = always({ body: { added_count: 1, removed_count: 1 } })
          const error = yield* call.pipe(using(api, appAuth), Effect.flip)
          expect(api.sent).toHaveLength(0)
          expect(error).toBeInstanceOf(Errors.AuthenticationError)
          expect(error).toMatchObject({ endpoint: name, reason: expect.stringContaining("user access token") })
        })
    )

    it.effect("the credentials check comes before the input rules", () =>
      Effect.gen(function*() {
        const api = always({ body: {} })
        const error = yield* Supporters.supportUser({ targetUserIds: [] }).pipe(using(api, appAuth), Effect.flip)
        expect(api.sent).toHaveLength(0)
        expect(error._tag).toBe("AuthenticationError")
      }))
  })

  describe("retries", () => {
    const retry = Retry.layer({ retries: 2, baseDelay: Duration.millis(100), maxDelay: Duration.seconds(1) })
    const failures: ReadonlyArray<
      { readonly name: string; readonly reply: Reply; readonly tag: Errors.CallError["_tag"] }
    > = [
      {
        name: "500 with an API error",
        reply: { status: 500, body: fixtures.errorBody(500, "Internal Server Error") },
        tag: "ApiError"
      },
      { name: "503 with an empty body", reply: { status: 503 }, tag: "UnexpectedResponseError" },
      { name: "a dropped connection", reply: { drop: true }, tag: "RequestError" }
    ]
    const reads: ReadonlyArray<{ readonly name: string; readonly call: Call; readonly reply: unknown }> = [
      {
        name: "getSupportingStatus",
        call: Supporters.getSupportingStatus({ id: "1", targetUserId: "2" }),
        reply: supportingStatus
      },
      { name: "supportingList", call: Supporters.supportingList({ id: "1" }), reply: supporting },
      { name: "supporterList", call: Supporters.supporterList({ id: "1" }), reply: supporters }
    ]
    const cases = reads.flatMap((read) => failures.map((failure) => ({ ...read, failure })))

    it.effect.each(cases)(
      "GET $name is retried after $failure.name, then succeeds",
      ({ call, failure, reply }) =>
        Effect.gen(function*() {
          const api = mock((_, i) => i < 2 ? failure.reply : { body: reply })
          const fiber = yield* Effect.fork(call.pipe(using(api), Effect.provide(retry)))
          yield* TestClock.adjust(Duration.minutes(1))
          yield* Fiber.join(fiber)
          expect(api.sent).toHaveLength(3)
          expect(new Set(api.sent.map((sent) => sent.url.href)).size).toBe(1)
        })
    )

    it.effect.each(cases)(
      "GET $name gives up after 1 + retries requests with $failure.tag",
      ({ call, failure }) =>
        Effect.gen(function*() {
          const api = always(failure.reply)
          const fiber = yield* Effect.fork(call.pipe(using(api), Effect.provide(retry), Effect.flip))
          yield* TestClock.adjust(Duration.minutes(1))
          const error = yield* Fiber.join(fiber)
          expect(error._tag).toBe(failure.tag)
          expect(api.sent).toHaveLength(3)
        })
    )

    it.effect("a 404 of a GET is not retried", () =>
      Effect.gen(function*() {
        const api = always({ status: 404, body: fixtures.errorBody(404, "Not Found") })
        const fiber = yield* Effect.fork(
          Supporters.supporterList({ screenId: "nobody" }).pipe(using(api), Effect.provide(retry), Effect.flip)
        )
        yield* TestClock.adjust(Duration.minutes(1))
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("NotFoundError")
        expect(api.sent).toHaveLength(1)
      }))
  })
})
