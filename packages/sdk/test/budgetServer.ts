/**
 * A fake TwitCasting rate limiter for the Budget tests: per bucket, a fixed
 * window of `limit` calls that opens at the bucket's first request and ends
 * at the whole second it reports as `X-RateLimit-Reset`; the excess is
 * refused with 403 (code 2000). Its clock is the Effect clock plus `offset`
 * (the server's clock), so it runs on TestClock as well as the live clock.
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as Budget from "../src/Budget.js"

export interface Seen {
  readonly label: string
  readonly bucket: string
  readonly status: number
  /** the server's window this call was counted in (its reset, Unix seconds) */
  readonly window: number
  /** local time the call arrived */
  readonly at: number
}

export interface Answer {
  readonly label: string
  readonly observation: Budget.Observation
}

export const makeFakeServer = (options: {
  readonly limits: Readonly<Record<string, { readonly limit: number; readonly windowSeconds: number }>>
  readonly offsetMillis?: number
  /** the first request waits for this before it is answered */
  readonly gate?: Deferred.Deferred<void>
}) => {
  const windows = new Map<string, { reset: number; count: number }>()
  const seen: Array<Seen> = []
  let first = true
  const handle = (bucket: string, label: string): Effect.Effect<Answer> =>
    Effect.gen(function*() {
      const at = yield* Clock.currentTimeMillis
      const serverNow = at + (options.offsetMillis ?? 0)
      const { limit, windowSeconds } = options.limits[bucket] ?? { limit: 60, windowSeconds: 60 }
      let window = windows.get(bucket)
      if (window === undefined || serverNow >= window.reset * 1000) {
        window = { reset: Math.ceil((serverNow + windowSeconds * 1000) / 1000), count: 0 }
        windows.set(bucket, window)
      }
      const status = window.count < limit ? 200 : 403
      if (status === 200) window.count++
      seen.push({ label, bucket, status, window: window.reset, at })
      const observation: Budget.Observation = {
        status,
        headers: {
          date: new Date(serverNow).toUTCString(),
          "x-ratelimit-limit": String(limit),
          "x-ratelimit-remaining": String(limit - window.count),
          "x-ratelimit-reset": String(window.reset)
        }
      }
      if (first && options.gate !== undefined) {
        first = false
        yield* Deferred.await(options.gate)
      }
      return { label, observation }
    })
  return {
    seen,
    handle,
    refused: () => seen.filter((s) => s.status !== 200).length,
    /** the number of calls the server counted per (bucket, window) */
    perWindow: () => {
      const counts = new Map<string, number>()
      for (const s of seen) counts.set(`${s.bucket}@${s.window}`, (counts.get(`${s.bucket}@${s.window}`) ?? 0) + 1)
      return [...counts.values()]
    }
  }
}

/** `observe` for a send that answers with an `Answer` */
export const observeAnswer = <E>(exit: Exit.Exit<Answer, E>): Option.Option<Budget.Observation> =>
  Exit.isSuccess(exit) ? Option.some(exit.value.observation) : Option.none()

/** Lets the other fibers run until `done` holds (no clock involved). */
export const settle = (done: () => boolean, turns = 20_000): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (let i = 0; i < turns; i++) {
      if (done()) return
      yield* Effect.yieldNow()
    }
    return yield* Effect.dieMessage("did not settle")
  })
