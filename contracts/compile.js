// Compiles contracts/src/*.sol with the solc (solcjs) pinned in package.json
// through the standard-JSON interface, and writes <Name>.abi, <Name>.bin and
// <Name>.bin-runtime for every contract defined in src/ into the output directory.
//
//   node compile.js OUT_DIR
//
// Imports of "@openzeppelin/..." are read from node_modules. The settings below
// are part of the build: changing them changes the artifacts.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
  },
};

function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node compile.js OUT_DIR');
    process.exit(2);
  }
  const here = __dirname;
  const srcDir = path.join(here, 'src');
  const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort();
  const sources = {};
  for (const f of files) {
    sources['src/' + f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
  }
  const input = { language: 'Solidity', sources, settings: SETTINGS };

  const findImports = (p) => {
    const candidates = [path.join(here, p), path.join(here, 'node_modules', p)];
    for (const c of candidates) {
      if (fs.existsSync(c)) return { contents: fs.readFileSync(c, 'utf8') };
    }
    return { error: 'import not found: ' + p };
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  let failed = false;
  for (const e of output.errors || []) {
    console.error(e.formattedMessage || e.message);
    if (e.severity === 'error') failed = true;
  }
  if (failed) {
    console.error('solc ' + solc.version() + ': compilation failed');
    process.exit(1);
  }

  fs.mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const src of Object.keys(output.contracts).sort()) {
    if (!src.startsWith('src/')) continue; // libraries pulled in by imports
    for (const name of Object.keys(output.contracts[src]).sort()) {
      const c = output.contracts[src][name];
      const bin = c.evm.bytecode.object;
      if (!bin) continue; // interfaces and abstract contracts
      fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(c.abi) + '\n');
      fs.writeFileSync(path.join(outDir, name + '.bin'), bin + '\n');
      fs.writeFileSync(path.join(outDir, name + '.bin-runtime'), c.evm.deployedBytecode.object + '\n');
      written.push(name);
    }
  }
  console.error('solc ' + solc.version() + ': compiled ' + written.join(', '));
}

main();
