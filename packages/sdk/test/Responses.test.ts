/**
 * Malformed answers each end in a typed `ResponseError`, and a huge body is
 * refused without being read: memory stays bounded.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Errors, Retry, Users } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, type Reply, userAuth } from "./mock.js"

const noRetry = Retry.layer({ retries: 0, rateLimitRetries: 0 })
const getUserInfo = Users.getUserInfo({ screenId: "twitcasting_jp" })
const info = { user: fixtures.user, supporter_count: 1, supporting_count: 2 }

const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>`

const malformed: ReadonlyArray<{ readonly name: string; readonly reply: Reply; readonly says: RegExp }> = [
  { name: "an HTML page with 200", reply: { body: html, headers: { "content-type": "text/html" } }, says: /JSON/ },
  {
    name: "an HTML page with 502",
    reply: { status: 502, body: html, headers: { "content-type": "text/html" } },
    says: /not an API error/
  },
  { name: "an empty body", reply: {}, says: /empty body/ },
  { name: "truncated JSON", reply: { body: JSON.stringify(info).slice(0, 60) }, says: /JSON/ },
  { name: "a field of the wrong type", reply: { body: { ...info, supporter_count: "10" } }, says: /supporter_count/ },
  { name: "a missing required field", reply: { body: { user: fixtures.user } }, says: /supporter_count/ },
  {
    name: "a nested field missing",
    reply: { body: { ...info, user: { ...fixtures.user, screen_id: undefined } } },
    says: /screen_id/
  },
  { name: "an array", reply: { body: [info] }, says: /Expected/ },
  { name: "null", reply: { body: "null" }, says: /Expected/ },
  { name: "a number", reply: { body: "42" }, says: /Expected/ },
  {
    name: "deeply nested JSON (too deep to quote)",
    reply: { body: "[".repeat(5000) + "]".repeat(5000) },
    says: /not the documented shape/
  },
  {
    name: "valid JSON sent as text/plain (parsed, then checked like any answer)",
    reply: { body: JSON.stringify({ user: fixtures.user }), headers: { "content-type": "text/plain" } },
    says: /supporter_count/
  }
]

describe("malformed answers", () => {
  it.effect.each(malformed)("$name → ResponseError", ({ reply, says }) =>
    Effect.gen(function*() {
      const api = always(reply)
      const error = yield* getUserInfo.pipe(
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.provide(noRetry),
        Effect.flip
      )
      expect(error).toBeInstanceOf(Errors.ResponseError)
      if (!(error instanceof Errors.ResponseError)) return
      expect(error.endpoint).toBe("Users.getUserInfo")
      expect(error.description).toMatch(says)
    }))

  it.effect("a valid answer with a JSON content type still decodes (the control case)", () =>
    Effect.gen(function*() {
      const api = always({ body: info })
      const result = yield* getUserInfo.pipe(Effect.provide(api.client), Effect.provide(userAuth))
      expect(result.supporterCount).toBe(1)
    }))
})

/**
 * An answer whose body is streamed lazily in 64 KiB chunks, counting how many
 * were pulled: proof of how much the SDK read.
 */
const huge = (
  options: { readonly status: number; readonly bytes: number; readonly declare: boolean; readonly contentType?: string }
) => {
  const chunk = new Uint8Array(64 * 1024).fill(0x20)
  let pulled = 0
  const client = HttpClient.make((request) =>
    Effect.sync(() => {
      const total = Math.ceil(options.bytes / chunk.length)
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= total) return controller.close()
          pulled++
          controller.enqueue(chunk)
        }
      })
      return HttpClientResponse.fromWeb(
        request,
        new Response(body, {
          status: options.status,
          headers: {
            "content-type": options.contentType ?? "application/json",
            ...(options.declare ? { "content-length": String(total * chunk.length) } : {})
          }
        })
      )
    })
  )
  return { pulled: () => pulled, client: Layer.succeed(HttpClient.HttpClient, client) }
}

const tenMegabytes = 10 * 1024 * 1024

describe("huge bodies are refused without being read", () => {
  it.effect.each([
    { name: "10 MB of JSON without a declared length", status: 200, declare: false, maxChunks: 34 },
    { name: "10 MB of JSON with its length declared", status: 200, declare: true, maxChunks: 2 },
    { name: "a 500 with 10 MB of body", status: 500, declare: false, maxChunks: 3 }
  ])(
    "$name → ResponseError, at most $maxChunks chunks of 64 KiB read",
    ({ declare, maxChunks, status }) =>
      Effect.gen(function*() {
        const api = huge({ status, bytes: tenMegabytes, declare })
        const error = yield* getUserInfo.pipe(
          Effect.provide(api.client),
          Effect.provide(userAuth),
          Effect.provide(noRetry),
          Effect.flip
        )
        expect(error).toBeInstanceOf(Errors.ResponseError)
        if (error instanceof Errors.ResponseError) expect(error.description).toMatch(/body larger than/)
        expect(api.pulled()).toBeLessThanOrEqual(maxChunks)
      })
  )

  it.effect("a thumbnail over 16 MiB → ResponseError", () =>
    Effect.gen(function*() {
      const api = huge({ status: 200, bytes: 17 * 1024 * 1024, declare: false, contentType: "image/jpeg" })
      const error = yield* Users.getLiveThumbnailImage({ screenId: "twitcasting_jp" }).pipe(
        Effect.provide(api.client),
        Effect.provide(userAuth),
        Effect.provide(noRetry),
        Effect.flip
      )
      expect(error).toBeInstanceOf(Errors.ResponseError)
      expect(api.pulled()).toBeLessThanOrEqual(16 * 16 + 2)
    }))
})
