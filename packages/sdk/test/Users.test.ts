/**
 * Users: getUserInfo, getUpcomingLiveSchedules, verifyCredentials,
 * getLiveThumbnailImage: the request
 * each sends, what it decodes, its input rules and credential kinds.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Option } from "effect"
import { Errors, Models, Users } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, basic, bearer, expectSent, unchecked, userAuth, using } from "./mock.js"

const info = { user: fixtures.user, supporter_count: 10, supporting_count: 3 }

describe("Users.getUserInfo", () => {
  it.effect("GET /users/:user_id by screen id, decoding the user and the counts", () =>
    Effect.gen(function*() {
      const api = always({ body: info, remaining: 42, resetIn: 30 })
      const result = yield* Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(using(api))
      expectSent(api.sent, { method: "GET", path: "/users/twitcasting_jp", authorization: bearer })
      expect(result.user).toBeInstanceOf(Models.User)
      expect(result.user).toMatchObject({
        screenId: "twitcasting_jp",
        lastMovieId: "189037369",
        isLive: true,
        level: 24
      })
      expect([result.supporterCount, result.supportingCount]).toEqual([10, 3])
      expect(Option.map(result.rateLimit, (r) => [r.limit, r.remaining, DateTime.toEpochMillis(r.reset)])).toEqual(
        Option.some([60, 42, 30_000])
      )
    }))

  it.effect("id wins over screenId; app credentials are sent as Basic", () =>
    Effect.gen(function*() {
      const api = always({ body: info })
      yield* Users.getUserInfo({ id: "182224938", screenId: "ignored" }).pipe(using(api, appAuth))
      expectSent(api.sent, { method: "GET", path: "/users/182224938", authorization: basic })
    }))

  it.effect("a user without a last movie decodes lastMovieId as null; unknown fields are ignored", () =>
    Effect.gen(function*() {
      const api = always({ body: { ...info, user: fixtures.quietUser } })
      const { user } = yield* Users.getUserInfo({ screenId: "casma_jp" }).pipe(using(api))
      expect(user.lastMovieId).toBeNull()
      expect(Object.keys(user)).not.toContain("brand_new_field")
    }))

  it.effect.each([
    { name: "no id nor screen id", input: {} },
    { name: "an empty id", input: { id: "" } },
    { name: "an empty screen id", input: { screenId: "" } }
  ])("$name is refused before sending", ({ input }) =>
    Effect.gen(function*() {
      const api = always({ body: info })
      const error = yield* Users.getUserInfo(unchecked(input)).pipe(using(api), Effect.flip)
      expect(error).toBeInstanceOf(Errors.ValidationError)
      expect(error).toMatchObject({ source: "client", endpoint: "Users.getUserInfo" })
      expect(api.sent).toHaveLength(0)
    }))
})

describe("Users.getUpcomingLiveSchedules", () => {
  const schedules = {
    live_schedules: [
      fixtures.liveSchedule,
      {
        ...fixtures.liveSchedule,
        id: "timetable-80960",
        start_at: 1767830400,
        title: "新機能紹介ライブ",
        thumbnail: "https://twitcasting.tv/img/schedule_80960.jpg"
      }
    ]
  }

  it.effect("GET /users/:user_id/upcoming_live_schedules with in_days; decodes the schedules", () =>
    Effect.gen(function*() {
      const api = always({ body: schedules })
      const result = yield* Users.getUpcomingLiveSchedules({ screenId: "twitcasting_jp", inDays: 7 }).pipe(using(api))
      expectSent(api.sent, {
        method: "GET",
        path: "/users/twitcasting_jp/upcoming_live_schedules",
        query: [["in_days", "7"]],
        authorization: bearer
      })
      expect(result.liveSchedules.map((s) => s instanceof Models.LiveSchedule)).toEqual([true, true])
      expect(result.liveSchedules[0]).toMatchObject({
        id: "timetable-80959",
        userId: "182224938",
        userScreenId: "twitcasting_jp",
        title: "週末生配信",
        thumbnail: null
      })
      expect(result.liveSchedules.map((s) => DateTime.toEpochMillis(s.startAt))).toEqual([
        1767225600_000,
        1767830400_000
      ])
    }))

  it.effect("works with app credentials, and without in_days sends none", () =>
    Effect.gen(function*() {
      const api = always({ body: { live_schedules: [] } })
      const result = yield* Users.getUpcomingLiveSchedules({ id: "182224938" }).pipe(using(api, appAuth))
      expectSent(api.sent, { method: "GET", path: "/users/182224938/upcoming_live_schedules", authorization: basic })
      expect(result.liveSchedules).toEqual([])
    }))

  it.effect.each([
    { name: "in_days 0", input: { id: "1", inDays: 0 } },
    { name: "in_days 1.5", input: { id: "1", inDays: 1.5 } }
  ])("$name is refused before sending", ({ input }) =>
    Effect.gen(function*() {
      const api = always({ body: schedules })
      const error = yield* Users.getUpcomingLiveSchedules(unchecked(input)).pipe(using(api), Effect.flip)
      expect(error).toMatchObject({ _tag: "ValidationError", issues: [{ field: "inDays" }] })
      expect(api.sent).toHaveLength(0)
    }))
})

describe("Users.verifyCredentials", () => {
  it.effect("GET /verify_credentials, decoding the app and the user", () =>
    Effect.gen(function*() {
      const api = always({ body: { app: fixtures.app, ...info } })
      const result = yield* Users.verifyCredentials().pipe(using(api))
      expectSent(api.sent, { method: "GET", path: "/verify_credentials", authorization: bearer })
      expect(result.app).toBeInstanceOf(Models.App)
      expect(result.app).toMatchObject({ clientId: fixtures.app.client_id, ownerUserId: "182224938" })
      expect(result.user.screenId).toBe("twitcasting_jp")
    }))

  it.effect("needs a user token: app credentials are refused before sending", () =>
    Effect.gen(function*() {
      const api = always({ body: { app: fixtures.app, ...info } })
      const error = yield* Users.verifyCredentials().pipe(using(api, appAuth), Effect.flip)
      expect(error).toBeInstanceOf(Errors.AuthenticationError)
      expect(api.sent).toHaveLength(0)
    }))
})

describe("Users.getLiveThumbnailImage", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
  /** The API's redirect, then the image it points to; every request recorded. */
  const thumbnails = () => {
    const sent: Array<{ readonly url: string; readonly authorization: string | undefined }> = []
    const client = HttpClient.make((request, url) =>
      Effect.sync(() => {
        sent.push({ url: url.toString(), authorization: request.headers["authorization"] })
        return url.hostname === "images.example"
          ? HttpClientResponse.fromWeb(request, new Response(png, { headers: { "content-type": "image/png" } }))
          : HttpClientResponse.fromWeb(
            request,
            new Response(null, { status: 302, headers: { location: "http://images.example/live/182224938-large.png" } })
          )
      })
    )
    return { sent, client: Layer.succeed(HttpClient.HttpClient, client) }
  }

  it.effect("follows the 302 to the image, sending no credentials, and returns the bytes", () =>
    Effect.gen(function*() {
      const api = thumbnails()
      const image = yield* Users.getLiveThumbnailImage({
        screenId: "twitcasting_jp",
        size: "large",
        position: "beginning"
      })
        .pipe(Effect.provide(api.client), Effect.provide(userAuth))
      expect(image.contentType).toBe("image/png")
      expect(Array.from(image.bytes)).toEqual(Array.from(png))
      expect(api.sent.map((request) => request.url)).toEqual([
        "http://127.0.0.1:9999/users/twitcasting_jp/live/thumbnail?size=large&position=beginning",
        "http://images.example/live/182224938-large.png"
      ])
      expect(api.sent.map((request) => request.authorization)).toEqual([undefined, undefined])
    }))

  it.effect.each([
    { name: "a size other than large or small", input: { screenId: "twitcasting_jp", size: "huge" } },
    { name: "a position other than beginning or latest", input: { screenId: "twitcasting_jp", position: "middle" } }
  ])("$name is refused before sending", ({ input }) =>
    Effect.gen(function*() {
      const api = thumbnails()
      const error = yield* Users.getLiveThumbnailImage(unchecked(input)).pipe(
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.flip
      )
      expect(error).toBeInstanceOf(Errors.ValidationError)
      expect(api.sent).toHaveLength(0)
    }))
})
