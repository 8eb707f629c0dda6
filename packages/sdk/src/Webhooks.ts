/**
 * Webhooks: the app's registry of live-start / live-end notifications, and
 * the parser for the notifications the service POSTs to the app.
 *
 * **Details**
 *
 * The registry calls need app credentials (`Auth.appCredentials`). Incoming
 * notifications carry the app's webhook signature, which
 * {@link incomingWebhook} checks (in constant time) against the one
 * configured in `Auth`; {@link receiver} wraps it in a ready endpoint
 * (`HttpApp`) that hands typed {@link LiveEvent}s to your handler.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const program = Effect.gen(function*() {
 *   yield* Webhooks.registerWebhook({ userId: "182224938", events: ["livestart", "liveend"] })
 *   const { allCount } = yield* Webhooks.getWebhookList()
 *   yield* Effect.log(`${allCount} webhooks registered`)
 * })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#webhook
 * @since 0.1.0
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ParseOptions } from "effect/SchemaAST"
import type * as Scope from "effect/Scope"
import { Auth } from "./Auth.js"
import { type Call, meta, type Of } from "./Endpoint.js"
import { SignatureError, ValidationError } from "./Errors.js"
import { call } from "./internal/client.js"
import { issuesOf as formatIssues } from "./internal/issues.js"
import * as Receiver from "./internal/receiver.js"
import { ArrayParam, Id, key, optionalKey, QueryInt } from "./internal/wire.js"
import { LiveSchedule, Movie, User } from "./Models.js"
import { WebHook, WebhookEvent } from "./Models.js"

/**
 * The decoded body of a successful {@link getWebhookList} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Webhooks.WebhookList)
 * ```
 *
 * @category responses
 * @since 0.2.0
 */
export const WebhookList = Schema.Struct({
  allCount: key("all_count", Schema.Number),
  webhooks: Schema.Array(WebHook)
})

/**
 * The decoded body of a successful {@link registerWebhook} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Webhooks.RegisteredWebhook)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const RegisteredWebhook = Schema.Struct({
  userId: key("user_id", Schema.String),
  addedEvents: key("added_events", Schema.Array(WebhookEvent))
})

/**
 * The decoded body of a successful {@link removeWebhook} answer.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const decode = Schema.decodeUnknown(Webhooks.RemovedWebhook)
 * ```
 *
 * @category responses
 * @since 0.1.0
 */
export const RemovedWebhook = Schema.Struct({
  userId: key("user_id", Schema.String),
  deletedEvents: key("deleted_events", Schema.Array(WebhookEvent))
})

const Events = Schema.Array(WebhookEvent).pipe(
  Schema.filter((events) => events.length >= 1, { message: () => "must name at least one event" })
)

/**
 * The declarations of the Webhooks endpoints (app credentials).
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const paths = Object.values(Webhooks.group.endpoints).map((endpoint) => endpoint.path)
 * ```
 *
 * @category declarations
 * @since 0.2.0
 */
export const group = HttpApiGroup.make("Webhooks")
  .add(
    HttpApiEndpoint.get("getWebhookList", "/webhooks")
      .setUrlParams(Schema.Struct({
        limit: Schema.optional(QueryInt(1, 50)),
        offset: Schema.optional(QueryInt(0)),
        userId: optionalKey("user_id", Id)
      }))
      .addSuccess(WebhookList)
      .annotateContext(meta({ access: "app", idempotent: true }))
  )
  .add(
    HttpApiEndpoint.post("registerWebhook", "/webhooks")
      .setPayload(Schema.Struct({ userId: key("user_id", Id), events: Events }))
      .addSuccess(RegisteredWebhook, { status: 201 })
      .annotateContext(meta({ access: "app", idempotent: false }))
  )
  .add(
    HttpApiEndpoint.del("removeWebhook", "/webhooks")
      .setUrlParams(Schema.Struct({ userId: key("user_id", Id), events: key("events[]", ArrayParam(Events)) }))
      .addSuccess(RemovedWebhook)
      .annotateContext(meta({ access: "app", idempotent: true }))
  )

/**
 * The app's webhooks, all of them or one user's (`userId`); `limit` 1–50 and
 * `offset` ≥ 0 apply only without `userId`.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const hooks = Webhooks.getWebhookList({ userId: "twitcasting_jp" })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#get-webhook-list
 * @category calls
 * @since 0.1.0
 */
export const getWebhookList: Call<Of<typeof group, "getWebhookList">> = call(group, "getWebhookList")

/**
 * Registers the app for a user's `"livestart"` and/or `"liveend"` events.
 *
 * **Gotchas**
 *
 * Not repeated automatically on a transport failure; registering again is
 * harmless if you want to.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const register = Webhooks.registerWebhook({ userId: "twitcasting_jp", events: ["livestart"] })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#register-webhook
 * @category calls
 * @since 0.1.0
 */
export const registerWebhook: Call<Of<typeof group, "registerWebhook">> = call(group, "registerWebhook")

/**
 * Removes the app's webhooks for some events of a user.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const remove = Webhooks.removeWebhook({ userId: "twitcasting_jp", events: ["livestart", "liveend"] })
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#remove-webhook
 * @category calls
 * @since 0.1.0
 */
export const removeWebhook: Call<Of<typeof group, "removeWebhook">> = call(group, "removeWebhook")

/** The bodies of the notifications, decoded after the signature check (which keeps the signature out of every issue). */
const LiveNotification = Schema.Struct({
  event: Schema.optional(Schema.Literal("livestart", "liveend")),
  movie: Movie,
  broadcaster: User
})
const ScheduleNotification = Schema.Struct({
  event: Schema.Literal("liveschedulecreate", "livescheduleupdate"),
  liveSchedule: key("live_schedule", LiveSchedule)
})
const ScheduleDeleteNotification = Schema.Struct({
  event: Schema.Literal("livescheduledelete"),
  liveScheduleId: key("live_schedule_id", Schema.String)
})
/**
 * The body of a notification as the service sends it, less its
 * `signature` (checked before decoding): a live's start or end (`event` is
 * absent from older senders), a schedule created or updated, a schedule
 * deleted.
 *
 * **When to use**
 *
 * To write or relay notifications in the service's shape (a test server, a
 * command printing them as JSON); {@link incomingWebhook} decodes them.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const wire = Schema.encode(Webhooks.Notification)({ event: "livescheduledelete", liveScheduleId: "timetable-1" })
 * ```
 *
 * @category models
 * @since 0.3.0
 */
export const Notification = Schema.Union(ScheduleNotification, ScheduleDeleteNotification, LiveNotification)

/**
 * The type of {@link Notification}.
 *
 * @example
 * ```ts
 * import type { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const deleted: Webhooks.Notification = { event: "livescheduledelete", liveScheduleId: "timetable-1" }
 * ```
 *
 * @category models
 * @since 0.3.0
 */
export type Notification = typeof Notification.Type
const decoders = {
  schedule: Schema.decodeUnknown(ScheduleNotification),
  scheduleDelete: Schema.decodeUnknown(ScheduleDeleteNotification),
  live: Schema.decodeUnknown(LiveNotification)
}

/**
 * Decodes by `event`, so that a broken notification is judged as what it
 * says it is; a body without `event` is a live notification (older senders
 * send none).
 */
const decodeNotification = (
  value: unknown,
  options: ParseOptions
): Effect.Effect<Notification, ParseResult.ParseError> => {
  const event = typeof value === "object" && value !== null && "event" in value ? value.event : undefined
  return event === "liveschedulecreate" || event === "livescheduleupdate"
    ? decoders.schedule(value, options)
    : event === "livescheduledelete"
    ? decoders.scheduleDelete(value, options)
    : decoders.live(value, options)
}

const eventOf = (notification: Notification): LiveEvent => {
  switch (notification.event) {
    case "liveschedulecreate":
      return LiveEvent.LiveScheduleCreate({ schedule: notification.liveSchedule })
    case "livescheduleupdate":
      return LiveEvent.LiveScheduleUpdate({ schedule: notification.liveSchedule })
    case "livescheduledelete":
      return LiveEvent.LiveScheduleDelete({ scheduleId: notification.liveScheduleId })
    case "livestart":
      return LiveEvent.LiveStart(notification)
    case "liveend":
      return LiveEvent.LiveEnd(notification)
    case undefined:
      return notification.movie.isLive ? LiveEvent.LiveStart(notification) : LiveEvent.LiveEnd(notification)
  }
}

const invalid = (issues: ReadonlyArray<{ readonly field: string; readonly message: string }>) =>
  new ValidationError({ endpoint: "Webhooks.incomingWebhook", source: "webhook", issues })

/** The payload as a value: raw text is parsed as JSON. */
const parse = (payload: unknown): Effect.Effect<unknown, ValidationError> =>
  typeof payload === "string"
    ? Effect.try({
      try: (): unknown => JSON.parse(payload),
      catch: () => invalid([{ field: "", message: "is not JSON" }])
    })
    : Effect.succeed(payload)

const signatureOf = (value: unknown): Option.Option<string> =>
  typeof value === "object" && value !== null && "signature" in value && typeof value.signature === "string"
    ? Option.some(value.signature)
    : Option.none()

const encoder = new TextEncoder()

/**
 * Compares two strings in time that depends only on their lengths, not on
 * where they differ.
 */
const equalInConstantTime = (a: string, b: string): boolean => {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  let difference = x.length ^ y.length
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    difference |= (x[i] ?? 0) ^ (y[i] ?? 0)
  }
  return difference === 0
}

/**
 * Parses a webhook notification (the parsed JSON body, or its raw text),
 * checks its signature against `Auth`'s webhook signature, and gives it as
 * a {@link LiveEvent}.
 *
 * **Details**
 *
 * The signature is checked first, in constant time, before the rest of the
 * payload is decoded. The `event` field tells the notifications apart; a
 * live notification without one (older senders send none) is a start or an
 * end by its `movie.is_live`. Pass `{ verify: false }` to skip the check (twitcaspy's
 * `secure=False`), e.g. behind a proxy that already checked it.
 *
 * **Gotchas**
 *
 * `Auth` must hold the app's signature (`webhookSignature`, or
 * `TWITCASTING_WEBHOOK_SIGNATURE` with `Auth.layerConfig`), or every
 * notification fails with `SignatureError` `"not-configured"`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const onNotification = (body: string) =>
 *   Webhooks.incomingWebhook(body).pipe(
 *     Effect.flatMap((event) => Effect.log(event._tag))
 *   )
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#incoming-webhook
 * @category parsing
 * @since 0.1.0
 */
export const incomingWebhook = Effect.fn("Webhooks.incomingWebhook")(function*(
  payload: unknown,
  options?: { readonly verify?: boolean }
) {
  const value = yield* parse(payload)
  const signature = signatureOf(value)
  if (options?.verify !== false) {
    const auth = yield* Auth
    if (Option.isNone(auth.webhookSignature)) {
      return yield* new SignatureError({ reason: "not-configured" })
    }
    if (Option.isNone(signature)) {
      return yield* new SignatureError({ reason: "missing" })
    }
    if (!equalInConstantTime(signature.value, Redacted.value(auth.webhookSignature.value))) {
      return yield* new SignatureError({ reason: "mismatch" })
    }
  }
  const notification = yield* decodeNotification(value, { errors: "all", onExcessProperty: "ignore" }).pipe(
    Effect.mapError((error) =>
      invalid(
        formatIssues(error, "is not a notification").slice(0, 10).map((issue) => ({
          field: issue.path.map(String).join("."),
          // a message about the whole payload would quote it, signature included
          message: issue.path.length === 0
            ? "must be a live notification (movie, broadcaster) or a live schedule notification (event, live_schedule)"
            : issue.message
        }))
      )
    )
  )
  return eventOf(notification)
})

/**
 * A notification, checked and decoded: a live started or ended, or a live
 * schedule was created, updated or deleted (the events of the same names,
 * `livestart`, `liveend`, `liveschedulecreate`, `livescheduleupdate`,
 * `livescheduledelete`).
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const describe = Webhooks.LiveEvent.$match({
 *   LiveStart: ({ broadcaster, movie }) => `${broadcaster.name} went live: ${movie.title}`,
 *   LiveEnd: ({ broadcaster }) => `${broadcaster.name} ended their live`,
 *   LiveScheduleCreate: ({ schedule }) => `${schedule.userScreenId} plans "${schedule.title}"`,
 *   LiveScheduleUpdate: ({ schedule }) => `${schedule.userScreenId} changed "${schedule.title}"`,
 *   LiveScheduleDelete: ({ scheduleId }) => `schedule ${scheduleId} was deleted`
 * })
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type LiveEvent = Data.TaggedEnum<{
  LiveStart: { readonly movie: Movie; readonly broadcaster: User }
  LiveEnd: { readonly movie: Movie; readonly broadcaster: User }
  LiveScheduleCreate: { readonly schedule: LiveSchedule }
  LiveScheduleUpdate: { readonly schedule: LiveSchedule }
  LiveScheduleDelete: { readonly scheduleId: string }
}>

/**
 * Constructors and matchers of {@link LiveEvent}.
 *
 * @example
 * ```ts
 * import { Models, Webhooks } from "@effect-twitcasting/sdk"
 *
 * const event = (movie: Models.Movie, broadcaster: Models.User) =>
 *   movie.isLive ? Webhooks.LiveEvent.LiveStart({ movie, broadcaster }) : Webhooks.LiveEvent.LiveEnd({ movie, broadcaster })
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export const LiveEvent = Data.taggedEnum<LiveEvent>()

/**
 * Limits of {@link receiver}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const strict = Webhooks.receiver(() => Effect.void, { maxBodySize: 16 * 1024, queueSize: 32 })
 * ```
 *
 * @category receiver
 * @since 0.1.0
 */
export interface ReceiverOptions {
  /** The largest body accepted, in bytes; default 64 KiB (a notification is about 2 KiB). */
  readonly maxBodySize?: number | undefined
  /** How many recent notifications are remembered to drop a replay; default 1024. */
  readonly replayWindow?: number | undefined
  /** Notifications waiting for the handler before new ones get 503; default 256. */
  readonly queueSize?: number | undefined
}

/**
 * A webhook endpoint, as an `@effect/platform` `HttpApp` to mount in your
 * server or router, that hands each genuine notification to `handler`.
 *
 * **Details**
 *
 * For each request it answers at once, before the handler runs:
 *
 * | request | answer |
 * | --- | --- |
 * | not `POST` | 405 |
 * | content type other than `application/json` | 415 |
 * | body over `maxBodySize` (declared or actual; reading stops there) | 413 |
 * | missing or wrong signature (checked in constant time) | 401, handler not called |
 * | not JSON, or not a notification | 400 |
 * | the same notification again (same event and movie or schedule) | 200, handler not called again |
 * | more than `queueSize` waiting for the handler | 503 (the service retries) |
 * | a genuine notification | 200 |
 *
 * The handler runs on one fiber in the scope the receiver was made in, one
 * notification at a time; a failing handler is logged and the next
 * notification still runs. The signature comes from `Auth`'s
 * `webhookSignature`; without one, making the receiver fails with
 * `SignatureError` `"not-configured"` instead of refusing every call later.
 *
 * @example
 * ```ts
 * import { HttpRouter, HttpServer } from "@effect/platform"
 * import { NodeHttpServer } from "@effect/platform-node"
 * import { Webhooks } from "@effect-twitcasting/sdk"
 * import { Effect, Layer } from "effect"
 * import { createServer } from "node:http"
 *
 * const server = Effect.gen(function*() {
 *   const hook = yield* Webhooks.receiver(Webhooks.LiveEvent.$match({
 *     LiveStart: ({ broadcaster }) => Effect.log(`${broadcaster.screenId} is live`),
 *     LiveEnd: ({ broadcaster }) => Effect.log(`${broadcaster.screenId} ended`),
 *     LiveScheduleCreate: ({ schedule }) => Effect.log(`planned: ${schedule.title}`),
 *     LiveScheduleUpdate: ({ schedule }) => Effect.log(`changed: ${schedule.title}`),
 *     LiveScheduleDelete: ({ scheduleId }) => Effect.log(`cancelled: ${scheduleId}`)
 *   }))
 *   return HttpRouter.empty.pipe(HttpRouter.post("/twitcasting/webhook", hook), HttpServer.serve())
 * }).pipe(Layer.unwrapScoped, Layer.provide(NodeHttpServer.layer(createServer, { port: 8080 })))
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#incoming-webhook
 * @category receiver
 * @since 0.1.0
 */
export const receiver = <E, R>(
  handler: (event: LiveEvent) => Effect.Effect<void, E, R>,
  options: ReceiverOptions = {}
): Effect.Effect<HttpApp.Default, SignatureError, Auth | R | Scope.Scope> =>
  Effect.gen(function*() {
    const auth = yield* Auth
    if (Option.isNone(auth.webhookSignature)) return yield* new SignatureError({ reason: "not-configured" })
    return yield* Receiver.make({
      name: "Webhooks.receiver",
      settings: {
        maxBodySize: options.maxBodySize ?? 64 * 1024,
        replayWindow: options.replayWindow ?? 1024,
        queueSize: options.queueSize ?? 256
      },
      parse: (body) =>
        incomingWebhook(body).pipe(
          Effect.provideService(Auth, auth),
          Effect.mapError((error) =>
            error._tag === "SignatureError"
              ? { status: 401, reason: "bad signature" }
              : { status: 400, reason: "not a notification" }
          )
        ),
      key: LiveEvent.$match({
        LiveStart: ({ movie }) => `LiveStart:${movie.id}`,
        LiveEnd: ({ movie }) => `LiveEnd:${movie.id}`,
        LiveScheduleCreate: ({ schedule }) => `LiveScheduleCreate:${schedule.id}`,
        // each change of a schedule is news, the same change again is not
        LiveScheduleUpdate: ({ schedule }) =>
          `LiveScheduleUpdate:${
            JSON.stringify([schedule.id, schedule.startAt.epochMillis, schedule.title, schedule.thumbnail])
          }`,
        LiveScheduleDelete: ({ scheduleId }) => `LiveScheduleDelete:${scheduleId}`
      }),
      handle: handler
    })
  })
