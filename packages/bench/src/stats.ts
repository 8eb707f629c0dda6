/**
 * Order statistics of latency samples, and plain-text tables that read the
 * same in a terminal and in Markdown.
 */

/** A summary of samples (milliseconds unless said otherwise). */
export interface Summary {
  readonly count: number
  readonly min: number
  readonly p1: number
  readonly p25: number
  readonly median: number
  readonly p75: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

/** The nearest-rank quantile `q` (0–1) of ascending `sorted` samples. */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}

export const summarize = (samples: ReadonlyArray<number>): Summary => {
  const sorted = Float64Array.from(samples).sort()
  const list = Array.from(sorted)
  let total = 0
  for (const sample of list) total += sample
  return {
    count: list.length,
    min: list[0] ?? Number.NaN,
    p1: quantile(list, 0.01),
    p25: quantile(list, 0.25),
    median: quantile(list, 0.5),
    p75: quantile(list, 0.75),
    p99: quantile(list, 0.99),
    max: list[list.length - 1] ?? Number.NaN,
    mean: total / list.length
  }
}

export const medianOf = (samples: ReadonlyArray<number>): number => summarize(samples).median

/** A number with `digits` decimals. */
export const fixed = (value: number, digits = 3): string => Number.isFinite(value) ? value.toFixed(digits) : "n/a"

/** `ms` milliseconds, in ms with 3 decimals. */
export const ms = (value: number): string => `${fixed(value, 3)} ms`

/** A pipe table: the first row is the header. Columns after the first are right-aligned. */
export const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths: Array<number> = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 3, [...cell].length)
    })
  }
  const pad = (cell: string, i: number) => {
    const gap = " ".repeat(Math.max(0, widths[i]! - [...cell].length))
    return i === 0 ? cell + gap : gap + cell
  }
  const line = (row: ReadonlyArray<string>) => `| ${row.map(pad).join(" | ")} |`
  const [header, ...body] = rows
  if (header === undefined) return ""
  const rule = `|${
    widths.map((width, i) => i === 0 ? ` ${"-".repeat(width)} ` : ` ${"-".repeat(width - 1)}: `).join("|")
  }|`
  return [line(header), rule, ...body.map(line)].join("\n")
}
