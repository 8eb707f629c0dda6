/**
 * The simulator's control surface: what a test or a demo does to the
 * simulated world (start and end lives, comment as other users, send
 * gifts, turn faults on) and what it reads back to check what really
 * happened.
 *
 * **Details**
 *
 * The same operations are served over HTTP under the reserved `/_simulator/`
 * prefix, for tests written in other languages or from `curl`:
 *
 * | method | path | body |
 * | --- | --- | --- |
 * | `GET` | `/_simulator/stats` | |
 * | `POST` | `/_simulator/users/:user/live` | `{ title?, category?, tags? }` |
 * | `DELETE` | `/_simulator/users/:user/live` | |
 * | `POST` | `/_simulator/movies/:movie_id/comments` | `{ user, message }` |
 * | `GET` | `/_simulator/movies/:movie_id/comments` | |
 * | `POST` | `/_simulator/movies/:movie_id/comments/bulk` | `{ user, count }` |
 * | `GET` | `/_simulator/movies/:movie_id/live_text` | |
 * | `POST` | `/_simulator/gifts` | `{ from, to, item?, message? }` |
 * | `POST` | `/_simulator/users/:user/schedules` | `{ title, startAt, thumbnail? }` (`startAt` an ISO date) |
 * | `PATCH` | `/_simulator/schedules/:id` | `{ title?, startAt?, thumbnail? }` |
 * | `DELETE` | `/_simulator/schedules/:id` | |
 * | `PUT` | `/_simulator/apps/:client_id/webhook_url` | `{ url }` |
 * | `GET` | `/_simulator/deliveries` | |
 * | `POST` | `/_simulator/realtime/drop` | |
 * | `PUT` | `/_simulator/faults` | `Faults.Options` |
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const program = Effect.gen(function*() {
 *   const simulator = yield* Simulator.Simulator
 *   const live = yield* simulator.startLive("casma_jp", { title: "深夜の雑談" })
 *   yield* simulator.postComment(live.movie.id, "emily_plays", "hi!")
 * })
 * ```
 *
 * @since 0.1.0
 */
import { Models } from "@effect-twitcasting/sdk"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Faults from "./Faults.js"

/**
 * A control operation the world refused: an unknown user or movie, a user
 * already live, a gift item that does not exist.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Simulator } from "@effect-twitcasting/simulator"
 *
 * const endIfLive = Effect.flatMap(Simulator.Simulator, (simulator) =>
 *   simulator.endLive("casma_jp").pipe(Effect.catchTag("ControlError", () => Effect.void))
 * )
 * ```
 *
 * @category errors
 * @since 0.1.0
 */
export class ControlError extends Schema.TaggedError<ControlError>()("ControlError", {
  status: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `simulator control refused (${this.status}): ${this.reason}`
  }
}

/**
 * One webhook POST the simulator made, and how it went.
 *
 * @example
 * ```ts
 * import type { Control } from "@effect-twitcasting/simulator"
 *
 * const failed = (deliveries: ReadonlyArray<Control.Delivery>) => deliveries.filter((delivery) => delivery.status !== 200)
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export class Delivery extends Schema.Class<Delivery>("Delivery")({
  url: Schema.String,
  event: Models.WebhookEvent,
  /** The movie that started or ended; `null` for a schedule's notification. */
  movieId: Schema.NullOr(Schema.String),
  /** The schedule created, updated or deleted; `null` for a live's notification. */
  scheduleId: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  /** The receiver's status, or `null` when it could not be reached. */
  status: Schema.NullOr(Schema.Number),
  error: Schema.NullOr(Schema.String)
}) {}

/**
 * Counters since the simulator started.
 *
 * @example
 * ```ts
 * import type { Control } from "@effect-twitcasting/simulator"
 *
 * const share = (stats: Control.Stats) => stats.faults / Math.max(1, stats.requests)
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export class Stats extends Schema.Class<Stats>("Stats")({
  /** API requests received (control, OAuth, image and documentation routes not counted). */
  requests: Schema.Number,
  /** Answers of 403 + 2000 (rate limited). */
  limited: Schema.Number,
  /** Faults injected. */
  faults: Schema.Number,
  /** Realtime lives connections open now. */
  realtimeConnections: Schema.Number
}) {}

/**
 * A live to start.
 *
 * @example
 * ```ts
 * import type { Control } from "@effect-twitcasting/simulator"
 *
 * const live: Control.LiveOptions = { title: "深夜の雑談", category: "talk_jp", tags: ["雑談"] }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface LiveOptions {
  readonly title?: string | undefined
  readonly category?: string | undefined
  readonly tags?: ReadonlyArray<string> | undefined
}

/**
 * A live schedule to create, or the fields of one to change.
 *
 * @example
 * ```ts
 * import type { Control } from "@effect-twitcasting/simulator"
 *
 * const friday: Control.ScheduleOptions = { title: "金曜の雑談", startAt: new Date("2026-12-04T12:00:00Z") }
 * ```
 *
 * @category models
 * @since 0.3.0
 */
export interface ScheduleOptions {
  readonly title: string
  readonly startAt: Date
  /** An image URL, or `null` (the default) for none. */
  readonly thumbnail?: string | null | undefined
}

/**
 * A gift from one user to another (item `tea`, `star` or `cake`).
 *
 * @example
 * ```ts
 * import type { Control } from "@effect-twitcasting/simulator"
 *
 * const gift: Control.GiftOptions = { from: "casma_jp", to: "twitcasting_jp", item: "star", message: "おめでとう" }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface GiftOptions {
  readonly from: string
  readonly to: string
  readonly item?: string | undefined
  readonly message?: string | undefined
}

/**
 * The control operations. Users are named by id or screen id.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { Control } from "@effect-twitcasting/simulator"
 *
 * const burst = (controls: Control.Controls) =>
 *   Effect.forEach(["a", "b", "c"], (message) => controls.postComment("189037369", "emily_plays", message))
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Controls {
  /** Starts a live for a user (a `livestart` webhook goes out). */
  readonly startLive: (user: string, options?: LiveOptions) => Effect.Effect<Models.Live, ControlError>
  /** Ends a user's live (a `liveend` webhook goes out). */
  readonly endLive: (user: string) => Effect.Effect<Models.Live, ControlError>
  /** Posts a comment in the name of whichever user is given. */
  readonly postComment: (movieId: string, user: string, message: string) => Effect.Effect<Models.Comment, ControlError>
  /** Adds `count` comments by one user at once (for load tests); the movie's comment count after. */
  readonly addComments: (movieId: string, user: string, count: number) => Effect.Effect<number, ControlError>
  /** Every comment id of a movie, oldest first: what the server really has. */
  readonly commentIds: (movieId: string) => Effect.Effect<ReadonlyArray<string>, ControlError>
  /** The subtitle and hashtag a movie has now. */
  readonly liveText: (
    movieId: string
  ) => Effect.Effect<{ readonly subtitle: string | null; readonly hashtag: string | null }, ControlError>
  /** Sends a gift; the receiver's `getGifts` shows it for 10 seconds. */
  readonly sendGift: (gift: GiftOptions) => Effect.Effect<Models.Gift, ControlError>
  /** Schedules a live for a user (a `liveschedulecreate` webhook goes out). */
  readonly createSchedule: (user: string, schedule: ScheduleOptions) => Effect.Effect<Models.LiveSchedule, ControlError>
  /** Changes a schedule (a `livescheduleupdate` webhook goes out). */
  readonly updateSchedule: (
    id: string,
    changes: { readonly [K in keyof ScheduleOptions]?: ScheduleOptions[K] | undefined }
  ) => Effect.Effect<Models.LiveSchedule, ControlError>
  /** Deletes a schedule (a `livescheduledelete` webhook goes out). */
  readonly deleteSchedule: (id: string) => Effect.Effect<Models.LiveSchedule, ControlError>
  /** Where an app's webhooks are delivered (`null`: nowhere). */
  readonly setWebhookUrl: (clientId: string, url: string | null) => Effect.Effect<void, ControlError>
  /** Replaces the fault injection (and restarts its sequence). */
  readonly setFaults: (faults: Faults.Options) => Effect.Effect<void>
  /** Closes every realtime lives connection (code 1012), as a service restart does; how many were open. */
  readonly dropRealtime: Effect.Effect<number>
  /** The webhook deliveries made so far, oldest first. */
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
  readonly stats: Effect.Effect<Stats>
}
