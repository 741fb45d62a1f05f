// Local ESLint rules that keep the server's module boundaries (docs/architecture.md, "Module boundaries").
//
// module-boundaries: a file may reach another server module only through its index
//   (server/src/modules/<m>/index.ts); a module's tables.ts may import another's tables.ts (foreign
//   keys), and its schema.ts another's schema.ts (an answer that embeds another module's shape; the
//   console derives its types from these files, which must not pull in server code). The aggregate schema (server/src/db/schema.ts) is for the database layer (db/), the
//   migration tooling, the seed, tests and benchmarks; a module reads its own ./tables.js.
// no-foreign-table-writes: a module never inserts into, updates or deletes from a table it got from
//   another module's index; it calls that module's function instead.
// territory-through-scope: territory is filtered only through server/src/scope/ (inScope, under,
//   notUnder and the per-kind rules); an ltree containment operator (`<@`, `@>`) written in a SQL
//   template anywhere else in the server is a hand-made copy of a scope rule. Geometric containment
//   (`<@ box(`) is not territory.
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const MODULES = path.join(root, 'server/src/modules') + path.sep;
const SCHEMA = path.join(root, 'server/src/db/schema.js');
const SCHEMA_TS = path.join(root, 'server/src/db/schema.ts');
// server/src/scope/ is the one scoped data access: it reads every module's rows by their scope rule.
const SCHEMA_ALLOWED = ['server/src/db/', 'server/src/scope/', 'server/src/seed/', 'server/test/', 'bench/', 'e2e/', 'server/drizzle.config.ts', 'scripts/'];

/** Tests, factories and benchmarks build data and inspect internals; they may import anything. */
export function isExempt(file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return /\.test\.ts$/.test(rel) || /(^|\/)test-factories\.ts$/.test(rel) || /^(server\/test|bench|e2e)\//.test(rel);
}

/** 'server/src/modules/cases/repo.ts' → { module: 'cases', file: 'repo' } (extension dropped). */
function moduleOf(file) {
  if (!file.startsWith(MODULES)) return null;
  const [module, ...rest] = file.slice(MODULES.length).split(path.sep);
  return { module, file: rest.join('/').replace(/\.(js|ts)$/, '') };
}

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'server modules are reached only through their index; the aggregate schema only by db/, seed, tests' },
    schema: [],
    messages: {
      internal: "'{{source}}' is an internal file of the {{module}} module: import '{{module}}/index.js' and export what you need there.",
      schema: "Only db/, scope/, the seed, tests and benchmarks import the aggregate schema; a module reads its own './tables.js' and other modules' rows through their index.",
    },
  },
  create(context) {
    const file = context.filename;
    const rel = path.relative(root, file).split(path.sep).join('/');
    const me = moduleOf(file);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      if (target === SCHEMA) {
        if (!SCHEMA_ALLOWED.some((p) => rel.startsWith(p)) && !isExempt(file)) context.report({ node: node.source, messageId: 'schema' });
        return;
      }
      const them = moduleOf(target);
      if (!them || them.module === me?.module || them.file === 'index' || isExempt(file)) return;
      // Foreign keys between tables, and the aggregate that collects every module's tables.
      if (them.file === 'tables' && ((me && me.file === 'tables') || file === SCHEMA_TS)) return;
      // An answer that embeds another module's shape (the grid card is a territory node and more).
      if (them.file === 'schema' && me?.file === 'schema') return;
      context.report({ node: node.source, messageId: 'internal', data: { source, module: them.module } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const noForeignTableWrites = {
  meta: {
    type: 'problem',
    docs: { description: "a module does not write another module's tables" },
    schema: [],
    messages: {
      write: "'{{name}}' belongs to the {{module}} module: call a function of '{{module}}/index.js' instead of {{verb}} it here.",
    },
  },
  create(context) {
    const file = context.filename;
    const me = moduleOf(file);
    if (!me || isExempt(file)) return {};
    const foreign = new Map(); // local name → owning module
    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        if (typeof source !== 'string' || !source.startsWith('.')) return;
        const them = moduleOf(path.resolve(path.dirname(file), source));
        if (!them || them.module === me.module) return;
        for (const s of node.specifiers) if (s.type === 'ImportSpecifier') foreign.set(s.local.name, them.module);
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const verb = { insert: 'inserting into', update: 'updating', delete: 'deleting from' }[callee.property.name];
        const arg = node.arguments[0];
        if (!verb || arg?.type !== 'Identifier' || !foreign.has(arg.name)) return;
        context.report({ node: arg, messageId: 'write', data: { name: arg.name, module: foreign.get(arg.name), verb } });
      },
    };
  },
};

// db/ builds CHECK constraints with array containment; scope/ is where territory turns into SQL.
const TERRITORY_ALLOWED = ['server/src/scope/', 'server/src/db/'];

const territoryThroughScope = {
  meta: {
    type: 'problem',
    docs: { description: 'territory filters go through server/src/scope/ (inScope, under, notUnder)' },
    schema: [],
    messages: {
      ltree: 'A territory filter written by hand: use inScope(actor, path) for scope, under(path, root) / notUnder(path, root) for a subtree, from scope/index.js.',
    },
  },
  create(context) {
    const file = context.filename;
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (!rel.startsWith('server/src/') || TERRITORY_ALLOWED.some((p) => rel.startsWith(p)) || isExempt(file)) return {};
    return {
      TemplateElement(node) {
        if (/(<@|@>)(?!\s*box\()/.test(node.value.raw)) context.report({ node, messageId: 'ltree' });
      },
    };
  },
};

export default {
  rules: { 'module-boundaries': moduleBoundaries, 'no-foreign-table-writes': noForeignTableWrites, 'territory-through-scope': territoryThroughScope },
};
