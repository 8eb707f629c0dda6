/**
 * A command held by the rate limit says so on its status line while it
 * waits: the SDK's own wait, logged, rendered by the command's logger.
 */
import * as Budget from "@effect-twitcasting/sdk/Budget"
import { Simulator } from "@effect-twitcasting/simulator"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer } from "effect"
import { cli, configDir, step } from "./harness.js"

// one call per window of 30 s: the second call waits for the next window
const Limited = Layer.mergeAll(
  Simulator.layerClient({ chatter: undefined, rateLimit: { limit: 1, window: "30 seconds" } }),
  NodeContext.layer,
  Budget.layerIsolated()
)

describe("the rate-limit status line", () => {
  it.scoped("a call held by the rate limit shows 'rate limited, next call in N s', then answers", () =>
    Effect.gen(function*() {
      const dir = yield* configDir
      const first = yield* cli(["user", "casma_jp"], dir)
      expect(first.code).toBe(0)
      // an empty status line clears it
      const shown = (lines: ReadonlyArray<string>) => lines.filter((line) => line !== "")
      expect(shown(first.status)).toEqual([])
      const second = yield* Effect.fork(cli(["user", "emily_plays"], dir))
      yield* step
      const run = yield* Fiber.join(second)
      expect(run.code).toBe(0)
      expect(run.out.join("\n")).toContain("emily_plays")
      expect(shown(run.status)).toHaveLength(1)
      const seconds = Number(/^rate limited, next call in (\d+) s$/.exec(shown(run.status)[0] ?? "")?.[1])
      expect(seconds).toBeGreaterThanOrEqual(29)
      expect(seconds).toBeLessThanOrEqual(31)
    }).pipe(Effect.provide(Limited)))
})
