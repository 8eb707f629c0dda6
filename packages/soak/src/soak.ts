/**
 * The fault soak: mixed SDK calls against the simulator with every kind of
 * fault on and a tight rate limit, then the simulator's state compared with
 * what the SDK reported.
 *
 * - lost: a write the SDK reported done that the server does not have;
 * - duplicated: a write the server has twice;
 * - untyped: a failure that reached the caller as a defect or an untyped error.
 *
 * Bounds (override with SOAK_CALLS, SOAK_SEED): 2,000 calls, 8 at a time,
 * faults on half of the API requests (latency 15 ms, 5xx, dropped connections,
 * HTML pages, truncated and malformed JSON, half of them after the write was
 * applied), a rate limit of 60 requests per second per token, retries with
 * a 10 ms base backoff and a 2 s timeout per request.
 */
import {
  type Auth,
  Comments,
  Errors,
  Movies,
  Retry,
  Search,
  Supporters,
  Users,
  Webhooks
} from "@effect-twitcasting/sdk"
import { Faults, Simulator } from "@effect-twitcasting/simulator"
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Chunk, type Context, Effect, Exit, Layer, Option, Stream } from "effect"

const calls = Number(process.env["SOAK_CALLS"] ?? 2000)
const seed = Number(process.env["SOAK_SEED"] ?? 7)
const concurrency = 8
const rateLimit = 60
const faults: Faults.Options = { seed, rate: 0.5, kinds: Faults.allKinds, latencyMillis: 15 }

const officialLive = "189037369"
const commenters = ["twitcasting_jp", "casma_jp", "emily_plays", "yuki_sings", "ken_speedruns", "hanako_cooks"]
/** Users live during the soak, whose subtitles change. */
const streamers = ["twitcasting_jp", "yuki_sings", "casma_jp", "emily_plays"]
const hookUsers = ["182224938", "2880417757", "3141592653", "4242424242", "5151515151", "6060606060"]

interface Tally {
  calls: number
  untyped: number
  untypedExamples: Array<string>
  /** Comment ids the SDK reported as posted. */
  readonly posted: Array<string>
  /** Per streamer, each subtitle attempted in order, and whether the SDK reported it set. */
  readonly subtitles: Map<string, Array<{ readonly text: string; readonly done: boolean }>>
  /** Webhook "user/event" pairs the SDK reported registered. */
  readonly hooks: Set<string>
}

/** Runs a call, counting it and classifying its failure. */
const attempt = <A, E, R>(tally: Tally, call: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.exit(call), (exit) => {
    tally.calls++
    if (Exit.isFailure(exit)) {
      const failure = Cause.failureOption(exit.cause)
      const typed = Option.isSome(failure) && Errors.isCallError(failure.value)
      if (!typed) {
        tally.untyped++
        if (tally.untypedExamples.length < 3) tally.untypedExamples.push(Cause.pretty(exit.cause).slice(0, 300))
      }
    }
    return exit
  })

const reads: ReadonlyArray<() => Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>> = [
  () => Users.getUserInfo({ screenId: "twitcasting_jp" }),
  () => Comments.getComments({ movieId: officialLive, limit: 20 }),
  () => Movies.getMovieInfo({ movieId: officialLive }),
  () => Supporters.supporterList({ screenId: "twitcasting_jp" }),
  () => Search.searchUsers({ words: "games" }),
  () => Movies.getMoviesByUser({ screenId: "casma_jp", limit: 5 })
]

const program = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  for (const user of streamers.slice(2)) yield* simulator.startLive(user, { title: `${user} soak live` })
  const liveOf = new Map<string, string>()
  for (const user of streamers) {
    liveOf.set(
      user,
      (yield* Movies.getCurrentLive({ screenId: user }).pipe(Effect.provide(Simulator.userAuth(user)))).movie.id
    )
  }
  const auth = new Map<string, Context.Context<Auth.Auth>>()
  for (const user of commenters) auth.set(user, yield* Layer.build(Simulator.userAuth(user)))
  const app = yield* Layer.build(Simulator.appAuth)
  const tally: Tally = { calls: 0, untyped: 0, untypedExamples: [], posted: [], subtitles: new Map(), hooks: new Set() }
  /** One subtitle change at a time per streamer, so the last one reported is well defined. */
  const locks = new Map(
    yield* Effect.forEach(streamers, (user) => Effect.map(Effect.makeSemaphore(1), (lock) => [user, lock] as const))
  )

  yield* simulator.setFaults(faults)
  yield* Effect.forEach(Array.from({ length: calls }, (_, i) => i), (i) => {
    const kind = i % 10
    if (kind <= 3) {
      const user = commenters[i % commenters.length]!
      return attempt(tally, reads[i % reads.length]!().pipe(Effect.provide(auth.get(user)!)))
    }
    if (kind <= 6) {
      const user = commenters[i % commenters.length]!
      return attempt(
        tally,
        Comments.postComment({ movieId: officialLive, comment: `soak #${i} 🌊` }).pipe(Effect.provide(auth.get(user)!))
      ).pipe(
        Effect.tap((exit) =>
          Exit.isSuccess(exit) ? Effect.sync(() => tally.posted.push(exit.value.comment.id)) : Effect.void
        )
      )
    }
    if (kind <= 8) {
      const user = streamers[i % streamers.length]!
      const text = `字幕${i}`
      return locks.get(user)!.withPermits(1)(
        attempt(tally, Movies.setCurrentLiveSubtitle({ subtitle: text }).pipe(Effect.provide(auth.get(user)!))).pipe(
          Effect.tap((exit) =>
            Effect.sync(() => {
              const list = tally.subtitles.get(user) ?? []
              list.push({ text, done: Exit.isSuccess(exit) })
              tally.subtitles.set(user, list)
            })
          )
        )
      )
    }
    const userId = hookUsers[i % hookUsers.length]!
    const event = i % 20 < 10 ? "livestart" : "liveend"
    return attempt(tally, Webhooks.registerWebhook({ userId, events: [event] }).pipe(Effect.provide(app))).pipe(
      Effect.tap((exit) =>
        Exit.isSuccess(exit) ? Effect.sync(() => tally.hooks.add(`${userId}/${event}`)) : Effect.void
      )
    )
  }, { concurrency, discard: true })
  yield* simulator.setFaults(Faults.none)
  const { faults: injected, limited } = yield* simulator.stats

  // what the server has
  const comments = yield* Comments.allComments({ movieId: officialLive }).pipe(
    Stream.runCollect,
    Effect.provide(auth.get("casma_jp")!)
  )
  const onServer = new Set(Chunk.toReadonlyArray(comments).map((comment) => comment.id))
  const byMessage = new Map<string, number>()
  for (const comment of comments) {
    if (comment.message.startsWith("soak #")) byMessage.set(comment.message, (byMessage.get(comment.message) ?? 0) + 1)
  }
  let lost = tally.posted.filter((id) => !onServer.has(id)).length
  const duplicated = [...byMessage.values()].filter((count) => count > 1).length

  for (const [user, attempts] of tally.subtitles) {
    const { subtitle } = yield* simulator.liveText(liveOf.get(user)!)
    const lastDone = attempts.map((a) => a.done).lastIndexOf(true)
    // the server may hold the last reported success, or a later attempt whose answer was lost
    const allowed = attempts.slice(Math.max(0, lastDone)).map((a) => a.text)
    if (lastDone >= 0 && !allowed.includes(subtitle ?? "")) lost++
  }

  const { webhooks } = yield* Webhooks.getWebhookList({ limit: 50 }).pipe(Effect.provide(app))
  const registered = new Set(webhooks.map((hook) => `${hook.userId}/${hook.event}`))
  lost += [...tally.hooks].filter((pair) => !registered.has(pair)).length

  for (const example of tally.untypedExamples) yield* Effect.logError(`untyped failure: ${example}`)
  yield* Effect.sync(() => {
    console.log(
      `bounds: ${calls} calls, ${concurrency} at a time, faults on ${faults.rate * 100}% of requests (${
        faults.kinds.join(", ")
      }), seed ${seed}, rate limit ${rateLimit}/s per token (${limited} answers of 2000)`
    )
    console.log(
      `soak: ${tally.calls} calls, ${injected} faults, ${lost} lost, ${duplicated} duplicated, ${tally.untyped} untyped`
    )
  })
  if (lost + duplicated + tally.untyped > 0 || injected < 1000) {
    yield* Effect.sync(() => {
      process.exitCode = 1
    })
  }
})

program.pipe(
  Effect.scoped,
  Effect.provide(
    Retry.layer({
      retries: 4,
      baseDelay: "10 millis",
      maxDelay: "200 millis",
      rateLimitJitter: "50 millis",
      timeout: "2 seconds"
    })
  ),
  Effect.provide(
    Layer.merge(
      Simulator.layer({
        rateLimit: {
          limit: rateLimit,
          window: "1 second",
          buckets: { supporters: { limit: rateLimit, window: "1 second" } }
        }
      }),
      FetchHttpClient.layer
    )
  ),
  NodeRuntime.runMain
)
