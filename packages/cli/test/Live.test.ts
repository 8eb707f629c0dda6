/**
 * Live work against the in-process simulator: comments (and following
 * them, on the TestClock), posting and deleting, gifts, subtitle, hashtag,
 * support, RTMP, and how refused credentials end.
 */
import { Simulator } from "@effect-twitcasting/simulator"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Option } from "effect"
import { cli, configDir, Env, hasLine, jsonLines, step } from "./harness.js"

const run = (...args: ReadonlyArray<string>) => Effect.flatMap(configDir, (dir) => cli(args, dir))

const live = "189037369"

describe("live work", () => {
  it.scoped("comments: the latest, oldest first, for a movie id or a user's current live", () =>
    Effect.gen(function*() {
      const shown = yield* run("comments", live, "--limit", "3")
      expect(shown.code).toBe(0)
      expect(shown.out).toHaveLength(3)
      const byUser = yield* run("comments", "twitcasting_jp", "--limit", "3")
      expect(byUser.out).toEqual(shown.out)
      const json = jsonLines(yield* run("--json", "comments", live, "--limit", "3"))
      const ids = json.map((comment) => Number(comment["id"]))
      expect(ids).toEqual([...ids].sort((a, b) => a - b))
      expect(shown.out[2]).toContain(String(json[2]!["message"]))
    }).pipe(Effect.provide(Env)))

  it.scoped("comments --follow prints each new comment until the live ends", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const dir = yield* configDir
      const started = yield* simulator.startLive("casma_jp", { title: "follow me" })
      const movie = started.movie.id
      yield* simulator.postComment(movie, "emily_plays", "before")
      const following = yield* Effect.fork(cli(["comments", "casma_jp", "--follow", "--limit", "1"], dir))
      yield* Effect.repeatN(step, 2)
      yield* simulator.postComment(movie, "yuki_sings", "one")
      yield* Effect.repeatN(step, 2)
      yield* simulator.postComment(movie, "ken_speedruns", "two")
      yield* Effect.repeatN(step, 2)
      yield* simulator.endLive("casma_jp")
      // the tail notices the end after 15 s without a comment
      let done = yield* Fiber.poll(following)
      for (let i = 0; i < 200 && Option.isNone(done); i++) {
        yield* step
        done = yield* Fiber.poll(following)
      }
      const shown = yield* Fiber.join(following)
      expect(shown.code).toBe(0)
      expect(shown.out.map((line) => line.split("  ").slice(1))).toEqual([
        ["@emily_plays", "before"],
        ["@yuki_sings", "one"],
        ["@ken_speedruns", "two"]
      ])
      expect(shown.err).toEqual([`following the comments of movie ${movie} (Ctrl-C to stop)`, "the live has ended"])
    }).pipe(Effect.provide(Env)))

  it.scoped("comment, then delete-comment", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const posted = yield* run("--json", "comment", live, "こんばんは 👋")
      expect(posted.code).toBe(0)
      const [answer] = jsonLines(posted)
      const id = String((answer!["comment"] as { id: string }).id)
      expect(yield* simulator.commentIds(live)).toContain(id)
      const deleted = yield* run("delete-comment", live, id)
      expect(deleted).toMatchObject({ code: 0, out: [`deleted comment ${id}`] })
      expect(yield* simulator.commentIds(live)).not.toContain(id)
    }).pipe(Effect.provide(Env)))

  it.scoped("a comment the API's rules refuse is a usage error, nothing sent", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const before = yield* simulator.commentIds(live)
      const tooLong = yield* run("comment", live, "あ".repeat(141))
      expect(tooLong.code).toBe(2)
      expect(tooLong.err).toEqual([expect.stringMatching(/^twitcasting: invalid input: comment/)])
      expect(yield* simulator.commentIds(live)).toEqual(before)
    }).pipe(Effect.provide(Env)))

  it.scoped("gifts: the recent ones", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      yield* simulator.sendGift({ from: "casma_jp", to: "twitcasting_jp", message: "おめでとう" })
      const shown = yield* run("gifts")
      expect(shown.code).toBe(0)
      expect(hasLine(shown.out, "@casma_jp", "おめでとう")).toBe(true)
    }).pipe(Effect.provide(Env)))

  it.scoped("gifts --follow prints each gift as it arrives", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const dir = yield* configDir
      const lines = { out: new Array<string>(), err: new Array<string>() }
      const following = yield* Effect.fork(cli(["gifts", "--follow"], dir, { lines }))
      // steps of the TestClock until `count` gifts are printed (at most 50: a gift shows for 10 s)
      const until = (count: number) => Effect.repeat(step, { until: () => lines.out.length >= count, times: 50 })
      yield* Effect.repeatN(step, 2)
      yield* simulator.sendGift({ from: "yuki_sings", to: "twitcasting_jp", message: "いつも楽しい" })
      yield* until(1)
      yield* simulator.sendGift({ from: "ken_speedruns", to: "twitcasting_jp", message: "GG" })
      yield* until(2)
      yield* Fiber.interrupt(following)
      expect(lines.err).toEqual(["following your gifts (Ctrl-C to stop)"])
      expect(lines.out.map((line) => [line.split("  ")[0], line.split("  ").pop()])).toEqual([
        ["@yuki_sings", "いつも楽しい"],
        ["@ken_speedruns", "GG"]
      ])
    }).pipe(Effect.provide(Env)))

  it.scoped("subtitle and hashtag, set and unset", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      expect((yield* run("subtitle", "set", "今夜は雑談")).code).toBe(0)
      expect((yield* run("hashtag", "set", "#effect")).code).toBe(0)
      expect(yield* simulator.liveText(live)).toEqual({ subtitle: "今夜は雑談", hashtag: "#effect" })
      expect((yield* run("subtitle", "unset")).out).toEqual([`subtitle of movie ${live} removed`])
      expect((yield* run("hashtag", "unset")).code).toBe(0)
      expect(yield* simulator.liveText(live)).toEqual({ subtitle: null, hashtag: null })
      const wide = yield* run("subtitle", "set", "あ".repeat(18))
      expect(wide.code).toBe(2)
    }).pipe(Effect.provide(Env)))

  it.scoped("support and unsupport", () =>
    Effect.gen(function*() {
      expect((yield* run("support", "hanako_cooks", "emily_plays")).out).toEqual(["now supporting 2 more"])
      const supporting = jsonLines(yield* run("--json", "supporting", "twitcasting_jp"))
      expect(supporting.map((user) => user["screen_id"])).toEqual(
        expect.arrayContaining(["hanako_cooks", "emily_plays"])
      )
      expect((yield* run("unsupport", "hanako_cooks")).out).toEqual(["stopped supporting 1"])
    }).pipe(Effect.provide(Env)))

  it.scoped("rtmp, lives, whoami", () =>
    Effect.gen(function*() {
      const rtmp = yield* run("--json", "rtmp")
      expect(rtmp.code).toBe(0)
      expect(jsonLines(rtmp)[0]).toHaveProperty("stream_key")
      const lives = yield* run("lives")
      expect(hasLine(lives.out, "@yuki_sings", "189037370")).toBe(true)
      const me = yield* run("whoami")
      expect(hasLine(me.out, "screen id", "@twitcasting_jp")).toBe(true)
    }).pipe(Effect.provide(Env)))

  it.scoped("a refused token is exit code 1 and says how to log in; app credentials cannot post", () =>
    Effect.gen(function*() {
      const dir = yield* configDir
      const refused = yield* cli(["whoami"], dir, { env: { TWITCASTING_ACCESS_TOKEN: "not-a-token" } })
      expect(refused.code).toBe(1)
      expect(refused.err).toEqual([expect.stringContaining("run `twitcasting login`")])
      const app = yield* cli(["comment", live, "hi"], dir, { env: { TWITCASTING_ACCESS_TOKEN: undefined } })
      expect(app.code).toBe(2)
      expect(app.err).toEqual(["twitcasting: not logged in: run `twitcasting login`, or set TWITCASTING_ACCESS_TOKEN"])
    }).pipe(Effect.provide(Env)))
})
