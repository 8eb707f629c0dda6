/**
 * The simulator's HTTP application: the SDK's `Api` served with
 * `HttpApiBuilder` (handlers in `handlers.ts`) behind its rate limit and
 * faults, its OpenAPI document and reference, OAuth, the realtime socket
 * and the control API; and the image host, an application of its own.
 *
 * @internal
 */
import { Api, Endpoint, Movies } from "@effect-twitcasting/sdk"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import type * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import type * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Faults from "../Faults.js"
import { controlRoutes, type Controls, type State } from "./control.js"
import * as Handlers from "./handlers.js"
import { type Realtime, serve as serveRealtime } from "./realtime.js"
import { type Caller, invalidToken, Refusal, type World } from "./world.js"

/** What the application needs from the running simulator. */
export interface Context {
  readonly world: World
  readonly realtime: Realtime
  readonly controls: Controls
  readonly state: State
  readonly limiter: Limiter
  /** The user who approves OAuth authorizations (id or screen id). */
  readonly oauthUser: string
  /** The origin of the image host the thumbnail redirects to (see {@link images}). */
  readonly imagesUrl: string
}

// ---------------------------------------------------------------------------
// rate limit

/** What a bucket allows: `limit` requests per window of `windowMillis`. */
export interface Allowance {
  readonly limit: number
  readonly windowMillis: number
}

/** A running window of one token in one bucket. */
interface Window {
  /** When the window ends, on a whole second (Unix milliseconds). */
  readonly end: number
  count: number
}

type Headers = {
  readonly "x-ratelimit-limit": string
  readonly "x-ratelimit-remaining": string
  readonly "x-ratelimit-reset": string
}

/**
 * The service's rate limit: windows per (token key, bucket), each opened by
 * the bucket's first request and ending, as the service's do, at that first
 * answer's `Date` (its whole second) plus the bucket's window, on a whole
 * second (the next one at or after, for a window shorter than a second or
 * not a whole number of them), so that `X-RateLimit-Reset` (Unix seconds) is
 * exactly when it ends. A window of whole seconds thus lasts its length less
 * the fraction of the second it opened in; a request at or after the reset
 * opens a new window at its own time, one before it counts in the running
 * window. `limit` requests pass, then 403 + 2000 until the end; refused
 * requests count too (remaining stays 0).
 *
 * A bucket missing from `allowances` has the `"default"` bucket's allowance,
 * in windows of its own.
 */
export class Limiter {
  /** bucket → token key → window */
  private readonly windows = new Map<string, Map<string, Window>>()
  constructor(
    private readonly allowances: ReadonlyMap<string, Allowance>,
    private readonly now: () => number
  ) {}

  /** What `bucket` allows. */
  allowanceOf(bucket: string): Allowance {
    return this.allowances.get(bucket) ?? this.allowances.get("default") ?? fallbackAllowance
  }

  /** Counts a request of `key` in `bucket`: whether it passes, and the headers of its answer. */
  take(key: string, bucket: string): { readonly allowed: boolean; readonly headers: Headers } {
    const { limit, windowMillis } = this.allowanceOf(bucket)
    const now = this.now()
    let windows = this.windows.get(bucket)
    if (windows === undefined) {
      windows = new Map()
      this.windows.set(bucket, windows)
    }
    let window = windows.get(key)
    if (window === undefined || now >= window.end) {
      // as the service: the reset is the first answer's `Date` (the whole
      // second) plus the window, on a whole second
      window = { end: Math.ceil((Math.floor(now / 1000) * 1000 + windowMillis) / 1000) * 1000, count: 0 }
      windows.set(key, window)
    }
    window.count++
    return {
      allowed: window.count <= limit,
      headers: {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(Math.max(0, limit - window.count)),
        "x-ratelimit-reset": String(window.end / 1000)
      }
    }
  }

  /**
   * The headers of a request refused for its credentials (401), which counts
   * in no window: zeros, as the service answers, and the current second as
   * the reset.
   */
  unauthorized(): Headers {
    return {
      "x-ratelimit-limit": "0",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Math.floor(this.now() / 1000))
    }
  }
}

const fallbackAllowance: Allowance = { limit: 60, windowMillis: 60_000 }

// ---------------------------------------------------------------------------
// answers

type HeaderMap = Record<string, string>

const errorBody = (refusal: Refusal) => ({
  error: {
    code: refusal.code,
    message: refusal.message,
    ...(refusal.details === undefined ? {} : { details: refusal.details })
  }
})

const refused = (refusal: Refusal, headers: HeaderMap = {}) =>
  HttpServerResponse.unsafeJson(errorBody(refusal), { status: refusal.status, headers })

const htmlPage = (status: number) =>
  `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`

/** Marks an answer whose connection must break. */
export const dropHeader = "x-simulator-drop"

/** The answer a fault makes of a request, instead of `answer`. */
const faulted = (
  fault: Faults.Fault,
  answer: { readonly status: number; readonly text: string },
  headers: HeaderMap
) => {
  switch (fault.kind) {
    case "error": {
      const status = [500, 502, 503][fault.pick % 3]!
      return refused(
        new Refusal(status, status, status === 503 ? "Service Unavailable" : "Internal Server Error"),
        headers
      )
    }
    case "html":
      return HttpServerResponse.text(htmlPage(502), { status: 502, contentType: "text/html", headers })
    case "truncated": {
      const cut = answer.text.length <= 1 ? 0 : 1 + (fault.pick % (answer.text.length - 1))
      return HttpServerResponse.text(answer.text.slice(0, cut), {
        status: 200,
        contentType: "application/json",
        headers
      })
    }
    case "malformed": {
      const bodies = ["[]", "null", "{\"unexpected\":true}", "{\"error\":\"none\"}"]
      return HttpServerResponse.text(bodies[fault.pick % bodies.length]!, {
        status: 200,
        contentType: "application/json",
        headers
      })
    }
    case "drop":
    default: {
      // without a socket: headers and half the body, then the body fails; a
      // server on a socket closes the connection instead (`dropConnections`)
      const bytes = new TextEncoder().encode(answer.text.slice(0, Math.max(1, answer.text.length >> 1)))
      return HttpServerResponse.stream(
        Stream.concat(Stream.make(bytes), Stream.fail(new Error("connection dropped by fault injection"))),
        { status: answer.status, contentType: "application/json", headers: { ...headers, [dropHeader]: "1" } }
      )
    }
  }
}

// ---------------------------------------------------------------------------
// the API

/** Who is calling, and whether the endpoint accepts them. */
const callerOf = (world: World, access: Endpoint.Access, authorization: string | undefined) =>
  access === "none"
    ? Effect.succeed<Caller>({ _tag: "Anonymous", key: "anonymous" })
    : Effect.flatMap(
      world.authenticate(authorization),
      (caller) =>
        (access === "user" && caller._tag !== "User") || (access === "app" && caller._tag !== "App")
          ? Effect.fail(invalidToken)
          : Effect.succeed(caller)
    )

const decoder = new TextDecoder()

/** The status and text of an answer, for a fault to spoil. */
const answerOf = (response: HttpServerResponse.HttpServerResponse) => ({
  status: response.status,
  text: response.body._tag === "Uint8Array"
    ? decoder.decode(response.body.body)
    : response.body._tag === "Raw" && typeof response.body.body === "string"
    ? response.body.body
    : ""
})

/** A user's movie list: the service answers it without `X-RateLimit-*` headers (seen). */
const moviesList: HttpApiEndpoint.HttpApiEndpoint.Name<HttpApiGroup.HttpApiGroup.Endpoints<typeof Movies.group>> =
  "getMoviesByUser"

/**
 * Whether the service counts `endpoint` in no window and answers it without
 * `X-RateLimit-*` headers: a call without credentials (the thumbnail's
 * redirect: there is no token to count it for), and a user's movie list.
 */
const unmetered = (endpoint: HttpApiEndpoint.HttpApiEndpoint.AnyWithProps) =>
  Endpoint.metaOf(endpoint).access === "none" || endpoint.name === moviesList

/**
 * What surrounds every call of `endpoint`, before and after the API (built
 * with `HttpApiBuilder`) handles it: the counters, the caller's credentials,
 * the rate limit of the endpoint's bucket (its headers on every answer, but
 * for the {@link unmetered} endpoints) and fault injection. A refusal of the
 * credentials (401) counts in no window and carries zeros; a fault that does
 * not reach the server answers without running the handler.
 */
const guard = (
  context: Context,
  endpoint: HttpApiEndpoint.HttpApiEndpoint.AnyWithProps,
  api: HttpApp.Default
): HttpApp.Default => {
  const { access, bucket } = Endpoint.metaOf(endpoint)
  const metered = !unmetered(endpoint)
  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    context.state.requests++
    const caller = yield* Effect.either(callerOf(context.world, access, request.headers["authorization"]))
    // refused credentials (401) count in no window and carry zeros, as the service answers
    if (caller._tag === "Left") return refused(caller.left, context.limiter.unauthorized())
    const budget = metered ? context.limiter.take(caller.right.key, bucket) : { allowed: true, headers: {} }
    if (!budget.allowed) {
      context.state.limited++
      return refused(new Refusal(403, 2000, "Execution Count Limitation"), budget.headers)
    }

    const fault = context.state.source.next()
    if (fault !== undefined) context.state.faults++
    if (fault?.kind === "latency") yield* Effect.sleep(context.state.source.options.latencyMillis ?? 200)
    const run = api.pipe(
      Effect.locally(Handlers.currentCaller, caller.right),
      Effect.locally(Handlers.currentEndpoint, Option.some(endpoint))
    )
    if (fault === undefined || fault.kind === "latency") {
      return HttpServerResponse.setHeaders(yield* run, budget.headers)
    }
    const answer = fault.applied ? answerOf(yield* run) : { status: 200, text: "{}" }
    return faulted(fault, answer, budget.headers)
  })
}

/**
 * The API: `Api` served by `HttpApiBuilder` with the world's handlers, each
 * endpoint behind its {@link guard}; `/openapi.json` and `/docs` as they are.
 */
const makeApi = (context: Context) =>
  Effect.gen(function*() {
    const services = yield* Layer.build(Layer.mergeAll(
      Handlers.layer(context.world, context.imagesUrl),
      HttpApiBuilder.Router.Live,
      HttpApiBuilder.Middleware.layer,
      HttpServer.layerContext
    ))
    const api: HttpApp.Default = Effect.provide(yield* Effect.provide(HttpApiBuilder.httpApp, services), services)
    const router = Api.endpoints.reduce(
      (router, { endpoint }) => HttpRouter.route(endpoint.method)(endpoint.path, guard(context, endpoint, api))(router),
      HttpRouter.empty.pipe(
        HttpRouter.get("/openapi.json", api),
        HttpRouter.get("/docs", api)
      )
    )
    // a path the API does not have is answered as a web server answers it,
    // not with the API's JSON error: a client pointed at the wrong base URL
    // can tell that from a user or movie that does not exist
    return Effect.catchTag(
      yield* HttpRouter.toHttpApp(router),
      "RouteNotFound",
      () => Effect.succeed(HttpServerResponse.text("404 page not found", { status: 404 }))
    )
  })

// ---------------------------------------------------------------------------
// OAuth

const oauthError = (status: number, message: string) => refused(new Refusal(status, status, message))

const authorize = (context: Context, url: URL) =>
  Effect.gen(function*() {
    const clientId = url.searchParams.get("client_id") ?? ""
    const responseType = url.searchParams.get("response_type")
    const state = url.searchParams.get("state")
    const app = context.world.app(clientId)
    if (app === undefined) return oauthError(400, "unknown client_id")
    const callback = app.callbackUrl ?? url.searchParams.get("redirect_uri")
    if (callback === null) return oauthError(400, "the app has no callback URL")
    const user = yield* Effect.either(context.world.findUser(context.oauthUser))
    if (user._tag === "Left") return oauthError(400, "the approving user does not exist")
    const target = new URL(callback)
    if (responseType === "code") {
      target.searchParams.set("code", context.world.issueCode(app.clientId, user.right.id))
      if (state !== null) target.searchParams.set("state", state)
    } else if (responseType === "token") {
      const fragment = new URLSearchParams({
        access_token: context.world.issueToken(app.clientId, user.right.id),
        token_type: "bearer",
        expires_in: String(tokenLifetimeSeconds)
      })
      if (state !== null) fragment.set("state", state)
      target.hash = fragment.toString()
    } else {
      return oauthError(400, "response_type must be code or token")
    }
    return HttpServerResponse.redirect(target.toString(), { status: 302 })
  })

/** About 180 days, as the service issues. */
const tokenLifetimeSeconds = 15_552_000

const accessToken = (context: Context, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const form = yield* Effect.orElseSucceed(request.urlParamsBody, () => UrlParams.empty)
    const field = (name: string) => Option.getOrUndefined(UrlParams.getFirst(form, name))
    if (field("grant_type") !== "authorization_code") return oauthError(400, "grant_type must be authorization_code")
    const app = context.world.app(field("client_id") ?? "")
    if (app === undefined || app.clientSecret !== field("client_secret")) return oauthError(401, "invalid client")
    if (app.callbackUrl !== null && field("redirect_uri") !== app.callbackUrl) {
      return oauthError(400, "redirect_uri is not the app's callback URL")
    }
    const token = context.world.redeemCode(field("code") ?? "", app.clientId)
    if (token === undefined) return oauthError(400, "invalid or used code")
    return HttpServerResponse.unsafeJson({
      token_type: "bearer",
      expires_in: tokenLifetimeSeconds,
      access_token: token
    })
  })

// ---------------------------------------------------------------------------
// images

/** A 1×1 PNG: what every image of the simulator is. */
const png = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0)
)

/**
 * The image host: another origin than the API's, as the service's
 * thumbnails are on another host (over http), serving `GET /images/*.png`
 * with no rate-limit headers, no credentials asked and no faults.
 */
export const images: HttpApp.Default = Effect.map(
  HttpServerRequest.HttpServerRequest,
  (request) =>
    request.method === "GET" && /^\/images\/[\w-]+\.png$/.test(new URL(request.url, "http://images").pathname)
      ? HttpServerResponse.uint8Array(png, { contentType: "image/png" })
      : HttpServerResponse.empty({ status: 404 })
)

// ---------------------------------------------------------------------------

/** The application, as `@effect/platform` serves it. */
export const make = (context: Context): Effect.Effect<HttpApp.Default, never, Scope.Scope> =>
  Effect.map(makeApi(context), (api) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const host = request.headers["host"] ?? "127.0.0.1"
      const url = new URL(request.url, `http://${host}`)
      if (url.pathname.startsWith("/_simulator/")) return yield* controlRoutes(context.controls, request, url)
      if (url.pathname === "/lives" && request.method === "GET") {
        return yield* serveRealtime(context.realtime, context.world, request)
      }
      if (url.pathname === "/oauth2/authorize" && request.method === "GET") return yield* authorize(context, url)
      if (url.pathname === "/oauth2/access_token" && request.method === "POST") {
        return yield* accessToken(context, request)
      }
      return yield* api
    }))
