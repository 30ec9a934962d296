// Lint: typescript-eslint's recommended rules everywhere; on the add-in, the Office add-in rules
// (load before read, sync before read, no sync in a loop, isNullObject for null tests …).
const tseslint = require('typescript-eslint');
const officeAddins = require('eslint-plugin-office-addins');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/tmp/**', 'test-artifacts/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['addin/**/*.{ts,tsx}'],
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/load-object-before-read': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/call-sync-after-load': 'error',
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/no-empty-load': 'error',
      'office-addins/no-navigational-load': 'error',
      'office-addins/test-for-null-using-isNullObject': 'error',
      'office-addins/no-office-initialize': 'error',
    },
  },
  {
    // What the task pane runs must run in the engines Office uses (Safari 13.1 on older Macs among them).
    files: ['addin/**/*.{ts,tsx}', 'core/**/*.ts'],
    ignores: ['addin/preview/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='at']", message: 'Array.prototype.at is missing from Safari before 15.4: index from the length.' },
        { selector: "MemberExpression[object.name='crypto'][property.name='randomUUID']", message: 'crypto.randomUUID is missing from Safari before 15.4: use newIdempotencyKey().' },
        { selector: "CallExpression[callee.property.name='findLast']", message: 'Array.prototype.findLast is missing from Safari before 15.4.' },
        { selector: 'Literal[regex.pattern=/\\(\\?<[=!]/]', message: 'Regular-expression lookbehind does not parse in Safari before 16.4: the whole pane would fail to load.' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
