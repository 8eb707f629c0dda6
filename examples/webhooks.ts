/**
 * Webhooks with app credentials: register for a user's lives, list the
 * app's webhooks, and receive deliveries on a local HTTP endpoint that
 * checks their signature.
 */
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Webhooks } from "@effect-twitcasting/sdk"
import { Console, Effect, Queue } from "effect"
import { createServer } from "node:http"

export const register = (userId: string) =>
  Effect.gen(function*() {
    const added = yield* Webhooks.registerWebhook({ userId, events: ["livestart", "liveend"] })
    yield* Console.log(`registered ${added.addedEvents.join(" + ")} for user ${added.userId}`)
    const { allCount, webhooks } = yield* Webhooks.getWebhookList()
    yield* Console.log(`${allCount} webhooks: ${webhooks.map((hook) => `${hook.userId}/${hook.event}`).join(", ")}`)
  })

export const unregister = (userId: string) =>
  Effect.gen(function*() {
    const removed = yield* Webhooks.removeWebhook({ userId, events: ["livestart", "liveend"] })
    yield* Console.log(`removed ${removed.deletedEvents.join(" + ")} for user ${removed.userId}`)
  })

/**
 * A webhook endpoint on 127.0.0.1 (a free port) for as long as the scope
 * lives: a delivery with the app's signature is parsed and queued, a forged
 * one answers 401, a malformed one 400.
 */
export const receiver = Effect.gen(function*() {
  const events = yield* Queue.unbounded<Webhooks.IncomingWebhook>()
  const app = HttpServerRequest.HttpServerRequest.pipe(
    Effect.flatMap((request) => request.text),
    Effect.flatMap((body) => Webhooks.incomingWebhook(body)),
    Effect.flatMap((event) => Queue.offer(events, event)),
    Effect.as(HttpServerResponse.empty({ status: 200 })),
    Effect.catchTags({
      SignatureError: () => Effect.succeed(HttpServerResponse.empty({ status: 401 })),
      ValidationError: () => Effect.succeed(HttpServerResponse.empty({ status: 400 })),
      RequestError: () => Effect.succeed(HttpServerResponse.empty({ status: 400 }))
    })
  )
  const server = yield* NodeHttpServer.make(() => createServer(), { port: 0, host: "127.0.0.1" })
  yield* server.serve(app)
  const port = server.address._tag === "TcpAddress" ? server.address.port : 0
  return { url: `http://127.0.0.1:${port}/twitcasting/webhook`, events }
})
