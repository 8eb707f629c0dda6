/**
 * The SDK against the simulator over real HTTP on 127.0.0.1: every endpoint,
 * the rate-limit window, webhook deliveries, and the socketless layer.
 */
import {
  Api,
  Auth,
  Broadcasting,
  Categories,
  Comments,
  Gifts,
  Movies,
  Retry,
  Search,
  Supporters,
  Users,
  Webhooks
} from "@effect-twitcasting/sdk"
import * as Budget from "@effect-twitcasting/sdk/Budget"
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Option, Redacted, Schedule } from "effect"
import { createServer } from "node:http"
import { Seed, Simulator } from "../src/index.js"

type Env = Simulator.Simulator | HttpClient.HttpClient | Auth.Auth

/**
 * A fresh simulator on a free port, the fetch client, and a user's token,
 * with a rate budget of its own: the demo tokens are the same in every
 * simulator, and the process's budget would carry their windows from test to
 * test.
 */
const served = (options: Simulator.Options = {}, screenId = "twitcasting_jp") =>
  Simulator.userAuth(screenId).pipe(
    Layer.provideMerge(Layer.mergeAll(Simulator.layer(options), FetchHttpClient.layer, Budget.layerIsolated()))
  )

const withSimulator = <A, E>(
  effect: Effect.Effect<A, E, Env>,
  options: { readonly simulator?: Simulator.Options; readonly as?: string } = {}
) => Effect.provide(effect, served(options.simulator, options.as))

/** Runs `effect` with another user's token against the same simulator. */
const as = (screenId: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provide(effect, Simulator.userAuth(screenId))

const asApp = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provide(effect, Simulator.appAuth)

const live = "189037369"
const official = "182224938"

describe("Simulator over HTTP", () => {
  describe("Users", () => {
    it.live("getUpcomingLiveSchedules gives the seeded schedules ahead, nearest first, within inDays", () =>
      withSimulator(Effect.gen(function*() {
        const all = yield* Users.getUpcomingLiveSchedules({ screenId: "twitcasting_jp" })
        expect(all.liveSchedules.map((s) => [s.id, s.userScreenId, s.thumbnail === null])).toEqual([
          ["timetable-80959", "twitcasting_jp", true],
          ["timetable-80960", "twitcasting_jp", false]
        ])
        const [first, second] = all.liveSchedules.map((s) => DateTime.toEpochMillis(s.startAt))
        expect(first! < second!).toBe(true)
        const week = yield* Users.getUpcomingLiveSchedules({ id: official, inDays: 7 })
        expect(week.liveSchedules.map((s) => s.id)).toEqual(["timetable-80959"])
        // with app credentials too
        const yuki = yield* asApp(Users.getUpcomingLiveSchedules({ screenId: "yuki_sings" }))
        expect(yuki.liveSchedules.map((s) => s.title)).toEqual(["夜の歌枠"])
        const none = yield* Users.getUpcomingLiveSchedules({ screenId: "casma_jp" })
        expect(none.liveSchedules).toEqual([])
        const unknown = yield* Effect.flip(Users.getUpcomingLiveSchedules({ screenId: "nobody_here" }))
        expect(unknown._tag).toBe("NotFoundError")
      })))

    it.live("getUserInfo finds a user by screen id or id, with live counts", () =>
      withSimulator(Effect.gen(function*() {
        const byScreenId = yield* Users.getUserInfo({ screenId: "twitcasting_jp" })
        const byId = yield* Users.getUserInfo({ id: official })
        expect(byScreenId.user).toEqual(byId.user)
        expect(byScreenId.user).toMatchObject({ name: "ツイキャス公式", isLive: true, lastMovieId: live })
        expect([byScreenId.supporterCount, byScreenId.supportingCount]).toEqual([4, 1])
        expect(Option.map(byScreenId.rateLimit, (r) => [r.limit, r.remaining])).toEqual(Option.some([60, 59]))
        const missing = yield* Effect.flip(Users.getUserInfo({ screenId: "nobody_here" }))
        expect(missing._tag).toBe("NotFoundError")
      })))

    it.live("verifyCredentials names the token's user and app; a bad token is refused with 1000", () =>
      withSimulator(Effect.gen(function*() {
        const me = yield* as("emily_plays")(Users.verifyCredentials())
        expect(me.user.screenId).toBe("emily_plays")
        expect(me.app).toMatchObject({ clientId: Seed.demoClientId, ownerUserId: official })
        const { baseUrl } = yield* Simulator.Simulator
        const error = yield* Users.verifyCredentials().pipe(
          Effect.provide(Auth.layer({ credentials: Auth.userToken(Redacted.make("forged")), baseUrl })),
          Effect.flip
        )
        expect(error).toMatchObject({ _tag: "AuthenticationError", status: 401, code: 1000 })
      })))

    it.live("getLiveThumbnailImage follows the redirect to an image", () =>
      withSimulator(Effect.gen(function*() {
        const image = yield* Users.getLiveThumbnailImage({ screenId: "twitcasting_jp", size: "large" })
        expect(image.contentType).toBe("image/png")
        expect(Array.from(image.bytes.slice(1, 4), (c) => String.fromCharCode(c)).join("")).toBe("PNG")
      })))
  })

  describe("Movies", () => {
    it.live("getMovieInfo and getCurrentLive give the movie, its broadcaster and tags", () =>
      withSimulator(Effect.gen(function*() {
        const info = yield* Movies.getMovieInfo({ movieId: live })
        const current = yield* Movies.getCurrentLive({ screenId: "twitcasting_jp" })
        expect(current.movie.id).toBe(live)
        expect(info.movie).toMatchObject({ title: "ツイキャス公式の夜ふかし雑談", isLive: true, commentCount: 10 })
        expect(info.broadcaster.screenId).toBe("twitcasting_jp")
        expect(info.tags).toEqual(["雑談", "初見さん歓迎"])
        // a live reports no peak until it ends, as the service does
        expect(info.movie.maxViewCount).toBe(0)
        expect(info.movie.link).toBe(`https://twitcasting.tv/twitcasting_jp/movie/${live}`)
        // most ended movies were not kept as recordings; some were
        const ended = yield* Movies.getMovieInfo({ movieId: "189000003" })
        expect(ended.movie).toMatchObject({ isLive: false, isRecorded: false, hlsUrl: null, subtitle: null })
        expect(ended.movie.maxViewCount).toBeGreaterThan(0)
        const recorded = yield* Movies.getMovieInfo({ movieId: "189000004" })
        expect(recorded.movie).toMatchObject({ isLive: false, isRecorded: true })
        expect((yield* Effect.flip(Movies.getCurrentLive({ screenId: "casma_jp" })))._tag).toBe("NotFoundError")
        expect((yield* Effect.flip(Movies.getMovieInfo({ movieId: "1" })))._tag).toBe("NotFoundError")
      })))

    it.live("getMoviesByUser pages newest first by offset, or before a slice_id", () =>
      withSimulator(Effect.gen(function*() {
        const all = yield* Movies.getMoviesByUser({ screenId: "twitcasting_jp" })
        expect(all.totalCount).toBe(3)
        expect(all.movies.map((m) => m.id)).toEqual([live, "189000002", "189000001"])
        const second = yield* Movies.getMoviesByUser({ id: official, offset: 1, limit: 1 })
        expect(second.movies.map((m) => m.id)).toEqual(["189000002"])
        const older = yield* Movies.getMoviesByUser({ id: official, sliceId: 189000002 })
        expect(older.movies.map((m) => m.id)).toEqual(["189000001"])
      })))

    it.live("subtitle and hashtag are set and unset on the token's live, cut out when asked", () =>
      withSimulator(Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        const set = yield* Movies.setCurrentLiveSubtitle({ subtitle: "今夜は🌙雑談" })
        expect(set).toMatchObject({ movieId: live, subtitle: "今夜は🌙雑談" })
        const long = "あ".repeat(16) + "🌙🌙🌙"
        const cut = yield* Movies.setCurrentLiveSubtitle({ subtitle: long, cutOut: true })
        expect(cut.subtitle).toBe("あ".repeat(16) + "🌙")
        // the width rule: a half-width character counts one, a full-width one two (34 in all)
        const ascii = yield* Movies.setCurrentLiveSubtitle({ subtitle: "a".repeat(40), cutOut: true })
        expect(ascii.subtitle).toBe("a".repeat(34))
        const mixed = yield* Movies.setCurrentLiveSubtitle({ subtitle: "ab" + "あ".repeat(20), cutOut: true })
        expect(mixed.subtitle).toBe("ab" + "あ".repeat(16))
        yield* Movies.setCurrentLiveSubtitle({ subtitle: long, cutOut: true })
        const tag = yield* Movies.setCurrentLiveHashtag({ hashtag: "#夜ふかし" })
        expect(tag.hashtag).toBe("#夜ふかし")
        expect(yield* simulator.liveText(live)).toEqual({ subtitle: "あ".repeat(16) + "🌙", hashtag: "#夜ふかし" })
        expect((yield* Movies.unsetCurrentLiveSubtitle()).subtitle).toBeNull()
        expect((yield* Movies.unsetCurrentLiveHashtag()).hashtag).toBeNull()
        expect(yield* simulator.liveText(live)).toEqual({ subtitle: null, hashtag: null })
        const offAir = yield* as("casma_jp")(Effect.flip(Movies.setCurrentLiveSubtitle({ subtitle: "hi" })))
        expect(offAir._tag).toBe("NotFoundError")
      })))
  })

  describe("Comments", () => {
    it.live("getComments pages newest first; slice_id gives the comments after it", () =>
      withSimulator(Effect.gen(function*() {
        const first = yield* Comments.getComments({ movieId: live, limit: 3 })
        expect(first.allCount).toBe(10)
        expect(first.comments.map((c) => c.message)).toEqual(["おつまみの話もしてほしい🍢", "GG", "わこつです"])
        const ids = (yield* Comments.getComments({ movieId: live, limit: 50 })).comments.map((c) => Number(c.id))
        expect(ids).toEqual([...ids].sort((a, b) => b - a))
        const oldest = ids[ids.length - 1]!
        const after = yield* Comments.getComments({ movieId: live, sliceId: oldest, limit: 2 })
        expect(after.comments.map((c) => Number(c.id))).toEqual([oldest + 2, oldest + 1])
        const paged = yield* Comments.getComments({ movieId: live, offset: 8, limit: 5 })
        expect(paged.comments.map((c) => Number(c.id))).toEqual(ids.slice(8))
      })))

    it.live("postComment stores one comment from the token's user", () =>
      withSimulator(Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        const posted = yield* as("emily_plays")(Comments.postComment({ movieId: live, comment: "Hi from the SDK 👋" }))
        expect(posted.allCount).toBe(11)
        expect(posted.comment.fromUser.screenId).toBe("emily_plays")
        const ids = yield* simulator.commentIds(live)
        expect(ids.filter((id) => id === posted.comment.id)).toHaveLength(1)
        const newest = yield* Comments.getComments({ movieId: live, limit: 1 })
        expect(newest.comments[0]?.message).toBe("Hi from the SDK 👋")
      })))

    it.live("deleteComment: the poster or the movie's owner may, anyone else is refused", () =>
      withSimulator(Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        const byEmily = yield* as("emily_plays")(Comments.postComment({ movieId: live, comment: "one" }))
        const byKen = yield* as("ken_speedruns")(Comments.postComment({ movieId: live, comment: "two" }))
        const refused = yield* as("emily_plays")(
          Effect.flip(Comments.deleteComment({ movieId: live, commentId: byKen.comment.id }))
        )
        expect(refused).toMatchObject({ _tag: "ApiError", status: 403 })
        const own = yield* as("emily_plays")(Comments.deleteComment({ movieId: live, commentId: byEmily.comment.id }))
        expect(own.commentId).toBe(byEmily.comment.id)
        yield* Comments.deleteComment({ movieId: live, commentId: byKen.comment.id })
        const ids = yield* simulator.commentIds(live)
        expect(ids).not.toContain(byEmily.comment.id)
        expect(ids).not.toContain(byKen.comment.id)
        const gone = yield* Effect.flip(Comments.deleteComment({ movieId: live, commentId: byKen.comment.id }))
        expect(gone._tag).toBe("NotFoundError")
      })))
  })

  it.live("Gifts: getGifts shows the gifts received, once each by slice_id", () =>
    withSimulator(Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      yield* simulator.sendGift({ from: "casma_jp", to: "twitcasting_jp", item: "star", message: "おめでとう" })
      yield* simulator.sendGift({ from: "emily_plays", to: "yuki_sings", item: "tea" })
      const first = yield* Gifts.getGifts()
      expect(first.gifts.map((g) => [g.itemId, g.userScreenId, g.message])).toEqual([[
        "star",
        "casma_jp",
        "おめでとう"
      ]])
      expect(first.gifts[0]?.itemSubImage).toBeNull()
      const again = yield* Gifts.getGifts({ sliceId: first.sliceId })
      expect(again).toMatchObject({ sliceId: first.sliceId, gifts: [] })
      const badItem = yield* Effect.flip(simulator.sendGift({ from: "casma_jp", to: "twitcasting_jp", item: "yacht" }))
      expect(badItem).toMatchObject({ _tag: "ControlError", status: 400 })
    })))

  describe("Supporters", () => {
    it.live("getSupportingStatus, supportUser and unsupportUser change the relation and counts", () =>
      withSimulator(Effect.gen(function*() {
        const yes = yield* Supporters.getSupportingStatus({ screenId: "casma_jp", targetUserId: "twitcasting_jp" })
        expect(yes.isSupporting).toBe(true)
        expect(Option.isSome(Option.fromNullable(yes.supported))).toBe(true)
        const no = yield* Supporters.getSupportingStatus({ screenId: "emily_plays", targetUserId: "yuki_sings" })
        expect(no).toMatchObject({ isSupporting: false, supported: null })
        expect(no.targetUser.screenId).toBe("yuki_sings")

        const added = yield* as("emily_plays")(Supporters.supportUser({ targetUserIds: ["yuki_sings", "casma_jp"] }))
        expect(added.addedCount).toBe(2)
        const twice = yield* as("emily_plays")(Supporters.supportUser({ targetUserIds: ["yuki_sings"] }))
        expect(twice.addedCount).toBe(0)
        const now = yield* Supporters.getSupportingStatus({ screenId: "emily_plays", targetUserId: "yuki_sings" })
        expect(now.isSupporting).toBe(true)
        expect((yield* Users.getUserInfo({ screenId: "yuki_sings" })).supporterCount).toBe(3)
        const removed = yield* as("emily_plays")(Supporters.unsupportUser({ targetUserIds: ["yuki_sings"] }))
        expect(removed.removedCount).toBe(1)
        expect((yield* Users.getUserInfo({ screenId: "yuki_sings" })).supporterCount).toBe(2)
      })))

    it.live("supporterList sorts by total points or by newest; supportingList lists whom a user supports", () =>
      withSimulator(Effect.gen(function*() {
        const ranking = yield* Supporters.supporterList({ screenId: "twitcasting_jp" })
        expect(ranking.total).toBe(4)
        expect(ranking.supporters.map((s) => [s.screenId, s.totalPoint])).toEqual([
          ["casma_jp", 1520],
          ["yuki_sings", 860],
          ["ken_speedruns", 35],
          ["emily_plays", 10]
        ])
        const newest = yield* Supporters.supporterList({ screenId: "twitcasting_jp", sort: "new", limit: 2 })
        expect(newest.supporters.map((s) => s.screenId)).toEqual(["emily_plays", "ken_speedruns"])
        const page = yield* Supporters.supporterList({ screenId: "twitcasting_jp", offset: 3 })
        expect(page.supporters.map((s) => s.screenId)).toEqual(["emily_plays"])
        const supporting = yield* Supporters.supportingList({ screenId: "casma_jp" })
        expect(supporting.total).toBe(2)
        expect(supporting.supporting.map((s) => s.screenId).sort()).toEqual(["twitcasting_jp", "yuki_sings"])
      })))
  })

  it.live("Categories: only categories with lives, counted, in the asked language", () =>
    withSimulator(Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const ja = yield* Categories.getCategories()
      expect(ja.categories.map((c) => [c.name, c.subCategories.map((s) => [s.id, s.count])])).toEqual([
        ["雑談", [["talk_jp", 1]]],
        ["音楽", [["music_sing", 1]]]
      ])
      yield* simulator.startLive("emily_plays", { title: "Cozy games", category: "talk_jp" })
      const en = yield* Categories.getCategories({ lang: "en" })
      expect(en.categories[0]).toMatchObject({ name: "Talk" })
      expect(en.categories[0]?.subCategories[0]).toMatchObject({ name: "Chatting", count: 2 })
    })))

  describe("Search", () => {
    it.live("searchUsers matches every word in name, screen id or profile", () =>
      withSimulator(Effect.gen(function*() {
        const games = yield* Search.searchUsers({ words: "games" })
        expect(games.users.map((u) => u.screenId).sort()).toEqual(["emily_plays", "ken_speedruns"])
        const both = yield* Search.searchUsers({ words: ["retro", "games"] })
        expect(both.users.map((u) => u.screenId)).toEqual(["ken_speedruns"])
        const limited = yield* Search.searchUsers({ words: "games", limit: 1 })
        expect(limited.users).toHaveLength(1)
      })))

    it.live("searchLiveMovies by tag, word, category, newest and recommended", () =>
      withSimulator(Effect.gen(function*() {
        const ids = (result: { readonly movies: ReadonlyArray<{ readonly movie: { readonly id: string } }> }) =>
          result.movies.map((live) => live.movie.id)
        expect(ids(yield* Search.searchLiveMovies({ type: "tag", context: "歌枠" }))).toEqual(["189037370"])
        expect(ids(yield* Search.searchLiveMovies({ context: "夜ふかし" }))).toEqual([live])
        expect(ids(yield* Search.searchLiveMovies({ type: "category", context: "music_sing" }))).toEqual(["189037370"])
        expect(ids(yield* Search.searchLiveMovies({ type: "new" }))).toEqual([live, "189037370"])
        expect(ids(yield* Search.searchLiveMovies({ type: "recommend", limit: 1 }))).toEqual([live])
        // a search result links to the broadcaster's page, not the movie's, as the service does
        const [found] = (yield* Search.searchLiveMovies({ context: "夜ふかし" })).movies
        expect(found?.movie.link).toBe("https://twitcasting.tv/twitcasting_jp")
      })))
  })

  it.live("Webhooks: register, list (paged, by user) and remove, with app credentials", () =>
    withSimulator(asApp(Effect.gen(function*() {
      const registered = yield* Webhooks.registerWebhook({ userId: official, events: ["livestart", "liveend"] })
      expect(registered).toMatchObject({ userId: official, addedEvents: ["livestart", "liveend"] })
      yield* Webhooks.registerWebhook({ userId: "2880417757", events: ["livestart"] })
      const all = yield* Webhooks.getWebhookList()
      expect(all.allCount).toBe(3)
      expect(all.webhooks.map((w) => `${w.userId}/${w.event}`)).toEqual([
        `${official}/livestart`,
        `${official}/liveend`,
        "2880417757/livestart"
      ])
      expect((yield* Webhooks.getWebhookList({ userId: "2880417757" })).allCount).toBe(1)
      expect((yield* Webhooks.getWebhookList({ offset: 1, limit: 1 })).webhooks.map((w) => w.event)).toEqual([
        "liveend"
      ])
      const removed = yield* Webhooks.removeWebhook({ userId: official, events: ["liveend"] })
      expect(removed.deletedEvents).toEqual(["liveend"])
      expect((yield* Webhooks.getWebhookList()).allCount).toBe(2)
      const byScreenId = yield* Webhooks.removeWebhook({ userId: "casma_jp", events: ["livestart", "liveend"] })
      expect(byScreenId).toMatchObject({ userId: "2880417757", deletedEvents: ["livestart"] })
      const unknown = yield* Effect.flip(Webhooks.registerWebhook({ userId: "999", events: ["livestart"] }))
      expect(unknown._tag).toBe("NotFoundError")
    }))))

  it.live("Broadcasting: the RTMP URL of the token's user; the removed WebM URL is a 404, as the API answers", () =>
    withSimulator(Effect.gen(function*() {
      const rtmp = yield* as("casma_jp")(Broadcasting.getRtmpUrl())
      expect(rtmp).toMatchObject({ enabled: true, streamKey: "casma_jp.417757" })
      expect(rtmp.url).toMatch(/^rtmp:\/\//)
      const removed = yield* as("casma_jp")(Effect.flip(Broadcasting.getWebmUrl()))
      expect(removed._tag).toBe("NotFoundError")
    })))

  it.live("Broadcasting: with webmUrl: true, the WebM URL as it was before its removal", () =>
    withSimulator(
      Effect.gen(function*() {
        const webm = yield* as("casma_jp")(Broadcasting.getWebmUrl())
        expect(webm.url).toMatch(/casma_jp$/)
      }),
      { simulator: { webmUrl: true } }
    ))

  describe("answers as the API gives them", () => {
    const raw = (path: string, init: RequestInit = {}) =>
      Effect.flatMap(Simulator.Simulator, ({ baseUrl }) =>
        Effect.promise(async () => {
          const response = await fetch(baseUrl + path, init)
          return { status: response.status, headers: response.headers, body: await response.text() }
        }))

    it.live("bad parameters get 1001 with details per parameter, read by the SDK's own schemas", () =>
      withSimulator(Effect.gen(function*() {
        const answer = yield* raw("/users/twitcasting_jp/movies?limit=99&offset=-1", {
          headers: { authorization: `Bearer ${Seed.demoToken("casma_jp")}` }
        })
        expect(answer.status).toBe(400)
        const body = JSON.parse(answer.body)
        expect(body.error.code).toBe(1001)
        expect(Object.keys(body.error.details).sort()).toEqual(["limit", "offset"])
      })))

    it.live("validation details are keyed by the wire name, in the query and the body", () =>
      withSimulator(Effect.gen(function*() {
        const token = { authorization: `Bearer ${Seed.demoToken("casma_jp")}` }
        const details = (answer: { readonly status: number; readonly body: string }) => {
          expect(answer.status).toBe(400)
          const body = JSON.parse(answer.body)
          expect(body.error).toMatchObject({ code: 1001, message: "Validation error" })
          return body.error.details
        }
        // slice_id (sliceId in the SDK): one reason, not also "could be left out"
        expect(details(yield* raw(`/movies/${live}/comments?slice_id=0`, { headers: token }))).toEqual({
          slice_id: ["must be an integer ≥ 1"]
        })
        expect(details(yield* raw("/users/twitcasting_jp/supporting_status", { headers: token }))).toEqual({
          target_user_id: ["is missing"]
        })
        const put = (body: string) =>
          raw("/support", { method: "PUT", headers: { ...token, "content-type": "application/json" }, body })
        expect(Object.keys(details(yield* put("{\"target_user_ids\":[]}")))).toEqual(["target_user_ids"])
        expect(details(yield* put("not json"))).toEqual({ body: ["must be a JSON object"] })
        expect(details(yield* put("[]"))).toEqual({ body: ["must be a JSON object"] })
        // the credentials are checked first, as the API does
        expect((yield* raw(`/movies/${live}/comments?slice_id=0`)).status).toBe(401)
      })))

    it.live("refusals keep their status: 401, 403, 404", () =>
      withSimulator(Effect.gen(function*() {
        const token = { authorization: `Bearer ${Seed.demoToken("emily_plays")}` }
        const missing = yield* raw("/users/nobody", { headers: token })
        expect([missing.status, JSON.parse(missing.body)]).toEqual([404, {
          error: { code: 404, message: "Not Found" }
        }])
        const comments = yield* Comments.getComments({ movieId: live, limit: 1 })
        const someoneElses = yield* raw(`/movies/${live}/comments/${comments.comments[0]!.id}`, {
          method: "DELETE",
          headers: token
        })
        expect(someoneElses.status).toBe(403)
        expect((yield* raw("/verify_credentials", { headers: { authorization: "Bearer wrong" } })).status).toBe(401)
        expect((yield* raw("/nowhere", { headers: token })).status).toBe(404)
      })))

    it.live("the thumbnail answers a redirect to an image on another origin, without rate-limit headers", () =>
      withSimulator(Effect.gen(function*() {
        const { baseUrl, imagesUrl } = yield* Simulator.Simulator
        expect(new URL(imagesUrl).origin).not.toBe(new URL(baseUrl).origin)
        const answer = yield* raw("/users/twitcasting_jp/live/thumbnail?size=large", { redirect: "manual" })
        expect(answer.status).toBe(302)
        expect(answer.headers.get("location")).toBe(`${imagesUrl}/images/live-large.png`)
        expect(answer.headers.has("x-ratelimit-remaining")).toBe(false)
        const offline = yield* raw("/users/casma_jp/live/thumbnail", { redirect: "manual" })
        expect(offline.headers.get("location")).toBe(`${imagesUrl}/images/offline-small.png`)
        expect((yield* raw("/users/twitcasting_jp/live/thumbnail?size=huge", { redirect: "manual" })).status).toBe(400)
      })))

    it.live("/openapi.json documents every endpoint, and /docs is an HTML reference", () =>
      withSimulator(Effect.gen(function*() {
        const document = yield* raw("/openapi.json")
        expect(document.status).toBe(200)
        const spec = JSON.parse(document.body)
        expect(spec).toEqual(JSON.parse(JSON.stringify(Api.openApi())))
        for (const { endpoint } of Api.endpoints) {
          const path = endpoint.path.replace(/:(\w+)/g, "{$1}")
          expect(spec.paths[path]?.[endpoint.method.toLowerCase()], `${endpoint.method} ${path}`).toBeDefined()
        }
        const docs = yield* raw("/docs")
        expect(docs.status).toBe(200)
        expect(docs.headers.get("content-type")).toMatch(/^text\/html/)
        expect(docs.body).toContain("swagger-ui")
        // the reference works offline: no script or style from elsewhere
        expect(docs.body).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/)
        expect((yield* Simulator.Simulator.pipe(Effect.flatMap((simulator) => simulator.stats))).requests).toBe(0)
      })))

    it.live("a user's movie list and the thumbnail carry no rate-limit headers and count in no window", () =>
      withSimulator(
        Effect.gen(function*() {
          const token = { authorization: `Bearer ${Seed.demoToken("casma_jp")}` }
          const movies = yield* raw("/users/twitcasting_jp/movies", { headers: token })
          const thumbnail = yield* raw("/users/twitcasting_jp/live/thumbnail", { redirect: "manual" })
          expect([movies.status, thumbnail.status]).toEqual([200, 302])
          for (const answer of [movies, thumbnail]) expect(answer.headers.has("x-ratelimit-remaining")).toBe(false)
          // through the SDK: no rate limit on the result, and the window of the other calls untouched
          const listed = yield* Movies.getMoviesByUser({ screenId: "twitcasting_jp" })
          expect(Option.isNone(listed.rateLimit)).toBe(true)
          const user = yield* Users.getUserInfo({ screenId: "twitcasting_jp" })
          expect(Option.map(user.rateLimit, (rateLimit) => rateLimit.remaining)).toEqual(Option.some(59))
        }),
        { simulator: { rateLimit: { limit: 60, window: "60 seconds" } } }
      ))

    it.live("every other answer carries the three rate-limit headers, refusals included; a 401 carries zeros", () =>
      withSimulator(Effect.gen(function*() {
        const token = { authorization: `Bearer ${Seed.demoToken("casma_jp")}` }
        const counted = [
          yield* raw("/users/twitcasting_jp", { headers: token }),
          yield* raw("/users/nobody", { headers: token })
        ]
        expect(counted.map((answer) => [
          answer.status,
          answer.headers.get("x-ratelimit-limit"),
          answer.headers.get("x-ratelimit-remaining")
        ])).toEqual([[200, "60", "59"], [404, "60", "58"]])
        for (const answer of counted) {
          expect(Number(answer.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000)
        }
        const refused = [
          yield* raw("/users/twitcasting_jp", { headers: { authorization: "Bearer wrong" } }),
          yield* raw("/users/twitcasting_jp")
        ]
        for (const answer of refused) {
          expect(answer.status).toBe(401)
          expect(JSON.parse(answer.body)).toEqual({ error: { code: 1000, message: "Invalid token" } })
          expect([answer.headers.get("x-ratelimit-limit"), answer.headers.get("x-ratelimit-remaining")]).toEqual([
            "0",
            "0"
          ])
          expect(Number(answer.headers.get("x-ratelimit-reset"))).toBeLessThanOrEqual(Date.now() / 1000)
        }
      })))

    it.live("app-only calls refuse a user token, and user calls refuse app credentials", () =>
      withSimulator(Effect.gen(function*() {
        const basic = `Basic ${btoa(`${Seed.demoClientId}:${Seed.demoClientSecret}`)}`
        expect((yield* raw("/webhooks", { headers: { authorization: `Bearer ${Seed.demoToken("casma_jp")}` } })).status)
          .toBe(401)
        expect((yield* raw("/webhooks", { headers: { authorization: basic } })).status).toBe(200)
        expect((yield* raw("/rtmp_url", { headers: { authorization: basic } })).status).toBe(401)
        expect((yield* raw("/users/twitcasting_jp", { headers: { authorization: basic } })).status).toBe(200)
        expect((yield* raw("/users/twitcasting_jp/live/thumbnail", { redirect: "manual" })).status).toBe(302)
      })))
  })

  describe("rate limit", () => {
    const window = { limit: 3, window: "1 second" } as const
    const quick = Retry.layer({ rateLimitJitter: "20 millis" })
    /** Runs `effect` as another process would: with a rate budget that shares nothing with this one. */
    const elsewhere = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provide(effect, Budget.layerIsolated())

    it.live("at remaining 0 the SDK waits for the window instead of spending a refused call", () =>
      withSimulator(
        Effect.gen(function*() {
          const simulator = yield* Simulator.Simulator
          const windows: Array<number> = []
          for (let i = 0; i < 5; i++) {
            const { rateLimit } = yield* Users.getUserInfo({ screenId: "casma_jp" })
            windows.push(Option.getOrElse(Option.map(rateLimit, (r) => DateTime.toEpochMillis(r.reset)), () => 0))
          }
          const stats = yield* simulator.stats
          expect(stats).toMatchObject({ requests: 5, limited: 0 })
          // three calls fit in the first window; the fourth waited for the next one
          expect(windows[3]).toBeGreaterThan(windows[0]!)
          expect(Date.now()).toBeGreaterThanOrEqual(windows[0]!)
        }).pipe(Effect.provide(quick)),
        { simulator: { rateLimit: window } }
      ))

    it.live("a 2000 answer is waited out until X-RateLimit-Reset and the call succeeds", () =>
      withSimulator(
        Effect.gen(function*() {
          const simulator = yield* Simulator.Simulator
          // another client of the same token, in another process, spends the window first
          for (let i = 0; i < 3; i++) yield* elsewhere(Users.getUserInfo({ screenId: "casma_jp" }))
          const fresh = as("twitcasting_jp")
          const info = yield* fresh(Users.getUserInfo({ screenId: "emily_plays" }))
          expect(info.user.screenId).toBe("emily_plays")
          const stats = yield* simulator.stats
          expect(stats.limited).toBe(1)
          expect(stats.requests).toBe(5)
        }).pipe(Effect.provide(quick)),
        { simulator: { rateLimit: window } }
      ))

    it.live("with retries spent the caller gets RateLimitError with the reset time", () =>
      withSimulator(
        Effect.gen(function*() {
          // another process spends the window, so this call is sent and refused
          for (let i = 0; i < 3; i++) yield* elsewhere(Users.getUserInfo({ screenId: "casma_jp" }))
          const error = yield* as("twitcasting_jp")(Effect.flip(Users.getUserInfo({ screenId: "casma_jp" })))
          if (error._tag !== "RateLimitError") return expect.fail(`expected RateLimitError, got ${error._tag}`)
          expect(error.sent).toBe(true)
          const reset = Option.map(error.reset, DateTime.toEpochMillis)
          expect(Option.getOrElse(reset, () => 0)).toBeGreaterThan(Date.now() - 1000)
        }).pipe(Effect.provide(Retry.layer({ rateLimitRetries: 0 }))),
        // a window long enough that a loaded machine cannot outlast it between the calls
        { simulator: { rateLimit: { limit: 3, window: "1 minute" } } }
      ))
  })

  describe("webhook delivery", () => {
    /** A receiver on a free port that keeps what it is sent. */
    const receiver = Effect.acquireRelease(
      Effect.async<{ readonly url: string; readonly bodies: Array<string>; readonly close: () => void }>((resume) => {
        const bodies: Array<string> = []
        const server = createServer((request, response) => {
          let body = ""
          request.on("data", (chunk) => (body += chunk))
          request.on("end", () => {
            bodies.push(body)
            response.writeHead(200).end()
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resume(Effect.succeed({ url: `http://127.0.0.1:${port}/hook`, bodies, close: () => server.close() }))
        })
      }),
      (receiver) => Effect.sync(receiver.close)
    )

    /** Polls `check` until it gives a value, for at most 5 seconds. */
    const until = <A>(check: Effect.Effect<A | undefined>) =>
      check.pipe(
        Effect.flatMap((value) => value === undefined ? Effect.fail("not yet" as const) : Effect.succeed(value)),
        Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.upTo("5 seconds")))
      )

    it.live("a live start and end are POSTed with the app's signature to its URL, for registered users only", () =>
      withSimulator(Effect.scoped(Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        const hook = yield* receiver
        yield* simulator.setWebhookUrl(Seed.demoClientId, hook.url)
        yield* asApp(Webhooks.registerWebhook({ userId: "casma_jp", events: ["livestart", "liveend"] }))
        yield* simulator.startLive("emily_plays", { title: "not registered" })
        const started = yield* simulator.startLive("casma_jp", { title: "深夜の雑談", tags: ["雑談"] })
        yield* simulator.endLive("casma_jp")
        const deliveries = yield* until(Effect.map(simulator.deliveries, (all) => all.length >= 2 ? all : undefined))
        expect(deliveries.map((d) => [d.event, d.movieId, d.status])).toEqual([
          ["livestart", started.movie.id, 200],
          ["liveend", started.movie.id, 200]
        ])
        expect(hook.bodies).toHaveLength(2)
        const events = yield* Effect.forEach(hook.bodies, (body) => Webhooks.incomingWebhook(body))
        expect(events).toMatchObject([
          { _tag: "LiveStart", movie: { id: started.movie.id, isLive: true }, broadcaster: { screenId: "casma_jp" } },
          { _tag: "LiveEnd", movie: { id: started.movie.id, isLive: false }, broadcaster: { screenId: "casma_jp" } }
        ])
        expect(hook.bodies.every((body) => JSON.parse(body).signature === Seed.demoWebhookSignature)).toBe(true)
      }))))

    it.live("a schedule created, updated and deleted is POSTed, signed, to the apps registered for each event", () =>
      withSimulator(Effect.scoped(Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        const hook = yield* receiver
        yield* simulator.setWebhookUrl(Seed.demoClientId, hook.url)
        yield* asApp(Webhooks.registerWebhook({
          userId: "casma_jp",
          events: ["liveschedulecreate", "livescheduleupdate", "livescheduledelete"]
        }))
        const listed = yield* asApp(Webhooks.getWebhookList())
        expect(listed.webhooks.map((webhook) => webhook.event).filter((event) => event.startsWith("livesch")).sort())
          .toEqual([
            "liveschedulecreate",
            "livescheduledelete",
            "livescheduleupdate"
          ])
        // a schedule of a user nobody registered for goes nowhere
        yield* simulator.createSchedule("emily_plays", {
          title: "not registered",
          startAt: new Date(Date.now() + 3_600_000)
        })
        const startAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000)
        const created = yield* simulator.createSchedule("casma_jp", { title: "金曜の雑談", startAt })
        expect(created.id).toMatch(/^timetable-\d+$/)
        const ahead = yield* asApp(Users.getUpcomingLiveSchedules({ screenId: "casma_jp", inDays: 7 }))
        expect(ahead.liveSchedules.map((schedule) => schedule.id)).toContain(created.id)
        yield* simulator.updateSchedule(created.id, { title: "金曜の雑談 (延長)" })
        yield* simulator.deleteSchedule(created.id)
        const deliveries = yield* until(Effect.map(simulator.deliveries, (all) => all.length >= 3 ? all : undefined))
        expect(deliveries.map((d) => [d.event, d.scheduleId, d.movieId, d.status])).toEqual([
          ["liveschedulecreate", created.id, null, 200],
          ["livescheduleupdate", created.id, null, 200],
          ["livescheduledelete", created.id, null, 200]
        ])
        const events = yield* Effect.forEach(hook.bodies, (body) => Webhooks.incomingWebhook(body))
        expect(events).toMatchObject([
          { _tag: "LiveScheduleCreate", schedule: { id: created.id, title: "金曜の雑談", userScreenId: "casma_jp" } },
          { _tag: "LiveScheduleUpdate", schedule: { id: created.id, title: "金曜の雑談 (延長)" } },
          { _tag: "LiveScheduleDelete", scheduleId: created.id }
        ])
        const first = events[0]
        if (first?._tag !== "LiveScheduleCreate") return expect.fail("expected a LiveScheduleCreate first")
        expect(DateTime.toEpochMillis(first.schedule.startAt)).toBe(startAt.getTime())
        const gone = yield* asApp(Users.getUpcomingLiveSchedules({ screenId: "casma_jp", inDays: 7 }))
        expect(gone.liveSchedules.map((schedule) => schedule.id)).not.toContain(created.id)
      }))))

    it.live("schedules are controlled over HTTP too, and an unknown one is a 404", () =>
      withSimulator(Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        const send = (method: string, path: string, body?: unknown) =>
          Effect.promise(() =>
            fetch(`${simulator.baseUrl}${path}`, {
              method,
              headers: { "content-type": "application/json" },
              ...(body === undefined ? {} : { body: JSON.stringify(body) })
            }).then(async (response) => ({
              status: response.status,
              body: await response.json() as Record<string, unknown>
            }))
          )
        const created = yield* send("POST", "/_simulator/users/casma_jp/schedules", {
          title: "HTTP で予定",
          startAt: new Date(Date.now() + 86_400_000).toISOString()
        })
        expect(created.status).toBe(200)
        const id = String(created.body["id"])
        const updated = yield* send("PATCH", `/_simulator/schedules/${id}`, { title: "変更" })
        expect(updated.body).toMatchObject({ id, title: "変更", user_screen_id: "casma_jp" })
        expect((yield* send("DELETE", `/_simulator/schedules/${id}`)).status).toBe(200)
        expect((yield* send("DELETE", `/_simulator/schedules/${id}`)).status).toBe(404)
      })))

    it.live("an unreachable URL is logged as a failed delivery", () =>
      withSimulator(Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        yield* simulator.setWebhookUrl(Seed.demoClientId, "http://127.0.0.1:9/unreachable")
        yield* asApp(Webhooks.registerWebhook({ userId: "casma_jp", events: ["livestart"] }))
        yield* simulator.startLive("casma_jp")
        const [delivery] = yield* until(Effect.map(simulator.deliveries, (all) => all.length > 0 ? all : undefined))
        expect(delivery).toMatchObject({ status: null, event: "livestart" })
        expect(delivery?.error).not.toBeNull()
      })))
  })

  it.live("the control API over HTTP: bulk comments, stats", () =>
    withSimulator(Effect.gen(function*() {
      const { baseUrl } = yield* Simulator.Simulator
      const added = yield* Effect.promise(() =>
        fetch(`${baseUrl}/_simulator/movies/${live}/comments/bulk`, {
          method: "POST",
          body: JSON.stringify({ user: "casma_jp", count: 500 })
        }).then((response) => response.json())
      )
      expect(added).toEqual({ all_count: 510 })
      const newest = yield* Comments.getComments({ movieId: live, limit: 2 })
      expect(newest.comments.map((c) => c.message)).toEqual(["bulk #500", "bulk #499"])
      const refused = yield* Effect.promise(() =>
        fetch(`${baseUrl}/_simulator/movies/${live}/comments/bulk`, { method: "POST", body: "{\"user\": 1}" })
      )
      expect(refused.status).toBe(400)
      const stats = yield* Effect.promise(() =>
        fetch(`${baseUrl}/_simulator/stats`).then((response) => response.json())
      )
      expect(stats).toMatchObject({ requests: 1, limited: 0, faults: 0 })
    })))

  it.live("the socketless layer serves the same API without a port", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      expect(simulator.baseUrl).not.toMatch(/127\.0\.0\.1/)
      const posted = yield* Comments.postComment({ movieId: live, comment: "no socket" })
      expect(yield* simulator.commentIds(live)).toContain(posted.comment.id)
      const image = yield* Users.getLiveThumbnailImage({ screenId: "casma_jp" })
      expect(image.contentType).toBe("image/png")
    }).pipe(Effect.provide(Simulator.userAuth().pipe(Layer.provideMerge(Simulator.layerClient())))))
})
