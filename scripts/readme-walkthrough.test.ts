/**
 * The walkthrough follows the README's quick-start block; this pins what it reads from it. (The
 * walkthrough itself starts `npm start` and the Inspector CLI, about 80 s: `npm run readme-walkthrough`.)
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { quickStartCommands } from './readme-walkthrough';

it("reads the README's quick-start commands without their comments", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(quickStartCommands(readme)).toEqual(['npm install', 'npm start', 'npm test']);
  expect(quickStartCommands('# x\n\n```sh\n# only a comment\nnpm ci   # clean\n```\n')).toEqual(['npm ci']);
});
