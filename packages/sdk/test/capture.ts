/**
 * A tracer that keeps every span it makes, and a tracer and logger that
 * keep everything they are given, to search what a program logged and
 * traced.
 */
import { Cause, Exit, Layer, Logger, Option, Tracer } from "effect"
import { inspect } from "node:util"

/** A span as the tracer was given it, kept after it ended. */
export interface RecordedSpan {
  readonly name: string
  readonly spanId: string
  readonly parent: Option.Option<Tracer.AnySpan>
  readonly kind: Tracer.SpanKind
  /** The attributes as they stand. */
  readonly attributes: Map<string, unknown>
  /** Every attribute given, at the start and later, overwritten ones included. */
  readonly given: Array<readonly [string, unknown]>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  readonly links: Array<Tracer.SpanLink>
  /** How it ended; `None` while it runs. */
  exit: Option.Option<Exit.Exit<unknown, unknown>>
}

/** A tracer keeping every span it makes, in the order they started. */
export const recorder = () => {
  const spans: Array<RecordedSpan> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const given = Object.entries(options?.attributes ?? {})
      const recorded: RecordedSpan = {
        name,
        spanId: `span-${spans.length + 1}`,
        parent,
        kind,
        attributes: new Map(given),
        given: [...given],
        events: [],
        links: [...links],
        exit: Option.none()
      }
      spans.push(recorded)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: recorded.spanId,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: recorded.attributes,
        links,
        sampled: true,
        kind,
        end: (_, exit) => {
          recorded.exit = Option.some(exit)
        },
        attribute: (key, value) => {
          recorded.attributes.set(key, value)
          recorded.given.push([key, value])
        },
        event: (event, _, attributes) => {
          recorded.events.push({ name: event, attributes })
        },
        addLinks: (added) => {
          recorded.links.push(...added)
        }
      }
      return span
    },
    context: (f) => f()
  })
  return { spans, tracer }
}

/** A span on one line: its name, attributes and how it ended (a failure's cause in full, a success by tag: inspecting an HTTP response would read its body), then its events. */
const spanText = (span: RecordedSpan): Array<string> => [
  `span ${span.name} ${JSON.stringify(Object.fromEntries(span.attributes))} ${
    Option.match(span.exit, {
      onNone: () => "running",
      onSome: (exit) =>
        Exit.isFailure(exit) ? `${inspect(exit.cause, { depth: 10 })}\n${Cause.pretty(exit.cause)}` : exit._tag
    })
  }`,
  ...span.events.map((event) => `event ${span.name} ${event.name} ${JSON.stringify(event.attributes)}`)
]

export const capture = () => {
  const { spans, tracer } = recorder()
  const logs: Array<string> = []
  const logger = Logger.make((options) => {
    logs.push(Logger.logfmtLogger.log(options))
    logs.push(Logger.stringLogger.log(options))
  })
  const layer = Layer.merge(Layer.setTracer(tracer), Logger.replace(Logger.defaultLogger, logger))
  const records = () => [...logs, ...spans.flatMap(spanText)]
  return { layer, records, everything: () => records().join("\n") }
}
