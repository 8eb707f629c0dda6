/**
 * Webhooks with app credentials: register for a user's lives, list the
 * app's webhooks, and receive deliveries on a local endpoint
 * (`Webhooks.receiver`) that checks their signature.
 */
import { type Models, Webhooks } from "@effect-twitcasting/sdk"
import { NodeHttpServer } from "@effect/platform-node"
import { Console, Effect, Queue } from "effect"
import { createServer } from "node:http"

/** A user's lives starting and ending, and their live schedules changing. */
const events: ReadonlyArray<Models.WebhookEvent> = [
  "livestart",
  "liveend",
  "liveschedulecreate",
  "livescheduleupdate",
  "livescheduledelete"
]

export const register = (userId: string) =>
  Effect.gen(function*() {
    const added = yield* Webhooks.registerWebhook({ userId, events })
    yield* Console.log(`registered ${added.addedEvents.join(" + ")} for user ${added.userId}`)
    const { allCount, webhooks } = yield* Webhooks.getWebhookList()
    yield* Console.log(`${allCount} webhooks: ${webhooks.map((hook) => `${hook.userId}/${hook.event}`).join(", ")}`)
  })

export const unregister = (userId: string) =>
  Effect.gen(function*() {
    const removed = yield* Webhooks.removeWebhook({ userId, events })
    yield* Console.log(`removed ${removed.deletedEvents.join(" + ")} for user ${removed.userId}`)
  })

/**
 * `Webhooks.receiver` served on 127.0.0.1 (a free port) for as long as the
 * scope lives; each genuine notification lands in the returned queue.
 */
export const receiver = Effect.gen(function*() {
  const events = yield* Queue.unbounded<Webhooks.LiveEvent>()
  const app = yield* Webhooks.receiver((event) => Queue.offer(events, event))
  const server = yield* NodeHttpServer.make(() => createServer(), { port: 0, host: "127.0.0.1" })
  yield* server.serve(app)
  const port = server.address._tag === "TcpAddress" ? server.address.port : 0
  return { url: `http://127.0.0.1:${port}/twitcasting/webhook`, events }
})

/** One line about a notification. */
export const describe = Webhooks.LiveEvent.$match({
  LiveStart: ({ broadcaster, movie }) => `LiveStart: @${broadcaster.screenId} "${movie.title}" (signature checked)`,
  LiveEnd: ({ broadcaster, movie }) => `LiveEnd: @${broadcaster.screenId} after ${movie.duration} s`,
  LiveScheduleCreate: ({ schedule }) => `LiveScheduleCreate: @${schedule.userScreenId} plans "${schedule.title}"`,
  LiveScheduleUpdate: ({ schedule }) => `LiveScheduleUpdate: @${schedule.userScreenId} now "${schedule.title}"`,
  LiveScheduleDelete: ({ scheduleId }) => `LiveScheduleDelete: ${scheduleId}`
})
