/**
 * Webhooks: the app-only registry calls (requests, decoded answers, input
 * rules, credentials, retries) and `incomingWebhook`, the parser of the
 * notifications the service POSTs, with its signature check.
 */
import { HttpApp, type HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import {
  Cause,
  DateTime,
  Deferred,
  Duration,
  Effect,
  Fiber,
  type Layer,
  Option,
  Queue,
  Redacted,
  TestClock
} from "effect"
import { Auth, Errors, Models, type RateLimit, Retry, Webhooks } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import {
  always,
  appAuth,
  authLayer,
  baseUrl,
  basic,
  clientSecret,
  mock,
  queryOf,
  type Reply,
  token,
  unchecked,
  userAuth
} from "./mock.js"

type Call = Effect.Effect<unknown, Errors.CallError, HttpClient.HttpClient | Auth.Auth>

const using =
  (api: ReturnType<typeof mock>, auth: Layer.Layer<Auth.Auth, Errors.OptionsError> = appAuth) =>
  <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Auth.Auth>) =>
    effect.pipe(Effect.provide(api.client), Effect.provide(auth))

const expectRateLimit = (rateLimit: Option.Option<RateLimit.RateLimit>, remaining: number, resetMillis: number) =>
  expect(Option.map(rateLimit, (r) => [r.limit, r.remaining, DateTime.toEpochMillis(r.reset)])).toEqual(
    Option.some([60, remaining, resetMillis])
  )

const webhookList = {
  all_count: 3,
  webhooks: [
    { user_id: "182224938", event: "livestart" },
    { user_id: "182224938", event: "liveend" },
    { user_id: "2880417757", event: "livestart" }
  ]
}
const registered = { user_id: "182224938", added_events: ["livestart", "liveend"] }
const removed = { user_id: "182224938", deleted_events: ["liveend", "livestart"] }

describe("Webhooks registry", () => {
  describe("requests", () => {
    const cases: ReadonlyArray<{
      readonly name: string
      readonly call: Call
      readonly reply: Reply
      readonly method: string
      readonly query: ReadonlyArray<readonly [string, string]>
      readonly body?: unknown
    }> = [
      {
        name: "getWebhookList without input sends no query",
        call: Webhooks.getWebhookList(),
        reply: { body: webhookList },
        method: "GET",
        query: []
      },
      {
        name: "getWebhookList with limit and offset",
        call: Webhooks.getWebhookList({ limit: 50, offset: 100 }),
        reply: { body: webhookList },
        method: "GET",
        query: [["limit", "50"], ["offset", "100"]]
      },
      {
        name: "getWebhookList for one user",
        call: Webhooks.getWebhookList({ userId: "twitcasting_jp" }),
        reply: { body: webhookList },
        method: "GET",
        query: [["user_id", "twitcasting_jp"]]
      },
      {
        name: "registerWebhook posts user_id and events (answered 201)",
        call: Webhooks.registerWebhook({ userId: "182224938", events: ["livestart", "liveend"] }),
        reply: { status: 201, body: registered },
        method: "POST",
        query: [],
        body: { user_id: "182224938", events: ["livestart", "liveend"] }
      },
      {
        name: "registerWebhook with one event",
        call: Webhooks.registerWebhook({ userId: "twitcasting_jp", events: ["liveend"] }),
        reply: { status: 201, body: { user_id: "182224938", added_events: ["liveend"] } },
        method: "POST",
        query: [],
        body: { user_id: "twitcasting_jp", events: ["liveend"] }
      },
      {
        name: "removeWebhook sends user_id and repeated events[] in the query, no body",
        call: Webhooks.removeWebhook({ userId: "182224938", events: ["liveend", "livestart"] }),
        reply: { body: removed },
        method: "DELETE",
        query: [["events[]", "liveend"], ["events[]", "livestart"], ["user_id", "182224938"]]
      }
    ]

    it.effect.each(cases)("$name", ({ body, call, method, query, reply }) =>
      Effect.gen(function*() {
        const api = always(reply)
        yield* call.pipe(using(api))
        expect(api.sent).toHaveLength(1)
        const [sent] = api.sent
        if (sent === undefined) return expect.fail("nothing sent")
        expect(sent.method).toBe(method)
        expect(sent.url.origin + sent.url.pathname).toBe(`${baseUrl}/webhooks`)
        expect(queryOf(sent)).toEqual(query)
        expect(sent.body).toEqual(body)
        expect(sent.headers["x-api-version"]).toBe("2.0")
        expect(sent.headers["accept"]).toBe("application/json")
        expect(sent.headers["user-agent"]).toMatch(/^effect-twitcasting\/\d/)
        expect(sent.headers["authorization"]).toBe(basic)
      }))

    it.effect("removeWebhook encodes events[] on the wire as the API expects", () =>
      Effect.gen(function*() {
        const api = always({ body: removed })
        yield* Webhooks.removeWebhook({ userId: "182224938", events: ["liveend", "livestart"] }).pipe(using(api))
        expect(api.sent[0]?.url.search).toBe("?user_id=182224938&events%5B%5D=liveend&events%5B%5D=livestart")
      }))
  })

  describe("responses", () => {
    it.effect("getWebhookList decodes the count and the registrations", () =>
      Effect.gen(function*() {
        const api = always({ body: webhookList, remaining: 50, resetIn: 40 })
        const result = yield* Webhooks.getWebhookList().pipe(using(api))
        expect(result.allCount).toBe(3)
        for (const hook of result.webhooks) expect(hook).toBeInstanceOf(Models.WebHook)
        expect(result.webhooks.map(({ event, userId }) => ({ userId, event }))).toEqual([
          { userId: "182224938", event: "livestart" },
          { userId: "182224938", event: "liveend" },
          { userId: "2880417757", event: "livestart" }
        ])
        expectRateLimit(result.rateLimit, 50, 40_000)
      }))

    it.effect("registerWebhook decodes the 201 answer", () =>
      Effect.gen(function*() {
        const api = always({ status: 201, body: registered, remaining: 49, resetIn: 39 })
        const result = yield* Webhooks.registerWebhook({ userId: "182224938", events: ["livestart", "liveend"] }).pipe(
          using(api)
        )
        expect(result.userId).toBe("182224938")
        expect(result.addedEvents).toEqual(["livestart", "liveend"])
        expectRateLimit(result.rateLimit, 49, 39_000)
      }))

    it.effect("removeWebhook decodes the deleted events", () =>
      Effect.gen(function*() {
        const api = always({ body: { user_id: "182224938", deleted_events: [] }, remaining: 1, resetIn: 2 })
        const result = yield* Webhooks.removeWebhook({ userId: "182224938", events: ["liveend"] }).pipe(using(api))
        expect(result.userId).toBe("182224938")
        expect(result.deletedEvents).toEqual([])
        expectRateLimit(result.rateLimit, 1, 2_000)
      }))

    it.effect("an event the model does not know is a UnexpectedResponseError", () =>
      Effect.gen(function*() {
        const api = always({ body: { all_count: 1, webhooks: [{ user_id: "1", event: "livepause" }] } })
        const error = yield* Webhooks.getWebhookList().pipe(using(api), Effect.flip)
        expect(error).toBeInstanceOf(Errors.UnexpectedResponseError)
        expect(error.message).toContain("webhooks.0.event")
      }))
  })

  describe("input rules are checked before sending", () => {
    const refused: ReadonlyArray<
      { readonly name: string; readonly call: Call; readonly fields: ReadonlyArray<string> }
    > = [
      { name: "getWebhookList with limit 0", call: Webhooks.getWebhookList({ limit: 0 }), fields: ["limit"] },
      { name: "getWebhookList with limit 51", call: Webhooks.getWebhookList({ limit: 51 }), fields: ["limit"] },
      { name: "getWebhookList with offset -1", call: Webhooks.getWebhookList({ offset: -1 }), fields: ["offset"] },
      { name: "getWebhookList with offset 0.5", call: Webhooks.getWebhookList({ offset: 0.5 }), fields: ["offset"] },
      {
        name: "getWebhookList with an empty userId",
        call: Webhooks.getWebhookList({ userId: "" }),
        fields: ["userId"]
      },
      {
        name: "registerWebhook without userId",
        call: Webhooks.registerWebhook(unchecked({ events: ["livestart"] })),
        fields: ["userId"]
      },
      {
        name: "registerWebhook with an empty userId",
        call: Webhooks.registerWebhook({ userId: "", events: ["livestart"] }),
        fields: ["userId"]
      },
      {
        name: "registerWebhook without events",
        call: Webhooks.registerWebhook(unchecked({ userId: "182224938" })),
        fields: ["events"]
      },
      {
        name: "registerWebhook with no event",
        call: Webhooks.registerWebhook({ userId: "182224938", events: [] }),
        fields: ["events"]
      },
      {
        name: "registerWebhook with an unknown event",
        call: Webhooks.registerWebhook(unchecked({ userId: "182224938", events: ["livestart", "livestarted"] })),
        fields: ["events.1"]
      },
      {
        name: "registerWebhook with an event name in another case",
        call: Webhooks.registerWebhook(unchecked({ userId: "182224938", events: ["LiveEnd"] })),
        fields: ["events.0"]
      },
      {
        name: "removeWebhook without userId",
        call: Webhooks.removeWebhook(unchecked({ events: ["liveend"] })),
        fields: ["userId"]
      },
      {
        name: "removeWebhook with no event",
        call: Webhooks.removeWebhook({ userId: "182224938", events: [] }),
        fields: ["events"]
      },
      {
        name: "removeWebhook with an unknown event",
        call: Webhooks.removeWebhook(unchecked({ userId: "182224938", events: ["all"] })),
        fields: ["events.0"]
      },
      {
        name: "removeWebhook reports every broken rule",
        call: Webhooks.removeWebhook(unchecked({ userId: "", events: ["start"] })),
        fields: ["userId", "events.0"]
      }
    ]

    it.effect.each(refused)("$name", ({ call, fields }) =>
      Effect.gen(function*() {
        const api = always({ body: {} })
        const error = yield* call.pipe(using(api), Effect.flip)
        expect(api.sent).toHaveLength(0)
        if (!(error instanceof Errors.ValidationError)) {
          return expect.fail(`expected a ValidationError, got ${error._tag}`)
        }
        expect(error.source).toBe("client")
        expect(error.endpoint).toMatch(/^Webhooks\./)
        expect(error.issues.map((issue) => issue.field)).toEqual(fields)
      }))

    it.effect("an unknown event's message names the allowed events", () =>
      Effect.gen(function*() {
        const api = always({ body: {} })
        const error = yield* Webhooks.registerWebhook(unchecked({ userId: "1", events: ["x"] })).pipe(
          using(api),
          Effect.flip
        )
        expect(error).toMatchObject({
          issues: [{ field: "events.0", message: expect.stringMatching(/livestart, liveend/) }]
        })
      }))

    const accepted: ReadonlyArray<{
      readonly name: string
      readonly input: { readonly limit?: number; readonly offset?: number }
    }> = [
      { name: "limit 1", input: { limit: 1 } },
      { name: "limit 50", input: { limit: 50 } },
      { name: "offset 0", input: { offset: 0 } }
    ]

    it.effect.each(accepted)("getWebhookList boundary accepted: $name", ({ input }) =>
      Effect.gen(function*() {
        const api = always({ body: webhookList })
        yield* Webhooks.getWebhookList(input).pipe(using(api))
        expect(api.sent).toHaveLength(1)
        const [sent] = api.sent
        expect(sent === undefined ? undefined : queryOf(sent)).toEqual(
          Object.entries(input).map(([name, value]) => [name, String(value)])
        )
      }))
  })

  describe("credentials", () => {
    const calls: ReadonlyArray<{ readonly name: string; readonly call: Call }> = [
      { name: "Webhooks.getWebhookList", call: Webhooks.getWebhookList() },
      {
        name: "Webhooks.registerWebhook",
        call: Webhooks.registerWebhook({ userId: "182224938", events: ["livestart"] })
      },
      { name: "Webhooks.removeWebhook", call: Webhooks.removeWebhook({ userId: "182224938", events: ["livestart"] }) }
    ]

    it.effect.each(calls)("$name refuses a user token before sending", ({ call, name }) =>
      Effect.gen(function*() {
        const api = always({ body: webhookList })
        const error = yield* call.pipe(using(api, userAuth), Effect.flip)
        expect(api.sent).toHaveLength(0)
        expect(error).toBeInstanceOf(Errors.AuthenticationError)
        expect(error).toMatchObject({ endpoint: name, reason: expect.stringContaining("app credentials") })
        expect(error.message).not.toContain(Redacted.value(token))
      }))
  })

  describe("retries", () => {
    const retry = Retry.layer({ retries: 2, baseDelay: Duration.millis(100) })
    const failures: ReadonlyArray<
      { readonly name: string; readonly reply: Reply; readonly tag: Errors.CallError["_tag"] }
    > = [
      {
        name: "500 with an API error",
        reply: { status: 500, body: fixtures.errorBody(500, "Internal Server Error") },
        tag: "ApiError"
      },
      { name: "503 with an empty body", reply: { status: 503 }, tag: "UnexpectedResponseError" },
      { name: "a dropped connection", reply: { drop: true }, tag: "RequestError" }
    ]
    const idempotent: ReadonlyArray<{ readonly name: string; readonly call: Call; readonly reply: unknown }> = [
      { name: "GET getWebhookList", call: Webhooks.getWebhookList({ limit: 10 }), reply: webhookList },
      // DELETE /webhooks is declared idempotent: removing a removed webhook changes nothing
      {
        name: "DELETE removeWebhook",
        call: Webhooks.removeWebhook({ userId: "182224938", events: ["liveend", "livestart"] }),
        reply: removed
      }
    ]
    const retried = idempotent.flatMap((call) => failures.map((failure) => ({ ...call, failure })))

    it.effect.each(retried)(
      "$name is retried after $failure.name, the same request each time",
      ({ call, failure, reply }) =>
        Effect.gen(function*() {
          const api = mock((_, i) => i < 2 ? failure.reply : { body: reply })
          const fiber = yield* Effect.fork(call.pipe(using(api), Effect.provide(retry)))
          yield* TestClock.adjust(Duration.minutes(1))
          yield* Fiber.join(fiber)
          expect(api.sent).toHaveLength(3)
          expect(new Set(api.sent.map((sent) => `${sent.method} ${sent.url.href}`)).size).toBe(1)
        })
    )

    it.effect.each(failures)(
      "POST registerWebhook is sent once after $name",
      ({ reply, tag }) =>
        Effect.gen(function*() {
          const api = always(reply)
          const fiber = yield* Effect.fork(
            Webhooks.registerWebhook({ userId: "182224938", events: ["livestart"] }).pipe(
              using(api),
              Effect.provide(retry),
              Effect.flip
            )
          )
          yield* TestClock.adjust(Duration.minutes(10))
          const error = yield* Fiber.join(fiber)
          expect(error._tag).toBe(tag)
          expect(api.sent).toHaveLength(1)
        })
    )
  })
})

describe("Webhooks.incomingWebhook", () => {
  const signature = "whsig-SECRET-0f1e2d3c4b5a"
  const configured = authLayer({
    credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }),
    webhookSignature: Redacted.make(signature)
  })
  const unconfigured = authLayer({ credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }) })

  const liveStart = { signature, movie: fixtures.movie, broadcaster: fixtures.user }
  const liveEnd = {
    signature,
    movie: { ...fixtures.recordedMovie, is_recorded: false },
    broadcaster: fixtures.quietUser
  }

  /** Everything a caller might print of an error. */
  const renderings = (error: Errors.SignatureError | Errors.ValidationError) => [
    error.message,
    String(error),
    JSON.stringify(error),
    Cause.pretty(Cause.fail(error))
  ]

  const payloads = [
    { name: "parsed JSON", wrap: (payload: object): unknown => payload },
    { name: "raw body text", wrap: (payload: object): unknown => JSON.stringify(payload) }
  ]

  it.effect.each(payloads)(
    "a livestart notification ($name) decodes to typed models",
    ({ wrap }) =>
      Effect.gen(function*() {
        const event = yield* Webhooks.incomingWebhook(wrap(liveStart)).pipe(Effect.provide(configured))
        if (event._tag !== "LiveStart") return expect.fail(`expected LiveStart, got ${event._tag}`)
        const hook = event
        expect(hook.movie).toBeInstanceOf(Models.Movie)
        expect(hook.broadcaster).toBeInstanceOf(Models.User)
        expect(hook.movie).toMatchObject({
          id: "189037369",
          userId: "182224938",
          title: "ライブ #189037369",
          isLive: true,
          isRecorded: false,
          hlsUrl: "https://twitcasting.tv/twitcasting_jp/metastream.m3u8/?video=1"
        })
        expect(DateTime.toEpochMillis(hook.movie.created)).toBe(1438500282000)
        expect(hook.broadcaster).toMatchObject({ id: "182224938", screenId: "twitcasting_jp", isLive: true })
      })
  )

  it.effect.each(payloads)(
    "a liveend notification ($name) decodes, with its nulls",
    ({ wrap }) =>
      Effect.gen(function*() {
        const hook = yield* Webhooks.incomingWebhook(wrap(liveEnd)).pipe(Effect.provide(configured))
        if (hook._tag !== "LiveEnd") return expect.fail(`expected LiveEnd, got ${hook._tag}`)
        expect(hook.movie).toMatchObject({
          id: "189000001",
          isLive: false,
          subtitle: null,
          lastOwnerComment: null,
          category: null,
          hlsUrl: null
        })
        expect(DateTime.toEpochMillis(hook.movie.created)).toBe(1438400000000)
        expect(hook.broadcaster).toMatchObject({ screenId: "casma_jp", lastMovieId: null, isLive: false })
        expect(hook.broadcaster).not.toHaveProperty("brand_new_field")
      })
  )

  const schedule = fixtures.liveSchedule
  const events: ReadonlyArray<{
    readonly name: string
    readonly payload: object
    readonly tag: Webhooks.LiveEvent["_tag"]
  }> = [
    { name: "livestart with its event field", payload: { ...liveStart, event: "livestart" }, tag: "LiveStart" },
    { name: "liveend with its event field", payload: { ...liveEnd, event: "liveend" }, tag: "LiveEnd" },
    { name: "a live end without an event field (older senders)", payload: liveEnd, tag: "LiveEnd" },
    {
      name: "liveschedulecreate",
      payload: { event: "liveschedulecreate", signature, live_schedule: schedule },
      tag: "LiveScheduleCreate"
    },
    {
      name: "livescheduleupdate",
      payload: { event: "livescheduleupdate", signature, live_schedule: { ...schedule, title: "changed" } },
      tag: "LiveScheduleUpdate"
    },
    {
      name: "livescheduledelete",
      payload: { event: "livescheduledelete", signature, live_schedule_id: schedule.id },
      tag: "LiveScheduleDelete"
    }
  ]

  it.effect.each(events)("$name → $tag", ({ payload, tag }) =>
    Effect.gen(function*() {
      const event = yield* Webhooks.incomingWebhook(JSON.stringify(payload)).pipe(Effect.provide(configured))
      expect(event._tag).toBe(tag)
      const schedules = Webhooks.LiveEvent.$match(event, {
        LiveStart: () => undefined,
        LiveEnd: () => undefined,
        LiveScheduleCreate: ({ schedule }) => schedule,
        LiveScheduleUpdate: ({ schedule }) => schedule,
        LiveScheduleDelete: ({ scheduleId }) => scheduleId
      })
      if (tag === "LiveScheduleCreate" || tag === "LiveScheduleUpdate") {
        expect(schedules).toBeInstanceOf(Models.LiveSchedule)
        expect(schedules).toMatchObject({ id: schedule.id, userScreenId: schedule.user_screen_id })
      }
      if (tag === "LiveScheduleDelete") expect(schedules).toBe(schedule.id)
    }))

  it.effect("a schedule notification with a wrong signature is refused like a live one", () =>
    Effect.gen(function*() {
      const error = yield* Webhooks.incomingWebhook({
        event: "liveschedulecreate",
        signature: "whsig-forged",
        live_schedule: schedule
      }).pipe(Effect.provide(configured), Effect.flip)
      expect(error).toMatchObject({ _tag: "SignatureError", reason: "mismatch" })
    }))

  it.effect("the decoded notification does not show the signature when printed", () =>
    Effect.gen(function*() {
      const hook = yield* Webhooks.incomingWebhook(liveStart).pipe(Effect.provide(configured))
      expect(JSON.stringify(hook)).not.toContain(signature)
      expect(String(hook)).not.toContain(signature)
    }))

  const refusals: ReadonlyArray<{
    readonly name: string
    readonly payload: unknown
    readonly auth: Layer.Layer<Auth.Auth, Errors.OptionsError>
    readonly reason: "mismatch" | "missing" | "not-configured"
  }> = [
    {
      name: "a wrong signature",
      payload: { ...liveStart, signature: "whsig-forged" },
      auth: configured,
      reason: "mismatch"
    },
    {
      name: "a signature that is a prefix of the right one",
      payload: { ...liveStart, signature: signature.slice(0, -1) },
      auth: configured,
      reason: "mismatch"
    },
    {
      name: "the right signature plus a character",
      payload: { ...liveStart, signature: `${signature}x` },
      auth: configured,
      reason: "mismatch"
    },
    { name: "an empty signature", payload: { ...liveStart, signature: "" }, auth: configured, reason: "mismatch" },
    {
      name: "a wrong signature with a malformed movie (checked before decoding)",
      payload: { signature: "whsig-forged", movie: { id: 1 }, broadcaster: null },
      auth: configured,
      reason: "mismatch"
    },
    {
      name: "a wrong signature in raw text",
      payload: JSON.stringify({ ...liveEnd, signature: "whsig-forged" }),
      auth: configured,
      reason: "mismatch"
    },
    {
      name: "no signature",
      payload: { movie: fixtures.movie, broadcaster: fixtures.user },
      auth: configured,
      reason: "missing"
    },
    {
      name: "a signature that is not a string",
      payload: { ...liveStart, signature: 42 },
      auth: configured,
      reason: "missing"
    },
    { name: "null", payload: null, auth: configured, reason: "missing" },
    { name: "no signature configured", payload: liveStart, auth: unconfigured, reason: "not-configured" }
  ]

  it.effect.each(refusals)("$name → SignatureError $reason", ({ auth, payload, reason }) =>
    Effect.gen(function*() {
      const error = yield* Webhooks.incomingWebhook(payload).pipe(Effect.provide(auth), Effect.flip)
      if (!(error instanceof Errors.SignatureError)) return expect.fail(`expected a SignatureError, got ${error._tag}`)
      expect(error.reason).toBe(reason)
      for (const text of renderings(error)) {
        expect(text).not.toContain(signature)
        expect(text).not.toContain("whsig")
      }
    }))

  it.effect("with verify: false the signature is not checked, nor needs configuring", () =>
    Effect.gen(function*() {
      const forged = yield* Webhooks.incomingWebhook({ ...liveStart, signature: "whsig-forged" }, { verify: false })
        .pipe(
          Effect.provide(configured)
        )
      expect(forged).toMatchObject({ _tag: "LiveStart", movie: { id: "189037369" } })
      const unverified = yield* Webhooks.incomingWebhook(liveEnd, { verify: false }).pipe(Effect.provide(unconfigured))
      expect(unverified).toMatchObject({ _tag: "LiveEnd", movie: { isLive: false } })
    }))

  it.effect("verify: true behaves as the default", () =>
    Effect.gen(function*() {
      const error = yield* Webhooks.incomingWebhook({ ...liveStart, signature: "whsig-forged" }, { verify: true }).pipe(
        Effect.provide(configured),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "SignatureError", reason: "mismatch" })
    }))

  const malformed: ReadonlyArray<{ readonly name: string; readonly payload: unknown; readonly field: string }> = [
    {
      name: "a movie with a wrong field type",
      payload: { ...liveStart, movie: { ...fixtures.movie, title: 5 } },
      field: "movie.title"
    },
    { name: "no broadcaster", payload: { signature, movie: fixtures.movie }, field: "broadcaster" },
    {
      name: "a movie without created",
      payload: JSON.stringify({ ...liveEnd, movie: { ...fixtures.recordedMovie, created: undefined } }),
      field: "movie.created"
    },
    {
      name: "a broadcaster with a wrong field type",
      payload: { ...liveStart, broadcaster: { ...fixtures.user, is_live: "yes" } },
      field: "broadcaster.is_live"
    }
  ]

  it.effect.each(malformed)(
    "a correctly signed payload with $name → ValidationError (webhook)",
    ({ field, payload }) =>
      Effect.gen(function*() {
        const error = yield* Webhooks.incomingWebhook(payload).pipe(Effect.provide(configured), Effect.flip)
        if (!(error instanceof Errors.ValidationError)) {
          return expect.fail(`expected a ValidationError, got ${error._tag}`)
        }
        expect(error.source).toBe("webhook")
        expect(error.endpoint).toBe("Webhooks.incomingWebhook")
        expect(error.issues.map((issue) => issue.field)).toEqual([field])
        for (const text of renderings(error)) {
          expect(text).not.toContain(signature)
        }
      })
  )

  it.effect("a body that is not JSON → ValidationError, quoting nothing of it", () =>
    Effect.gen(function*() {
      const error = yield* Webhooks.incomingWebhook(`signature=${signature}`).pipe(
        Effect.provide(configured),
        Effect.flip
      )
      if (!(error instanceof Errors.ValidationError)) {
        return expect.fail(`expected a ValidationError, got ${error._tag}`)
      }
      expect(error.issues).toEqual([{ field: "", message: "is not JSON" }])
      for (const text of renderings(error)) {
        expect(text).not.toContain(signature)
      }
    }))

  it.effect("a signed payload that is not an object is refused without quoting it", () =>
    Effect.gen(function*() {
      const error = yield* Webhooks.incomingWebhook([signature], { verify: false }).pipe(
        Effect.provide(configured),
        Effect.flip
      )
      if (!(error instanceof Errors.ValidationError)) {
        return expect.fail(`expected a ValidationError, got ${error._tag}`)
      }
      for (const text of renderings(error)) {
        expect(text).not.toContain(signature)
      }
    }))
})

describe("Webhooks.receiver", () => {
  const signature = "whsig-SECRET-9a8b7c6d5e4f"
  const configured = authLayer({
    credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }),
    webhookSignature: Redacted.make(signature)
  })
  const started = { signature, movie: fixtures.movie, broadcaster: fixtures.user }
  const ended = { signature, movie: { ...fixtures.movie, is_live: false }, broadcaster: fixtures.user }

  /** A receiver whose handler queues what it is given, served by a web handler (no socket). */
  const serve = (
    options: Webhooks.ReceiverOptions = {},
    handler: (event: Webhooks.LiveEvent) => Effect.Effect<void> = () => Effect.void
  ) =>
    Effect.gen(function*() {
      const events = yield* Queue.unbounded<Webhooks.LiveEvent>()
      const app = yield* Webhooks.receiver(
        (event) => Effect.zipRight(handler(event), Queue.offer(events, event)),
        options
      )
      const handle = HttpApp.toWebHandler(app)
      const post = (
        body: BodyInit,
        headers: Record<string, string> = { "content-type": "application/json" },
        method = "POST"
      ) =>
        Effect.promise(() =>
          handle(
            new Request("http://127.0.0.1/twitcasting/webhook", {
              method,
              headers,
              // a streamed body (no content-length) needs half duplex
              ...(method === "POST" ? { body, duplex: "half" } : {})
            })
          )
        ).pipe(Effect.map((response) => response.status))
      return { events, post, json: (value: unknown) => post(JSON.stringify(value)) }
    }).pipe(Effect.provide(configured))

  it.scoped("a genuine notification is answered 200 and handed over as a typed event", () =>
    Effect.gen(function*() {
      const { events, json } = yield* serve()
      expect(yield* json(started)).toBe(200)
      expect(yield* json(ended)).toBe(200)
      const first = yield* Queue.take(events)
      const second = yield* Queue.take(events)
      expect(first).toMatchObject({
        _tag: "LiveStart",
        movie: { id: fixtures.movie.id },
        broadcaster: { screenId: fixtures.user.screen_id }
      })
      expect(second._tag).toBe("LiveEnd")
    }))

  it.scoped("schedule notifications are handed over as typed events; the same change twice only once", () =>
    Effect.gen(function*() {
      const { events, json } = yield* serve()
      const schedule = fixtures.liveSchedule
      const created = { event: "liveschedulecreate", signature, live_schedule: schedule }
      const updated = { event: "livescheduleupdate", signature, live_schedule: { ...schedule, title: "新しい題" } }
      const deleted = { event: "livescheduledelete", signature, live_schedule_id: schedule.id }
      for (const body of [created, updated, updated, deleted]) expect(yield* json(body)).toBe(200)
      const handed = [yield* Queue.take(events), yield* Queue.take(events), yield* Queue.take(events)]
      expect(handed.map((event) => event._tag)).toEqual([
        "LiveScheduleCreate",
        "LiveScheduleUpdate",
        "LiveScheduleDelete"
      ])
      expect(handed[1]).toMatchObject({ schedule: { id: schedule.id, title: "新しい題" } })
      expect(yield* Queue.size(events)).toBe(0)
      expect(yield* json({ ...updated, live_schedule: { ...schedule, title: "また変更" } })).toBe(200)
      expect(yield* Queue.take(events)).toMatchObject({ _tag: "LiveScheduleUpdate", schedule: { title: "また変更" } })
    }))

  it.scoped("forged, unsigned, malformed, oversized and misaddressed requests get their answers, never the handler", () =>
    Effect.gen(function*() {
      const { events, json, post } = yield* serve({ maxBodySize: 4096 })
      expect(yield* json({ ...started, signature: "whsig-forged" })).toBe(401)
      expect(yield* json({ ...started, signature: signature.slice(0, -1) })).toBe(401)
      expect(yield* json({ movie: fixtures.movie, broadcaster: fixtures.user })).toBe(401)
      expect(yield* json({ ...started, movie: { ...fixtures.movie, title: 5 } })).toBe(400)
      expect(yield* post("{\"signature\": ")).toBe(400)
      expect(yield* post(JSON.stringify(started), { "content-type": "text/plain" })).toBe(415)
      expect(yield* post("", {}, "GET")).toBe(405)
      const padded = JSON.stringify({ ...started, padding: "x".repeat(5000) })
      expect(yield* post(padded)).toBe(413)
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1000)))
          controller.close()
        }
      })
      expect(yield* post(streamed, { "content-type": "application/json" })).toBe(413)
      // the first event the handler sees is the genuine one sent after all of them
      expect(yield* json(ended)).toBe(200)
      expect((yield* Queue.take(events))._tag).toBe("LiveEnd")
      expect(yield* Queue.size(events)).toBe(0)
    }))

  it.scoped("a replayed notification is acknowledged without calling the handler again", () =>
    Effect.gen(function*() {
      const { events, json } = yield* serve()
      expect(yield* json(started)).toBe(200)
      expect(yield* json(started)).toBe(200)
      expect(yield* json(ended)).toBe(200)
      const seen = [yield* Queue.take(events), yield* Queue.take(events)]
      expect(seen.map((event) => event._tag)).toEqual(["LiveStart", "LiveEnd"])
      expect(yield* Queue.size(events)).toBe(0)
    }))

  it.scoped("a failing handler is logged and the next notification still runs", () =>
    Effect.gen(function*() {
      const { events, json } = yield* serve(
        {},
        (event) => event._tag === "LiveStart" ? Effect.die("boom") : Effect.void
      )
      expect(yield* json(started)).toBe(200)
      expect(yield* json(ended)).toBe(200)
      expect((yield* Queue.take(events))._tag).toBe("LiveEnd")
    }))

  it.scoped("past queueSize waiting notifications it answers 503, and the retry is accepted later", () =>
    Effect.gen(function*() {
      const running = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const { events, json } = yield* serve(
        { queueSize: 1 },
        (event) =>
          event._tag === "LiveStart"
            ? Deferred.succeed(running, undefined).pipe(Effect.zipRight(Deferred.await(release)))
            : Effect.void
      )
      expect(yield* json(started)).toBe(200)
      yield* Deferred.await(running)
      expect(yield* json(ended)).toBe(200)
      const third = { ...ended, movie: { ...fixtures.movie, id: "1", is_live: false } }
      expect(yield* json(third)).toBe(503)
      yield* Deferred.succeed(release, undefined)
      expect((yield* Queue.take(events))._tag).toBe("LiveStart")
      expect(yield* Queue.take(events)).toMatchObject({ movie: { id: fixtures.movie.id } })
      expect(yield* json(third)).toBe(200)
      expect(yield* Queue.take(events)).toMatchObject({ movie: { id: "1" } })
    }))

  it.scoped("without a configured signature the receiver is not made", () =>
    Effect.gen(function*() {
      const error = yield* Webhooks.receiver(() => Effect.void).pipe(
        Effect.provide(authLayer({ credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }) })),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "SignatureError", reason: "not-configured" })
    }))
})

describe("Webhooks.incomingWebhook with hostile payloads", () => {
  it.effect("a signed payload nested thousands of levels deep is a ValidationError, not a stack overflow", () =>
    Effect.gen(function*() {
      const signature = "whsig-deep"
      const deep = `{"signature":"${signature}","movie":${"[".repeat(5000)}${"]".repeat(5000)},"broadcaster":{}}`
      const error = yield* Webhooks.incomingWebhook(deep).pipe(
        Effect.provide(authLayer({
          credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }),
          webhookSignature: Redacted.make(signature)
        })),
        Effect.flip
      )
      expect(error).toBeInstanceOf(Errors.ValidationError)
    }))
})
