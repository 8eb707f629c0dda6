/**
 * Completes the class signatures `@effect/docgen` writes with the fields of
 * the class: docgen prints a `Schema.Class` or `Schema.TaggedError` as a
 * bare `export declare class Comment`, because its fields are declared in
 * the `extends` clause. This reads each module's exported classes with the
 * TypeScript checker and rewrites their signature blocks in `docs/modules/`
 * as `export declare class Comment { readonly id: string; ... }`, with the
 * fields' own doc comments.
 *
 * Run by `pnpm run docs` after docgen, in a package's directory:
 * `tsx <path to>/fields.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import ts from "typescript"

const directory = resolve(process.cwd())
const source = join(directory, "src")
const docs = join(directory, "docs", "modules")

const configFile = ts.readConfigFile(join(directory, "tsconfig.build.json"), ts.sys.readFile)
const config = ts.parseJsonConfigFileContent(configFile.config, ts.sys, directory)
const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true })
const checker = program.getTypeChecker()

const ownSource = (declaration: ts.Declaration) =>
  !relative(source, declaration.getSourceFile().fileName).startsWith("..")

/** The fields of a class's instances that its module declares (not the base class's machinery), `_tag` first. */
const fields = (declaration: ts.ClassDeclaration): Array<string> => {
  const instance = checker.getTypeAtLocation(declaration)
  const position = (property: ts.Symbol) =>
    property.getName() === "_tag" ? -1 : (property.getDeclarations() ?? []).find(ownSource)?.getStart() ?? 0
  const properties = [...instance.getProperties()].sort((a, b) => position(a) - position(b))
  return properties.flatMap((property) => {
    const declarations = property.getDeclarations() ?? []
    const own = declarations.some(ownSource)
    if (!own && property.getName() !== "_tag") return []
    const type = checker.typeToString(
      checker.getTypeOfSymbolAtLocation(property, declaration),
      declaration,
      ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType
    ).replace(/import\("(?:[^"]*\/)?([^"/]+)"\)\./g, "$1.") // import(".../effect/dist/dts/DateTime").Utc: DateTime.Utc
    const optional = (property.getFlags() & ts.SymbolFlags.Optional) !== 0 ? "?" : ""
    const doc = ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s+/g, " ").trim()
    return [...(doc === "" ? [] : [`  /** ${doc} */`]), `  readonly ${property.getName()}${optional}: ${type}`]
  })
}

let rewritten = 0
for (const file of program.getSourceFiles()) {
  if (!ownSource(file) || file.fileName.includes("/internal/")) continue
  const page = join(docs, `${relative(source, file.fileName)}.md`)
  if (!existsSync(page)) continue
  let markdown = readFileSync(page, "utf8")
  for (const statement of file.statements) {
    if (!ts.isClassDeclaration(statement) || statement.name === undefined) continue
    if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue
    const lines = fields(statement)
    if (lines.length === 0) continue
    const name = statement.name.text
    const bare = "```ts\nexport declare class " + name + "\n```"
    const heading = markdown.indexOf(`## ${name} (class)\n`)
    const at = heading === -1 ? -1 : markdown.indexOf(bare, heading)
    if (at === -1) continue
    const complete = "```ts\nexport declare class " + name + " {\n" + lines.join("\n") + "\n}\n```"
    markdown = markdown.slice(0, at) + complete + markdown.slice(at + bare.length)
    rewritten++
  }
  writeFileSync(page, markdown)
}
console.log(`fields: ${rewritten} class signatures completed in ${relative(process.cwd(), docs) || "."}`)
