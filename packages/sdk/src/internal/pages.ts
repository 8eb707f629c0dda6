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
 * Pages addressed by the id of the last item seen (the API's `slice_id`);
 * ends at the first short page.
 */
export const bySlice = <A extends { readonly id: string }, E, R>(
  pageSize: number,
  fetch: (sliceId: Option.Option<number>) => Effect.Effect<ReadonlyArray<A>, E, R>
): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect(Option.none<number>(), (sliceId) =>
    Effect.map(fetch(sliceId), (items) => {
      const last = items[items.length - 1]
      return [
        Chunk.fromIterable(items),
        items.length < pageSize || last === undefined ? Option.none() : Option.some(Option.some(Number(last.id)))
      ] as const
    }))
