/**
 * An OBS browser-source overlay: the live's latest comments and gifts,
 * newest at the bottom, on a transparent page.
 *
 * Settings are in the page's URL: `#token=...` (a user access token; the
 * fragment never reaches a server), `?movie=` (the token user's current
 * live by default), `?api=` (the API's base URL, e.g. the simulator's),
 * `?max=` (items on screen, 6). With `?relay=<url>` the items come from a
 * relay (`relay.ts`) instead, and the page needs no token.
 *
 * @since 0.1.0
 */
import { Auth } from "@effect-twitcasting/sdk"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { direct, type Item, relayed } from "./feed.js"

const query = new URLSearchParams(location.search)
const fragment = new URLSearchParams(location.hash.replace(/^#/, ""))
const max = Math.max(1, Number(query.get("max") ?? 6) || 6)

/** A colour of its own for every user, from their screen id. */
const hue = (screenId: string) => Array.from(screenId).reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 360, 7)

const element = (tag: string, className: string, text?: string) => {
  const node = document.createElement(tag)
  node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

const card = (item: Item) => {
  const screenId = item._tag === "Comment" ? item.comment.fromUser.screenId : item.gift.userScreenId
  const name = item._tag === "Comment" ? item.comment.fromUser.name : item.gift.userName
  const node = element("li", item._tag === "Comment" ? "item comment" : "item gift")
  const avatar = element("span", "avatar", Array.from(name)[0] ?? "?")
  avatar.style.setProperty("--hue", String(hue(screenId)))
  const body = element("div", "body")
  body.append(element("span", "name", name))
  if (item._tag === "Gift") body.append(element("span", "what", `🎁 ${item.gift.itemName}`))
  const message = item._tag === "Comment" ? item.comment.message : item.gift.message
  if (message !== "") body.append(element("p", "message", message))
  node.append(avatar, body)
  return node
}

/** Adds the item at the bottom and lets the oldest go beyond `max`. */
const show = (item: Item) =>
  Effect.sync(() => {
    const list = document.getElementById("items") ?? document.body.appendChild(element("ol", "items"))
    list.id = "items"
    list.append(card(item))
    while (list.children.length > max) list.firstElementChild?.remove()
  })

const relay = query.get("relay")
const token = fragment.get("token")

const items: Stream.Stream<Item, unknown> = relay !== null
  ? relayed(relay)
  : direct({ movieId: query.get("movie") ?? undefined }).pipe(
    Stream.provideLayer(Layer.merge(
      Auth.layer({ credentials: Auth.userToken(Redacted.make(token ?? "")), baseUrl: query.get("api") ?? undefined }),
      FetchHttpClient.layer
    ))
  )

// a failed poll (the network, the API) waits and starts over: an overlay runs for hours
items.pipe(
  Stream.tapErrorCause((cause) => Effect.logWarning("the feed stopped; starting again", cause)),
  Stream.retry(Schedule.spaced("5 seconds")),
  Stream.runForEach(show),
  Effect.runFork
)
