/**
 * The import directions of the product (README, "Architecture"): the edge (`bot/`) may use
 * everything; nothing imports the edge; models, cards, the knowledge engine, the legal terms and
 * the kernel each stay below what uses them. `npm run lint` fails on any break.
 */
const product =
  '(bot|answers|live|dialogs|cards|models|legal-terms|kernel|knowledge|moderation|delivery|webchat|publication|reports)';
/** The capabilities: each a room of its own, below the edge and above models. */
const capabilities = '(answers|live|dialogs|moderation|delivery|webchat|publication|reports)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: break it with a plain type or a smaller module.',
      from: { path: `^${product}/` },
      to: { circular: true },
    },
    {
      name: 'nothing-imports-the-edge',
      severity: 'error',
      comment: 'bot/ is the HTTP edge: it wires the rest and nothing else depends on it.',
      from: { path: `^(${capabilities.slice(1, -1)}|cards|models|legal-terms|kernel|knowledge)/` },
      to: { path: '^bot/' },
    },
    {
      name: 'models-stay-below',
      severity: 'error',
      comment: 'models/ holds every query; it uses only the kernel and the legal terms.',
      from: { path: '^models/' },
      to: { path: `^(${capabilities.slice(1, -1)}|cards|knowledge)/` },
    },
    {
      name: 'cards-render-plain-data',
      severity: 'error',
      comment: 'Cards are built from plain data types, never from model documents or the edge.',
      from: { path: '^cards/' },
      to: { path: `^(bot|models|${capabilities.slice(1, -1)})/` },
    },
    {
      name: 'kernel-and-legal-terms-use-no-product-folder',
      severity: 'error',
      comment: 'The kernel and the legal terms are used by all and use none of the product.',
      from: { path: '^(kernel|legal-terms)/' },
      to: { path: `^(bot|${capabilities.slice(1, -1)}|cards|models|knowledge)/` },
    },
    {
      name: 'knowledge-engine-is-pure',
      severity: 'error',
      comment: 'The knowledge engine (retrieval, classifier, plain language) reads no database.',
      from: { path: '^knowledge/' },
      to: { path: `^(bot|models|${capabilities.slice(1, -1)}|cards)/` },
    },
    {
      name: 'only-models-query-the-database',
      severity: 'error',
      comment:
        'Every query lives in models/: elsewhere mongoose and the driver may lend their types only.',
      from: { path: `^${product}/`, pathNot: '^models/|\\.test\\.ts$' },
      to: { path: '(^|/)node_modules/(mongoose|mongodb)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules stays in the graph (not followed) so that rules can name a package.
    exclude: { path: '(^|/)(dist|\\.tools)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
