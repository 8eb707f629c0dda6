/**
 * The browser test page: the SDK in a page with `FetchHttpClient`, signed in
 * through the implicit OAuth grant, reading the live's new comments with
 * `Comments.tail`, from another origin than the API's (CORS).
 *
 * Opened as `index.html?api=<simulator>&client=<client id>`, it sends the
 * browser to the authorization URL; the simulator redirects back to
 * `callback.html#access_token=...`, where the page reads the token with
 * `OAuth.parseTokenRedirect`. It reports through `<body data-step>`
 * (`tailing`, `done` or `failed`) and `<pre id="result">` (JSON).
 *
 * @since 0.1.0
 */
import { Auth, Comments, Movies, OAuth, Users } from "@effect-twitcasting/sdk"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

const report = (step: string, result: object) =>
  Effect.sync(() => {
    const pre = document.getElementById("result") ?? document.body.appendChild(document.createElement("pre"))
    pre.id = "result"
    pre.textContent = JSON.stringify(result)
    document.body.dataset["step"] = step
  })

/** Before the grant: where to go, keeping the state and the settings for the way back. */
const signIn = Effect.gen(function*() {
  const query = new URLSearchParams(location.search)
  const api = query.get("api") ?? ""
  const { state, url } = yield* OAuth.authorizationUrl({
    clientId: query.get("client") ?? "",
    responseType: "token",
    baseUrl: api
  })
  sessionStorage.setItem("api", api)
  sessionStorage.setItem("state", Redacted.value(state))
  location.assign(url)
})

/** After the grant: the token from the fragment, then calls and the comment tail. */
const signedIn = Effect.gen(function*() {
  const api = sessionStorage.getItem("api") ?? ""
  const token = yield* OAuth.parseTokenRedirect(location.href, Redacted.make(sessionStorage.getItem("state") ?? ""))
  // the token leaves the address bar and the stored state is spent
  history.replaceState(null, "", location.pathname)
  sessionStorage.removeItem("state")
  return yield* Effect.gen(function*() {
    const { user } = yield* Users.verifyCredentials()
    const { movie } = yield* Movies.getCurrentLive({ screenId: user.screenId })
    yield* report("tailing", { user: user.screenId, movie: movie.id })
    const comment = yield* Stream.runHead(Comments.tail({ movieId: movie.id, minInterval: "200 millis" }))
    yield* report("done", {
      user: user.screenId,
      movie: movie.id,
      comment: Option.getOrNull(Option.map(comment, ({ fromUser, message }) => ({ from: fromUser.screenId, message })))
    })
  }).pipe(Effect.provide(Auth.layer({ credentials: Auth.userToken(token.token), baseUrl: api })))
})

const page = location.hash === "" ? signIn : signedIn

page.pipe(
  Effect.catchAll((error) => report("failed", { error: error._tag, message: error.message })),
  Effect.provide(FetchHttpClient.layer),
  Effect.runFork
)
