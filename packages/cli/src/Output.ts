/**
 * What the command prints, and how: one JSON object a line with `--json`,
 * aligned columns with colour on a terminal otherwise, times in the local
 * time zone, and a transient status line (progress, rate-limit waits) on
 * standard error.
 *
 * **Details**
 *
 * Results go through Effect's `Console` (`Console.log`), so a test can
 * record them by providing its own `Console`. The facts about the terminal
 * (colour, where the status line goes) are the {@link Output} service; the
 * time zone is `DateTime.CurrentTimeZone`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const program = Output.table(
 *   [{ name: "casma_jp", level: 12 }],
 *   [{ header: "user", cell: (row) => row.name }, { header: "level", cell: (row) => String(row.level), align: "right" }]
 * ).pipe(Effect.provide(Output.layerPlain))
 * ```
 *
 * @since 0.1.0
 */
import * as Movies from "@effect-twitcasting/sdk/Movies"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Root from "./Root.js"

/**
 * The terminal the command writes to.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const colourful = Effect.map(Output.Output, (output) => output.color)
 * ```
 *
 * @category services
 * @since 0.1.0
 */
export class Output extends Context.Tag("@effect-twitcasting/cli/Output")<Output, {
  /** Whether results may carry ANSI colours (standard output is a terminal, `NO_COLOR` unset). */
  readonly color: boolean
  /**
   * Shows `line` as the transient status line (replacing the previous one),
   * or clears it when `line` is empty. Synchronous, so a `Logger` can call it.
   */
  readonly status: (line: string) => void
}>() {}

/**
 * The real terminal: colour when standard output is a TTY and `NO_COLOR` is
 * not set; the status line on standard error when it is a TTY, and nowhere
 * otherwise (a pipe or a log file gets no progress noise).
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const live = Output.layer
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<Output> = Layer.effect(
  Output,
  Effect.gen(function*() {
    const noColor = yield* Config.string("NO_COLOR").pipe(Config.withDefault(""), Effect.orElseSucceed(() => ""))
    const color = process.stdout.isTTY === true && noColor === ""
    const tty = process.stderr.isTTY === true
    let shown = false
    return {
      color,
      status: (line: string) => {
        if (!tty || (line === "" && !shown)) return
        process.stderr.write(`\r\x1b[2K${line}`)
        shown = line !== ""
      }
    }
  })
)

/**
 * No colour and no status line: what a pipe gets.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const plain = Output.layerPlain
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layerPlain: Layer.Layer<Output> = Layer.succeed(Output, { color: false, status: () => {} })

/**
 * Shows (or, with `""`, clears) the status line.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const busy = Output.status("fetching page 2…")
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const status = (line: string): Effect.Effect<void, never, Output> =>
  Effect.flatMap(Output, (output) => Effect.sync(() => output.status(line)))

/**
 * The ANSI styles the command uses.
 *
 * @example
 * ```ts
 * import type { Output } from "@effect-twitcasting/cli"
 *
 * const live: Output.Style = "red"
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export type Style = "bold" | "dim" | "red" | "green" | "yellow" | "cyan"

const codes: Record<Style, readonly [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39]
}

/**
 * `text` in `style` when colour is on, as it is otherwise.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const title = Output.paint("LIVE", "red")
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const paint = (text: string, style: Style | undefined): Effect.Effect<string, never, Output> =>
  Effect.map(Output, (output) => paintWith(output.color, text, style))

const paintWith = (color: boolean, text: string, style: Style | undefined) => {
  if (!color || style === undefined || text === "") return text
  const [on, off] = codes[style]
  return `\x1b[${on}m${text}\x1b[${off}m`
}

/**
 * How wide `text` shows in a terminal: a full-width character (Japanese,
 * most emoji) takes two columns. The SDK's subtitle measure, which counts
 * the same way.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * Output.width("こんばんは") // 10
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const width = (text: string): number => Movies.subtitleWidth(text)

/** `text` on one line: line breaks and tabs shown as spaces. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, " ")

/**
 * A column of {@link table}: its header, how a row shows in it, and an
 * optional alignment and style.
 *
 * @example
 * ```ts
 * import type { Output } from "@effect-twitcasting/cli"
 *
 * const views: Output.Column<{ readonly views: number }> = { header: "views", cell: (row) => String(row.views), align: "right" }
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface Column<A> {
  readonly header: string
  readonly cell: (row: A) => string
  readonly align?: "left" | "right" | undefined
  readonly style?: ((row: A) => Style | undefined) | undefined
}

/**
 * The lines of a table: a header and one line a row, each column as wide
 * as its widest cell (in terminal columns), the last one not padded.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const lines = Output.tableLines([{ id: "1" }], [{ header: "id", cell: (row) => row.id }], false)
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const tableLines = <A>(
  rows: ReadonlyArray<A>,
  columns: ReadonlyArray<Column<A>>,
  color: boolean
): ReadonlyArray<string> => {
  const cells = rows.map((row) => columns.map((column) => oneLine(column.cell(row))))
  const widths = columns.map((column, i) => Math.max(width(column.header), ...cells.map((line) => width(line[i]!))))
  const pad = (text: string, i: number, style: Style | undefined) => {
    const last = i === columns.length - 1
    const room = " ".repeat(widths[i]! - width(text))
    const painted = paintWith(color, text, style)
    if (columns[i]!.align === "right") return room + painted
    return last ? painted : painted + room
  }
  const header = columns.map((column, i) => pad(column.header, i, "dim")).join("  ")
  const body = cells.map((line, r) =>
    line.map((text, i) => pad(text, i, columns[i]!.style?.(rows[r]!))).join("  ").trimEnd()
  )
  return [header.trimEnd(), ...body]
}

/**
 * Prints rows: with `--json`, each row encoded with `schema` (the API's
 * JSON for the SDK's models) on a line of its own; otherwise a table, or
 * `empty` when there is no row.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * import { Schema } from "effect"
 *
 * const printed = Output.rows([{ id: "1" }], [{ header: "id", cell: (row) => row.id }], {
 *   schema: Schema.Struct({ id: Schema.String }),
 *   empty: "no rows"
 * })
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const rows: <A, I>(
  items: ReadonlyArray<A>,
  columns: ReadonlyArray<Column<A>>,
  options: { readonly schema: Schema.Schema<A, I>; readonly empty: string }
) => Effect.Effect<void, never, Output | Root.Settings> = Effect.fn("Output.rows")(function*<A, I>(
  items: ReadonlyArray<A>,
  columns: ReadonlyArray<Column<A>>,
  options: { readonly schema: Schema.Schema<A, I>; readonly empty: string }
) {
  const { json } = yield* Root.settings
  yield* status("")
  if (json) return yield* Effect.forEach(items, (item) => printJson(options.schema, item), { discard: true })
  if (items.length === 0) return yield* Console.log(options.empty)
  const { color } = yield* Output
  yield* Effect.forEach(tableLines(items, columns, color), (line) => Console.log(line), { discard: true })
})

/**
 * Prints one thing: with `--json`, `value` encoded with `schema` on one
 * line; otherwise each `[label, value]` pair on a line, the labels aligned.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * import { Schema } from "effect"
 *
 * const printed = Output.record(Schema.Struct({ id: Schema.String }), { id: "1" }, [["id", "1"]])
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const record: <A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  fields: ReadonlyArray<readonly [label: string, value: string]>
) => Effect.Effect<void, never, Output | Root.Settings> = Effect.fn("Output.record")(function*<A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  fields: ReadonlyArray<readonly [label: string, value: string]>
) {
  yield* status("")
  if ((yield* Root.settings).json) return yield* printJson(schema, value)
  const { color } = yield* Output
  const labelWidth = Math.max(...fields.map(([label]) => width(label)))
  yield* Effect.forEach(
    fields,
    ([label, text]) =>
      Console.log(`${paintWith(color, label, "dim")}${" ".repeat(labelWidth - width(label) + 2)}${oneLine(text)}`),
    {
      discard: true
    }
  )
})

/**
 * Prints one line for a person, or `value` encoded with `schema` on one
 * line with `--json`: for confirmations and for the items of a followed
 * stream.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * import { Schema } from "effect"
 *
 * const done = Output.line(Schema.Struct({ removed: Schema.Boolean }), { removed: true }, "removed")
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const line: <A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  text: string
) => Effect.Effect<void, never, Output | Root.Settings> = Effect.fn("Output.line")(function*<A, I>(
  schema: Schema.Schema<A, I>,
  value: A,
  text: string
) {
  yield* status("")
  const { json } = yield* Root.settings
  yield* json ? printJson(schema, value) : Console.log(text)
})

/** A value as JSON on one line; our own decoded values always encode, so a failure is a defect. */
const printJson = <A, I>(schema: Schema.Schema<A, I>, value: A) =>
  Schema.encode(schema)(value).pipe(
    Effect.orDie,
    Effect.flatMap((encoded) => Console.log(JSON.stringify(encoded)))
  )

/**
 * How times show: a function from a time to `2026-12-02 21:04:05` in the
 * current time zone (`DateTime.CurrentTimeZone`, the machine's in the
 * command).
 *
 * @example
 * ```ts
 * import { DateTime, Effect } from "effect"
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const shown = Output.localTime.pipe(
 *   Effect.map((format) => format(DateTime.unsafeMake(0))),
 *   Effect.provide(DateTime.layerCurrentZoneOffset(9 * 3600_000))
 * )
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const localTime: Effect.Effect<(time: DateTime.DateTime) => string, never, DateTime.CurrentTimeZone> = Effect
  .map(DateTime.CurrentTimeZone, (zone) => (time) => {
    const parts = DateTime.toParts(DateTime.setZone(time, zone))
    const two = (n: number) => String(n).padStart(2, "0")
    const date = `${parts.year}-${two(parts.month)}-${two(parts.day)}`
    return `${date} ${two(parts.hours)}:${two(parts.minutes)}:${two(parts.seconds)}`
  })

/**
 * A line for the person at the terminal, on standard error (dimmed when
 * colour is on): what the command is doing, not data, so `--json` output on
 * standard output stays clean.
 *
 * @example
 * ```ts
 * import { Output } from "@effect-twitcasting/cli"
 *
 * const hint = Output.notice("following the comments (Ctrl-C to stop)")
 * ```
 *
 * @category printing
 * @since 0.1.0
 */
export const notice: (text: string) => Effect.Effect<void, never, Output> = Effect.fn("Output.notice")(
  function*(text: string) {
    yield* status("")
    yield* Console.error(yield* paint(text, "dim"))
  }
)
