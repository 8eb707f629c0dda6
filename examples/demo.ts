/**
 * The tour: runs every example against the mocked API (no account, no
 * network), or against the real API when TWITCASTING_ACCESS_TOKEN (and, for
 * webhooks, TWITCASTING_CLIENT_ID / TWITCASTING_CLIENT_SECRET) are set.
 */
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Auth } from "@effect-twitcasting/sdk"
import { Config, Console, Effect, Layer, Option, Redacted } from "effect"
import { comments } from "./comments.js"
import { MockApi } from "./mock.js"
import { search } from "./search.js"
import { users } from "./users.js"
import { webhooks } from "./webhooks.js"

const section = (title: string) => Console.log(`\n── ${title} ──`)

const tour = Effect.gen(function*() {
  const real = Option.isSome(yield* Config.option(Config.redacted("TWITCASTING_ACCESS_TOKEN")))
  const screenId = "twitcasting_jp"
  const userLayer = real
    ? Layer.merge(Auth.layerConfig(), NodeHttpClient.layerUndici)
    : Layer.merge(Auth.layer({ credentials: Auth.userToken(Redacted.make("demo-user-token")) }), MockApi)
  yield* Console.log(real ? "using the real TwitCasting API" : "using the in-process mocked API (no network)")

  yield* section("a user and their supporters")
  yield* users(screenId).pipe(Effect.provide(userLayer))
  yield* section("the live and its comments")
  yield* comments(screenId, "こんばんは、effect-twitcasting から 👋").pipe(Effect.provide(userLayer))
  yield* section("search")
  yield* search("ツイキャス").pipe(Effect.provide(userLayer))

  const appCredentials = yield* Config.option(Config.all([
    Config.string("TWITCASTING_CLIENT_ID"),
    Config.redacted("TWITCASTING_CLIENT_SECRET")
  ]))
  const appLayer = Option.match(appCredentials, {
    onNone: () =>
      real ? Option.none() : Option.some(Layer.merge(
        Auth.layer({
          credentials: Auth.appCredentials({ clientId: "demo-app", clientSecret: Redacted.make("demo-secret") })
        }),
        MockApi
      )),
    onSome: ([clientId, clientSecret]) =>
      Option.some(Layer.merge(
        Auth.layer({ credentials: Auth.appCredentials({ clientId, clientSecret }) }),
        NodeHttpClient.layerUndici
      ))
  })
  yield* section("webhooks (app credentials)")
  yield* Option.match(appLayer, {
    onNone: () => Console.log("skipped: set TWITCASTING_CLIENT_ID and TWITCASTING_CLIENT_SECRET"),
    onSome: (layer) => webhooks("182224938").pipe(Effect.provide(layer))
  })
  yield* Console.log("\ntour finished")
})

tour.pipe(NodeRuntime.runMain)
