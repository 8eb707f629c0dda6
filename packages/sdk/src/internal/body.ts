/**
 * Reading a body with a cap on its size, so that no sender can make a
 * reader hold unbounded memory.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/** The body went past the cap; reading stopped there. */
export class TooLarge {
  readonly _tag = "TooLarge"
  constructor(readonly max: number) {}
}

/** The bytes of `stream`, or `TooLarge` as soon as they exceed `max`. */
export const readAtMost = <E, R>(
  stream: Stream.Stream<Uint8Array, E, R>,
  max: number
): Effect.Effect<Uint8Array<ArrayBuffer>, E | TooLarge, R> =>
  Stream.runFoldEffect(
    stream,
    { size: 0, chunks: [] as Array<Uint8Array> },
    (read, chunk): Effect.Effect<{ size: number; chunks: Array<Uint8Array> }, TooLarge> => {
      if (read.size + chunk.length > max) return Effect.fail(new TooLarge(max))
      read.chunks.push(chunk)
      return Effect.succeed({ size: read.size + chunk.length, chunks: read.chunks })
    }
  ).pipe(Effect.map(({ chunks, size }) => {
    const all = new Uint8Array(size)
    let at = 0
    for (const chunk of chunks) {
      all.set(chunk, at)
      at += chunk.length
    }
    return all
  }))
