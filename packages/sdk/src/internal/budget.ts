/**
 * The machinery of `Budget`: the token fingerprint, the reading of an
 * answer's rate-limit headers, the in-memory store and the limiter that runs
 * over any store.
 *
 * The design follows dfx's `RateLimit` (a limiter over a pluggable store),
 * with one difference that shapes everything here: the window is not ours to
 * choose. TwitCasting opens a window at a bucket's first request and tells us,
 * in server-clock seconds, how much is left and when it ends. A store
 * therefore keeps what the answers said (limit, remaining, the reset as a
 * duration measured on the server's clock and laid onto the store's own
 * clock), the permits that are out, and a FIFO queue of tickets.
 *
 * @internal
 */
import type * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { wholeNumber } from "./wire.js"

// -----------------------------------------------------------------------------
// fingerprint
// -----------------------------------------------------------------------------

/*
 * SHA-256, written out. The fingerprint names a token in memory and in Redis
 * keys, so it must not give the token away: a cryptographic hash, not FNV.
 * It must be synchronous (it names a key, it is not an effect) and run in
 * browsers, which rules out `node:crypto`; Web Crypto's `crypto.subtle.digest`
 * is asynchronous only. Tokens are short, so a compact implementation costs
 * nothing that matters. Checked against `node:crypto` in the tests.
 */
const K256 = Uint32Array.from(
  [
    0x428a2f98,
    0x71374491,
    0xb5c0fbcf,
    0xe9b5dba5,
    0x3956c25b,
    0x59f111f1,
    0x923f82a4,
    0xab1c5ed5,
    0xd807aa98,
    0x12835b01,
    0x243185be,
    0x550c7dc3,
    0x72be5d74,
    0x80deb1fe,
    0x9bdc06a7,
    0xc19bf174,
    0xe49b69c1,
    0xefbe4786,
    0x0fc19dc6,
    0x240ca1cc,
    0x2de92c6f,
    0x4a7484aa,
    0x5cb0a9dc,
    0x76f988da,
    0x983e5152,
    0xa831c66d,
    0xb00327c8,
    0xbf597fc7,
    0xc6e00bf3,
    0xd5a79147,
    0x06ca6351,
    0x14292967,
    0x27b70a85,
    0x2e1b2138,
    0x4d2c6dfc,
    0x53380d13,
    0x650a7354,
    0x766a0abb,
    0x81c2c92e,
    0x92722c85,
    0xa2bfe8a1,
    0xa81a664b,
    0xc24b8b70,
    0xc76c51a3,
    0xd192e819,
    0xd6990624,
    0xf40e3585,
    0x106aa070,
    0x19a4c116,
    0x1e376c08,
    0x2748774c,
    0x34b0bcb5,
    0x391c0cb3,
    0x4ed8aa4a,
    0x5b9cca4f,
    0x682e6ff3,
    0x748f82ee,
    0x78a5636f,
    0x84c87814,
    0x8cc70208,
    0x90befffa,
    0xa4506ceb,
    0xbef9a3f7,
    0xc67178f2
  ]
)

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n))

/** @internal */
export const sha256Hex = (text: string): string => {
  const data = new TextEncoder().encode(text)
  const length = ((data.length + 9 + 63) >> 6) << 6
  const bytes = new Uint8Array(length)
  bytes.set(data)
  bytes[data.length] = 0x80
  const view = new DataView(bytes.buffer)
  view.setUint32(length - 8, Math.floor(data.length / 0x20000000))
  view.setUint32(length - 4, (data.length << 3) >>> 0)
  const h = Uint32Array.from([
    0x6a09e667,
    0xbb67ae85,
    0x3c6ef372,
    0xa54ff53a,
    0x510e527f,
    0x9b05688c,
    0x1f83d9ab,
    0x5be0cd19
  ])
  const w = new Uint32Array(64)
  for (let offset = 0; offset < length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4)
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!, b = w[i - 2]!
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10)
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as [number, number, number, number, number, number, number, number]
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) >>> 0
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0
      hh = g
      g = f
      f = e
      e = (d + t1) >>> 0
      d = c
      c = b
      b = a
      a = (t1 + t2) >>> 0
    }
    h[0] = h[0]! + a
    h[1] = h[1]! + b
    h[2] = h[2]! + c
    h[3] = h[3]! + d
    h[4] = h[4]! + e
    h[5] = h[5]! + f
    h[6] = h[6]! + g
    h[7] = h[7]! + hh
  }
  return Array.from(h, (word) => word.toString(16).padStart(8, "0")).join("")
}

/** @internal */
export const fingerprint = (token: Redacted.Redacted<string>): string =>
  // 128 bits of the digest: enough to never collide between tokens, short in keys
  sha256Hex(`effect-twitcasting:${Redacted.value(token)}`).slice(0, 32)

// -----------------------------------------------------------------------------
// observations
// -----------------------------------------------------------------------------

/** What one answer said about its bucket. @internal */
export interface Observation {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
}

/**
 * What a store learns when a permit comes back.
 *
 * - `Nothing`: no answer (transport failure, interruption), a 401, or zeros:
 *   the permit is returned and nothing else changes.
 * - `Headerless`: an answer without `X-RateLimit-*`: the permit is returned;
 *   a bucket with no known window becomes unmetered.
 * - `Window`: limit, remaining, the server's reset (Unix seconds, the
 *   window's identity) and the time to that reset on the server's clock.
 *
 * @internal
 */
export type Learned =
  | { readonly _tag: "Nothing" }
  | { readonly _tag: "Headerless" }
  | {
    readonly _tag: "Window"
    readonly limit: number
    readonly remaining: number
    readonly serverReset: number
    readonly resetInMillis: number
  }

/**
 * Reads an observation. The wait is `X-RateLimit-Reset - Date`, both on the
 * server's clock, so a local clock that is off does not matter; only when
 * `Date` is missing is the local clock (`nowMillis`) used instead.
 *
 * @internal
 */
export const learn = (observation: Option.Option<Observation>, nowMillis: number): Learned => {
  if (Option.isNone(observation)) return { _tag: "Nothing" }
  const { headers, status } = observation.value
  if (status === 401) return { _tag: "Nothing" }
  const limit = wholeNumber(headers["x-ratelimit-limit"])
  const remaining = wholeNumber(headers["x-ratelimit-remaining"])
  const reset = wholeNumber(headers["x-ratelimit-reset"])
  if (limit === undefined || remaining === undefined || reset === undefined) {
    // a success without headers is a bucket the API does not meter; a
    // failure without them says nothing
    return status < 400 ? { _tag: "Headerless" } : { _tag: "Nothing" }
  }
  if (limit === 0) return { _tag: "Nothing" }
  const date = headers["date"] === undefined ? NaN : Date.parse(headers["date"])
  const serverNow = Number.isNaN(date) ? nowMillis : date
  return {
    _tag: "Window",
    limit,
    remaining: Math.min(remaining, limit),
    serverReset: reset,
    resetInMillis: Math.max(0, reset * 1000 - serverNow)
  }
}

// -----------------------------------------------------------------------------
// stores
// -----------------------------------------------------------------------------

/**
 * What `tryAcquire` answers: a permit, or how to wait for the next try.
 *
 * `earliestMillis` is a lower bound of the wait (0 when unknown), used to
 * fail at once when even that is beyond `maxWait`; `resetInMillis` is the
 * time to the known window's reset, if one is running; `wake` completes when
 * it is worth trying again.
 *
 * @internal
 */
export type Decision =
  | { readonly _tag: "Granted"; readonly metered: boolean }
  | {
    readonly _tag: "Wait"
    readonly earliestMillis: number
    readonly resetInMillis: Option.Option<number>
    readonly wake: Effect.Effect<void>
  }

/** A bucket's known window, with the reset as a duration from now. @internal */
export interface Known {
  readonly limit: number
  readonly remaining: number
  readonly resetInMillis: number
}

/**
 * A store of rate-limit state, keyed by `fingerprint:bucket`. Every
 * operation is atomic on its key. A ticket is both a place in the bucket's
 * FIFO queue and, once granted, the permit's id.
 *
 * @internal
 */
export interface StoreService {
  readonly enqueue: (key: string) => Effect.Effect<number>
  readonly tryAcquire: (key: string, ticket: number) => Effect.Effect<Decision>
  readonly release: (key: string, ticket: number, learned: Learned) => Effect.Effect<void>
  readonly leave: (key: string, ticket: number) => Effect.Effect<void>
  readonly state: (key: string) => Effect.Effect<Option.Option<Known>>
}

/*
 * The rules, shared by the memory store below and the Lua of the Redis store:
 *
 * - unknown (no answer with headers yet): one permit at a time, the probe;
 * - unmetered (answers came without headers): no limit here (the limiter
 *   paces these with @effect/experimental's RateLimiter);
 * - metered, window running: `remaining - permits out`, where `remaining` is
 *   the lowest the server reported in this window. Every call the server
 *   counted after the one that reported it is still out, so this never
 *   overshoots, and once all are back it is exact;
 * - metered, window over: `limit - permits out` (a fresh window opens with
 *   its first request).
 *
 * An answer with a window newer than the known one (a larger server reset)
 * replaces it; one of the same window lowers `remaining` and can only bring
 * the reset nearer (each answer's estimate of it is late by the truncation of
 * its `Date` header and its travel time, never early); an older one is
 * ignored.
 */
interface Cell {
  mode: "unknown" | "metered" | "unmetered"
  limit: number
  remaining: number
  serverReset: number
  resetAt: number
  nextTicket: number
  readonly queue: Array<number>
  readonly permits: Set<number>
  /** the waiters' wake-up calls; only the head is ever woken */
  readonly waiting: Map<number, Deferred.Deferred<void>>
}

const available = (cell: Cell, now: number): number => {
  switch (cell.mode) {
    case "unknown":
      return cell.permits.size === 0 ? 1 : 0
    case "unmetered":
      return Infinity
    case "metered":
      return (now < cell.resetAt ? cell.remaining : cell.limit) - cell.permits.size
  }
}

const applyLearned = (cell: Cell, learned: Learned, now: number): void => {
  switch (learned._tag) {
    case "Nothing":
      return
    case "Headerless":
      if (cell.mode === "unknown") cell.mode = "unmetered"
      return
    case "Window": {
      const resetAt = now + learned.resetInMillis
      if (cell.mode !== "metered" || learned.serverReset > cell.serverReset) {
        cell.mode = "metered"
        cell.limit = learned.limit
        cell.remaining = learned.remaining
        cell.serverReset = learned.serverReset
        cell.resetAt = resetAt
      } else if (learned.serverReset === cell.serverReset) {
        cell.limit = learned.limit
        cell.remaining = Math.min(cell.remaining, learned.remaining)
        // every estimate is at or after the true reset (the Date header is
        // truncated to the second, and the answer took time to arrive): the
        // earliest is the closest
        cell.resetAt = Math.min(cell.resetAt, resetAt)
      }
    }
  }
}

/**
 * A store in this process's memory. Waiters are woken by a signal (a
 * `Deferred` replaced on every change) or at the known reset, so nothing
 * polls.
 *
 * @internal
 */
export const makeMemoryStore = (): StoreService => {
  const cells = new Map<string, Cell>()
  const cell = (key: string): Cell => {
    let found = cells.get(key)
    if (found === undefined) {
      found = {
        mode: "unknown",
        limit: 0,
        remaining: 0,
        serverReset: 0,
        resetAt: 0,
        nextTicket: 0,
        queue: [],
        permits: new Set(),
        waiting: new Map()
      }
      cells.set(key, found)
    }
    return found
  }
  // Something changed: the head of the queue (only it can take the next
  // permit) tries again; when it gets one, the next head is woken in turn.
  const changed = (c: Cell): void => {
    const head = c.queue[0]
    const wake = head === undefined ? undefined : c.waiting.get(head)
    if (head !== undefined && wake !== undefined) {
      c.waiting.delete(head)
      Deferred.unsafeDone(wake, Effect.void)
    }
  }
  return {
    enqueue: (key) =>
      Effect.sync(() => {
        const c = cell(key)
        const ticket = c.nextTicket++
        c.queue.push(ticket)
        return ticket
      }),
    tryAcquire: (key, ticket) =>
      Effect.clockWith((clock) =>
        Effect.sync((): Decision => {
          const c = cell(key)
          const now = clock.unsafeCurrentTimeMillis()
          const position = c.queue.indexOf(ticket)
          if (position === -1) c.queue.unshift(ticket) // cannot happen: every ticket is enqueued first
          const free = available(c, now)
          if (position <= 0 && free > 0) {
            c.queue.shift()
            c.permits.add(ticket)
            changed(c)
            return { _tag: "Granted", metered: c.mode !== "unmetered" }
          }
          const running = c.mode === "metered" && now < c.resetAt
          const resetInMillis = running ? Option.some(c.resetAt - now) : Option.none()
          const wake = Deferred.unsafeMake<void>(FiberId.none)
          c.waiting.set(ticket, wake)
          return {
            _tag: "Wait",
            earliestMillis: running && position >= free ? c.resetAt - now : 0,
            resetInMillis,
            // the head also wakes at the reset; the others wait to be the head
            wake: position <= 0 && running
              ? Effect.race(Deferred.await(wake), Effect.sleep(Duration.millis(c.resetAt - now)))
              : Deferred.await(wake)
          }
        })
      ),
    release: (key, ticket, learned) =>
      Effect.clockWith((clock) =>
        Effect.sync(() => {
          const c = cell(key)
          c.permits.delete(ticket)
          applyLearned(c, learned, clock.unsafeCurrentTimeMillis())
          changed(c)
        })
      ),
    leave: (key, ticket) =>
      Effect.sync(() => {
        const c = cell(key)
        const position = c.queue.indexOf(ticket)
        if (position !== -1) c.queue.splice(position, 1)
        c.permits.delete(ticket)
        c.waiting.delete(ticket)
        changed(c)
      }),
    state: (key) =>
      Effect.clockWith((clock) =>
        Effect.sync(() => {
          const c = cells.get(key)
          const now = clock.unsafeCurrentTimeMillis()
          return c === undefined || c.mode !== "metered" || now >= c.resetAt
            ? Option.none()
            : Option.some({
              limit: c.limit,
              remaining: Math.max(0, c.remaining - c.permits.size),
              resetInMillis: c.resetAt - now
            })
        })
      )
  }
}

// -----------------------------------------------------------------------------
// the limiter
// -----------------------------------------------------------------------------

/** A bucket of one token. @internal */
export interface Key {
  readonly fingerprint: string
  readonly bucket: string
}

/** @internal */
export const keyString = (key: Key): string => `${key.fingerprint}:${key.bucket}`

/** Why a permit was not waited for. @internal */
export interface TooLong {
  readonly bucket: string
  readonly resetMillis: Option.Option<number>
  readonly maxWait: Duration.Duration
}

/** @internal */
export interface Options {
  /** Pace for buckets whose answers carry no headers. */
  readonly unmetered: { readonly limit: number; readonly window: Duration.DurationInput }
}

/** @internal */
export interface WithPermitOptions<A, E> {
  readonly maxWait: Duration.DurationInput
  readonly observe: (exit: Exit.Exit<A, E>) => Option.Option<Observation>
}

/** @internal */
export interface Limiter<TooLongError> {
  readonly withPermit: <A, E, R>(
    key: Key,
    options: WithPermitOptions<A, E>,
    send: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | TooLongError, R>
  readonly state: (
    key: Key
  ) => Effect.Effect<
    Option.Option<{ readonly limit: number; readonly remaining: number; readonly resetMillis: number }>
  >
}

/**
 * Says that a call waits for its rate limit, once a call, when the wait
 * starts (at Debug, at Info when it is over a second): how long, for which
 * bucket. A command line shows it as "rate limited, next call in 12 s".
 */
const logWait = (bucket: string, millis: number) =>
  (millis > 1000 ? Effect.logInfo : Effect.logDebug)("rate limit: waiting").pipe(
    Effect.annotateLogs({ "twitcasting.bucket": bucket, "twitcasting.waitMillis": Math.ceil(millis) })
  )

/**
 * The limiter over a store: take a ticket, wait for the permit in ticket
 * order, send, give the permit back with what the answer said.
 *
 * @internal
 */
export const makeLimiter = <TooLongError>(
  store: StoreService,
  rateLimiter: RateLimiter.RateLimiter,
  options: Options,
  tooLong: (reason: TooLong) => TooLongError
): Limiter<TooLongError> => {
  const waitTurn = (key: Key, id: string, ticket: number, maxWait: Duration.Duration) =>
    Effect.gen(function*() {
      const deadline = (yield* Clock.currentTimeMillis) + Duration.toMillis(maxWait)
      const fail = (resetInMillis: Option.Option<number>, now: number) =>
        Effect.fail(tooLong({ bucket: key.bucket, resetMillis: Option.map(resetInMillis, (ms) => now + ms), maxWait }))
      let told = false
      while (true) {
        const decision = yield* store.tryAcquire(id, ticket)
        const now = yield* Clock.currentTimeMillis
        if (decision._tag === "Granted") {
          if (decision.metered) return
          // No headers, no window to keep to: pace with a local fixed window.
          const { delay } = yield* Effect.orDie(rateLimiter.consume({
            key: `effect-twitcasting:${id}`,
            algorithm: "fixed-window",
            onExceeded: "delay",
            limit: options.unmetered.limit,
            window: options.unmetered.window
          }))
          if (now + Duration.toMillis(delay) > deadline) return yield* fail(Option.none(), now)
          if (Duration.greaterThan(delay, Duration.zero)) {
            yield* logWait(key.bucket, Duration.toMillis(delay))
            yield* Effect.sleep(delay)
          }
          return
        }
        if (now + decision.earliestMillis > deadline || now >= deadline) {
          return yield* fail(decision.resetInMillis, now)
        }
        if (!told && decision.earliestMillis > 0) {
          told = true
          yield* logWait(key.bucket, decision.earliestMillis)
        }
        yield* Effect.race(decision.wake, Effect.sleep(Duration.millis(deadline - now)))
      }
    })

  return {
    withPermit: (key, { maxWait, observe }, send) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const id = keyString(key)
          const ticket = yield* store.enqueue(id)
          const queued = yield* Clock.currentTimeMillis
          yield* restore(waitTurn(key, id, ticket, Duration.decode(maxWait))).pipe(
            Effect.onError(() => store.leave(id, ticket))
          )
          const waited = (yield* Clock.currentTimeMillis) - queued
          if (waited > 0) yield* Effect.annotateCurrentSpan("twitcasting.rate_limit.wait_ms", waited)
          const exit = yield* Effect.exit(restore(send))
          const now = yield* Clock.currentTimeMillis
          yield* store.release(id, ticket, learn(observe(exit), now))
          return yield* exit
        })
      ),
    state: (key) =>
      Effect.gen(function*() {
        const known = yield* store.state(keyString(key))
        const now = yield* Clock.currentTimeMillis
        return Option.map(known, ({ limit, remaining, resetInMillis }) => ({
          limit,
          remaining,
          resetMillis: now + resetInMillis
        }))
      })
  }
}
