/**
 * The lookups against the in-process simulator: what a person sees, what
 * `--json` prints, and the exit codes.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { cli, configDir, Env, hasLine, jsonLines } from "./harness.js"

const run = (...args: ReadonlyArray<string>) => Effect.flatMap(configDir, (dir) => cli(args, dir))

describe("lookups", () => {
  it.scoped("user: a record for a person, the API's JSON with --json", () =>
    Effect.gen(function*() {
      const shown = yield* run("user", "casma_jp")
      expect(shown.code).toBe(0)
      expect(hasLine(shown.out, "name", "キャスマ")).toBe(true)
      expect(hasLine(shown.out, "screen id", "@casma_jp")).toBe(true)
      expect(hasLine(shown.out, "level", "12")).toBe(true)
      const json = yield* run("--json", "user", "casma_jp")
      expect(json.code).toBe(0)
      const [info] = jsonLines(json)
      expect(info).toMatchObject({ user: { screen_id: "casma_jp", id: "2880417757" } })
      expect(info).toHaveProperty("supporter_count")
      // a global option may also come last
      expect(jsonLines(yield* run("user", "casma_jp", "--json"))[0]).toEqual(info)
    }).pipe(Effect.provide(Env)))

  it.scoped("user: an unknown user is exit code 1 with one line", () =>
    Effect.gen(function*() {
      const shown = yield* run("user", "nobody_here")
      expect(shown.code).toBe(1)
      expect(shown.err).toHaveLength(1)
      expect(shown.err[0]).toMatch(/^twitcasting: not found/)
    }).pipe(Effect.provide(Env)))

  it.scoped("usage errors are exit code 2", () =>
    Effect.gen(function*() {
      const missing = yield* run("user")
      expect(missing.code).toBe(2)
      expect(missing.err.join("\n")).toContain("Missing argument <user>")
      expect((yield* run("no-such-command")).code).toBe(2)
      expect((yield* run("supporters", "casma_jp", "--sort", "oldest")).code).toBe(2)
    }).pipe(Effect.provide(Env)))

  it.scoped("live: the current live, or a clear 'not live' with exit code 0", () =>
    Effect.gen(function*() {
      const live = yield* run("live", "twitcasting_jp")
      expect(live.code).toBe(0)
      expect(hasLine(live.out, "title", "ツイキャス公式の夜ふかし雑談")).toBe(true)
      expect(hasLine(live.out, "movie id", "189037369")).toBe(true)
      // started 20 minutes ago, shown in the local zone (UTC+9 here)
      expect(hasLine(live.out, "started")).toBe(true)
      const off = yield* run("live", "casma_jp")
      expect(off).toMatchObject({ code: 0, out: ["@casma_jp is not live"] })
      expect(jsonLines(yield* run("--json", "live", "casma_jp"))).toEqual([{ screen_id: "casma_jp", is_live: false }])
      const unknown = yield* run("live", "nobody_here")
      expect(unknown.code).toBe(1)
    }).pipe(Effect.provide(Env)))

  it.scoped("movie and movies: a record and aligned columns", () =>
    Effect.gen(function*() {
      const movie = yield* run("movie", "189000003")
      expect(movie.code).toBe(0)
      expect(hasLine(movie.out, "title", "深夜の作業配信")).toBe(true)
      const movies = yield* run("movies", "twitcasting_jp")
      expect(movies.code).toBe(0)
      const [header, ...rows] = movies.out
      expect(header).toMatch(/^started\s+id\s+state\s+views\s+comments\s+title$/)
      expect(rows).toHaveLength(3)
      expect(rows[0]).toContain("LIVE")
      // every row's id starts where the header's does
      const at = header!.indexOf("id")
      for (const row of rows) expect(row.slice(at, at + 9)).toMatch(/^189\d{6}$/)
    }).pipe(Effect.provide(Env)))

  it.scoped("movies --all pages through with a progress line", () =>
    Effect.gen(function*() {
      const all = yield* run("--json", "movies", "twitcasting_jp", "--all")
      expect(all.code).toBe(0)
      expect(jsonLines(all).map((movie) => movie["id"])).toEqual(["189037369", "189000002", "189000001"])
      expect(all.status.some((line) => line.includes("3 movies"))).toBe(true)
      expect(all.status[all.status.length - 1]).toBe("")
    }).pipe(Effect.provide(Env)))

  it.scoped("supporters (by ranking or newest) and supporting", () =>
    Effect.gen(function*() {
      const ranking = yield* run("supporters", "twitcasting_jp")
      expect(ranking.code).toBe(0)
      expect(ranking.out.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([
        "@casma_jp",
        "@yuki_sings",
        "@ken_speedruns",
        "@emily_plays"
      ])
      const newest = yield* run("--json", "supporters", "twitcasting_jp", "--sort", "new", "--all")
      expect(jsonLines(newest).map((row) => row["screen_id"])).toEqual([
        "emily_plays",
        "ken_speedruns",
        "casma_jp",
        "yuki_sings"
      ])
      const supporting = yield* run("supporting", "casma_jp")
      expect(supporting.out.slice(1).map((line) => line.split(/\s+/)[0]).sort()).toEqual([
        "@twitcasting_jp",
        "@yuki_sings"
      ])
      expect((yield* run("supporting", "hanako_cooks")).out).toEqual(["@hanako_cooks supports no one"])
    }).pipe(Effect.provide(Env)))

  it.scoped("categories, search users, search lives, schedules", () =>
    Effect.gen(function*() {
      const categories = yield* run("--json", "categories", "--lang", "en")
      expect(categories.code).toBe(0)
      expect(jsonLines(categories)).toContainEqual(expect.objectContaining({ id: "talk_jp", name: "Chatting" }))
      const users = yield* run("search", "users", "Emily")
      expect(users.code).toBe(0)
      expect(hasLine(users.out, "@emily_plays", "Emily")).toBe(true)
      const lives = yield* run("--json", "search", "lives", "--type", "new")
      expect(jsonLines(lives).map((live) => (live["movie"] as { id: string }).id).sort()).toEqual([
        "189037369",
        "189037370"
      ])
      const tagged = yield* run("search", "lives", "--type", "tag", "歌枠")
      expect(hasLine(tagged.out, "@yuki_sings", "189037370")).toBe(true)
      const noContext = yield* run("search", "lives", "--type", "tag")
      expect(noContext.code).toBe(2)
      expect(noContext.err[0]).toContain("context")
      const schedules = yield* run("--json", "schedules", "casma_jp")
      expect(schedules.code).toBe(0)
      for (const schedule of jsonLines(schedules)) expect(schedule["user_screen_id"]).toBe("casma_jp")
    }).pipe(Effect.provide(Env)))

  it.scoped("lookups work with app credentials alone, and say what is missing without any", () =>
    Effect.gen(function*() {
      const dir = yield* configDir
      const app = yield* cli(["user", "casma_jp"], dir, { env: { TWITCASTING_ACCESS_TOKEN: undefined } })
      expect(app.code).toBe(0)
      const none = yield* cli(["user", "casma_jp"], dir, {
        env: { TWITCASTING_ACCESS_TOKEN: undefined, TWITCASTING_CLIENT_ID: undefined }
      })
      expect(none.code).toBe(2)
      expect(none.err).toEqual([expect.stringMatching(/^twitcasting: no credentials: run `twitcasting login`/)])
    }).pipe(Effect.provide(Env)))
})
