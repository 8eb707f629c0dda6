/**
 * Fault injection: each kind reaches the SDK as the typed error it stands
 * for, over HTTP and without a socket; the sequence is deterministic.
 */
import { Comments, Errors, Retry, Users } from "@effect-twitcasting/sdk"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Faults, Simulator } from "../src/index.js"

const noRetry = Retry.layer({ retries: 0, rateLimitRetries: 0 })

const transports = {
  http: (faults: Faults.Options) =>
    Simulator.userAuth().pipe(Layer.provideMerge(Layer.merge(Simulator.layer({ faults }), FetchHttpClient.layer))),
  socketless: (faults: Faults.Options) =>
    Simulator.userAuth().pipe(Layer.provideMerge(Simulator.layerClient({ faults })))
}

const kinds: ReadonlyArray<{ readonly kind: Faults.Kind; readonly expected: string | undefined }> = [
  { kind: "error", expected: "ApiError" },
  { kind: "html", expected: "ResponseError" },
  { kind: "truncated", expected: "ResponseError" },
  { kind: "malformed", expected: "ResponseError" },
  { kind: "drop", expected: "RequestError" },
  { kind: "latency", expected: undefined }
]

describe("fault kinds", () => {
  for (const [transport, layer] of Object.entries(transports)) {
    it.live.each(kinds)(`${transport}: $kind → $expected`, ({ expected, kind }) =>
      Effect.gen(function*() {
        const exit = yield* Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(Effect.either)
        if (expected === undefined) return expect(exit._tag).toBe("Right")
        if (exit._tag !== "Left") return expect.fail(`expected ${expected}`)
        expect(exit.left._tag).toBe(expected)
        if (kind === "error" && exit.left instanceof Errors.ApiError) {
          expect(exit.left.status).toBeGreaterThanOrEqual(500)
        }
        if (kind === "html" && exit.left instanceof Errors.ResponseError) expect(exit.left.status).toBe(502)
        const { faults } = yield* Effect.flatMap(Simulator.Simulator, (simulator) => simulator.stats)
        expect(faults).toBe(1)
      }).pipe(
        Effect.provide(noRetry),
        Effect.provide(layer({ seed: 1, rate: 1, kinds: [kind], latencyMillis: 30 }))
      ))
  }
})

describe("faults are deterministic and can be turned off", () => {
  const kindsSeen = (seed: number) => {
    const source = Faults.source({ seed, rate: 0.5, kinds: Faults.allKinds })
    return Array.from({ length: 50 }, () => source.next()?.kind ?? "none")
  }

  it("the same seed gives the same sequence; another seed another", () => {
    expect(kindsSeen(7)).toEqual(kindsSeen(7))
    expect(kindsSeen(7)).not.toEqual(kindsSeen(8))
    expect(new Set(kindsSeen(7)).size).toBeGreaterThan(3)
  })

  it.live("setFaults(none) stops them; a faulted write may still have been applied, and is not repeated", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const before = (yield* simulator.commentIds("189037369")).length
      let failed = 0
      for (let i = 0; i < 20; i++) {
        const result = yield* Comments.postComment({ movieId: "189037369", comment: `faulted ${i}` }).pipe(
          Effect.either
        )
        if (result._tag === "Left") failed++
      }
      const added = (yield* simulator.commentIds("189037369")).length - before
      expect(failed).toBe(20)
      // each call was sent once: the server has at most one comment per call, some from faults after the write
      expect(added).toBeGreaterThan(0)
      expect(added).toBeLessThan(20)
      yield* simulator.setFaults(Faults.none)
      yield* Comments.postComment({ movieId: "189037369", comment: "clean" })
      expect((yield* simulator.stats).faults).toBe(20)
    }).pipe(Effect.provide(transports.http({ seed: 3, rate: 1, kinds: ["error", "drop", "malformed"] }))))
})
