// Guard run before start/test/deploy: the toolchain (wrangler, vitest) needs Node >= 22.
// npm puts node_modules/.bin first on PATH, so the `node` devDependency (Node 24) normally wins;
// when it is missing (e.g. `npm install --ignore-scripts`) we say so instead of failing obscurely.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `This project needs Node >= 22 (found ${process.version}).\n` +
      'It ships Node 24 as the "node" devDependency: run `npm install` (without --ignore-scripts) ' +
      'and use npm scripts (`npm start`, `npm test`) so node_modules/.bin/node comes first on PATH.',
  );
  process.exit(1);
}
