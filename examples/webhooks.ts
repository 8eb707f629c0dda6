/**
 * Register a webhook for a user's lives (app credentials), list the app's
 * webhooks.
 */
import { Webhooks } from "@effect-twitcasting/sdk"
import { Console, Effect } from "effect"

export const webhooks = (userId: string) =>
  Effect.gen(function*() {
    const added = yield* Webhooks.registerWebhook({ userId, events: ["livestart", "liveend"] })
    yield* Console.log(`registered ${added.addedEvents.join(" + ")} for user ${added.userId}`)
    const { allCount, webhooks } = yield* Webhooks.getWebhookList()
    yield* Console.log(`${allCount} webhooks: ${webhooks.map((hook) => `${hook.userId}/${hook.event}`).join(", ")}`)
  })
