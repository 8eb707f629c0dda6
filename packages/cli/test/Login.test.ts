/**
 * `login` end to end against the simulator's OAuth endpoints: the callback
 * server on 127.0.0.1, a browser that plays the user, the state check, the
 * code exchange, the token file (mode 0600) that `whoami` then uses, and
 * `logout`.
 */
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import { FileSystem, HttpClient } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type * as Browser from "../src/Browser.js"
import * as Tour from "../src/Tour.js"
import { cli, configDir, hasLine } from "./harness.js"

/** A simulator whose app's callback is http://127.0.0.1:<port>/callback. */
const withCallback = (port: number) =>
  Layer.merge(
    Simulator.layerClient({
      seed: ((seed) => ({
        ...seed,
        apps: seed.apps.map((app) => ({ ...app, callbackUrl: `http://127.0.0.1:${port}/callback` }))
      }))(Seed.defaultSeed(new Date()))
    }),
    NodeContext.layer
  )

/**
 * The user at the browser: asks the simulator to authorize (it approves at
 * once and redirects), then follows the redirect to the command's callback
 * server, with `tamper` applied to the redirect first.
 */
const user = (
  client: HttpClient.HttpClient,
  tamper: (location: URL) => URL = (url) => url
): Browser.Browser["Type"] => ({
  open: (url) =>
    Effect.gen(function*() {
      const answer = yield* client.get(url)
      const location = tamper(new URL(answer.headers["location"] ?? ""))
      const callback = yield* Effect.promise(() => fetch(location))
      expect(callback.status).toBe(200)
      return true
    }).pipe(Effect.orDie)
})

const loggedOut = { TWITCASTING_ACCESS_TOKEN: undefined }

describe("login", () => {
  it.scoped("logs in with the authorization code, stores the token 0600, whoami uses it, logout forgets it", () =>
    Effect.gen(function*() {
      const port = yield* Tour.freePort
      yield* Effect.gen(function*() {
        const dir = yield* configDir
        const client = yield* HttpClient.HttpClient
        const redirect = ["--redirect-uri", `http://127.0.0.1:${port}/callback`]
        const before = yield* cli(["whoami"], dir, { env: loggedOut })
        expect(before.code).toBe(2)
        const login = yield* cli(["login", ...redirect], dir, { env: loggedOut, browser: user(client) })
        expect(login.code).toBe(0)
        expect(login.err[0]).toBe("Open this URL in a browser to log in to TwitCasting:")
        expect(login.err[1]).toMatch(/^ {2}http:\/\/simulator\.twitcasting\.invalid\/oauth2\/authorize\?client_id=/)
        expect(login.err).toContain("(opened in your browser)")
        // 180 days from the TestClock's start, in the local zone (UTC+9 here)
        expect(login.out).toEqual([
          `logged in as ツイキャス公式 (@twitcasting_jp); the token is in ${dir}/token.json, valid until 1970-06-30 09:00:00`
        ])
        const fs = yield* FileSystem.FileSystem
        const info = yield* fs.stat(`${dir}/token.json`)
        expect(info.mode & 0o777).toBe(0o600)
        const stored = yield* fs.readFileString(`${dir}/token.json`)
        expect(stored).toContain("\"screenId\": \"twitcasting_jp\"")
        // no secret of the app's in the file or the output
        expect(stored).not.toContain(Seed.demoClientSecret)
        expect([...login.out, ...login.err].join("\n")).not.toMatch(/access_token|demo-token/)

        const me = yield* cli(["whoami"], dir, { env: loggedOut })
        expect(me.code).toBe(0)
        expect(hasLine(me.out, "screen id", "@twitcasting_jp")).toBe(true)

        expect((yield* cli(["logout"], dir)).out).toEqual([`logged out (removed ${dir}/token.json)`])
        expect((yield* cli(["logout"], dir)).out).toEqual(["not logged in"])
        expect((yield* cli(["whoami"], dir, { env: loggedOut })).code).toBe(2)
      }).pipe(Effect.provide(withCallback(port)))
    }))

  it.scoped("a redirect with another state is refused: exit code 1, nothing stored", () =>
    Effect.gen(function*() {
      const port = yield* Tour.freePort
      yield* Effect.gen(function*() {
        const dir = yield* configDir
        const client = yield* HttpClient.HttpClient
        const forged = user(client, (location) => {
          location.searchParams.set("state", "forged")
          return location
        })
        const login = yield* cli(["login", "--redirect-uri", `http://127.0.0.1:${port}/callback`], dir, {
          browser: forged
        })
        expect(login.code).toBe(1)
        expect(login.err[login.err.length - 1]).toBe(
          "twitcasting: login failed: the redirect's state is not the one sent"
        )
        const fs = yield* FileSystem.FileSystem
        expect(yield* fs.exists(`${dir}/token.json`)).toBe(false)
      }).pipe(Effect.provide(withCallback(port)))
    }))

  it.scoped("a callback URL that is not on this machine is a usage error", () =>
    Effect.gen(function*() {
      const dir = yield* configDir
      const login = yield* cli(["login", "--redirect-uri", "https://example.com/callback"], dir)
      expect(login.code).toBe(2)
      expect(login.err[0]).toMatch(/^twitcasting: --redirect-uri must be an http URL on this machine/)
    }).pipe(Effect.provide(withCallback(1))))
})
