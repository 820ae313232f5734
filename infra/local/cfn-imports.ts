/**
 * Fn::ImportValue: an export of any of the templates, by name, resolved in the stack that exports it (its
 * references are that stack's, not the importer's). The export index is built on the first import, so a
 * resolver that imports nothing never resolves the export names.
 */
import { at, fail, type Loc, stringOf, type Templates, type Walk } from './cfn-values.js';

/** The value of export `name`, as the output that exports it resolves. */
export type ImportValue = (loc: Loc, path: string, name: string) => unknown;

/** Fn::ImportValue across `templates`; `walk` resolves export names and output values. */
export const createImports = (templates: Templates, walk: Walk): ImportValue => {
  /** Every export of every template by name: where its output is. */
  let exportIndex: Map<string, { stackName: string; outputId: string }> | undefined;
  const exportsByName = () => {
    if (exportIndex) return exportIndex;
    const index = new Map<string, { stackName: string; outputId: string }>();
    for (const [stackName, t] of Object.entries(templates)) {
      for (const [outputId, output] of Object.entries(t.Outputs ?? {})) {
        if (output.Export === undefined) continue;
        const loc = { stackName, logicalId: `Outputs.${outputId}` };
        const name = stringOf(loc, 'Export.Name', walk(loc, output.Export.Name, 'Export.Name'));
        const clash = index.get(name);
        if (clash) fail(loc, 'Export.Name', `export ${name} is also exported by ${clash.stackName}`);
        index.set(name, { stackName, outputId });
      }
    }
    exportIndex = index;
    return index;
  };

  return (loc, path, name) => {
    const found =
      exportsByName().get(name) ?? fail(loc, path, `Fn::ImportValue ${name}: no stack exports it`);
    const output = templates[found.stackName]?.Outputs?.[found.outputId];
    const outLoc = { stackName: found.stackName, logicalId: `Outputs.${found.outputId}` };
    return at(loc, path, `Fn::ImportValue ${name}`, () => walk(outLoc, output?.Value, 'Value'));
  };
};
