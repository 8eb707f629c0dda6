/**
 * The simulator's rate limit as the service counts it: windows per token and
 * per bucket (the supporter lists apart), each opened by the bucket's first
 * request and ending at the reset it reports, windows scaled in time, and
 * refused credentials (401) counted in no window. The windows follow Effect's
 * clock, so `TestClock` drives them; requests go raw, through the socketless
 * client, to read the headers as the server sends them.
 */
import { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, TestClock } from "effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Seed, Simulator } from "../src/index.js"

/** A Unix time in milliseconds that is not on a whole second. */
const T0 = 1_700_000_000_250

const bearer = (screenId: string) => `Bearer ${Seed.demoToken(screenId)}`

/** One raw GET of `path`, and what its answer says of the rate limit. */
const get = (path: string, authorization?: string) =>
  Effect.gen(function*() {
    const { baseUrl } = yield* Simulator.Simulator
    const client = yield* HttpClient.HttpClient
    const response = yield* client.get(`${baseUrl}${path}`, {
      headers: authorization === undefined ? {} : { authorization }
    })
    const text = yield* response.text
    const body: { readonly error?: { readonly code?: number } } = text.startsWith("{") ? JSON.parse(text) : {}
    return {
      status: response.status,
      code: body.error?.code,
      limit: Number(response.headers["x-ratelimit-limit"]),
      remaining: Number(response.headers["x-ratelimit-remaining"]),
      reset: Number(response.headers["x-ratelimit-reset"])
    }
  }).pipe(Effect.orDie)

const userInfo = (screenId = "twitcasting_jp") => get("/users/casma_jp", bearer(screenId))
const supporters = (screenId = "twitcasting_jp") => get("/users/twitcasting_jp/supporters", bearer(screenId))
const supporting = (screenId = "twitcasting_jp") => get("/users/casma_jp/supporting", bearer(screenId))
/** The live thumbnail: it needs no credentials, and the service meters it in no window. */
const thumbnail = get("/users/twitcasting_jp/live/thumbnail")

const stats = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.stats)

const simulated = (options: Simulator.Options = {}) =>
<A, E>(
  effect: Effect.Effect<A, E, Simulator.Simulator | HttpClient.HttpClient>
) => Effect.provide(effect, Simulator.layerClient(options))

/**
 * The reset (Unix seconds) of a window opened at `millis` for `windowMillis`,
 * as the service reports it: the first answer's `Date` (the whole second
 * `millis` falls in) plus the window, on a whole second.
 */
const resetOf = (millis: number, windowMillis: number) =>
  Math.ceil((Math.floor(millis / 1000) * 1000 + windowMillis) / 1000)

describe("rate limit", () => {
  it.effect("a window opens at the bucket's first request and resets at that answer's whole second plus the window", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const first = yield* userInfo()
      expect(first).toMatchObject({ status: 200, limit: 60, remaining: 59, reset: resetOf(T0, 60_000) })
      expect(first.reset).toBe(1_700_000_060)

      yield* TestClock.adjust("10 seconds")
      expect(yield* userInfo()).toMatchObject({ status: 200, remaining: 58, reset: first.reset })
      // the supporter lists' window opens at their own first request, 30 s long
      const list = yield* supporters()
      expect(list).toMatchObject({ status: 200, limit: 30, remaining: 29, reset: resetOf(T0 + 10_000, 30_000) })
      expect(list.reset).toBe(1_700_000_040)
    }).pipe(simulated()))

  it.effect("refused requests count; the window ends exactly at its reset, and the next request opens a new one", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      for (let i = 2; i >= 0; i--) expect(yield* userInfo()).toMatchObject({ status: 200, remaining: i })
      const reset = resetOf(T0, 2_000)
      // opened 250 ms into a second, the 2 s window lasts 1.75 s
      expect(reset * 1000).toBe(T0 + 1_750)
      for (let i = 0; i < 2; i++) {
        expect(yield* userInfo()).toMatchObject({ status: 403, code: 2000, limit: 3, remaining: 0, reset })
      }
      expect(yield* stats).toMatchObject({ requests: 5, limited: 2 })

      // one millisecond before the reported reset: still the same window, refused
      yield* TestClock.setTime(reset * 1000 - 1)
      expect(yield* userInfo()).toMatchObject({ status: 403, code: 2000, remaining: 0, reset })
      // at the reset: a new window, opened at this request's time
      yield* TestClock.setTime(reset * 1000)
      expect(yield* userInfo()).toMatchObject({ status: 200, remaining: 2, reset: reset + 2 })

      // long after it ended, the next window starts at the next request's second, not on a grid
      const later = (reset + 2) * 1000 + 5_700
      yield* TestClock.setTime(later)
      expect(yield* userInfo()).toMatchObject({ status: 200, remaining: 2, reset: resetOf(later, 2_000) })
      expect(resetOf(later, 2_000)).toBe(reset + 9)
      expect(yield* stats).toMatchObject({ requests: 8, limited: 3 })
    }).pipe(simulated({ rateLimit: { limit: 3, window: "2 seconds" } })))

  it.effect("the buckets are independent: 30 supporter calls spent do not refuse getUserInfo", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      for (let i = 0; i < 30; i++) {
        expect(yield* (i % 2 === 0 ? supporters() : supporting())).toMatchObject({ status: 200, remaining: 29 - i })
      }
      // both lists share the "supporters" bucket, now spent
      expect(yield* supporters()).toMatchObject({ status: 403, code: 2000, limit: 30, remaining: 0 })
      expect(yield* supporting()).toMatchObject({ status: 403, code: 2000, limit: 30, remaining: 0 })
      // the default bucket of the same token is untouched
      expect(yield* userInfo()).toMatchObject({ status: 200, limit: 60, remaining: 59, reset: resetOf(T0, 60_000) })
      // and another token has its own supporters window
      expect(yield* supporters("casma_jp")).toMatchObject({ status: 200, limit: 30, remaining: 29 })
      expect(yield* stats).toMatchObject({ requests: 34, limited: 2 })

      yield* TestClock.setTime(resetOf(T0, 30_000) * 1000)
      expect(yield* supporters()).toMatchObject({ status: 200, remaining: 29 })
    }).pipe(simulated()))

  it.effect("timeScale shortens every window", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      expect(yield* userInfo()).toMatchObject({ limit: 60, reset: resetOf(T0, 3_000) })
      expect(resetOf(T0, 3_000)).toBe(1_700_000_003)
      expect(yield* supporters()).toMatchObject({ limit: 30, reset: resetOf(T0, 1_500) })
      expect(resetOf(T0, 1_500)).toBe(1_700_000_002)
      // a window of 1.5 s opened 600 ms into a second ends on the next whole
      // second at or after that second plus 1.5 s: 1.4 s later
      yield* TestClock.setTime(T0 + 350)
      const fractional = yield* supporters("casma_jp")
      expect(fractional).toMatchObject({ status: 200, limit: 30, remaining: 29, reset: 1_700_000_002 })
      yield* TestClock.setTime(fractional.reset * 1000 - 1)
      expect(yield* supporters("casma_jp")).toMatchObject({ remaining: 28, reset: fractional.reset })
      yield* TestClock.setTime(fractional.reset * 1000)
      expect(yield* supporters("casma_jp")).toMatchObject({ remaining: 29, reset: fractional.reset + 2 })
    }).pipe(simulated({ rateLimit: { timeScale: 0.05 } })))

  it.effect("a bucket's own limit and window, scaled too", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      const reset = resetOf(T0, 1_000)
      expect(reset).toBe(1_700_000_001)
      expect(yield* supporters()).toMatchObject({ status: 200, limit: 2, remaining: 1, reset })
      expect(yield* supporters()).toMatchObject({ status: 200, remaining: 0 })
      expect(yield* supporters()).toMatchObject({ status: 403, code: 2000 })
      expect(yield* userInfo()).toMatchObject({ status: 200, limit: 5, reset: resetOf(T0, 4_000) })
      expect(resetOf(T0, 4_000)).toBe(1_700_000_004)
      yield* TestClock.setTime(reset * 1000 - 1)
      expect(yield* supporters()).toMatchObject({ status: 403, code: 2000, reset })
      yield* TestClock.setTime(reset * 1000)
      expect(yield* supporters()).toMatchObject({ status: 200, remaining: 1, reset: reset + 1 })
    }).pipe(simulated({
      rateLimit: {
        limit: 5,
        window: "40 seconds",
        timeScale: 0.1,
        buckets: { supporters: { limit: 2, window: "10 seconds" } }
      }
    })))

  it("rateLimitBuckets: the service's buckets by default, then the options over them, scaled", () => {
    const view = (buckets: ReadonlyArray<Simulator.RateLimitBucket>) =>
      buckets.map(({ limit, name, window }) => [name, limit, Duration.toMillis(window)])
    expect(view(Simulator.rateLimitBuckets())).toEqual([["default", 60, 60_000], ["supporters", 30, 30_000]])
    expect(view(Simulator.rateLimitBuckets({ timeScale: 0.05 }))).toEqual([
      ["default", 60, 3_000],
      ["supporters", 30, 1_500]
    ])
    expect(view(Simulator.rateLimitBuckets({
      limit: 10,
      window: "5 seconds",
      buckets: { default: { limit: 99, window: "1 minute" }, supporters: { limit: 3 }, other: { window: "2 seconds" } }
    }))).toEqual([["default", 10, 5_000], ["supporters", 3, 30_000], ["other", 10, 2_000]])
    expect(view(Simulator.rateLimitBuckets({ buckets: { default: { limit: 7 } } }))).toEqual([
      ["default", 7, 60_000],
      ["supporters", 30, 30_000]
    ])
  })

  it.effect("a 401 carries zeros and counts in no window", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T0)
      for (let i = 0; i < 3; i++) {
        expect(yield* get("/users/casma_jp", "Bearer forged")).toEqual({
          status: 401,
          code: 1000,
          limit: 0,
          remaining: 0,
          reset: Math.floor(T0 / 1000)
        })
      }
      // no credentials at all, and a user token where only app credentials go
      expect(yield* get("/users/casma_jp")).toMatchObject({ status: 401, limit: 0, remaining: 0 })
      expect(yield* get("/webhooks", bearer("twitcasting_jp"))).toMatchObject({ status: 401, limit: 0, remaining: 0 })
      expect(yield* supporters("nobody")).toMatchObject({ status: 401, limit: 0, remaining: 0 })

      // the token's windows were not touched
      expect(yield* userInfo()).toMatchObject({ status: 200, limit: 2, remaining: 1 })
      expect(yield* supporters()).toMatchObject({ status: 200, limit: 30, remaining: 29 })
      // the thumbnail (no credentials) is counted in no window and says nothing of one, as the service answers
      for (let i = 0; i < 3; i++) {
        const answer = yield* thumbnail
        expect(answer.status).toBe(302)
        expect([answer.limit, answer.remaining]).toEqual([Number.NaN, Number.NaN])
      }
      expect(yield* stats).toMatchObject({ requests: 11, limited: 0 })
    }).pipe(simulated({ rateLimit: { limit: 2 } })))
})

describe("the command", () => {
  const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

  /** Runs the command with `args` until it prints its rate limit, or exits. */
  const run = (args: ReadonlyArray<string>) =>
    Effect.async<{ readonly output: string; readonly exitCode: number | null }>((resume) => {
      const child = spawn(process.execPath, ["--import", "tsx", bin, "--port", "0", "--chatter", "0", ...args], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        stdio: ["ignore", "pipe", "pipe"]
      })
      let output = ""
      const collect = (chunk: Buffer) => {
        output += chunk.toString()
        if (/rate limit: .*\n/.test(output)) child.kill()
      }
      child.stdout.on("data", collect)
      child.stderr.on("data", collect)
      child.once("exit", (code) => resume(Effect.succeed({ output, exitCode: code })))
      return Effect.sync(() => child.kill())
    })

  it.live("prints every bucket's limit and window, scaled by --time-scale", () =>
    Effect.gen(function*() {
      // three processes at once: each spends most of its time starting
      const [plain, fast, refused] = yield* Effect.all([
        run([]),
        run(["--rate-limit", "10", "--window", "20", "--time-scale", "0.05"]),
        run(["--time-scale", "0"])
      ], { concurrency: "unbounded" })
      expect(plain.output).toContain("rate limit: default 60 per 60 s, supporters 30 per 30 s per token\n")
      expect(fast.output).toContain(
        "rate limit: default 10 per 1 s, supporters 30 per 1.5 s per token (time scale 0.05)"
      )
      expect(refused.exitCode).not.toBe(0)
      expect(refused.output).not.toContain("rate limit:")
    }), 60_000)
})
