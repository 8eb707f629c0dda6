/**
 * CORS, for pages in a browser (the overlay, the SDK bundled with
 * `FetchHttpClient`): preflights are answered without reaching the API, and
 * answers let the page read the headers the SDK needs. (Chromium itself is
 * driven by `pnpm test:runtimes`.)
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Seed, Simulator } from "../src/index.js"

const origin = "http://127.0.0.1:5173"

describe("CORS", () => {
  it.live("a preflight is answered for any origin, with the SDK's headers allowed, and counts as no API request", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const response = yield* Effect.promise(() =>
        fetch(`${simulator.baseUrl}/users/twitcasting_jp`, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization,x-api-version"
          }
        })
      )
      expect(response.status).toBe(204)
      expect(response.headers.get("access-control-allow-origin")).toBe("*")
      expect(response.headers.get("access-control-allow-methods")).toContain("GET")
      expect(response.headers.get("access-control-allow-headers")).toBe("authorization,x-api-version")
      expect((yield* simulator.stats).requests).toBe(0)
    }).pipe(Effect.provide(Simulator.layer())))

  it.live("an answer lets the page read the rate limit and the server's clock", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const response = yield* Effect.promise(() =>
        fetch(`${simulator.baseUrl}/users/twitcasting_jp`, {
          headers: {
            origin,
            authorization: `Bearer ${Seed.demoToken("twitcasting_jp")}`,
            "x-api-version": "2.0"
          }
        })
      )
      expect(response.status).toBe(200)
      expect(response.headers.get("access-control-allow-origin")).toBe("*")
      expect(response.headers.get("access-control-expose-headers")?.split(",")).toEqual([
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "date"
      ])
      expect((yield* simulator.stats).requests).toBe(1)
    }).pipe(Effect.provide(Simulator.layer())))
})
