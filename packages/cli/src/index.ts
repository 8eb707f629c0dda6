/**
 * The `twitcasting` command, built from the SDK with `@effect/cli`.
 *
 * @since 0.1.0
 */

/**
 * Opening URLs in the user's browser, for `login`.
 *
 * @since 0.1.0
 */
export * as Browser from "./Browser.js"

/**
 * The command tree, a run's exit code, the real environment.
 *
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"

/**
 * The one place where credentials are assembled.
 *
 * @since 0.1.0
 */
export * as Credentials from "./Credentials.js"

/**
 * A failure as one line and an exit code.
 *
 * @since 0.1.0
 */
export * as Failure from "./Failure.js"

/**
 * The rate-limit status line, from the SDK's logs.
 *
 * @since 0.1.0
 */
export * as Notice from "./Notice.js"

/**
 * Printing: JSON lines, aligned columns, colour, local times, the status line.
 *
 * @since 0.1.0
 */
export * as Output from "./Output.js"

/**
 * The command without its subcommands, and the global options.
 *
 * @since 0.1.0
 */
export * as Root from "./Root.js"

/**
 * The stored login.
 *
 * @since 0.1.0
 */
export * as Store from "./Store.js"

/**
 * A scripted tour of the command, for `pnpm cli:demo` and `pnpm demo`.
 *
 * @since 0.1.0
 */
export * as Tour from "./Tour.js"
