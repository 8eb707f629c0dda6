/**
 * Categories.getCategories: the request, the decoded categories with their
 * sub-categories, the `lang` rule, and retries.
 */
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Fiber, type Layer, Option, TestClock } from "effect"
import { type Auth, Categories, Errors, Models, Retry } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import {
  always,
  appAuth,
  baseUrl,
  basic,
  bearer,
  mock,
  queryOf,
  type Reply,
  unchecked,
  userAuth,
  using
} from "./mock.js"

const english = {
  categories: [
    { id: "_system", name: "System", sub_categories: [{ id: "_system_new", name: "New", count: 37 }] },
    { id: "talk", name: "Talk", sub_categories: [], icon: "ignored" }
  ]
}

describe("Categories.getCategories", () => {
  describe("requests", () => {
    const cases: ReadonlyArray<{
      readonly name: string
      readonly input: Parameters<typeof Categories.getCategories>[0]
      readonly auth: Layer.Layer<Auth.Auth, Errors.OptionsError>
      readonly authorization: string
      readonly lang: string
    }> = [
      {
        name: "no input sends the default lang=ja",
        input: undefined,
        auth: userAuth,
        authorization: bearer,
        lang: "ja"
      },
      { name: "an empty input sends lang=ja", input: {}, auth: userAuth, authorization: bearer, lang: "ja" },
      { name: "lang ja", input: { lang: "ja" }, auth: userAuth, authorization: bearer, lang: "ja" },
      { name: "lang en, with app credentials", input: { lang: "en" }, auth: appAuth, authorization: basic, lang: "en" }
    ]

    it.effect.each(cases)("$name", ({ auth, authorization, input, lang }) =>
      Effect.gen(function*() {
        const api = always({ body: fixtures.categories })
        yield* (input === undefined ? Categories.getCategories() : Categories.getCategories(input)).pipe(
          using(api, auth)
        )
        expect(api.sent).toHaveLength(1)
        const [sent] = api.sent
        if (sent === undefined) return expect.fail("nothing sent")
        expect(sent.method).toBe("GET")
        expect(sent.url.origin + sent.url.pathname).toBe(`${baseUrl}/categories`)
        expect(queryOf(sent)).toEqual([["lang", lang]])
        expect(sent.body).toBeUndefined()
        expect(sent.headers["x-api-version"]).toBe("2.0")
        expect(sent.headers["accept"]).toBe("application/json")
        expect(sent.headers["user-agent"]).toMatch(/^effect-twitcasting\/\d/)
        expect(sent.headers["authorization"]).toBe(authorization)
      }))
  })

  describe("responses", () => {
    it.effect("categories and their sub-categories decode to models, with the live counts", () =>
      Effect.gen(function*() {
        const api = always({ body: fixtures.categories, remaining: 12, resetIn: 45 })
        const result = yield* Categories.getCategories().pipe(using(api))
        expect(result.categories).toHaveLength(2)
        for (const category of result.categories) {
          expect(category).toBeInstanceOf(Models.Category)
          for (const sub of category.subCategories) expect(sub).toBeInstanceOf(Models.SubCategory)
        }
        expect(result.categories.map((category) => ({
          id: category.id,
          name: category.name,
          subCategories: category.subCategories.map(({ count, id, name }) => ({ id, name, count }))
        }))).toEqual([
          { id: "_system", name: "システム", subCategories: [{ id: "_system_new", name: "新着", count: 37 }] },
          {
            id: "girls_jcjk",
            name: "女子中高生",
            subCategories: [
              { id: "girls_jcjk_jp", name: "女子中高生", count: 120 },
              { id: "girls_jcjk_jp_music", name: "女子中高生 (音楽)", count: 0 }
            ]
          }
        ])
        expect(Option.map(result.rateLimit, (r) => [r.limit, r.remaining, DateTime.toEpochMillis(r.reset)])).toEqual(
          Option.some([60, 12, 45_000])
        )
      }))

    it.effect("a category without sub-categories, and unknown fields, are accepted", () =>
      Effect.gen(function*() {
        const result = yield* Categories.getCategories({ lang: "en" }).pipe(using(always({ body: english })))
        expect(result.categories.map((category) => [category.id, category.name, category.subCategories.length]))
          .toEqual([
            ["_system", "System", 1],
            ["talk", "Talk", 0]
          ])
        expect(result.categories[1]).not.toHaveProperty("icon")
      }))

    it.effect("no category streaming: an empty list", () =>
      Effect.gen(function*() {
        const result = yield* Categories.getCategories().pipe(using(always({ body: { categories: [] } })))
        expect(result.categories).toEqual([])
      }))

    const broken: ReadonlyArray<{ readonly name: string; readonly body: unknown; readonly path: string }> = [
      {
        name: "sub_categories missing",
        body: { categories: [{ id: "talk", name: "Talk" }] },
        path: "categories.0.sub_categories"
      },
      {
        name: "a count that is not a number",
        body: {
          categories: [{ id: "talk", name: "Talk", sub_categories: [{ id: "talk_free", name: "Free", count: "3" }] }]
        },
        path: "categories.0.sub_categories.0.count"
      },
      { name: "categories missing", body: {}, path: "categories" }
    ]

    it.effect.each(broken)("$name → UnexpectedResponseError naming $path", ({ body, path }) =>
      Effect.gen(function*() {
        const error = yield* Categories.getCategories().pipe(using(always({ body })), Effect.flip)
        expect(error).toBeInstanceOf(Errors.UnexpectedResponseError)
        expect(error).toMatchObject({ endpoint: "Categories.getCategories", status: 200 })
        expect(error.message).toContain(path)
      }))
  })

  describe("input rules are checked before sending", () => {
    it.effect.each(["fr", "JA", "", "ja-JP"])("lang %j is refused", (lang) =>
      Effect.gen(function*() {
        const api = always({ body: fixtures.categories })
        const error = yield* Categories.getCategories(unchecked({ lang })).pipe(using(api), Effect.flip)
        expect(api.sent).toHaveLength(0)
        if (!(error instanceof Errors.ValidationError)) {
          return expect.fail(`expected a ValidationError, got ${error._tag}`)
        }
        expect(error.source).toBe("client")
        expect(error.endpoint).toBe("Categories.getCategories")
        expect(error.issues).toEqual([{ field: "lang", message: expect.stringMatching(/ja, en/) }])
      }))
  })

  describe("retries", () => {
    const failures: ReadonlyArray<{ readonly name: string; readonly reply: Reply }> = [
      { name: "502 with an empty body", reply: { status: 502 } },
      { name: "500 with an API error", reply: { status: 500, body: fixtures.errorBody(500, "Internal Server Error") } },
      { name: "a dropped connection", reply: { drop: true } }
    ]

    it.effect.each(failures)("retried after $name, then succeeds", ({ reply }) =>
      Effect.gen(function*() {
        const api = mock((_, i) => i < 3 ? reply : { body: fixtures.categories })
        const fiber = yield* Effect.fork(
          Categories.getCategories({ lang: "en" }).pipe(using(api), Effect.provide(Retry.layer({ retries: 3 })))
        )
        yield* TestClock.adjust(Duration.minutes(1))
        const result = yield* Fiber.join(fiber)
        expect(result.categories).toHaveLength(2)
        expect(api.sent).toHaveLength(4)
        expect(api.sent.every((sent) => sent.url.searchParams.get("lang") === "en")).toBe(true)
      }))

    it.effect("with retries: 0 the first failure surfaces", () =>
      Effect.gen(function*() {
        const api = always({ status: 503 })
        const error = yield* Categories.getCategories().pipe(
          using(api),
          Effect.provide(Retry.layer({ retries: 0 })),
          Effect.flip
        )
        expect(error._tag).toBe("UnexpectedResponseError")
        expect(api.sent).toHaveLength(1)
      }))
  })
})
