/**
 * Secrets never reach logs or traces: every span (name, attributes, events,
 * exit) and every log line of successful and failing calls, webhooks and
 * the receiver is captured and searched for the token, the client secret,
 * the Basic credential and the webhook signature.
 */
import { HttpApp } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Redacted, TestClock } from "effect"
import { Auth, Comments, Users, Webhooks } from "../src/index.js"
import { capture } from "./capture.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, basic, bearer, clientSecret, type Reply, token, userAuth } from "./mock.js"

const signature = "whsig-SECRET-7a6b5c4d3e2f"
const secrets = [Redacted.value(token), Redacted.value(clientSecret), basic.slice("Basic ".length), signature]

const expectNoSecret = (text: string) => {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

const calls: ReadonlyArray<
  { readonly name: string; readonly reply: Reply; readonly auth: Layer.Layer<Auth.Auth>; readonly ok?: boolean }
> = [
  {
    name: "a successful call (Bearer)",
    reply: { body: { user: fixtures.user, supporter_count: 1, supporting_count: 1 } },
    auth: userAuth,
    ok: true
  },
  {
    name: "a successful call (Basic)",
    reply: { body: { user: fixtures.user, supporter_count: 1, supporting_count: 1 } },
    auth: appAuth,
    ok: true
  },
  { name: "401", reply: { status: 401, body: fixtures.errorBody(1000, "Invalid token") }, auth: userAuth },
  { name: "500", reply: { status: 500, body: fixtures.errorBody(500, "Internal Server Error") }, auth: appAuth },
  { name: "a dropped connection (Bearer)", reply: { drop: true }, auth: userAuth },
  { name: "a dropped connection (Basic)", reply: { drop: true }, auth: appAuth }
]

describe("no secret in logs or spans", () => {
  it.effect.each(calls)("$name", ({ auth, ok, reply }) =>
    Effect.gen(function*() {
      const seen = capture()
      const api = always(reply)
      const fiber = yield* Users.getUserInfo({ screenId: "twitcasting_jp" }).pipe(
        Effect.tapBoth({
          onFailure: (error) => Effect.logError("call failed", error),
          onSuccess: (info) => Effect.log(info)
        }),
        Effect.exit,
        Effect.provide(api.client),
        Effect.provide(auth),
        Effect.provide(seen.layer),
        Effect.fork
      )
      yield* TestClock.adjust("10 minutes")
      const exit = yield* Fiber.join(fiber)
      expect(Exit.isSuccess(exit)).toBe(ok === true)
      expect(seen.records.length).toBeGreaterThan(1)
      expect(seen.everything()).toContain("Users.getUserInfo")
      expectNoSecret(seen.everything())
      // the secrets did travel, so the search above is not vacuous
      expect(api.sent.map((request) => request.headers["authorization"])).toContain(auth === userAuth ? bearer : basic)
    }))

  it.effect("a timed-out write, logged with its cause", () =>
    Effect.gen(function*() {
      const seen = capture()
      const fiber = yield* Comments.postComment({ movieId: "1", comment: "hi" }).pipe(
        Effect.catchAllCause((cause) => Effect.logError("post failed", cause)),
        Effect.provide(always({ body: {}, delayMillis: 120_000 }).client),
        Effect.provide(userAuth),
        Effect.provide(seen.layer),
        Effect.fork
      )
      yield* TestClock.adjust("2 minutes")
      yield* fiber.await
      expect(seen.everything()).toContain("no complete answer")
      expectNoSecret(seen.everything())
    }))

  it.effect("webhooks: a wrong and a right signature, parsed and received, with everything logged", () =>
    Effect.gen(function*() {
      const seen = capture()
      const auth = Auth.layer({
        credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }),
        webhookSignature: Redacted.make(signature)
      })
      const payload = { signature, movie: fixtures.movie, broadcaster: fixtures.user }
      yield* Effect.scoped(Effect.gen(function*() {
        for (const body of [payload, { ...payload, signature: "forged" }, { ...payload, movie: { id: 1 } }]) {
          yield* Webhooks.incomingWebhook(body).pipe(
            Effect.tapBoth({ onFailure: (error) => Effect.logError(error), onSuccess: (hook) => Effect.log(hook) }),
            Effect.ignore
          )
        }
        const app = yield* Webhooks.receiver((event) => Effect.log("received", event))
        const handle = HttpApp.toWebHandler(app)
        for (const body of [payload, { ...payload, signature: `${signature}x` }]) {
          yield* Effect.promise(() =>
            handle(
              new Request("http://127.0.0.1/hook", {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body)
              })
            )
          )
        }
      })).pipe(Effect.provide(auth), Effect.provide(seen.layer))
      expect(seen.everything()).toContain("Webhooks.incomingWebhook")
      expectNoSecret(seen.everything())
    }))
})
