// npm seedrandom 3.0.5 vectors (integer seeds). Install beside it: npm i seedrandom@3.0.5
// Run: NODE_PATH=<dir>/node_modules node seedrandom_vectors.js
const seedrandom = require('seedrandom');
const gens = [['xor128', 'seedrandom_xor128'], ['xorwow', 'seedrandom_xorwow'],
              ['xorshift7', 'seedrandom_xorshift7'], ['tychei', 'seedrandom_tychei']];
// Seeds as our sweep numbers them: the int32 pattern (2^31 and up: s - 2^32).
const seeds = [0, 1, 42, 12345, 2147483647, 4294967295, 2147483648, 3141592653];
const ranges = [[0, 999], [1, 6], [0, 1023], [10, 99999], [0, 1], [0, 2147483646]];
for (const [name, src] of gens) {
  for (const s of seeds) {
    const js = s >= 2147483648 && name !== 'tychei' ? s - 4294967296 : s;
    let r = seedrandom[name](js);
    const raw = [];
    for (let i = 0; i < 20; i++) raw.push(r.int32() >>> 0);
    console.log(JSON.stringify({source: src, call: `seedrandom.${name}(${js}).int32() >>> 0`, seed: s, reduction: 'raw', min: 0, max: 4294967295, values: raw}));
    for (const [a, b] of ranges) {
      r = seedrandom[name](js);
      const v = [];
      for (let i = 0; i < 20; i++) v.push(a + Math.floor(r() * (b - a + 1)));
      console.log(JSON.stringify({source: src, call: `rng = seedrandom.${name}(${js}); ${a} + Math.floor(rng() * ${b - a + 1})`, seed: s, reduction: 'float', min: a, max: b, values: v}));
    }
  }
}
console.error('# node ' + process.version + ', seedrandom ' + require('seedrandom/package.json').version);
