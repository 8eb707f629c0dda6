/**
 * The pieces of what a person sees: aligned columns with full-width
 * characters, colour only when on, local times, the rate-limit status line
 * from a log record, and failures as one line and an exit code.
 */
import { Errors } from "@effect-twitcasting/sdk"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, HashMap, Option } from "effect"
import * as Credentials from "../src/Credentials.js"
import * as Failure from "../src/Failure.js"
import * as Notice from "../src/Notice.js"
import * as Output from "../src/Output.js"
import { cli, configDir, Env } from "./harness.js"

describe("Output", () => {
  const columns: ReadonlyArray<Output.Column<{ readonly name: string; readonly n: number }>> = [
    { header: "name", cell: (row) => row.name },
    { header: "n", cell: (row) => String(row.n), align: "right", style: (row) => (row.n > 9 ? "red" : undefined) },
    { header: "note", cell: () => "x" }
  ]

  it("aligns columns by terminal width: a full-width character takes two", () => {
    expect(Output.tableLines([{ name: "ゆき", n: 3 }, { name: "ken", n: 12 }], columns, false)).toEqual([
      "name   n  note",
      "ゆき   3  x",
      "ken   12  x"
    ])
  })

  it("colours only when colour is on, without moving the columns", () => {
    const [header, first, second] = Output.tableLines([{ name: "a", n: 3 }, { name: "b", n: 12 }], columns, true)
    expect(header).toBe("\x1b[2mname\x1b[22m   \x1b[2mn\x1b[22m  \x1b[2mnote\x1b[22m")
    expect(first).toBe("a      3  x")
    expect(second).toBe("b     \x1b[31m12\x1b[39m  x")
  })

  it.effect("shows times in the current zone", () =>
    Effect.gen(function*() {
      const format = yield* Output.localTime
      expect(format(DateTime.unsafeMake("2026-12-02T12:34:56Z"))).toBe("2026-12-02 21:34:56")
    }).pipe(Effect.provide(DateTime.layerCurrentZoneOffset(9 * 60 * 60 * 1000))))

  it.scoped("a command's output is coloured on a colour terminal", () =>
    Effect.gen(function*() {
      const dir = yield* configDir
      const shown = yield* cli(["movies", "twitcasting_jp"], dir, { color: true })
      expect(shown.out[0]).toContain("\x1b[2mstarted\x1b[22m")
      expect(shown.out[1]).toContain("\x1b[31mLIVE\x1b[39m")
    }).pipe(Effect.provide(Env)))
})

describe("Notice", () => {
  const record = (message: unknown, annotations: ReadonlyArray<readonly [string, unknown]>) => ({
    message,
    annotations: HashMap.fromIterable(annotations)
  })

  it("renders the SDK's rate-limit wait as the status line, rounding up to whole seconds", () => {
    const waiting = [["twitcasting.bucket", "default"], ["twitcasting.waitMillis", 11_200]] as const
    expect(Notice.rateLimitLine(record(["rate limit: waiting"], waiting))).toEqual(
      Option.some("rate limited, next call in 12 s")
    )
    expect(Notice.rateLimitLine(record("rate limit: waiting", [["twitcasting.waitMillis", 300]]))).toEqual(
      Option.some("rate limited, next call in 1 s")
    )
  })

  it("ignores other records, and a wait without its duration", () => {
    expect(Notice.rateLimitLine(record(["something else"], [["twitcasting.waitMillis", 5000]]))).toEqual(Option.none())
    expect(Notice.rateLimitLine(record(["rate limit: waiting"], [["twitcasting.bucket", "default"]]))).toEqual(
      Option.none()
    )
  })

  it.effect("the logger puts the line on the Output's status line", () =>
    Effect.gen(function*() {
      const shown: Array<string> = []
      yield* Effect.logInfo("rate limit: waiting").pipe(
        Effect.annotateLogs({ "twitcasting.bucket": "default", "twitcasting.waitMillis": 4000 }),
        Effect.provideService(Output.Output, { color: false, status: (line) => shown.push(line) }),
        Effect.provide(Notice.layer)
      )
      expect(shown).toEqual(["rate limited, next call in 4 s"])
    }))
})

describe("Failure", () => {
  it("API and network failures are exit code 1, usage is 2, each one line saying what to do", () => {
    expect(Failure.explain(new Credentials.MissingCredentials({ need: "app" }))).toEqual({
      exitCode: 2,
      line: Option.some("this needs app credentials: set TWITCASTING_CLIENT_ID and TWITCASTING_CLIENT_SECRET")
    })
    expect(
      Failure.explain(
        new Errors.AuthenticationError({ endpoint: "Users.verifyCredentials", status: 401, reason: "Invalid token" })
      )
    ).toEqual({
      exitCode: 1,
      line: Option.some(
        "the API refused the credentials (Invalid token): run `twitcasting login` (or set TWITCASTING_ACCESS_TOKEN)"
      )
    })
    expect(
      Failure.explain(
        new Errors.RateLimitError({
          endpoint: "Users.getUserInfo",
          reset: Option.some(DateTime.unsafeMake("2026-12-02T12:00:00Z")),
          sent: true
        })
      ).exitCode
    ).toBe(1)
    expect(
      Failure.explain(new Errors.ValidationError({ endpoint: "Comments.postComment", source: "client", issues: [] }))
        .exitCode
    ).toBe(2)
    expect(Failure.explain(new Errors.ApiError({ endpoint: "x", status: 500, code: 500, reason: "Internal" }))).toEqual(
      {
        exitCode: 1,
        line: Option.some("the API answered 500 (code 500): Internal")
      }
    )
  })
})
