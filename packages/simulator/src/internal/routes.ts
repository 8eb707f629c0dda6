/**
 * What each endpoint of the SDK's table does in the simulator: a handler
 * from the decoded input (decoded with the endpoint's own schemas) and the
 * caller to the decoded success value, or a refusal.
 *
 * @internal
 */
import { Api, Endpoint } from "@effect-twitcasting/sdk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { type Caller, invalidToken, Refusal, type World } from "./world.js"

type User = Caller & { readonly _tag: "User" }
type App = Caller & { readonly _tag: "App" }

export interface Route {
  readonly endpoint: Endpoint.Any
  /** Decodes the request with the endpoint's schemas, runs it, encodes the answer. */
  readonly run: (request: Endpoint.Request, caller: Caller) => Effect.Effect<unknown, Refusal>
}

/** The API's validation answer: `details` maps each parameter to its reasons. */
const invalid = (issues: ReadonlyArray<{ readonly field: string; readonly message: string }>) => {
  const details: Record<string, Array<string>> = {}
  for (const issue of issues) (details[issue.field] ??= []).push(issue.message)
  return new Refusal(400, 1001, "Validation error", details)
}

const route = <E extends Endpoint.Any>(
  endpoint: E,
  handle: (input: Endpoint.Input<E>, caller: Caller) => Effect.Effect<Endpoint.Success<E>, Refusal>
): Route => {
  const encode = Schema.encode(endpoint.success)
  return {
    endpoint,
    run: (request, caller) =>
      Endpoint.decodeRequest(endpoint, request).pipe(
        Effect.mapError(invalid),
        Effect.flatMap((input) => handle(input, caller)),
        // an answer the SDK's schema cannot encode is a bug of the simulator
        Effect.flatMap((value) => Effect.orDie(encode(value)))
      )
  }
}

const asUser = (caller: Caller): Effect.Effect<User, Refusal> =>
  caller._tag === "User" ? Effect.succeed(caller) : Effect.fail(invalidToken)

const asApp = (caller: Caller): Effect.Effect<App, Refusal> =>
  caller._tag === "App" ? Effect.succeed(caller) : Effect.fail(invalidToken)

/** The `:user_id` of a decoded `Api.UserRef` (an id or a screen id). */
const ref = (input: typeof Api.UserRef.Type) => input.id !== undefined ? input.id : input.screenId

const words = (value: string | ReadonlyArray<string>) =>
  (typeof value === "string" ? value.split(/\s+/) : value).filter((word) => word !== "")

/** Cuts text to `max` code points. */
const cut = (text: string, max: number) => Array.from(text).slice(0, max).join("")

/** The handlers of every endpoint but the thumbnail, which answers a redirect. */
export const routes = (world: World): ReadonlyArray<Route> => [
  route(Api.getUserInfo, (input) => world.userInfo(ref(input))),
  route(Api.verifyCredentials, (_, caller) => Effect.flatMap(asUser(caller), (user) => world.credentials(user))),
  route(Api.getMovieInfo, (input) => world.movieInfo(input.movieId)),
  route(
    Api.getMoviesByUser,
    (input) =>
      world.moviesOf(ref(input), { offset: input.offset ?? 0, limit: input.limit ?? 20, sliceId: input.sliceId })
  ),
  route(Api.getCurrentLive, (input) => world.currentLive(ref(input))),
  route(Api.setCurrentLiveSubtitle, (input, caller) =>
    asUser(caller).pipe(
      Effect.flatMap((user) => world.setText(user.userId, "subtitle", cut(input.subtitle, 17))),
      Effect.map(({ movieId, text }) => ({ movieId, subtitle: text }))
    )),
  route(Api.unsetCurrentLiveSubtitle, (_, caller) =>
    asUser(caller).pipe(
      Effect.flatMap((user) => world.setText(user.userId, "subtitle", null)),
      Effect.map(({ movieId }) => ({ movieId, subtitle: null }))
    )),
  route(Api.setCurrentLiveHashtag, (input, caller) =>
    asUser(caller).pipe(
      Effect.flatMap((user) => world.setText(user.userId, "hashtag", cut(input.hashtag, 26))),
      Effect.map(({ movieId, text }) => ({ movieId, hashtag: text }))
    )),
  route(Api.unsetCurrentLiveHashtag, (_, caller) =>
    asUser(caller).pipe(
      Effect.flatMap((user) => world.setText(user.userId, "hashtag", null)),
      Effect.map(({ movieId }) => ({ movieId, hashtag: null }))
    )),
  route(
    Api.getComments,
    (input) =>
      world.commentsOf(input.movieId, { offset: input.offset ?? 0, limit: input.limit ?? 10, sliceId: input.sliceId })
  ),
  route(
    Api.postComment,
    (input, caller) =>
      Effect.flatMap(asUser(caller), (user) => world.postComment(input.movieId, user.userId, input.comment))
  ),
  route(
    Api.deleteComment,
    (input, caller) =>
      Effect.flatMap(asUser(caller), (user) => world.deleteComment(input.movieId, input.commentId, user.userId))
  ),
  route(
    Api.getGifts,
    (input, caller) => Effect.flatMap(asUser(caller), (user) => world.giftsTo(user.userId, input.sliceId ?? -1))
  ),
  route(Api.getSupportingStatus, (input) => world.supportingStatus(ref(input), input.targetUserId)),
  route(Api.supportUser, (input, caller) =>
    asUser(caller).pipe(
      Effect.flatMap((user) => world.support(user.userId, input.targetUserIds, true)),
      Effect.map((addedCount) => ({ addedCount }))
    )),
  route(Api.unsupportUser, (input, caller) =>
    asUser(caller).pipe(
      Effect.flatMap((user) => world.support(user.userId, input.targetUserIds, false)),
      Effect.map((removedCount) => ({ removedCount }))
    )),
  route(
    Api.supportingList,
    (input) => world.supporting(ref(input), { offset: input.offset ?? 0, limit: input.limit ?? 20 })
  ),
  route(
    Api.supporterList,
    (input) =>
      world.supportersList(ref(input), { offset: input.offset ?? 0, limit: input.limit ?? 20, sort: input.sort })
  ),
  route(Api.getCategories, (input) => world.categoriesList(input.lang)),
  route(Api.searchUsers, (input) => world.searchUsers(words(input.words), input.limit ?? 10)),
  route(
    Api.searchLiveMovies,
    (input) => world.searchLives(input.type, input.context === undefined ? [] : words(input.context), input.limit ?? 10)
  ),
  route(
    Api.getWebhookList,
    (input, caller) =>
      Effect.flatMap(
        asApp(caller),
        (app) =>
          world.webhookList(app.clientId, { offset: input.offset ?? 0, limit: input.limit ?? 50, userId: input.userId })
      )
  ),
  route(
    Api.registerWebhook,
    (input, caller) =>
      Effect.flatMap(asApp(caller), (app) => world.registerWebhook(app.clientId, input.userId, input.events))
  ),
  route(
    Api.removeWebhook,
    (input, caller) =>
      Effect.flatMap(asApp(caller), (app) => world.removeWebhook(app.clientId, input.userId, input.events))
  ),
  route(Api.getRtmpUrl, (_, caller) => Effect.flatMap(asUser(caller), (user) => world.rtmpUrl(user.userId))),
  route(Api.getWebmUrl, (_, caller) => Effect.flatMap(asUser(caller), (user) => world.webmUrl(user.userId)))
]
