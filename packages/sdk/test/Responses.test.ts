/**
 * Malformed answers each end in the SDK's typed `UnexpectedResponseError` (never
 * `@effect/platform`'s `HttpClientError.ResponseError`, whose `_tag` is
 * another), with a description that says what was wrong; huge bodies are
 * refused after reading no more than the cap, so memory stays bounded.
 * Retries are off throughout: the first answer's error surfaces.
 */
import { FetchHttpClient, HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Layer } from "effect"
import { gzipSync } from "node:zlib"
import { type Auth, Errors, Retry, Users } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, baseUrl, type Reply, userAuth } from "./mock.js"
import { local } from "./server.js"

const noRetry = Retry.layer({ retries: 0, rateLimitRetries: 0 })
const getUserInfo = Users.getUserInfo({ screenId: "twitcasting_jp" })
const getThumbnail = Users.getLiveThumbnailImage({ screenId: "twitcasting_jp" })
const info = { user: fixtures.user, supporter_count: 1, supporting_count: 2 }

const htmlPage = (status: number, title: string) =>
  `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`

/** `{"a":{"a":...1...}}`, `depth` levels deep. */
const nestedObject = (depth: number) => `${"{\"a\":".repeat(depth)}1${"}".repeat(depth)}`
/** `[[[...]]]`, `depth` levels deep. */
const nestedArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth)

/**
 * Checks `error` is the SDK's `UnexpectedResponseError` for `endpoint` and `status`,
 * with a description matching `says` that is short enough to log and that
 * its message repeats.
 */
const expectResponseError = (
  error: unknown,
  expected: { readonly endpoint: string; readonly status: number; readonly says: RegExp }
): Errors.UnexpectedResponseError => {
  expect(error).toBeInstanceOf(Errors.UnexpectedResponseError)
  expect(error).not.toBeInstanceOf(HttpClientError.ResponseError)
  if (!(error instanceof Errors.UnexpectedResponseError)) {
    return expect.fail(`expected the SDK's UnexpectedResponseError, got ${error}`)
  }
  expect(error._tag).toBe("UnexpectedResponseError")
  expect(error.endpoint).toBe(expected.endpoint)
  expect(error.status).toBe(expected.status)
  expect(error.description).toMatch(expected.says)
  expect(error.description.trim().length).toBeGreaterThan(5)
  expect(error.description.length).toBeLessThanOrEqual(400)
  expect(error.message).toBe(
    `${expected.endpoint}: unexpected response (HTTP ${expected.status}): ${error.description}`
  )
  return error
}

/** Runs `call` once (no retries) against `client`, returning its failure. */
const failure = <A>(
  call: Effect.Effect<A, Errors.CallError, HttpClient.HttpClient | Auth.Auth>,
  client: Layer.Layer<HttpClient.HttpClient>
) => call.pipe(Effect.flip, Effect.provide(client), Effect.provide(userAuth), Effect.provide(noRetry))

interface Malformed {
  readonly name: string
  readonly reply: Reply
  readonly status: number
  readonly says: RegExp
}

const html = { "content-type": "text/html; charset=utf-8" }

const malformed: ReadonlyArray<Malformed> = [
  // not JSON at all
  {
    name: "an HTML page with 200",
    reply: { body: htmlPage(200, "Welcome"), headers: html },
    status: 200,
    says: /^Could not parse JSON$/
  },
  {
    name: "an HTML error page with 502",
    reply: { status: 502, body: htmlPage(502, "Bad Gateway"), headers: html },
    status: 502,
    says: /^error status with a body that is not an API error$/
  },
  {
    name: "an HTML error page with 503",
    reply: { status: 503, body: htmlPage(503, "Service Temporarily Unavailable"), headers: html },
    status: 503,
    says: /^error status with a body that is not an API error$/
  },
  {
    name: "plain text with 200",
    reply: { body: "OK", headers: { "content-type": "text/plain" } },
    status: 200,
    says: /^Could not parse JSON$/
  },
  // nothing, or next to nothing
  { name: "an empty body with 200", reply: {}, status: 200, says: /^empty body$/ },
  { name: "a body of whitespace with 200", reply: { body: "  \r\n\t " }, status: 200, says: /^Could not parse JSON$/ },
  // no content where the declaration promises a body
  {
    name: "204 No Content",
    reply: { status: 204 },
    status: 204,
    says: /^empty body$/
  },
  { name: "an empty body with 500", reply: { status: 500 }, status: 500, says: /^error status with an empty body$/ },
  // broken JSON
  {
    name: "JSON truncated inside a string",
    reply: { body: JSON.stringify(info).slice(0, 60) },
    status: 200,
    says: /^Could not parse JSON$/
  },
  {
    name: "JSON truncated after a key",
    reply: { body: "{\"user\":" },
    status: 200,
    says: /^Could not parse JSON$/
  },
  {
    name: "JSON with a trailing comma",
    reply: { body: "{\"supporter_count\":1,}" },
    status: 200,
    says: /JSON/
  },
  // JSON of the wrong shape
  {
    name: "a number field sent as a string",
    reply: { body: { ...info, supporter_count: "10" } },
    status: 200,
    says: /^supporter_count: Expected number, actual "10"$/
  },
  {
    name: "a nested field of the wrong type",
    reply: { body: { ...info, user: { ...fixtures.user, level: "24" } } },
    status: 200,
    says: /^user\.level: Expected number, actual "24"$/
  },
  {
    name: "a boolean sent as a string",
    reply: { body: { ...info, user: { ...fixtures.user, is_live: "true" } } },
    status: 200,
    says: /^user\.is_live: Expected boolean, actual "true"$/
  },
  {
    name: "an object field sent as a string",
    reply: { body: { ...info, user: "182224938" } },
    status: 200,
    says: /^user: Expected .*actual "182224938"$/
  },
  {
    name: "a missing top-level field",
    reply: { body: { user: fixtures.user, supporting_count: 2 } },
    status: 200,
    says: /^supporter_count: is missing$/
  },
  {
    name: "a missing nested field",
    reply: { body: { ...info, user: { ...fixtures.user, screen_id: undefined } } },
    status: 200,
    says: /^user\.screen_id: is missing$/
  },
  {
    name: "an API error body with 200",
    reply: { body: fixtures.errorBody(500, "Internal Server Error") },
    status: 200,
    says: /^user: is missing$/
  },
  {
    name: "an empty object",
    reply: { body: {} },
    status: 200,
    says: /is missing/
  },
  // JSON that is not an object
  {
    name: "an array (long, so quoted only in part)",
    reply: { body: [info, info, info] },
    status: 200,
    says: /^Expected Struct .*actual \[\{"user".*…$/
  },
  { name: "an empty array", reply: { body: [] }, status: 200, says: /^Expected Struct .*actual \[\]$/ },
  { name: "null", reply: { body: "null" }, status: 200, says: /^Expected Struct .*actual null$/ },
  { name: "a number", reply: { body: "42" }, status: 200, says: /^Expected Struct .*actual 42$/ },
  { name: "a string", reply: { body: "\"ok\"" }, status: 200, says: /^Expected Struct .*actual "ok"$/ },
  { name: "a boolean", reply: { body: "true" }, status: 200, says: /^Expected Struct .*actual true$/ },
  // deeply nested JSON: no stack overflow, no quoting of the whole body
  {
    name: "arrays nested 100,000 deep",
    reply: { body: nestedArray(100_000) },
    status: 200,
    says: /^the body is not the documented shape$/
  },
  {
    name: "objects nested 100,000 deep",
    reply: { body: nestedObject(100_000) },
    status: 200,
    says: /^user: is missing$/
  },
  {
    name: "objects nested 100,000 deep in place of the user",
    reply: { body: `{"user":${nestedObject(100_000)},"supporter_count":1,"supporting_count":2}` },
    status: 200,
    says: /^user\.id: is missing$/
  },
  {
    name: "an error body nested 5,000 deep with 502",
    reply: { status: 502, body: `{"error":${nestedObject(5_000)}}` },
    status: 502,
    says: /^error status with a body that is not an API error$/
  },
  // the content type is not consulted: the text is parsed as JSON whatever it says
  {
    name: "text/plain JSON of the wrong shape",
    reply: { body: JSON.stringify({ user: fixtures.user }), headers: { "content-type": "text/plain" } },
    status: 200,
    says: /^supporter_count: is missing$/
  },
  {
    name: "application/octet-stream that is not JSON",
    reply: { body: "\u0000\u0001binary", headers: { "content-type": "application/octet-stream" } },
    status: 200,
    says: /^Could not parse JSON$/
  }
]

describe("malformed answers end in the SDK's UnexpectedResponseError", () => {
  it.effect.each(malformed)(
    "$name → UnexpectedResponseError (HTTP $status)",
    ({ reply, says, status }) =>
      Effect.gen(function*() {
        const api = always(reply)
        const error = yield* failure(getUserInfo, api.client)
        expectResponseError(error, { endpoint: "Users.getUserInfo", status, says })
        // sent once: retries are off, and nothing else was tried
        expect(api.sent).toHaveLength(1)
      })
  )

  it.effect("the description of an array body is cut to 300 characters", () =>
    Effect.gen(function*() {
      const error = yield* failure(getUserInfo, always({ body: Array.from({ length: 100 }, () => info) }).client)
      const checked = expectResponseError(error, { endpoint: "Users.getUserInfo", status: 200, says: /actual \[/ })
      expect(checked.description.length).toBe(301)
      expect(checked.description.endsWith("…")).toBe(true)
    }))

  it.effect("the error is caught by catchTag(\"UnexpectedResponseError\") with its fields", () =>
    Effect.gen(function*() {
      const caught = yield* getUserInfo.pipe(
        Effect.map(() => "decoded"),
        Effect.catchTag("UnexpectedResponseError", (error) => Effect.succeed(`${error.status} ${error.description}`)),
        Effect.provide(always({ status: 502, body: htmlPage(502, "Bad Gateway"), headers: html }).client),
        Effect.provide(userAuth),
        Effect.provide(noRetry)
      )
      expect(caught).toBe("502 error status with a body that is not an API error")
    }))
})

describe("the content type is not consulted: JSON is JSON", () => {
  it.effect.each([
    { contentType: "text/plain" },
    { contentType: "text/html" },
    { contentType: "application/octet-stream" },
    { contentType: "application/json; charset=utf-8" }
  ])("valid JSON sent as $contentType decodes to the typed model", ({ contentType }) =>
    Effect.gen(function*() {
      const api = always({ body: JSON.stringify(info), headers: { "content-type": contentType } })
      const result = yield* getUserInfo.pipe(
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.provide(noRetry)
      )
      expect(result.supporterCount).toBe(1)
      expect(result.supportingCount).toBe(2)
      expect(result.user.screenId).toBe("twitcasting_jp")
      expect(result.user.level).toBe(24)
    }))

  it.effect("a leading byte-order mark is dropped, as UTF-8 decoding does", () =>
    Effect.gen(function*() {
      const api = always({ body: `\uFEFF${JSON.stringify(info)}` })
      const result = yield* getUserInfo.pipe(
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.provide(noRetry)
      )
      expect(result.supporterCount).toBe(1)
    }))
})

const chunkSize = 64 * 1024
const MiB = 1024 * 1024
const imageUrl = "https://image.twitcasting.test/thumb.jpg"

/**
 * A server answering with a body streamed lazily in 64 KiB chunks (all
 * `fill`, the last one holding `tail`), counting how many chunks were pulled:
 * proof of how much the SDK read. The thumbnail route answers 302 to
 * `imageUrl`, which serves the body.
 */
const streamed = (options: {
  readonly status?: number
  readonly bytes: number
  readonly declare: boolean
  /** The content-length to declare, if not the true one (a transport that breaks it). */
  readonly declareAs?: number
  /** A content-encoding to declare (the body itself stays as it is). */
  readonly encoding?: string
  readonly contentType?: string
  readonly head?: string
  /** Break the stream off after this many chunks. */
  readonly breakAfter?: number
}) => {
  const total = Math.ceil(options.bytes / chunkSize)
  const filler = new Uint8Array(chunkSize).fill(0x20)
  const head = new TextEncoder().encode(options.head ?? "")
  let pulled = 0
  const urls: Array<string> = []
  const client = HttpClient.make((request, url) =>
    Effect.sync(() => {
      urls.push(url.toString())
      if (url.pathname.endsWith("/live/thumbnail")) {
        return HttpClientResponse.fromWeb(request, new Response(null, { status: 302, headers: { location: imageUrl } }))
      }
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (options.breakAfter !== undefined && pulled >= options.breakAfter) {
            return controller.error(new Error("connection reset"))
          }
          if (pulled >= total) return controller.close()
          pulled++
          if (pulled === 1 && head.length > 0) {
            const first = filler.slice()
            first.set(head)
            return controller.enqueue(first)
          }
          const size = pulled === total ? options.bytes - (total - 1) * chunkSize : chunkSize
          controller.enqueue(size === chunkSize ? filler : filler.subarray(0, size))
        }
      })
      return HttpClientResponse.fromWeb(
        request,
        new Response(body, {
          status: options.status ?? 200,
          headers: {
            "content-type": options.contentType ?? "application/json",
            ...(options.declare ? { "content-length": String(options.declareAs ?? options.bytes) } : {}),
            ...(options.encoding === undefined ? {} : { "content-encoding": options.encoding })
          }
        })
      )
    })
  )
  return { pulled: () => pulled, urls, client: Layer.succeed(HttpClient.HttpClient, client) }
}

describe("huge bodies are refused after reading at most the cap", () => {
  it.effect.each([
    { name: "10 MB of JSON, no content-length", status: 200, declare: false, cap: 2 * MiB, min: 32, max: 40 },
    { name: "10 MB of JSON, with content-length", status: 200, declare: true, cap: 2 * MiB, min: 0, max: 2 },
    {
      name: "a 500 with 10 MB of body, no content-length",
      status: 500,
      declare: false,
      cap: 64 * 1024,
      min: 1,
      max: 4
    },
    {
      name: "a 500 with 10 MB of body, with content-length",
      status: 500,
      declare: true,
      cap: 64 * 1024,
      min: 0,
      max: 2
    },
    { name: "a 502 with 10 MB of body, no content-length", status: 502, declare: false, cap: 64 * 1024, min: 1, max: 4 }
  ])(
    "$name → UnexpectedResponseError, between $min and $max chunks of 64 KiB read",
    ({ cap, declare, max, min, status }) =>
      Effect.gen(function*() {
        const api = streamed({ status, bytes: 10 * 1000 * 1000, declare, head: JSON.stringify(info) })
        const error = yield* failure(getUserInfo, api.client)
        expectResponseError(error, {
          endpoint: "Users.getUserInfo",
          status,
          says: new RegExp(`^body larger than ${cap} bytes$`)
        })
        expect(api.pulled()).toBeGreaterThanOrEqual(min)
        expect(api.pulled()).toBeLessThanOrEqual(max)
        expect(api.urls).toHaveLength(1)
      })
  )

  it.effect("a body longer than its declared length (a transport that breaks it) is still refused", () =>
    Effect.gen(function*() {
      const api = streamed({ bytes: 3 * MiB, declare: true, declareAs: 1000, head: JSON.stringify(info) })
      const error = yield* failure(getUserInfo, api.client)
      expectResponseError(error, {
        endpoint: "Users.getUserInfo",
        status: 200,
        says: /^body larger than 2097152 bytes$/
      })
    }))

  it.effect.each(["gzip", "br", "deflate"])(
    "a %s body is never read whole on the strength of its declared length: reading stops at the cap",
    (encoding) =>
      Effect.gen(function*() {
        // what a client that inflates sees: a declared length that says
        // nothing of the inflated body
        const api = streamed({ bytes: 10 * 1000 * 1000, declare: true, declareAs: 10_000, encoding })
        const error = yield* failure(getUserInfo, api.client)
        expectResponseError(error, {
          endpoint: "Users.getUserInfo",
          status: 200,
          says: /^body larger than 2097152 bytes$/
        })
        // the whole body is 153 chunks of 64 KiB; the cap is 32
        expect(api.pulled()).toBeLessThanOrEqual(40)
      })
  )

  it.live("a gzip body inflated by fetch past the cap is refused, though its declared length is small", () =>
    Effect.gen(function*() {
      // 10 MB of spaces compress to about 10 KB
      const inflated = JSON.stringify(info) + " ".repeat(10 * 1000 * 1000)
      const compressed = gzipSync(inflated)
      const server = yield* local((_, response) => {
        response.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": compressed.length
        }).end(compressed)
      })
      expect(compressed.length).toBeLessThan(64 * 1024)
      const error = yield* getUserInfo.pipe(
        Effect.provide(FetchHttpClient.layer),
        Effect.provide(server.auth),
        Effect.provide(noRetry),
        Effect.flip
      )
      expectResponseError(error, {
        endpoint: "Users.getUserInfo",
        status: 200,
        says: /^body larger than 2097152 bytes$/
      })
    }).pipe(Effect.scoped))

  it.live("a refused body is not left unread on its connection: the request is aborted", () =>
    Effect.gen(function*() {
      const closed = yield* Deferred.make<boolean>()
      const server = yield* local((_, response) => {
        response.on("close", () => Deferred.unsafeDone(closed, Exit.succeed(response.writableFinished)))
        // 3 MiB announced, a little sent, the rest never
        response.writeHead(200, { "content-type": "application/json", "content-length": 3 * MiB })
        response.write(" ".repeat(1024))
      })
      const error = yield* getUserInfo.pipe(Effect.provide(server.auth), Effect.provide(noRetry), Effect.flip)
      expectResponseError(error, {
        endpoint: "Users.getUserInfo",
        status: 200,
        says: /^body larger than 2097152 bytes$/
      })
      // closed by the client (whose connection pool is still open) before
      // the answer was finished
      expect(yield* Deferred.await(closed).pipe(Effect.timeout("2 seconds"))).toBe(false)
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici)))

  it.effect("a body of exactly 2 MiB (valid JSON padded with spaces) is still read and decoded", () =>
    Effect.gen(function*() {
      const api = streamed({ bytes: 2 * MiB, declare: false, head: JSON.stringify(info) })
      const result = yield* getUserInfo.pipe(
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.provide(noRetry)
      )
      expect(result.supporterCount).toBe(1)
      expect(api.pulled()).toBe(32)
    }))

  it.effect("one byte over 2 MiB is refused", () =>
    Effect.gen(function*() {
      const api = streamed({ bytes: 2 * MiB + 1, declare: false, head: JSON.stringify(info) })
      const error = yield* failure(getUserInfo, api.client)
      expectResponseError(error, {
        endpoint: "Users.getUserInfo",
        status: 200,
        says: /^body larger than 2097152 bytes$/
      })
    }))

  it.effect.each([
    { name: "no content-length", declare: false, min: 256, max: 260 },
    { name: "with content-length", declare: true, min: 0, max: 2 }
  ])(
    "a thumbnail over 16 MiB ($name), after the 302 → UnexpectedResponseError, read at most $max chunks",
    ({ declare, max, min }) =>
      Effect.gen(function*() {
        const api = streamed({ bytes: 17 * MiB, declare, contentType: "image/jpeg" })
        const error = yield* failure(getThumbnail, api.client)
        expectResponseError(error, {
          endpoint: "Users.getLiveThumbnailImage",
          status: 200,
          says: /^body larger than 16777216 bytes$/
        })
        // the redirect was followed: the image host was asked
        expect(api.urls).toEqual([`${baseUrl}/users/twitcasting_jp/live/thumbnail`, imageUrl])
        expect(api.pulled()).toBeGreaterThanOrEqual(min)
        expect(api.pulled()).toBeLessThanOrEqual(max)
      })
  )

  it.effect("a thumbnail of 3 MiB (over the JSON cap, under the image cap) is read in full", () =>
    Effect.gen(function*() {
      const api = streamed({ bytes: 3 * MiB, declare: false, contentType: "image/jpeg" })
      const image = yield* getThumbnail.pipe(
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.provide(noRetry)
      )
      expect(image.contentType).toBe("image/jpeg")
      expect(image.bytes.length).toBe(3 * MiB)
    }))
})

describe("thumbnail redirects that go nowhere", () => {
  const redirecting = (location: string | undefined) => {
    const urls: Array<string> = []
    const client = HttpClient.make((request, url) =>
      Effect.sync(() => {
        urls.push(url.toString())
        return HttpClientResponse.fromWeb(
          request,
          new Response(null, { status: 302, headers: location === undefined ? {} : { location } })
        )
      })
    )
    return { urls, client: Layer.succeed(HttpClient.HttpClient, client) }
  }

  it.effect("a redirect loop stops after 3 redirects → UnexpectedResponseError (HTTP 302)", () =>
    Effect.gen(function*() {
      const api = redirecting(`${baseUrl}/users/twitcasting_jp/live/thumbnail`)
      const error = yield* failure(getThumbnail, api.client)
      expectResponseError(error, {
        endpoint: "Users.getLiveThumbnailImage",
        status: 302,
        says: /^error status with an empty body$/
      })
      expect(api.urls).toHaveLength(4)
    }))

  it.effect("a 302 without a location → UnexpectedResponseError (HTTP 302)", () =>
    Effect.gen(function*() {
      const api = redirecting(undefined)
      const error = yield* failure(getThumbnail, api.client)
      expectResponseError(error, {
        endpoint: "Users.getLiveThumbnailImage",
        status: 302,
        says: /^error status with an empty body$/
      })
      expect(api.urls).toHaveLength(1)
    }))
})

describe("a body that breaks off is a typed transport failure, not a malformed answer", () => {
  it.effect.each([
    { name: "no content-length", declare: false },
    { name: "with content-length", declare: true }
  ])("$name → RequestError (Transport)", ({ declare }) =>
    Effect.gen(function*() {
      const api = streamed({ bytes: MiB, declare, head: JSON.stringify(info), breakAfter: 3 })
      const error = yield* failure(getUserInfo, api.client)
      expect(error).toBeInstanceOf(HttpClientError.RequestError)
      expect(error).not.toBeInstanceOf(Errors.UnexpectedResponseError)
      if (error._tag !== "RequestError") return expect.fail(`expected a RequestError, got ${error._tag}`)
      expect(error.reason).toBe("Transport")
      expect(error.description).toMatch(/^the response body could not be read/)
      expect(error.request.url).toBe(`${baseUrl}/users/twitcasting_jp`)
      expect(api.pulled()).toBe(3)
    }))
})
