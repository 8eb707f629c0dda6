/**
 * OAuth (authorization code): the URL to send a user to, the redirect they
 * come back with, the code exchanged for a token, and whose token it is.
 */
import { Auth, OAuth, Users } from "@effect-twitcasting/sdk"
import { Console, DateTime, Effect, type Redacted } from "effect"

export const oauth = <E, R>(options: {
  readonly baseUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly redirectUri: string
  /** What the user's browser does: open the URL, approve, land on the callback. */
  readonly approve: (url: string) => Effect.Effect<string, E, R>
}) =>
  Effect.gen(function*() {
    const { state, url } = yield* OAuth.authorizationUrl({ clientId: options.clientId, baseUrl: options.baseUrl })
    yield* Console.log(`send the user to ${url.replace(/state=[0-9a-f]+/, "state=…")}`)
    const redirect = yield* options.approve(url)
    const { code } = yield* OAuth.parseCodeRedirect(redirect, state)
    yield* Console.log("back on the callback with a code; the state matches")
    const token = yield* OAuth.exchangeCode({ ...options, code })
    yield* Console.log(`exchanged for a token valid until ${DateTime.formatIso(token.expiresAt).slice(0, 10)}`)
    const { app, user } = yield* Users.verifyCredentials().pipe(
      Effect.provide(Auth.layer({ credentials: Auth.userToken(token.token), baseUrl: options.baseUrl }))
    )
    yield* Console.log(`the token is @${user.screenId}'s, for the app "${app.name}"`)
  })
