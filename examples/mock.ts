/**
 * An in-process stand-in for the TwitCasting API, as an `HttpClient` layer:
 * no socket, no network. It routes with the SDK's own endpoint table
 * (`Api.endpoints`), validates requests the way the API does (1001 with
 * details), and answers from a small in-memory world, encoding its answers
 * with the same schemas the SDK decodes with.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import type { HttpClientRequest } from "@effect/platform"
import { Api, Endpoint, Models } from "@effect-twitcasting/sdk"
import { DateTime, Effect, Layer, Option, Schema } from "effect"

const now = DateTime.unsafeMake("2026-11-22T12:00:00Z")
const minutesAgo = (minutes: number) => DateTime.subtract(now, { minutes })

const user = (fields: {
  id: string
  screenId: string
  name: string
  profile: string
  level: number
  lastMovieId: string | null
  isLive: boolean
}) => new Models.User({ ...fields, image: `https://example.invalid/icons/${fields.screenId}.png` })

const users = [
  user({ id: "182224938", screenId: "twitcasting_jp", name: "ツイキャス公式", profile: "ツイキャスの公式アカウントです。", level: 24, lastMovieId: "189037369", isLive: true }),
  user({ id: "2880417757", screenId: "casma_jp", name: "キャスマ", profile: "毎晩22時から雑談配信", level: 12, lastMovieId: "189000001", isLive: false }),
  user({ id: "3141592653", screenId: "emily_plays", name: "Emily", profile: "Indie games and chill chats", level: 8, lastMovieId: null, isLive: false })
]
const [owner, casma, emily] = users as [Models.User, Models.User, Models.User]

const live = new Models.Movie({
  id: "189037369",
  userId: owner.id,
  title: "ツイキャス公式の夜ふかし雑談",
  subtitle: "初見さん歓迎",
  lastOwnerComment: "もいもい",
  category: "talk_jp",
  link: "https://twitcasting.tv/twitcasting_jp/movie/189037369",
  isLive: true,
  isRecorded: false,
  commentCount: 3,
  largeThumbnail: "https://example.invalid/thumbs/189037369.jpg",
  smallThumbnail: "https://example.invalid/thumbs/189037369-s.jpg",
  country: "jp",
  duration: 1186,
  created: minutesAgo(20),
  isCollabo: false,
  isProtected: false,
  maxViewCount: 0,
  currentViewCount: 1675,
  totalViewCount: 20848,
  hlsUrl: "https://example.invalid/hls/189037369.m3u8"
})

const comments: Array<Models.Comment> = [
  new Models.Comment({ id: "500000003", message: "こんばんは！", fromUser: casma, created: minutesAgo(2) }),
  new Models.Comment({ id: "500000002", message: "Hello from London 👋", fromUser: emily, created: minutesAgo(5) }),
  new Models.Comment({ id: "500000001", message: "待ってました", fromUser: casma, created: minutesAgo(15) })
]

const supporters = [
  new Models.Supporter({ ...casma, supported: minutesAgo(60 * 24 * 30), point: 120, totalPoint: 1520 }),
  new Models.Supporter({ ...emily, supported: minutesAgo(60 * 24 * 2), point: 10, totalPoint: 10 })
]

const webhooks: Array<Models.WebHook> = []

/** An API error answer. */
class Refusal {
  constructor(readonly status: number, readonly code: number, readonly message: string) {}
}

const findUser = (ref: { readonly id?: string | undefined; readonly screenId?: string | undefined }) =>
  Option.fromNullable(users.find((u) => u.id === (ref.id ?? ref.screenId) || u.screenId === (ref.id ?? ref.screenId)))

const userOr404 = (ref: { readonly id?: string | undefined; readonly screenId?: string | undefined }) =>
  Option.match(findUser(ref), {
    onNone: () => Effect.fail(new Refusal(404, 404, "Not Found")),
    onSome: Effect.succeed
  })

interface Route<E extends Endpoint.Any> {
  readonly endpoint: E
  readonly handle: (input: Endpoint.Input<E>) => Effect.Effect<Endpoint.Success<E>, Refusal>
}

const route = <E extends Endpoint.Any>(
  endpoint: E,
  handle: (input: Endpoint.Input<E>) => Effect.Effect<Endpoint.Success<E>, Refusal>
): Route<E> => ({ endpoint, handle })

const routes: ReadonlyArray<Route<Endpoint.Any>> = [
  route(Api.getUserInfo, (input) =>
    Effect.map(userOr404(input), (user) => ({
      user,
      supporterCount: user.id === owner.id ? supporters.length : 0,
      supportingCount: 0
    }))),
  route(Api.getCurrentLive, (input) =>
    Effect.flatMap(userOr404(input), (user) =>
      user.id === owner.id
        ? Effect.succeed({ movie: live, broadcaster: owner, tags: ["雑談", "初見さん歓迎"] })
        : Effect.fail(new Refusal(404, 404, "Not Found")))),
  route(Api.getComments, (input) =>
    input.movieId === live.id
      ? Effect.succeed({
        movieId: live.id,
        allCount: comments.length,
        comments: comments.slice(input.offset ?? 0, (input.offset ?? 0) + (input.limit ?? 10))
      })
      : Effect.fail(new Refusal(404, 404, "Not Found"))),
  route(Api.postComment, (input) => {
    const comment = new Models.Comment({
      id: String(500000000 + comments.length + 1),
      message: input.comment,
      fromUser: owner,
      created: now
    })
    comments.unshift(comment)
    return Effect.succeed({ movieId: input.movieId, allCount: comments.length, comment })
  }),
  route(Api.supporterList, (input) =>
    Effect.map(userOr404(input), () => ({
      total: supporters.length,
      supporters: [...supporters].sort((a, b) =>
        input.sort === "new"
          ? DateTime.toEpochMillis(b.supported) - DateTime.toEpochMillis(a.supported)
          : b.totalPoint - a.totalPoint
      )
    }))),
  route(Api.searchUsers, (input) => {
    const words = (typeof input.words === "string" ? input.words.split(" ") : input.words).filter((w) => w !== "")
    return Effect.succeed({
      users: users.filter((u) => words.every((w) => `${u.name} ${u.screenId} ${u.profile}`.includes(w)))
    })
  }),
  route(Api.getCategories, () =>
    Effect.succeed({
      categories: [
        new Models.Category({
          id: "talk",
          name: "雑談",
          subCategories: [new Models.SubCategory({ id: "talk_jp", name: "雑談", count: 1 })]
        })
      ]
    })),
  route(Api.registerWebhook, (input) =>
    Effect.flatMap(userOr404({ id: input.userId }), (user) => {
      for (const event of input.events) webhooks.push(new Models.WebHook({ userId: user.id, event }))
      return Effect.succeed({ userId: user.id, addedEvents: input.events })
    })),
  route(Api.getWebhookList, () => Effect.succeed({ allCount: webhooks.length, webhooks }))
]

/** Matches a path template such as `/users/:user_id` against a request path. */
const matchPath = (template: string, path: string): Option.Option<Record<string, string>> => {
  const expected = template.split("/")
  const actual = path.split("/")
  if (expected.length !== actual.length) return Option.none()
  const params: Record<string, string> = {}
  for (let i = 0; i < expected.length; i++) {
    const part = expected[i]!
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(actual[i]!)
    else if (part !== actual[i]) return Option.none()
  }
  return Option.some(params)
}

const json = (request: HttpClientRequest.HttpClientRequest, status: number, body: unknown) =>
  HttpClientResponse.fromWeb(
    request,
    new Response(JSON.stringify(body), {
      status,
      headers: {
        "content-type": "application/json",
        "x-ratelimit-limit": "60",
        "x-ratelimit-remaining": "59",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 60)
      }
    })
  )

const queryOf = (url: URL): Endpoint.Query => {
  const query: Record<string, string | ReadonlyArray<string>> = {}
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name)
    query[name] = name.endsWith("[]") ? values : values[0]!
  }
  return query
}

const bodyOf = (request: HttpClientRequest.HttpClientRequest): unknown =>
  request.body._tag === "Uint8Array" ? JSON.parse(new TextDecoder().decode(request.body.body)) : undefined

const serve = (request: HttpClientRequest.HttpClientRequest, url: URL) =>
  Effect.gen(function*() {
    for (const { endpoint, handle } of routes) {
      if (endpoint.method !== request.method) continue
      const params = matchPath(endpoint.path, url.pathname)
      if (Option.isNone(params)) continue
      const input = yield* Endpoint.decodeRequest(endpoint, {
        params: params.value,
        query: queryOf(url),
        body: bodyOf(request)
      }).pipe(Effect.either)
      if (input._tag === "Left") {
        const details: Record<string, Array<string>> = {}
        for (const issue of input.left) (details[issue.field] ??= []).push(issue.message)
        return json(request, 400, { error: { code: 1001, message: "Validation error", details } })
      }
      return yield* handle(input.right).pipe(
        Effect.flatMap(Schema.encode(endpoint.success)),
        Effect.map((body) => json(request, endpoint.status, body)),
        Effect.catchAll((failure) =>
          Effect.succeed(
            failure instanceof Refusal
              ? json(request, failure.status, { error: { code: failure.code, message: failure.message } })
              : json(request, 500, { error: { code: 500, message: "Internal Server Error" } })
          )
        )
      )
    }
    return json(request, 404, { error: { code: 404, message: "Not Found" } })
  })

/**
 * The mocked API as the `HttpClient` the SDK uses.
 */
export const MockApi = Layer.succeed(HttpClient.HttpClient, HttpClient.make(serve))
