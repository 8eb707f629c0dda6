/**
 * Streams over paged endpoints: pages are fetched one at a time, only as
 * the stream is pulled, so `Stream.take` stops the requests too.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/**
 * Pages addressed by an offset into a list of known `total` size; ends at
 * the total or at the first short page.
 */
export const byOffset = <A, E, R>(
  pageSize: number,
  fetch: (offset: number) => Effect.Effect<{ readonly items: ReadonlyArray<A>; readonly total: number }, E, R>
): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect(0, (offset) =>
    Effect.map(fetch(offset), ({ items, total }) => {
      const next = offset + items.length
      return [
        Chunk.fromIterable(items),
        items.length < pageSize || next >= total ? Option.none() : Option.some(next)
      ] as const
    }))

/**
 * Pages addressed by the id of the last item seen (the API's `slice_id`),
 * passed on as the id's own digits; ends at the first short page.
 */
export const bySlice = <A extends { readonly id: string }, E, R>(
  pageSize: number,
  fetch: (sliceId: Option.Option<string>) => Effect.Effect<ReadonlyArray<A>, E, R>
): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect(Option.none<string>(), (sliceId) =>
    Effect.map(fetch(sliceId), (items) => {
      const last = items[items.length - 1]
      return [
        Chunk.fromIterable(items),
        items.length < pageSize || last === undefined ? Option.none() : Option.some(Option.some(last.id))
      ] as const
    }))

const digits = /^\d+$/

/**
 * Orders two ids of comments or movies: numeric strings the API may make
 * longer than 2^53, so they are compared as `BigInt`s, never as `Number`s
 * (which would round them). An id that is not all digits (the API sends
 * none) is compared as text, so the order never throws.
 */
export const compareIds = (a: string, b: string): number => {
  if (!digits.test(a) || !digits.test(b)) return a < b ? -1 : a > b ? 1 : 0
  const difference = BigInt(a) - BigInt(b)
  return difference < 0n ? -1 : difference > 0n ? 1 : 0
}
