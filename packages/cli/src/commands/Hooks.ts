/**
 * `twitcasting webhooks list|add|remove|listen`: the app's webhook
 * registry (app credentials), and a receiver that prints each verified
 * notification.
 *
 * @example
 * ```ts
 * import * as Hooks from "@effect-twitcasting/cli/commands/Hooks"
 *
 * const command = Hooks.webhooks
 * ```
 *
 * @since 0.1.0
 */
import * as Models from "@effect-twitcasting/sdk/Models"
import * as Webhooks from "@effect-twitcasting/sdk/Webhooks"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as Effect from "effect/Effect"
import { createServer } from "node:http"
import * as Credentials from "../Credentials.js"
import * as Output from "../Output.js"

const events = Options.choice("event", ["livestart", "liveend"]).pipe(
  Options.repeated,
  Options.withDescription("livestart, liveend (repeat for both; both when left out)")
)

const eventsOrBoth = (given: ReadonlyArray<"livestart" | "liveend">) =>
  given.length === 0 ? (["livestart", "liveend"] as const) : given

const list = Command.make("list", {
  user: Options.text("user").pipe(Options.withDescription("Only this user's webhooks"), Options.optional)
}, ({ user }) =>
  Effect.gen(function*() {
    const found = yield* Webhooks.getWebhookList(user._tag === "Some" ? { userId: user.value } : { limit: 50 })
    yield* Output.rows(found.webhooks, [
      { header: "user id", cell: (row) => row.userId },
      { header: "event", cell: (row) => row.event }
    ], { schema: Models.WebHook, empty: "no webhook registered" })
  }).pipe(Credentials.provide("app"))).pipe(Command.withDescription("List the app's webhooks"))

const userArg = Args.text({ name: "user" }).pipe(Args.withDescription("The user's numeric id or screen id"))

const add = Command.make("add", { user: userArg, events }, ({ events, user }) =>
  Effect.gen(function*() {
    const added = yield* Webhooks.registerWebhook({ userId: user, events: eventsOrBoth(events) })
    yield* Output.line(
      Webhooks.RegisteredWebhook,
      added,
      `webhooks for user ${added.userId}: ${added.addedEvents.join(", ") || "none added"}`
    )
  }).pipe(Credentials.provide("app"))).pipe(Command.withDescription("Get notified when a user's lives start or end"))

const remove = Command.make("remove", { user: userArg, events }, ({ events, user }) =>
  Effect.gen(function*() {
    const removed = yield* Webhooks.removeWebhook({ userId: user, events: eventsOrBoth(events) })
    yield* Output.line(
      Webhooks.RemovedWebhook,
      removed,
      `removed webhooks for user ${removed.userId}: ${removed.deletedEvents.join(", ") || "none"}`
    )
  }).pipe(Credentials.provide("app"))).pipe(Command.withDescription("Stop notifications about a user"))

const listen = Command.make("listen", {
  port: Options.integer("port").pipe(Options.withDefault(8080), Options.withDescription("0 picks a free port")),
  host: Options.text("host").pipe(Options.withDefault("127.0.0.1")),
  path: Options.text("path").pipe(
    Options.withDefault("/"),
    Options.withDescription("Where notifications arrive"),
    Options.map((path): `/${string}` => path.startsWith("/") ? `/${path.slice(1)}` : `/${path}`)
  )
}, ({ host, path, port }) =>
  Effect.gen(function*() {
    const hook = yield* Webhooks.receiver(Webhooks.LiveEvent.$match({
      LiveStart: ({ broadcaster, movie }) =>
        Output.line(
          Webhooks.Notification,
          { event: "livestart" as const, movie, broadcaster },
          `livestart  @${broadcaster.screenId}  ${movie.id}  ${movie.title}`
        ),
      LiveEnd: ({ broadcaster, movie }) =>
        Output.line(
          Webhooks.Notification,
          { event: "liveend" as const, movie, broadcaster },
          `liveend    @${broadcaster.screenId}  ${movie.id}  ${movie.title}`
        ),
      LiveScheduleCreate: ({ schedule }) =>
        Output.line(
          Webhooks.Notification,
          { event: "liveschedulecreate" as const, liveSchedule: schedule },
          `scheduled  @${schedule.userScreenId}  ${schedule.id}  ${schedule.title}`
        ),
      LiveScheduleUpdate: ({ schedule }) =>
        Output.line(
          Webhooks.Notification,
          { event: "livescheduleupdate" as const, liveSchedule: schedule },
          `changed    @${schedule.userScreenId}  ${schedule.id}  ${schedule.title}`
        ),
      LiveScheduleDelete: ({ scheduleId }) =>
        Output.line(
          Webhooks.Notification,
          { event: "livescheduledelete" as const, liveScheduleId: scheduleId },
          `cancelled  ${scheduleId}`
        )
    }))
    const server = yield* HttpServer.HttpServer
    yield* server.serve(HttpRouter.empty.pipe(HttpRouter.post(path, hook)))
    const bound = server.address._tag === "TcpAddress" ? server.address.port : port
    yield* Output.notice(`listening for webhooks on http://${host}:${bound}${path} (signature checked; Ctrl-C to stop)`)
    return yield* Effect.never
  }).pipe(
    Effect.scoped,
    Effect.provide(NodeHttpServer.layer(createServer, { port, host })),
    Credentials.provide("any")
  )).pipe(Command.withDescription("Receive webhooks and print each verified notification"))

/**
 * The `webhooks` command and its subcommands.
 *
 * @example
 * ```ts
 * import { Command } from "@effect/cli"
 * import * as Hooks from "@effect-twitcasting/cli/commands/Hooks"
 *
 * const usage = Command.getUsage(Hooks.webhooks)
 * ```
 *
 * @category commands
 * @since 0.1.0
 */
export const webhooks = Command.make("webhooks").pipe(
  Command.withDescription("The app's webhooks (app credentials), and a receiver"),
  Command.withSubcommands([list, add, remove, listen])
)
