/**
 * A tracer and a logger that keep everything they are given, to search
 * what a program logged and traced.
 */
import { Cause, Exit, Layer, Logger, Tracer } from "effect"
import { inspect } from "node:util"

export const capture = () => {
  const records: Array<string> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const attributes = new Map<string, unknown>()
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: `span-${records.length}`,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes,
        links,
        sampled: true,
        kind,
        // a failure's cause in full; a success only by tag (inspecting an HTTP response would read its body)
        end: (_, exit) =>
          records.push(
            `span ${name} ${JSON.stringify(Object.fromEntries(attributes))} ${
              Exit.isFailure(exit) ? `${inspect(exit.cause, { depth: 10 })}\n${Cause.pretty(exit.cause)}` : exit._tag
            }`
          ),
        attribute: (key, value) => attributes.set(key, value),
        event: (event, _, eventAttributes) => records.push(`event ${name} ${event} ${JSON.stringify(eventAttributes)}`),
        addLinks: () => undefined
      }
      return span
    },
    context: (f) => f()
  })
  const logger = Logger.make((options) => {
    records.push(Logger.logfmtLogger.log(options))
    records.push(Logger.stringLogger.log(options))
  })
  const layer = Layer.merge(Layer.setTracer(tracer), Logger.replace(Logger.defaultLogger, logger))
  return { layer, records, everything: () => records.join("\n") }
}
