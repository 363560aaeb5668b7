import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Spread arguments whose length the code fixes: an array literal, or a choice between two. */
const BOUNDED_SPREAD = [
  ":not([argument.type='ArrayExpression'])",
  ":not([argument.type='ConditionalExpression'][argument.consequent.type='ArrayExpression'][argument.alternate.type='ArrayExpression'])",
].join('');

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'audit-output/', 'test-artifacts/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The emulator and tests handle untyped wire JSON and the Kusto parser's untyped tree on purpose.
    files: ['emulator/**', 'test/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Microsoft's Kusto parser is Bridge.NET output with no type declarations; the emulator and the
    // tests handle Azure's wire JSON, whose shape is the fixture's business.
    files: ['emulator/**', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Never spread an array into a call (`push(...rows)`, `Math.max(...xs)`): every element becomes
    // an argument on the stack, and past about 125k elements V8 throws RangeError (#15: a
    // Resource Graph page set of 200k rows once dropped every resource). Loop, reduce or concat
    // instead. Allowed: an array literal, or a choice between two (`...(c ? [x] : [])`), whose
    // length the code itself fixes.
    files: ['src/**', 'functions/**', 'emulator/**', 'scripts/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `:matches(CallExpression, NewExpression) > SpreadElement${BOUNDED_SPREAD}`,
          message:
            'No spread arguments: an array of unbounded length overflows the call stack (#15). Loop, reduce or concat instead.',
        },
      ],
    },
  },
  ...layers(),
);

/**
 * The layers of src/ as the README's architecture section draws them: a folder may import only from
 * the folders below it. `functions/` -> `handlers/`, `cli/` -> `pipeline/` -> `alert/`, `store/`,
 * `suppress/` -> `report/` -> `checks/` -> `collect/` -> `model/`, `azure/`, `config`, `errors`,
 * `severity`, `util/`. Checks and reports read only the snapshot's types from `collect/`. Nothing in
 * src/ or functions/ imports the emulator, the scripts or the tests.
 */
function layers() {
  const never = ['**/emulator/**', '**/scripts/**', '**/test/**'];
  /**
   * @param {string[]} files
   * @param {string[]} forbidden
   * @param {string} why
   */
  const rule = (files, forbidden, why) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: never, message: 'src/ and functions/ never import the emulator, scripts or tests.' },
            ...(forbidden.length ? [{ group: forbidden, message: why }] : []),
          ],
        },
      ],
    },
  });
  /** Import patterns for the named folders of src/ (and top-level files of the same name). @param {...string} names */
  const folders = (...names) => names.flatMap((f) => [`**/${f}/**`, `../${f}.js`, `./${f}.js`]);
  const entry = ['handlers', 'cli'];
  const pipeline = [...entry, 'pipeline'];
  const outputs = [...pipeline, 'alert', 'store', 'suppress'];
  const snapshotOnly = ['**/collect/**', '!**/collect/snapshot.js'];
  return [
    rule(
      ['functions/**'],
      [
        ...folders(
          'pipeline',
          'collect',
          'checks',
          'report',
          'alert',
          'store',
          'suppress',
          'cli',
          'model',
          'azure',
          'util',
        ),
        '**/src/*.js',
      ],
      'functions/ is trigger wiring: it imports one handler.',
    ),
    rule(
      ['src/*.ts'],
      // One exception: settings validate ALERT_WEBHOOK_URL with the same rule the sink enforces.
      [...folders(...outputs, 'report', 'checks', 'collect', 'model'), '!**/alert/webhookTarget.js'],
      'src/*.ts are the bottom layer.',
    ),
    rule(
      ['src/azure/**', 'src/util/**', 'src/model/**'],
      folders(...outputs, 'report', 'checks', 'collect', 'config'),
      'azure/, util/ and model/ are the bottom layer.',
    ),
    rule(
      ['src/collect/**'],
      folders(...outputs, 'report', 'checks'),
      'collect/ reads Azure; it knows no check, report or pipeline.',
    ),
    rule(
      ['src/checks/**'],
      [...folders(...outputs, 'report'), ...snapshotOnly, '**/config.js', '**/errors.js'],
      'checks are pure: they read the snapshot types only.',
    ),
    rule(
      ['src/report/**'],
      [...folders(...outputs), ...snapshotOnly],
      'report/ renders; it knows no pipeline, store or alert.',
    ),
    rule(
      ['src/alert/**', 'src/store/**', 'src/suppress/**'],
      [...folders(...pipeline, 'checks', 'collect')],
      'alerts, stores and suppressions sit below the pipeline.',
    ),
    rule(['src/pipeline/**'], folders(...entry), 'the pipeline knows no trigger.'),
    rule(['src/handlers/**'], folders('cli'), 'handlers and the CLI are separate entry points.'),
    rule(['src/cli/**'], folders('handlers'), 'handlers and the CLI are separate entry points.'),
  ];
}
