/**
 * What each endpoint of the SDK's `Api` does in the simulator: one
 * `HttpApiBuilder` group per module, so a missing or mistyped handler does
 * not compile. `HttpApiBuilder` decodes the request with the declaration's
 * schemas and encodes the answer with them; the handlers only ask the
 * `World`.
 *
 * @internal
 */
import { Api, Endpoint, Movies } from "@effect-twitcasting/sdk"
import type * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import type * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as HttpApiSwagger from "@effect/platform/HttpApiSwagger"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { type Caller, invalidToken, type Refusal, type World } from "./world.js"

/**
 * The caller of the request being handled, authenticated (from the
 * `Authorization` header and the endpoint's access kind) before the API runs.
 */
export const currentCaller = FiberRef.unsafeMake<Caller>({ _tag: "Anonymous", key: "anonymous" })

/** A refusal of the world as the API's error body of the same status. */
export const toError = (refusal: Refusal): Endpoint.Refusal => {
  const error = {
    code: refusal.code,
    message: refusal.message,
    ...(refusal.details === undefined ? {} : { details: refusal.details })
  }
  switch (refusal.status) {
    case 400:
      return new Endpoint.BadRequest({ error })
    case 401:
      return new Endpoint.Unauthorized({ error })
    case 403:
      return new Endpoint.Forbidden({ error })
    case 404:
      return new Endpoint.NotFound({ error })
    default:
      return new Endpoint.InternalServerError({ error })
  }
}

const refuse = <A, R>(effect: Effect.Effect<A, Refusal, R>) => Effect.mapError(effect, toError)

const asUser = Effect.flatMap(
  FiberRef.get(currentCaller),
  (caller) => caller._tag === "User" ? Effect.succeed(caller) : Effect.fail(invalidToken)
)

const asApp = Effect.flatMap(
  FiberRef.get(currentCaller),
  (caller) => caller._tag === "App" ? Effect.succeed(caller) : Effect.fail(invalidToken)
)

/** The `:user_id` of a decoded user reference (an id or a screen id). */
const ref = (input: { readonly id?: string | undefined; readonly screenId?: string | undefined }) =>
  input.id !== undefined ? input.id : input.screenId ?? ""

const words = (value: string | ReadonlyArray<string>) =>
  (typeof value === "string" ? value.split(/\s+/) : value).filter((word) => word !== "")

/** Cuts text to `max` code points. */
const cut = (text: string, max: number) => Array.from(text).slice(0, max).join("")

const users = (world: World, imagesUrl: string) =>
  HttpApiBuilder.group(Api.Api, "Users", (handlers) =>
    handlers
      .handle("getUserInfo", ({ path }) => refuse(world.userInfo(ref(path))))
      .handle("verifyCredentials", () => refuse(Effect.flatMap(asUser, (user) => world.credentials(user))))
      .handle(
        "getUpcomingLiveSchedules",
        ({ path, urlParams }) => refuse(world.upcomingLiveSchedules(ref(path), urlParams.inDays))
      )
      // as the service: a redirect to an image on another host, over http
      .handle("getLiveThumbnailImage", ({ path, urlParams }) =>
        Effect.map(refuse(world.isLive(ref(path))), (live) => {
          const image = `${live ? "live" : "offline"}-${urlParams.size ?? "small"}.png`
          return HttpServerResponse.redirect(`${imagesUrl}/images/${image}`, { status: 302 })
        })))

const movies = (world: World) =>
  HttpApiBuilder.group(Api.Api, "Movies", (handlers) =>
    handlers
      .handle("getMovieInfo", ({ path }) => refuse(world.movieInfo(path.movieId)))
      .handle("getMoviesByUser", ({ path, urlParams }) =>
        refuse(
          world.moviesOf(ref(path), {
            offset: urlParams.offset ?? 0,
            limit: urlParams.limit ?? 20,
            sliceId: urlParams.sliceId
          })
        ))
      .handle("getCurrentLive", ({ path }) => refuse(world.currentLive(ref(path))))
      .handle("setCurrentLiveSubtitle", ({ payload }) =>
        asUser.pipe(
          Effect.flatMap((user) => world.setText(user.userId, "subtitle", Movies.cutSubtitle(payload.subtitle))),
          Effect.map(({ movieId, text }) => ({ movieId, subtitle: text })),
          refuse
        ))
      .handle("unsetCurrentLiveSubtitle", () =>
        asUser.pipe(
          Effect.flatMap((user) => world.setText(user.userId, "subtitle", null)),
          Effect.map(({ movieId }) => ({ movieId, subtitle: null })),
          refuse
        ))
      .handle("setCurrentLiveHashtag", ({ payload }) =>
        asUser.pipe(
          Effect.flatMap((user) => world.setText(user.userId, "hashtag", cut(payload.hashtag, 26))),
          Effect.map(({ movieId, text }) => ({ movieId, hashtag: text })),
          refuse
        ))
      .handle("unsetCurrentLiveHashtag", () =>
        asUser.pipe(
          Effect.flatMap((user) => world.setText(user.userId, "hashtag", null)),
          Effect.map(({ movieId }) => ({ movieId, hashtag: null })),
          refuse
        )))

const comments = (world: World) =>
  HttpApiBuilder.group(Api.Api, "Comments", (handlers) =>
    handlers
      .handle("getComments", ({ path, urlParams }) =>
        refuse(
          world.commentsOf(path.movieId, {
            offset: urlParams.offset ?? 0,
            limit: urlParams.limit ?? 10,
            sliceId: urlParams.sliceId
          })
        ))
      .handle("postComment", ({ path, payload }) =>
        refuse(Effect.flatMap(asUser, (user) => world.postComment(path.movieId, user.userId, payload.comment))))
      .handle("deleteComment", ({ path }) =>
        refuse(Effect.flatMap(asUser, (user) =>
          world.deleteComment(path.movieId, path.commentId, user.userId)))))

const gifts = (world: World) =>
  HttpApiBuilder.group(
    Api.Api,
    "Gifts",
    (handlers) =>
      handlers.handle(
        "getGifts",
        ({ urlParams }) => refuse(Effect.flatMap(asUser, (user) => world.giftsTo(user.userId, urlParams.sliceId ?? -1)))
      )
  )

const supporters = (world: World) =>
  HttpApiBuilder.group(Api.Api, "Supporters", (handlers) =>
    handlers
      .handle(
        "getSupportingStatus",
        ({ path, urlParams }) => refuse(world.supportingStatus(ref(path), urlParams.targetUserId))
      )
      .handle("supportUser", ({ payload }) =>
        asUser.pipe(
          Effect.flatMap((user) => world.support(user.userId, payload.targetUserIds, true)),
          Effect.map((addedCount) => ({ addedCount })),
          refuse
        ))
      .handle("unsupportUser", ({ payload }) =>
        asUser.pipe(
          Effect.flatMap((user) => world.support(user.userId, payload.targetUserIds, false)),
          Effect.map((removedCount) => ({ removedCount })),
          refuse
        ))
      .handle(
        "supportingList",
        ({ path, urlParams }) =>
          refuse(world.supporting(ref(path), { offset: urlParams.offset ?? 0, limit: urlParams.limit ?? 20 }))
      )
      .handle("supporterList", ({ path, urlParams }) =>
        refuse(
          world.supportersList(ref(path), {
            offset: urlParams.offset ?? 0,
            limit: urlParams.limit ?? 20,
            sort: urlParams.sort
          })
        )))

const categories = (world: World) =>
  HttpApiBuilder.group(
    Api.Api,
    "Categories",
    (handlers) => handlers.handle("getCategories", ({ urlParams }) => world.categoriesList(urlParams.lang))
  )

const search = (world: World) =>
  HttpApiBuilder.group(Api.Api, "Search", (handlers) =>
    handlers
      .handle("searchUsers", ({ urlParams }) => world.searchUsers(words(urlParams.words), urlParams.limit ?? 10))
      .handle("searchLiveMovies", ({ urlParams }) =>
        world.searchLives(
          urlParams.type,
          urlParams.context === undefined ? [] : words(urlParams.context),
          urlParams.limit ?? 10
        )))

const webhooks = (world: World) =>
  HttpApiBuilder.group(Api.Api, "Webhooks", (handlers) =>
    handlers
      .handle("getWebhookList", ({ urlParams }) =>
        refuse(Effect.flatMap(asApp, (app) =>
          world.webhookList(app.clientId, {
            offset: urlParams.offset ?? 0,
            limit: urlParams.limit ?? 50,
            userId: urlParams.userId
          }))))
      .handle("registerWebhook", ({ payload }) =>
        refuse(Effect.flatMap(asApp, (app) => world.registerWebhook(app.clientId, payload.userId, payload.events))))
      .handle("removeWebhook", ({ urlParams }) =>
        refuse(Effect.flatMap(asApp, (app) =>
          world.removeWebhook(app.clientId, urlParams.userId, urlParams.events)))))

const broadcasting = (world: World) =>
  HttpApiBuilder.group(Api.Api, "Broadcasting", (handlers) =>
    handlers
      .handle("getRtmpUrl", () => refuse(Effect.flatMap(asUser, (user) => world.rtmpUrl(user.userId))))
      .handle("getWebmUrl", () => refuse(Effect.flatMap(asUser, (user) => world.webmUrl(user.userId)))))

// ---------------------------------------------------------------------------
// error answers

/** The endpoint being handled, for {@link invalidRequest}; set with the caller. */
export const currentEndpoint = FiberRef.unsafeMake<Option.Option<HttpApiEndpoint.HttpApiEndpoint.AnyWithProps>>(
  Option.none()
)

const parseOptions = { errors: "all", onExcessProperty: "ignore" } as const

type Issue = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string }

const notAnObject: Issue = { path: [], message: "must be a JSON object" }

/** Every broken rule of one part of the request (none when the part cannot be read). */
const issuesOf = (schema: Option.Option<Schema.Schema.Any>, part: Effect.Effect<unknown, unknown>) =>
  Option.match(schema, {
    onNone: () => Effect.succeed<ReadonlyArray<Issue>>([]),
    onSome: (schema) =>
      part.pipe(
        Effect.flatMap((value) => Schema.decodeUnknown(Schema.make(schema.ast))(value, parseOptions)),
        Effect.as<ReadonlyArray<Issue>>([]),
        Effect.catchAll((error) =>
          ParseResult.isParseError(error)
            ? Effect.map(
              ParseResult.ArrayFormatter.formatError(error),
              (issues) => issues.map((issue) => issue.path.length === 0 ? notAnObject : issue)
            )
            : Effect.succeed([])
        )
      )
  })

/**
 * The API's validation answer: `details` maps each wire parameter to its
 * reason (the first broken rule: an optional parameter reports its rule, not
 * also that it could have been left out); `body` for a payload as a whole.
 */
export const invalid = (issues: ReadonlyArray<Issue>) => {
  const details: Record<string, Array<string>> = {}
  for (const issue of issues) {
    const field = issue.path.length === 0 ? "body" : issue.path.map(String).join(".")
    details[field] ??= [issue.message]
  }
  return new Endpoint.BadRequest({ error: { code: 1001, message: "Validation error", details } })
}

/**
 * `HttpApiBuilder` decodes a request's parts one after another and stops at
 * the first broken rule; the API lists them all. So the decode error is
 * answered with every broken rule of the endpoint's path, query and payload.
 */
const invalidRequest = (decodeError: HttpApiDecodeError) =>
  Effect.gen(function*() {
    const endpoint = yield* FiberRef.get(currentEndpoint)
    if (Option.isNone(endpoint)) return invalid(decodeError.issues)
    const request = yield* HttpServerRequest.HttpServerRequest
    const route = yield* HttpRouter.RouteContext
    const search = yield* HttpServerRequest.ParsedSearchParams
    const issues = [
      ...yield* issuesOf(endpoint.value.pathSchema, Effect.succeed(route.params)),
      ...yield* issuesOf(endpoint.value.urlParamsSchema, Effect.succeed(search)),
      ...yield* issuesOf(endpoint.value.payloadSchema, request.json)
    ]
    return invalid(issues.length === 0 ? decodeError.issues : issues)
  })

const refusals = [
  Endpoint.BadRequest,
  Endpoint.Unauthorized,
  Endpoint.Forbidden,
  Endpoint.NotFound,
  Endpoint.InternalServerError
] as const

/**
 * An error body of the API with the status its class declares.
 *
 * `HttpApiBuilder` encodes a failure with the union of the API's error
 * schemas, and a `Schema.Class` encodes any value of its shape: the five
 * classes share `{ error }`, so the union would answer every refusal with
 * the first one's status (400). The answer is made here instead.
 */
const refused = (failure: unknown) => {
  for (const schema of refusals) {
    if (failure instanceof schema) {
      return Option.some(
        HttpServerResponse.unsafeJson({ error: failure.error }, { status: HttpApiSchema.getStatusError(schema) })
      )
    }
  }
  return Option.none()
}

/**
 * Every failure of the API answered as the API does: refusals with their
 * status, a request its schemas reject with 400 / 1001 (instead of
 * `HttpApiBuilder`'s own `HttpApiDecodeError` body), and a payload that is
 * not JSON (a defect in `HttpApiBuilder`) likewise.
 */
const errorAnswers = HttpApiBuilder.middleware(Api.Api, (app) =>
  Effect.catchAllCause(app, (cause) => {
    const failure = Cause.squash(cause)
    const answer = failure instanceof HttpApiDecodeError
      ? Effect.map(invalidRequest(failure), refused)
      : failure instanceof HttpServerError.RequestError
      ? Effect.succeed(refused(invalid([notAnObject])))
      : Effect.succeed(refused(failure))
    return Effect.flatMap(answer, Option.match({ onNone: () => Effect.failCause(cause), onSome: Effect.succeed }))
  }))

/**
 * The API with the world's handlers, its validation answers, its OpenAPI
 * document at `/openapi.json` and a Swagger UI (assets inlined, so offline)
 * at `/docs`. The thumbnail redirects to `imagesUrl`, the image host.
 */
export const layer = (world: World, imagesUrl: string): Layer.Layer<HttpApi.Api> => {
  const api = HttpApiBuilder.api(Api.Api).pipe(
    Layer.provide([
      users(world, imagesUrl),
      movies(world),
      comments(world),
      gifts(world),
      supporters(world),
      categories(world),
      search(world),
      webhooks(world),
      broadcasting(world)
    ])
  )
  const documents = Layer.mergeAll(
    HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" }),
    HttpApiSwagger.layer({ path: "/docs" })
  )
  return Layer.mergeAll(api, errorAnswers, Layer.provide(documents, api))
}
