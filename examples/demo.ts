/**
 * The tour: every example against the TwitCasting API simulator started
 * in-process (no account, no network), or against the real API when
 * TWITCASTING_ACCESS_TOKEN (and, for webhooks, TWITCASTING_CLIENT_ID and
 * TWITCASTING_CLIENT_SECRET) are set.
 */
import { Auth } from "@effect-twitcasting/sdk"
import { Seed, Simulator } from "@effect-twitcasting/simulator"
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient, NodeRuntime, NodeSocket } from "@effect/platform-node"
import { Config, type ConfigError, Console, Effect, Fiber, Layer, Option, Redacted, Schedule } from "effect"
import { cli } from "./cli.js"
import { comments } from "./comments.js"
import { oauth } from "./oauth.js"
import { fromPromiseCode } from "./promise.js"
import { realtime } from "./realtime.js"
import { search } from "./search.js"
import { streams } from "./streams.js"
import { tracing } from "./tracing.js"
import { users } from "./users.js"
import { describe, receiver, register, unregister } from "./webhooks.js"

const section = (title: string) => Console.log(`\n── ${title} ──`)

const tourOf = (options: {
  readonly user: Layer.Layer<Auth.Auth | HttpClient.HttpClient, ConfigError.ConfigError>
  readonly app: Option.Option<Layer.Layer<Auth.Auth | HttpClient.HttpClient, ConfigError.ConfigError>>
  readonly simulator: Option.Option<Simulator.Simulator["Type"]>
}) =>
  Effect.gen(function*() {
    const screenId = "twitcasting_jp"
    yield* section("a user and their supporters")
    yield* users(screenId).pipe(Effect.provide(options.user))
    yield* section("the live and its comments")
    yield* comments(screenId, "こんばんは、effect-twitcasting から 👋").pipe(Effect.provide(options.user))
    yield* section("streams")
    yield* streams(screenId, "3500 millis").pipe(Effect.provide(options.user))
    yield* section("search")
    yield* search("games").pipe(Effect.provide(options.user))
    yield* section("tracing (OpenTelemetry spans)")
    yield* tracing(screenId).pipe(Effect.provide(options.user))
    yield* section("from Promise code (ManagedRuntime behind node:http)")
    yield* fromPromiseCode(options.user)

    yield* section("webhooks (app credentials)")
    if (Option.isNone(options.app)) {
      return yield* Console.log("skipped: set TWITCASTING_CLIENT_ID and TWITCASTING_CLIENT_SECRET")
    }
    const streamer = "casma_jp"
    yield* Effect.gen(function*() {
      yield* register(streamer)
      if (Option.isNone(options.simulator)) {
        return yield* Console.log("deliveries go to the webhook URL set in your app's settings at TwitCasting")
      }
      const simulator = options.simulator.value
      const hook = yield* receiver
      yield* simulator.setWebhookUrl(Seed.demoClientId, hook.url)
      yield* Console.log(`receiving deliveries on ${hook.url}`)
      const received = Effect.flatMap(
        hook.events.take.pipe(Effect.timeout("5 seconds")),
        (event) => Console.log(`received ${describe(event)}`)
      )
      yield* simulator.startLive(streamer, { title: "深夜の作業配信 2", category: "talk_jp" })
      yield* received
      yield* simulator.endLive(streamer)
      yield* received
      const schedule = yield* simulator.createSchedule(streamer, {
        title: "週末のゲーム配信",
        startAt: new Date(Date.now() + 2 * 86_400_000)
      })
      yield* received
      yield* simulator.deleteSchedule(schedule.id)
      yield* received
      yield* unregister(streamer)
    }).pipe(Effect.scoped, Effect.provide(options.app.value))

    yield* section("realtime lives (app credentials)")
    yield* Option.match(options.simulator, {
      onNone: () =>
        Effect.zipRight(
          Console.log("lives starting in the next 10 seconds:"),
          realtime({ for: "10 seconds", max: 5 })
        ),
      onSome: (simulator) =>
        Effect.gen(function*() {
          const listening = yield* Effect.fork(realtime({ url: simulator.realtimeUrl, for: "5 seconds", max: 2 }))
          yield* simulator.stats.pipe(
            Effect.filterOrFail((stats) => stats.realtimeConnections > 0),
            Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.upTo("3 seconds")))
          )
          yield* Console.log("connected; two streamers go live:")
          yield* simulator.startLive("ken_speedruns", { title: "Any% practice", tags: ["speedrun", "レトロ"] })
          yield* simulator.startLive("hanako_cooks", { title: "おつまみ研究会 #12", tags: ["料理"] })
          yield* Fiber.join(listening)
        })
    }).pipe(Effect.provide(options.app.value), Effect.provide(NodeSocket.layerWebSocketConstructor))
  })

const real = Effect.gen(function*() {
  yield* Console.log("using the real TwitCasting API")
  // one Auth holds what the environment sets: a user token and, if set, the app's credentials
  const api = Layer.merge(Auth.layerConfig(), NodeHttpClient.layerUndici)
  const auth = yield* Effect.provide(Auth.Auth, api)
  yield* tourOf({ user: api, app: Option.as(auth.app, api), simulator: Option.none() })
})

/** What a browser does on the simulator: the user approves at once and lands on the callback. */
const approve = (url: string) =>
  Effect.promise(() => fetch(url, { redirect: "manual" })).pipe(
    Effect.map((response) => response.headers.get("location") ?? "")
  )

const simulated = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  yield* Console.log(`using the TwitCasting API simulator on ${simulator.baseUrl} (no account, no network)`)
  const http = NodeHttpClient.layerUndici
  const withSimulator = <A>(auth: Layer.Layer<A, never, Simulator.Simulator>) =>
    Layer.merge(auth, http).pipe(Layer.provide(Layer.succeed(Simulator.Simulator, simulator)))
  yield* tourOf({
    user: withSimulator(Simulator.userAuth("casma_jp")),
    app: Option.some(withSimulator(Simulator.appAuth)),
    simulator: Option.some(simulator)
  })
  yield* section("OAuth (authorization code)")
  yield* oauth({
    baseUrl: simulator.baseUrl,
    clientId: Seed.demoClientId,
    clientSecret: Redacted.make(Seed.demoClientSecret),
    redirectUri: "http://127.0.0.1:8788/callback",
    approve
  }).pipe(Effect.provide(http))
  yield* section("the command line (twitcasting)")
  yield* cli(simulator.baseUrl)
}).pipe(Effect.provide(Simulator.layer({ chatter: "1 second" })))

const tour = Effect.gen(function*() {
  const token = yield* Config.option(Config.redacted("TWITCASTING_ACCESS_TOKEN"))
  yield* Option.isSome(token) ? real : simulated
  yield* Console.log("\ntour finished")
})

tour.pipe(NodeRuntime.runMain)
