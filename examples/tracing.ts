/**
 * See what the SDK does: its spans exported through OpenTelemetry
 * (`@effect/opentelemetry`), and its log lines (retries, rate-limit waits,
 * refused webhooks) at Debug.
 *
 * A real program would export to a collector instead, e.g. with
 * `new BatchSpanProcessor(new OTLPTraceExporter())` from
 * `@opentelemetry/exporter-trace-otlp-http`; here the spans are kept in
 * memory and printed.
 */
import { Movies, Users } from "@effect-twitcasting/sdk"
import { NodeSdk } from "@effect/opentelemetry"
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Console, Effect, Logger, LogLevel } from "effect"

export const tracing = (screenId: string) =>
  Effect.gen(function*() {
    const exporter = new InMemorySpanExporter()
    const telemetry = NodeSdk.layer(() => ({
      resource: { serviceName: "effect-twitcasting-demo" },
      spanProcessor: new SimpleSpanProcessor(exporter)
    }))
    const lookup = Effect.gen(function*() {
      const { user } = yield* Users.getUserInfo({ screenId })
      yield* Movies.getCurrentLive({ screenId: user.screenId }).pipe(
        Effect.catchTag("NotFoundError", (error) => Console.log(error.message))
      )
    }).pipe(Effect.withSpan("demo.lookup"))
    const spans = yield* lookup.pipe(
      // read before the layer closes: shutting the SDK down empties the exporter
      Effect.zipRight(Effect.sync(() => exporter.getFinishedSpans().slice())),
      Effect.provide(telemetry),
      // the SDK's own log lines, if any, at every level from Debug
      Logger.withMinimumLogLevel(LogLevel.Debug)
    )
    const started = Math.min(...spans.map((span) => millis(span.startTime)))
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]))
    const depth = (span: ReadableSpan): number => {
      const parent = span.parentSpanContext === undefined ? undefined : byId.get(span.parentSpanContext.spanId)
      return parent === undefined ? 0 : depth(parent) + 1
    }
    for (const span of spans.sort((a, b) => millis(a.startTime) - millis(b.startTime))) {
      const status = span.attributes["http.response.status_code"]
      yield* Console.log(
        `  +${(millis(span.startTime) - started).toFixed(1).padStart(6)} ms ${
          millis(span.duration).toFixed(1).padStart(6)
        } ms  ` +
          `${"  ".repeat(depth(span))}${span.name}${status === undefined ? "" : ` → HTTP ${status}`}`
      )
    }
  })

const millis = ([seconds, nanos]: readonly [number, number]) => seconds * 1e3 + nanos / 1e6
