/**
 * The control operations over the world, and the same operations served
 * under `/_simulator/`.
 *
 * @internal
 */
import { Models } from "@effect-twitcasting/sdk"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { ControlError, type Controls, Delivery, Stats } from "../Control.js"
import * as Faults from "../Faults.js"
import { matchPath } from "./path.js"
import type { Realtime } from "./realtime.js"
import { giftItems, type Refusal, type World } from "./world.js"

export type { Controls }

/** Counters and logs of a running simulator. */
export class State {
  requests = 0
  limited = 0
  faults = 0
  readonly deliveries: Array<Delivery> = []
  constructor(public source: Faults.Source) {}
}

const control = <A>(effect: Effect.Effect<A, Refusal>): Effect.Effect<A, ControlError> =>
  Effect.mapError(effect, (refusal) => new ControlError({ status: refusal.status, reason: refusal.message }))

export const makeControls = (world: World, state: State, realtime: Realtime): Controls => ({
  dropRealtime: realtime.dropAll,
  startLive: (user, options = {}) => control(world.startLive(user, options)),
  endLive: (user) => control(world.endLive(user)),
  postComment: (movieId, user, message) =>
    control(Effect.map(world.postComment(movieId, user, message), (posted) => posted.comment)),
  commentIds: (movieId) => control(world.commentIds(movieId)),
  addComments: (movieId, user, count) => control(world.addComments(movieId, user, count)),
  liveText: (movieId) => control(world.subtitleOf(movieId)),
  sendGift: (gift) => control(world.sendGift(gift.from, gift.to, gift.item ?? giftItems[0]!.id, gift.message ?? "")),
  setWebhookUrl: (clientId, url) => control(world.setWebhookUrl(clientId, url)),
  createSchedule: (user, schedule) => control(world.createSchedule(user, schedule)),
  updateSchedule: (id, changes) => control(world.updateSchedule(id, changes)),
  deleteSchedule: (id) => control(world.deleteSchedule(id)),
  setFaults: (faults) =>
    Effect.sync(() => {
      state.source = Faults.source(faults)
    }),
  deliveries: Effect.sync(() => [...state.deliveries]),
  stats: Effect.sync(() =>
    new Stats({
      requests: state.requests,
      limited: state.limited,
      faults: state.faults,
      realtimeConnections: realtime.connections
    })
  )
})

// ---------------------------------------------------------------------------
// over HTTP

const LiveBody = Schema.Struct({
  title: Schema.optional(Schema.String),
  category: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String))
})
const CommentBody = Schema.Struct({ user: Schema.String, message: Schema.String })
const BulkBody = Schema.Struct({ user: Schema.String, count: Schema.Int.pipe(Schema.between(1, 10_000_000)) })
const GiftBody = Schema.Struct({
  from: Schema.String,
  to: Schema.String,
  item: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String)
})
const WebhookUrlBody = Schema.Struct({ url: Schema.NullOr(Schema.String) })
const ScheduleBody = Schema.Struct({
  title: Schema.String,
  startAt: Schema.Date,
  thumbnail: Schema.optional(Schema.NullOr(Schema.String))
})

type Handler = (
  controls: Controls,
  params: Record<string, string>,
  request: HttpServerRequest.HttpServerRequest
) => Effect.Effect<unknown, ControlError>

const body = <A, I>(schema: Schema.Schema<A, I>, request: HttpServerRequest.HttpServerRequest) =>
  request.text.pipe(
    Effect.flatMap((text) => Schema.decodeUnknown(Schema.parseJson(schema))(text === "" ? "{}" : text)),
    Effect.mapError((error) => new ControlError({ status: 400, reason: `bad body: ${error.message}` }))
  )

const encode = <A, I>(schema: Schema.Schema<A, I>) => (value: A) => Effect.orDie(Schema.encode(schema)(value))

const handlers: ReadonlyArray<readonly [method: string, path: string, handler: Handler]> = [
  ["GET", "/_simulator/stats", (controls) => Effect.flatMap(controls.stats, encode(Stats))],
  ["POST", "/_simulator/users/:user/live", (controls, params, request) =>
    body(LiveBody, request).pipe(
      Effect.flatMap((options) => controls.startLive(params["user"]!, options)),
      Effect.flatMap(encode(Models.Live))
    )],
  [
    "DELETE",
    "/_simulator/users/:user/live",
    (controls, params) => Effect.flatMap(controls.endLive(params["user"]!), encode(Models.Live))
  ],
  ["POST", "/_simulator/movies/:movie_id/comments", (controls, params, request) =>
    body(CommentBody, request).pipe(
      Effect.flatMap(({ message, user }) => controls.postComment(params["movie_id"]!, user, message)),
      Effect.flatMap(encode(Models.Comment))
    )],
  [
    "GET",
    "/_simulator/movies/:movie_id/comments",
    (controls, params) =>
      Effect.map(controls.commentIds(params["movie_id"]!), (ids) => ({ all_count: ids.length, ids }))
  ],
  ["POST", "/_simulator/movies/:movie_id/comments/bulk", (controls, params, request) =>
    body(BulkBody, request).pipe(
      Effect.flatMap(({ count, user }) => controls.addComments(params["movie_id"]!, user, count)),
      Effect.map((allCount) => ({ all_count: allCount }))
    )],
  ["GET", "/_simulator/movies/:movie_id/live_text", (controls, params) => controls.liveText(params["movie_id"]!)],
  [
    "POST",
    "/_simulator/gifts",
    (controls, _, request) =>
      body(GiftBody, request).pipe(Effect.flatMap(controls.sendGift), Effect.flatMap(encode(Models.Gift)))
  ],
  ["POST", "/_simulator/users/:user/schedules", (controls, params, request) =>
    body(ScheduleBody, request).pipe(
      Effect.flatMap((schedule) => controls.createSchedule(params["user"]!, schedule)),
      Effect.flatMap(encode(Models.LiveSchedule))
    )],
  [
    "PATCH",
    "/_simulator/schedules/:id",
    (controls, params, request) =>
      body(Schema.partial(ScheduleBody), request).pipe(
        Effect.flatMap((changes) => controls.updateSchedule(params["id"]!, changes)),
        Effect.flatMap(encode(Models.LiveSchedule))
      )
  ],
  [
    "DELETE",
    "/_simulator/schedules/:id",
    (controls, params) => Effect.flatMap(controls.deleteSchedule(params["id"]!), encode(Models.LiveSchedule))
  ],
  ["PUT", "/_simulator/apps/:client_id/webhook_url", (controls, params, request) =>
    body(WebhookUrlBody, request).pipe(
      Effect.flatMap(({ url }) => controls.setWebhookUrl(params["client_id"]!, url)),
      Effect.as({ ok: true })
    )],
  ["POST", "/_simulator/realtime/drop", (controls) => Effect.map(controls.dropRealtime, (dropped) => ({ dropped }))],
  ["GET", "/_simulator/deliveries", (controls) => Effect.flatMap(controls.deliveries, encode(Schema.Array(Delivery)))],
  [
    "PUT",
    "/_simulator/faults",
    (controls, _, request) =>
      body(Faults.Options, request).pipe(Effect.flatMap(controls.setFaults), Effect.as({ ok: true }))
  ]
]

export const controlRoutes = (
  controls: Controls,
  request: HttpServerRequest.HttpServerRequest,
  url: URL
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  for (const [method, path, handler] of handlers) {
    if (method !== request.method) continue
    const params = matchPath(path, url.pathname)
    if (params === undefined) continue
    return handler(controls, params, request).pipe(
      Effect.map((value) => HttpServerResponse.unsafeJson(value)),
      Effect.catchAll((error) =>
        Effect.succeed(HttpServerResponse.unsafeJson({ error: { code: error.status, message: error.reason } }, {
          status: error.status
        }))
      )
    )
  }
  return Effect.succeed(HttpServerResponse.unsafeJson({ error: { code: 404, message: "Not Found" } }, { status: 404 }))
}
