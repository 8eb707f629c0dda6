/**
 * Webhooks: the app's registry of live-start / live-end notifications, and
 * the parser for the notifications the service POSTs to the app.
 *
 * **Details**
 *
 * The registry calls need app credentials (`Auth.appCredentials`). Incoming
 * notifications carry the app's webhook signature, which
 * {@link incomingWebhook} checks (in constant time) against the one
 * configured in `Auth`.
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
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Api from "./Api.js"
import { Auth } from "./Auth.js"
import { SignatureError, ValidationError } from "./Errors.js"
import { Movie, User } from "./Models.js"
import type { Call } from "./Endpoint.js"
import { call } from "./internal/client.js"

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
export const getWebhookList: Call<typeof Api.getWebhookList> = call(Api.getWebhookList)

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
export const registerWebhook: Call<typeof Api.registerWebhook> = call(Api.registerWebhook)

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
export const removeWebhook: Call<typeof Api.removeWebhook> = call(Api.removeWebhook)

/**
 * A notification the service POSTed to the app: the movie that started or
 * ended and its broadcaster. `movie.isLive` tells which.
 *
 * @example
 * ```ts
 * import { Webhooks } from "@effect-twitcasting/sdk"
 *
 * const summary = (hook: Webhooks.IncomingWebhook) =>
 *   `${hook.broadcaster.name} ${hook.movie.isLive ? "started" : "ended"} ${hook.movie.title}`
 * ```
 *
 * @see https://apiv2-doc.twitcasting.tv/#incoming-webhook
 * @category models
 * @since 0.1.0
 */
export class IncomingWebhook extends Schema.Class<IncomingWebhook>("IncomingWebhook")({
  signature: Schema.Redacted(Schema.String),
  movie: Movie,
  broadcaster: User
}) {}

/** What is decoded after the signature check: the signature itself stays out of every issue. */
const Notification = Schema.Struct({ movie: Movie, broadcaster: User })
const decodeNotification = Schema.decodeUnknown(Notification)

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
 * Parses a webhook notification (the parsed JSON body, or its raw text) and
 * checks its signature against `Auth`'s webhook signature.
 *
 * **Details**
 *
 * The signature is checked first, in constant time, before the rest of the
 * payload is decoded. Pass `{ verify: false }` to skip the check (twitcaspy's
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
 *     Effect.flatMap((hook) => Effect.log(`${hook.broadcaster.screenId}: live=${hook.movie.isLive}`))
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
  const { broadcaster, movie } = yield* decodeNotification(value, { errors: "all", onExcessProperty: "ignore" }).pipe(
    Effect.mapError((error) =>
      invalid(ParseResult.ArrayFormatter.formatErrorSync(error).slice(0, 10).map((issue) => ({
        field: issue.path.map(String).join("."),
        // a message about the whole payload would quote it, signature included
        message: issue.path.length === 0 ? "must be an object with movie and broadcaster" : issue.message
      })))
    )
  )
  return new IncomingWebhook({ signature: Redacted.make(Option.getOrElse(signature, () => "")), movie, broadcaster })
})
