/**
 * Gifts: getGifts' request, decoding, slice_id rule and credential kind.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Errors, Gifts, Models } from "../src/index.js"
import * as fixtures from "./fixtures.js"
import { always, appAuth, bearer, expectSent, unchecked, using } from "./mock.js"

const page = { slice_id: 2124, gifts: [fixtures.gift] }
const { item_sub_image: _subImage, ...withoutSubImage } = fixtures.gift

describe("Gifts.getGifts", () => {
  it.effect("GET /gifts with slice_id; decodes the gifts (a missing sub image is null) and the next slice_id", () =>
    Effect.gen(function*() {
      const api = always({ body: page })
      const result = yield* Gifts.getGifts({ sliceId: -1 }).pipe(using(api))
      expectSent(api.sent, { method: "GET", path: "/gifts", query: [["slice_id", "-1"]], authorization: bearer })
      expect(result.sliceId).toBe(2124)
      const [gift] = result.gifts
      expect(gift).toBeInstanceOf(Models.Gift)
      expect(gift).toMatchObject({ itemId: "tea", itemMp: "10", itemSubImage: null, userScreenId: "twitcasting_pr" })
    }))

  it.effect.each([
    {
      name: "numbers for id and item_mp, no item_sub_image (as the live API sends them)",
      wire: { ...withoutSubImage, id: 2125, item_mp: 10 },
      expected: { id: "2125", itemMp: "10", itemSubImage: null }
    },
    {
      name: "strings for id and item_mp (as documented), a sub image",
      wire: { ...fixtures.gift, id: "2125", item_mp: "10", item_sub_image: "https://twitcasting.tv/img/sub.png" },
      expected: { id: "2125", itemMp: "10", itemSubImage: "https://twitcasting.tv/img/sub.png" }
    }
  ])("decodes a gift with $name", ({ expected, wire }) =>
    Effect.gen(function*() {
      const api = always({ body: { slice_id: 2125, gifts: [wire] } })
      const { gifts } = yield* Gifts.getGifts().pipe(using(api))
      expect(gifts[0]).toMatchObject(expected)
    }))

  it.effect("without input it sends no slice_id", () =>
    Effect.gen(function*() {
      const api = always({ body: page })
      yield* Gifts.getGifts().pipe(using(api))
      expectSent(api.sent, { method: "GET", path: "/gifts", authorization: bearer })
    }))

  it.effect.each([
    { name: "slice_id -2", sliceId: -2 },
    { name: "slice_id 1.5", sliceId: 1.5 }
  ])("$name is refused before sending", ({ sliceId }) =>
    Effect.gen(function*() {
      const api = always({ body: page })
      const error = yield* Gifts.getGifts(unchecked({ sliceId })).pipe(using(api), Effect.flip)
      if (!(error instanceof Errors.ValidationError)) {
        return expect.fail(`expected a ValidationError, got ${error._tag}`)
      }
      expect(error.issues.map((issue) => issue.field)).toEqual(["sliceId"])
      expect(api.sent).toHaveLength(0)
    }))

  it.effect("needs a user token", () =>
    Effect.gen(function*() {
      const api = always({ body: page })
      const error = yield* Gifts.getGifts().pipe(using(api, appAuth), Effect.flip)
      expect(error._tag).toBe("AuthenticationError")
      expect(api.sent).toHaveLength(0)
    }))
})
