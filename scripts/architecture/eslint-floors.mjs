/** ESLint rule `reclib/floors`: every import follows the floor plan of scripts/architecture/floors.mjs. */
import { floorViolation, placeOf, targetOf } from './floors.mjs';

const floors = {
  meta: { type: 'problem', docs: { description: 'Imports follow the floors of the house (issue 11)' }, schema: [] },
  create(context) {
    const root = context.cwd;
    const from = placeOf(context.filename, root);
    if (!from) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const target = targetOf(spec, context.filename, root);
      if (!target) return;
      const why = floorViolation(from, placeOf(target, root));
      if (why) context.report({ node, message: `${spec}: ${why}` });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};

export default { rules: { floors } };
