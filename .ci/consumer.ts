// A user's first program, written against the published packages only.
import { Comments, Errors, Movies, Users } from "@effect-twitcasting/sdk"
import { Simulator } from "@effect-twitcasting/simulator"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"

const program = Effect.gen(function*() {
  const { supporterCount, user } = yield* Users.getUserInfo({ screenId: "twitcasting_jp" })
  const { movie } = yield* Movies.getCurrentLive({ screenId: user.screenId })
  const posted = yield* Comments.postComment({ movieId: movie.id, comment: "hello from the packed packages" })
  const invalid = yield* Effect.flip(Comments.postComment({ movieId: movie.id, comment: "" }))
  if (!(invalid instanceof Errors.ValidationError)) throw new Error("expected a ValidationError")
  console.log(`${user.name}: ${supporterCount} supporters; posted ${posted.comment.id}; refused: ${invalid.message}`)
})

const TestApi = Simulator.userAuth("casma_jp").pipe(
  Layer.provideMerge(Layer.merge(Simulator.layer(), FetchHttpClient.layer))
)

Effect.runPromise(program.pipe(Effect.provide(TestApi))).then(
  () => console.log("consumer: ok"),
  (error) => {
    console.error("consumer: failed", error)
    process.exit(1)
  }
)
