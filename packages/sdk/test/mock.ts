/**
 * A scripted `HttpClient` for tests: records every request the SDK sends and
 * answers from a handler, with the rate-limit headers the API always sends.
 */
import { Headers, HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { expect } from "@effect/vitest"
import { Clock, Effect, Layer, Redacted } from "effect"
import * as Budget from "../src/Budget.js"
import { Auth, type Errors } from "../src/index.js"

export interface Sent {
  readonly method: string
  readonly url: URL
  readonly headers: Headers.Headers
  /** The JSON body, parsed. */
  readonly body: unknown
  /** The body as text, whatever its type. */
  readonly text: string | undefined
}

export type Reply =
  | {
    readonly status?: number
    /** JSON-encoded unless a string. */
    readonly body?: unknown
    readonly headers?: Record<string, string>
    /** Rate-limit state to report; defaults to 59 left, reset in 60 s. */
    readonly remaining?: number
    readonly resetIn?: number
    /** Answer this much later (on the test clock). */
    readonly delayMillis?: number
  }
  | { readonly drop: true }

export const token = Redacted.make("user-token-SECRET-1234")
export const clientSecret = Redacted.make("client-secret-SECRET-5678")
export const baseUrl = "http://127.0.0.1:9999"

/**
 * `Auth.layer` with a rate budget of its own: each test starts from an
 * empty budget, whatever the other tests of its file spent.
 */
export const authLayer = (options: Auth.Options) => Layer.merge(Auth.layer(options), Budget.layerIsolated())

export const userAuth = authLayer({ credentials: Auth.userToken(token), baseUrl })
export const appAuth = authLayer({
  credentials: Auth.appCredentials({ clientId: "182224938.app", clientSecret }),
  baseUrl
})

const textOf = (request: Parameters<Parameters<typeof HttpClient.make>[0]>[0]): string | undefined =>
  request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : undefined

/**
 * A client answering with `handler`; `sent` fills with what was sent.
 */
export const mock = (handler: (sent: Sent, index: number) => Reply) => {
  const sent: Array<Sent> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const text = textOf(request)
      const json = request.body._tag === "Uint8Array" && request.body.contentType === "application/json"
      const record: Sent = {
        method: request.method,
        url,
        headers: request.headers,
        body: json && text !== undefined ? JSON.parse(text) : undefined,
        text
      }
      sent.push(record)
      const reply = handler(record, sent.length - 1)
      if ("drop" in reply) {
        return yield* new HttpClientError.RequestError({
          request,
          reason: "Transport",
          description: "connection reset"
        })
      }
      if (reply.delayMillis !== undefined) yield* Effect.sleep(reply.delayMillis)
      const now = yield* Clock.currentTimeMillis
      const reset = Math.floor(now / 1000) + (reply.resetIn ?? 60)
      const answer = reply.body === undefined
        ? ""
        : typeof reply.body === "string"
        ? reply.body
        : JSON.stringify(reply.body)
      return HttpClientResponse.fromWeb(
        request,
        new Response(answer === "" ? null : answer, {
          status: reply.status ?? 200,
          headers: {
            "content-type": "application/json",
            "x-ratelimit-limit": String(Math.max(60, reply.remaining ?? 59)),
            "x-ratelimit-remaining": String(reply.remaining ?? 59),
            "x-ratelimit-reset": String(reset),
            ...reply.headers
          }
        })
      )
    })
  )
  return { sent, client: Layer.succeed(HttpClient.HttpClient, client) }
}

/** Answers every request with the same reply. */
export const always = (reply: Reply) => mock(() => reply)

/** The `Authorization` header of `userAuth`. */
export const bearer = `Bearer ${Redacted.value(token)}`

/** The `Authorization` header of `appAuth`. */
export const basic = `Basic ${Buffer.from(`182224938.app:${Redacted.value(clientSecret)}`).toString("base64")}`

/** The query parameters sent, sorted by name (repeated names keep their order). */
export const queryOf = (sent: Sent) => Array.from(sent.url.searchParams).sort(([a], [b]) => a.localeCompare(b))

/** Runs a call against `api` with `auth`. */
export const using =
  (api: ReturnType<typeof mock>, auth: Layer.Layer<Auth.Auth, Errors.OptionsError> = userAuth) =>
  <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Auth.Auth>) =>
    effect.pipe(Effect.provide(api.client), Effect.provide(auth))

/** Input only an untyped (JavaScript) caller can pass: the types forbid it, so the runtime check must refuse it. */
export const unchecked = <A>(input: unknown): A => input as A

/**
 * Checks the one request a call sent: method, path, query (sorted), JSON
 * body, the headers every request carries, and its `Authorization`.
 */
export const expectSent = (
  sent: ReadonlyArray<Sent>,
  expected: {
    readonly method: string
    readonly path: string
    readonly query?: ReadonlyArray<readonly [string, string]>
    readonly body?: unknown
    readonly authorization: string | undefined
  }
) => {
  expect(sent).toHaveLength(1)
  const request = sent[0]!
  expect(request.method).toBe(expected.method)
  expect(request.url.origin + request.url.pathname).toBe(baseUrl + expected.path)
  expect(queryOf(request)).toEqual(expected.query ?? [])
  expect(request.body).toEqual(expected.body)
  expect(request.headers["x-api-version"]).toBe("2.0")
  expect(request.headers["accept"]).toBe("application/json")
  expect(request.headers["user-agent"]).toMatch(/^effect-twitcasting\/\d+\.\d+\.\d+/)
  expect(request.headers["authorization"]).toBe(expected.authorization)
}
