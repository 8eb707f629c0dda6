/**
 * A hand-written SVG of latency distributions: per panel, the histograms of
 * two series on a logarithmic time axis, and their box plots (whiskers p1 to
 * p99, box p25 to p75, a line at the median).
 */
import { quantile } from "./stats.js"

export interface Series {
  readonly label: string
  readonly color: string
  readonly samples: ReadonlyArray<number>
}

export interface Panel {
  readonly title: string
  readonly series: ReadonlyArray<Series>
}

const width = 960
const margin = { left: 130, right: 30, top: 62, bottom: 20 }
const histogramHeight = 150
const boxHeight = 16
const bins = 70

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

const niceTicks = (low: number, high: number): Array<number> => {
  const ticks: Array<number> = []
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const mantissa of [1, 2, 5]) {
      const value = mantissa * 10 ** exponent
      if (value >= low && value <= high) ticks.push(value)
    }
  }
  return ticks
}

const label = (value: number) => value >= 1 ? String(Number(value.toPrecision(3))) : value.toPrecision(1)

const panel = (data: Panel, top: number): string => {
  const sorted = data.series.map((series) => Float64Array.from(series.samples).sort())
  const all = sorted.flatMap((samples) => [quantile(Array.from(samples), 0.001), quantile(Array.from(samples), 0.995)])
  const low = Math.max(1e-3, Math.min(...all)) * 0.9
  const high = Math.max(...all) * 1.1
  const plotWidth = width - margin.left - margin.right
  const x = (value: number) =>
    margin.left + plotWidth * (Math.log(Math.min(high, Math.max(low, value)) / low) / Math.log(high / low))
  const parts: Array<string> = []
  const histogramTop = top + margin.top
  const histogramBottom = histogramTop + histogramHeight
  parts.push(
    `<text x="${margin.left}" y="${top + 28}" font-size="16" font-weight="bold">${escape(data.title)}</text>`
  )

  // histograms: share of samples per logarithmic bin (the few beyond the axis are left out)
  const counts = sorted.map((samples) => {
    const bucket = new Array<number>(bins).fill(0)
    for (const sample of samples) {
      if (sample < low || sample > high) continue
      const at = Math.floor(bins * Math.log(sample / low) / Math.log(high / low))
      bucket[Math.min(bins - 1, Math.max(0, at))]! += 1 / samples.length
    }
    return bucket
  })
  const peak = Math.max(...counts.flat())
  const binWidth = plotWidth / bins
  counts.forEach((bucket, s) => {
    const series = data.series[s]!
    let path = `M ${margin.left} ${histogramBottom}`
    bucket.forEach((share, b) => {
      const y = histogramBottom - histogramHeight * share / peak
      path += ` L ${(margin.left + b * binWidth).toFixed(1)} ${y.toFixed(1)} L ${
        (margin.left + (b + 1) * binWidth).toFixed(1)
      } ${y.toFixed(1)}`
    })
    path += ` L ${margin.left + plotWidth} ${histogramBottom} Z`
    parts.push(
      `<path d="${path}" fill="${series.color}" fill-opacity="0.25" stroke="${series.color}" stroke-width="1.5"/>`
    )
  })
  parts.push(
    `<line x1="${margin.left}" y1="${histogramBottom}" x2="${
      margin.left + plotWidth
    }" y2="${histogramBottom}" stroke="#333"/>`,
    `<text x="${margin.left - 8}" y="${histogramTop + 10}" font-size="11" text-anchor="end">share</text>`
  )

  // box plots
  sorted.forEach((samples, s) => {
    const series = data.series[s]!
    const list = Array.from(samples)
    const y = histogramBottom + 22 + s * (boxHeight + 12)
    const mid = y + boxHeight / 2
    const [p1, p25, p50, p75, p99] = [0.01, 0.25, 0.5, 0.75, 0.99].map((q) => x(quantile(list, q))) as [
      number,
      number,
      number,
      number,
      number
    ]
    parts.push(
      `<text x="${margin.left - 8}" y="${mid + 4}" font-size="11" text-anchor="end">${escape(series.label)}</text>`,
      `<line x1="${p1}" y1="${mid}" x2="${p99}" y2="${mid}" stroke="${series.color}"/>`,
      `<line x1="${p1}" y1="${y + 3}" x2="${p1}" y2="${y + boxHeight - 3}" stroke="${series.color}"/>`,
      `<line x1="${p99}" y1="${y + 3}" x2="${p99}" y2="${y + boxHeight - 3}" stroke="${series.color}"/>`,
      `<rect x="${p25}" y="${y}" width="${Math.max(1, p75 - p25)}" height="${boxHeight}" fill="${series.color}" ` +
        `fill-opacity="0.35" stroke="${series.color}"/>`,
      `<line x1="${p50}" y1="${y}" x2="${p50}" y2="${y + boxHeight}" stroke="#000" stroke-width="2"/>`
    )
  })

  // axis
  const axisY = histogramBottom + 22 + data.series.length * (boxHeight + 12) + 4
  parts.push(
    `<line x1="${margin.left}" y1="${axisY}" x2="${margin.left + plotWidth}" y2="${axisY}" stroke="#333"/>`
  )
  for (const tick of niceTicks(low, high)) {
    parts.push(
      `<line x1="${x(tick)}" y1="${histogramTop}" x2="${x(tick)}" y2="${axisY}" stroke="#ccc" stroke-dasharray="2,3"/>`,
      `<text x="${x(tick)}" y="${axisY + 15}" font-size="11" text-anchor="middle">${label(tick)}</text>`
    )
  }
  parts.push(
    `<text x="${margin.left + plotWidth}" y="${axisY + 30}" font-size="11" text-anchor="end">` +
      `latency per call, ms (log scale)</text>`
  )

  // legend
  data.series.forEach((series, s) => {
    const lx = margin.left + plotWidth - data.series.length * 135 + s * 135
    parts.push(
      `<rect x="${lx}" y="${top + 38}" width="12" height="12" fill="${series.color}" fill-opacity="0.5" ` +
        `stroke="${series.color}"/>`,
      `<text x="${lx + 18}" y="${top + 48}" font-size="12">${escape(series.label)}</text>`
    )
  })
  return parts.join("\n")
}

/** The height of a panel: title, histogram, one box plot per series, axis. */
const panelHeight = (data: Panel) => margin.top + histogramHeight + 22 + data.series.length * (boxHeight + 12) + 55

/** The whole SVG document. */
export const render = (title: string, panels: ReadonlyArray<Panel>, note: string): string => {
  const tops = panels.map((_, i) => 30 + panels.slice(0, i).reduce((sum, data) => sum + panelHeight(data), 0))
  const height = 30 + panels.reduce((sum, data) => sum + panelHeight(data), 0) + 30
  const body = panels.map((data, i) => panel(data, tops[i]!)).join("\n")
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="24" font-size="17" text-anchor="middle" font-weight="bold">${escape(title)}</text>`,
    body,
    `<text x="${margin.left}" y="${height - 12}" font-size="11" fill="#555">${escape(note)}</text>`,
    `</svg>`,
    ""
  ].join("\n")
}
