// A TypeDoc plugin: a call declared as `const getUserInfo: Call<Of<typeof group, "getUserInfo">>`
// is documented with the function type that annotation resolves to (the decoded input and
// result), as an editor's hover shows it, instead of the annotation as written.
import { Converter, ReflectionKind } from "typedoc"
import ts from "typescript"

/** @param {import("typedoc").Application} app */
export const load = (app) => {
  const calls = []
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Variable)) return
    const symbol = context.getSymbolFromReflection(reflection)
    const declaration = symbol?.valueDeclaration
    if (
      declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.type !== undefined &&
      ts.isTypeReferenceNode(declaration.type) && declaration.type.typeName.getText() === "Call"
    ) calls.push({ context, reflection, symbol, declaration })
  })
  // after the variable's own conversion, which sets its type from the annotation
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, () => {
    for (const { context, declaration, reflection, symbol } of calls.splice(0)) {
      const type = context.checker.getTypeOfSymbolAtLocation(symbol, declaration)
      reflection.type = context.converter.convertType(context.withScope(reflection), type)
    }
  })
}
